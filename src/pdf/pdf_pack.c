/* pdf_pack.c: the file libharu writes, packed (see pdf_pack.h).
 *
 * libharu writes every object at the top level, each stream with an
 * indirect /Length object after it, and a cross-reference table of 20
 * bytes an object.  A report of 1,200 pages spends a tenth of its bytes
 * there.  Here the dictionaries go into object streams (ISO 32000-1
 * 7.5.7), deflated together, the streams get their lengths directly, and a
 * cross-reference stream (7.5.8) with the PNG Up predictor replaces the
 * table.  The streams' data are copied as they are. */
#include "pdf/pdf_pack.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Objects to an object stream: enough for deflate to see the likeness of
 * page dictionaries, few enough for a reader to find one quickly. */
#define PACK_PER_STREAM 200

struct obj {
	size_t at;           /* offset of "N 0 obj" in the input, 0 = free */
	size_t body, end;    /* the object's value [body, end) */
	size_t data, len;    /* a stream's data, when stream */
	size_t lenref;       /* a stream's /Length object */
	size_t lenat, lenend; /* where " N 0 R" of /Length is in the dict */
	int stream;
	int is_length;       /* the /Length of another stream: dropped */
	size_t where;        /* output: offset, or object stream number */
	size_t index;        /* output: index in its object stream */
	int packed;
};

static const char *
find(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle));
}

/* An unsigned decimal at *p (advancing it); -1 when there is none. */
static long long
num_at(const char **p, const char *end)
{
	long long v = 0;
	int any = 0;

	while (*p < end && **p >= '0' && **p <= '9' && v < (1LL << 40)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		any = 1;
	}
	return any ? v : -1;
}

static void
skip_ws(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\r' || **p == '\n'))
		(*p)++;
}

/* The object number of a reference "N 0 R" after key in the trailer
 * [t, end); -1 when missing. */
static long long
trailer_ref(const char *t, const char *end, const char *key)
{
	const char *p = find(t, (size_t)(end - t), key);

	if (p == NULL)
		return -1;
	p += strlen(key);
	skip_ws(&p, end);
	return num_at(&p, end);
}

/* Deflates data into out (appended), at zlib's best; 0 or -1. */
static int
deflate_to(const unsigned char *data, size_t len, struct buf *out)
{
	uLongf n = compressBound((uLong)len);
	char *z = xmalloc((size_t)n + 1);
	int rc = compress2((Bytef *)z, &n, data, (uLong)len,
	    Z_BEST_COMPRESSION) == Z_OK ? 0 : -1;

	if (rc == 0)
		buf_add(out, z, (size_t)n);
	free(z);
	return rc;
}

/* Reads the input's objects from its cross-reference table. */
static int
read_objects(const char *in, size_t len, struct obj **objs, size_t *nobj,
    long long *root, long long *info)
{
	const char *end = in + len, *p, *sx = NULL, *q;
	long long xref, first, count, k;
	struct obj *o = NULL;
	size_t n = 0, i;

	/* startxref: the last one */
	for (q = in; (q = find(q, (size_t)(end - q), "startxref")) != NULL;
	    q++)
		sx = q;
	if (sx == NULL)
		return -1;
	p = sx + 9;
	skip_ws(&p, end);
	if ((xref = num_at(&p, end)) < 0 || (size_t)xref + 4 > len ||
	    memcmp(in + xref, "xref", 4) != 0)
		return -1;
	p = in + xref + 4;
	for (;;) {
		skip_ws(&p, end);
		if (p >= end || *p < '0' || *p > '9')
			break;
		first = num_at(&p, end);
		skip_ws(&p, end);
		count = num_at(&p, end);
		if (first < 0 || count < 0 || count > (1 << 22) ||
		    first > (1 << 22))
			goto bad;
		skip_ws(&p, end);
		if ((size_t)(first + count) > n) {
			o = xrealloc(o, (size_t)(first + count) * sizeof *o);
			memset(o + n, 0, ((size_t)(first + count) - n) *
			    sizeof *o);
			n = (size_t)(first + count);
		}
		for (k = 0; k < count; k++) {
			long long off;

			if (end - p < 20)
				goto bad;
			q = p;
			off = num_at(&q, end);
			if (p[17] == 'n' && first + k > 0) {
				if (off <= 0 || (size_t)off >= len)
					goto bad;
				o[first + k].at = (size_t)off;
			}
			p += 20;
		}
	}
	if (p + 7 > end || memcmp(p, "trailer", 7) != 0)
		goto bad;
	*root = trailer_ref(p, end, "/Root");
	*info = trailer_ref(p, end, "/Info");
	if (*root <= 0 || (size_t)*root >= n || o[*root].at == 0)
		goto bad;

	/* Each object's value; streams' data by their /Length objects. */
	for (i = 1; i < n; i++) {
		struct obj *b = &o[i];
		const char *s, *e;
		char head[32];
		int hl;

		if (b->at == 0)
			continue;
		hl = snprintf(head, sizeof head, "%zu 0 obj\n", i);
		if (len - b->at < (size_t)hl ||
		    memcmp(in + b->at, head, (size_t)hl) != 0)
			goto bad;
		b->body = b->at + (size_t)hl;
		s = in + b->body;
		if (end - s > 14 && memcmp(s, "<<\n/Length ", 11) == 0) {
			const char *r = s + 11;
			long long ref = num_at(&r, end);

			if (ref <= 0 || end - r < 4 || memcmp(r, " 0 R", 4) != 0)
				goto bad;
			b->lenat = (size_t)(s + 10 - in);
			b->lenend = (size_t)(r + 4 - in);
			b->lenref = (size_t)ref;
			e = find(s, (size_t)(end - s), ">>\nstream\r\n");
			if (e == NULL)
				goto bad;
			b->end = (size_t)(e + 2 - in);
			b->data = (size_t)(e + 11 - in);
			b->stream = 1;
		} else {
			e = find(s, (size_t)(end - s), "\nendobj\n");
			if (e == NULL)
				goto bad;
			b->end = (size_t)(e - in);
		}
	}
	for (i = 1; i < n; i++) {
		struct obj *b = &o[i], *l;
		const char *r;
		long long v;

		if (b->at == 0 || !b->stream)
			continue;
		if (b->lenref >= n || o[b->lenref].at == 0 ||
		    o[b->lenref].stream)
			goto bad;
		l = &o[b->lenref];
		r = in + l->body;
		if ((v = num_at(&r, in + l->end)) < 0 || r != in + l->end ||
		    (size_t)v > len - b->data ||
		    len - b->data - (size_t)v < 10 ||
		    memcmp(in + b->data + v, "\nendstream", 10) != 0)
			goto bad;
		b->len = (size_t)v;
		l->is_length = 1;
	}
	*objs = o;
	*nobj = n;
	return 0;
bad:
	free(o);
	return -1;
}

