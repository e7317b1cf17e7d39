/* test_pdf.c: the PDF engine as a reader sees its files: pdftotext,
 * pdffonts, qpdf --check, and rendered pixels (pdftoppm). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "diag.h"
#include "pdf/pdf.h"
#include "pdf/pdf_pack.h"
#include "util.h"

static struct pdf_fonts *fonts;
static char dir[512];

static char *
outpath(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* Runs a shell command; returns its stdout (caller frees) and exit status. */
static char *run(int *status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static char *
run(int *status, const char *fmt, ...)
{
	struct buf cmd = {0}, out = {0};
	char chunk[4096];
	va_list ap;
	FILE *p;
	size_t n;
	int st;

	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	p = popen(cmd.s, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(&out, chunk, n);
	st = pclose(p);
	if (status != NULL)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	buf_free(&cmd);
	return buf_take(&out);
}

/* Checks what every kaohe PDF must be: qpdf clean, fonts embedded and
 * subset (the CFF faces of the defaults, Noto CJK and Fandol, as CIDFont
 * Type 0C; HanaMin and other glyf fonts as CID TrueType), pdftotext
 * silent. */
static void
check_clean(const char *pdf)
{
	char *out, *line, *save;
	int st, fontsn = 0;

	out = run(&st, "qpdf --check '%s' 2>&1", pdf);
	if (st != 0)
		fprintf(stderr, "qpdf --check %s:\n%s", pdf, out);
	assert_int_equal(st, 0);
	free(out);
	out = run(&st, "pdffonts '%s' 2>&1", pdf);
	assert_int_equal(st, 0);
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "name", 4) == 0 || line[0] == '-')
			continue;
		fontsn++;
		if (strstr(line, (strstr(line, "+Noto") != NULL ||
		    strstr(line, "+Fandol") != NULL) ? "CID Type 0C" :
		    "CID TrueType") == NULL ||
		    strstr(line, " yes yes yes ") == NULL)
			fail_msg("font not embedded/subset: %s", line);
		if (strchr(line, '+') == NULL || strchr(line, '+') - line != 6)
			fail_msg("no subset tag: %s", line);
	}
	assert_true(fontsn > 0);
	free(out);
	out = run(&st, "pdftotext '%s' /dev/null 2>&1", pdf);
	if (out[0] != '\0')
		fail_msg("pdftotext complains about %s: %s", pdf, out);
	assert_int_equal(st, 0);
	free(out);
}

static char *
page_text(const char *pdf, int page)
{
	return run(NULL, "pdftotext -f %d -l %d '%s' - 2>&1", page, page, pdf);
}

static int
npages(const char *pdf)
{
	char *out = run(NULL, "qpdf --show-npages '%s'", pdf);
	int n = atoi(out);

	free(out);
	return n;
}

/* Removes white space (pdftotext adds line ends and spaces). */
static void
squeeze(char *s)
{
	char *o = s;

	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\f' && *s != '\r')
			*o++ = *s;
	*o = '\0';
}

static int
setup(void **state)
{
	const char *b = getenv("BUILD");

	snprintf(dir, sizeof dir, "%s/pdftest", b ? b : "build");
	mkdir(dir, 0755);
	fonts = pdf_fonts_open(NULL);
	return fonts == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	pdf_fonts_free(fonts);
	return 0;
}

static const char *const words[] = {
	"党支部", "组织生活会", "三会一课", "按时", "召开", "党员大会",
	"认真", "学习", "贯彻", "落实", "会议精神", "，", "。", "2025年",
	"95.50分", "发展党员", "工作", "规范", "（已整改）", "记录", "完整",
};

/* Deterministic Chinese text of about n characters. */
static char *
chinese(unsigned seed, size_t n)
{
	struct buf b = {0};

	while (utf8_chars(b.s ? b.s : "") < n) {
		seed = seed * 1103515245u + 12345u;
		buf_adds(&b, words[(seed >> 16) % ARRAY_LEN(words)]);
	}
	return buf_take(&b);
}

static void
furniture(struct pdf_doc *doc, unsigned page, unsigned n, void *ctx)
{
	struct pdf_style st = {.size = 9, .align = PDF_CENTER};
	char *s = xasprintf("第 %u 页 共 %u 页", page, n);

	pdf_text_at(doc, pdf_page_width(doc) / 2, pdf_page_height(doc) -
	    PDF_MM(12), &st, s, NULL);
	free(s);
}

