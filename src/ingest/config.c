/* config.c: kaohe.ini (SPEC sections 3 and 7).
 *
 * Both texts (the built-in template and the data set's) are cut into entries
 * that remember their line; the settings are then taken from the merged list
 * through one table of keys, each with the parser of its kind, so that every
 * complaint points at the line that caused it.  The reader is kaohe's own:
 * no line length limit (a long value is never cut into a second key), a NUL
 * byte, a line that is neither "name = value" nor [section], a section or a
 * key given twice in one file are errors with their line. */
#include "ingest/config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "ingest/csv_read.h"
#include "ingest/parse.h"
#include "templates.h"
#include "util.h"

struct entry {
	char *section, *key, *value;
	const char *file; /* display name */
	unsigned line;
	unsigned scol, kcol, vcol; /* columns of the section, key and value:
	                              1 in an INI file; a 设置 sheet's */
	bool ours;        /* from the data set (not the template) */
};

struct section_seen {
	char *name;
	const char *file;
	unsigned line;
};

struct ini {
	struct entry *entries;
	size_t nentries, capentries;
	struct section_seen *sections;
	size_t nsections, capsections;
	bool ok;
};

/* The sections a data set's file replaces whole. */
static const char *const whole_sections[] = {"weights", "periods", "records"};

/* The record types of records.csv (SPEC section 2), the only keys [records]
 * may have.  To add one: add it here. */
const char *const record_type_names[] = {
	"支部党员大会", "支委会", "党小组会", "党课", "主题党日", "组织生活会",
	"民主评议党员", "其他", NULL,
};

bool
config_record_type(const char *type)
{
	size_t i;

	for (i = 0; record_type_names[i]; i++)
		if (strcmp(record_type_names[i], type) == 0)
			return true;
	return false;
}

/* --- reading the text ------------------------------------------------ */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A copy of s[0..n) trimmed of spaces, tabs and U+3000. */
static char *
trimmed(const char *s, size_t n)
{
	char *raw = xstrndup(s, n);
	char *out = xstrdup(csv_trim(raw));

	free(raw);
	return out;
}

static const struct section_seen *
section_in(const struct ini *in, const char *file, const char *name)
{
	size_t i;

	for (i = 0; i < in->nsections; i++)
		if (in->sections[i].file == file &&
		    strcasecmp(in->sections[i].name, name) == 0)
			return &in->sections[i];
	return NULL;
}

static const struct entry *
entry_in(const struct ini *in, size_t from, const char *file,
    const char *section, const char *key)
{
	size_t i;

	for (i = from; i < in->nentries; i++)
		if (in->entries[i].file == file &&
		    strcasecmp(in->entries[i].section, section) == 0 &&
		    strcasecmp(in->entries[i].key, key) == 0)
			return &in->entries[i];
	return NULL;
}

/* The line number to report for physical line `line` of the text: map
 * (config_load_text()'s rows) gives it for lines under nmap. */
static unsigned
mapped(unsigned line, const unsigned *map, size_t nmap)
{
	return map && line >= 1 && line < nmap ? map[line] : line;
}

