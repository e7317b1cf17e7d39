/* csv_read.c: reading a CSV file as Excel or WPS writes it (SPEC section 2).
 *
 * The file streams through three stages: bytes are decoded to UTF-8 (iconv,
 * or validated when already UTF-8), cut into physical lines (LF, CRLF or CR)
 * so that every row knows the line it starts on, and parsed by libcsv one
 * line at a time.  Memory is bounded by the longest row. */
#include "ingest/csv_read.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

#define CHUNK 65536
#define CONV_SIZE (CHUNK * 4) /* iconv output per call */

/* The length of an invisible character (utf8_invisible()) ending at
 * s[n - 1], or 0. */
static size_t
invisible_before(const char *s, size_t n)
{
	uint32_t cp;

	return n >= 3 && utf8_decode(s + n - 3, 3, &cp) == 3 &&
	    utf8_invisible(cp) ? 3 : 0;
}

static size_t
invisible_at(const char *s, size_t n)
{
	uint32_t cp;

	return n >= 3 && utf8_decode(s, 3, &cp) == 3 && utf8_invisible(cp) ?
	    3 : 0;
}

/* Trims spaces, tabs, U+3000 and invisible characters (a BOM at the start
 * of a field, a zero-width space, a bidi mark) off s[0..n): cuts the end
 * with a NUL and returns the first character kept. */
char *
csv_trim_n(char *s, size_t n)
{
	size_t a = 0, k;

	for (;;) {
		if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else if ((k = invisible_before(s, n)) != 0)
			n -= k;
		else
			break;
	}
	s[n] = '\0';
	for (;;) {
		if (a < n && (s[a] == ' ' || s[a] == '\t'))
			a++;
		else if (a + 3 <= n && memcmp(s + a, "\xE3\x80\x80", 3) == 0)
			a += 3;
		else if ((k = invisible_at(s + a, n - a)) != 0)
			a += k;
		else
			break;
	}
	return s + a;
}

enum decode_mode {
	DEC_UTF8,  /* validate and pass through */
	DEC_ICONV, /* convert with iconv */
};

struct reader {
	const char *name;      /* for diagnostics */
	const char *enc_name;  /* for diagnostics */
	enum decode_mode mode;
	iconv_t cd;
	char *conv;            /* CONV_SIZE bytes of iconv output */
	size_t skip;           /* BOM bytes to drop at the start */

	/* input */
	FILE *f;
	const char *mem;
	size_t memlen, mempos;

	size_t consumed;       /* input bytes decoded so far */
	char carry[16];        /* an incomplete character at a chunk's end */
	size_t ncarry;

	struct buf pend;       /* decoded text not yet cut into lines */
	unsigned line;         /* the physical line being assembled, 1-based */
	size_t clean;          /* leading bytes of pend known to hold no CR/LF */
	bool failed;

	/* parsing */
	struct csv_parser csv;
	bool header_seen;      /* the delimiter is decided */
	/* quoting as RFC 4180 reads it, followed alongside libcsv, which in
	 * its lenient mode would take text after a closing quote as a
	 * reopened quote and swallow the rest of the file */
	enum { Q_START, Q_PLAIN, Q_QUOTED, Q_CLOSED, Q_JOINED } q;
	struct buf fix;        /* a line rewritten by quotes_fix() */
	bool detected;         /* GB18030 was chosen because UTF-8 failed */
	unsigned char u8_bad_byte; /* where UTF-8 failed */
	size_t u8_bad_offset;
	unsigned u8_bad_line;
	unsigned rec_line;     /* line where the current record started; 0 none */
	struct buf row;        /* the current record's fields, NUL-separated */
	size_t *offs;          /* start of each field in row */
	size_t noffs, capoffs;
	char **fields;
	size_t capfields;
	csv_row_fn fn;
	void *ctx;
};

char *
csv_trim(char *s)
{
	return csv_trim_n(s, strlen(s));
}

bool
csv_encoding_known(const char *encoding)
{
	iconv_t cd = iconv_open("UTF-8", encoding);

	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

/* --- libcsv callbacks ------------------------------------------------ */

static void
on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	xgrow(&r->offs, &r->capoffs, r->noffs + 1, sizeof *r->offs);
	r->offs[r->noffs++] = r->row.len;
	buf_add(&r->row, s ? s : "", s ? len : 0);
	buf_addc(&r->row, '\0');
}

