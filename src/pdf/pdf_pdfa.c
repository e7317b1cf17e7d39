/* pdf_pdfa.c: XMP metadata, the sRGB output intent's profile, dates and
 * the content-derived IDs of PDF/A-2u files. */
#include "pdf/pdf_pdfa.h"
#include "pdf/pdf_pack.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

time_t
pdf_doc_time(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	char *end;

	if (sde != NULL && *sde != '\0') {
		long long v = strtoll(sde, &end, 10);

		if (*end == '\0' && v >= 0)
			t = (time_t)v;
	}
	return t;
}

void
pdf_date_pdf(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 32, "D:%04u%02u%02u%02u%02u%02uZ",
	    (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
	    (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
	    (unsigned)tm.tm_sec % 100u);
}

void
pdf_date_xmp(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ",
	    (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
	    (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
	    (unsigned)tm.tm_sec % 100u);
}

/* s as XML character data: markup characters escaped, characters XML
 * does not allow left out. */
static void
xml_text(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			buf_adds(out, "&amp;");
		else if (c == '<')
			buf_adds(out, "&lt;");
		else if (c == '>')
			buf_adds(out, "&gt;");
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			continue;
		else
			buf_addc(out, (char)c);
	}
}

static void
xmp_alt(struct buf *out, const char *tag, const char *v)
{
	buf_printf(out, "<%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
	xml_text(out, v);
	buf_printf(out, "</rdf:li></rdf:Alt></%s>\n", tag);
}

static void
xmp_simple(struct buf *out, const char *tag, const char *v)
{
	buf_printf(out, "<%s>", tag);
	xml_text(out, v);
	buf_printf(out, "</%s>\n", tag);
}

void
pdf_xmp(const struct pdf_meta *m, struct buf *out)
{
	char date[32];

	pdf_date_xmp(m->date, date);
	buf_adds(out, "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "<rdf:Description rdf:about=\"\"\n"
	    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    " xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n"
	    "<pdfaid:part>2</pdfaid:part>\n"
	    "<pdfaid:conformance>U</pdfaid:conformance>\n"
	    "<dc:format>application/pdf</dc:format>\n");
	if (m->title != NULL)
		xmp_alt(out, "dc:title", m->title);
	if (m->author != NULL) {
		buf_adds(out, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(out, m->author);
		buf_adds(out, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (m->subject != NULL)
		xmp_alt(out, "dc:description", m->subject);
	if (m->keywords != NULL)
		xmp_simple(out, "pdf:Keywords", m->keywords);
	xmp_simple(out, "pdf:Producer", m->producer);
	xmp_simple(out, "xmp:CreatorTool", m->creator);
	xmp_simple(out, "xmp:CreateDate", date);
	xmp_simple(out, "xmp:ModifyDate", date);
	xmp_simple(out, "xmp:MetadataDate", date);
	xmp_simple(out, "xmpMM:DocumentID", PDF_ID_HOLE);
	xmp_simple(out, "xmpMM:InstanceID", PDF_ID_HOLE);
	buf_adds(out, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
	    "<?xpacket end=\"r\"?>");
}

static pthread_once_t icc_once = PTHREAD_ONCE_INIT;
static char *icc_data;
static size_t icc_len;
static int icc_errno;

static void
icc_load(void)
{
	icc_errno = file_read(PDF_SRGB_ICC, &icc_data, &icc_len);
	if (icc_errno == 0 && (icc_len < 132 ||
	    memcmp(icc_data + 36, "acsp", 4) != 0 ||
	    memcmp(icc_data + 16, "RGB ", 4) != 0)) {
		free(icc_data);
		icc_data = NULL;
		icc_errno = EINVAL;
	}
}

const char *
pdf_srgb_icc(size_t *len, char **err)
{
	pthread_once(&icc_once, icc_load);
	if (icc_data == NULL) {
		*err = xasprintf("cannot read the sRGB profile %s of the "
		    "output intent (Debian package icc-profiles-free): %s",
		    PDF_SRGB_ICC, strerror(icc_errno));
		return NULL;
	}
	*len = icc_len;
	return icc_data;
}

/* A 128-bit FNV-style hash of data, as 32 hex digits. */
static void
content_id(const char *data, size_t len, char out[33])
{
	uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
	size_t i;

	for (i = 0; i < len; i++) {
		h[0] = (h[0] ^ (unsigned char)data[i]) * 0x100000001b3ULL;
		h[1] = (h[1] ^ (unsigned char)data[i]) * 0x1000193ULL +
		    (h[0] >> 29);
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h[0],
	    (unsigned long long)h[1]);
}

void
pdf_fix_ids(char *data, size_t len)
{
	char id[33], uuid[37], *p, *ids[2] = {NULL, NULL}, *holes[2] = {NULL,
	    NULL};
	size_t k, hl = strlen(PDF_ID_HOLE);

	/* The trailer's /ID (pdf_pack()'s), the last one in the file. */
	for (p = data; (p = memmem(p, (size_t)(data + len - p), PDF_PACK_ID,
	    strlen(PDF_PACK_ID))) != NULL; p++) {
		ids[0] = p + 7;          /* after "/ID [ <" */
		ids[1] = p + 7 + 32 + 3; /* after "> <" */
	}
	/* The XMP's IDs. */
	for (p = data, k = 0; k < 2 && p != NULL; k++) {
		p = memmem(p, (size_t)(data + len - p), PDF_ID_HOLE, hl);
		if (p != NULL) {
			holes[k] = p + 5;
			p += hl;
		}
	}
	content_id(data, len, id);
	snprintf(uuid, sizeof uuid, "%.8s-%.4s-%.4s-%.4s-%.12s", id, id + 8,
	    id + 12, id + 16, id + 20);
	for (k = 0; k < 2; k++) {
		if (ids[k] != NULL)
			memcpy(ids[k], id, 32);
		if (holes[k] != NULL)
			memcpy(holes[k], uuid, 36);
	}
}