/* 120 rows of wrapped text over several pages. */
static void
test_table_pages(void **state)
{
	struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
	struct pdf_table *t = pdf_table_new(doc, 4, NULL);
	static const char *const head[] = {"序号", "支部名称", "情况说明",
	    "得分"};
	char *path = outpath("table120.pdf"), *txt, id[64], end[64];
	int n, p, i;

	pdf_doc_set_furniture(doc, furniture, NULL);
	pdf_table_col(t, 0, 30, 0, PDF_CENTER);
	pdf_table_col(t, 1, 0, 1, PDF_LEFT);
	pdf_table_col(t, 2, 0, 3, PDF_JUSTIFY);
	pdf_table_col(t, 3, 40, 0, PDF_RIGHT);
	pdf_table_row(t, PDF_ROW_HEADER, head, 4, NULL);
	for (i = 0; i < 120; i++) {
		char *body = chinese((unsigned)i, 20 + (size_t)(i % 7) * 15);
		char *text = xasprintf("甲%03d%s乙%03d", i, body, i);
		char num[8], score[16];
		const char *row[4] = {num, "第一党支部", text, score};

		snprintf(num, sizeof num, "%d", i + 1);
		snprintf(score, sizeof score, "%d.50", 80 + i % 20);
		pdf_table_row(t, i % 10 == 9 ? PDF_ROW_SUBTOTAL : PDF_ROW_BODY,
		    row, 4, NULL);
		free(body);
		free(text);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
	assert_int_equal(pdf_doc_save(doc, path), 0);
	pdf_doc_free(doc);
	check_clean(path);
	n = npages(path);
	assert_true(n >= 4);
	i = 0;
	for (p = 1; p <= n; p++) {
		txt = page_text(path, p);
		squeeze(txt);
		assert_non_null(strstr(txt, "序号"));
		assert_non_null(strstr(txt, "情况说明"));
		snprintf(id, sizeof id, "第%d页共%d页", p, n);
		assert_non_null(strstr(txt, id));
		/* Rows in order, each whole on this page. */
		for (;; i++) {
			char *a, *z;

			snprintf(id, sizeof id, "甲%03d", i);
			snprintf(end, sizeof end, "乙%03d", i);
			a = strstr(txt, id);
			z = strstr(txt, end);
			if (a == NULL && z == NULL)
				break;
			if (a == NULL || z == NULL || z < a)
				fail_msg("row %d split on page %d", i, p);
		}
		free(txt);
	}
	assert_int_equal(i, 120);
	free(path);
}

/* The markers of page p of a table in reading order (pdftotext -layout
 * keeps rows top to bottom): 'G' a group row, 'S' a subtotal, 'B' a body
 * row, as a string. */
static char *
page_marks(const char *path, int p)
{
	char *txt = run(NULL, "pdftotext -layout -f %d -l %d '%s' - 2>&1", p,
	    p, path);
	struct buf b = {0};
	const char *q;

	for (q = txt; *q != '\0'; q++) {
		if (strncmp(q, "组别", 6) == 0)
			buf_addc(&b, 'G');
		else if (strncmp(q, "合计", 6) == 0)
			buf_addc(&b, 'S');
		else if (strncmp(q, "甲", 3) == 0)
			buf_addc(&b, 'B');
	}
	free(txt);
	if (b.s == NULL)
		buf_adds(&b, "");
	return buf_take(&b);
}

/* Group rows, subtotals and a caption over several pages: every page
 * after the first has the caption with （续） and the header; a group row
 * never ends a page (it has two rows after it, or all its rows); a
 * subtotal never opens a page. */
static void
test_table_keep(void **state)
{
	struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
	struct pdf_table_style ts = {.caption = "测试表",
	    .caption_cont_only = false};
	struct pdf_table *t;
	static const char *const head[] = {"序号", "说明", "得分"};
	char *path = outpath("keep.pdf"), *txt, *m;
	int n, p, i, g = 0;

	t = pdf_table_new(doc, 3, &ts);
	pdf_table_col(t, 0, 40, 0, PDF_CENTER);
	pdf_table_col(t, 1, 0, 1, PDF_LEFT);
	pdf_table_col(t, 2, 50, 0, PDF_RIGHT);
	pdf_table_row(t, PDF_ROW_HEADER, head, 3, NULL);
	for (i = 0; i < 150; i++) {
		char num[16], *body, *text;
		const char *row[3];

		if (i % 7 == 0) {
			struct pdf_cell c = {.span = 3};

			c.text = txt = xasprintf("组别%d", ++g);
			pdf_table_row_cells(t, PDF_ROW_GROUP, &c, 1);
			free(txt);
		}
		body = chinese((unsigned)i, 10 + (size_t)(i % 5) * 30);
		text = xasprintf("甲%03d%s", i, body);
		snprintf(num, sizeof num, "%d", i + 1);
		row[0] = num;
		row[1] = text;
		row[2] = i % 3 ? "4" : "3.5";
		pdf_table_row(t, PDF_ROW_BODY, row, 3, NULL);
		if (i % 7 == 6) {
			const char *sub[3] = {"合计", "", "27.5"};

			pdf_table_row(t, PDF_ROW_SUBTOTAL, sub, 3, NULL);
		}
		free(body);
		free(text);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
	assert_int_equal(pdf_doc_save(doc, path), 0);
	pdf_doc_free(doc);
	check_clean(path);
	n = npages(path);
	assert_true(n >= 3);
	for (p = 1; p <= n; p++) {
		txt = page_text(path, p);
		squeeze(txt);
		assert_non_null(strstr(txt, "序号"));
		assert_non_null(strstr(txt, "得分"));
		if (p > 1)
			assert_non_null(strstr(txt, "测试表（续）"));
		else
			assert_null(strstr(txt, "（续）"));
		free(txt);
		m = page_marks(path, p);
		if (m[0] == 'S')
			fail_msg("page %d opens with a subtotal: %s", p, m);
		if (p < n && m[0] != '\0' && m[strlen(m) - 1] == 'G')
			fail_msg("page %d ends with a group row: %s", p, m);
		if (p < n && strlen(m) >= 2 && m[strlen(m) - 2] == 'G' &&
		    m[strlen(m) - 1] == 'B')
			fail_msg("page %d ends a group row after one row: %s", p,
			    m);
		free(m);
	}
	free(path);
}

/* Fills lie under the rules: rendered at 300 dpi, the rule between the
 * last body row and a shaded subtotal is as dark as the rule between two
 * body rows (a fill painted over it used to hide half of it). */
static void
test_table_rules(void **state)
{
	struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
	struct pdf_table_style ts = {.subtotal_fill = 0xb0b0b0};
	struct pdf_table *t = pdf_table_new(doc, 3, &ts);
	static const char *const head[] = {"序号", "", "说明"};
	static const char *const body[] = {"甲", "", "乙"};
	static const char *const sub[] = {"小计", "", ""};
	char *path = outpath("rules.pdf"), *pgm, *img, *name;
	const unsigned char *px;
	double dark[8] = {0}, x = PDF_MM(25) + 60 + 50;
	int st, w, h, maxv, y, k = 0, nruns = 0, i;
	size_t len;
	bool in = false;

	pdf_table_col(t, 0, 60, 0, PDF_CENTER);
	pdf_table_col(t, 1, 100, 0, PDF_LEFT);
	pdf_table_col(t, 2, 0, 1, PDF_LEFT);
	pdf_table_row(t, PDF_ROW_HEADER, head, 3, NULL);
	for (i = 0; i < 3; i++)
		pdf_table_row(t, PDF_ROW_BODY, body, 3, NULL);
	pdf_table_row(t, PDF_ROW_SUBTOTAL, sub, 3, NULL);
	pdf_table_draw(t);
	pdf_table_free(t);
	assert_int_equal(pdf_doc_save(doc, path), 0);
	pdf_doc_free(doc);
	pgm = xasprintf("%s/rules", dir);
	free(run(&st, "pdftoppm -gray -r 300 -x %d -y 0 -W 1 -H 1500 "
	    "-singlefile '%s' '%s'", (int)(x * 300 / 72), path, pgm));
	assert_int_equal(st, 0);
	name = xasprintf("%s.pgm", pgm);
	assert_int_equal(file_read(name, &img, &len), 0);
	assert_int_equal(sscanf(img, "P5 %d %d %d", &w, &h, &maxv), 3);
	assert_int_equal(w, 1);
	px = (const unsigned char *)img + len - (size_t)h;
	/* Dark runs down the empty column: the rules. */
	for (y = 0; y < h; y++) {
		bool d = px[y] < 160;

		if (d && !in && nruns < 8)
			k = nruns++;
		if (d)
			dark[k] += (255.0 - px[y]) / 255.0;
		in = d;
	}
	/* Top, header/body, body/body, body/body, body/subtotal, bottom. */
	assert_int_equal(nruns, 6);
	if (dark[4] < 0.85 * dark[2])
		fail_msg("the rule above the subtotal is %.2f px dark, a rule "
		    "between body rows %.2f", dark[4], dark[2]);
	free(img);
	free(name);
	free(pgm);
	free(path);
}

/* A 6,000-character cell splits across pages with nothing lost. */
static void
test_long_row(void **state)
{
	struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
	struct pdf_table *t = pdf_table_new(doc, 2, NULL);
	static const char *const head[] = {"编号", "说明"};
	char *path = outpath("longrow.pdf"), *body = chinese(7, 6000);
	const char *row[2] = {"短", body};
	struct buf all = {0};
	char *txt, *p;
	int n, i;

	pdf_table_col(t, 0, 40, 0, PDF_CENTER);
	pdf_table_row(t, PDF_ROW_HEADER, head, 2, NULL);
	pdf_table_row(t, PDF_ROW_BODY, row, 2, NULL);
	pdf_table_row(t, PDF_ROW_BODY, row, 1, NULL);
	pdf_table_draw(t);
	pdf_table_free(t);
	assert_int_equal(pdf_doc_save(doc, path), 0);
	pdf_doc_free(doc);
	check_clean(path);
	n = npages(path);
	assert_true(n >= 3);
	for (i = 1; i <= n; i++) {
		txt = page_text(path, i);
		squeeze(txt);
		/* Drop the repeated header and the first column. */
		while ((p = strstr(txt, "编号说明")) != NULL)
			memmove(p, p + strlen("编号说明"), strlen(p) -
			    strlen("编号说明") + 1);
		while ((p = strstr(txt, "短")) != NULL)
			memmove(p, p + strlen("短"), strlen(p) - strlen("短") +
			    1);
		buf_adds(&all, txt);
		free(txt);
	}
	squeeze(body);
	if (strstr(all.s, body) == NULL)
		fail_msg("the 6,000 characters did not come back whole");
	free(body);
	buf_free(&all);
	free(path);
}

/* A rendered page as grey pixels (a binary PGM file's). */
struct gray {
	char *img;
	const unsigned char *px;
	int w, h;
};

static void
gray_read(const char *pgm, struct gray *g)
{
	size_t len;
	char *at;
	int k, maxv;

	assert_int_equal(file_read(pgm, &g->img, &len), 0);
	assert_int_equal(sscanf(g->img, "P5 %d %d %d", &g->w, &g->h, &maxv),
	    3);
	/* Past the header: three numbers and one white-space byte. */
	at = g->img;
	for (k = 0; k < 4; k++) {
		while (*at == ' ' || *at == '\n')
			at++;
		while (*at != ' ' && *at != '\n')
			at++;
	}
	g->px = (const unsigned char *)at + 1;
	assert_true((size_t)(at + 1 - g->img) + (size_t)g->w * (size_t)g->h <=
	    len);
}

/* Dark pixels in the box [x0, x1) × [y0, y1). */
static int
gray_ink(const struct gray *g, int x0, int y0, int x1, int y1)
{
	int x, y, n = 0;

	for (y = y0 < 0 ? 0 : y0; y < y1 && y < g->h; y++)
		for (x = x0 < 0 ? 0 : x0; x < x1 && x < g->w; x++)
			if (g->px[y * g->w + x] < 160)
				n++;
	return n;
}

/* The 3,755 characters of GB2312 level 1, UTF-8. */
static size_t
gb2312_level1(char (*chars)[8])
{
	iconv_t cd = iconv_open("UTF-8", "GB2312");
	unsigned hi, lo;
	size_t n = 0;

	assert_true(cd != (iconv_t)-1);
	for (hi = 0xb0; hi <= 0xd7; hi++)
		for (lo = 0xa1; lo <= 0xfe; lo++) {
			char in[2] = {(char)hi, (char)lo}, *ip = in, *op;
			size_t il = 2, ol = 7;

			if (hi == 0xd7 && lo >= 0xfa)
				continue;
			op = chars[n];
			if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) {
				*op = '\0';
				n++;
			}
		}
	iconv_close(cd);
	return n;
}

/* Every cell of a grid of the 3,755 common hanzi has ink, in every
 * default face, as two independent renderers draw it (poppler's pdftoppm
 * and MuPDF's mutool draw); pdftotext gives back every character, and 𠮷
 * 㛃 堃 (from the fallback fonts) print and extract. */
static void
test_glyph_grid(void **state)
{
	static const enum font_role roles[] = {FONT_SONG, FONT_HEI, FONT_KAI,
	    FONT_FANGSONG, FONT_XIAOBIAOSONG};
	static const char *const role_name[] = {"song", "hei", "kai",
	    "fangsong", "xiaobiaosong"};
	static const char *const renderer[] = {"pdftoppm", "mutool"};
	const double cell = 16, left = 40, top = 40, size = 13;
	char (*chars)[8] = xcalloc(4000, sizeof *chars);
	size_t nchars, r, i;
	struct buf all = {0};

	nchars = gb2312_level1(chars);
	assert_int_equal(nchars, 3755);
	for (i = 0; i < nchars; i++)
		buf_adds(&all, chars[i]);
	buf_adds(&all, "𠮷㛃堃");
	for (r = 0; r < ARRAY_LEN(roles); r++) {
		struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
		struct pdf_style st = {.role = roles[r], .size = size};
		int cols = (int)((PDF_A4_WIDTH - 2 * left) / cell);
		int rows = (int)((PDF_A4_HEIGHT - 2 * top) / cell);
		int per = cols * rows, pages, p, st2, rr;
		char *name = xasprintf("grid-%s.pdf", role_name[r]);
		char *path = outpath(name), *txt, *pgm;

		for (i = 0; i < nchars; i++) {
			int k = (int)i % per;

			if (i > 0 && k == 0)
				pdf_page_new(doc);
			pdf_text_at(doc, left + cell * (k % cols) + 1.5,
			    top + cell * (k / cols) + 13, &st, chars[i],
			    NULL);
		}
		pdf_page_new(doc);
		pdf_text_at(doc, left, top + 30, &st, "𠮷 㛃 堃", NULL);
		assert_int_equal(pdf_doc_save(doc, path), 0);
		pdf_doc_free(doc);
		check_clean(path);
		pages = npages(path);
		pgm = xasprintf("%s/grid-%s", dir, role_name[r]);
		/* Every page with each renderer, one run each. */
		free(run(&st2, "rm -f '%s'-*.pgm && pdftoppm -gray -r 72 '%s' "
		    "'%s'-p && mutool draw -q -c gray -r 72 -o '%s'-m-%%d.pgm "
		    "'%s' 2>&1", pgm, path, pgm, pgm, path));
		assert_int_equal(st2, 0);
		for (p = 1; p <= pages; p++) {
			int first = (p - 1) * per, c, n;
			int last = p == pages ? 3 : (p * per < (int)nchars ?
			    per : (int)nchars - first);

			for (rr = 0; rr < 2; rr++) {
				struct gray g;
				char *f = rr == 0 ? xasprintf("%s-p-%0*d.pgm",
				    pgm, pages >= 10 ? 2 : 1, p) :
				    xasprintf("%s-m-%d.pgm", pgm, p);

				gray_read(f, &g);
				free(f);
				for (c = 0; c < last; c++) {
					int cx, cy;

					if (p == pages) {
						/* The three rare characters. */
						cx = (int)left + c *
						    (int)(size * 1.3);
						cy = (int)top + 30 - 12;
					} else {
						cx = (int)(left + cell *
						    (c % cols));
						cy = (int)(top + cell *
						    (c / cols));
					}
					n = gray_ink(&g, cx + 2, cy + 1,
					    cx + 15, cy + 15);
					if (n < 3)
						fail_msg("%s: %s draws a blank "
						    "glyph on page %d, cell %d "
						    "(%s)", role_name[r],
						    renderer[rr], p, c,
						    p == pages ? "rare" :
						    chars[first + c]);
				}
				free(g.img);
			}
		}
		txt = run(NULL, "pdftotext '%s' -", path);
		squeeze(txt);
		if (strcmp(txt, all.s) != 0)
			fail_msg("%s: pdftotext does not give back the %zu "
			    "characters and 𠮷㛃堃", role_name[r], nchars);
		free(txt);
		free(pgm);
		free(name);
		free(path);
	}
	buf_free(&all);
	free(chars);
}

/* Mainland (GB) punctuation: in the default faces ， 。 sit in the
 * lower left of their em box and ； ： in its left half (a pan-CJK face
 * such as Noto CJK must give its SC forms, not the centred TC ones). */
static void
test_mainland_punct(void **state)
{
	static const enum font_role roles[] = {FONT_SONG, FONT_HEI, FONT_KAI,
	    FONT_FANGSONG, FONT_XIAOBIAOSONG};
	static const char *const marks[] = {"，", "。", "；", "："};
	const double em = 100, x0 = 50, y0 = 50;
	struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
	char *path = outpath("punct.pdf"), *pgm = outpath("punct");
	struct gray g;
	size_t r, k;
	int st2;

	for (r = 0; r < ARRAY_LEN(roles); r++)
		for (k = 0; k < ARRAY_LEN(marks); k++) {
			struct pdf_style st = {.role = roles[r], .size = em};

			/* Baseline 0.88 em below the em box's top. */
			pdf_text_at(doc, x0 + k * 1.2 * em, y0 + r * 1.2 * em +
			    0.88 * em, &st, marks[k], NULL);
		}
	assert_int_equal(pdf_doc_save(doc, path), 0);
	pdf_doc_free(doc);
	free(run(&st2, "pdftoppm -gray -r 72 -singlefile '%s' '%s'", path,
	    pgm));
	assert_int_equal(st2, 0);
	free(pgm);
	pgm = outpath("punct.pgm");
	gray_read(pgm, &g);
	for (r = 0; r < ARRAY_LEN(roles); r++)
		for (k = 0; k < ARRAY_LEN(marks); k++) {
			int bx = (int)(x0 + k * 1.2 * em), by = (int)(y0 + r *
			    1.2 * em), h = (int)em;
			int left = gray_ink(&g, bx, by, bx + h / 2, by + h);
			int right = gray_ink(&g, bx + h / 2, by, bx + h, by + h);
			int low = gray_ink(&g, bx, by + h / 2, bx + h, by + h);
			int high = gray_ink(&g, bx, by, bx + h, by + h / 2);

			if (left < 20 || right > left / 10)
				fail_msg("role %zu: %s not in the left half "
				    "(%d / %d dark pixels)", r, marks[k], left,
				    right);
			if (k < 2 && high > low / 10)
				fail_msg("role %zu: %s not in the lower half "
				    "(%d / %d dark pixels)", r, marks[k], high,
				    low);
		}
	free(g.img);
	free(pgm);
	free(path);
}

/* A one-page document of 40 rows; rendered twice to memory. */
static struct pdf_doc *
doc40(void)
{
	struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
	struct pdf_table_style ts = {.size = 9, .leading = 11, .padding = 2};
	struct pdf_table *t = pdf_table_new(doc, 3, &ts);
	struct pdf_info info = {"测试表 40 行", "某某单位党委", "考核",
	    "党支部;考核"};
	static const char *const head[] = {"支部", "说明", "得分"};
	int i;

	pdf_doc_set_info(doc, &info);
	pdf_doc_set_furniture(doc, furniture, NULL);
	pdf_table_col(t, 1, 0, 4, PDF_LEFT);
	pdf_table_col(t, 2, 50, 0, PDF_RIGHT);
	pdf_table_row(t, PDF_ROW_HEADER, head, 3, NULL);
	for (i = 0; i < 40; i++) {
		char *s = chinese((unsigned)i * 31u, 28);
		const char *row[3] = {"第二党支部", s, "96.25"};

		pdf_table_row(t, PDF_ROW_BODY, row, 3, NULL);
		free(s);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
	return doc;
}

static void
test_size_and_reproducible(void **state)
{
	struct pdf_doc *a, *b;
	char *da, *db, *path = outpath("rows40.pdf"), *info;
	size_t la, lb;

	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	a = doc40();
	b = doc40();
	assert_int_equal(pdf_page_count(a), 1);
	assert_int_equal(pdf_doc_render(a, &da, &la), 0);
	assert_int_equal(pdf_doc_render(b, &db, &lb), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	assert_true(la < 60 * 1024);
	printf("# 40-row page: %zu bytes\n", la);
	assert_int_equal(file_write_atomic(path, da, la), 0);
	check_clean(path);
	info = run(NULL, "pdfinfo '%s'", path);
	assert_non_null(strstr(info, "测试表 40 行"));
	assert_non_null(strstr(info, "某某单位党委"));
	assert_non_null(strstr(info, "kaohe " KAOHE_VERSION));
	assert_non_null(strstr(info, "2026"));
	free(info);
	free(da);
	free(db);
	free(path);
	pdf_doc_free(a);
	pdf_doc_free(b);
	unsetenv("SOURCE_DATE_EPOCH");
}

struct job {
	char *data;
	size_t len;
};

static void *
thread_render(void *arg)
{
	struct job *j = arg;
	struct pdf_doc *d = doc40();

	pdf_doc_render(d, &j->data, &j->len);
	pdf_doc_free(d);
	return NULL;
}

/* Documents made at once on several threads from one set of fonts. */
static void
test_threads(void **state)
{
	pthread_t th[4];
	struct job jobs[4];
	int i;

	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_render,
		    &jobs[i]), 0);
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < 4; i++) {
		assert_non_null(jobs[i].data);
		assert_int_equal(jobs[i].len, jobs[0].len);
		assert_memory_equal(jobs[i].data, jobs[0].data, jobs[0].len);
	}
	for (i = 0; i < 4; i++)
		free(jobs[i].data);
	unsetenv("SOURCE_DATE_EPOCH");
}