static void
on_record(int c, void *data)
{
	struct reader *r = data;
	bool empty = true;
	size_t i;

	(void)c;
	xgrow(&r->fields, &r->capfields, r->noffs + 1, sizeof *r->fields);
	for (i = 0; i < r->noffs; i++) {
		/* every field is followed by its NUL in row */
		size_t end = (i + 1 < r->noffs ? r->offs[i + 1] : r->row.len) - 1;

		r->fields[i] = csv_trim_n(r->row.s + r->offs[i], end - r->offs[i]);
		if (r->fields[i][0] != '\0')
			empty = false;
	}
	if (!empty && !r->failed)
		r->fn(r->ctx, r->rec_line, r->noffs, r->fields);
	r->noffs = 0;
	r->row.len = 0;
	r->rec_line = 0;
}

static int
space_comma(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int
space_tab(unsigned char c)
{
	return c == ' ';
}

/* --- lines ---------------------------------------------------------- */

/* Whether libcsv holds nothing of a record (between records). */
static bool
csv_quiet(const struct reader *r)
{
	return r->csv.pstate == 0 && r->csv.entry_pos == 0;
}

/* The fast path for a line without quotes that starts a record: RFC 4180
 * gives its fields by splitting at the delimiter, exactly what libcsv would
 * give, without libcsv's per-byte callbacks. */
static void
split_line(struct reader *r, const char *s, size_t n)
{
	char delim = (char)csv_get_delim(&r->csv);
	size_t i, start = 0;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	buf_add(&r->row, s, n);
	buf_addc(&r->row, '\0');
	for (;;) {
		char *d = memchr(r->row.s + start, delim, n - start);

		i = d ? (size_t)(d - r->row.s) : n;
		r->row.s[i] = '\0';
		xgrow(&r->offs, &r->capoffs, r->noffs + 1, sizeof *r->offs);
		r->offs[r->noffs++] = start;
		if (d == NULL)
			break;
		start = i + 1;
	}
	on_record(0, r);
}

static bool
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

/* Whether a line holds nothing but delimiters, spaces and U+3000 (a row
 * that is skipped, so it cannot be the header). */
static bool
empty_row(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == ',' || s[i] == '\r' ||
		    s[i] == '\n')
			i++;
		else if (i + 3 <= n && memcmp(s + i, "\xE3\x80\x80", 3) == 0)
			i += 3;
		else
			return false;
	}
	return true;
}

/* Follows the quoting of a line that goes to libcsv and returns the line to
 * parse.  Text after the closing quote of a quoted field ("a"b) is outside
 * RFC 4180; libcsv would take the quote as reopened and swallow the rest of
 * the file.  kaohe reads it as Excel and most CSV readers do: the text joins
 * the field (ab).  Such a line is rewritten into r->fix as "ab" and the
 * rewritten copy returned, with its length in *n; any other line is returned
 * as it is. */
static const char *
quotes_fix(struct reader *r, const char *s, size_t *n)
{
	char delim = (char)csv_get_delim(&r->csv);
	size_t len = *n, i, k;
	bool fixed = false;

	r->fix.len = 0;
	for (i = 0; i < len; i++) {
		char c = s[i];
		bool space = c == ' ' || (c == '\t' && delim != '\t');
		bool end = c == delim || c == '\r' || c == '\n';

		switch (r->q) {
		case Q_QUOTED:
			if (c != '"')
				break;
			if (i + 1 < len && s[i + 1] == '"') {
				buf_add(&r->fix, s + i, 2);
				i++;
				continue;
			}
			for (k = i + 1; k < len && (s[k] == ' ' ||
			    (s[k] == '\t' && delim != '\t')); k++)
				;
			if (k == len || s[k] == delim || s[k] == '\r' ||
			    s[k] == '\n') {
				r->q = Q_CLOSED;
				break;
			}
			/* text follows: the field goes on, still quoted */
			r->q = Q_JOINED;
			fixed = true;
			continue;
		case Q_JOINED:
			if (end) {
				buf_addc(&r->fix, '"');
				r->q = Q_START;
			} else if (c == '"')
				buf_addc(&r->fix, '"'); /* doubled below */
			break;
		case Q_START:
			if (c == '"')
				r->q = Q_QUOTED;
			else if (!space && !end)
				r->q = Q_PLAIN;
			break;
		case Q_PLAIN:
		case Q_CLOSED:
			if (end)
				r->q = Q_START;
			break;
		}
		buf_addc(&r->fix, c);
	}
	if (r->q == Q_JOINED && i == len && (len == 0 || (s[len - 1] != '\n' &&
	    s[len - 1] != '\r'))) {
		buf_addc(&r->fix, '"'); /* the last line of the file */
		r->q = Q_START;
	}
	if (!fixed)
		return s;
	*n = r->fix.len;
	return r->fix.s;
}