/* One physical line s[0..n) (no line end), line `no` of file. */
static void
ini_line(struct ini *in, size_t first, const char *s, size_t n,
    const char *file, unsigned no, char **section, bool ours,
    const struct config_cols *cols)
{
	const char *end = s + n, *p = s, *eq, *v, *q;
	struct entry *e;
	char *key;

	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p == ';' || *p == '#')
		return;
	if (*p == '[') {
		struct section_seen *sec;
		const struct section_seen *old;
		char *name;

		for (q = p + 1; q < end && *q != ']'; q++)
			;
		if (q == end) {
			diag(DIAG_ERROR, file, no, (unsigned)(p - s) + 1,
			    "节名缺少“]”");
			in->ok = false;
			return;
		}
		name = trimmed(p + 1, (size_t)(q - p - 1));
		if ((old = section_in(in, file, name)) != NULL) {
			diag(DIAG_ERROR, file, no, 1, "[%s] 节重复出现（第 %u "
			    "行已有），请合并为一节", name, old->line);
			in->ok = false;
		} else {
			xgrow(&in->sections, &in->capsections,
			    in->nsections + 1, sizeof *in->sections);
			sec = &in->sections[in->nsections++];
			sec->name = xstrdup(name);
			sec->file = file;
			sec->line = no;
		}
		free(*section);
		*section = name;
		return;
	}
	if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL) {
		diag(DIAG_ERROR, file, no, (unsigned)(p - s) + 1,
		    "这一行既不是“名称 = 值”，也不是 [节名]");
		in->ok = false;
		return;
	}
	key = trimmed(p, (size_t)(eq - p));
	if (*key == '\0') {
		diag(DIAG_ERROR, file, no, (unsigned)(p - s) + 1,
		    "“=”前缺少设置名称");
		in->ok = false;
		free(key);
		return;
	}
	{
		const struct entry *old = entry_in(in, first, file, *section, key);

		if (old != NULL) {
			diag(DIAG_ERROR, file, no, cols ? cols->key : 1,
			    "[%s] %s 重复设置（第 %u "
			    "行已有）", *section, key, old->line);
			in->ok = false;
			free(key);
			return;
		}
	}
	/* the value: up to a ';' after white space (a comment) */
	v = eq + 1;
	for (q = v; q < end; q++)
		if (*q == ';' && q > v && is_blank(q[-1]))
			break;
	xgrow(&in->entries, &in->capentries, in->nentries + 1,
	    sizeof *in->entries);
	e = &in->entries[in->nentries++];
	e->section = xstrdup(*section);
	e->key = key;
	e->value = trimmed(v, (size_t)(q - v));
	e->file = file;
	e->line = no;
	e->scol = cols ? cols->section : 1;
	e->kcol = cols ? cols->key : 1;
	e->vcol = cols ? cols->value : 1;
	e->ours = ours;
}

/* Cuts text into lines (LF, CR LF or CR) and reads each. */
static void
ini_text(struct ini *in, const char *text, size_t len, const char *file,
    const unsigned *map, size_t nmap, bool ours,
    const struct config_cols *cols)
{
	size_t pos = 0, first = in->nentries;
	unsigned no = 0;
	char *section = xstrdup("");

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		size_t n = 0;
		const char *s = text + pos, *nul;

		while (pos + n < len && s[n] != '\n' && s[n] != '\r')
			n++;
		no++;
		if ((nul = memchr(s, '\0', n)) != NULL) {
			diag(DIAG_ERROR, file, mapped(no, map, nmap),
			    (unsigned)(nul - s) + 1, "这一行含有 NUL 字节"
			    "（不是文本文件？），整行不用");
			in->ok = false;
		} else
			ini_line(in, first, s, n, file, mapped(no, map, nmap),
			    &section, ours, cols);
		pos += n;
		if (pos < len && text[pos] == '\r') {
			pos++;
			if (pos < len && text[pos] == '\n')
				pos++;
		} else if (pos < len && text[pos] == '\n')
			pos++;
	}
	free(section);
}

/* --- the merged settings --------------------------------------------- */

struct merged {
	struct entry **e;
	size_t n;
	const struct ini *in;
	const char *name;   /* the data set's file */
};

/* The merged value of section.key: the last entry wins. */
static const struct entry *
lookup(const struct merged *m, const char *section, const char *key)
{
	const struct entry *found = NULL;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcasecmp(m->e[i]->section, section) == 0 &&
		    strcasecmp(m->e[i]->key, key) == 0)
			found = m->e[i];
	return found;
}

/* Splits s at ';' (or '；') into trimmed non-empty parts. */
static char **
split_list(const char *s, size_t *count)
{
	char **out = NULL, *copy = xstrdup(s), *p = copy, *part;
	size_t n = 0, cap = 0;

	for (;;) {
		char *semi = strchr(p, ';');
		char *wide = strstr(p, "；");
		char *cut = semi;

		if (wide && (!cut || wide < cut))
			cut = wide;
		if (cut)
			*cut = '\0';
		part = p;
		while (is_blank(*part))
			part++;
		{
			char *e = part + strlen(part);
			while (e > part && is_blank(e[-1]))
				*--e = '\0';
		}
		if (*part) {
			xgrow(&out, &cap, n + 1, sizeof *out);
			out[n++] = xstrdup(part);
		}
		if (!cut)
			break;
		p = cut + (cut == semi ? 1 : strlen("；"));
	}
	free(copy);
	*count = n;
	return out;
}

