/* config.c: kaohe.ini (SPEC sections 3 and 7), read with libinih.
 *
 * Both files (the built-in template and the data set's) are read into a list
 * of entries that remember their line; the settings are then taken from the
 * merged list, so that every complaint points at the line that caused it. */
#include "ingest/config.h"

#include <ini.h>
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
};

struct section_seen {
	char *name;
	const char *file;
	unsigned line;
};

struct ini_state {
	const char *file;      /* display name */
	const char *text;
	size_t len, pos;
	unsigned line;         /* line of the text last handed to inih */
	bool mid_line;         /* the last chunk did not end a line */
	struct entry *entries;
	size_t nentries, capentries;
	struct section_seen *sections;
	size_t nsections, capsections;
};

/* The sections a data set's file replaces whole. */
static const char *const whole_sections[] = {"weights", "periods", "records"};

/* Known keys per section; NULL keys = any key (a name → weight map). */
static const struct {
	const char *section;
	const char *keys[8];
} known[] = {
	{"report", {"organization", "year", "title", "date", "doc_number"}},
	{"weights", {NULL}},
	{"periods", {NULL}},
	{"rating", {"levels", "advanced_quota"}},
	{"veto", {"reasons"}},
	{"records", {NULL}},
	{"branches", {"term_years"}},
	{"fonts", {"song", "hei", "kai", "fangsong", "xiaobiaosong", "fallback"}},
	{"input", {"encoding"}},
	{"rubric", {"total"}},
	{"files", {"rubric", "branches", "scores", "vetoes", "records", "workers",
	    "members"}},
	{"handbook", {"forms"}},
};

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

/* fgets-like reader over memory that counts physical lines and notes where
 * each section header is. */