static void
test_missing_font(void **state)
{
	const char *names[FONT_NROLES] = {0};
	char *err = outpath("fonterr.txt"), *msg;
	size_t len;
	int saved, fd;
	struct pdf_fonts *f;

	names[FONT_KAI] = "No Such Kai Font";
	names[FONT_HEI] = "/nonexistent/simhei.ttf";
	fflush(stderr);
	saved = dup(2);
	fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, 2);
	f = pdf_fonts_open(names);
	diag_flush();
	fflush(stderr);
	dup2(saved, 2);
	close(fd);
	close(saved);
	assert_null(f);
	assert_int_equal(file_read(err, &msg, &len), 0);
	assert_non_null(strstr(msg, "kaohe: error: 字体 kai “No Such Kai "
	    "Font”"));
	assert_non_null(strstr(msg, "kaohe: error: 字体 hei "
	    "“/nonexistent/simhei.ttf”"));
	assert_non_null(strstr(msg, "[fonts] kai ="));
	free(msg);
	free(err);
}

/* A character no font has is a warning with its position, and a box. */
static void
test_missing_char(void **state)
{
	struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
	struct pdf_style st = {0};
	struct srcpos pos = {"scores.csv", 42};
	char *data;
	size_t len;

	diag_reset();
	diag_capture(true);
	/* U+10FFFD: a private-use plane character in no font. */
	pdf_text_at(doc, 50, 50, &st, "张\xf4\x8f\xbf\xbd三\xf4\x8f\xbf\xbd",
	    &pos);
	diag_flush();
	assert_int_equal(diag_count(DIAG_WARNING), 1);
	assert_non_null(strstr(diag_captured(), "scores.csv:42"));
	assert_non_null(strstr(diag_captured(), "U+10FFFD"));
	assert_int_equal(pdf_doc_render(doc, &data, &len), 0);
	free(data);
	pdf_doc_free(doc);
	diag_capture(false);
	diag_reset();
}

