/* xlsx.c: a small reader of Excel and WPS workbooks (.xlsx) on libzip and
 * expat (SPEC section 8).  See xlsx.h.
 *
 * Parts read: _rels/.rels (where the workbook is), the workbook (sheet
 * names and states, date1904), its relationships (where each sheet, the
 * shared strings and the styles are), the shared strings (plain and rich
 * text; phonetic runs left out), the styles (which cell formats show dates)
 * and, on demand, a sheet.  Element names are matched without their prefix,
 * so Strict OOXML and prefixed writers read the same. */
#include "ingest/xlsx.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>

#include "diag.h"
#include "ingest/csv_read.h"
#include "util.h"

#define MAX_ROWS 1048576u
#define MAX_COLS 16384u
/* A part may inflate to this much, and past INFLATE_FLOOR to at most
 * INFLATE_RATIO times its compressed size. */
#define INFLATE_MAX ((uint64_t)1 << 30)
#define INFLATE_RATIO 200
#define INFLATE_FLOOR ((uint64_t)1 << 20)

#define CHUNK (1 << 16)


struct sheet {
	char *name;
	char *part;   /* path inside the archive */
	bool hidden;
};

struct xlsx {
	const char *name;
	zip_t *za;
	char *wb_part;
	bool date1904;
	struct sheet *sheets;
	size_t nsheets;
	/* shared strings: text of string k at strs.s + soff[k] */
	struct buf strs;
	size_t *soff;
	size_t nstrs, capstrs;
	/* per cell format (cellXfs index): xlsx_format_kind mask */
	unsigned char *xf;
	size_t nxf;
};

/* ------------------------------------------------------------------ */
/* Numbers and dates                                                    */

char *
xlsx_general(double v, char *out)
{
	char tmp[40], digits[16];
	int exp, nd = 0, i;
	const char *p;
	char *o = out;

	if (!isfinite(v)) {
		strcpy(out, "#NUM!");
		return out;
	}
	if (v == 0) {
		strcpy(out, "0");
		return out;
	}
	/* 15 significant digits, correctly rounded: d.dddddddddddddde±XX */
	snprintf(tmp, sizeof tmp, "%.14e", v);
	p = tmp;
	if (*p == '-')
		*o++ = *p++;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	exp = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (exp >= 15 || exp < -9) {
		*o++ = digits[0];
		if (nd > 1) {
			*o++ = '.';
			for (i = 1; i < nd; i++)
				*o++ = digits[i];
		}
		o += sprintf(o, "E%c%02d", exp < 0 ? '-' : '+', abs(exp));
		*o = '\0';
		return out;
	}
	if (exp < 0) {
		*o++ = '0';
		*o++ = '.';
		for (i = -1; i > exp; i--)
			*o++ = '0';
		for (i = 0; i < nd; i++)
			*o++ = digits[i];
	} else {
		for (i = 0; i <= exp; i++)
			*o++ = i < nd ? digits[i] : '0';
		if (nd > exp + 1) {
			*o++ = '.';
			for (i = exp + 1; i < nd; i++)
				*o++ = digits[i];
		}
	}
	*o = '\0';
	return out;
}

/* The General text of a number cell's value when it is a plain decimal of
 * at most 15 significant digits shown positionally ("12.50" → "12.5",
 * "-0" → "0"): such a decimal is what its double rounds to at 15 digits,
 * so no conversion is needed.  Returns false for anything else (exponents,
 * longer digit strings), which goes through strtod and xlsx_general. */
static bool
general_plain(const char *v, char *out)
{
	const char *p = v, *int_start, *frac = NULL, *frac_end;
	int sig = 0, lead_frac_zeros = 0;
	bool neg = false, nonzero = false;
	char *o = out;

	if (*p == '-')
		neg = true, p++;
	while (*p == '0' && p[1] >= '0' && p[1] <= '9')
		p++;
	int_start = p;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (*p != '0' || nonzero)
			sig++, nonzero = true;
	}
	if (p == int_start)
		return false;
	if (*p == '.') {
		frac = ++p;
		for (; *p >= '0' && *p <= '9'; p++)
			;
	}
	if (*p != '\0')
		return false;
	frac_end = p;
	if (frac) {
		while (frac_end > frac && frac_end[-1] == '0')
			frac_end--;
		for (p = frac; p < frac_end; p++) {
			if (*p != '0' || nonzero)
				sig++, nonzero = true;
			else
				lead_frac_zeros++;
		}
	}
	if (sig > 15 || (p - int_start) > 15)
		return false;
	if (!nonzero) {
		strcpy(out, "0");
		return true;
	}
	/* below 1E-9 General switches to scientific */
	if (int_start[0] == '0' && lead_frac_zeros >= 9)
		return false;
	if (neg)
		*o++ = '-';
	for (p = int_start; *p >= '0' && *p <= '9'; p++)
		*o++ = *p;
	if (frac && frac_end > frac) {
		*o++ = '.';
		memcpy(o, frac, (size_t)(frac_end - frac));
		o += frac_end - frac;
	}
	*o = '\0';
	return true;
}

bool
xlsx_number_text(const char *v, char *out)
{
	char *end;
	double d;

	if (general_plain(v, out))
		return true;
	d = strtod(v, &end);
	while (*end == ' ')
		end++;
	if (*end || end == v || !isfinite(d) || (*v | 0x20) == 'i' ||
	    (*v | 0x20) == 'n')
		return false;
	xlsx_general(d, out);
	return true;
}

/* The civil date of a day count from 1970-01-01 (H. Hinnant's algorithm). */
static void
civil(long z, long *y, unsigned *m, unsigned *d)
{
	long era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

bool
xlsx_date_text(double serial, bool date1904, bool with_time, bool seconds,
    char *out)
{
	long day, y, secs;
	unsigned m, d;

	if (!isfinite(serial) || serial < 0 ||
	    serial >= (date1904 ? 2957004.0 : 2958466.0))
		return false;
	day = (long)floor(serial);
	secs = lround((serial - (double)day) * 86400.0);
	if (secs >= 86400) {
		day++;
		secs -= 86400;
	}
	if (date1904) {
		/* serial 0 is 1904-01-01 = day 12418 before 1970 */
		civil(day - 24107, &y, &m, &d);
	} else if (day == 0) {
		y = 1900, m = 1, d = 0;      /* Excel shows 1900-01-00 */
	} else if (day == 60) {
		y = 1900, m = 2, d = 29;     /* Lotus's leap day, kept by Excel */
	} else {
		/* serial 1 is 1900-01-01; past the fake leap day one less */
		civil(day - (day < 60 ? 25568 : 25569), &y, &m, &d);
	}
	out += sprintf(out, "%04ld-%02u-%02u", y, m, d);
	if (with_time) {
		out += sprintf(out, " %02ld:%02ld", secs / 3600, secs / 60 % 60);
		if (seconds)
			sprintf(out, ":%02ld", secs % 60);
	}
	return true;
}

unsigned
xlsx_format_kind(const char *code)
{
	bool date = false, time = false, sec = false, month = false;
	const char *p;

	for (p = code; *p && *p != ';'; p++) {
		switch (*p) {
		case '"':
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
			break;
		case '\\': case '_': case '*':
			if (p[1])
				p++;
			break;
		case '[':
			/* [h] [mm] [ss]: elapsed time; else locale, colour ... */
			if (strchr("hHmMsS", p[1])) {
				time = true;
				if (p[1] == 's' || p[1] == 'S')
					sec = true;
			}
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
			break;
		case 'y': case 'Y': case 'd': case 'D':
			date = true;
			break;
		case 'h': case 'H':
			time = true;
			break;
		case 's': case 'S':
			time = sec = true;
			break;
		case 'm': case 'M':
			month = true;
			break;
		case 'a': case 'A':
			/* AM/PM and A/P are time markers, not months */
			if (strncasecmp(p, "AM/PM", 5) == 0)
				p += 4, time = true;
			else if (strncasecmp(p, "A/P", 3) == 0)
				p += 2, time = true;
			break;
		case 'G': case 'g':
			if (strncasecmp(p, "General", 7) == 0)
				p += 6;
			break;
		default:
			break;
		}
	}
	if (month && !time)
		date = true;
	return (date ? 1u : 0u) | (time ? 2u : 0u) | (sec ? 4u : 0u);
}

/* The built-in number formats that show dates or times (ECMA-376 18.8.30,
 * with the ids Excel gives its Chinese date and time formats). */
static unsigned
builtin_kind(unsigned id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
	    (id >= 50 && id <= 58))
		return 1;
	if (id == 22)
		return 3;
	if (id == 18 || id == 20 || id == 32 || id == 34)
		return 2;
	if (id == 19 || id == 21 || id == 33 || id == 35 ||
	    (id >= 45 && id <= 47))
		return 6;
	return 0;
}

