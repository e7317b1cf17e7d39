/* pdf_sheet.c: the score sheet (支部考核评分表), one PDF per branch, built in
 * parallel, and optionally all of them in one combined PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pdf/pdf.h"
#include "out/batch.h"
#include "out/out.h"

/* Margins of a sheet, points (DOMAIN: forms that are bound and signed):
 * the bound edge (the left one; a landscape sheet's top, its long edge)
 * 25 mm, the others 20 mm.  The page footer sits in the bottom margin,
 * FOOTER_RISE above the bottom edge (its baseline), clear of printers'
 * no-print zone. */
#define SHEET_MARGIN_BIND PDF_MM(25)
#define SHEET_MARGIN PDF_MM(20)
#define FOOTER_RISE PDF_MM(12)
/* The signature block: room to sign under each "（签字）：" (at least
 * 20 mm) and, under "党委（盖章）：", a seal of 42 mm across on an area
 * free of text. */
#define SEAL_SIZE PDF_MM(42)
#define SIGN_ROOM PDF_MM(44)
/* Table text sizes tried in turn until the sheet fits one page: the
 * table's size and the 扣分说明 (notes) column's, which is the first to
 * shrink, so that items and scores stay at 小五 as long as they can;
 * nothing smaller than 8 points (a form to read, sign and file).  When
 * none fits, the first is used over several pages. */
static const struct fit {
	double size, notes;   /* points */
} fits[] = {
	{PDF_SIZE_XIAO5, PDF_SIZE_XIAO5}, {PDF_SIZE_XIAO5, 8.0},
	{PDF_SIZE_XIAO5, 7.5}, {8.5, 7.5}, {8.0, 7.5},
};
/* Longest file name written, bytes, ".pdf" and any "-N" included. */
#define NAME_MAX_BYTES 200
/* Shared fonts (pdf_common_new()): sheets sampled across the run, and the
 * share of them that must draw a character for it to be shared.  A
 * shared character that a sheet does not draw costs that file its glyph
 * (~450 bytes); one it draws but that is not shared costs subsetting and
 * deflating it again per sheet. */
#define COMMON_SAMPLE 16
#define COMMON_SHARE 0.25
#define GREY 0x555555
#define VETO_RED 0xb00000

/* ------------------------------------------------------------------ */
/* Page furniture: page numbers per sheet, also in a combined PDF       */

/* The pages of one sheet in a document. */
struct span {
	size_t branch;
	unsigned first, npages; /* 1-based first page; count */
};

struct furniture {
	const struct model *m;
	struct span *spans;
	size_t nspans, cap;
};

static void
furniture_begin(struct furniture *fu, struct pdf_doc *doc, size_t branch)
{
	xgrow(&fu->spans, &fu->cap, fu->nspans + 1, sizeof *fu->spans);
	fu->spans[fu->nspans].branch = branch;
	fu->spans[fu->nspans].first = pdf_page_current(doc);
	fu->spans[fu->nspans].npages = 0;
	fu->nspans++;
}

static void
furniture_end(struct furniture *fu, struct pdf_doc *doc)
{
	struct span *s = &fu->spans[fu->nspans - 1];

	s->npages = pdf_page_count(doc) - s->first + 1;
}

/* Cuts s to at most max bytes at a UTF-8 character boundary (in place). */
static void
cut_utf8(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	s[max] = '\0';
}

static void
draw_furniture(struct pdf_doc *doc, unsigned page, unsigned npages, void *ctx)
{
	const struct furniture *fu = ctx;
	const struct span *s = NULL;
	struct pdf_style st = {0};
	char text[64], id[48];
	size_t lo = 0, hi = fu->nspans;
	double y;

	/* Binary search: spans are in page order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fu->spans[mid].first <= page)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return;
	s = &fu->spans[lo - 1];
	(void)npages;
	st.size = PDF_SIZE_XIAO5;
	st.color = GREY;
	y = pdf_page_height(doc) - FOOTER_RISE;
	snprintf(text, sizeof text, "第 %u 页  共 %u 页", page - s->first + 1,
	    s->npages);
	st.align = PDF_CENTER;
	pdf_text_at(doc, (pdf_area_left(doc) + pdf_area_right(doc)) / 2, y,
	    &st, text, NULL);
	/* The branch id, so that a loose page finds its sheet. */
	snprintf(id, sizeof id, "%s", fu->m->branches[s->branch].id);
	cut_utf8(id, 40);
	st.align = PDF_LEFT;
	pdf_text_at(doc, pdf_area_left(doc), y, &st, id, NULL);
	st.align = PDF_RIGHT;
	pdf_text_at(doc, pdf_area_right(doc), y, &st, "支部考核评分表", NULL);
}

/* ------------------------------------------------------------------ */
/* Layout of one sheet                                                  */

/* What the run's columns are: the periods and sources in force. */
struct layout {
	size_t *per, nper;     /* used periods (indexes) */
	size_t *src, nsrc;     /* used sources (indexes) */
	bool landscape;
};

static void
layout_init(const struct model *m, struct layout *lo)
{
	size_t p, s;

	memset(lo, 0, sizeof *lo);
	lo->per = xcalloc(m->cfg.nperiods + 1, sizeof *lo->per);
	for (p = 0; p < m->cfg.nperiods; p++)
		if (model_period_used(m, p))
			lo->per[lo->nper++] = p;
	lo->src = xcalloc(m->cfg.nsources + 1, sizeof *lo->src);
	for (s = 0; s < m->cfg.nsources; s++)
		if (model_source_used(m, s))
			lo->src[lo->nsrc++] = s;
	/* Portrait holds six score columns beside readable item and note
	 * columns; more go landscape. */
	lo->landscape = lo->nper * lo->nsrc > 6;
}

static const char *
or_dash(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "—";
}

/* One note group of an item: a text and the (period, source) pairs it
 * came from. */
struct note_group {
	const char *text;
	bool *from;       /* [nperiods * nsources] */
};

/* The 扣分说明 of item i: the notes of the periods and sources in force,
 * equal texts merged, each followed by where it came from: the source, with
 * the period in front unless the text came in every period in force (or
 * only one is in force).  Raters are not named: the sheet goes back to the
 * branch. */