/* A parser of one kind of value: stores e's value into the field (a member
 * of cfg) or reports e's line and returns false.  e is NULL when no file
 * sets the key: the parser then stores the default. */
typedef bool (*key_parser)(struct config *cfg, const struct entry *e,
    void *field);

static bool
p_text(struct config *cfg, const struct entry *e, void *field)
{
	(void)cfg;
	*(char **)field = xstrdup(e ? e->value : "");
	return true;
}

static bool
p_year(struct config *cfg, const struct entry *e, void *field)
{
	(void)cfg;
	if (e && !parse_whole(e->value, field)) {
		diag(DIAG_ERROR, e->file, e->line, e->vcol, "[%s] %s = “%s”不是年份",
		    e->section, e->key, e->value);
		return false;
	}
	return true;
}

static bool
p_years(struct config *cfg, const struct entry *e, void *field)
{
	(void)cfg;
	*(int *)field = 3;
	if (e && !parse_whole(e->value, field)) {
		diag(DIAG_ERROR, e->file, e->line, e->vcol, "[%s] %s = “%s”不是整数年",
		    e->section, e->key, e->value);
		return false;
	}
	return true;
}

/* A date; empty leaves the field zero (no date). */
static bool
p_date(struct config *cfg, const struct entry *e, void *field)
{
	(void)cfg;
	if (e && *e->value && !parse_date(e->value, field)) {
		diag(DIAG_ERROR, e->file, e->line, e->vcol, "[%s] %s = “%s”不是有效"
		    "日期（如 2026-01-15）", e->section, e->key, e->value);
		return false;
	}
	return true;
}

static bool
p_yes_no(struct config *cfg, const struct entry *e, void *field)
{
	static const char *const yes[] = {"yes", "true", "on", "1", "是"};
	static const char *const no[] = {"no", "false", "off", "0", "否"};
	size_t i;

	(void)cfg;
	*(bool *)field = true;
	if (e == NULL || *e->value == '\0')
		return true;
	for (i = 0; i < ARRAY_LEN(yes); i++)
		if (strcasecmp(e->value, yes[i]) == 0)
			return true;
	for (i = 0; i < ARRAY_LEN(no); i++)
		if (strcasecmp(e->value, no[i]) == 0) {
			*(bool *)field = false;
			return true;
		}
	diag(DIAG_ERROR, e->file, e->line, e->vcol, "[%s] %s = “%s”：只能是 yes "
	    "或 no", e->section, e->key, e->value);
	return false;
}

/* A count; empty stores -1 (the default that depends on other settings). */
static bool
p_count(struct config *cfg, const struct entry *e, void *field)
{
	(void)cfg;
	*(int *)field = -1;
	if (e && *e->value && !parse_whole(e->value, field)) {
		diag(DIAG_ERROR, e->file, e->line, e->vcol, "[%s] %s = “%s”不是整数",
		    e->section, e->key, e->value);
		*(int *)field = -1;
		return false;
	}
	return true;
}

static bool
p_levels(struct config *cfg, const struct entry *e, void *field)
{
	size_t n = 0, i;
	char **parts;
	bool ok;

	(void)field;
	if (e == NULL)
		return true;
	parts = split_list(e->value, &n);
	ok = n > 0;
	cfg->levels = xcalloc(n, sizeof *cfg->levels);
	for (i = 0; i < n; i++) {
		char *sp = parts[i] + strlen(parts[i]);
		int64_t min = 0;

		while (sp > parts[i] && !is_blank(sp[-1]))
			sp--;
		if (sp == parts[i] || !parse_number(sp, &min)) {
			diag(DIAG_ERROR, e->file, e->line, e->vcol,
			    "[rating] levels：“%s”应为等次名称加最低分，"
			    "如“合格 60”", parts[i]);
			ok = false;
		} else {
			char *end = sp;
			while (end > parts[i] && is_blank(end[-1]))
				end--;
			cfg->levels[cfg->nlevels].name =
			    xstrndup(parts[i], (size_t)(end - parts[i]));
			cfg->levels[cfg->nlevels].min = min;
			if (cfg->nlevels > 0 &&
			    cfg->levels[cfg->nlevels - 1].min <= min) {
				diag(DIAG_ERROR, e->file, e->line, e->vcol,
				    "[rating] levels 须按最低分从高到低排列");
				ok = false;
			}
			cfg->nlevels++;
		}
		free(parts[i]);
	}
	free(parts);
	if (n == 0)
		diag(DIAG_ERROR, e->file, e->line, e->vcol, "[rating] levels 为空");
	return ok;
}