char *
xlsx_col_name(unsigned col, char *out)
{
	char tmp[8];
	int n = 0, i;

	if (col == 0)
		col = 1;
	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return out;
}

/* Parses a cell reference "B12" into column and row (1-based).  Returns
 * false when it is not one; *col or *row past Excel's limits are returned
 * as they are (capped above them) for the caller to refuse. */
static bool
parse_ref(const char *s, unsigned *col, unsigned *row)
{
	unsigned c = 0, r = 0;
	int nl = 0, nd = 0;

	for (; *s == '$' ; s++)
		;
	for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++) {
		if (++nl > 3)
			return false;
		c = c * 26 + (unsigned)((*s | 0x20) - 'a' + 1);
	}
	if (*s == '$')
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++nd > 8)
			return false;
		r = r * 10 + (unsigned)(*s - '0');
	}
	if (*s || nl == 0 || nd == 0 || r == 0)
		return false;
	*col = c;
	*row = r;
	return true;
}

/* A whole unsigned number (row r=, style s=, shared string index). */
static bool
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return false;
	}
	if (*s)
		return false;
	*out = v;
	return true;
}

/* Decodes the _xHHHH_ escapes of OOXML strings in place (_x005F_ is the
 * underscore itself); a lone surrogate or a bad escape stays as it is. */