static void
item_notes(const struct model *m, const struct layout *lo,
    const struct branch *b, size_t i, struct buf *out)
{
	size_t np = m->cfg.nperiods, ns = m->cfg.nsources;
	struct note_group *g = NULL;
	size_t ng = 0, cap = 0, k, j, pp, ss;

	for (k = 0; k < b->nnotes; k++) {
		const struct note *n = &b->notes[k];

		if (n->item != i || !model_period_used(m, n->period) ||
		    !model_source_used(m, n->source) || n->text[0] == '\0')
			continue;
		for (j = 0; j < ng; j++)
			if (strcmp(g[j].text, n->text) == 0)
				break;
		if (j == ng) {
			xgrow(&g, &cap, ng + 1, sizeof *g);
			g[ng].text = n->text;
			g[ng].from = xcalloc(np * ns + 1, sizeof *g[ng].from);
			ng++;
		}
		g[j].from[n->period * ns + n->source] = true;
	}
	for (j = 0; j < ng; j++) {
		bool first = true;

		if (j > 0)
			buf_adds(out, "；");
		buf_adds(out, g[j].text);
		buf_adds(out, "（");
		for (ss = 0; ss < lo->nsrc; ss++) {
			size_t s = lo->src[ss], nfrom = 0;

			for (pp = 0; pp < lo->nper; pp++)
				if (g[j].from[lo->per[pp] * ns + s])
					nfrom++;
			if (nfrom == 0)
				continue;
			if (nfrom == lo->nper) {
				buf_printf(out, "%s%s", first ? "" : "、",
				    m->cfg.sources[s].name);
				first = false;
				continue;
			}
			for (pp = 0; pp < lo->nper; pp++)
				if (g[j].from[lo->per[pp] * ns + s]) {
					buf_printf(out, "%s%s%s", first ? "" :
					    "、", m->cfg.periods[lo->per[pp]].name,
					    m->cfg.sources[s].name);
					first = false;
				}
		}
		buf_adds(out, "）");
		free(g[j].from);
	}
	free(g);
}

/* Text styles of a sheet scaled from the table size. */
static struct pdf_style
style(enum font_role role, double size, enum pdf_align align)
{
	struct pdf_style st = {0};

	st.role = role;
	st.size = size;
	st.leading = size * 1.3;
	st.align = align;
	return st;
}

