/* pdf_cff.h: what the PDF writer needs to know of a CFF font program
 * (internal to the PDF engine). */
#ifndef KAOHE_PDF_CFF_H
#define KAOHE_PDF_CFF_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* A CFF font program's glyph naming: CID-keyed fonts name each glyph by a
 * CID through the charset, which the PDF draws it by (ISO 32000 9.7.4.2);
 * a name-keyed font is drawn by glyph index. */
struct pdf_cff {
	int cid_keyed;          /* has ROS */
	char registry[32];      /* ROS, when cid_keyed */
	char ordering[32];
	int supplement;
	size_t nglyphs;         /* CharStrings count */
	uint16_t *cid;          /* [nglyphs]: the CID of each glyph (malloc'd);
	                           the glyph index when not cid_keyed */
};

/* Reads the first font of the CFF data.  Returns 0, or -1 when the data
 * is not a CFF font kaohe can read.  pdf_cff_free() either way. */
int pdf_cff_read(const unsigned char *data, size_t len, struct pdf_cff *out);
void pdf_cff_free(struct pdf_cff *c);

/* A CID-keyed CFF font read once for subsetting (read-only, may be shared
 * by threads).  Subsets are made here rather than by HarfBuzz, whose CFF
 * subsetter costs 6-13 ms a document on a 65,000-glyph Noto CJK face (and
 * 2 s to prepare a face): the glyphs' charstrings are copied with their
 * subroutines inlined (and, optionally, hints dropped), so the subset needs
 * no subroutines, the FDArray keeps only the Font DICTs used. */
struct pdf_cff_font;

/* Reads data (kept by the caller while the result lives); NULL when it is
 * not a CID-keyed CFF font kaohe can subset. */
struct pdf_cff_font *pdf_cff_open(const unsigned char *data, size_t len);
void pdf_cff_close(struct pdf_cff_font *f);
/* Glyphs in the font; the CID of glyph gid (0 if out of range). */
size_t pdf_cff_nglyphs(const struct pdf_cff_font *f);
uint16_t pdf_cff_cid(const struct pdf_cff_font *f, unsigned gid);
/* The ROS of the font. */
const char *pdf_cff_registry(const struct pdf_cff_font *f);
const char *pdf_cff_ordering(const struct pdf_cff_font *f);
int pdf_cff_supplement(const struct pdf_cff_font *f);
/* Appends to out a CID-keyed CFF font named name holding .notdef and the
 * glyphs gids[0..n) (ascending by CID, no duplicates, no 0), each keeping
 * its CID; hints are kept or dropped.  Returns 0, or -1 on a charstring
 * kaohe cannot read. */
int pdf_cff_subset(const struct pdf_cff_font *f, const char *name,
    const unsigned *gids, size_t n, int hints, struct buf *out);

#endif