/* Shared font parts: documents of a batch embed the same shared subset
 * (same tag) beside their own, text comes back whole (astral characters
 * too), and a cell drawn at its own size is drawn at that size. */
static void
test_shared_fonts(void **state)
{
	struct pdf_common *c = pdf_common_new(fonts);
	struct pdf_doc *sample = pdf_doc_new(fonts, NULL);
	struct pdf_style st = {0};
	const char *names[2] = {"张伟", "吉\xf0\xa0\xae\xb7祥"};
	char *tags[2], *path, *out;
	size_t i, j;
	int status, shared;

	pdf_text_at(sample, 50, 50, &st, "支部考核评分表合计", NULL);
	pdf_common_add_doc(c, sample);
	pdf_doc_free(sample);
	pdf_common_add(c, FONT_SONG, "0123456789");
	assert_int_equal(pdf_common_build(c, 0.5), 0);
	for (i = 0; i < 2; i++) {
		struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
		struct pdf_table *t = pdf_table_new(doc, 2, &(struct
		    pdf_table_style){.size = 12});
		struct pdf_cell cells[2] = {{.text = names[i]},
		    {.text = "小号说明文字", .size = 6}};

		pdf_doc_set_common(doc, c);
		pdf_flow_paragraph(doc, &st, "支部考核评分表 2025", NULL);
		pdf_table_row_cells(t, PDF_ROW_BODY, cells, 2);
		pdf_table_draw(t);
		pdf_table_free(t);
		path = outpath(i ? "shared2.pdf" : "shared1.pdf");
		assert_int_equal(pdf_doc_save(doc, path), 0);
		pdf_doc_free(doc);
		check_clean(path);
		out = run(NULL, "pdftotext '%s' -", path);
		squeeze(out);
		assert_non_null(strstr(out, "支部考核评分表2025"));
		assert_non_null(strstr(out, names[i]));
		assert_non_null(strstr(out, "小号说明文字"));
		free(out);
		out = run(&status, "qpdf --qdf --object-streams=disable '%s' - "
		    "| grep -a -c ' 6 Tf'", path);
		assert_true(atoi(out) >= 1);
		free(out);
		/* The shared Song part: the font whose tag both share. */
		out = run(NULL, "pdffonts '%s' | grep -c NotoSerifCJKsc", path);
		assert_int_equal(atoi(out), 2);
		free(out);
		tags[i] = run(NULL, "pdffonts '%s' | grep NotoSerifCJKsc | "
		    "cut -c1-6 | sort | tr -d '\\n'", path);
		free(path);
	}
	/* Two Song tags each; exactly one (the shared part's) in common. */
	assert_int_equal(strlen(tags[0]), 12);
	assert_int_equal(strlen(tags[1]), 12);
	shared = 0;
	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++)
			shared += memcmp(tags[0] + 6 * i, tags[1] + 6 * j,
			    6) == 0;
	assert_int_equal(shared, 1);
	free(tags[0]);
	free(tags[1]);
	pdf_common_free(c);
}