/* Title, period and the branch's particulars. */
static void
draw_head(struct pdf_doc *doc, const struct model *m, const struct layout *lo,
    const struct branch *b, double size)
{
	const struct config *cfg = &m->cfg;
	struct pdf_style title = style(FONT_HEI, PDF_SIZE_XIAO2, PDF_CENTER);
	struct pdf_style sub = style(FONT_SONG, size, PDF_CENTER);
	struct pdf_table_style ts = {0};
	struct pdf_table *t;
	struct buf line = {0};
	char date[32], members[32];
	size_t k;

	title.leading = PDF_SIZE_XIAO2 * 1.25;
	pdf_flow_paragraph(doc, &title, "支部考核评分表", NULL);
	buf_printf(&line, "%d年度", cfg->year);
	if (m->selected_period >= 0) {
		buf_printf(&line, "　考核期：%s（单独计分）",
		    cfg->periods[m->selected_period].name);
	} else {
		buf_adds(&line, "　考核期：");
		for (k = 0; k < lo->nper; k++)
			buf_printf(&line, "%s%s %d%%", k ? "，" : "",
			    cfg->periods[lo->per[k]].name,
			    m->period_weight[lo->per[k]]);
	}
	buf_adds(&line, "　评价方式：");
	for (k = 0; k < lo->nsrc; k++)
		buf_printf(&line, "%s%s %d%%", k ? "，" : "",
		    cfg->sources[lo->src[k]].name,
		    cfg->sources[lo->src[k]].weight);
	pdf_flow_paragraph(doc, &sub, line.s, NULL);
	buf_free(&line);
	pdf_flow_space(doc, size * 0.4);

	ts.size = size;
	ts.leading = size * 1.25;
	ts.padding = size * 0.22;
	t = pdf_table_new(doc, 6, &ts);
	pdf_table_col(t, 0, size * 5.6, 0, PDF_CENTER);
	pdf_table_col(t, 1, 0, 1.5, PDF_LEFT);
	pdf_table_col(t, 2, size * 5.6, 0, PDF_CENTER);
	pdf_table_col(t, 3, 0, 1, PDF_LEFT);
	pdf_table_col(t, 4, size * 5.6, 0, PDF_CENTER);
	pdf_table_col(t, 5, 0, 1, PDF_LEFT);
	if (b->members >= 0)
		snprintf(members, sizeof members, "%d人", b->members);
	else
		snprintf(members, sizeof members, "—");
	if (b->elected.year)
		date_format_cn(b->elected, date);
	else
		snprintf(date, sizeof date, "—");
	{
		const int32_t lab = PDF_FILL(0xeeeeee);
		struct pdf_cell r1[6] = {
			{.text = "支部名称", .fill = lab, .font = PDF_FONT(FONT_HEI)},
			{.text = b->name, .pos = &b->pos},
			{.text = "支部编号", .fill = lab, .font = PDF_FONT(FONT_HEI)},
			{.text = b->id, .pos = &b->pos},
			{.text = "上级党组织", .fill = lab, .font = PDF_FONT(FONT_HEI)},
			{.text = or_dash(b->parent), .pos = &b->pos},
		};
		struct pdf_cell r2[6] = {
			{.text = "支部书记", .fill = lab, .font = PDF_FONT(FONT_HEI)},
			{.text = or_dash(b->secretary), .pos = &b->pos},
			{.text = "党员人数", .fill = lab, .font = PDF_FONT(FONT_HEI)},
			{.text = members},
			{.text = "换届时间", .fill = lab, .font = PDF_FONT(FONT_HEI)},
			{.text = date},
		};

		pdf_table_row_cells(t, PDF_ROW_BODY, r1, 6);
		pdf_table_row_cells(t, PDF_ROW_BODY, r2, 6);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
	pdf_flow_space(doc, size * 0.5);
}

/* Lines a text of single-line width w takes in a column of inner width
 * iw (an estimate: 4 % is kept for breaking at allowed points only). */
static double
est_lines(double w, double iw)
{
	double n = iw > 0 ? w * 1.04 / iw : 1;
	double l = (double)(long)n;

	if (l < n)
		l += 1;
	return l < 1 ? 1 : l;
}

/* The width of the item column, out of avail shared with the notes
 * column, that makes the rows take the fewest lines (ties: the wider item
 * column).  The item column stays between 6 characters and its longest
 * title.  Notes are measured in nst, titles in st. */
static double
balance(const struct pdf_doc *doc, const struct pdf_style *st,
    const struct pdf_style *nst, char *const *titles, char *const *notes,
    size_t n, double avail, double pad, double minw)
{
	double *tw = xcalloc(n + 1, sizeof *tw), *nw = xcalloc(n + 1,
	    sizeof *nw), lo = st->size * 6 + 2 * pad, hi = 0, w, best,
	    bestlines = -1;
	size_t i;

	if (lo < minw)
		lo = minw;
	best = lo;

	for (i = 0; i < n; i++) {
		tw[i] = pdf_text_width(doc, st, titles[i]);
		nw[i] = notes[i][0] ? pdf_text_width(doc, nst, notes[i]) : 0;
		if (tw[i] + 2 * pad + 1 > hi)
			hi = tw[i] + 2 * pad + 1;
	}
	if (hi > avail * 0.5)
		hi = avail * 0.5;
	/* a category's label on one line, within reason */
	if (minw > avail * 0.65)
		minw = avail * 0.65;
	if (hi < minw)
		hi = minw;
	if (lo > hi)
		lo = hi;
	for (w = lo; w <= hi + 0.01; w += st->size / 2) {
		double lines = 0;

		for (i = 0; i < n; i++) {
			double a = est_lines(tw[i], w - 2 * pad);
			double c = nw[i] > 0 ? est_lines(nw[i], avail - w -
			    2 * pad) : 1;

			c *= nst->size / st->size; /* row heights */
			lines += a > c ? a : c;
		}
		if (bestlines < 0 || lines <= bestlines) {
			bestlines = lines;
			best = w;
		}
	}
	free(tw);
	free(nw);
	return best;
}

/* The item table while it is built: its cells and their texts, one row
 * at a time. */
struct items {
	const struct model *m;
	const struct layout *lo;
	const struct branch *b;
	struct pdf_table *t;
	size_t nscore, ncols;      /* score columns; all columns */
	struct pdf_cell *cells;    /* [ncols], the row being made */
	char (*num)[48];           /* [ncols], texts of its figures */
	unsigned *uni;             /* [nscore]: raters of every item, or 0 */
	char **titles, **notes;    /* [nitems] */
	double notes_size;
};

/* The label of category c's row ("一、班子建设　小计"); caller frees. */
static char *
cat_label(const struct model *m, size_t c, char cn[CN_NUMBER_SIZE])
{
	cn_number((unsigned)c + 1, cn);
	return xasprintf("%s、%s　小计", cn, m->categories[c].name);
}

/* Clears the row being made. */
static void
items_row(struct items *x)
{
	memset(x->cells, 0, x->ncols * sizeof *x->cells);
}

/* The columns: numbers fixed; the item and notes columns share the rest
 * so that the rows take the fewest lines. */
static void
items_columns(struct items *x, struct pdf_doc *doc, double size)
{
	const struct model *m = x->m;
	struct pdf_style body = style(FONT_SONG, size, PDF_LEFT);
	struct pdf_style nbody = style(FONT_SONG, x->notes_size, PDF_LEFT);
	struct pdf_style head = style(FONT_HEI, size, PDF_LEFT);
	double pad = size * 0.22, scw, tw, hw, itemw, avail, minw = 0;
	struct buf nb = {0};
	size_t i, k;

	scw = pdf_text_width(doc, &body, "00.00") + 2 * pad + 1;
	tw = pdf_text_width(doc, &body, "100.00") + 2 * pad + 1;
	/* "综合得分" on one line */
	hw = pdf_text_width(doc, &head, "综合得分") + 2 * pad + 1;
	if (tw < hw)
		tw = hw;
	if (x->lo->nper > 1 && x->lo->nsrc == 1) {
		/* a period's total (黑体) has a single column */
		struct pdf_style hei = style(FONT_HEI, size, PDF_LEFT);
		double w = pdf_text_width(doc, &hei, "100.00") + 2 * pad + 1;

		if (w > scw)
			scw = w;
	}
	avail = pdf_area_width(doc) - scw * (double)x->nscore - scw * 0.8 - tw;
	for (i = 0; i < m->nitems; i++) {
		item_notes(m, x->lo, x->b, i, &nb);
		x->notes[i] = buf_take(&nb);
		x->titles[i] = xasprintf("%s %s", m->items[i].id,
		    m->items[i].title);
	}
	/* the category rows' labels on one line */
	for (k = 0; k < m->ncategories; k++) {
		char cn[CN_NUMBER_SIZE], *label = cat_label(m, k, cn);
		double w = pdf_text_width(doc, &head, label) + 2 * pad + 1;

		if (w > minw)
			minw = w;
		free(label);
	}
	itemw = balance(doc, &body, &nbody, x->titles, x->notes, m->nitems,
	    avail, pad, minw);
	pdf_table_col(x->t, 0, itemw, 0, PDF_LEFT);
	pdf_table_col(x->t, 1, scw * 0.8, 0, PDF_CENTER);
	for (k = 0; k < x->nscore; k++)
		pdf_table_col(x->t, 2 + k, scw, 0, PDF_CENTER);
	pdf_table_col(x->t, 2 + x->nscore, tw, 0, PDF_CENTER);
	pdf_table_col(x->t, 3 + x->nscore, 0, 1, PDF_LEFT);
}

/* The header: with two periods, a row of period groups first; then a
 * column per period and source, with the raters when every item has the
 * same number. */
static void
items_header(struct items *x)
{
	const struct model *m = x->m;
	const struct config *cfg = &m->cfg;
	const struct layout *lo = x->lo;
	size_t pp, ss, col;

	if (lo->nper > 1) {
		items_row(x);
		x->cells[0].text = "考核内容";
		x->cells[1].text = "分值";
		for (pp = 0; pp < lo->nper; pp++) {
			snprintf(x->num[2 + pp], sizeof x->num[0], "%s %d%%",
			    cfg->periods[lo->per[pp]].name,
			    m->period_weight[lo->per[pp]]);
			x->cells[2 + pp].text = x->num[2 + pp];
			x->cells[2 + pp].span = (unsigned)lo->nsrc;
		}
		x->cells[2 + lo->nper].text = "综合得分";
		x->cells[3 + lo->nper].text = "扣分说明";
		pdf_table_row_cells(x->t, PDF_ROW_HEADER, x->cells,
		    4 + lo->nper);
	}
	items_row(x);
	if (lo->nper <= 1) {
		x->cells[0].text = "考核内容";
		x->cells[1].text = "分值";
		x->cells[2 + x->nscore].text = "综合得分";
		x->cells[3 + x->nscore].text = "扣分说明";
	} else {
		/* continued from the row of period groups */
		x->cells[0].merge_up = true;
		x->cells[1].merge_up = true;
		x->cells[2 + x->nscore].merge_up = true;
		x->cells[3 + x->nscore].merge_up = true;
	}
	for (pp = 0; pp < lo->nper; pp++)
		for (ss = 0; ss < lo->nsrc; ss++) {
			const struct named_weight *w = &cfg->sources[lo->src[ss]];
			unsigned n = x->uni[pp * lo->nsrc + ss];

			col = 2 + pp * lo->nsrc + ss;
			if (n > 1)
				snprintf(x->num[col], sizeof x->num[0],
				    "%s\n%d%%\n%u人", w->name, w->weight, n);
			else
				snprintf(x->num[col], sizeof x->num[0],
				    "%s\n%d%%", w->name, w->weight);
			x->cells[col].text = x->num[col];
		}
	pdf_table_row_cells(x->t, PDF_ROW_HEADER, x->cells, x->ncols);
}

/* A category's row: its name, points and subtotals. */
static void
items_category(struct items *x, size_t c)
{
	const struct model *m = x->m;
	const struct layout *lo = x->lo;
	const struct category *cat = &m->categories[c];
	char cn[CN_NUMBER_SIZE], *label;
	size_t pp, ss, ns = m->cfg.nsources;

	items_row(x);
	label = cat_label(m, c, cn);
	x->cells[0].text = label;
	x->cells[0].font = PDF_FONT(FONT_HEI);
	fmt_trim(cat->points, x->num[1]);
	x->cells[1].text = x->num[1];
	/* per period and source, the category's subtotal (SPEC 4.2) */
	for (pp = 0; pp < lo->nper; pp++)
		for (ss = 0; ss < lo->nsrc; ss++) {
			size_t col = 2 + pp * lo->nsrc + ss;
			int64_t v = x->b->cat_source[(lo->per[pp] * ns +
			    lo->src[ss]) * m->ncategories + c];

			if (v >= 0)
				fmt_cents(v, x->num[col]);
			else
				snprintf(x->num[col], sizeof x->num[0], "—");
			x->cells[col].text = x->num[col];
		}
	fmt_cents(x->b->cat_score[c], x->num[2 + x->nscore]);
	x->cells[2 + x->nscore].text = x->num[2 + x->nscore];
	x->cells[2 + x->nscore].font = PDF_FONT(FONT_HEI);
	pdf_table_row_cells(x->t, PDF_ROW_SUBTOTAL, x->cells, x->ncols);
	free(label);
}

/* An item's row: its cells (a mean, with its raters when they differ
 * from the column's), combined score and notes. */
static void
items_item(struct items *x, size_t i)
{
	const struct model *m = x->m;
	const struct layout *lo = x->lo;
	size_t pp, ss, u, col;

	items_row(x);
	x->cells[0].text = x->titles[i];
	x->cells[0].pos = &m->items[i].pos;
	fmt_trim(m->items[i].points, x->num[1]);
	x->cells[1].text = x->num[1];
	for (pp = 0; pp < lo->nper; pp++)
		for (ss = 0; ss < lo->nsrc; ss++) {
			const struct cell *ce = model_cell(m, x->b, lo->per[pp],
			    lo->src[ss], i);

			u = pp * lo->nsrc + ss;
			col = 2 + u;
			if (ce->n == 0)
				snprintf(x->num[col], sizeof x->num[0], "—");
			else if (x->uni[u] == 0 && ce->n > 1)
				snprintf(x->num[col], sizeof x->num[0],
				    "%s\n%u人", fmt_cents(ce->mean,
				    (char[32]){0}), ce->n);
			else
				fmt_cents(ce->mean, x->num[col]);
			x->cells[col].text = x->num[col];
		}
	fmt_cents(x->b->item_score[i], x->num[2 + x->nscore]);
	x->cells[2 + x->nscore].text = x->num[2 + x->nscore];
	x->cells[3 + x->nscore].text = x->notes[i];
	x->cells[3 + x->nscore].size = x->notes_size;
	pdf_table_row_cells(x->t, PDF_ROW_BODY, x->cells, x->ncols);
}

/* The total: points, each period's final (with two periods) and the
 * final. */
static void
items_total(struct items *x)
{
	const struct config *cfg = &x->m->cfg;
	const struct layout *lo = x->lo;
	size_t pp, k;

	items_row(x);
	x->cells[0].text = "合计";
	x->cells[0].align = PDF_CENTER;
	fmt_trim(cfg->rubric_total, x->num[1]);
	x->cells[1].text = x->num[1];
	for (pp = 0; pp < lo->nper; pp++) {
		int64_t v = x->b->period_final[lo->per[pp]];

		x->cells[2 + pp].span = (unsigned)lo->nsrc;
		if (lo->nper > 1 && v >= 0) {
			/* the period's name where its cell spans several
			 * sources; under one, the heading names it */
			snprintf(x->num[2 + pp], sizeof x->num[0], "%s%s%s",
			    lo->nsrc > 1 ? cfg->periods[lo->per[pp]].name : "",
			    lo->nsrc > 1 ? "：" : "",
			    fmt_cents(v, (char[32]){0}));
			x->cells[2 + pp].text = x->num[2 + pp];
		}
	}
	fmt_cents(x->b->final, x->num[2 + lo->nper]);
	x->cells[2 + lo->nper].text = x->num[2 + lo->nper];
	for (k = 0; k < 3 + lo->nper; k++)
		x->cells[k].font = PDF_FONT(FONT_HEI);
	pdf_table_row_cells(x->t, PDF_ROW_SUBTOTAL, x->cells, 4 + lo->nper);
}

/* The item table: the header, then per category its row and its items'
 * rows; the total. */
static void
draw_items(struct pdf_doc *doc, const struct model *m,
    const struct layout *lo, const struct branch *b, double size,
    double notes_size)
{
	struct items x = {.m = m, .lo = lo, .b = b, .notes_size = notes_size};
	struct pdf_table_style ts = {0};
	size_t c, i, pp, ss;

	x.nscore = lo->nper * lo->nsrc;
	x.ncols = x.nscore + 4;
	x.cells = xcalloc(x.ncols, sizeof *x.cells);
	x.num = xcalloc(x.ncols, sizeof *x.num);
	x.uni = xcalloc(x.nscore + 1, sizeof *x.uni);
	x.notes = xcalloc(m->nitems + 1, sizeof *x.notes);
	x.titles = xcalloc(m->nitems + 1, sizeof *x.titles);
	ts.size = size;
	ts.leading = size * 1.15;
	ts.padding = size * 0.22;
	x.t = pdf_table_new(doc, x.ncols, &ts);
	items_columns(&x, doc, size);
	for (pp = 0; pp < lo->nper; pp++)
		for (ss = 0; ss < lo->nsrc; ss++)
			x.uni[pp * lo->nsrc + ss] = b->raters[lo->per[pp] *
			    m->cfg.nsources + lo->src[ss]];

	items_header(&x);
	for (c = 0; c < m->ncategories; c++) {
		items_category(&x, c);
		for (i = m->categories[c].first; i < m->categories[c].first +
		    m->categories[c].n; i++)
			items_item(&x, i);
	}
	items_total(&x);

	pdf_table_draw(x.t);
	pdf_table_free(x.t);
	{
		struct pdf_style st = style(FONT_SONG, notes_size, PDF_LEFT);

		/* SPEC 4.4: rounded once */
		pdf_flow_space(doc, size * 0.2);
		pdf_flow_paragraph(doc, &st, "注：类别小计为各项得分之和；综合得分"
		    "与合计按权重折算后只在最后四舍五入一次，保留两位小数，故合计"
		    "不一定等于各项或各类别综合得分之和。", NULL);
	}
	for (i = 0; i < m->nitems; i++) {
		free(x.notes[i]);
		free(x.titles[i]);
	}
	free(x.notes);
	free(x.titles);
	free(x.cells);
	free(x.num);
	free(x.uni);
}

/* Final score, rank and level; the veto box. */
static void
draw_result(struct pdf_doc *doc, const struct model *m,
    const struct branch *b, double size)
{
	const struct config *cfg = &m->cfg;
	struct pdf_table_style ts = {0};
	struct pdf_table *t;
	char score[48], rank[96], level[160];
	const int32_t lab = PDF_FILL(0xeeeeee);
	size_t k;

	pdf_flow_space(doc, size * 0.5);
	snprintf(score, sizeof score, "%s分", fmt_cents(b->final,
	    (char[32]){0}));
	if (b->vetoed)
		snprintf(rank, sizeof rank, "不参加排名（一票否决）");
	else
		snprintf(rank, sizeof rank, "%s第%d名（共%zu个）",
		    b->rank_shared ? "并列" : "", b->rank, m->nranked);
	if (b->vetoed)
		snprintf(level, sizeof level, "%s（一票否决）",
		    cfg->levels[b->level].name);
	else
		snprintf(level, sizeof level, "%s", cfg->levels[b->level].name);
	ts.size = size + 1.5;
	ts.leading = ts.size * 1.25;
	ts.padding = size * 0.3;
	t = pdf_table_new(doc, 6, &ts);
	for (k = 0; k < 6; k += 2) {
		pdf_table_col(t, k, ts.size * 5, 0, PDF_CENTER);
		pdf_table_col(t, k + 1, 0, 1, PDF_CENTER);
	}
	{
		struct pdf_cell r[6] = {
			{.text = "综合得分", .fill = lab, .font = PDF_FONT(FONT_HEI)},
			{.text = score, .font = PDF_FONT(FONT_HEI)},
			{.text = "排　　名", .fill = lab, .font = PDF_FONT(FONT_HEI)},
			{.text = rank, .font = PDF_FONT(FONT_HEI)},
			{.text = "等　　次", .fill = lab, .font = PDF_FONT(FONT_HEI)},
			{.text = level, .font = PDF_FONT(FONT_HEI)},
		};

		pdf_table_row_cells(t, PDF_ROW_BODY, r, 6);
	}
	pdf_table_draw(t);
	pdf_table_free(t);

	if (b->vetoed) {
		struct pdf_style head = style(FONT_HEI, size + 1.5, PDF_LEFT);
		struct pdf_style body = style(FONT_SONG, size, PDF_LEFT);
		struct buf *txt = xcalloc(b->nvetoes + 1, sizeof *txt);
		double pad = size * 0.6, w, h, y;

		pdf_flow_space(doc, size * 0.5);
		w = pdf_area_width(doc) - 2 * pad;
		head.color = VETO_RED;
		buf_printf(&txt[0], "一票否决：本支部有下列一票否决事项，"
		    "年度考核等次为“%s”，不参加排名和评先评优。",
		    cfg->levels[model_lowest_level(m)].name);
		h = pdf_paragraph_height(doc, w, &head, txt[0].s);
		for (k = 0; k < b->nvetoes; k++) {
			const struct veto *v = &m->vetoes[b->vetoes[k]];
			char d[32];

			buf_printf(&txt[k + 1], "%zu. %s", k + 1, v->reason);
			if (v->detail[0] != '\0')
				buf_printf(&txt[k + 1], "：%s", v->detail);
			if (v->date.year || v->reference[0] != '\0') {
				buf_adds(&txt[k + 1], "（");
				if (v->date.year)
					buf_adds(&txt[k + 1],
					    date_format_cn(v->date, d));
				if (v->date.year && v->reference[0] != '\0')
					buf_adds(&txt[k + 1], "，");
				if (v->reference[0] != '\0')
					buf_printf(&txt[k + 1], "%s",
					    v->reference);
				buf_adds(&txt[k + 1], "）");
			}
			h += pdf_paragraph_height(doc, w, &body,
			    txt[k + 1].s);
		}
		h += 2 * pad;
		if (h > pdf_area_bottom(doc) - pdf_area_top(doc))
			h = pdf_area_bottom(doc) - pdf_area_top(doc);
		pdf_flow_need(doc, h);
		y = pdf_flow_y(doc);
		pdf_rect(doc, pdf_area_left(doc), y, pdf_area_width(doc), h,
		    0xfff4f4, 1.2);
		y += pad;
		y += pdf_paragraph_at(doc, pdf_area_left(doc) + pad, y, w,
		    &head, txt[0].s, NULL);
		for (k = 0; k < b->nvetoes; k++)
			y += pdf_paragraph_at(doc, pdf_area_left(doc) + pad, y,
			    w, &body, txt[k + 1].s,
			    &m->vetoes[b->vetoes[k]].pos);
		pdf_flow_set_y(doc, y + pad);
		for (k = 0; k <= b->nvetoes; k++)
			buf_free(&txt[k]);
		free(txt);
	}
}

/* A run-in heading and its paragraph ("改进方向：…"). */
static void
run_in(struct pdf_doc *doc, double size, const char *head, const char *text)
{
	struct pdf_style body = style(FONT_SONG, size, PDF_JUSTIFY);
	char *s = xasprintf("%s%s", head, text);

	pdf_flow_paragraph(doc, &body, s, NULL);
	free(s);
}

/* Where to improve, and the records of basic work. */
static void
draw_notes(struct pdf_doc *doc, const struct model *m,
    const struct layout *lo, const struct branch *b, double size)
{
	const struct config *cfg = &m->cfg;
	struct buf s = {0};
	char a[32], d[32];
	size_t k, np = 0;

	pdf_flow_space(doc, size * 0.5);
	if (b->vetoed)
		buf_printf(&s, "因一票否决评为“%s”。",
		    cfg->levels[b->level].name);
	else if (b->level == 0)
		buf_printf(&s, "已达到“%s”分数线（%s分）。",
		    cfg->levels[0].name, fmt_cents(cfg->levels[0].min, a));
	else if (b->lost_top_by_quota)
		buf_printf(&s, "达到“%s”分数线（%s分），因名额限制未评为%s。",
		    cfg->levels[0].name, fmt_cents(cfg->levels[0].min, a),
		    cfg->levels[0].name);
	if (!b->vetoed && b->gap_to_top > 0)
		buf_printf(&s, "距“%s”分数线（%s分）还差%s分。",
		    cfg->levels[0].name, fmt_cents(cfg->levels[0].min, a),
		    fmt_cents(b->gap_to_top, d));
	if (b->ntop_lost > 0) {
		buf_adds(&s, "失分最多的项目：");
		for (k = 0; k < b->ntop_lost; k++) {
			const struct item *it = &m->items[b->top_lost[k]];

			buf_printf(&s, "%s%s %s（失%s分）", k ? "；" : "",
			    it->id, it->title,
			    fmt_cents(b->item_lost[b->top_lost[k]], a));
		}
		buf_adds(&s, "。");
	} else {
		buf_adds(&s, "各项均未失分。");
	}
	for (k = 0; k < lo->nper; k++)
		if (b->period_final[lo->per[k]] >= 0)
			np++;
	if (np > 1) {
		size_t j = 0;

		for (k = 0; k < lo->nper; k++) {
			int64_t v = b->period_final[lo->per[k]];

			if (v < 0)
				continue;
			buf_printf(&s, "%s%s%s分", j++ ? "，" : "",
			    cfg->periods[lo->per[k]].name, fmt_cents(v, a));
		}
		buf_adds(&s, "。");
	}
	run_in(doc, size, "改进方向：", s.s);
	buf_free(&s);

	if (m->nrecords > 0) {
		buf_printf(&s, "全年记录%d条", b->nrecords);
		for (k = 0; k < cfg->nrecord_mins; k++) {
			const struct record_count *rc = &b->records[k];

			buf_printf(&s, "%s%s%d次（应不少于%d次%s）",
			    k ? "，" : "；", cfg->record_mins[k].type, rc->count,
			    rc->min, rc->short_of_min ? "，未达要求" : "");
		}
		if (b->attendance_permille >= 0)
			buf_printf(&s, "；党员参会率%d.%d%%",
			    b->attendance_permille / 10,
			    b->attendance_permille % 10);
		buf_adds(&s, "。");
		if (b->election_due)
			buf_printf(&s, "支部于%s换届，已超过%d年任期，应按期换届。",
			    date_format_cn(b->elected, d), cfg->term_years);
		run_in(doc, size, "基础工作记录：", s.s);
		buf_free(&s);
	} else if (b->election_due) {
		buf_printf(&s, "支部于%s换届，已超过%d年任期，应按期换届。",
		    date_format_cn(b->elected, d), cfg->term_years);
		run_in(doc, size, "换届提醒：", s.s);
		buf_free(&s);
	}
}

/* The signature block at the foot of the last page: three columns, each
 * a "（签字）：" or "（盖章）：" line, SIGN_ROOM free of text under it (to
 * sign in; under the 党委 line a seal of SEAL_SIZE fits whole), and the
 * date line. */
static void
draw_signatures(struct pdf_doc *doc, double size)
{
	static const char *const who[] = {"支部书记（签字）：",
	    "考核组（签字）：", "党委（盖章）："};
	struct pdf_style st = style(FONT_SONG, size + 1.5, PDF_LEFT);
	double h = SIGN_ROOM + 2 * st.size * 1.5, colw, y, x;
	size_t k;

	pdf_flow_need(doc, h + size);
	y = pdf_area_bottom(doc) - h;
	colw = pdf_area_width(doc) / 3;
	for (k = 0; k < 3; k++) {
		x = pdf_area_left(doc) + colw * (double)k;
		st.align = PDF_LEFT;
		pdf_text_at(doc, x, y + st.size, &st, who[k], NULL);
		st.align = PDF_RIGHT;
		pdf_text_at(doc, x + colw - (k < 2 ? st.size : 0),
		    pdf_area_bottom(doc) - 0.25 * st.size, &st,
		    "年　　月　　日", NULL);
	}
	pdf_flow_set_y(doc, pdf_area_bottom(doc));
}

/* How a sheet is laid out: an index into fits[] times 2, plus 1 when the
 * result, notes and signatures start a new page together (so that the
 * signatures never stand alone on the last page). */
#define CHOICE(fit, tail) ((fit) * 2 + (tail))
#define CHOICE_FIT(c) (&fits[(c) / 2])
#define CHOICE_TAIL(c) ((c) % 2 == 1)

/* Draws the whole sheet of b from the current page on, laid out as
 * choice says.  Returns whether the signatures went to a page of their
 * own. */
static bool
sheet_draw(struct pdf_doc *doc, const struct model *m,
    const struct layout *lo, const struct branch *b, size_t choice)
{
	const struct fit *f = CHOICE_FIT(choice);
	unsigned page;

	draw_head(doc, m, lo, b, f->size);
	draw_items(doc, m, lo, b, f->size, f->notes);
	if (CHOICE_TAIL(choice))
		pdf_page_new(doc);
	draw_result(doc, m, b, f->size);
	draw_notes(doc, m, lo, b, f->size);
	page = pdf_page_current(doc);
	draw_signatures(doc, f->size);
	return pdf_page_current(doc) != page;
}

static void
page_setup(const struct layout *lo, struct pdf_page_setup *ps)
{
	memset(ps, 0, sizeof *ps);
	ps->landscape = lo->landscape;
	ps->margin_top = ps->margin_bottom = SHEET_MARGIN;
	ps->margin_left = ps->margin_right = SHEET_MARGIN;
	if (lo->landscape)
		ps->margin_top = SHEET_MARGIN_BIND;
	else
		ps->margin_left = SHEET_MARGIN_BIND;
}

static void
doc_info(struct pdf_doc *doc, const struct model *m, const char *title,
    const char *subject)
{
	struct pdf_info info = {0};

	info.title = title;
	info.author = m->cfg.organization;
	info.subject = subject;
	info.keywords = "支部考核评分表";
	pdf_doc_set_info(doc, &info);
}

/* The layout of b's sheet (a CHOICE()): the largest sizes of fits[] that
 * give the fewest pages the smallest sizes give, found by bisection (the
 * page count falls monotonically along fits[], but for rounding): a few
 * layouts instead of one per entry.  When the signatures would stand
 * alone on the last page, the result and notes go there with them.
 * *out is the laid out sheet. */
static size_t
fit_size(const struct model *m, const struct pdf_fonts *fonts,
    const struct layout *lo, const struct branch *b, struct pdf_doc **out)
{
	struct pdf_page_setup ps;
	size_t a = 0, z = ARRAY_LEN(fits) - 1, mid, best;
	struct pdf_doc *doc;
	unsigned want;
	bool alone;

	page_setup(lo, &ps);
	doc = pdf_doc_new(fonts, &ps);
	alone = sheet_draw(doc, m, lo, b, CHOICE(z, 0));
	want = pdf_page_count(doc);
	*out = doc;
	best = z;
	while (a < z) {
		bool al;

		mid = a + (z - a) / 2;
		doc = pdf_doc_new(fonts, &ps);
		al = sheet_draw(doc, m, lo, b, CHOICE(mid, 0));
		if (pdf_page_count(doc) <= want) {
			pdf_doc_free(*out);
			*out = doc;
			alone = al;
			best = mid;
			z = mid;
		} else {
			pdf_doc_free(doc);
			a = mid + 1;
		}
	}
	if (!alone)
		return CHOICE(best, 0);
	pdf_doc_free(*out);
	*out = pdf_doc_new(fonts, &ps);
	sheet_draw(*out, m, lo, b, CHOICE(best, 1));
	return CHOICE(best, 1);
}

/* ------------------------------------------------------------------ */
/* File names (SPEC section 6)                                           */

/* "ID-NAME" made safe as a file name in OUTDIR (file_name_safe(), SPEC 6),
 * within room bytes so that the suffix (".pdf", or "-N.pdf" after a
 * collision) fits NAME_MAX_BYTES.  Caller frees. */
static char *
safe_stem(const struct branch *b, size_t room)
{
	char *raw = xasprintf("%s-%s", b->id, b->name);
	char *p = file_name_safe(raw, room);

	free(raw);
	if (p[0] == '\0') {
		free(p);
		p = xstrdup("_");
	}
	return p;
}

/* The file name of every branch, unique: a name that another branch
 * earlier in branches.csv already has gets "-2", "-3", ...  Names are
 * made for all branches, so that --branch does not change them. */
char **
sheets_file_names(const struct model *m)
{
	char **names = xcalloc(m->nbranches + 1, sizeof *names);
	struct strmap used = {0};
	size_t k;

	for (k = 0; k < m->nbranches; k++) {
		char *stem = safe_stem(&m->branches[k], NAME_MAX_BYTES - 4);
		char *name = xasprintf("%s.pdf", stem);
		unsigned dup = 1;

		while (strmap_get(&used, name) >= 0) {
			char suffix[24];

			free(name);
			free(stem);
			snprintf(suffix, sizeof suffix, "-%u", ++dup);
			stem = safe_stem(&m->branches[k],
			    NAME_MAX_BYTES - 4 - strlen(suffix));
			name = xasprintf("%s%s.pdf", stem, suffix);
		}
		strmap_put(&used, name, k);
		names[k] = name;
		free(stem);
	}
	strmap_free(&used);
	return names;
}

/* ------------------------------------------------------------------ */
/* The run: a pool of threads, one document each at a time              */

struct run {
	const struct model *m;
	const struct pdf_fonts *fonts;
	struct pdf_common *common; /* shared font parts, or NULL */
	const struct batch_options *opt;
	struct layout lo;
	const size_t *sel;      /* selected branch indexes */
	char **paths;           /* [nsel] */
	size_t *sizes;          /* [nsel]: the CHOICE() each sheet used */
	size_t nsel;
};

/* The laid-out sheet of branch bi, its page furniture in *fu (to free
 * after the document); *size is the CHOICE() used. */
static struct pdf_doc *
sheet_doc(const struct model *m, const struct pdf_fonts *fonts,
    const struct layout *lo, size_t bi, const struct pdf_common *common,
    struct furniture *fu, size_t *size)
{
	const struct branch *b = &m->branches[bi];
	struct pdf_doc *doc;
	char *title;

	*size = fit_size(m, fonts, lo, b, &doc);
	memset(fu, 0, sizeof *fu);
	fu->m = m;
	xgrow(&fu->spans, &fu->cap, 1, sizeof *fu->spans);
	fu->spans[0].branch = bi;
	fu->spans[0].first = 1;
	fu->spans[0].npages = pdf_page_count(doc);
	fu->nspans = 1;
	pdf_doc_set_furniture(doc, draw_furniture, fu);
	pdf_doc_set_common(doc, common);
	title = xasprintf("支部考核评分表：%s", b->name);
	doc_info(doc, m, title, m->cfg.title);
	free(title);
	return doc;
}

/* Builds and writes the sheet of sel[k]; 0 or -1 after a message. */
static int
sheet_one(void *ctx, size_t k)
{
	struct run *r = ctx;
	const struct branch *b = &r->m->branches[r->sel[k]];
	struct furniture fu;
	struct pdf_doc *doc;
	int rc;

	doc = sheet_doc(r->m, r->fonts, &r->lo, r->sel[k], r->common, &fu,
	    &r->sizes[k]);
	rc = pdf_doc_save(doc, r->paths[k]);
	pdf_doc_free(doc);
	free(fu.spans);
	if (rc != 0)
		diag_msg(D_SHEET_FAILED, NULL, 0, 0, b->id, b->name);
	return rc;
}

/* The run's shared font parts: the characters that most of a sample of
 * sheets spread over the selection draw (headings, labels, the rubric,
 * common wording of notes), and the page furniture's.  NULL for a run of
 * a few sheets, or when they cannot be made (each sheet then has its own
 * fonts only). */
static struct pdf_common *
common_fonts(const struct run *r)
{
	struct pdf_page_setup ps;
	struct pdf_common *c;
	size_t k, n, mark;

	if (r->nsel < 4)
		return NULL;
	c = pdf_common_new(r->fonts);
	page_setup(&r->lo, &ps);
	n = r->nsel < COMMON_SAMPLE ? r->nsel : COMMON_SAMPLE;
	/* Warnings come again when the sheets are made. */
	mark = diag_mark();
	for (k = 0; k < n; k++) {
		struct pdf_doc *doc = pdf_doc_new(r->fonts, &ps);

		sheet_draw(doc, r->m, &r->lo,
		    &r->m->branches[r->sel[k * r->nsel / n]], CHOICE(0, 0));
		pdf_common_add_doc(c, doc);
		pdf_doc_free(doc);
	}
	diag_rollback(mark, 0);
	pdf_common_add(c, FONT_SONG, "第页共0123456789支部考核评分表");
	if (pdf_common_build(c, COMMON_SHARE) != 0) {
		pdf_common_free(c);
		return NULL;
	}
	return c;
}

/* All selected sheets in one document, each from a new page. */
static int
write_combined(struct run *r)
{
	struct pdf_page_setup ps;
	struct furniture fu = {0};
	struct pdf_doc *doc;
	size_t k;
	int rc;

	page_setup(&r->lo, &ps);
	doc = pdf_doc_new(r->fonts, &ps);
	fu.m = r->m;
	for (k = 0; k < r->nsel; k++) {
		if (k > 0)
			pdf_page_new(doc);
		furniture_begin(&fu, doc, r->sel[k]);
		sheet_draw(doc, r->m, &r->lo, &r->m->branches[r->sel[k]],
		    r->sizes[k]);
		furniture_end(&fu, doc);
	}
	pdf_doc_set_furniture(doc, draw_furniture, &fu);
	pdf_doc_set_common(doc, r->common);
	doc_info(doc, r->m, "支部考核评分表", r->m->cfg.title);
	rc = pdf_doc_save(doc, r->opt->combined);
	pdf_doc_free(doc);
	free(fu.spans);
	if (rc != 0)
		diag_msg(D_COMBINED_FAILED, NULL, 0, 0);
	return rc;
}

int
sheets_write(const struct model *m, const struct pdf_fonts *fonts,
    const struct batch_options *opt)
{
	struct run r;
	int rc = EXIT_OK;

	memset(&r, 0, sizeof r);
	r.m = m;
	r.fonts = fonts;
	r.opt = opt;
	r.sel = batch_select(m, opt->branches, opt->nbranches, &r.nsel);
	if (r.sel == NULL)
		return EXIT_USAGE;
	if ((r.paths = batch_paths(m, opt->outdir, r.sel, r.nsel)) == NULL) {
		free((void *)r.sel);
		return EXIT_ENV;
	}
	layout_init(m, &r.lo);
	r.sizes = xcalloc(r.nsel + 1, sizeof *r.sizes);
	r.common = common_fonts(&r);
	if (batch_run(r.nsel, opt->jobs, opt->progress, "sheets", sheet_one,
	    &r) != 0)
		rc = EXIT_ENV;
	if (rc == EXIT_OK && opt->combined != NULL && write_combined(&r) != 0)
		rc = EXIT_ENV;
	pdf_common_free(r.common);
	batch_paths_free(r.paths, r.nsel);
	free(r.sizes);
	free((void *)r.sel);
	free(r.lo.src);
	free(r.lo.per);
	return rc;
}

int
sheet_render(const struct model *m, const struct pdf_fonts *fonts, size_t b,
    char **data, size_t *len)
{
	struct layout lo;
	struct furniture fu;
	struct pdf_doc *doc;
	size_t size;
	int rc;

	layout_init(m, &lo);
	doc = sheet_doc(m, fonts, &lo, b, NULL, &fu, &size);
	rc = pdf_doc_render(doc, data, len);
	pdf_doc_free(doc);
	free(fu.spans);
	free(lo.per);
	free(lo.src);
	return rc;
}