static bool
p_percent(struct config *cfg, const struct entry *e, void *field)
{
	(void)cfg;
	if (e && *e->value && (!parse_number(e->value, field) ||
	    *(int64_t *)field > 10000)) {
		diag(DIAG_ERROR, e->file, e->line, e->vcol, "[%s] %s = “%s”不是 0 到 "
		    "100 之间的百分比", e->section, e->key, e->value);
		return false;
	}
	return true;
}

static bool
p_list(struct config *cfg, const struct entry *e, void *field)
{
	(void)field;
	if (e)
		cfg->veto_reasons = split_list(e->value, &cfg->nveto_reasons);
	return true;
}

static bool
p_total(struct config *cfg, const struct entry *e, void *field)
{
	*(int64_t *)field = 10000;
	cfg->rubric_total_line = e && e->ours ? e->line : 0;
	cfg->rubric_total_col = e && e->ours ? e->vcol : 1;
	if (e && (!parse_number(e->value, field) || *(int64_t *)field == 0)) {
		diag(DIAG_ERROR, e->file, e->line, e->vcol, "[%s] %s = “%s”不是正数",
		    e->section, e->key, e->value);
		return false;
	}
	return true;
}

static bool
p_encoding(struct config *cfg, const struct entry *e, void *field)
{
	(void)cfg;
	*(char **)field = xstrdup(e ? e->value : "");
	if (e && *e->value && !csv_encoding_known(e->value)) {
		diag(DIAG_ERROR, e->file, e->line, e->vcol, "[%s] %s = “%s”不是本系统"
		    "认识的编码（可用 GB18030 或 UTF-8）", e->section, e->key,
		    e->value);
		return false;
	}
	return true;
}

/* Every key of kaohe.ini with its kind.  To add a key: a line here, its
 * member in struct config (model.h), its default in templates/kaohe.ini. */
#define F(member) offsetof(struct config, member)
static const struct key {
	const char *section, *key;
	key_parser parse;
	size_t field;
} keys[] = {
	{"report", "organization", p_text, F(organization)},
	{"report", "year", p_year, F(year)},
	{"report", "title", p_text, F(title)},
	{"report", "date", p_date, F(date)},
	{"report", "doc_number", p_text, F(doc_number)},
	{"rating", "levels", p_levels, F(levels)},
	{"rating", "advanced_quota", p_percent, F(advanced_quota)},
	{"veto", "reasons", p_list, F(veto_reasons)},
	{"branches", "term_years", p_years, F(term_years)},
	{"rubric", "total", p_total, F(rubric_total)},
	{"fonts", "song", p_text, F(fonts[FONT_SONG])},
	{"fonts", "hei", p_text, F(fonts[FONT_HEI])},
	{"fonts", "kai", p_text, F(fonts[FONT_KAI])},
	{"fonts", "fangsong", p_text, F(fonts[FONT_FANGSONG])},
	{"fonts", "xiaobiaosong", p_text, F(fonts[FONT_XIAOBIAOSONG])},
	{"fonts", "fallback", p_text, F(fonts[FONT_FALLBACK])},
	{"input", "encoding", p_encoding, F(encoding)},
	{"files", "rubric", p_text, F(files[DF_RUBRIC])},
	{"files", "branches", p_text, F(files[DF_BRANCHES])},
	{"files", "scores", p_text, F(files[DF_SCORES])},
	{"files", "vetoes", p_text, F(files[DF_VETOES])},
	{"files", "records", p_text, F(files[DF_RECORDS])},
	{"files", "workers", p_text, F(files[DF_WORKERS])},
	{"files", "members", p_text, F(files[DF_MEMBERS])},
	{"notice", "letterhead", p_yes_no, F(letterhead)},
	{"notice", "cc", p_text, F(cc)},
	{"notice", "printed_by", p_text, F(printed_by)},
	{"notice", "printed_on", p_date, F(printed_on)},
	{"handbook", "forms", p_count, F(handbook_forms)},
};
#undef F