static size_t
unescape_x(char *s, size_t len)
{
	size_t i = 0, o = 0;

	while (i < len) {
		if (s[i] == '_' && i + 7 <= len && s[i + 1] == 'x' &&
		    s[i + 6] == '_') {
			uint32_t cp = 0;
			int k;

			for (k = 2; k < 6; k++) {
				char c = s[i + k];
				int dv = c >= '0' && c <= '9' ? c - '0' :
				    (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ?
				    (c | 0x20) - 'a' + 10 : -1;
				if (dv < 0)
					break;
				cp = cp * 16 + (uint32_t)dv;
			}
			if (k == 6 && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
				char enc[4];
				size_t n = utf8_encode(cp, enc);

				memcpy(s + o, enc, n);
				o += n;
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

/* ------------------------------------------------------------------ */
/* Parts                                                                */

/* The local part of an element or attribute name ("x:row" → "row"). */
static const char *
local(const char *name)
{
	const char *p, *l = name;

	for (p = name; *p; p++)   /* names are short: no call into libc */
		if (*p == ':')
			l = p + 1;
	return l;
}

static const char *
attr(const char **atts, const char *name)
{
	size_t i;

	for (i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* The r:id attribute: "id" with a prefix (not a plain id=). */
static const char *
rel_id(const char **atts)
{
	size_t i;

	for (i = 0; atts[i]; i += 2)
		if (strchr(atts[i], ':') && strcmp(local(atts[i]), "id") == 0)
			return atts[i + 1];
	return NULL;
}

/* State common to every part being parsed. */
struct parse {
	XML_Parser p;
	const char *part;
	bool dtd;       /* a DOCTYPE or entity declaration was met */
	bool stop;      /* a handler found a fault and reported it */
};

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	struct parse *ps = *(struct parse **)ud;

	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	ps->dtd = true;
	XML_StopParser(ps->p, XML_FALSE);
}

static void XMLCALL
on_entity(void *ud, const XML_Char *name, int is_pe, const XML_Char *value,
    int len, const XML_Char *base, const XML_Char *sysid,
    const XML_Char *pubid, const XML_Char *notation)
{
	struct parse *ps = *(struct parse **)ud;

	(void)name, (void)is_pe, (void)value, (void)len, (void)base;
	(void)sysid, (void)pubid, (void)notation;
	ps->dtd = true;
	XML_StopParser(ps->p, XML_FALSE);
}

enum part_result { PART_OK, PART_MISSING, PART_FAILED };

/* The libzip and expat errors the reader can meet, in Chinese (the
 * libraries' texts are English); others as the library says them. */
static const char *
zip_text(const zip_error_t *ze)
{
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_NOZIP: return "不是 zip 压缩包";
	case ZIP_ER_INCONS: return "压缩包的目录与内容不一致";
	case ZIP_ER_CRC: return "校验和不符";
	case ZIP_ER_EOF: return "文件提前结束";
	case ZIP_ER_READ: return "读取出错";
	case ZIP_ER_SEEK: return "定位出错";
	case ZIP_ER_ZLIB: case ZIP_ER_COMPRESSED_DATA:
		return "压缩数据有误";
	case ZIP_ER_COMPNOTSUPP: return "不支持的压缩方法";
	case ZIP_ER_ENCRNOTSUPP: case ZIP_ER_NOPASSWD: case ZIP_ER_WRONGPASSWD:
		return "设有密码";
	case ZIP_ER_MULTIDISK: return "分卷压缩包";
	case ZIP_ER_NOENT: return "缺少文件";
	case ZIP_ER_MEMORY: return "内存不足";
	default: return zip_error_strerror((zip_error_t *)ze);
	}
}

static const char *
xml_text(enum XML_Error e)
{
	switch (e) {
	case XML_ERROR_SYNTAX: return "语法错误";
	case XML_ERROR_INVALID_TOKEN: return "含有不合 XML 规则的字符";
	case XML_ERROR_UNCLOSED_TOKEN: return "标记没有结束";
	case XML_ERROR_PARTIAL_CHAR: return "字符不完整";
	case XML_ERROR_TAG_MISMATCH: return "开始和结束标签不配对";
	case XML_ERROR_DUPLICATE_ATTRIBUTE: return "属性重复";
	case XML_ERROR_JUNK_AFTER_DOC_ELEMENT: return "根元素之后还有内容";
	case XML_ERROR_NO_ELEMENTS: return "没有任何元素";
	case XML_ERROR_UNDEFINED_ENTITY: return "实体没有定义";
	case XML_ERROR_UNKNOWN_ENCODING: return "编码不明";
	case XML_ERROR_INCORRECT_ENCODING: return "编码与声明不符";
	case XML_ERROR_MISPLACED_XML_PI: return "XML 声明的位置不对";
	case XML_ERROR_UNCLOSED_CDATA_SECTION: return "CDATA 段没有结束";
	case XML_ERROR_INVALID_ARGUMENT: case XML_ERROR_NO_MEMORY:
		return "内存不足";
	default: return XML_ErrorString(e);
	}
}

/* Parses the archive member `part` with the handlers already set on
 * ps->p (whose user data must start with a struct parse *), inflating it
 * in chunks and refusing it when it grows past the limits.  Faults are
 * reported at `name` (line, col for those within a sheet: 1, 1). */
static enum part_result
parse_part(struct xlsx *x, struct parse *ps, const char *name, unsigned line)
{
	char *chunk;
	zip_int64_t idx = zip_name_locate(x->za, ps->part, 0);
	zip_stat_t st;
	zip_file_t *zf;
	uint64_t total = 0, comp;
	zip_int64_t n;
	unsigned col = line ? 1 : 0;

	if (idx < 0)
		return PART_MISSING;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) != 0) {
		diag_msg(D_XLSX_PART_STAT, name, line, col, ps->part);
		return PART_FAILED;
	}
	comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE) {
		diag_msg(D_XLSX_PART_ENCRYPTED, name, line, col);
		return PART_FAILED;
	}
	zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (zf == NULL) {
		diag_msg(D_XLSX_PART_OPEN, name, line, col, ps->part,
		    zip_text(zip_get_error(x->za)));
		return PART_FAILED;
	}
	XML_SetStartDoctypeDeclHandler(ps->p, on_doctype);
	XML_SetEntityDeclHandler(ps->p, on_entity);
	for (;;) {
		enum XML_Status s;

		/* expat's own buffer: no copy of each chunk */
		chunk = XML_GetBuffer(ps->p, CHUNK);
		if (chunk == NULL)
			diag_oom();
		n = zip_fread(zf, chunk, CHUNK);
		if (n < 0) {
			diag_msg(D_XLSX_PART_INFLATE, name, line, col, ps->part,
			    zip_text(zip_file_get_error(zf)));
			zip_fclose(zf);
			return PART_FAILED;
		}
		total += (uint64_t)n;
		if (total > INFLATE_MAX ||
		    (total > INFLATE_FLOOR && total / INFLATE_RATIO > comp)) {
			diag_msg(D_XLSX_BOMB, name, line, col, ps->part);
			zip_fclose(zf);
			return PART_FAILED;
		}
		s = XML_ParseBuffer(ps->p, (int)n, n == 0);
		if (ps->dtd) {
			diag_msg(D_XLSX_DTD, name, line, col, ps->part);
			zip_fclose(zf);
			return PART_FAILED;
		}
		if (ps->stop) {
			zip_fclose(zf);
			return PART_FAILED;
		}
		if (s != XML_STATUS_OK) {
			XML_Size xl = XML_GetCurrentLineNumber(ps->p);

			diag_msg(D_XLSX_XML, name, line, col, ps->part,
			    xl > UINT_MAX ? UINT_MAX : (unsigned)xl,
			    xml_text(XML_GetErrorCode(ps->p)));
			zip_fclose(zf);
			return PART_FAILED;
		}
		if (n == 0)
			break;
	}
	zip_fclose(zf);
	return PART_OK;
}

/* Sets up ps for part with handlers and user data (whose first member is
 * a struct parse *). */
static void
parse_init(struct parse *ps, const char *part, void *ud,
    XML_StartElementHandler start, XML_EndElementHandler end,
    XML_CharacterDataHandler text)
{
	memset(ps, 0, sizeof *ps);
	ps->part = part;
	ps->p = XML_ParserCreate(NULL);
	if (ps->p == NULL)
		diag_oom();
	XML_SetUserData(ps->p, ud);
	XML_SetElementHandler(ps->p, start, end);
	if (text)
		XML_SetCharacterDataHandler(ps->p, text);
}

/* Resolves a relationship target against the folder of the part that
 * names it ("xl/" + "worksheets/sheet1.xml"; "/xl/..." is absolute; ".."
 * goes up).  Caller frees. */
static char *
resolve(const char *base_part, const char *target)
{
	struct buf b = {0};
	const char *slash, *p = target;

	if (*p == '/')
		p++;
	else if ((slash = strrchr(base_part, '/')) != NULL)
		buf_add(&b, base_part, (size_t)(slash - base_part + 1));
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (b.len > 0)
				b.len--;
			while (b.len > 0 && b.s[b.len - 1] != '/')
				b.len--;
			if (b.s)
				b.s[b.len] = '\0';
		} else if (!(n == 1 && p[0] == '.') && n > 0) {
			buf_add(&b, p, n);
			if (e)
				buf_addc(&b, '/');
		}
		p += n + (e != NULL);
	}
	return buf_take(&b);
}

/* --- relationships ---------------------------------------------------- */

struct rel {
	char *id, *type, *target;
};

struct rels_state {
	struct parse *ps;
	struct rel *rels;
	size_t n, cap;
};

static void XMLCALL
rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct rels_state *rs = ud;
	const char *id, *type, *target, *mode;

	if (strcmp(local(el), "Relationship") != 0)
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	mode = attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		return;
	xgrow(&rs->rels, &rs->cap, rs->n + 1, sizeof *rs->rels);
	rs->rels[rs->n].id = xstrdup(id);
	rs->rels[rs->n].type = xstrdup(type);
	rs->rels[rs->n].target = xstrdup(target);
	rs->n++;
}

static void XMLCALL
no_end(void *ud, const XML_Char *el)
{
	(void)ud, (void)el;
}

static enum part_result
read_rels(struct xlsx *x, const char *part, struct rels_state *rs)
{
	struct parse ps;
	enum part_result r;

	memset(rs, 0, sizeof *rs);
	rs->ps = &ps;
	parse_init(&ps, part, rs, rels_start, no_end, NULL);
	r = parse_part(x, &ps, x->name, 0);
	XML_ParserFree(ps.p);
	return r;
}

static void
rels_free(struct rels_state *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->rels[i].id);
		free(rs->rels[i].type);
		free(rs->rels[i].target);
	}
	free(rs->rels);
}

/* Whether a relationship type is .../NAME (transitional or strict). */
static bool
rel_is(const struct rel *r, const char *name)
{
	const char *s = strrchr(r->type, '/');

	return s && strcmp(s + 1, name) == 0;
}

/* --- workbook.xml ------------------------------------------------------ */

struct wb_sheet {
	char *name, *rid;
	bool hidden;
};

struct wb_state {
	struct parse *ps;
	struct xlsx *x;
	struct wb_sheet *sh;
	size_t n, cap;
};

