/* pages.c: what `kaohe serve` shows: the upload page, a job's page (its
 * progress; then its diagnostics with the rows they point at, or its
 * ranking and downloads) and its JSON (SPEC section 10).  Everything from
 * the data or the upload is escaped here. */
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "diag.h"
#include "ingest/csv_read.h"
#include "ingest/xlsx.h"
#include "serve/serve_int.h"

#define MAX_DIAGS 1000   /* shown; the JSON has them all up to this too */
#define MAX_ROWS 300     /* diagnostics whose row is shown */
#define CELL_MAX 300     /* bytes of a cell shown */

void
html_esc(struct buf *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default: buf_addc(out, *s);
		}
}

void
json_str(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf_printf(out, "\\%c", ch);
		else if (ch == '\n')
			buf_adds(out, "\\n");
		else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&')
			buf_printf(out, "\\u%04x", ch);
		else
			buf_addc(out, (char)ch);
	}
	buf_addc(out, '"');
}

/* ---- the tables a data set holds ---- */

struct table {
	const char *name;          /* rubric */
	const char *label;         /* 考核细则 */
	const char *required;      /* 必需 / 可选 */
	const char *stems[6];      /* file names it is known by */
};

static const struct table tables[] = {
	{"branches", "支部基本情况", "必需",
	    {"branches", "支部", "支部基本情况", "支部情况", NULL}},
	{"scores", "评分记录", "必需", {"scores", "评分", "评分记录", "得分", NULL}},
	{"rubric", "考核细则（不上传则用默认的细则）", "可选",
	    {"rubric", "考核细则", "细则", NULL}},
	{"vetoes", "一票否决记录", "可选",
	    {"vetoes", "一票否决", "一票否决记录", "否决", NULL}},
	{"records", "支部工作记录（三会一课等）", "可选",
	    {"records", "工作记录", "支部工作记录", NULL}},
	{"workers", "优秀党务工作者推荐人选", "可选",
	    {"workers", "推荐人选", "优秀党务工作者", NULL}},
	{"members", "党员名册（用于党支部工作手册）", "可选",
	    {"members", "党员", "党员名册", NULL}},
};

#define WORKBOOK "考核数据.xlsx"

/* The name a fixed file name is shown with. */
static const char *
table_label(const char *fixed)
{
	size_t i, n;

	if (strcmp(fixed, WORKBOOK) == 0)
		return "工作簿";
	if (strcmp(fixed, "kaohe.ini") == 0)
		return "设置";
	if (strcmp(fixed, "notice.txt") == 0)
		return "表彰决定正文";
	for (i = 0; i < ARRAY_LEN(tables); i++) {
		n = strlen(tables[i].name);
		if (strncmp(fixed, tables[i].name, n) == 0 && fixed[n] == '.')
			return tables[i].label;
	}
	return "";
}

/* The stem of an uploaded name: without the extension, the copy marks
 * browsers and Windows add ("(1)", " - 副本") and spaces. */
static void
name_stem(const char *name, char *stem, size_t size, char *ext, size_t esize)
{
	const char *dot = strrchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name), i;
	static const char *const tails[] = {" - 副本", "- 副本", "副本", "的副本"};
	bool again = true;

	snprintf(ext, esize, "%s", dot ? dot + 1 : "");
	for (i = 0; ext[i]; i++)
		if (ext[i] >= 'A' && ext[i] <= 'Z')
			ext[i] = (char)(ext[i] - 'A' + 'a');
	if (n >= size)
		n = size - 1;
	memcpy(stem, name, n);
	stem[n] = '\0';
	while (again) {
		again = false;
		n = strlen(stem);
		while (n > 0 && (stem[n - 1] == ' ' || stem[n - 1] == '_'))
			stem[--n] = '\0', again = true;
		if (n > 2 && (stem[n - 1] == ')' || (n > 3 &&
		    strcmp(stem + n - 3, "）") == 0))) {
			size_t k = n - (stem[n - 1] == ')' ? 1 : 3);
			while (k > 0 && stem[k - 1] >= '0' && stem[k - 1] <= '9')
				k--;
			if (k > 0 && stem[k - 1] == '(') {
				stem[k - 1] = '\0';
				again = true;
			} else if (k >= 3 && strncmp(stem + k - 3, "（", 3) == 0) {
				stem[k - 3] = '\0';
				again = true;
			}
		}
		for (i = 0; i < ARRAY_LEN(tails); i++) {
			size_t t = strlen(tails[i]);
			n = strlen(stem);
			if (n > t && strcmp(stem + n - t, tails[i]) == 0) {
				stem[n - t] = '\0';
				again = true;
			}
		}
	}
	for (i = 0; stem[i]; i++)
		if (stem[i] >= 'A' && stem[i] <= 'Z')
			stem[i] = (char)(stem[i] - 'A' + 'a');
}

static const struct table *
table_by_stem(const char *stem)
{
	size_t i, k;

	for (i = 0; i < ARRAY_LEN(tables); i++)
		for (k = 0; tables[i].stems[k]; k++)
			if (strcmp(stem, tables[i].stems[k]) == 0)
				return &tables[i];
	return NULL;
}

struct header_ctx {
	char **cols;
	size_t n;
	bool seen;
};

static void
header_row(void *ctx, unsigned line, size_t nfields, char **fields)
{
	struct header_ctx *h = ctx;
	size_t i;

	(void)line;
	if (h->seen)
		return;
	h->seen = true;
	h->cols = xcalloc(nfields + 1, sizeof *h->cols);
	for (i = 0; i < nfields; i++) {
		char *p;
		h->cols[i] = xstrdup(fields[i]);
		for (p = h->cols[i]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	h->n = nfields;
}

static bool
has(const struct header_ctx *h, const char *zh, const char *en)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->cols[i], zh) == 0 || strcmp(h->cols[i], en) == 0)
			return true;
	return false;
}

