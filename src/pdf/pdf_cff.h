/* pdf_cff.h: what the PDF writer needs to know of a CFF font program
 * (internal to the PDF engine). */
#ifndef KAOHE_PDF_CFF_H
#define KAOHE_PDF_CFF_H

#include <stddef.h>
#include <stdint.h>

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

#endif
