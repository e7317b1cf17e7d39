/* pdf_int.h: what the PDF engine's files share and renderers do not see. */
#ifndef KAOHE_PDF_INT_H
#define KAOHE_PDF_INT_H

#include <hb.h>

#include "pdf/pdf.h"
#include "pdf/pdf_cff.h"

/* One font file (and face index), opened once per run, read-only after. */
struct pdf_face {
	char *path;        /* the file */
	unsigned index;    /* face index in a collection */
	char *psname;      /* PostScript name, [A-Za-z0-9-] only */
	hb_face_t *face;
	hb_font_t *font;   /* scale = units per em */
	hb_map_t *locl;    /* character: glyph, where the font's mainland
	                      Chinese (zh-Hans) locl forms differ from cmap */
	bool cff;          /* CFF outlines (else TrueType glyf) */
	hb_blob_t *cffblob;            /* its CFF table, and that read for */
	struct pdf_cff_font *cffsub;   /* kaohe's subsetter (CID-keyed), or
	                                  NULL: HarfBuzz subsets the face */
	unsigned upem;     /* font units per em */
	int ascent;        /* the em box (OS/2 typo), else hhea ascender, */
	int descent;       /* and descender, 1/1000 em (pdf_font.c) */
};

#define PDF_MAX_CHAIN 8 /* role font + fallback fonts */

struct pdf_fonts {
	uint64_t serial;         /* distinct for every pdf_fonts_open() */
	struct pdf_face *faces;  /* distinct files */
	size_t nfaces;
	/* chain[role]: face indexes tried in order for a character */
	size_t chain[FONT_NROLES][PDF_MAX_CHAIN];
	size_t nchain[FONT_NROLES];
	char *spec[FONT_NROLES]; /* the font asked for (name or file) */
};

/* The face of the role's chain that has cp, or -1. */
int pdf_fonts_face_for(const struct pdf_fonts *f, enum font_role role,
    uint32_t cp);
/* The glyph that draws cp in face: its zh-Hans locl form when it has one,
 * else the cmap's (0 when the face lacks cp). */
hb_codepoint_t pdf_face_glyph(const struct pdf_face *face, uint32_t cp);
/* Advance of cp in face, in 1/1000 em truncated, as libharu's W array
 * gives it to viewers. */
int pdf_face_advance(const struct pdf_face *face, uint32_t cp);

#endif