/* Sections that are maps of name → whole number, read whole. */
static bool weights_section(struct config *, const struct merged *,
    const char *);
static bool records_section(struct config *, const struct merged *,
    const char *);
static const struct {
	const char *section;
	bool (*parse)(struct config *cfg, const struct merged *m,
	    const char *section);
} maps[] = {
	{"weights", weights_section},
	{"periods", weights_section},
	{"records", records_section},
};

static bool
weights_section(struct config *cfg, const struct merged *m, const char *section)
{
	struct named_weight **out = strcmp(section, "weights") == 0 ?
	    &cfg->sources : &cfg->periods;
	size_t *nout = strcmp(section, "weights") == 0 ?
	    &cfg->nsources : &cfg->nperiods;
	const struct section_seen *sec;
	const char *file = NULL;
	long sum = 0;
	size_t i;
	bool ok = true;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < m->n; i++) {
		struct named_weight *w;
		int v;

		if (strcasecmp(m->e[i]->section, section) != 0)
			continue;
		file = m->e[i]->file;
		if (!parse_whole(m->e[i]->value, &v)) {
			diag(DIAG_ERROR, m->e[i]->file, m->e[i]->line, m->e[i]->vcol,
			    "[%s] %s = “%s”：权重须为整数百分比",
			    section, m->e[i]->key, m->e[i]->value);
			ok = false;
			v = 0;
		}
		*out = xrealloc(*out, (*nout + 1) * sizeof **out);
		w = &(*out)[(*nout)++];
		w->name = xstrdup(m->e[i]->key);
		w->weight = v;
		w->line = m->e[i]->line;
		sum += v;
	}
	/* the data set's section, even when it is empty */
	sec = section_in(m->in, file ? file : m->name, section);
	if (sum != 100) {
		diag(DIAG_ERROR, sec ? sec->file : file, sec ? sec->line : 0, 1,
		    "[%s] 的权重合计 %ld，应为 100", section, sum);
		ok = false;
	}
	return ok;
}

static bool
records_section(struct config *cfg, const struct merged *m, const char *section)
{
	size_t i;
	bool ok = true;

	for (i = 0; i < m->n; i++) {
		const struct entry *e = m->e[i];
		struct record_min *r;
		int v;

		if (strcasecmp(e->section, section) != 0)
			continue;
		if (!parse_whole(e->value, &v)) {
			diag(DIAG_ERROR, e->file, e->line, e->vcol,
			    "[records] %s = “%s”：每年最少次数须为整数",
			    e->key, e->value);
			ok = false;
			continue;
		}
		if (!config_record_type(e->key)) {
			diag(DIAG_WARNING, e->file, e->line, e->kcol,
			    "[records] %s 不是记录类型（支部党员大会、支委会、"
			    "党小组会、党课、主题党日、组织生活会、民主评议党员、"
			    "其他），不用", e->key);
			continue;
		}
		cfg->record_mins = xrealloc(cfg->record_mins,
		    (cfg->nrecord_mins + 1) * sizeof *cfg->record_mins);
		r = &cfg->record_mins[cfg->nrecord_mins++];
		r->type = xstrdup(e->key);
		r->min = v;
	}
	return ok;
}

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(s, list[i]) == 0)
			return true;
	return false;
}

/* Warns about the data set's sections and keys that nothing reads. */
static void
warn_unknown(const struct entry *e)
{
	bool sec_known = false, key_known = false;
	size_t k;

	for (k = 0; k < ARRAY_LEN(maps); k++)
		if (strcasecmp(maps[k].section, e->section) == 0)
			sec_known = key_known = true;
	for (k = 0; k < ARRAY_LEN(keys); k++)
		if (strcasecmp(keys[k].section, e->section) == 0) {
			sec_known = true;
			if (strcasecmp(keys[k].key, e->key) == 0)
				key_known = true;
		}
	if (!sec_known)
		diag(DIAG_WARNING, e->file, e->line, e->scol,
		    "不认识的节 [%s]，不用", e->section);
	else if (!key_known)
		diag(DIAG_WARNING, e->file, e->line, e->kcol,
		    "[%s] 中不认识的设置“%s”，不用", e->section, e->key);
}