static void XMLCALL
wb_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct wb_state *ws = ud;
	const char *l = local(el), *v;

	if (strcmp(l, "workbookPr") == 0) {
		v = attr(atts, "date1904");
		ws->x->date1904 = v && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
	} else if (strcmp(l, "sheet") == 0) {
		const char *name = attr(atts, "name"), *rid = rel_id(atts);

		if (!name || !rid)
			return;
		if (ws->n >= 65536) {
			diag_msg(D_XLSX_SHEETS, ws->x->name, 0, 0);
			ws->ps->stop = true;
			XML_StopParser(ws->ps->p, XML_FALSE);
			return;
		}
		xgrow(&ws->sh, &ws->cap, ws->n + 1, sizeof *ws->sh);
		ws->sh[ws->n].name = xstrdup(name);
		ws->sh[ws->n].rid = xstrdup(rid);
		v = attr(atts, "state");
		ws->sh[ws->n].hidden = v && strcmp(v, "visible") != 0;
		ws->n++;
	}
}

/* --- sharedStrings.xml -------------------------------------------------- */

struct sst_state {
	struct parse *ps;
	struct xlsx *x;
	bool in_si, in_t;
	unsigned rph;         /* depth inside <rPh> (phonetic runs) */
	size_t start;         /* offset of the current string */
};

static void XMLCALL
sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct sst_state *ss = ud;
	struct xlsx *x = ss->x;
	const char *l = local(el);

	(void)atts;
	if (strcmp(l, "si") == 0) {
		ss->in_si = true;
		ss->start = x->strs.len;
		xgrow(&x->soff, &x->capstrs, x->nstrs + 1, sizeof *x->soff);
	} else if (ss->in_si && strcmp(l, "rPh") == 0) {
		ss->rph++;
	} else if (ss->in_si && strcmp(l, "t") == 0) {
		ss->in_t = true;
	}
}

static void XMLCALL
sst_end(void *ud, const XML_Char *el)
{
	struct sst_state *ss = ud;
	struct xlsx *x = ss->x;
	const char *l = local(el);

	if (strcmp(l, "t") == 0) {
		ss->in_t = false;
	} else if (strcmp(l, "rPh") == 0 && ss->rph) {
		ss->rph--;
	} else if (strcmp(l, "si") == 0 && ss->in_si) {
		size_t n = x->strs.len - ss->start;

		buf_addc(&x->strs, '\0');
		n = unescape_x(x->strs.s + ss->start, n);
		x->strs.len = ss->start + n + 1;
		x->soff[x->nstrs++] = ss->start;
		ss->in_si = false;
		ss->rph = 0;
	}
}

static void XMLCALL
sst_text(void *ud, const XML_Char *s, int len)
{
	struct sst_state *ss = ud;

	if (ss->in_si && ss->in_t && ss->rph == 0)
		buf_add(&ss->x->strs, s, (size_t)len);
}

/* --- styles.xml ------------------------------------------------------------ */

struct numfmt {
	unsigned id;
	unsigned kind;
};

struct styles_state {
	struct parse *ps;
	struct xlsx *x;
	struct numfmt *fmts;
	size_t nfmts, capfmts, capxf;
	bool in_cellxfs;
};

static void XMLCALL
styles_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct styles_state *ss = ud;
	struct xlsx *x = ss->x;
	const char *l = local(el), *v, *code;
	unsigned long id;

	if (strcmp(l, "numFmt") == 0) {
		v = attr(atts, "numFmtId");
		code = attr(atts, "formatCode");
		if (!v || !code || !parse_uint(v, 100000, &id))
			return;
		xgrow(&ss->fmts, &ss->capfmts, ss->nfmts + 1, sizeof *ss->fmts);
		ss->fmts[ss->nfmts].id = (unsigned)id;
		ss->fmts[ss->nfmts].kind = xlsx_format_kind(code);
		ss->nfmts++;
	} else if (strcmp(l, "cellXfs") == 0) {
		ss->in_cellxfs = true;
	} else if (ss->in_cellxfs && strcmp(l, "xf") == 0) {
		unsigned kind = 0;
		size_t i;

		v = attr(atts, "numFmtId");
		if (v && parse_uint(v, 100000, &id)) {
			kind = builtin_kind((unsigned)id);
			for (i = ss->nfmts; i-- > 0;)
				if (ss->fmts[i].id == id) {
					kind = ss->fmts[i].kind;
					break;
				}
		}
		if (x->nxf >= 1u << 20) {
			ss->ps->stop = true;
			diag_msg(D_XLSX_FORMATS, x->name, 0, 0);
			XML_StopParser(ss->ps->p, XML_FALSE);
			return;
		}
		xgrow(&x->xf, &ss->capxf, x->nxf + 1, 1);
		x->xf[x->nxf++] = (unsigned char)kind;
	}
}

static void XMLCALL
styles_end(void *ud, const XML_Char *el)
{
	struct styles_state *ss = ud;

	if (strcmp(local(el), "cellXfs") == 0)
		ss->in_cellxfs = false;
}

/* ------------------------------------------------------------------ */
/* Opening                                                              */

/* What the first bytes say.  Returns true when it is a zip archive; else
 * reports why the file is refused. */
static bool
check_magic(const unsigned char *head, size_t n, const char *name,
    bool encrypted)
{
	static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1,
	    0xB1, 0x1A, 0xE1};

	if (n >= 4 && head[0] == 'P' && head[1] == 'K' &&
	    (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6))
		return true;
	if (n >= 8 && memcmp(head, cfb, 8) == 0) {
		if (encrypted)
			diag_msg(D_XLSX_ENCRYPTED, name, 0, 0);
		else
			diag_msg(D_XLSX_CFB, name, 0, 0);
		return false;
	}
	if (n == 0)
		diag_msg(D_XLSX_EMPTY, name, 0, 0);
	else
		diag_msg(D_XLSX_NOT_ZIP, name, 0, 0);
	return false;
}

/* Whether a 128-byte compound-file directory entry is the stream
 * "EncryptionInfo" of an encrypted OOXML file. */
static bool
cfb_encryption_entry(const unsigned char *e)
{
	static const char name[] = "EncryptionInfo";
	size_t i;

	if (e[64] != 2 * (sizeof name) || e[65] != 0)
		return false;
	for (i = 0; i < sizeof name; i++)
		if (e[2 * i] != (unsigned char)name[i] || e[2 * i + 1] != 0)
			return false;
	return true;
}

/* Scans a compound file for that entry: directory sectors start at
 * multiples of 512 past the header, entries are 128 bytes. */
static bool
cfb_encrypted_mem(const unsigned char *d, size_t len)
{
	size_t off;

	for (off = 512; off + 128 <= len; off += 128)
		if (cfb_encryption_entry(d + off))
			return true;
	return false;
}

static bool
cfb_encrypted_fd(int fd)
{
	unsigned char b[1 << 16];
	ssize_t n;
	off_t pos = 512;

	for (;;) {
		size_t k;

		n = pread(fd, b, sizeof b, pos);
		if (n < 128)
			return false;
		for (k = 0; k + 128 <= (size_t)n; k += 128)
			if (cfb_encryption_entry(b + k))
				return true;
		pos += n - n % 128;
	}
}