/* Which table a CSV file is, by its header row. */
static const char *
table_by_header(const char *path)
{
	struct header_ctx h = {0};
	char *data = NULL;
	size_t len, i, mark;
	const char *t = NULL;

	if (file_read(path, &data, &len) != 0)
		return NULL;
	if (len > 65536) {
		len = 65536;
		while (len > 1 && data[len - 1] != '\n')
			len--;
		if (len <= 1)
			len = 65536;
	}
	ingest_lock();
	mark = diag_mark();
	csv_read_mem(data, len, "upload.csv", NULL, header_row, &h);
	diag_rollback(mark, 0);
	ingest_unlock();
	free(data);
	if (has(&h, "排名", "") && has(&h, "总分", ""))
		t = "results";
	else if (has(&h, "入党日期", "joined"))
		t = "members";
	else if (has(&h, "否决事项", "reason"))
		t = "vetoes";
	else if (has(&h, "分值", "points") && has(&h, "类别", "category"))
		t = "rubric";
	else if (has(&h, "考核期", "period") || has(&h, "评价方式", "source"))
		t = "scores";
	else if (has(&h, "类型", "type"))
		t = "records";
	else if (has(&h, "支部名称", "") || (has(&h, "", "id") &&
	    has(&h, "", "name")))
		t = "branches";
	else if (has(&h, "姓名", "") || (has(&h, "", "branch") &&
	    has(&h, "", "name")))
		t = "workers";
	for (i = 0; i < h.n; i++)
		free(h.cols[i]);
	free(h.cols);
	return t;
}

const char *
upload_classify(const char *orig, const char *path, char *fixed, size_t size)
{
	char stem[256], ext[16];
	const struct table *t;
	const char *byhead;

	name_stem(orig, stem, sizeof stem, ext, sizeof ext);
	t = table_by_stem(stem);
	if (strcmp(ext, "ini") == 0) {
		snprintf(fixed, size, "kaohe.ini");
		return NULL;
	}
	if (strcmp(ext, "txt") == 0) {
		if (strcmp(stem, "notice") == 0 || strcmp(stem, "表彰决定") == 0) {
			snprintf(fixed, size, "notice.txt");
			return NULL;
		}
		return "不认识的文本文件：表彰决定的正文请命名为 notice.txt。";
	}
	if (strcmp(ext, "xlsx") == 0) {
		snprintf(fixed, size, "%s", t ? t->name : "考核数据");
		strncat(fixed, ".xlsx", size - strlen(fixed) - 1);
		return NULL;
	}
	if (strcmp(ext, "csv") == 0) {
		if (t != NULL) {
			snprintf(fixed, size, "%s.csv", t->name);
			return NULL;
		}
		if ((byhead = table_by_header(path)) != NULL &&
		    strcmp(byhead, "results") == 0)
			return "这是考核结果表（kaohe 的输出），不是要上传的数据。";
		if (byhead != NULL) {
			snprintf(fixed, size, "%s.csv", byhead);
			return NULL;
		}
		return "认不出是哪张表：请把文件名改为表名（如 评分.csv、"
		    "branches.csv），或检查第一行的表头。";
	}
	if (strcmp(ext, "xls") == 0 || strcmp(ext, "et") == 0)
		return "这是旧格式的表格：请在 Excel 或 WPS 中另存为 .xlsx 或 CSV。";
	return "不认识的文件类型：只收工作簿（.xlsx）、CSV 文件、kaohe.ini "
	    "和 notice.txt。";
}

const char *
upload_check_ini(const char *path)
{
	char *data = NULL, *line, *save = NULL;
	size_t len;
	char section[64] = "";
	const char *err = NULL;

	if (file_read(path, &data, &len) != 0)
		return "无法读取。";
	for (line = strtok_r(data, "\r\n", &save); line && !err;
	    line = strtok_r(NULL, "\r\n", &save)) {
		char *p = line, *eq;
		if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		p = csv_trim(p);
		if (*p == '[') {
			size_t n = strcspn(p + 1, "]");
			snprintf(section, sizeof section, "%.*s", (int)n, p + 1);
			continue;
		}
		if (*p == ';' || *p == '#' || (eq = strchr(p, '=')) == NULL)
			continue;
		p = csv_trim(eq + 1);
		if (strcasecmp(section, "files") == 0 && (strchr(p, '/') ||
		    strchr(p, '\\') || *p == '.'))
			err = "网页上传的 kaohe.ini 在 [files] 中只能写同一批上传的"
			    "文件名（如 scores.csv），不能写路径。";
		if (strcasecmp(section, "fonts") == 0 && (strchr(p, '/') ||
		    strchr(p, '\\')))
			err = "网页上传的 kaohe.ini 在 [fonts] 中只能写字体名称，"
			    "不能写路径。";
	}
	free(data);
	return err;
}

/* ---- reading a job's directory ---- */

enum { SEV_NOTE, SEV_WARNING, SEV_ERROR };
static const char *const sev_name[] = {"note", "warning", "error"};
static const char *const sev_zh[] = {"提示", "警告", "错误"};

struct diagnostic {
	int sev;
	char *file;        /* in the data set ("scores.csv"), or NULL */
	unsigned line, col;
	char *cell;        /* "评分!F12", or NULL */
	char *msg;
	char **row;        /* the cells of the row it points at, or NULL */
	size_t nrow;
	char **hdr;        /* its sheet's header row (workbooks), or NULL */
	size_t nhdr;
	unsigned xrow, xcol; /* the row and column of cell, or 0 */
};

struct filerows {
	char *file;
	char **header;
	size_t nheader;
	bool read, is_csv;
};

struct job_data {
	unsigned stages;           /* bit i: stage_words[i] seen */
	struct diagnostic *diags;
	size_t ndiags, counts[3], dropped;
	struct filerows *files;    /* in order of first mention */
	size_t nfiles;
	char **rank_header;
	size_t rank_ncols;
	char ***rank_rows;
	size_t nrank;
	bool has[6];
	char **names;              /* fixed name, uploaded name, ... */
	size_t nnames;
};

static const char *const output_names[] = {"report.pdf", "notice.pdf",
    "sheets.zip", "handbooks.zip", "results.xlsx", "results.csv"};
static const char *const output_paths[] = {"out/report.pdf", "out/notice.pdf",
    "sheets.zip", "handbooks.zip", "out/results.xlsx", "out/results.csv"};