/* Feeds one physical line (with its terminator, if any) to the parser. */
static void
feed_line(struct reader *r, const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);

	if (nul != NULL) {
		diag(DIAG_ERROR, r->name, r->line, 1,
		    "文件中有 NUL 字节（是否为不带 BOM 的 UTF-16？可用 "
		    "--encoding UTF-16LE 指定编码）");
		r->failed = true;
		return;
	}
	if (!r->header_seen && !empty_row(s, n)) {
		bool tab = memchr(s, '\t', n) != NULL;
		bool comma = memchr(s, ',', n) != NULL;

		if (tab && !comma) {
			csv_set_delim(&r->csv, CSV_TAB);
			csv_set_space_func(&r->csv, space_tab);
		}
		r->header_seen = true;
	}
	if (r->rec_line == 0 && !blank(s, n))
		r->rec_line = r->line;
	if (r->rec_line != 0 && r->noffs == 0 && r->row.len == 0 &&
	    memchr(s, '"', n) == NULL && csv_quiet(r)) {
		split_line(r, s, n);
		return;
	}
	s = quotes_fix(r, s, &n);
	csv_parse(&r->csv, s, n, on_field, on_record, r);
}

/* Cuts complete lines off r->pend; at eof, the rest too. */
static void
cut_lines(struct reader *r, bool eof)
{
	char *s = r->pend.s;
	size_t n = r->pend.len, start = 0;
	char *lf = NULL;
	bool no_lf = false; /* no LF after start: files with CR line ends */

	while (start < n && !r->failed) {
		size_t stop, end, from = start < r->clean ? r->clean : start;
		char *cr;

		if (!no_lf && (lf == NULL || lf < s + start)) {
			lf = memchr(s + from, '\n', n - from);
			no_lf = lf == NULL;
		}
		stop = lf ? (size_t)(lf - s) : n;
		cr = stop > from ? memchr(s + from, '\r', stop - from) : NULL;
		r->clean = 0;

		if (cr) {
			size_t i = (size_t)(cr - s);

			if (i + 1 == n && !eof)
				break; /* a CR LF may be split */
			end = (i + 1 < n && s[i + 1] == '\n') ? i + 2 : i + 1;
		} else if (lf)
			end = stop + 1;
		else
			break;
		feed_line(r, s + start, end - start);
		r->line++;
		start = end;
	}
	if (eof && start < n && !r->failed) {
		feed_line(r, s + start, n - start);
		start = n;
	}
	/* what is left is one unfinished line (perhaps ending in a CR) */
	r->clean = n - start > 0 ? n - start - 1 : 0;
	if (start > 0) {
		memmove(r->pend.s, r->pend.s + start, n - start);
		r->pend.len = n - start;
		r->pend.s[r->pend.len] = '\0';
	}
}

/* --- decoding --------------------------------------------------------- */

static size_t
read_chunk(struct reader *r, char *out, size_t cap)
{
	size_t n;

	if (r->f)
		return fread(out, 1, cap, r->f);
	n = r->memlen - r->mempos < cap ? r->memlen - r->mempos : cap;
	memcpy(out, r->mem + r->mempos, n);
	r->mempos += n;
	return n;
}

/* Whether s[0..n) is the valid start of a longer UTF-8 character. */
static bool
utf8_incomplete(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t need = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	size_t i;

	if (need == 0 || n >= need)
		return false;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return false;
	return true;
}

/* Reports an undecodable byte.  The decoded text before it is pending; its
 * line ends are counted so that the message names the byte's line. */
