/* pdf_subset.h: per-document font subsets that libharu 2.3.0 embeds
 * correctly (internal to the PDF engine). */
#ifndef KAOHE_PDF_SUBSET_H
#define KAOHE_PDF_SUBSET_H

#include "pdf/pdf_int.h"
#include "util.h"

/* A subset font program, TrueType (a file of the glyf tables, embedded
 * as FontFile2 of a CIDFontType2) or CFF (the bare CFF table, embedded as
 * FontFile3 /CIDFontType0C of a CIDFontType0).  Each glyph is drawn with
 * its code: for TrueType its subset glyph id (CIDToGIDMap /Identity), for
 * a CID-keyed CFF its CID in the subset's charset, which keeps the CIDs of
 * the original font (so the same character has the same code in every
 * subset of a face).  W and ToUnicode are by code too. */
struct pdf_subset {
	char *data;        /* the font program (malloc'd) */
	size_t size;       /* its bytes */
	bool cff;          /* CFF: CIDFontType0; else TrueType */
	char registry[32]; /* the CFF's ROS (CIDSystemInfo), or */
	char ordering[32]; /* Adobe-Identity-0 */
	int supplement;
	uint32_t *cps;     /* the characters, ascending */
	uint16_t *codes;   /* code drawn for cps[i] */
	size_t n;
	struct pdf_glyph {
		uint16_t code;     /* the code drawn */
		uint16_t width;    /* advance, 1/1000 em truncated */
		uint32_t cp;       /* its (lowest) character */
	} *glyphs;         /* the drawn glyphs, by code, each once */
	size_t nglyphs_drawn;
	size_t nglyphs;    /* glyphs in the subset (components included) */
	int bbox[4];       /* head's box, 1/1000 em */
	char tag[7];       /* subset tag: six capitals from the file's hash */
};

/* Subsets face to the glyphs of the characters cps (their zh-Hans forms,
 * pdf_face_glyph()), renumbering glyphs.  A TrueType subset keeps its
 * hinting and only the tables a PDF viewer reads from an embedded
 * CIDFontType2 font (glyf, loca, head, hhea, hmtx, maxp and the hinting
 * tables); a CFF subset is the CFF table without hints, subroutines
 * flattened (smaller once deflated).  Returns 0, or -1 with *err set
 * (caller frees).  pdf_subset_free() in either case. */
int pdf_subset_make(const struct pdf_face *face, const hb_set_t *cps,
    struct pdf_subset *out, char **err);
void pdf_subset_free(struct pdf_subset *s);
/* The code to draw for a character of the subset (0 if absent). */
uint16_t pdf_subset_code(const struct pdf_subset *s, uint32_t cp);
/* Appends a ToUnicode CMap for the subset's codes to out. */
void pdf_subset_tounicode(const struct pdf_subset *s, struct buf *out);

#endif