/* Nothing appears when saving fails; an older file stays. */
static void
test_atomic(void **state)
{
	struct pdf_doc *doc = pdf_doc_new(fonts, NULL);
	struct pdf_style st = {0};
	char *path = outpath("atomic.pdf"), *data;
	size_t len;

	pdf_text_at(doc, 50, 50, &st, "原文件", NULL);
	assert_int_equal(pdf_doc_save(doc, path), 0);
	assert_int_equal(pdf_doc_save(doc, path), -1);
	assert_int_equal(file_read(path, &data, &len), 0);
	assert_true(len > 100 && memcmp(data, "%PDF", 4) == 0);
	free(data);
	pdf_doc_free(doc);
	doc = pdf_doc_new(fonts, NULL);
	assert_int_equal(pdf_doc_save(doc, "/nonexistent/dir/x.pdf"), -1);
	assert_int_equal(access("/nonexistent/dir/x.pdf", F_OK), -1);
	pdf_doc_free(doc);
	free(path);
}

/* Landscape pages, a chart, odd/even footers on a GB/T 9704 grid. */
static void
gbt_footer(struct pdf_doc *doc, unsigned page, unsigned n, void *ctx)
{
	struct pdf_style st = {.size = PDF_SIZE_4HAO};
	char *s = xasprintf("— %u —", page);
	double y = PDF_MM(37 + 225 + 7) + PDF_SIZE_4HAO;

	if (page % 2 == 1) {
		st.align = PDF_RIGHT;
		pdf_text_at(doc, pdf_area_right(doc) - PDF_SIZE_4HAO, y, &st,
		    s, NULL);
	} else {
		pdf_text_at(doc, pdf_area_left(doc) + PDF_SIZE_4HAO, y, &st,
		    s, NULL);
	}
	free(s);
}

