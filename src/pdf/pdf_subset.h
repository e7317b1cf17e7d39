/* pdf_subset.h: per-document font subsets that libharu 2.3.0 embeds
 * correctly (internal to the PDF engine). */
#ifndef KAOHE_PDF_SUBSET_H
#define KAOHE_PDF_SUBSET_H

#include "pdf/pdf_int.h"
#include "util.h"

/* A subset font file.  Each glyph is drawn with its subset glyph id as
 * its code (CIDToGIDMap /Identity), whatever plane its character is in:
 * libharu 2.3.0 never parses or rebuilds the file (its glyph rebuild is
 * where the blank-glyph and random-failure defects live), and nothing it
 * would turn into a space (defect 4) is ever drawn. */
struct pdf_subset {
	char *data;        /* the TrueType file (malloc'd) */
	size_t size;       /* its bytes */
	uint32_t *cps;     /* the characters, ascending */
	uint16_t *gids;    /* glyph (= code drawn) of cps[i] */
	size_t n;
	struct pdf_glyph {
		uint16_t gid;      /* = the code */
		uint16_t width;    /* advance, 1/1000 em truncated */
		uint32_t cp;       /* its (lowest) character */
	} *glyphs;         /* the drawn glyphs, by gid, each once */
	size_t nglyphs_drawn;
	size_t nglyphs;    /* glyphs in the subset (components included) */
	int bbox[4];       /* head's box, 1/1000 em */
	char tag[7];       /* subset tag: six capitals from the file's hash */
};

/* Subsets face to the characters cps, renumbering glyphs, keeping hinting,
 * and keeping only the tables a PDF viewer reads from an embedded
 * CIDFontType2 font (glyf, loca, head, hhea, hmtx, maxp and the hinting
 * tables).  Returns 0, or -1 with *err set (caller frees).
 * pdf_subset_free() in either case. */
int pdf_subset_make(const struct pdf_face *face, const hb_set_t *cps,
    struct pdf_subset *out, char **err);
void pdf_subset_free(struct pdf_subset *s);
/* The code to draw for a character of the subset (0 if absent). */
uint16_t pdf_subset_code(const struct pdf_subset *s, uint32_t cp);
/* Appends a ToUnicode CMap for the subset's codes to out. */
void pdf_subset_tounicode(const struct pdf_subset *s, struct buf *out);

#endif
