/* pdf_pdfa.h: what makes every kaohe PDF a PDF/A-2u file (ISO 19005-2,
 * level U): XMP metadata matching the Info dictionary, an sRGB output
 * intent, a trailer /ID and the XMP document ID from the content
 * (internal to the PDF engine). */
#ifndef KAOHE_PDF_PDFA_H
#define KAOHE_PDF_PDFA_H

#include <stddef.h>
#include <time.h>

#include "util.h"

/* The ICC profile of the output intent (Debian package icc-profiles-free). */
#define PDF_SRGB_ICC "/usr/share/color/icc/sRGB.icc"

/* The document's metadata, as written to Info and XMP (UTF-8). */
struct pdf_meta {
	const char *title, *author, *subject, *keywords; /* or NULL */
	const char *creator;
	const char *producer;
	time_t date;            /* creation = modification */
};

/* The time of a document: SOURCE_DATE_EPOCH when set, else now. */
time_t pdf_doc_time(void);
/* "D:YYYYMMDDHHmmSSZ" (PDF date) and "YYYY-MM-DDTHH:mm:SSZ" (XMP). */
void pdf_date_pdf(time_t t, char out[32]);
void pdf_date_xmp(time_t t, char out[32]);
/* Appends the XMP packet of m to out.  Its document and instance IDs are
 * PDF_ID_HOLE until pdf_fix_ids() fills them. */
void pdf_xmp(const struct pdf_meta *m, struct buf *out);
#define PDF_ID_HOLE "uuid:00000000-0000-0000-0000-000000000000"
/* The sRGB profile's bytes (read once per process), or NULL after
 * setting *err (caller frees) when it cannot be read. */
const char *pdf_srgb_icc(size_t *len, char **err);
/* Puts a hash of the file (with the IDs zeroed) into the trailer's /ID
 * (two strings of 32 zero hex digits in data) and the XMP IDs. */
void pdf_fix_ids(char *data, size_t len);

#endif