static void
put_field(unsigned char *row, size_t v, int w)
{
	int i;

	for (i = w - 1; i >= 0; i--) {
		row[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

/* Appends the object text [s, e) with each reference "N 0 R" to an input
 * object renumbered by num[] (strings are copied as they are). */
static void
put_renumbered(struct buf *out, const char *s, const char *e,
    const size_t *num, size_t n)
{
	const char *p = s, *copied = s;

	while (p < e) {
		if (*p == '(') {            /* a literal string */
			int depth = 0;

			for (; p < e; p++) {
				if (*p == '\\' && p + 1 < e) {
					p++;
					continue;
				}
				if (*p == '(')
					depth++;
				else if (*p == ')' && --depth == 0)
					break;
			}
			if (p < e)
				p++;
		} else if (*p == '<' && p + 1 < e && p[1] == '<') {
			p += 2;                      /* a dictionary */
		} else if (*p == '<') {
			while (p < e && *p != '>')   /* a hex string */
				p++;
			if (p < e)
				p++;
		} else if (*p >= '0' && *p <= '9' && (p == s ||
		    !((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.' ||
		    p[-1] == '-' || p[-1] == '+'))) {
			const char *q = p;
			long long v = num_at(&q, e);

			if (v > 0 && (size_t)v < n && e - q >= 4 &&
			    memcmp(q, " 0 R", 4) == 0 && num[v] != 0) {
				buf_add(out, copied, (size_t)(p - copied));
				buf_printf(out, "%zu", num[v]);
				copied = q;
			}
			p = q;
		} else {
			p++;
		}
	}
	if (copied < e)
		buf_add(out, copied, (size_t)(e - copied));
}

int
pdf_pack(const char *in, size_t len, struct buf *out)
{
	struct obj *o = NULL;
	size_t n = 0, i, k, nstream = 0, npacked = 0, nstm, next, xnum, xat;
	size_t w2, row, *num = NULL, *stm_at = NULL;
	long long root, info;
	struct buf hdr = {0}, body = {0}, z = {0};
	unsigned char *rows = NULL, *pred = NULL;
	int rc = -1;

	out->len = 0;
	if (read_objects(in, len, &o, &n, &root, &info) != 0)
		return -1;

	/* New numbers, without the dropped /Length objects: the streams
	 * first, then the others, then their object streams and the
	 * cross-reference stream, so that the cross-reference rows of each
	 * kind come together. */
	num = xcalloc(n + 1, sizeof *num);
	next = 1;
	for (i = 1; i < n; i++)
		if (o[i].at != 0 && o[i].stream) {
			num[i] = next++;
			nstream++;
		}
	for (i = 1; i < n; i++)
		if (o[i].at != 0 && !o[i].stream && !o[i].is_length) {
			num[i] = next++;
			npacked++;
		}
	nstm = (npacked + PACK_PER_STREAM - 1) / PACK_PER_STREAM;
	xnum = next + nstm;
	rows = xcalloc(xnum + 1, 1 + 8 + 2);
	stm_at = xcalloc(nstm + 1, sizeof *stm_at);

	buf_add(out, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15);
	/* The streams, with their lengths. */
	for (i = 1; i < n; i++) {
		struct obj *b = &o[i];

		if (b->at == 0 || !b->stream)
			continue;
		b->where = out->len;
		buf_printf(out, "%zu 0 obj\n", num[i]);
		put_renumbered(out, in + b->body, in + b->lenat, num, n);
		buf_printf(out, " %zu", b->len);
		put_renumbered(out, in + b->lenend, in + b->end, num, n);
		buf_adds(out, "\nstream\r\n");
		buf_add(out, in + b->data, b->len);
		buf_adds(out, "\nendstream\nendobj\n");
	}
	/* The others, PACK_PER_STREAM to an object stream. */
	for (i = 1, k = 0; k < nstm; k++) {
		size_t cnt = 0;

		hdr.len = 0;
		body.len = 0;
		for (; i < n && cnt < PACK_PER_STREAM; i++) {
			struct obj *b = &o[i];

			if (b->at == 0 || b->stream || b->is_length)
				continue;
			buf_printf(&hdr, "%s%zu %zu", cnt ? " " : "", num[i],
			    body.len);
			put_renumbered(&body, in + b->body, in + b->end, num, n);
			buf_addc(&body, '\n');
			b->where = next + k;
			b->index = cnt++;
		}
		buf_addc(&hdr, '\n');
		buf_add(&hdr, body.s, body.len);
		z.len = 0;
		if (deflate_to((const unsigned char *)hdr.s, hdr.len, &z) != 0)
			goto out;
		stm_at[k] = out->len;
		buf_printf(out, "%zu 0 obj\n<<\n/Type /ObjStm\n/N %zu\n/First %zu"
		    "\n/Filter /FlateDecode\n/Length %zu\n>>\nstream\r\n",
		    next + k, cnt, hdr.len - body.len, z.len);
		buf_add(out, z.s, z.len);
		buf_adds(out, "\nendstream\nendobj\n");
	}

	/* The cross-reference stream: type, offset or object stream,
	 * generation or index; rows PNG-Up predicted, then deflated. */
	xat = out->len;
	for (w2 = 1; w2 < 8 && (xat >> (8 * w2)) != 0; w2++)
		;
	row = 1 + w2 + 2;
	put_field(rows + 1 + w2, 65535, 2);     /* object 0: free */
	for (i = 1; i < n; i++) {
		unsigned char *r = rows + num[i] * row;

		if (num[i] == 0)
			continue;
		r[0] = o[i].stream ? 1 : 2;
		put_field(r + 1, o[i].where, (int)w2);
		if (!o[i].stream)
			put_field(r + 1 + w2, o[i].index, 2);
	}
	for (k = 0; k < nstm; k++) {
		rows[(next + k) * row] = 1;
		put_field(rows + (next + k) * row + 1, stm_at[k], (int)w2);
	}
	rows[xnum * row] = 1;
	put_field(rows + xnum * row + 1, xat, (int)w2);
	pred = xcalloc(xnum + 1, row + 1);
	for (i = 0; i <= xnum; i++) {
		unsigned char *p = pred + i * (row + 1);

		p[0] = 2; /* Up */
		for (k = 0; k < row; k++)
			p[1 + k] = (unsigned char)(rows[i * row + k] -
			    (i ? rows[(i - 1) * row + k] : 0));
	}
	z.len = 0;
	if (deflate_to(pred, (xnum + 1) * (row + 1), &z) != 0)
		goto out;
	buf_printf(out, "%zu 0 obj\n<<\n/Type /XRef\n/Size %zu\n/W [ 1 %zu 2 ]"
	    "\n/Root %zu 0 R\n", xnum, xnum + 1, w2, num[root]);
	if (info > 0 && (size_t)info < n && num[info] != 0)
		buf_printf(out, "/Info %zu 0 R\n", num[info]);
	buf_printf(out, "%s\n/Filter /FlateDecode\n/DecodeParms << /Columns "
	    "%zu /Predictor 12 >>\n/Length %zu\n>>\nstream\r\n", PDF_PACK_ID,
	    row, z.len);
	buf_add(out, z.s, z.len);
	buf_printf(out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xat);
	rc = 0;
out:
	free(o);
	free(num);
	free(rows);
	free(pred);
	free(stm_at);
	buf_free(&hdr);
	buf_free(&body);
	buf_free(&z);
	return rc;
}
