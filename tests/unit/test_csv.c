/* test_csv.c: unit tests of csv_read (SPEC sections 2 and 7): encoding
 * detection and conversion, RFC 4180 shape, physical line numbers, line
 * ends across the 64 KB read chunk, trimming, the delimiter, long fields
 * and the faults reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <iconv.h>
#include <unistd.h>

#include <cmocka.h>

#include "ingest/csv_read.h"
#include "diag.h"
#include "util.h"

#define LIT(s) s, sizeof(s) - 1 /* a literal and its length */
#define CHUNK 65536 /* csv_read.c's read size: line ends must survive it */

/* The rows csv_read passed, as text: "LINE:f1|f2|...\n" per row. */
struct rows {
	struct buf text;
	size_t n;
	size_t maxfield; /* length of the longest field */
};

static void
collect(void *ctx, unsigned line, size_t nfields, char **fields)
{
	struct rows *r = ctx;
	size_t i;

	buf_printf(&r->text, "%u:", line);
	for (i = 0; i < nfields; i++) {
		size_t n = strlen(fields[i]);

		if (i)
			buf_addc(&r->text, '|');
		buf_add(&r->text, fields[i], n);
		if (n > r->maxfield)
			r->maxfield = n;
	}
	buf_addc(&r->text, '\n');
	r->n++;
}

/* Reads data with csv_read_mem; returns the result, rows in *out and the
 * diagnostics (flushed) in *diags (static until the next call). */
static enum csv_result
read_enc(const char *data, size_t len, const char *enc, struct rows *out,
    const char **diags)
{
	enum csv_result res;

	memset(out, 0, sizeof *out);
	diag_reset();
	diag_capture(true);
	res = csv_read_mem(data, len, "t.csv", enc, collect, out);
	diag_flush();
	*diags = diag_captured();
	if (out->text.s == NULL)
		buf_adds(&out->text, "");
	return res;
}

/* Reads s (a C string), expects success and no messages, and compares the
 * rows with want. */
static void
expect_rows_enc(const char *data, size_t len, const char *enc,
    const char *want)
{
	struct rows r;
	const char *d;
	enum csv_result res = read_enc(data, len, enc, &r, &d);

	if (res != CSV_READ_OK || *d)
		fail_msg("csv_read_mem gave %d with messages:\n%s", res, d);
	if (strcmp(r.text.s, want) != 0)
		fail_msg("rows:\n%s\nwant:\n%s", r.text.s, want);
	buf_free(&r.text);
}

static void
expect_rows(const char *s, const char *want)
{
	expect_rows_enc(s, strlen(s), NULL, want);
}

/* Expects a failure whose messages contain every one of the NULL-ended
 * strings that follow. */
static void
expect_fault(const char *data, size_t len, const char *enc, ...)
{
	struct rows r;
	const char *d, *want;
	enum csv_result res = read_enc(data, len, enc, &r, &d);
	va_list ap;

	if (res != CSV_READ_FAILED)
		fail_msg("csv_read_mem gave %d, not CSV_READ_FAILED; rows:\n%s",
		    res, r.text.s);
	if (diag_count(DIAG_ERROR) != 1)
		fail_msg("%u errors, want 1:\n%s", diag_count(DIAG_ERROR), d);
	va_start(ap, enc);
	while ((want = va_arg(ap, const char *)) != NULL)
		if (strstr(d, want) == NULL)
			fail_msg("message lacks \"%s\":\n%s", want, d);
	va_end(ap);
	buf_free(&r.text);
}

/* utf8 converted to another encoding with iconv; caller frees. */
static char *
to_enc(const char *utf8, const char *enc, size_t *len)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	size_t inleft = strlen(utf8), cap = inleft * 4 + 16, outleft = cap;
	char *out = xmalloc(cap), *in = (char *)utf8, *o = out;

	assert_true(cd != (iconv_t)-1);
	assert_int_not_equal(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
	iconv_close(cd);
	*len = cap - outleft;
	return out;
}

/* prefix + body as one allocation (for BOMs). */
static char *
cat2(const char *prefix, size_t plen, const char *body, size_t blen,
    size_t *len)
{
	char *s = xmalloc(plen + blen + 1);

	memcpy(s, prefix, plen);
	memcpy(s + plen, body, blen);
	s[plen + blen] = '\0';
	*len = plen + blen;
	return s;
}

static const char sample[] =
    "支部编号,支部名称,党员人数\n"
    "JG01,办公室党支部,18\n"
    "SC01,第一车间党支部,４２\n";