static void
sheet_list_free(struct wb_state *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++) {
		free(ws->sh[i].name);
		free(ws->sh[i].rid);
	}
	free(ws->sh);
}

/* Reads the workbook's structure once the archive is open. */
static bool
load(struct xlsx *x)
{
	struct rels_state root, wr;
	struct wb_state ws = {0};
	struct parse ps;
	char *rels_part, *p;
	const char *slash;
	size_t i, k;
	bool ok = false;
	enum part_result r;

	/* _rels/.rels: the office document */
	if (read_rels(x, "_rels/.rels", &root) == PART_FAILED) {
		rels_free(&root);
		return false;
	}
	for (i = 0; i < root.n; i++)
		if (rel_is(&root.rels[i], "officeDocument"))
			break;
	x->wb_part = i < root.n ? resolve("", root.rels[i].target) :
	    xstrdup("xl/workbook.xml");
	rels_free(&root);

	ws.x = x;
	ws.ps = &ps;
	parse_init(&ps, x->wb_part, &ws, wb_start, no_end, NULL);
	r = parse_part(x, &ps, x->name, 0);
	XML_ParserFree(ps.p);
	if (r == PART_MISSING)
		diag_msg(D_XLSX_NO_WORKBOOK, x->name, 0, 0, x->wb_part);
	if (r != PART_OK) {
		sheet_list_free(&ws);
		return false;
	}

	slash = strrchr(x->wb_part, '/');
	rels_part = slash ? xasprintf("%.*s/_rels/%s.rels",
	    (int)(slash - x->wb_part), x->wb_part, slash + 1) :
	    xasprintf("_rels/%s.rels", x->wb_part);
	r = read_rels(x, rels_part, &wr);
	free(rels_part);
	if (r == PART_FAILED)
		goto out;
	x->sheets = xcalloc(ws.n + 1, sizeof *x->sheets);
	for (i = 0; i < ws.n; i++) {
		for (k = 0; k < wr.n; k++)
			if (strcmp(wr.rels[k].id, ws.sh[i].rid) == 0)
				break;
		if (k == wr.n || !rel_is(&wr.rels[k], "worksheet"))
			continue; /* a chart sheet, or dangling */
		x->sheets[x->nsheets].name = xstrdup(ws.sh[i].name);
		x->sheets[x->nsheets].part = resolve(x->wb_part, wr.rels[k].target);
		x->sheets[x->nsheets].hidden = ws.sh[i].hidden;
		x->nsheets++;
	}

	/* shared strings and styles: optional parts */
	for (k = 0; k < wr.n; k++) {
		if (rel_is(&wr.rels[k], "sharedStrings") && x->nstrs == 0) {
			struct sst_state ss = {0};

			p = resolve(x->wb_part, wr.rels[k].target);
			ss.ps = &ps;
			ss.x = x;
			parse_init(&ps, p, &ss, sst_start, sst_end, sst_text);
			r = parse_part(x, &ps, x->name, 0);
			XML_ParserFree(ps.p);
			free(p);
			if (r == PART_FAILED)
				goto out;
		} else if (rel_is(&wr.rels[k], "styles") && x->nxf == 0) {
			struct styles_state ss = {0};

			p = resolve(x->wb_part, wr.rels[k].target);
			ss.ps = &ps;
			ss.x = x;
			parse_init(&ps, p, &ss, styles_start, styles_end, NULL);
			r = parse_part(x, &ps, x->name, 0);
			XML_ParserFree(ps.p);
			free(ss.fmts);
			free(p);
			if (r == PART_FAILED)
				goto out;
		}
	}
	ok = true;
out:
	rels_free(&wr);
	sheet_list_free(&ws);
	return ok;
}

static struct xlsx *
open_archive(zip_source_t *src, const char *name)
{
	struct xlsx *x;
	zip_error_t err;
	zip_t *za;

	zip_error_init(&err);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (za == NULL) {
		diag_msg(D_XLSX_ARCHIVE, name, 0, 0, zip_text(&err));
		zip_error_fini(&err);
		zip_source_free(src);
		return NULL;
	}
	zip_error_fini(&err);
	x = xcalloc(1, sizeof *x);
	x->name = name;
	x->za = za;
	if (!load(x)) {
		xlsx_close(x);
		return NULL;
	}
	return x;
}