static void
bad_byte(struct reader *r, unsigned char byte, size_t offset)
{
	size_t i, start = 0;
	unsigned col;

	for (i = 0; i < r->pend.len; i++)
		if (r->pend.s[i] == '\n' || (r->pend.s[i] == '\r' &&
		    (i + 1 >= r->pend.len || r->pend.s[i + 1] != '\n'))) {
			r->line++;
			start = i + 1;
		}
	/* the column: characters before it on its line, plus one */
	{
		char *rest = xstrndup(r->pend.s ? r->pend.s + start : "",
		    r->pend.len - start);

		col = (unsigned)utf8_chars(rest) + 1;
		free(rest);
	}
	if (r->detected)
		diag(DIAG_ERROR, r->name, r->line, col,
		    "偏移量 %zu 处的字节 0x%02X 无法按 GB18030 读取，按 UTF-8 "
		    "读取也不行（第 %u 行，偏移量 %zu 处的字节 0x%02X）；请把文件"
		    "另存为 UTF-8 或 GB18030，或用 --encoding 指明编码", offset, byte,
		    r->u8_bad_line, r->u8_bad_offset, r->u8_bad_byte);
	else
		diag(DIAG_ERROR, r->name, r->line, col,
		    "偏移量 %zu 处的字节 0x%02X 无法按 %s 读取；请把文件另存为 UTF-8 "
		    "或 GB18030，或用 --encoding 指明编码", offset, byte,
		    r->enc_name);
	r->failed = true;
}

/* Decodes buf[0..n) (carry already prepended); returns bytes used.  Bytes of
 * an incomplete character at the end are left unused unless eof. */
static size_t
decode(struct reader *r, const char *buf, size_t n, bool eof)
{
	if (r->mode == DEC_UTF8) {
		size_t i = 0, k;
		uint32_t cp;

		while (i < n) {
			if ((unsigned char)buf[i] < 0x80) {
				i++;
				continue;
			}
			k = utf8_decode(buf + i, n - i, &cp);
			if (k == 0) {
				if (!eof && utf8_incomplete(buf + i, n - i))
					break; /* the rest comes with the next chunk */
				buf_add(&r->pend, buf, i);
				bad_byte(r, (unsigned char)buf[i], r->consumed + i);
				return n;
			}
			i += k;
		}
		buf_add(&r->pend, buf, i);
		return i;
	} else {
		char *out = r->conv;
		char *in = (char *)buf;
		size_t inleft = n;

		while (inleft > 0) {
			char *o = out;
			size_t oleft = CONV_SIZE;
			size_t rc = iconv(r->cd, &in, &inleft, &o, &oleft);
			int e = errno;

			buf_add(&r->pend, out, (size_t)(o - out));
			if (rc != (size_t)-1)
				continue;
			if (e == E2BIG)
				continue;
			if (e == EINVAL && !eof)
				break;
			bad_byte(r, (unsigned char)*in,
			    r->consumed + (size_t)(in - buf));
			return n;
		}
		return n - inleft;
	}
}

static enum csv_result
run(struct reader *r)
{
	char *chunk = xmalloc(CHUNK + sizeof r->carry);
	enum csv_result res = CSV_READ_OK;
	bool eof = false;

	r->line = 1;
	csv_init(&r->csv, CSV_STRICT_FINI);
	csv_set_space_func(&r->csv, space_comma);
	while (!eof && !r->failed) {
		size_t n, used, have;

		memcpy(chunk, r->carry, r->ncarry);
		n = read_chunk(r, chunk + r->ncarry, CHUNK);
		if (r->f && ferror(r->f)) {
			diag(DIAG_ERROR, r->name, r->line, 1, "无法读取：%s",
			    file_strerror(errno));
			r->failed = true;
			break;
		}
		eof = n == 0;
		have = r->ncarry + n;
		if (r->skip) {
			size_t k = r->skip < have ? r->skip : have;
			memmove(chunk, chunk + k, have - k);
			have -= k;
			r->skip -= k;
			r->consumed += k;
		}
		used = decode(r, chunk, have, eof);
		if (r->failed)
			break;
		r->ncarry = have - used;
		if (r->ncarry > sizeof r->carry) {
			/* cannot happen for real encodings; treat as bad */
			bad_byte(r, (unsigned char)chunk[used], r->consumed + used);
			break;
		}
		memcpy(r->carry, chunk + used, r->ncarry);
		r->consumed += used;
		cut_lines(r, eof);
	}
	if (!r->failed) {
		/* libcsv state 2 (FIELD_BEGUN) inside quotes: the quote was
		 * never closed (CSV_STRICT_FINI alone does not report it) */
		if ((r->csv.pstate == 2 && r->csv.quoted) ||
		    csv_fini(&r->csv, on_field, on_record, r) != 0) {
			diag(DIAG_ERROR, r->name, r->rec_line ? r->rec_line : r->line,
			    1, "引号没有配对：一个以 '\"' 开头的单元格没有结束的 '\"'");
			r->failed = true;
		}
	}
	if (r->failed)
		res = CSV_READ_FAILED;
	csv_free(&r->csv);
	free(chunk);
	buf_free(&r->pend);
	buf_free(&r->row);
	buf_free(&r->fix);
	free(r->offs);
	free(r->fields);
	return res;
}