/* The first byte that is not UTF-8: its line (1-based) and column (in
 * characters, 1-based).  Returns false when all of text is UTF-8. */
static bool
first_bad_byte(const char *text, size_t len, unsigned *line, unsigned *col)
{
	size_t i = 0;

	*line = 1;
	*col = 1;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(text + i, len - i, &cp);

		if (n == 0)
			return true;
		if (text[i] == '\n' || (text[i] == '\r' &&
		    (i + 1 >= len || text[i + 1] != '\n'))) {
			(*line)++;
			*col = 1;
		} else if (text[i] != '\r')
			(*col)++;
		i += n;
	}
	return false;
}

static bool
load(struct config *cfg, const char *text, size_t len, const char *name,
    const unsigned *map, size_t nmap, const struct config_cols *cols,
    int read_error)
{
	struct ini in = {0};
	struct merged m = {0};
	size_t tlen, ntemplate, i, k;
	const char *ttext = template_get("kaohe.ini", &tlen);
	bool ok = true, unusable = false;

	memset(cfg, 0, sizeof *cfg);
	in.ok = true;
	ini_text(&in, ttext, tlen, "templates/kaohe.ini", NULL, 0, false,
	    NULL);
	ntemplate = in.nentries;
	if (read_error != 0) {
		diag(DIAG_ERROR, name, 1, 1, "无法读取设置文件：%s",
		    file_strerror(read_error));
		ok = false;
		unusable = true;
	} else if (text != NULL) {
		unsigned line, col;

		if (first_bad_byte(text, len, &line, &col)) {
			/* one message: the rest would be noise */
			diag(DIAG_ERROR, name, mapped(line, map, nmap), col,
			    "kaohe.ini 须保存为 UTF-8 编码（这里的字节不是 "
			    "UTF-8），整个文件不用");
			ok = false;
			unusable = true;
		} else
			ini_text(&in, text, len, name, map, nmap, true, cols);
	}
	ok = ok && in.ok;

	/* Merge: template entries unless the data set replaces the section
	 * whole, then the data set's entries (later ones win in lookup). */
	m.e = xcalloc(in.nentries, sizeof *m.e);
	m.in = &in;
	m.name = name;
	for (i = 0; i < ntemplate; i++) {
		const char *sec = in.entries[i].section;

		if (in_list(sec, whole_sections, ARRAY_LEN(whole_sections)) &&
		    section_in(&in, name, sec) != NULL)
			continue;
		m.e[m.n++] = &in.entries[i];
	}
	for (i = ntemplate; i < in.nentries; i++) {
		warn_unknown(&in.entries[i]);
		m.e[m.n++] = &in.entries[i];
	}

	for (k = 0; k < ARRAY_LEN(keys); k++)
		if (!keys[k].parse(cfg, lookup(&m, keys[k].section, keys[k].key),
		    (char *)cfg + keys[k].field))
			ok = false;
	for (k = 0; k < ARRAY_LEN(maps); k++)
		if (!maps[k].parse(cfg, &m, maps[k].section))
			ok = false;

	if (unusable) {
		/* The data set's own settings are unknown: checks that depend
		 * on them would blame the data for the template's values.  A
		 * weight of 0 makes no score required (SPEC 7), and an empty
		 * reason list takes any veto reason. */
		for (i = 0; i < cfg->nsources; i++)
			cfg->sources[i].weight = 0;
		for (i = 0; i < cfg->nperiods; i++)
			cfg->periods[i].weight = 0;
		for (i = 0; i < cfg->nveto_reasons; i++)
			free(cfg->veto_reasons[i]);
		free(cfg->veto_reasons);
		cfg->veto_reasons = NULL;
		cfg->nveto_reasons = 0;
	}

	/* Defaults that depend on other keys, and checks across keys. */
	if (*cfg->printed_by == '\0') {
		free(cfg->printed_by);
		cfg->printed_by = xstrdup(cfg->organization);
	}
	if (cfg->printed_on.year == 0)
		cfg->printed_on = cfg->date;
	if (cfg->nlevels == 0) {
		free(cfg->levels);
		cfg->levels = xcalloc(1, sizeof *cfg->levels);
		cfg->levels[0].name = xstrdup("不合格");
		cfg->nlevels = 1;
		ok = false;
	}
	for (i = 0; i < cfg->nlevels; i++)
		if (cfg->levels[i].min > cfg->rubric_total) {
			/* the line of the data set that made them disagree */
			const struct entry *e = lookup(&m, "rating", "levels");
			const struct entry *t = lookup(&m, "rubric", "total");
			char a[32], b[32];

			if ((!e || !e->ours) && t && t->ours)
				e = t;

			diag(DIAG_ERROR, e ? e->file : name, e ? e->line : 1, e ? e->vcol : 1,
			    "[rating] levels：“%s”的最低分 %s 超过考核细则"
			    "总分 %s，没有支部能达到", cfg->levels[i].name,
			    fmt_cents(cfg->levels[i].min, a),
			    fmt_cents(cfg->rubric_total, b));
			ok = false;
			break;
		}

	free(m.e);
	for (i = 0; i < in.nentries; i++) {
		free(in.entries[i].section);
		free(in.entries[i].key);
		free(in.entries[i].value);
	}
	free(in.entries);
	for (i = 0; i < in.nsections; i++)
		free(in.sections[i].name);
	free(in.sections);
	return ok && diag_count(DIAG_ERROR) == 0;
}