struct xlsx *
xlsx_open(const char *path, const char *name)
{
	unsigned char head[8];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	zip_error_t err;
	zip_source_t *src;
	FILE *f;

	if (fd < 0) {
		diag_msg(D_XLSX_OPEN, name, 0, 0, strerror(errno));
		return NULL;
	}
	n = pread(fd, head, sizeof head, 0);
	if (n < 0) {
		diag_msg(D_XLSX_READ, name, 0, 0, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!check_magic(head, (size_t)n, name, n == 8 &&
	    head[0] == 0xD0 && cfb_encrypted_fd(fd))) {
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "rb");
	if (f == NULL) {
		close(fd);
		diag_msg(D_XLSX_READ, name, 0, 0, strerror(errno));
		return NULL;
	}
	zip_error_init(&err);
	src = zip_source_filep_create(f, 0, -1, &err);
	zip_error_fini(&err);
	if (src == NULL) {
		fclose(f);
		diag_msg(D_XLSX_SOURCE, name, 0, 0);
		return NULL;
	}
	return open_archive(src, name);
}

struct xlsx *
xlsx_open_mem(const void *data, size_t len, const char *name)
{
	zip_error_t err;
	zip_source_t *src;

	if (!check_magic(data, len, name, len >= 8 &&
	    cfb_encrypted_mem(data, len)))
		return NULL;
	zip_error_init(&err);
	src = zip_source_buffer_create(data, len, 0, &err);
	zip_error_fini(&err);
	if (src == NULL) {
		diag_msg(D_XLSX_SOURCE, name, 0, 0);
		return NULL;
	}
	return open_archive(src, name);
}

void
xlsx_close(struct xlsx *x)
{
	size_t i;

	if (x == NULL)
		return;
	if (x->za)
		zip_discard(x->za);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	free(x->wb_part);
	buf_free(&x->strs);
	free(x->soff);
	free(x->xf);
	free(x);
}

size_t
xlsx_sheet_count(const struct xlsx *x)
{
	return x->nsheets;
}

const char *
xlsx_sheet_name(const struct xlsx *x, size_t i)
{
	return x->sheets[i].name;
}

bool
xlsx_sheet_hidden(const struct xlsx *x, size_t i)
{
	return x->sheets[i].hidden;
}

bool
xlsx_date1904(const struct xlsx *x)
{
	return x->date1904;
}

/* ------------------------------------------------------------------ */
/* Sheets                                                               */

enum cell_type { CT_N, CT_S, CT_STR, CT_INLINE, CT_B, CT_E, CT_D };

/* A cell of the current row: its column and where its text is. */
struct cellrec {
	unsigned col;      /* 0-based */
	size_t off;        /* into rowbuf */
	size_t len;        /* of the text there */
	unsigned char kind;
};

struct pipe;
static void pipe_cell(struct pipe *pp, unsigned col, const char *text,
    unsigned char kind);
static void pipe_row(struct pipe *pp, unsigned row, size_t n);

struct sheet_state {
	struct parse *ps;
	struct pipe *pipe;       /* rows go to the caller's thread, or NULL */
	struct xlsx *x;
	const char *name;
	xlsx_row_fn fn;
	void *ctx;
	/* position */
	unsigned row;            /* current row number, 0 before the first */
	unsigned last_row;
	unsigned next_col;       /* 0-based column the next cell without r= gets */
	bool in_data, in_row, row_numbered;
	/* the cell being read */
	bool in_cell, in_v, in_is, in_t, has_f, has_v;
	unsigned rph;
	enum cell_type type;
	unsigned style;
	unsigned col;
	struct buf val;          /* <v> text, or the inline string */
	/* the row being built */
	struct buf rowbuf;
	struct cellrec *cells;
	size_t ncells, capcells;
	char **fields;
	unsigned char *kinds;
	size_t capfields;
	char empty[1];
};

static void
sheet_fault(struct sheet_state *ss, unsigned row, unsigned col,
    enum diag_code what)
{
	diag_msg(what, ss->name, row ? row : 1, col ? col : 1);
	ss->ps->stop = true;
	XML_StopParser(ss->ps->p, XML_FALSE);
}

static void
too_big(struct sheet_state *ss)
{
	sheet_fault(ss, 1, 1, D_XLSX_SHEET_SIZE);
}

/* Delivers the current row (when it has a non-empty cell) and clears it. */
static void
row_flush(struct sheet_state *ss)
{
	size_t i, n = 0;

	for (i = 0; i < ss->ncells; i++) {
		struct cellrec *c = &ss->cells[i];
		char *t = csv_trim_n(ss->rowbuf.s + c->off, c->len);

		if (*t == '\0' && c->kind <= XLSX_DATE)
			continue;
		if (c->col + 1 > n)
			n = c->col + 1;
		if (ss->pipe != NULL) {
			/* the thread that checks rows gets the cells as
			 * they are: a value far to the right costs one */
			pipe_cell(ss->pipe, c->col, t, c->kind);
			continue;
		}
		if (c->col + 1 > ss->capfields) {
			size_t old = ss->capfields, k;

			xgrow(&ss->fields, &old, c->col + 1, sizeof *ss->fields);
			ss->kinds = xrealloc(ss->kinds, old);
			for (k = ss->capfields; k < old; k++) {
				ss->fields[k] = ss->empty;
				ss->kinds[k] = XLSX_TEXT;
			}
			ss->capfields = old;
		}
		ss->fields[c->col] = t;
		ss->kinds[c->col] = c->kind;
	}
	if (ss->pipe != NULL)
		pipe_row(ss->pipe, ss->row, n);
	else if (n > 0)
		ss->fn(ss->ctx, ss->row, n, ss->fields, ss->kinds);
	for (i = 0; i < ss->ncells && ss->capfields; i++) {
		unsigned c = ss->cells[i].col;

		if (c < ss->capfields) {
			ss->fields[c] = ss->empty;
			ss->kinds[c] = XLSX_TEXT;
		}
	}
	ss->ncells = 0;
	ss->rowbuf.len = 0;
}

/* Turns the cell just read into its text and kind. */
static void
cell_end(struct sheet_state *ss)
{
	struct xlsx *x = ss->x;
	struct cellrec *c;
	const char *v = ss->val.s ? ss->val.s : "";
	unsigned char kind = XLSX_TEXT;
	char num[48];
	const char *text = NULL;
	size_t tlen = 0;

	switch (ss->type) {
	case CT_S: {
		unsigned long k;

		if (!ss->has_v)
			return;
		if (!parse_uint(v, ULONG_MAX / 2, &k) || k >= x->nstrs) {
			sheet_fault(ss, ss->row, ss->col + 1, D_XLSX_SST_INDEX);
			return;
		}
		/* the strings lie end to end, each with its NUL */
		text = x->strs.s + x->soff[k];
		tlen = (k + 1 < x->nstrs ? x->soff[k + 1] : x->strs.len) -
		    x->soff[k] - 1;
		break;
	}
	case CT_INLINE:
		text = v;
		tlen = unescape_x(ss->val.s ? ss->val.s : ss->empty, ss->val.len);
		break;
	case CT_STR:
		if (ss->has_f && !ss->has_v)
			kind = XLSX_NOVALUE;
		text = v;
		tlen = unescape_x(ss->val.s ? ss->val.s : ss->empty, ss->val.len);
		break;
	case CT_B:
		if (!ss->has_v) {
			if (!ss->has_f)
				return;
			kind = XLSX_NOVALUE;
			text = "";
			break;
		}
		kind = XLSX_BOOL;
		text = strcmp(v, "0") == 0 ? "FALSE" : "TRUE";
		tlen = strlen(text);
		break;
	case CT_E:
		kind = ss->has_v ? XLSX_ERROR : XLSX_NOVALUE;
		text = ss->has_v ? v : "";
		tlen = strlen(text);
		break;
	case CT_D: {
		/* an ISO 8601 date (Strict files): the date, and the time
		 * when there is one */
		char *t;

		if (!ss->has_v || !*v) {
			if (!ss->has_f)
				return;
			kind = XLSX_NOVALUE;
			text = "";
			break;
		}
		kind = XLSX_DATE;
		t = ss->val.s;
		if ((t = strchr(t, 'T')) != NULL) {
			if (strncmp(t + 1, "00:00:00", 8) == 0 ||
			    strcmp(t + 1, "00:00") == 0)
				*t = '\0';
			else
				*t = ' ';
		}
		text = v;
		tlen = strlen(text);
		break;
	}
	case CT_N:
	default: {
		char *end;
		double d;
		unsigned fk;

		if (!ss->has_v || !*v) {
			if (!ss->has_f)
				return;  /* an empty (maybe styled) cell */
			kind = XLSX_NOVALUE;
			text = "";
			break;
		}
		fk = ss->style < x->nxf ? x->xf[ss->style] : 0;
		if (fk == 0) {
			kind = xlsx_number_text(v, num) ? XLSX_NUMBER : XLSX_ERROR;
			text = kind == XLSX_NUMBER ? num : v;
			tlen = strlen(text);
			break;
		}
		errno = 0;
		d = strtod(v, &end);
		while (*end == ' ')
			end++;
		if (*end || end == v || !isfinite(d) || v[0] == 'i' ||
		    v[0] == 'n' || v[0] == 'I' || v[0] == 'N') {
			kind = XLSX_ERROR;
			text = v;
			tlen = strlen(v);
			break;
		}
		/* a date-time at midnight (a datetime written by openpyxl, a
		 * date typed in a date-time format) is that date */
		if ((fk & 3) == 3 && fabs(d - floor(d + 0.5)) * 86400.0 < 0.5)
			fk &= ~6u;
		if (fk && xlsx_date_text(fk & 1 ? d : d - floor(d),
		    x->date1904, (fk & 2) != 0, (fk & 4) != 0, num)) {
			kind = XLSX_DATE;
			/* a time of day alone: its clock time */
			text = (fk & 1) ? num : num + 11;
		} else {
			kind = XLSX_NUMBER;
			text = xlsx_general(d, num);
		}
		tlen = strlen(text);
		break;
	}
	}
	if (text == NULL)
		return;
	xgrow(&ss->cells, &ss->capcells, ss->ncells + 1, sizeof *ss->cells);
	c = &ss->cells[ss->ncells++];
	c->col = ss->col;
	c->kind = kind;
	c->off = ss->rowbuf.len;
	c->len = tlen;
	buf_add(&ss->rowbuf, text, tlen);
	buf_addc(&ss->rowbuf, '\0');
}

/* The r=, t= and s= attributes of a cell, in one pass. */
static void
cell_attrs(const char **atts, const char **r, const char **t, const char **s)
{
	size_t i;

	*r = *t = *s = NULL;
	for (i = 0; atts[i]; i += 2) {
		const char *n = atts[i];

		if (n[0] && n[1] == '\0') {
			if (n[0] == 'r')
				*r = atts[i + 1];
			else if (n[0] == 't')
				*t = atts[i + 1];
			else if (n[0] == 's')
				*s = atts[i + 1];
		} else if (strchr(n, ':')) {
			const char *l = local(n);

			if (strcmp(l, "r") == 0)
				*r = atts[i + 1];
			else if (strcmp(l, "t") == 0)
				*t = atts[i + 1];
			else if (strcmp(l, "s") == 0)
				*s = atts[i + 1];
		}
	}
}

static void XMLCALL
sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct sheet_state *ss = ud;
	const char *l = local(el), *v;

	if (!ss->in_data) {
		if (strcmp(l, "sheetData") == 0)
			ss->in_data = true;
		return;
	}
	if (ss->in_cell) {
		if (l[0] == 'v' && l[1] == '\0') {
			ss->in_v = true;
			ss->has_v = true;
			ss->val.len = 0;
			if (ss->val.s)
				ss->val.s[0] = '\0';
		} else if (strcmp(l, "f") == 0) {
			ss->has_f = true;
		} else if (strcmp(l, "is") == 0) {
			ss->in_is = true;
		} else if (ss->in_is && strcmp(l, "rPh") == 0) {
			ss->rph++;
		} else if (ss->in_is && strcmp(l, "t") == 0) {
			ss->in_t = true;
		}
		return;
	}
	if (strcmp(l, "row") == 0) {
		unsigned long r;

		if (ss->in_row) {      /* a row inside a row: ends it */
			row_flush(ss);
			ss->last_row = ss->row;
		}
		ss->in_row = true;
		ss->next_col = 0;
		v = attr(atts, "r");
		if (v) {
			if (!parse_uint(v, MAX_ROWS + 1ul, &r)) {
				if (v[0] >= '0' && v[0] <= '9')
					too_big(ss);
				else
					sheet_fault(ss, ss->last_row + 1, 1,
					    D_XLSX_ROW_NUMBER);
				return;
			}
			if (r > MAX_ROWS) {
				too_big(ss);
				return;
			}
			if (r == 0 || r <= ss->last_row) {
				sheet_fault(ss, ss->last_row + 1, 1,
				    D_XLSX_ROW_ORDER);
				return;
			}
			ss->row = (unsigned)r;
			ss->row_numbered = true;
		} else {
			ss->row_numbered = false;
			ss->row = ss->last_row + 1;
			if (ss->row > MAX_ROWS) {
				too_big(ss);
				return;
			}
		}
	} else if (l[0] == 'c' && l[1] == '\0' && ss->in_row) {
		unsigned col, row;
		unsigned long s;
		const char *t, *sv;

		ss->in_cell = true;
		ss->in_v = ss->in_is = ss->in_t = ss->has_f = ss->has_v = false;
		ss->rph = 0;
		ss->val.len = 0;
		if (ss->val.s)
			ss->val.s[0] = '\0';
		ss->type = CT_N;
		cell_attrs(atts, &v, &t, &sv);
		if (t != NULL) {
			if (strcmp(t, "s") == 0)
				ss->type = CT_S;
			else if (strcmp(t, "str") == 0)
				ss->type = CT_STR;
			else if (strcmp(t, "inlineStr") == 0)
				ss->type = CT_INLINE;
			else if (strcmp(t, "b") == 0)
				ss->type = CT_B;
			else if (strcmp(t, "e") == 0)
				ss->type = CT_E;
			else if (strcmp(t, "d") == 0)
				ss->type = CT_D;
		}
		ss->style = 0;
		if (sv != NULL && parse_uint(sv, 1u << 24, &s))
			ss->style = (unsigned)s;
		col = ss->next_col + 1;
		if (v != NULL) {
			if (!parse_ref(v, &col, &row)) {
				sheet_fault(ss, ss->row, ss->next_col + 1,
				    D_XLSX_CELL_REF);
				return;
			}
			if (row > MAX_ROWS) {
				too_big(ss);
				return;
			}
			if (!ss->row_numbered && ss->ncells == 0 &&
			    ss->next_col == 0 && row > ss->last_row) {
				ss->row = row;
				ss->row_numbered = true;
			}
			if (row != ss->row) {
				sheet_fault(ss, ss->row, col, D_XLSX_CELL_ROW);
				return;
			}
		}
		if (col > MAX_COLS) {
			too_big(ss);
			return;
		}
		if (col <= ss->next_col) {
			sheet_fault(ss, ss->row, col, D_XLSX_CELL_ORDER);
			return;
		}
		ss->col = col - 1;
		ss->next_col = col;
	}
}