static void
test_notice_and_chart(void **state)
{
	struct pdf_page_setup gb = {false, PDF_MM(37), PDF_MM(35), PDF_MM(28),
	    PDF_MM(26), 0, 0, false};
	struct pdf_page_setup land = {true, PDF_MM(15), PDF_MM(15),
	    PDF_MM(15), PDF_MM(15), 0, 0, false};
	struct pdf_doc *doc = pdf_doc_new(fonts, &gb);
	struct pdf_style body = {.role = FONT_FANGSONG, .size = 16,
	    .indent = 32, .align = PDF_JUSTIFY};
	struct pdf_style title = {.role = FONT_XIAOBIAOSONG, .size = 22,
	    .align = PDF_CENTER};
	struct pdf_bar bars[] = {
	    {.label = "班子建设", .value = 18.5, .max = 20, .value_text = "18.50"},
	    {.label = "党员教育和管理", .value = 14, .max = 20,
	    .value_text = "14.00"},
	    {.label = "基础工作", .value = 9.25, .max = 10, .value_text = "9.25"}};
	struct pdf_chart ch = {.title = "各项得分", .threshold = 12,
	    .threshold_label = "达标线"};
	char *path = outpath("notice.pdf"), *txt, *para;
	int i;

	/* 28 characters a line: 156 mm / 28 = 16 pt + Tc. */
	body.char_space = (PDF_MM(156) - 28 * 16) / 28;
	pdf_doc_set_furniture(doc, gbt_footer, NULL);
	pdf_flow_grid(doc, PDF_MM(225) / 22);
	pdf_flow_paragraph(doc, &title, "关于表彰先进党支部的决定", NULL);
	pdf_flow_space(doc, PDF_MM(225) / 22);
	para = chinese(3, 1200);
	for (i = 0; i < 2; i++)
		pdf_flow_paragraph(doc, &body, para, NULL);
	pdf_flow_rule(doc, PDF_MM(0.35));
	pdf_doc_set_setup(doc, &land);
	pdf_page_new(doc);
	pdf_bar_chart(doc, &ch, bars, 3);
	ch.vertical = true;
	ch.title = "纵向";
	pdf_bar_chart(doc, &ch, bars, 3);
	assert_int_equal(pdf_doc_save(doc, path), 0);
	assert_true(pdf_page_count(doc) >= 4);
	pdf_doc_free(doc);
	check_clean(path);
	/* (How wide pdftotext finds the spaces depends on the face.) */
	txt = page_text(path, 1);
	squeeze(txt);
	assert_non_null(strstr(txt, "—1—"));
	free(txt);
	txt = page_text(path, 2);
	squeeze(txt);
	assert_non_null(strstr(txt, "—2—"));
	free(txt);
	txt = run(NULL, "pdfinfo -f 1 -l 9 '%s' | grep 'size'", path);
	assert_non_null(strstr(txt, "841.89 x 595.276"));
	free(txt);
	free(para);
	free(path);
}