static void
free_cells(char **c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; c[i]; i++)
		free(c[i]);
	free(c);
}

/* A cell as shown: at most CELL_MAX bytes, cut at a character. */
static char *
cell_copy(const char *s)
{
	size_t n = strlen(s);
	char *c;

	if (n <= CELL_MAX)
		return xstrdup(s);
	n = CELL_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	c = xmalloc(n + 4);
	memcpy(c, s, n);
	memcpy(c + n, "…", 4);
	return c;
}

static bool
parse_uint(const char *s, size_t n, unsigned *v)
{
	unsigned long x = 0;
	size_t i;

	if (n == 0 || n > 9)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (unsigned)(s[i] - '0');
	}
	*v = (unsigned)x;
	return true;
}

/* "in/scores.csv:12:6", "in/考核数据.xlsx:评分!F12", "in/x.csv:1", "in/x.csv" */
static void
parse_position(struct diagnostic *d, const char *pos, size_t n)
{
	char *p = xstrndup(pos, n);
	char *c1 = strrchr(p, ':'), *c2;
	const char *file = p;

	if (c1 != NULL && strchr(c1, '!') != NULL) {
		const char *a = strrchr(c1, '!') + 1;
		d->cell = xstrdup(c1 + 1);
		*c1 = '\0';
		/* "F12": column F (6), row 12 */
		while (*a >= 'A' && *a <= 'Z' && d->xcol < 100000)
			d->xcol = d->xcol * 26 + (unsigned)(*a++ - 'A' + 1);
		if (!parse_uint(a, strlen(a), &d->xrow))
			d->xrow = d->xcol = 0;
	} else if (c1 != NULL && parse_uint(c1 + 1, strlen(c1 + 1), &d->line)) {
		*c1 = '\0';
		c2 = strrchr(p, ':');
		if (c2 != NULL && parse_uint(c2 + 1, strlen(c2 + 1), &d->col)) {
			unsigned l = d->line;
			d->col = l;
			parse_uint(c2 + 1, strlen(c2 + 1), &d->line);
			*c2 = '\0';
		}
	}
	if (strncmp(file, "in/", 3) == 0)
		file += 3;
	d->file = xstrdup(file);
	free(p);
}

/* The stages of `kaohe build`, by the word of its progress lines
 * ("kaohe: report: out/report.pdf"). */
static const char *const stage_words[] = {"report", "sheets", "notice",
    "handbooks", "results"};
static const char *const stage_names[] = {"考核情况报告", "各支部评分表",
    "表彰决定", "党支部工作手册", "结果表"};

/* Whether s is a progress line; marks its stage as seen. */
static bool
progress_line(struct job_data *d, const char *s)
{
	const char *p = s;
	size_t i;

	while (*p >= 'a' && *p <= 'z')
		p++;
	if (p == s || strncmp(p, ": out/", 6) != 0)
		return false;
	for (i = 0; i < ARRAY_LEN(stage_words); i++)
		if (strlen(stage_words[i]) == (size_t)(p - s) &&
		    strncmp(stage_words[i], s, (size_t)(p - s)) == 0)
			d->stages |= 1u << i;
	return true;
}

static void
add_diag(struct job_data *d, const char *line)
{
	static const char *const seps[] = {"note: ", "warning: ", "error: "};
	const char *text = line + 7, *hit = NULL;
	struct diagnostic *g;
	size_t k, pos_len = 0;
	int sev = SEV_NOTE;

	if (progress_line(d, text))
		return;
	for (k = 0; k < 3 && hit == NULL; k++) {
		char sep[16];
		const char *f;
		if (strncmp(text, seps[k], strlen(seps[k])) == 0) {
			hit = text + strlen(seps[k]);
			sev = (int)k;
			break;
		}
		snprintf(sep, sizeof sep, ": %s", seps[k]);
		if ((f = strstr(text, sep)) != NULL) {
			hit = f + strlen(sep);
			pos_len = (size_t)(f - text);
			sev = (int)k;
		}
	}
	if (hit == NULL) {
		/* the summary ("共 3 个错误；未生成任何文件") is said by the page */
		if (strstr(text, "未生成任何文件") != NULL)
			return;
		hit = text;
	}
	d->counts[sev]++;
	if (d->ndiags >= MAX_DIAGS) {
		d->dropped++;
		return;
	}
	d->diags = xrealloc(d->diags, (d->ndiags + 1) * sizeof *d->diags);
	g = &d->diags[d->ndiags++];
	memset(g, 0, sizeof *g);
	g->sev = sev;
	if (pos_len)
		parse_position(g, text, pos_len);
	g->msg = cell_copy(hit);
}

static struct filerows *
file_entry(struct job_data *d, const char *file)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		if (strcmp(d->files[i].file, file) == 0)
			return &d->files[i];
	d->files = xrealloc(d->files, (d->nfiles + 1) * sizeof *d->files);
	memset(&d->files[d->nfiles], 0, sizeof *d->files);
	d->files[d->nfiles].file = xstrdup(file);
	return &d->files[d->nfiles++];
}

struct rows_ctx {
	struct job_data *d;
	struct filerows *f;
	bool header_seen;
	unsigned *want;   /* the lines diagnostics point at, sorted */
	size_t nwant;
};

static int
uint_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* The sorted lines (CSV) or rows (workbook cells) of file's diagnostics,
 * so that a big file's other rows are passed over at once. */
static unsigned *
wanted_lines(const struct job_data *d, const char *file, size_t *n)
{
	unsigned *w = xcalloc(d->ndiags + 1, sizeof *w);
	size_t i;

	*n = 0;
	for (i = 0; i < d->ndiags; i++) {
		const struct diagnostic *g = &d->diags[i];
		unsigned l = g->line ? g->line : g->xrow;
		if (g->file != NULL && l != 0 && strcmp(g->file, file) == 0)
			w[(*n)++] = l;
	}
	qsort(w, *n, sizeof *w, uint_cmp);
	return w;
}

static bool
is_wanted(const unsigned *w, size_t n, unsigned line)
{
	return bsearch(&line, w, n, sizeof *w, uint_cmp) != NULL;
}