static const char sample_rows[] =
    "1:支部编号|支部名称|党员人数\n"
    "2:JG01|办公室党支部|18\n"
    "3:SC01|第一车间党支部|４２\n"; /* full-width digits are kept */

/* --- encodings --------------------------------------------------------- */

static void
test_utf8(void **state)
{
	size_t len;
	char *s;

	(void)state;
	expect_rows(sample, sample_rows);
	s = cat2("\xEF\xBB\xBF", 3, sample, strlen(sample), &len);
	expect_rows_enc(s, len, NULL, sample_rows); /* the BOM is dropped */
	free(s);
	/* a 4-byte character (U+20BB7) and U+3000 inside a field */
	expect_rows("a,周𠮷祥,b　c\n", "1:a|周𠮷祥|b　c\n");
}

static void
test_utf16_bom_tab(void **state)
{
	static const char tab[] =
	    "支部编号\t支部名称\t说明\r\n"
	    "JG01\t办公室党支部\t\"含,逗号\"\r\n"
	    "SC01\t周𠮷祥\t\r\n";
	static const char want[] =
	    "1:支部编号|支部名称|说明\n"
	    "2:JG01|办公室党支部|含,逗号\n"
	    "3:SC01|周𠮷祥|\n";
	size_t blen, len;
	char *body, *s;

	(void)state;
	body = to_enc(tab, "UTF-16LE", &blen);
	s = cat2("\xFF\xFE", 2, body, blen, &len);
	expect_rows_enc(s, len, NULL, want);
	free(s);
	free(body);
	body = to_enc(tab, "UTF-16BE", &blen);
	s = cat2("\xFE\xFF", 2, body, blen, &len);
	expect_rows_enc(s, len, NULL, want);
	free(s);
	free(body);
}

static void
test_gb18030(void **state)
{
	size_t len;
	char *s;

	(void)state;
	/* "编号,类别" as Excel on Chinese Windows saves it */
	expect_rows("\xb1\xe0\xba\xc5,\xc0\xe0\xb1\xf0\r\n1.1,x\r\n",
	    "1:编号|类别\n2:1.1|x\n");
	/* iconv-made, with a 4-byte GB18030 character and full-width digits */
	s = to_enc(sample, "GB18030", &len);
	assert_false(utf8_valid(s, len));
	expect_rows_enc(s, len, NULL, sample_rows);
	free(s);
	s = to_enc("编号,姓名\n1,周𠮷祥\n", "GB18030", &len);
	expect_rows_enc(s, len, NULL, "1:编号|姓名\n2:1|周𠮷祥\n");
	free(s);
}

static void
test_forced_encoding(void **state)
{
	size_t len, blen;
	char *s, *body;

	(void)state;
	/* forced GB18030 */
	s = to_enc(sample, "GB18030", &len);
	expect_rows_enc(s, len, "GB18030", sample_rows);
	expect_rows_enc(s, len, "gbk", sample_rows); /* any iconv name */
	free(s);
	/* a forced UTF-8 still drops a UTF-8 BOM (SPEC 7), any case */
	s = cat2("\xEF\xBB\xBF", 3, sample, strlen(sample), &len);
	expect_rows_enc(s, len, "UTF-8", sample_rows);
	expect_rows_enc(s, len, "utf8", sample_rows);
	free(s);
	/* UTF-16LE without a BOM needs --encoding */
	body = to_enc("a\tb\n1\t2\n", "UTF-16LE", &blen);
	expect_rows_enc(body, blen, "UTF-16LE", "1:a|b\n2:1|2\n");
	free(body);
	/* forced UTF-8 over GB18030 bytes: an error, not a guess */
	expect_fault(LIT("\xb1\xe0\xba\xc5\n"), "UTF-8", "t.csv:1:1: error",
	    "0xB1", "偏移量 0 处的字节", NULL);
	/* an encoding iconv does not know */
	expect_fault(LIT("a\n"), "NO-SUCH-ENCODING-X", "NO-SUCH-ENCODING-X", NULL);
}