static void XMLCALL
sheet_end(void *ud, const XML_Char *el)
{
	struct sheet_state *ss = ud;
	const char *l = local(el);

	if (!ss->in_data)
		return;
	if (ss->in_cell) {
		if (l[0] == 'v' && l[1] == '\0')
			ss->in_v = false;
		else if (strcmp(l, "t") == 0)
			ss->in_t = false;
		else if (strcmp(l, "rPh") == 0 && ss->rph)
			ss->rph--;
		else if (strcmp(l, "is") == 0)
			ss->in_is = false;
		else if (l[0] == 'c' && l[1] == '\0') {
			ss->in_cell = false;
			cell_end(ss);
		}
		return;
	}
	if (strcmp(l, "row") == 0 && ss->in_row) {
		row_flush(ss);
		ss->in_row = false;
		ss->last_row = ss->row;
	} else if (strcmp(l, "sheetData") == 0) {
		ss->in_data = false;
	}
}

static void XMLCALL
sheet_text(void *ud, const XML_Char *s, int len)
{
	struct sheet_state *ss = ud;

	if (!ss->in_cell)
		return;
	if (ss->in_v || (ss->in_is && ss->in_t && ss->rph == 0))
		buf_add(&ss->val, s, (size_t)len);
}

/* Rows from the thread that inflates and parses a sheet to the caller's,
 * which runs the callback: a ring of batches, so that on two cores the
 * reading of a large sheet costs about what its longer half does. */
#define PIPE_BATCHES 4
#define PIPE_ROWS 512