static void
copy_cells(char ***out, size_t *nout, size_t nfields, char **fields)
{
	size_t i;

	*out = xcalloc(nfields + 1, sizeof **out);
	for (i = 0; i < nfields; i++)
		(*out)[i] = cell_copy(fields[i]);
	*nout = nfields;
}

static void
rows_row(void *ctx, unsigned line, size_t nfields, char **fields)
{
	struct rows_ctx *r = ctx;
	size_t i, shown = 0;

	if (!r->header_seen) {
		r->header_seen = true;
		copy_cells(&r->f->header, &r->f->nheader, nfields, fields);
	}
	if (!is_wanted(r->want, r->nwant, line))
		return;
	for (i = 0; i < r->d->ndiags; i++) {
		struct diagnostic *g = &r->d->diags[i];
		if (g->file == NULL || strcmp(g->file, r->f->file) != 0)
			continue;
		if (g->line == line && g->row == NULL && shown++ < MAX_ROWS)
			copy_cells(&g->row, &g->nrow, nfields, fields);
	}
}

static int
ini_encoding(void *user, const char *section, const char *name,
    const char *value)
{
	char *enc = user;

	if (strcasecmp(section, "input") == 0 &&
	    strcasecmp(name, "encoding") == 0)
		snprintf(enc, 64, "%s", value);
	return 1;
}

struct xrows_ctx {
	struct job_data *d;
	const char *file, *sheet;
	char **hdr;
	size_t nhdr;
	unsigned *want;
	size_t nwant;
};

static void
xlsx_row(void *ctx, unsigned row, size_t n, char **cells,
    const unsigned char *kinds)
{
	struct xrows_ctx *x = ctx;
	size_t i, k, shown = 0;

	(void)kinds;
	if (x->hdr == NULL)
		copy_cells(&x->hdr, &x->nhdr, n, cells);
	if (!is_wanted(x->want, x->nwant, row))
		return;
	for (i = 0; i < x->d->ndiags; i++) {
		struct diagnostic *g = &x->d->diags[i];
		const char *bang;

		if (g->file == NULL || g->cell == NULL || g->xrow != row ||
		    g->row != NULL || strcmp(g->file, x->file) != 0 ||
		    (bang = strrchr(g->cell, '!')) == NULL ||
		    strlen(x->sheet) != (size_t)(bang - g->cell) ||
		    strncmp(g->cell, x->sheet, (size_t)(bang - g->cell)) != 0 ||
		    shown++ >= MAX_ROWS)
			continue;
		copy_cells(&g->row, &g->nrow, n, cells);
		g->hdr = xcalloc(x->nhdr + 1, sizeof *g->hdr);
		for (k = 0; k < x->nhdr; k++)
			g->hdr[k] = xstrdup(x->hdr[k]);
		g->nhdr = x->nhdr;
	}
}

/* The rows of a workbook the diagnostics point at, sheet by sheet. */
static void
read_xlsx_rows(struct job_data *d, const char *path, const char *file)
{
	struct xlsx *x;
	size_t s, i, mark, nwant;
	unsigned *want = wanted_lines(d, file, &nwant);

	ingest_lock();
	mark = diag_mark();
	if ((x = xlsx_open(path, "upload.xlsx")) != NULL) {
		for (s = 0; s < xlsx_sheet_count(x); s++) {
			struct xrows_ctx ctx = {d, file, xlsx_sheet_name(x, s),
			    NULL, 0, want, nwant};
			bool wanted = false;

			for (i = 0; i < d->ndiags && !wanted; i++) {
				const struct diagnostic *g = &d->diags[i];
				wanted = g->file && g->cell && g->xrow &&
				    strcmp(g->file, file) == 0 &&
				    strncmp(g->cell, ctx.sheet,
				    strlen(ctx.sheet)) == 0 &&
				    g->cell[strlen(ctx.sheet)] == '!';
			}
			if (!wanted)
				continue;
			xlsx_read_sheet(x, s, "upload.xlsx", xlsx_row, &ctx);
			free_cells(ctx.hdr);
		}
		xlsx_close(x);
	}
	diag_rollback(mark, 0);
	ingest_unlock();
	free(want);
}

/* Reads, for each CSV file (or workbook) named by a diagnostic, its header
 * and the rows the diagnostics point at. */
static void
read_rows(struct job_data *d, const char *dir)
{
	char enc[64] = "", *ini = xasprintf("%s/in/kaohe.ini", dir);
	size_t i, mark;

	ini_parse(ini, ini_encoding, enc);
	free(ini);
	for (i = 0; i < d->ndiags; i++)
		if (d->diags[i].file != NULL)
			file_entry(d, d->diags[i].file);
	for (i = 0; i < d->nfiles; i++) {
		struct filerows *f = &d->files[i];
		struct rows_ctx ctx = {d, f, false, NULL, 0};
		const char *dot = strrchr(f->file, '.');
		char *path;
		struct stat st;

		f->is_csv = dot != NULL && strcmp(dot, ".csv") == 0;
		/* only our own files, by their fixed names */
		if (strchr(f->file, '/') != NULL)
			continue;
		path = xasprintf("%s/in/%s", dir, f->file);
		if (dot != NULL && strcmp(dot, ".xlsx") == 0 &&
		    lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			read_xlsx_rows(d, path, f->file);
			f->read = true;
		}
		if (!f->is_csv) {
			free(path);
			continue;
		}
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			ctx.want = wanted_lines(d, f->file, &ctx.nwant);
			ingest_lock();
			mark = diag_mark();
			csv_read_file(path, "upload.csv", enc[0] ? enc : NULL,
			    rows_row, &ctx);
			diag_rollback(mark, 0);
			ingest_unlock();
			free(ctx.want);
			f->read = true;
		}
		free(path);
	}
}

struct rank_ctx {
	struct job_data *d;
};

