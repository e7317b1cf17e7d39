/* pdf_pack.h: the file libharu wrote, rewritten smaller (internal to the
 * PDF engine): dictionaries in deflated object streams, streams with
 * direct lengths, a cross-reference stream; PDF 1.7, as PDF/A-2 allows. */
#ifndef KAOHE_PDF_PACK_H
#define KAOHE_PDF_PACK_H

#include <stddef.h>

#include "util.h"

/* The trailer's /ID as written, for pdf_fix_ids() to fill. */
#define PDF_PACK_ID "/ID [ <00000000000000000000000000000000> " \
	"<00000000000000000000000000000000> ]"

/* Writes the packed form of the PDF in[0..len) (as libharu writes it:
 * one cross-reference table, streams with indirect /Length) to out,
 * replacing what out held; the trailer's /ID is PDF_PACK_ID.  Returns 0,
 * or -1 when the input is not such a file. */
int pdf_pack(const char *in, size_t len, struct buf *out);

#endif