static char *
ini_read(char *str, int num, void *stream)
{
	struct ini_state *st = stream;
	size_t n = 0;

	if (st->pos >= st->len || num < 2)
		return NULL;
	if (!st->mid_line) {
		const char *p = st->text + st->pos, *end = st->text + st->len;
		const char *q;

		st->line++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (st->line == 1 && end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		if (p < end && *p == '[') {
			for (q = p + 1; q < end && *q != ']' && *q != '\n'; q++)
				;
			if (q < end && *q == ']') {
				struct section_seen *s;

				xgrow(&st->sections, &st->capsections,
				    st->nsections + 1, sizeof *st->sections);
				s = &st->sections[st->nsections++];
				{
					char *raw = xstrndup(p + 1, (size_t)(q - p - 1));
					s->name = xstrdup(csv_trim(raw));
					free(raw);
				}
				s->file = st->file;
				s->line = st->line;
			}
		}
	}
	while (n < (size_t)num - 1 && st->pos < st->len) {
		char c = st->text[st->pos++];

		str[n++] = c;
		if (c == '\n')
			break;
	}
	str[n] = '\0';
	st->mid_line = !(n > 0 && str[n - 1] == '\n');
	if (st->mid_line && st->pos >= st->len)
		st->mid_line = false;
	return str;
}

static int
ini_entry(void *user, const char *section, const char *name, const char *value)
{
	struct ini_state *st = user;
	struct entry *e;

	xgrow(&st->entries, &st->capentries, st->nentries + 1, sizeof *st->entries);
	e = &st->entries[st->nentries++];
	{
		/* "[ weights ]" names [weights], as the section finder says */
		char *sec = xstrdup(section);
		e->section = xstrdup(csv_trim(sec));
		free(sec);
	}
	e->key = xstrdup(name);
	e->value = xstrdup(value ? value : "");
	e->file = st->file;
	e->line = st->line;
	return 1;
}

static void
ini_parse_text(struct ini_state *st, const char *text, size_t len,
    const char *file)
{
	int rc;

	/* CR line ends (old Mac editors) become LF, one for one, so that
	 * lines keep their numbers; CR LF stays as it is. */
	char *norm = xstrndup(text, len);
	size_t i;

	for (i = 0; i < len; i++)
		if (norm[i] == '\r' && (i + 1 >= len || norm[i + 1] != '\n'))
			norm[i] = '\n';
	st->file = file;
	st->text = norm;
	st->len = len;
	st->pos = 0;
	st->line = 0;
	st->mid_line = false;
	ini_allow_multiline = false;
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = 1 << 20;
	rc = ini_parse_stream(ini_read, st, ini_entry, st);
	free(norm);
	st->text = NULL;
	if (rc > 0)
		diag(DIAG_ERROR, file, (unsigned)rc, 1,
		    "这一行既不是“名称 = 值”，也不是 [节名]");
	else if (rc != 0)
		diag(DIAG_ERROR, file, 0, 0, "无法读取设置");
}

static const struct section_seen *
section_line(const struct ini_state *st, const char *file, const char *name)
{
	size_t i;

	for (i = 0; i < st->nsections; i++)
		if (st->sections[i].file == file &&
		    strcasecmp(st->sections[i].name, name) == 0)
			return &st->sections[i];
	return NULL;
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

/* The merged value of section.key: the last entry wins. */
static const struct entry *
lookup(struct entry **merged, size_t n, const char *section, const char *key)
{
	const struct entry *found = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(merged[i]->section, section) == 0 &&
		    strcasecmp(merged[i]->key, key) == 0)
			found = merged[i];
	return found;
}

static char *
str_value(struct entry **m, size_t n, const char *section, const char *key)
{
	const struct entry *e = lookup(m, n, section, key);

	return xstrdup(e ? e->value : "");
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
		while (*part == ' ' || *part == '\t')
			part++;
		{
			char *e = part + strlen(part);
			while (e > part && (e[-1] == ' ' || e[-1] == '\t'))
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

static void
weights_from(struct entry **m, size_t n, const char *section,
    const struct ini_state *st, const char *dataset_name, struct named_weight **out, size_t *nout,
    bool *ok)
{
	const struct section_seen *sec = NULL;
	const char *file = NULL;
	long sum = 0;
	size_t i, k;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < n; i++) {
		struct named_weight *w;
		int v;

		if (strcasecmp(m[i]->section, section) != 0)
			continue;
		file = m[i]->file;
		for (k = 0; k < *nout; k++)
			if (strcmp((*out)[k].name, m[i]->key) == 0)
				break;
		if (!parse_whole(m[i]->value, &v)) {
			diag(DIAG_ERROR, m[i]->file, m[i]->line, 1,
			    "[%s] %s = “%s”：权重须为整数百分比",
			    section, m[i]->key, m[i]->value);
			*ok = false;
			v = 0;
		}
		if (k == *nout) {
			*out = xrealloc(*out, (*nout + 1) * sizeof **out);
			w = &(*out)[(*nout)++];
			w->name = xstrdup(m[i]->key);
		} else {
			w = &(*out)[k];
			sum -= w->weight;
		}
		w->weight = v;
		w->line = m[i]->line;
		sum += v;
	}
	/* the data set's section, even when it is empty */
	sec = section_line(st, file ? file : dataset_name, section);
	if (sum != 100) {
		diag(DIAG_ERROR, sec ? sec->file : file, sec ? sec->line : 0, 1,
		    "[%s] 的权重合计 %ld，应为 100", section, sum);
		*ok = false;
	}
}

static bool
parse_levels(const struct entry *e, struct config *cfg)
{
	size_t n, i;
	char **parts = split_list(e->value, &n);
	bool ok = n > 0;

	cfg->levels = xcalloc(n, sizeof *cfg->levels);
	for (i = 0; i < n; i++) {
		char *sp = parts[i] + strlen(parts[i]);
		int64_t min = 0;

		while (sp > parts[i] && sp[-1] != ' ' && sp[-1] != '\t')
			sp--;
		if (sp == parts[i] || !parse_number(sp, &min)) {
			diag(DIAG_ERROR, e->file, e->line, 1,
			    "[rating] levels：“%s”应为等次名称加最低分，"
			    "如“合格 60”", parts[i]);
			ok = false;
		} else {
			char *end = sp;
			while (end > parts[i] && (end[-1] == ' ' || end[-1] == '\t'))
				end--;
			cfg->levels[cfg->nlevels].name =
			    xstrndup(parts[i], (size_t)(end - parts[i]));
			cfg->levels[cfg->nlevels].min = min;
			if (cfg->nlevels > 0 &&
			    cfg->levels[cfg->nlevels - 1].min <= min) {
				diag(DIAG_ERROR, e->file, e->line, 1,
				    "[rating] levels 须按最低分从高到低排列");
				ok = false;
			}
			cfg->nlevels++;
		}
		free(parts[i]);
	}
	free(parts);
	if (n == 0)
		diag(DIAG_ERROR, e->file, e->line, 1, "[rating] levels 为空");
	return ok;
}

/* --- xlsx input: settings from a workbook's 设置 sheet ----------------- */

/* While config_load_text runs: the text that stands for the data set's
 * kaohe.ini, and the sheet row of each of its lines. */
static const char *sheet_text;
static size_t sheet_len, sheet_nrows;
static const unsigned *sheet_rows;

static int
dataset_text(const char *path, char **data, size_t *len)
{
	if (sheet_text == NULL)
		return file_read(path, data, len);
	*data = xstrndup(sheet_text, sheet_len);
	*len = sheet_len;
	return 0;
}

/* Turns the lines of the data set's entries and sections into sheet rows. */
static void
dataset_rows(struct ini_state *st, size_t first, const char *name)
{
	size_t i;

	if (sheet_text == NULL)
		return;
	for (i = first; i < st->nentries; i++)
		if (st->entries[i].line < sheet_nrows)
			st->entries[i].line = sheet_rows[st->entries[i].line];
	for (i = 0; i < st->nsections; i++)
		if (st->sections[i].file == name && st->sections[i].line < sheet_nrows)
			st->sections[i].line = sheet_rows[st->sections[i].line];
}

bool
config_load_text(struct config *cfg, const char *text, size_t len,
    const char *name, const unsigned *rows, size_t nrows)
{
	bool ok;

	sheet_text = text ? text : "";
	sheet_len = text ? len : 0;
	sheet_rows = rows;
	sheet_nrows = nrows;
	ok = config_load(cfg, "", name);
	sheet_text = NULL;
	sheet_rows = NULL;
	sheet_len = sheet_nrows = 0;
	return ok;
}

/* --- end of xlsx input --------------------------------------------------- */

bool
config_load(struct config *cfg, const char *path, const char *name)
{
	static const char *const file_keys[] = {NULL, "rubric", "branches",
	    "scores", "vetoes", "records", "workers", "members"};
	static const char *const font_keys[] = {"song", "hei", "kai",
	    "fangsong", "xiaobiaosong", "fallback"};
	struct ini_state st = {0};
	size_t tlen, ntemplate, i, k, nm = 0;
	const char *ttext = template_get("kaohe.ini", &tlen);
	char *dtext = NULL;
	size_t dlen = 0;
	struct entry **m;
	const struct entry *e;
	bool ok = true;

	memset(cfg, 0, sizeof *cfg);
	ini_parse_text(&st, ttext, tlen, "templates/kaohe.ini");
	ntemplate = st.nentries;
	if (path && dataset_text(path, &dtext, &dlen) == 0) {
		if (!utf8_valid(dtext, dlen)) {
			diag(DIAG_ERROR, name, 1, 1,
			    "kaohe.ini 须保存为 UTF-8 编码");
			ok = false;
		} else {
			ini_parse_text(&st, dtext, dlen, name);
			dataset_rows(&st, ntemplate, name);
		}
	}

	/* Merge: template entries unless the data set replaces the section
	 * whole, then the data set's entries (later ones win in lookup). */
	m = xcalloc(st.nentries, sizeof *m);
	for (i = 0; i < ntemplate; i++) {
		const char *sec = st.entries[i].section;
		if (in_list(sec, whole_sections, ARRAY_LEN(whole_sections)) &&
		    section_line(&st, name, sec) != NULL)
			continue;
		m[nm++] = &st.entries[i];
	}
	for (i = ntemplate; i < st.nentries; i++) {
		struct entry *en = &st.entries[i];
		bool sec_known = false, key_known = false;

		for (k = 0; k < ARRAY_LEN(known); k++) {
			size_t j;
			if (strcasecmp(known[k].section, en->section) != 0)
				continue;
			sec_known = true;
			if (known[k].keys[0] == NULL)
				key_known = true;
			for (j = 0; j < ARRAY_LEN(known[k].keys) && known[k].keys[j]; j++)
				if (strcasecmp(known[k].keys[j], en->key) == 0)
					key_known = true;
		}
		if (!sec_known)
			diag(DIAG_WARNING, en->file, en->line, 1,
			    "不认识的节 [%s]，不用", en->section);
		else if (!key_known)
			diag(DIAG_WARNING, en->file, en->line, 1,
			    "[%s] 中不认识的设置“%s”，不用",
			    en->section, en->key);
		m[nm++] = en;
	}

	cfg->organization = str_value(m, nm, "report", "organization");
	cfg->title = str_value(m, nm, "report", "title");
	cfg->doc_number = str_value(m, nm, "report", "doc_number");
	if ((e = lookup(m, nm, "report", "year")) && !parse_whole(e->value, &cfg->year)) {
		diag(DIAG_ERROR, e->file, e->line, 1, "[report] year = “%s”"
		    "不是年份", e->value);
		ok = false;
	}
	if ((e = lookup(m, nm, "report", "date")) && *e->value &&
	    !parse_date(e->value, &cfg->date)) {
		diag(DIAG_ERROR, e->file, e->line, 1, "[report] date = “%s”"
		    "不是有效日期（如 2026-01-15）", e->value);
		ok = false;
	}
	weights_from(m, nm, "weights", &st, name, &cfg->sources, &cfg->nsources, &ok);
	weights_from(m, nm, "periods", &st, name, &cfg->periods, &cfg->nperiods, &ok);
	if ((e = lookup(m, nm, "rating", "levels")) != NULL)
		ok = parse_levels(e, cfg) && ok;
	if (cfg->nlevels == 0) {
		free(cfg->levels);
		cfg->levels = xcalloc(1, sizeof *cfg->levels);
		cfg->levels[0].name = xstrdup("不合格");
		cfg->nlevels = 1;
		ok = false;
	}
	if ((e = lookup(m, nm, "rating", "advanced_quota")) && *e->value &&
	    (!parse_number(e->value, &cfg->advanced_quota) ||
	    cfg->advanced_quota > 10000)) {
		diag(DIAG_ERROR, e->file, e->line, 1, "[rating] advanced_quota "
		    "= “%s”不是 0 到 100 之间的百分比", e->value);
		ok = false;
	}
	if ((e = lookup(m, nm, "veto", "reasons")) != NULL)
		cfg->veto_reasons = split_list(e->value, &cfg->nveto_reasons);
	for (i = 0; i < nm; i++) {
		struct record_min *r;
		int v;

		if (strcasecmp(m[i]->section, "records") != 0)
			continue;
		if (!parse_whole(m[i]->value, &v)) {
			diag(DIAG_ERROR, m[i]->file, m[i]->line, 1,
			    "[records] %s = “%s”：每年最少次数须为整数",
			    m[i]->key, m[i]->value);
			ok = false;
			continue;
		}
		if (!config_record_type(m[i]->key)) {
			diag(DIAG_WARNING, m[i]->file, m[i]->line, 1,
			    "[records] %s 不是记录类型（支部党员大会、支委会、"
			    "党小组会、党课、主题党日、组织生活会、民主评议党员、"
			    "其他），不用", m[i]->key);
			continue;
		}
		for (k = 0; k < cfg->nrecord_mins; k++)
			if (strcmp(cfg->record_mins[k].type, m[i]->key) == 0)
				break;
		if (k == cfg->nrecord_mins) {
			cfg->record_mins = xrealloc(cfg->record_mins,
			    (k + 1) * sizeof *cfg->record_mins);
			cfg->record_mins[k].type = xstrdup(m[i]->key);
			cfg->nrecord_mins++;
		}
		r = &cfg->record_mins[k];
		r->min = v;
	}
	cfg->term_years = 3;
	if ((e = lookup(m, nm, "branches", "term_years")) &&
	    !parse_whole(e->value, &cfg->term_years)) {
		diag(DIAG_ERROR, e->file, e->line, 1, "[branches] term_years = "
		    "“%s”不是整数年", e->value);
		ok = false;
	}
	cfg->rubric_total = 10000;
	if ((e = lookup(m, nm, "rubric", "total")) &&
	    (!parse_number(e->value, &cfg->rubric_total) || cfg->rubric_total == 0)) {
		diag(DIAG_ERROR, e->file, e->line, 1, "[rubric] total = “%s”"
		    "不是正数", e->value);
		ok = false;
	}
	for (i = 0; i < FONT_NROLES; i++)
		cfg->fonts[i] = str_value(m, nm, "fonts", font_keys[i]);
	cfg->encoding = str_value(m, nm, "input", "encoding");
	e = lookup(m, nm, "input", "encoding");
	if (e && *cfg->encoding && !csv_encoding_known(cfg->encoding)) {
		diag(DIAG_ERROR, e->file, e->line, 1, "[input] encoding = “%s”"
		    "不是本系统认识的编码（可用 GB18030 或 UTF-8）",
		    cfg->encoding);
		ok = false;
	}
	for (i = 1; i < ARRAY_LEN(file_keys); i++) {
		e = lookup(m, nm, "files", file_keys[i]);
		cfg->files[i] = xstrdup(e && *e->value ? e->value : "");
	}
	/* [handbook] forms: blank record forms per type (SPEC 11) */
	cfg->handbook_forms = -1;
	if ((e = lookup(m, nm, "handbook", "forms")) && *e->value &&
	    !parse_whole(e->value, &cfg->handbook_forms)) {
		diag(DIAG_ERROR, e->file, e->line, 1, "[%s] %s = “%s”不是整数",
		    e->section, e->key, e->value);
		cfg->handbook_forms = -1;
		ok = false;
	}

	free(m);
	for (i = 0; i < st.nentries; i++) {
		free(st.entries[i].section);
		free(st.entries[i].key);
		free(st.entries[i].value);
	}
	free(st.entries);
	for (i = 0; i < st.nsections; i++)
		free(st.sections[i].name);
	free(st.sections);
	free(dtext);
	return ok && diag_count(DIAG_ERROR) == 0;
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