struct batch {
	struct buf text;         /* the cells' texts, each ending NUL */
	unsigned *rows;          /* [nrows]: row numbers */
	size_t *width;           /* [nrows]: each row's n */
	size_t *first;           /* [nrows + 1]: each row's first cell */
	unsigned *col;           /* [ncells]: the non-empty cells' columns */
	size_t *off;             /* [ncells]: their texts' offsets */
	unsigned char *kinds;    /* [ncells] */
	size_t nrows, ncells, capcells;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch b[PIPE_BATCHES];
	bool full[PIPE_BATCHES];
	size_t w, r;             /* the batch being filled, being emptied */
	bool done;               /* no more batches */
};

/* Passes the batch being filled on to the caller and waits for the next
 * one to be free. */
static void
pipe_send(struct pipe *pp)
{
	pthread_mutex_lock(&pp->mu);
	pp->full[pp->w] = true;
	pp->w = (pp->w + 1) % PIPE_BATCHES;
	pthread_cond_broadcast(&pp->cv);
	while (pp->full[pp->w])
		pthread_cond_wait(&pp->cv, &pp->mu);
	pthread_mutex_unlock(&pp->mu);
}

/* One non-empty cell of the row being sent. */
static void
pipe_cell(struct pipe *pp, unsigned col, const char *text, unsigned char kind)
{
	struct batch *b = &pp->b[pp->w];

	if (b->ncells == b->capcells) {
		size_t cap = b->capcells;

		xgrow(&b->off, &cap, b->ncells + 1, sizeof *b->off);
		b->col = xrealloc(b->col, cap * sizeof *b->col);
		b->kinds = xrealloc(b->kinds, cap);
		b->capcells = cap;
	}
	b->col[b->ncells] = col;
	b->off[b->ncells] = b->text.len;
	buf_add(&b->text, text, strlen(text) + 1);
	b->kinds[b->ncells++] = kind;
}

/* Ends the row being sent: row number `row`, n columns (its cells are
 * dropped when n is 0). */
static void
pipe_row(struct pipe *pp, unsigned row, size_t n)
{
	struct batch *b = &pp->b[pp->w];

	if (n == 0) {
		b->ncells = b->first[b->nrows];
		return;
	}
	b->rows[b->nrows] = row;
	b->width[b->nrows] = n;
	b->first[++b->nrows] = b->ncells;
	if (b->nrows == PIPE_ROWS)
		pipe_send(pp);
}

struct reader {
	struct xlsx *x;
	struct sheet_state *ss;
	struct parse *ps;
	const char *name;
	enum part_result r;
	struct diag_held *held;  /* its messages, after the rows' */
};

static void *
reader_main(void *arg)
{
	struct reader *rd = arg;
	struct pipe *pp = rd->ss->pipe;

	if (pp != NULL)
		rd->held = diag_hold();
	rd->r = parse_part(rd->x, rd->ps, rd->name, 1);
	if (rd->r == PART_OK && rd->ss->in_row)
		row_flush(rd->ss);
	if (pp == NULL)
		return NULL;
	pthread_mutex_lock(&pp->mu);
	if (pp->b[pp->w].nrows > 0) {
		pp->full[pp->w] = true;
		pp->w = (pp->w + 1) % PIPE_BATCHES;
	}
	pp->done = true;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
	return NULL;
}

/* Runs the callback on every row the reader thread sends, until it is
 * done. */
static void
pipe_drain(struct pipe *pp, xlsx_row_fn fn, void *ctx)
{
	char **cells = NULL, empty[1] = "";
	unsigned char *kinds = NULL;
	size_t capcells = 0;

	for (;;) {
		struct batch *b;
		size_t k, i;

		pthread_mutex_lock(&pp->mu);
		while (!pp->full[pp->r] && !pp->done)
			pthread_cond_wait(&pp->cv, &pp->mu);
		if (!pp->full[pp->r]) {
			pthread_mutex_unlock(&pp->mu);
			break;
		}
		pthread_mutex_unlock(&pp->mu);
		b = &pp->b[pp->r];
		for (k = 0; k < b->nrows; k++) {
			size_t n = b->width[k];

			if (n > capcells) {
				size_t old = capcells;

				xgrow(&cells, &capcells, n, sizeof *cells);
				kinds = xrealloc(kinds, capcells);
				for (i = old; i < capcells; i++) {
					cells[i] = empty;
					kinds[i] = XLSX_TEXT;
				}
			}
			for (i = b->first[k]; i < b->first[k + 1]; i++) {
				cells[b->col[i]] = b->text.s + b->off[i];
				kinds[b->col[i]] = b->kinds[i];
			}
			fn(ctx, b->rows[k], n, cells, kinds);
			for (i = b->first[k]; i < b->first[k + 1]; i++) {
				cells[b->col[i]] = empty;
				kinds[b->col[i]] = XLSX_TEXT;
			}
		}
		pthread_mutex_lock(&pp->mu);
		b->nrows = 0;
		b->ncells = 0;
		b->text.len = 0;
		pp->full[pp->r] = false;
		pp->r = (pp->r + 1) % PIPE_BATCHES;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
	}
	free(cells);
	free(kinds);
}

bool
xlsx_read_sheet(struct xlsx *x, size_t i, const char *name, xlsx_row_fn fn,
    void *ctx)
{
	struct sheet_state ss = {0};
	struct parse ps;
	struct pipe pp;
	struct reader rd = {x, &ss, &ps, name, PART_FAILED, NULL};
	pthread_t th;
	size_t k;

	ss.ps = &ps;
	ss.x = x;
	ss.name = name;
	ss.fn = fn;
	ss.ctx = ctx;
	parse_init(&ps, x->sheets[i].part, &ss, sheet_start, sheet_end,
	    sheet_text);
	memset(&pp, 0, sizeof pp);
	for (k = 0; k < PIPE_BATCHES; k++) {
		pp.b[k].rows = xmalloc(PIPE_ROWS * sizeof *pp.b[k].rows);
		pp.b[k].width = xmalloc(PIPE_ROWS * sizeof *pp.b[k].width);
		pp.b[k].first = xcalloc(PIPE_ROWS + 1, sizeof *pp.b[k].first);
	}
	pthread_mutex_init(&pp.mu, NULL);
	pthread_cond_init(&pp.cv, NULL);
	ss.pipe = &pp;
	if (pthread_create(&th, NULL, reader_main, &rd) == 0) {
		pipe_drain(&pp, fn, ctx);
		pthread_join(th, NULL);
		diag_release(rd.held);
	} else {
		/* no thread: the rows go straight to fn */
		ss.pipe = NULL;
		reader_main(&rd);
	}
	if (rd.r == PART_MISSING)
		diag_msg(D_XLSX_SHEET_MISSING, name, 1, 1, x->sheets[i].part);
	XML_ParserFree(ps.p);
	for (k = 0; k < PIPE_BATCHES; k++) {
		buf_free(&pp.b[k].text);
		free(pp.b[k].rows);
		free(pp.b[k].width);
		free(pp.b[k].first);
		free(pp.b[k].col);
		free(pp.b[k].off);
		free(pp.b[k].kinds);
	}
	pthread_cond_destroy(&pp.cv);
	pthread_mutex_destroy(&pp.mu);
	buf_free(&ss.val);
	buf_free(&ss.rowbuf);
	free(ss.cells);
	free(ss.fields);
	free(ss.kinds);
	return rd.r == PART_OK;
}