/* Line ends in s[0..n): LF, CR LF and a lone CR each count once. */
static unsigned
count_line_ends(const char *s, size_t n)
{
	unsigned k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n')))
			k++;
	return k;
}

/* Whether a file without a BOM is read as UTF-8 (reads it once, then
 * rewinds).  Valid UTF-8 is UTF-8.  Otherwise, counting over the whole
 * file the bytes where UTF-8 fails (B), and among those the ones that
 * start a GB18030 pair of two high bytes (H, what Chinese text in GB18030
 * is made of):
 *   - B < N / 20, N the bytes of 0x80 and above: UTF-8 text with a few bad
 *     bytes (a pasted Latin-1 'é').  In GB18030 text most high bytes fail
 *     as UTF-8 (a pair like D6 A7 passes by chance, so V alone says
 *     nothing);
 *   - H = 0: ASCII text with stray single high bytes ("Ren\xe9e"), which
 *     GB18030 would turn into garbled Chinese without a complaint;
 * are UTF-8, their bad bytes errors at their line and column; anything
 * else is GB18030.  Where UTF-8 first fails is noted for the message
 * when GB18030 fails too. */
static bool
input_is_utf8(struct reader *r)
{
	char *buf = xmalloc(CHUNK + 4);
	size_t carry = 0, n, base = 0, high = 0, bad = 0, pairs = 0;
	unsigned lines = 0;

	for (;;) {
		size_t i = 0, k;
		uint32_t cp;
		bool eof;

		n = read_chunk(r, buf + carry, CHUNK);
		eof = n == 0 || (r->f ? feof(r->f) != 0 : r->mempos >= r->memlen);
		n += carry;
		carry = 0;
		if (n == 0)
			break;
		while (i < n) {
			unsigned char c = (unsigned char)buf[i];

			if (c < 0x80) {
				i++;
				continue;
			}
			if ((k = utf8_decode(buf + i, n - i, &cp)) != 0) {
				high += k;
				i += k;
				continue;
			}
			if (!eof && (utf8_incomplete(buf + i, n - i) ||
			    i + 1 == n)) {
				carry = n - i;
				break;
			}
			if (bad++ == 0) {
				r->u8_bad_byte = c;
				r->u8_bad_offset = base + i;
				r->u8_bad_line = lines + count_line_ends(buf, i) + 1;
			}
			if (c >= 0x81 && c <= 0xFE && i + 1 < n &&
			    (unsigned char)buf[i + 1] >= 0x80 &&
			    (unsigned char)buf[i + 1] <= 0xFE) {
				pairs++;
				high += 2;
				i += 2;
			} else {
				high++;
				i++;
			}
		}
		lines += count_line_ends(buf, n - carry);
		base += n - carry;
		memmove(buf, buf + n - carry, carry);
		if (eof) {
			if (carry && bad++ == 0) {
				r->u8_bad_byte = (unsigned char)buf[0];
				r->u8_bad_offset = base;
				r->u8_bad_line = lines + 1;
			}
			break;
		}
	}
	free(buf);
	if (r->f)
		rewind(r->f);
	r->mempos = 0;
	return bad == 0 || bad * 20 < high || pairs == 0;
}