static void
rank_row(void *ctx, unsigned line, size_t nfields, char **fields)
{
	struct job_data *d = ((struct rank_ctx *)ctx)->d;
	char **row;
	size_t n, i;

	(void)line;
	if (d->rank_header == NULL) {
		copy_cells(&d->rank_header, &d->rank_ncols, nfields, fields);
		return;
	}
	copy_cells(&row, &n, nfields, fields);
	if (n < d->rank_ncols) {
		row = xrealloc(row, (d->rank_ncols + 1) * sizeof *row);
		for (i = n; i < d->rank_ncols; i++)
			row[i] = xstrdup("");
		row[d->rank_ncols] = NULL;
	}
	d->rank_rows = xrealloc(d->rank_rows, (d->nrank + 1) *
	    sizeof *d->rank_rows);
	d->rank_rows[d->nrank++] = row;
}

struct job_data *
job_data_load(const struct job_view *v)
{
	struct job_data *d = xcalloc(1, sizeof *d);
	char *path, *data = NULL, *line, *save = NULL;
	size_t len, i, mark;
	struct stat st;

	path = path_join(v->dir, "stderr.log");
	if (file_read(path, &data, &len) == 0) {
		for (line = strtok_r(data, "\n", &save); line;
		    line = strtok_r(NULL, "\n", &save))
			if (strncmp(line, "kaohe: ", 7) == 0 &&
			    utf8_valid(line, strlen(line)))
				add_diag(d, line);
	}
	free(data);
	free(path);
	path = path_join(v->dir, "names");
	data = NULL;
	if (file_read(path, &data, &len) == 0) {
		save = NULL;
		for (line = strtok_r(data, "\n", &save); line;
		    line = strtok_r(NULL, "\n", &save)) {
			char *tab = strchr(line, '\t');
			if (tab == NULL)
				continue;
			*tab = '\0';
			d->names = xrealloc(d->names, (d->nnames + 2) *
			    sizeof *d->names);
			d->names[d->nnames++] = xstrdup(line);
			d->names[d->nnames++] = xstrdup(tab + 1);
		}
	}
	free(data);
	free(path);
	if (v->state == JOB_FAILED || v->state == JOB_DONE)
		read_rows(d, v->dir);
	if (v->state == JOB_DONE) {
		struct rank_ctx ctx = {d};
		path = path_join(v->dir, "out/results.csv");
		ingest_lock();
		mark = diag_mark();
		csv_read_file(path, "results.csv", "UTF-8", rank_row, &ctx);
		diag_rollback(mark, 0);
		ingest_unlock();
		free(path);
		for (i = 0; i < ARRAY_LEN(output_paths); i++) {
			path = path_join(v->dir, output_paths[i]);
			d->has[i] = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
			free(path);
		}
	}
	return d;
}


void
job_data_free(struct job_data *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->ndiags; i++) {
		free(d->diags[i].file);
		free(d->diags[i].cell);
		free(d->diags[i].msg);
		free_cells(d->diags[i].row);
		free_cells(d->diags[i].hdr);
	}
	free(d->diags);
	for (i = 0; i < d->nfiles; i++) {
		free(d->files[i].file);
		free_cells(d->files[i].header);
	}
	free(d->files);
	free_cells(d->rank_header);
	for (i = 0; i < d->nrank; i++)
		free_cells(d->rank_rows[i]);
	free(d->rank_rows);
	for (i = 0; i < d->nnames; i++)
		free(d->names[i]);
	free(d->names);
	free(d);
}

/* ---- HTML ---- */

static void
head(struct buf *b, const char *title, bool refresh)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n");
	if (refresh)
		buf_adds(b, "<meta http-equiv=\"refresh\" content=\"2\">\n");
	buf_adds(b, "<title>");
	html_esc(b, title);
	buf_adds(b, " · 党支部考核</title>\n"
	    "<link rel=\"stylesheet\" href=\"/style.css\">\n"
	    "<script src=\"/app.js\" defer></script>\n</head>\n<body>\n"
	    "<header class=\"top\"><a href=\"/\">党支部建设目标管理考核</a>"
	    "<span>上传数据 · 检查 · 生成报告</span></header>\n<main>\n");
}

static void
foot(struct buf *b)
{
	buf_printf(b, "</main>\n<footer>kaohe %s · 上传的数据和生成的文件只存放"
	    "在本单位的服务器上，%d 天后自动删除。</footer>\n</body>\n</html>\n",
	    KAOHE_VERSION, serve_cfg.keep_days);
}

void
page_message(struct buf *out, const char *title, const char *text)
{
	struct buf body = {0};

	/* out may hold the text already (a formatted message) */
	if (text == NULL && out->s != NULL) {
		body = *out;
		memset(out, 0, sizeof *out);
		text = body.s;
	}
	head(out, title, false);
	buf_adds(out, "<h1>");
	html_esc(out, title);
	buf_adds(out, "</h1>\n<p class=\"lead\">");
	html_esc(out, text ? text : "");
	buf_adds(out, "</p>\n<p><a class=\"button\" href=\"/\">回到上传页</a></p>\n");
	foot(out);
	buf_free(&body);
}