static void
test_invalid_bytes(void **state)
{
	static const char bad_utf8[] =
	    "\xEF\xBB\xBF" "编号,a\n"
	    "1,2\n"
	    "x,\xFF" "y\n";
	struct buf b = {0};
	size_t len, off;
	char *s;

	(void)state;
	/* UTF-8 with a BOM (so not a GB18030 guess): line 3, offset of 0xFF
	 * counted from the file's first byte */
	off = strlen("\xEF\xBB\xBF" "编号,a\n1,2\nx,");
	s = xasprintf("t.csv:3:3: error: 偏移量 %zu 处的字节 0xFF", off);
	expect_fault(bad_utf8, strlen(bad_utf8), NULL, s, NULL);
	free(s);
	/* GB18030: 0x81 0x20 is not a character */
	expect_fault(LIT("\xb1\xe0,a\r\nx\r\n\x81\x20z\r\n"), NULL,
	    "t.csv:3:1: error", "0x81", "偏移量 9 处的字节", "GB18030", NULL);
	/* a cut GB18030 character at the end of the file */
	expect_fault(LIT("\xb1\xe0,a\n\xb1"), NULL, "t.csv:2:1", "偏移量 5 处的字节",
	    NULL);
	/* UTF-16LE: a lone high surrogate; an odd trailing byte */
	expect_fault(LIT("\xFF\xFE" "a\0\n\0\x00\xD8" "b\0\n\0"), NULL,
	    "t.csv:2:1", "偏移量 6 处的字节", NULL);
	expect_fault(LIT("\xFF\xFE" "a\0\n\0b"), NULL, "t.csv:2:1", NULL);
	/* a bad byte past the first 64 KB read: its line and offset still
	 * right */
	for (len = 0; b.len < CHUNK + 5000; len++)
		buf_adds(&b, "JG01,办公室党支部,18\n");
	off = b.len + 3;
	buf_adds(&b, "a,b\xC0\xAF" "c\n");
	buf_adds(&b, "d\n");
	s = xasprintf("t.csv:%zu:4: error: 偏移量 %zu 处的字节 0xC0",
	    len + 1, off);
	/* UTF-8 forced, as detection would read the file as GB18030 */
	expect_fault(b.s, b.len, "UTF-8", s, NULL);
	free(s);
	buf_free(&b);
}

static void
test_nul_byte(void **state)
{
	(void)state;
	expect_fault(LIT("a,b\n1,2\n3,\0" "4\n"), NULL, "t.csv:3:1: error",
	    "NUL", NULL);
	expect_fault(LIT("\0"), NULL, "t.csv:1:1: error", "NUL", NULL);
	/* UTF-16LE without its BOM reads as bytes with NULs */
	expect_fault(LIT("a\0,\0b\0\n\0"), NULL, "t.csv:1:1", "NUL", NULL);
	/* a NUL inside a quoted field too */
	expect_fault(LIT("a,\"x\0y\"\n"), NULL, "t.csv:1:1", "NUL", NULL);
}

/* --- shape ----------------------------------------------------------- */

static void
test_quotes(void **state)
{
	(void)state;
	expect_rows("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n",
	    "1:a|b|c\n2:x,y|say \"hi\"|\n");
	/* a quoted field followed by unquoted ones and a doubled quote alone */
	expect_rows("h1,h2\n\"\"\"\",z\n", "1:h1|h2\n2:\"|z\n");
	/* no final line end */
	expect_rows("a,b\n\"1\",2", "1:a|b\n2:1|2\n");
	/* an empty trailing field is kept */
	expect_rows("a,b,c\n1,2,\n", "1:a|b|c\n2:1|2|\n");
}

static void
test_embedded_newlines(void **state)
{
	(void)state;
	/* LINE is the physical line where a record starts */
	expect_rows("id,note\n"
	    "1,\"line one\nline two\nline three\"\n"
	    "2,after\n"
	    "3,\"a\r\nb\"\r\n"
	    "4,x\n",
	    "1:id|note\n"
	    "2:1|line one\nline two\nline three\n"
	    "5:2|after\n"
	    "6:3|a\r\nb\n"
	    "8:4|x\n");
	/* blank lines inside a quoted field are part of it */
	expect_rows("id,note\n1,\"\n\n\"\n2,y\n",
	    "1:id|note\n2:1|\n\n\n5:2|y\n");
}

static void
test_line_ends(void **state)
{
	static const char *const forms[] = {"\n", "\r\n", "\r"};
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_LEN(forms); k++) {
		const char *e = forms[k];
		char *s = xasprintf("a,b%s1,2%s%s3,\"x%sy\"%s4,5%s", e, e, e, e,
		    e, e);
		char *want = xasprintf("1:a|b\n2:1|2\n4:3|x%sy\n6:4|5\n", e);

		expect_rows(s, want);
		free(s);
		free(want);
	}
	/* mixed line ends in one file */
	expect_rows("a,b\r\n1,2\n3,4\r5,6\r\n", "1:a|b\n2:1|2\n3:3|4\n4:5|6\n");
	/* LF CR is two line ends */
	expect_rows("a\n\r1\n", "1:a\n3:1\n");
}

