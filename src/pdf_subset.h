/* pdf_subset.h: per-document font subsets that libharu 2.3.0 embeds
 * correctly (internal to the PDF engine). */
#ifndef KAOHE_PDF_SUBSET_H
#define KAOHE_PDF_SUBSET_H

#include "pdf_int.h"
#include "util.h"

/* A subset font file, kept open until the libharu document is freed. */
struct pdf_subset {
	int fd;            /* memfd holding the font; -1 = none */
	char path[48];     /* "/proc/self/fd/N", for HPDF_LoadTTFontFromFile */
	uint32_t *cps;     /* the characters, ascending */
	uint16_t *codes;   /* the 2-byte code drawn for each of cps[] */
	size_t n;
	size_t nglyphs;    /* glyphs in the subset */
	size_t size;       /* bytes of the font file */
};

/* Subsets face to the characters cps, renumbering glyphs, keeping hinting,
 * with a format 4 cmap in which characters above U+FFFF take Private Use
 * Area codes, and the name psname.  Returns 0, or -1 with *err set (caller
 * frees).  pdf_subset_free() in either case. */
int pdf_subset_make(const struct pdf_face *face, const hb_set_t *cps,
    const char *psname, struct pdf_subset *out, char **err);
void pdf_subset_free(struct pdf_subset *s);
/* The code to draw for a character of the subset (0 if absent). */
uint16_t pdf_subset_code(const struct pdf_subset *s, uint32_t cp);
/* Appends a ToUnicode CMap (bfchar) for the subset's codes to out. */
void pdf_subset_tounicode(const struct pdf_subset *s, struct buf *out);

#endif