void
page_upload(struct buf *b, const char *token, const char *error_html)
{
	size_t i;

	head(b, "上传考核数据", false);
	buf_adds(b, "<h1>上传考核数据</h1>\n"
	    "<p class=\"lead\">上传填好的 Excel 工作簿，或数据集的 CSV 文件。"
	    "系统先逐条检查，指出哪个文件哪一行哪一列不对；没有错误就生成"
	    "考核情况报告、各支部评分表、表彰决定和结果表，供下载打印。</p>\n"
	    "<ol class=\"steps\">\n"
	    "<li><a href=\"/template.xlsx\">下载 Excel 模板</a>"
	    "（考核数据模板.xlsx），按其中“说明”页填写；已有 CSV 文件的可直接上传。</li>\n"
	    "<li>选择文件上传，可一次选多个。</li>\n"
	    "<li>在结果页查看错误或排名，下载文件。</li>\n</ol>\n");
	if (error_html != NULL) {
		buf_adds(b, "<div class=\"alert\" role=\"alert\"><p><strong>上传"
		    "不成功，请改正后重新选择：</strong></p><ul>");
		buf_adds(b, error_html);
		buf_adds(b, "</ul></div>\n");
	}
	buf_adds(b, "<form id=\"upload\" method=\"post\" action=\"/jobs\" "
	    "enctype=\"multipart/form-data\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(b, token);
	buf_printf(b, "\">\n<div class=\"drop\" id=\"drop\">\n"
	    "<label for=\"files\">选择文件：</label>\n"
	    "<input type=\"file\" id=\"files\" name=\"files\" multiple "
	    "accept=\".xlsx,.csv,.ini,.txt\">\n"
	    "<p class=\"hint\">一个工作簿（.xlsx），或多个 CSV 文件，外加可选的 "
	    "kaohe.ini；也可以把文件拖到这里。一次最多 %llu MB。</p>\n"
	    "<ul id=\"chosen\"></ul>\n</div>\n"
	    "<p><button type=\"submit\">上传并检查</button> "
	    "<progress id=\"bar\" max=\"100\" value=\"0\" hidden></progress></p>\n"
	    "</form>\n", (unsigned long long)(serve_cfg.max_upload >> 20));
	buf_adds(b, "<h2>各文件是什么</h2>\n<table class=\"files\">\n"
	    "<thead><tr><th>文件</th><th>内容</th><th>是否必需</th></tr></thead>\n"
	    "<tbody>\n<tr><td>一个工作簿（.xlsx，文件名不限）</td><td>全部数据，"
	    "工作表按表命名：考核细则、支部、评分、一票否决、工作记录、推荐人选、"
	    "党员、设置</td><td>用工作簿时只传这一个</td></tr>\n");
	for (i = 0; i < ARRAY_LEN(tables); i++) {
		buf_printf(b, "<tr><td>%s.csv 或 %s.csv</td><td>%s</td>"
		    "<td>%s</td></tr>\n", tables[i].name, tables[i].stems[1],
		    tables[i].label, tables[i].required);
	}
	buf_adds(b, "<tr><td>kaohe.ini</td><td>设置：单位名称、年度、权重、"
	    "等次、先进名额等；不上传则用默认设置</td><td>可选</td></tr>\n"
	    "<tr><td>notice.txt</td><td>表彰决定的正文</td><td>可选</td></tr>\n"
	    "</tbody></table>\n"
	    "<p class=\"note\">文件名不对也没关系：CSV 文件按第一行的表头识别。"
	    "每张表也可以是同名的 .xlsx 文件。CSV 可以是 Excel 或 WPS 另存的"
	    "任何一种（GBK、UTF-8 或“Unicode 文本”）。</p>\n");
	foot(b);
}

static const char *
uploaded_name(const struct job_data *d, const char *fixed)
{
	size_t i;

	for (i = 0; i + 1 < d->nnames; i += 2)
		if (strcmp(d->names[i], fixed) == 0)
			return d->names[i + 1];
	return NULL;
}

/* "F" for column 6 */
static void
col_letters(unsigned col, char *out)
{
	char tmp[8];
	int n = 0;

	while (col > 0 && n < 7) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	while (n > 0)
		*out++ = tmp[--n];
	*out = '\0';
}

static void
diag_table(struct buf *b, const struct job_data *d, const char *file)
{
	const struct filerows *f = NULL;
	size_t i, k;
	bool any = false;

	for (i = 0; i < d->nfiles; i++)
		if (file && strcmp(d->files[i].file, file) == 0)
			f = &d->files[i];
	for (i = 0; i < d->ndiags; i++) {
		const struct diagnostic *g = &d->diags[i];
		char letters[8];

		char **hdr;
		size_t nhdr;
		unsigned col, line;

		if ((file == NULL) != (g->file == NULL) ||
		    (file && strcmp(file, g->file) != 0))
			continue;
		/* a workbook's cell gives its column and row */
		col = g->col ? g->col : g->xcol;
		line = g->line ? g->line : g->xrow;
		hdr = g->hdr ? g->hdr : f ? f->header : NULL;
		nhdr = g->hdr ? g->nhdr : f ? f->nheader : 0;
		if (!any) {
			buf_adds(b, "<table class=\"diags\">\n<thead><tr><th>级别"
			    "</th><th>位置</th><th>列</th><th>说明</th></tr>"
			    "</thead>\n<tbody>\n");
			any = true;
		}
		buf_printf(b, "<tr class=\"%s\"><td class=\"sev\">%s</td><td "
		    "class=\"pos\">", sev_name[g->sev], sev_zh[g->sev]);
		if (g->cell) {
			html_esc(b, g->cell);
		} else if (g->line) {
			buf_printf(b, "第 %u 行", g->line);
		}
		buf_adds(b, "</td><td class=\"col\">");
		if (col) {
			col_letters(col, letters);
			buf_printf(b, "%s", letters);
			if (hdr && col <= nhdr && hdr[col - 1][0]) {
				buf_adds(b, "（");
				html_esc(b, hdr[col - 1]);
				buf_adds(b, "）");
			}
		}
		buf_adds(b, "</td><td class=\"msg\">");
		html_esc(b, g->msg);
		buf_adds(b, "</td></tr>\n");
		if (g->row != NULL) {
			buf_adds(b, "<tr class=\"row\"><td></td><td colspan=\"3\">"
			    "<div class=\"scroll\"><table class=\"cells\"><tr>"
			    "<th></th>");
			for (k = 0; k < g->nrow; k++) {
				col_letters((unsigned)k + 1, letters);
				buf_printf(b, "<th%s>%s", col == k + 1 ?
				    " class=\"bad\"" : "", letters);
				if (hdr && k < nhdr) {
					buf_adds(b, " ");
					html_esc(b, hdr[k]);
				}
				buf_adds(b, "</th>");
			}
			buf_printf(b, "</tr><tr><th>%u</th>", line);
			for (k = 0; k < g->nrow; k++) {
				if (col == k + 1) {
					buf_adds(b, "<td class=\"bad\"><mark>");
					html_esc(b, g->row[k]);
					buf_adds(b, "</mark></td>");
				} else {
					buf_adds(b, "<td>");
					html_esc(b, g->row[k]);
					buf_adds(b, "</td>");
				}
			}
			buf_adds(b, "</tr></table></div></td></tr>\n");
		}
	}
	if (any)
		buf_adds(b, "</tbody></table>\n");
}

static void
diagnostics_html(struct buf *b, const struct job_data *d, bool warnings_only)
{
	size_t i;
	bool xlsx_note = false;

	if (warnings_only)
		buf_adds(b, "<h2>警告和提示</h2>\n");
	for (i = 0; i < d->nfiles; i++) {
		const struct filerows *f = &d->files[i];
		const char *up = uploaded_name(d, f->file);
		const char *label = table_label(f->file);

		buf_adds(b, "<section class=\"file\"><h3>");
		html_esc(b, f->file);
		if (*label) {
			buf_adds(b, " <span class=\"label\">");
			html_esc(b, label);
			buf_adds(b, "</span>");
		}
		if (up != NULL && strcmp(up, f->file) != 0) {
			buf_adds(b, " <span class=\"up\">上传的文件：");
			html_esc(b, up);
			buf_adds(b, "</span>");
		}
		buf_adds(b, "</h3>\n");
		diag_table(b, d, f->file);
		if (!f->is_csv && strstr(f->file, ".xlsx") && !f->read)
			xlsx_note = true;
		buf_adds(b, "</section>\n");
	}
	for (i = 0; i < d->ndiags; i++)
		if (d->diags[i].file == NULL) {
			buf_adds(b, "<section class=\"file\"><h3>其他</h3>\n");
			diag_table(b, d, NULL);
			buf_adds(b, "</section>\n");
			break;
		}
	if (xlsx_note)
		buf_adds(b, "<p class=\"note\">工作簿中出错的行请按单元格位置在 "
		    "Excel 或 WPS 中查看；本页只列出 CSV 文件出错的整行。</p>\n");
	if (d->dropped)
		buf_printf(b, "<p class=\"note\">另有 %zu 条消息未列出；"
		    "请先改正上面的错误。</p>\n", d->dropped);
}

static size_t
col_index(const struct job_data *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->rank_ncols; i++)
		if (strcmp(d->rank_header[i], name) == 0)
			return i;
	return (size_t)-1;
}