/* Builds a file whose byte at CHUNK - 1 (after a BOM of bomlen bytes) is
 * the CR of a CR LF, then rows whose lines must come out right. */
static void
crlf_at_boundary(const char *bom, size_t bomlen, const char *enc)
{
	struct buf b = {0}, want = {0};
	unsigned line = 1;
	size_t pad;

	buf_add(&b, bom, bomlen);
	buf_adds(&b, "id,note\r\n");
	buf_printf(&want, "%u:id|note\n", line++);
	while (b.len < CHUNK - 200) {
		buf_adds(&b, "1,x\r\n");
		buf_printf(&want, "%u:1|x\n", line++);
	}
	/* one row that ends exactly so that its CR is byte CHUNK - 1 */
	pad = CHUNK - 1 - b.len - 2;
	buf_adds(&b, "2,");
	{
		char *fill = xmalloc(pad + 1);
		memset(fill, 'y', pad);
		fill[pad] = '\0';
		buf_adds(&b, fill);
		buf_printf(&want, "%u:2|%s\n", line++, fill);
		free(fill);
	}
	assert_int_equal(b.len, CHUNK - 1);
	buf_adds(&b, "\r\n3,after\r\n\r\n4,last\r\n");
	buf_printf(&want, "%u:3|after\n", line);
	buf_printf(&want, "%u:4|last\n", line + 2);
	expect_rows_enc(b.s, b.len, enc, want.s);
	buf_free(&b);
	buf_free(&want);
}

static void
test_crlf_chunk_boundary(void **state)
{
	struct buf b = {0}, want = {0};
	unsigned line;

	(void)state;
	crlf_at_boundary("", 0, NULL);
	crlf_at_boundary("\xEF\xBB\xBF", 3, NULL); /* UTF-8, BOM */
	crlf_at_boundary("", 0, "GB18030");       /* through iconv */
	crlf_at_boundary("", 0, "UTF-8");         /* forced */

	/* CR-only line ends across the boundary too */
	for (line = 1; b.len < 3 * CHUNK; line++) {
		buf_printf(&b, "r%u,x\r", line);
		buf_printf(&want, "%u:r%u|x\n", line, line);
	}
	expect_rows(b.s, want.s);
	buf_free(&b);
	buf_free(&want);

	/* a 3-byte character cut by every possible boundary */
	for (line = 0; line < 3; line++) {
		size_t len, i;
		char *s = xmalloc(CHUNK + 100);

		len = CHUNK - 1 - line;
		memset(s, 'a', len);
		s[0] = 'h';
		s[1] = '\n';
		memcpy(s + len, "编\n", 4);
		len += 4;
		{
			struct rows r;
			const char *d;

			assert_int_equal(read_enc(s, len, NULL, &r, &d),
			    CSV_READ_OK);
			assert_string_equal(d, "");
			assert_int_equal(r.n, 2);
			i = strlen(r.text.s);
			assert_true(i > 6);
			assert_memory_equal(r.text.s + i - 4, "编\n", 4);
			buf_free(&r.text);
		}
		free(s);
	}
}

static void
test_utf16_large(void **state)
{
	struct buf b = {0}, want = {0};
	size_t blen, len;
	char *body, *s;
	unsigned line;

	(void)state;
	/* > 64 KB of UTF-16LE with CR LF: characters and line ends cross
	 * the read boundary */
	buf_adds(&b, "支部编号\t说明\r\n");
	buf_adds(&want, "1:支部编号|说明\n");
	for (line = 2; b.len < 100000; line++) {
		buf_printf(&b, "B%u\t第𠮷%u号\r\n", line, line);
		buf_printf(&want, "%u:B%u|第𠮷%u号\n", line, line, line);
	}
	body = to_enc(b.s, "UTF-16LE", &blen);
	assert_true(blen > 2 * CHUNK);
	s = cat2("\xFF\xFE", 2, body, blen, &len);
	expect_rows_enc(s, len, NULL, want.s);
	free(s);
	free(body);
	body = to_enc(b.s, "UTF-16BE", &blen);
	s = cat2("\xFE\xFF", 2, body, blen, &len);
	expect_rows_enc(s, len, NULL, want.s);
	free(s);
	free(body);
	buf_free(&b);
	buf_free(&want);
}