/* Time of a 1-page and a 100-page document (printed; timing is asserted
 * in make bench, not here). */
static void
test_speed(void **state)
{
	struct timespec t0, t1;
	double ms1, ms100;
	struct pdf_doc *doc;
	char *data;
	size_t len1, len100;
	int i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 20; i++) {
		doc = doc40();
		assert_int_equal(pdf_doc_render(doc, &data, &len1), 0);
		free(data);
		pdf_doc_free(doc);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms1 = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / 20;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	doc = pdf_doc_new(fonts, NULL);
	{
		struct pdf_table *t = pdf_table_new(doc, 3, NULL);
		static const char *const head[] = {"支部", "说明", "得分"};

		pdf_table_row(t, PDF_ROW_HEADER, head, 3, NULL);
		for (i = 0; i < 4000; i++) {
			char *s = chinese((unsigned)i, 30);
			const char *row[3] = {"第三党支部", s, "88.00"};

			pdf_table_row(t, PDF_ROW_BODY, row, 3, NULL);
			free(s);
		}
		pdf_table_draw(t);
		pdf_table_free(t);
	}
	assert_int_equal(pdf_doc_render(doc, &data, &len100), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms100 = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("# 1-page table: %.1f ms, %zu bytes; %u-page table: %.0f ms, "
	    "%zu bytes\n", ms1, len1, pdf_page_count(doc), ms100, len100);
	free(data);
	pdf_doc_free(doc);
	assert_true(len1 > 0 && len100 > len1);
}

/* pdf_pack(): a file as libharu writes it becomes an object stream of its
 * dictionaries, its stream with a direct length and a cross-reference
 * stream; every truncation of it is refused (none reads out of bounds
 * under make asan). */
/* Whether text is in b (which may hold NUL bytes). */
static const char *
has(const struct buf *b, const char *text)
{
	return memmem(b->s, b->len, text, strlen(text));
}

static void
test_pack(void **state)
{
	static const char *const objs[] = {
		"<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
		"<<\n/Type /Pages\n/Kids [ ]\n/Count 0\n>>",
		"<<\n/Length 4 0 R\n>>\nstream\r\nabc\nendstream",
		"3",
	};
	struct buf in = {0}, out = {0};
	size_t off[4], i, cut;

	buf_adds(&in, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	for (i = 0; i < 4; i++) {
		off[i] = in.len;
		buf_printf(&in, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	i = in.len;
	buf_adds(&in, "xref\n0 5\n0000000000 65535 f\r\n");
	for (cut = 0; cut < 4; cut++)
		buf_printf(&in, "%010zu 00000 n\r\n", off[cut]);
	buf_printf(&in, "trailer\n<<\n/Root 1 0 R\n/Size 5\n>>\nstartxref\n"
	    "%zu\n%%%%EOF\n", i);
	assert_int_equal(pdf_pack(in.s, in.len, &out), 0);
	assert_non_null(has(&out, "%PDF-1.7\n"));
	/* renumbered: the stream first, the /Length object gone */
	assert_non_null(has(&out, "1 0 obj\n<<\n/Length 3\n>>\nstream\r\n"
	    "abc\nendstream"));
	assert_non_null(has(&out, "/Type /ObjStm\n/N 2\n"));
	assert_non_null(has(&out, "/Type /XRef\n/Size 6\n"));
	assert_non_null(has(&out, "/Root 2 0 R\n"));
	assert_non_null(has(&out, PDF_PACK_ID));
	{
		/* the object stream: the catalog (2) and the pages (3), the
		 * catalog's reference renumbered */
		const char *z = has(&out, "/Type /ObjStm"), *d;
		char plain[512];
		uLongf np = sizeof plain - 1;

		assert_non_null(z);
		d = strstr(z, "stream\r\n") + 8;
		assert_int_equal(uncompress((Bytef *)plain, &np,
		    (const Bytef *)d, (uLong)(out.s + out.len - d)), Z_OK);
		plain[np] = '\0';
		assert_int_equal(strncmp(plain, "2 0 3 ", 6), 0);
		assert_non_null(strstr(plain, "/Pages 3 0 R"));
	}
	/* cut before the end of the startxref line (a lost "%%EOF" is no
	 * loss) */
	for (cut = 0; cut < in.len - strlen("\n%%EOF\n"); cut++) {
		char *part = xmalloc(cut + 1);

		memcpy(part, in.s, cut);
		assert_int_equal(pdf_pack(part, cut, &out), -1);
		free(part);
	}
	buf_free(&in);
	buf_free(&out);
}

int
main(void)
{
	const char *sample = getenv("KAOHE_PDF_SAMPLE");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_font),
		cmocka_unit_test(test_missing_char),
		cmocka_unit_test(test_shared_fonts),
		cmocka_unit_test(test_size_and_reproducible),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_table_pages),
		cmocka_unit_test(test_table_keep),
		cmocka_unit_test(test_table_rules),
		cmocka_unit_test(test_long_row),
		cmocka_unit_test(test_notice_and_chart),
		cmocka_unit_test(test_glyph_grid),
		cmocka_unit_test(test_mainland_punct),
		cmocka_unit_test(test_pack),
		cmocka_unit_test(test_speed),
	};

	/* Driver mode for tests/t_pdf_repro.sh: write one sample PDF. */
	if (sample != NULL) {
		struct pdf_doc *doc;
		int rc;

		if ((fonts = pdf_fonts_open(NULL)) == NULL)
			return 3;
		doc = doc40();
		rc = pdf_doc_save(doc, sample);
		pdf_doc_free(doc);
		pdf_fonts_free(fonts);
		return rc == 0 ? 0 : 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