/* The results' veto reasons ("a;b", as the CSV has them) as a Chinese page
 * writes them: "a；b". */
static void
veto_reasons(struct buf *b, const char *list)
{
	const char *p = list, *semi;

	for (;;) {
		struct buf one = {0};

		semi = strchr(p, ';');
		buf_add(&one, p, semi ? (size_t)(semi - p) : strlen(p));
		html_esc(b, one.s ? one.s : "");
		buf_free(&one);
		if (semi == NULL)
			break;
		buf_adds(b, "；");
		for (p = semi + 1; *p == ' '; p++)
			;
	}
}

static void
ranking_html(struct buf *b, const struct job_data *d)
{
	size_t rk = col_index(d, "排名"), veto = col_index(d, "一票否决");
	size_t lvl = col_index(d, "等次");
	size_t i, k, nveto = 0;

	for (i = 0; i < d->nrank; i++)
		if (veto != (size_t)-1 && d->rank_rows[i][veto][0])
			nveto++;
	buf_printf(b, "<p class=\"lead\">共 %zu 个支部", d->nrank);
	if (lvl != (size_t)-1) {
		/* counts per level, in order of first appearance */
		const char *seen[16];
		size_t ns = 0, cnt[16] = {0};
		for (i = 0; i < d->nrank; i++) {
			const char *l = d->rank_rows[i][lvl];
			for (k = 0; k < ns && strcmp(seen[k], l) != 0; k++)
				;
			if (k == ns && ns < 16)
				seen[ns++] = l;
			if (k < 16)
				cnt[k]++;
		}
		buf_adds(b, "：");
		for (k = 0; k < ns; k++) {
			if (k)
				buf_adds(b, "，");
			html_esc(b, seen[k]);
			buf_printf(b, " %zu 个", cnt[k]);
		}
		if (nveto)
			buf_printf(b, "（其中一票否决 %zu 个）", nveto);
	}
	buf_adds(b, "。</p>\n<div class=\"scroll\"><table class=\"ranking\">\n"
	    "<thead><tr>");
	for (k = 0; k < d->rank_ncols; k++) {
		buf_adds(b, "<th>");
		html_esc(b, d->rank_header[k]);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < d->nrank; i++) {
		char **row = d->rank_rows[i];
		bool vetoed = veto != (size_t)-1 && row[veto][0];
		bool tie = false;

		if (rk != (size_t)-1 && row[rk][0]) {
			/* rows come by rank: a tie is a neighbour's rank */
			tie = (i > 0 && strcmp(d->rank_rows[i - 1][rk],
			    row[rk]) == 0) || (i + 1 < d->nrank &&
			    strcmp(d->rank_rows[i + 1][rk], row[rk]) == 0);
		}
		buf_printf(b, "<tr%s>", vetoed ? " class=\"veto\"" : "");
		for (k = 0; k < d->rank_ncols; k++) {
			if (k == rk) {
				buf_adds(b, "<td class=\"rank\">");
				if (vetoed && !row[k][0])
					buf_adds(b, "—");
				else if (tie) {
					buf_adds(b, "<span class=\"tie\" title=\"并列\">=</span>");
					html_esc(b, row[k]);
				} else
					html_esc(b, row[k]);
				buf_adds(b, "</td>");
			} else if (k == veto && vetoed) {
				buf_adds(b, "<td class=\"vetoes\"><strong>一票否决：</strong>");
				veto_reasons(b, row[k]);
				buf_adds(b, "</td>");
			} else {
				bool num = row[k][0] >= '0' && row[k][0] <= '9' &&
				    strchr(row[k], '.') != NULL;
				buf_printf(b, "<td%s>", num ? " class=\"num\"" : "");
				html_esc(b, row[k]);
				buf_adds(b, "</td>");
			}
		}
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody></table></div>\n<p class=\"note\">排名前的“=”表示"
	    "并列。一票否决的支部不参加排名，等次为不合格。</p>\n");
}

static const char *const output_titles[] = {
	"考核情况报告（PDF）", "表彰决定及名单（PDF）", "各支部考核评分表（ZIP，每个支部一个 PDF）",
	"党支部工作手册（ZIP，每个支部一个 PDF）", "考核结果（Excel 工作簿）",
	"考核结果（CSV，Excel 可直接打开）",
};