static void
test_empty_rows(void **state)
{
	(void)state;
	expect_rows("\n\n  \r\na,b\n\n1,2\n,,,,\n , \t,\n\"\",\"\"\n"
	    "　,　\n\r\n3,4\n\n",
	    "4:a|b\n6:1|2\n12:3|4\n");
	expect_rows("", "");
	expect_rows("\n\n\r\n", "");
	expect_rows(",,,,\r\n,,,,\r\n", "");
	/* the header is the first non-empty row */
	expect_rows("\r\n\r\nid,name\r\nB1,x\r\n", "3:id|name\n4:B1|x\n");
}

static void
test_trim(void **state)
{
	(void)state;
	expect_rows(" a ,\tb\t,　c　, 　d e　 \n",
	    "1:a|b|c|d e\n");
	/* quoted fields are trimmed too, after unquoting */
	expect_rows("h\n\"  x  \"\n\"　y　\"\n\"\t z\t\"\n  \"w\"  \n",
	    "1:h\n2:x\n3:y\n4:z\n5:w\n");
	/* inner spaces stay; other white space (U+00A0) is not trimmed */
	expect_rows("a b,\xC2\xA0" "c\n", "1:a b|\xC2\xA0" "c\n");
	/* csv_trim itself */
	{
		char s1[] = " \t　x y　\t ";
		char s2[] = "　　";
		char s3[] = "";

		assert_string_equal(csv_trim(s1), "x y");
		assert_string_equal(csv_trim(s2), "");
		assert_string_equal(csv_trim(s3), "");
	}
}

static void
test_tab_delimiter(void **state)
{
	(void)state;
	expect_rows("a\tb\tc\n1\t2,5\t3\n", "1:a|b|c\n2:1|2,5|3\n");
	/* a header with a comma is comma-separated, tabs and all */
	expect_rows("a\tb,c\n1\t2,3\n", "1:a\tb|c\n2:1\t2|3\n");
	/* a header without either: one column, commas later still split */
	expect_rows("a\n1,2\n", "1:a\n2:1|2\n");
	/* quoted fields in tab mode; spaces around fields trimmed */
	expect_rows("a\tb\n\"x\ty\"\t z \n", "1:a|b\n2:x\ty|z\n");
	/* blank lines before a tab header do not decide the delimiter */
	expect_rows("\n  \r\na\tb\n1\t2\n", "3:a|b\n4:1|2\n");
	/* empty tab rows are skipped */
	expect_rows("a\tb\n\t\t\n1\t2\n", "1:a|b\n3:1|2\n");
}

static void
test_long_field(void **state)
{
	size_t big = 1 << 20, len;
	char *s = xmalloc(big + 64), *p;
	struct rows r;
	const char *d;

	(void)state;
	/* a 1 MB unquoted field, as a 说明 */
	p = s;
	p += sprintf(p, "id,说明\n1,");
	memset(p, 'x', big);
	p += big;
	p += sprintf(p, "\n2,y\n");
	len = (size_t)(p - s);
	assert_int_equal(read_enc(s, len, NULL, &r, &d), CSV_READ_OK);
	assert_string_equal(d, "");
	assert_int_equal(r.n, 3);
	assert_int_equal(r.maxfield, big);
	assert_non_null(strstr(r.text.s, "\n3:2|y\n"));
	buf_free(&r.text);

	/* a 1 MB quoted field of Chinese text with commas, quotes and line
	 * ends: later rows still know their line */
	{
		struct buf b = {0};
		size_t i;

		buf_adds(&b, "id,说明\n1,\"");
		for (i = 0; b.len < big; i++)
			buf_adds(&b, i % 100 == 99 ? "，\"\"引\"\",\r\n" : "考核说明");
		buf_adds(&b, "\"\n2,y\n");
		assert_int_equal(read_enc(b.s, b.len, NULL, &r, &d), CSV_READ_OK);
		assert_string_equal(d, "");
		assert_int_equal(r.n, 3);
		assert_true(r.maxfield > big - 4000);
		p = xasprintf("\n%zu:2|y\n", 3 + i / 100);
		if (strstr(r.text.s, p) == NULL)
			fail_msg("no row \"%s\" after the long field", p + 1);
		free(p);
		buf_free(&r.text);
		buf_free(&b);
	}
	free(s);
}