static bool
is_utf8_name(const char *e)
{
	return strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "UTF8") == 0;
}

static enum csv_result
read_any(struct reader *r, const char *encoding)
{
	unsigned char bom[3] = {0};
	size_t nb;
	const char *from = NULL;
	enum csv_result res;

	if (r->f) {
		nb = fread(bom, 1, 3, r->f);
		rewind(r->f);
	} else {
		nb = r->memlen < 3 ? r->memlen : 3;
		memcpy(bom, r->mem, nb);
	}
	if (encoding && *encoding) {
		if (is_utf8_name(encoding)) {
			r->mode = DEC_UTF8;
			r->enc_name = "UTF-8";
			if (nb >= 3 && memcmp(bom, "\xEF\xBB\xBF", 3) == 0)
				r->skip = 3;
		} else {
			from = encoding;
			r->enc_name = encoding;
			/* a forced UTF-16LE/BE drops its own BOM, as UTF-8 does */
			if (strcasecmp(encoding, "UTF-16LE") == 0 && nb >= 2 &&
			    bom[0] == 0xFF && bom[1] == 0xFE)
				r->skip = 2;
			else if (strcasecmp(encoding, "UTF-16BE") == 0 && nb >= 2 &&
			    bom[0] == 0xFE && bom[1] == 0xFF)
				r->skip = 2;
		}
	} else if (nb >= 3 && memcmp(bom, "\xEF\xBB\xBF", 3) == 0) {
		r->mode = DEC_UTF8;
		r->enc_name = "UTF-8";
		r->skip = 3;
	} else if (nb >= 2 && bom[0] == 0xFF && bom[1] == 0xFE) {
		from = "UTF-16LE";
		r->enc_name = "UTF-16LE";
		r->skip = 2;
	} else if (nb >= 2 && bom[0] == 0xFE && bom[1] == 0xFF) {
		from = "UTF-16BE";
		r->enc_name = "UTF-16BE";
		r->skip = 2;
	} else if (input_is_utf8(r)) {
		r->mode = DEC_UTF8;
		r->enc_name = "UTF-8";
	} else {
		from = "GB18030";
		r->enc_name = "GB18030";
		r->detected = true;
	}
	if (from) {
		r->mode = DEC_ICONV;
		r->cd = iconv_open("UTF-8", from);
		if (r->cd == (iconv_t)-1) {
			diag(DIAG_ERROR, r->name, 1, 1,
			    "不认识的编码“%s”", from);
			return CSV_READ_FAILED;
		}
		r->conv = xmalloc(CONV_SIZE);
	}
	res = run(r);
	if (from)
		iconv_close(r->cd);
	free(r->conv);
	return res;
}

enum csv_result
csv_read_file(const char *path, const char *name, const char *encoding,
    csv_row_fn fn, void *ctx)
{
	struct reader r = {0};
	enum csv_result res;

	r.name = name;
	r.fn = fn;
	r.ctx = ctx;
	{
		/* only a regular file (a FIFO would block, a directory reads
		 * as an error later without a position) */
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), err = 0;
		struct stat st;

		if (fd < 0)
			err = errno;
		else if (fstat(fd, &st) != 0)
			err = errno;
		else if (S_ISDIR(st.st_mode))
			err = EISDIR;
		else if (!S_ISREG(st.st_mode))
			err = FILE_ENOTREG;
		else if ((r.f = fdopen(fd, "rb")) == NULL)
			err = errno;
		if (err == ENOENT)
			return CSV_READ_MISSING;
		if (err) {
			if (fd >= 0)
				close(fd);
			diag(DIAG_ERROR, name, 1, 1, "无法读取：%s",
			    file_strerror(err));
			return CSV_READ_FAILED;
		}
	}
	res = read_any(&r, encoding);
	fclose(r.f);
	return res;
}

enum csv_result
csv_read_mem(const char *data, size_t len, const char *name,
    const char *encoding, csv_row_fn fn, void *ctx)
{
	struct reader r = {0};

	r.name = name;
	r.fn = fn;
	r.ctx = ctx;
	r.mem = data;
	r.memlen = len;
	return read_any(&r, encoding);
}
