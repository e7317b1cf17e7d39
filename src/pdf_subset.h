/* pdf_subset.h: per-document font subsets that libharu 2.3.0 embeds
 * correctly (internal to the PDF engine). */
#ifndef KAOHE_PDF_SUBSET_H
#define KAOHE_PDF_SUBSET_H

#include "pdf_int.h"
#include "util.h"

/* A subset font file for one document.  The characters are drawn with
 * codes 1..n in the order of cps[] (code i + 1 for cps[i]), whatever plane
 * they are in: libharu 2.3.0 then looks every code up in a one-segment
 * cmap, and nothing it turns into a space (defect 4) is ever drawn. */
struct pdf_subset {
	char *data;        /* the TrueType file (malloc'd) */
	size_t size;       /* its bytes */
	uint32_t *cps;     /* the characters, ascending */
	uint16_t *gids;    /* glyph of code i + 1 in the subset */
	uint16_t *widths;  /* advance of code i + 1, 1/1000 em truncated */
	size_t n;
	size_t nglyphs;    /* glyphs in the subset */
	char tag[7];       /* subset tag: six capitals from the file's hash */
};

/* Subsets face to the characters cps, renumbering glyphs, keeping hinting,
 * with the cmap described above and the name psname.  Returns 0, or -1
 * with *err set (caller frees).  pdf_subset_free() in either case. */
int pdf_subset_make(const struct pdf_face *face, const hb_set_t *cps,
    const char *psname, struct pdf_subset *out, char **err);
void pdf_subset_free(struct pdf_subset *s);
/* The code to draw for a character of the subset (0 if absent). */
uint16_t pdf_subset_code(const struct pdf_subset *s, uint32_t cp);
/* Appends a ToUnicode CMap for the subset's codes to out. */
void pdf_subset_tounicode(const struct pdf_subset *s, struct buf *out);

#endif