static void
stage_list(struct buf *b, const struct job_data *d, bool started)
{
	size_t i, n = ARRAY_LEN(stage_words) + 1, done = started ? 1 : 0;
	bool now = false;

	for (i = 0; d != NULL && i < ARRAY_LEN(stage_words); i++)
		if (d->stages & (1u << i))
			done++;
	buf_printf(b, "<p><progress max=\"%zu\" value=\"%zu\">%zu/%zu</progress>"
	    "</p>\n<ol class=\"stages\">\n", n, done, done, n);
	/* checking the data comes first and is done at the first output */
	buf_printf(b, "<li class=\"%s\">检查数据</li>\n", !started ? "todo" :
	    d->stages ? "done" : "now");
	now = started && !d->stages;
	for (i = 0; i < ARRAY_LEN(stage_words); i++) {
		const char *cls = "todo";
		if (started && (d->stages & (1u << i)))
			cls = "done";
		else if (started && !now) {
			cls = "now";
			now = true;
		}
		buf_printf(b, "<li class=\"%s\">%s</li>\n", cls, stage_names[i]);
	}
	buf_adds(b, "</ol>\n");
}

void
page_job(struct buf *b, const char *id, const struct job_view *v,
    const struct job_data *d)
{
	size_t i;

	switch (v->state) {
	case JOB_QUEUED:
		head(b, "排队中", true);
		buf_printf(b, "<h1>排队中</h1>\n<p class=\"lead\">前面还有 %d 个任务"
		    "在等待。</p>\n", v->ahead);
		stage_list(b, d, false);
		buf_adds(b, "<p class=\"note\">本页每 2 秒自动刷新；也可以"
		    "<a href=\"\">手动刷新</a>。</p>\n");
		break;
	case JOB_RUNNING:
		head(b, "正在生成", true);
		buf_adds(b, "<h1>正在检查和生成</h1>\n");
		stage_list(b, d, true);
		buf_adds(b, "<p class=\"note\">本页每 2 秒自动刷新；也可以"
		    "<a href=\"\">手动刷新</a>。</p>\n");
		break;
	case JOB_DONE:
		head(b, "考核结果", false);
		buf_adds(b, "<h1>考核结果</h1>\n");
		ranking_html(b, d);
		buf_adds(b, "<h2 class=\"downloads\">下载</h2>\n<ul class=\"downloads\">\n");
		for (i = 0; i < ARRAY_LEN(output_names); i++) {
			if (!d->has[i])
				continue;
			buf_printf(b, "<li><a href=\"/jobs/%s/%s\">%s</a> "
			    "<span class=\"file\">%s</span></li>\n", id,
			    output_names[i], output_titles[i], output_names[i]);
		}
		buf_adds(b, "</ul>\n");
		if (d->ndiags > 0)
			diagnostics_html(b, d, true);
		buf_adds(b, "<p class=\"again\"><a class=\"button\" href=\"/\">"
		    "上传另一批数据</a></p>\n");
		break;
	case JOB_FAILED:
		if (v->exit == 1) {
			head(b, "数据有错误", false);
			buf_printf(b, "<h1>数据有错误</h1>\n<p class=\"lead\">共 %zu 个"
			    "错误", d->counts[SEV_ERROR]);
			if (d->counts[SEV_WARNING])
				buf_printf(b, "、%zu 个警告", d->counts[SEV_WARNING]);
			buf_adds(b, "，未生成任何文件。请按下表在原文件中改正，"
			    "然后重新上传。</p>\n");
		} else {
			head(b, "生成失败", false);
			buf_adds(b, "<h1>生成失败</h1>\n<p class=\"lead\">");
			html_esc(b, v->message);
			buf_adds(b, "</p>\n");
		}
		diagnostics_html(b, d, false);
		buf_adds(b, "<p class=\"again\"><a class=\"button\" href=\"/\">"
		    "重新上传</a></p>\n");
		break;
	}
	foot(b);
}

void
page_json(struct buf *b, const struct job_view *v, const struct job_data *d)
{
	static const char *const states[] = {"queued", "running", "done",
	    "failed"};
	size_t i, k;
	bool first = true;

	buf_printf(b, "{\"state\": \"%s\", \"exit\": ", states[v->state]);
	if (v->state == JOB_DONE || v->state == JOB_FAILED)
		buf_printf(b, "%d", v->exit);
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"message\": ");
	json_str(b, v->message);
	buf_adds(b, ",\n\"diagnostics\": [");
	for (i = 0; i < d->ndiags; i++) {
		const struct diagnostic *g = &d->diags[i];
		buf_printf(b, "%s\n  {\"severity\": \"%s\", \"file\": ",
		    i ? "," : "", sev_name[g->sev]);
		if (g->file)
			json_str(b, g->file);
		else
			buf_adds(b, "null");
		if (g->line)
			buf_printf(b, ", \"line\": %u", g->line);
		else
			buf_adds(b, ", \"line\": null");
		if (g->col)
			buf_printf(b, ", \"col\": %u", g->col);
		else
			buf_adds(b, ", \"col\": null");
		buf_adds(b, ", \"cell\": ");
		if (g->cell)
			json_str(b, g->cell);
		else
			buf_adds(b, "null");
		buf_adds(b, ", \"message\": ");
		json_str(b, g->msg);
		buf_adds(b, "}");
	}
	buf_adds(b, "],\n\"ranking\": [");
	for (i = 0; i < d->nrank; i++) {
		buf_adds(b, i ? ",\n  {" : "\n  {");
		for (k = 0; k < d->rank_ncols; k++) {
			if (k)
				buf_adds(b, ", ");
			json_str(b, d->rank_header[k]);
			buf_adds(b, ": ");
			json_str(b, d->rank_rows[i][k]);
		}
		buf_adds(b, "}");
	}
	buf_adds(b, "],\n\"outputs\": [");
	for (i = 0; i < ARRAY_LEN(output_names); i++)
		if (d->has[i]) {
			buf_adds(b, first ? "" : ", ");
			json_str(b, output_names[i]);
			first = false;
		}
	buf_adds(b, "]}\n");
}