static void
test_unterminated_quote(void **state)
{
	(void)state;
	/* the error names the line where the record starts */
	expect_fault(LIT("a,b\n1,\"open\n2,3\n4,5\n"), NULL,
	    "t.csv:2:1: error", NULL);
	expect_fault(LIT("a,b\n\""), NULL, "t.csv:2:1: error", NULL);
	expect_fault(LIT("a,b\r\n1,2\r\n3,\"x"), NULL, "t.csv:3:1: error", NULL);
}

static void
test_encoding_known(void **state)
{
	(void)state;
	assert_true(csv_encoding_known("UTF-8"));
	assert_true(csv_encoding_known("GB18030"));
	assert_true(csv_encoding_known("gbk"));
	assert_true(csv_encoding_known("UTF-16LE"));
	assert_false(csv_encoding_known("NO-SUCH-ENCODING-X"));
}

static void
test_read_file(void **state)
{
	char path[] = "/tmp/kaohe-test-csv-XXXXXX";
	int fd = mkstemp(path);
	struct rows r = {0};
	size_t len;
	char *s = to_enc(sample, "GB18030", &len);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, len), (ssize_t)len);
	close(fd);
	diag_reset();
	assert_int_equal(csv_read_file(path, "f.csv", NULL, collect, &r),
	    CSV_READ_OK);
	assert_string_equal(r.text.s, sample_rows);
	assert_int_equal(diag_count(DIAG_ERROR), 0);
	buf_free(&r.text);
	unlink(path);
	free(s);
	assert_int_equal(csv_read_file(path, "f.csv", NULL, collect, &r),
	    CSV_READ_MISSING);
	assert_int_equal(diag_count(DIAG_ERROR), 0);
}

/* SPEC 2: "the first non-empty row is the header"; SPEC 7: rows whose
 * fields are all empty (Excel's ,,,,) are skipped like blank lines.  So such
 * a row must not decide the delimiter. */
static void
test_delimiter_after_empty_row(void **state)
{
	(void)state;
	expect_rows(",,,,\na\tb\n1\t2\n", "2:a|b\n3:1|2\n");
	expect_rows("\t\t\na,b\n1,2\n", "2:a|b\n3:1|2\n");
	expect_rows("\xE3\x80\x80\na\tb\n1\t2\n", "2:a|b\n3:1|2\n");
}

/* SPEC 7: "a BOM wins over detection; a forced UTF-8 still drops a UTF-8
 * BOM".  Forcing UTF-16LE (what the NUL-byte message advises) on Excel's
 * "Unicode text", which has a BOM, must drop it likewise; today U+FEFF is
 * left at the start of the first header field. */
static void
test_forced_utf16_drops_bom(void **state)
{
	size_t blen, len;
	char *body = to_enc("a\tb\n1\t2\n", "UTF-16LE", &blen);
	char *s = cat2("\xFF\xFE", 2, body, blen, &len);

	(void)state;
	expect_rows_enc(s, len, "UTF-16LE", "1:a|b\n2:1|2\n");
	free(s);
	free(body);
}

/* Text after the closing quote of a quoted field joins the field, as Excel
 * and Python's csv read it; libcsv alone would reopen the quote and swallow
 * the rest of the file. */
static void
test_text_after_quote(void **state)
{
	(void)state;
	expect_rows("id,name\n\"B1\"x,a\nB2,b\n",
	    "1:id|name\n2:B1x|a\n3:B2|b\n");
	expect_rows("a,\"x\"y\"z,b\nc,d\n", "1:a|xy\"z|b\n2:c|d\n");
	expect_rows("a,\"m\nn\"o p\nc,d\n", "1:a|m\nno p\n3:c|d\n");
	expect_rows("a,\"q\"  ,b\n", "1:a|q|b\n");
	expect_rows("a,\"q\"r", "1:a|qr\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_utf16_bom_tab),
		cmocka_unit_test(test_gb18030),
		cmocka_unit_test(test_forced_encoding),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_embedded_newlines),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_crlf_chunk_boundary),
		cmocka_unit_test(test_utf16_large),
		cmocka_unit_test(test_empty_rows),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_tab_delimiter),
		cmocka_unit_test(test_long_field),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_encoding_known),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_delimiter_after_empty_row),
		cmocka_unit_test(test_forced_utf16_drops_bom),
		cmocka_unit_test(test_text_after_quote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