bool
config_load(struct config *cfg, const char *path, const char *name)
{
	char *text = NULL;
	size_t len = 0;
	int err = path ? file_read(path, &text, &len) : ENOENT;
	bool ok;

	if (err == ENOENT) /* no kaohe.ini: the template's settings */
		ok = load(cfg, NULL, 0, name, NULL, 0, NULL, 0);
	else
		ok = load(cfg, err ? NULL : text, len, name, NULL, 0, NULL, err);
	free(text);
	return ok;
}

bool
config_load_text(struct config *cfg, const char *text, size_t len,
    const char *name, const unsigned *rows, size_t nrows,
    const struct config_cols *cols)
{
	return load(cfg, text ? text : "", text ? len : 0, name, rows, nrows,
	    cols, 0);
}

void
config_free(struct config *cfg)
{
	size_t i;

	free(cfg->organization);
	free(cfg->title);
	free(cfg->doc_number);
	for (i = 0; i < cfg->nsources; i++)
		free(cfg->sources[i].name);
	free(cfg->sources);
	for (i = 0; i < cfg->nperiods; i++)
		free(cfg->periods[i].name);
	free(cfg->periods);
	for (i = 0; i < cfg->nlevels; i++)
		free(cfg->levels[i].name);
	free(cfg->levels);
	for (i = 0; i < cfg->nveto_reasons; i++)
		free(cfg->veto_reasons[i]);
	free(cfg->veto_reasons);
	for (i = 0; i < cfg->nrecord_mins; i++)
		free(cfg->record_mins[i].type);
	free(cfg->record_mins);
	for (i = 0; i < FONT_NROLES; i++)
		free(cfg->fonts[i]);
	free(cfg->encoding);
	for (i = 0; i < ARRAY_LEN(cfg->files); i++)
		free(cfg->files[i]);
	free(cfg->cc);
	free(cfg->printed_by);
	memset(cfg, 0, sizeof *cfg);
}

/* The English aliases of the default period and source names. */
static const struct {
	const char *name, *alias;
} aliases[] = {
	{"半年", "half"}, {"年终", "year"},
	{"自评", "self"}, {"互评", "peer"}, {"考评", "review"},
};

static int
find_named(const struct named_weight *w, size_t n, const char *name)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		if (strcmp(w[i].name, name) == 0)
			return (int)i;
	for (k = 0; k < ARRAY_LEN(aliases); k++)
		if (strcasecmp(name, aliases[k].alias) == 0)
			for (i = 0; i < n; i++)
				if (strcmp(w[i].name, aliases[k].name) == 0)
					return (int)i;
	return -1;
}

int
config_find_source(const struct config *cfg, const char *name)
{
	return find_named(cfg->sources, cfg->nsources, name);
}

int
config_find_period(const struct config *cfg, const char *name)
{
	return find_named(cfg->periods, cfg->nperiods, name);
}
