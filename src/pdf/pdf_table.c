/* pdf_table.c: tables (wrapped cells, repeated header rows, rows split only
 * when taller than a page) and bar charts, drawn into a document's flow. */
#include "pdf/pdf_doc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define HEAD_FILL 0xd9d9d9
#define SUBTOTAL_FILL 0xeeeeee
#define SHORT_TEXT 10 /* ems: a cell text this short is one piece */

struct tcell {
	char *text;
	size_t col, span;
	enum pdf_align align;
	int font;                 /* 0 = the row's */
	double size;              /* points; 0 = the table's */
	int32_t fill;             /* 0 = the row's; PDF_FILL(); PDF_NOFILL */
	struct srcpos pos;
	bool has_pos;
	/* layout */
	struct pdf_line *lines;
	size_t nlines;
	double x, w;              /* points */
	double shift;             /* moved left to align on the point */
	bool merge_up;            /* continues the header cell above */
	double down;              /* height of the header cells below that
	                             continue this one */
};

struct trow {
	enum pdf_row_kind kind;
	struct tcell *cells;
	size_t ncells;
	double h;                 /* points, whole row */
};

struct tcol {
	double width, weight;     /* fixed points, or share */
	enum pdf_align align;
};

struct pdf_table {
	struct pdf_doc *doc;
	struct pdf_table_style st;
	struct tcol *cols;
	size_t ncols;
	struct trow *rows;
	size_t nrows, caprows;
	size_t nhead;             /* leading header rows (repeated) */
	bool body_seen;
	bool drawn;
	/* the bottom rule last drawn, so that the next band does not draw it
	   again as its top: page (1-based; 0 = none) and y, points */
	unsigned rule_page;
	double rule_y;
	double x0, width;         /* where the table is drawn */
};

struct pdf_table *
pdf_table_new(struct pdf_doc *doc, size_t ncols,
    const struct pdf_table_style *style)
{
	struct pdf_table *t = xcalloc(1, sizeof *t);
	size_t i;

	t->doc = doc;
	if (style != NULL)
		t->st = *style;
	if (t->st.size <= 0)
		t->st.size = 10.5;
	if (t->st.leading <= 0)
		t->st.leading = 1.35 * t->st.size;
	if (t->st.padding <= 0)
		t->st.padding = 3;
	if (t->st.border <= 0)
		t->st.border = 0.5;
	if (t->st.head_fill == 0)
		t->st.head_fill = HEAD_FILL;
	if (t->st.subtotal_fill == 0)
		t->st.subtotal_fill = SUBTOTAL_FILL;
	t->ncols = ncols ? ncols : 1;
	t->cols = xcalloc(t->ncols, sizeof *t->cols);
	for (i = 0; i < t->ncols; i++)
		t->cols[i].weight = 1;
	return t;
}

void
pdf_table_free(struct pdf_table *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].ncells; j++) {
			free(t->rows[i].cells[j].text);
			free(t->rows[i].cells[j].lines);
		}
		free(t->rows[i].cells);
	}
	free(t->rows);
	free(t->cols);
	free(t);
}

void
pdf_table_col(struct pdf_table *t, size_t col, double width, double weight,
    enum pdf_align align)
{
	if (col >= t->ncols)
		return;
	t->cols[col].width = width > 0 ? width : 0;
	t->cols[col].weight = weight > 0 ? weight : 1;
	t->cols[col].align = align;
}

void
pdf_table_row_cells(struct pdf_table *t, enum pdf_row_kind kind,
    const struct pdf_cell *cells, size_t n)
{
	struct trow *r;
	size_t i, col = 0;

	xgrow(&t->rows, &t->caprows, t->nrows + 1, sizeof *t->rows);
	r = &t->rows[t->nrows++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->cells = xcalloc(n ? n : 1, sizeof *r->cells);
	for (i = 0; i < n && col < t->ncols; i++) {
		struct tcell *c = &r->cells[r->ncells++];
		size_t span = cells[i].span ? cells[i].span : 1;

		if (col + span > t->ncols)
			span = t->ncols - col;
		c->text = xstrdup(cells[i].text ? cells[i].text : "");
		c->col = col;
		c->span = span;
		c->align = cells[i].align;
		c->font = cells[i].font;
		c->size = cells[i].size > 0 ? cells[i].size : 0;
		c->fill = cells[i].fill;
		c->merge_up = cells[i].merge_up && kind == PDF_ROW_HEADER;
		if (cells[i].pos != NULL) {
			c->pos = *cells[i].pos;
			c->has_pos = true;
		}
		col += span;
	}
	/* Empty cells up to the last column, so that borders are whole. */
	if (col < t->ncols) {
		r->cells = xrealloc(r->cells, (r->ncells + t->ncols - col) *
		    sizeof *r->cells);
		for (; col < t->ncols; col++) {
			struct tcell *c = &r->cells[r->ncells++];

			memset(c, 0, sizeof *c);
			c->text = xstrdup("");
			c->col = col;
			c->span = 1;
		}
	}
	if (kind == PDF_ROW_HEADER && !t->body_seen)
		t->nhead = t->nrows;
	else
		t->body_seen = true;
}

void
pdf_table_row(struct pdf_table *t, enum pdf_row_kind kind,
    const char *const *texts, size_t n, const struct srcpos *pos)
{
	struct pdf_cell *cells = xcalloc(n ? n : 1, sizeof *cells);
	size_t i;

	for (i = 0; i < n; i++) {
		cells[i].text = texts[i];
		cells[i].pos = pos;
	}
	pdf_table_row_cells(t, kind, cells, n);
	free(cells);
}

/* The text style of a cell. */
static struct pdf_style
cell_style(const struct pdf_table *t, const struct trow *r,
    const struct tcell *c)
{
	struct pdf_style st = {0};

	st.size = c->size > 0 ? c->size : t->st.size;
	st.leading = t->st.leading * st.size / t->st.size;
	st.role = t->st.role;
	if (r->kind == PDF_ROW_HEADER)
		st.role = t->st.head_font ? (enum font_role)(t->st.head_font -
		    1) : FONT_HEI;
	if (c->font > 0)
		st.role = (enum font_role)(c->font - 1);
	st.align = c->align != PDF_ALIGN_DEFAULT ? c->align :
	    r->kind == PDF_ROW_HEADER ? PDF_CENTER : t->cols[c->col].align;
	if (st.align == PDF_ALIGN_DEFAULT)
		st.align = PDF_LEFT;
	return st;
}

static int32_t
cell_fill(const struct pdf_table *t, const struct trow *r,
    const struct tcell *c)
{
	if (c->fill > 0)
		return c->fill - 1;
	if (c->fill < 0)
		return -1;
	if (r->kind == PDF_ROW_HEADER)
		return t->st.head_fill;
	if (r->kind == PDF_ROW_SUBTOTAL)
		return t->st.subtotal_fill;
	return -1;
}

/* The cells' texts as they are set (punctuation normalised). */
static void
normalise(struct pdf_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->rows[i].ncells; j++) {
			struct tcell *c = &t->rows[i].cells[j];
			struct pdf_style st = cell_style(t, &t->rows[i], c);
			size_t len = strlen(c->text);
			char *own;

			pdf_norm(t->doc->fonts, &st, c->text, &len, &own);
			if (own != NULL) {
				free(c->text);
				c->text = own;
			}
		}
}

/*
 * Widths of the columns not given a fixed width, from their content, as
 * CSS's automatic table layout does: each column's minimum (its widest
 * piece never broken) and maximum (its widest text on one line), padding
 * included, of the cells spanning one column (a text of at most
 * SHORT_TEXT characters' width counts as one piece).  When the maxima fit, each
 * column gets its maximum and the room left is shared by weight; when only
 * the minima fit, each gets its minimum and the room left in proportion to
 * what it lacks of its maximum; else the minima are scaled down.
 */
static void
auto_widths(const struct pdf_table *t, double rest, double *cw)
{
	double *mn = xcalloc(t->ncols, sizeof *mn);
	double *mx = xcalloc(t->ncols, sizeof *mx);
	double smin = 0, smax = 0, weights = 0, pad2 = 2 * t->st.padding;
	size_t i, j;

	for (i = 0; i < t->ncols; i++)
		mn[i] = mx[i] = pad2 + t->st.size;
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->rows[i].ncells; j++) {
			const struct tcell *c = &t->rows[i].cells[j];
			struct pdf_style st = cell_style(t, &t->rows[i], c);
			double a, b;

			if (c->span != 1 || t->cols[c->col].width > 0)
				continue;
			pdf_text_widths(t->doc, &st, c->text, &a, &b);
			/* A short text (a name, a title, a number) is not
			 * broken while it can be helped. */
			if (b <= SHORT_TEXT * pdf_style_size(&st))
				a = b;
			if (a + pad2 > mn[c->col])
				mn[c->col] = a + pad2;
			if (b + pad2 > mx[c->col])
				mx[c->col] = b + pad2;
		}
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].width <= 0) {
			smin += mn[i];
			smax += mx[i];
			weights += t->cols[i].weight;
		}
	for (i = 0; i < t->ncols; i++) {
		if (t->cols[i].width > 0)
			continue;
		if (smax <= rest)
			cw[i] = mx[i] + (rest - smax) * t->cols[i].weight /
			    (weights > 0 ? weights : 1);
		else if (smin <= rest)
			cw[i] = mn[i] + (rest - smin) * (mx[i] - mn[i]) /
			    (smax - smin);
		else
			cw[i] = rest * mn[i] / smin;
	}
	free(mn);
	free(mx);
}

/* The byte offset of the decimal point of a number cell's text (its
 * length when there is none), or -1 when the text is not a number: a sign,
 * digits, a point and digits, then at most a unit (% ％ 分 个 名 次). */
static long
point_of(const char *s)
{
	static const char *const signs[] = {"-", "+", "\u2212", "\uFF0D"};
	static const char *const units[] = {"%", "\uFF05", "分", "个", "名",
	    "次"};
	size_t i = 0, k, digits = 0;
	long point;

	for (k = 0; k < ARRAY_LEN(signs); k++)
		if (strncmp(s, signs[k], strlen(signs[k])) == 0) {
			i = strlen(signs[k]);
			break;
		}
	while (s[i] >= '0' && s[i] <= '9') {
		i++;
		digits++;
	}
	point = (long)i;
	if (s[i] == '.') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (digits == 0)
		return -1;
	for (k = 0; s[i] != '\0' && k < ARRAY_LEN(units); k++)
		if (strcmp(s + i, units[k]) == 0)
			return point;
	return s[i] == '\0' ? point : -1;
}

/* In each column aligned right or centred, number cells of body and
 * subtotal rows align on their decimal point (an integer's point is after
 * its last digit): right-aligned, each moves left by what its part from
 * the point on lacks of the widest such part; centred, the block of the
 * widest integer part and the widest fraction is centred and each number
 * placed in it on the point.  A column too narrow for that block keeps
 * its plain alignment. */
static void
align_points(struct pdf_table *t)
{
	double *lm = xcalloc(t->ncols, sizeof *lm);
	double *rm = xcalloc(t->ncols, sizeof *rm);
	size_t i, j, pass;

	for (pass = 0; pass < 2; pass++)
		for (i = t->nhead; i < t->nrows; i++) {
			struct trow *r = &t->rows[i];

			if (r->kind == PDF_ROW_HEADER)
				continue;
			for (j = 0; j < r->ncells; j++) {
				struct tcell *c = &r->cells[j];
				struct pdf_style st = cell_style(t, r, c);
				enum pdf_align a = t->cols[c->col].align;
				long p;
				double w, rw;

				if (c->span != 1 || st.align != a ||
				    (a != PDF_RIGHT && a != PDF_CENTER) ||
				    (p = point_of(c->text)) < 0)
					continue;
				w = pdf_text_width_n(t->doc, &st, c->text,
				    strlen(c->text));
				rw = pdf_text_width_n(t->doc, &st, c->text + p,
				    strlen(c->text + p));
				if (pass == 0) {
					if (w - rw > lm[c->col])
						lm[c->col] = w - rw;
					if (rw > rm[c->col])
						rm[c->col] = rw;
				} else if (lm[c->col] + rm[c->col] > c->w -
				    2 * t->st.padding + 0.01) {
					/* The aligned block does not fit the
					 * column: plain alignment. */
					c->shift = 0;
				} else if (a == PDF_RIGHT) {
					c->shift = rm[c->col] - rw;
				} else {
					c->shift = rm[c->col] - lm[c->col] +
					    (w - rw) - rw;
				}
			}
		}
	free(lm);
	free(rm);
}

/* Column positions and every cell's lines and the rows' heights. */
static void
layout(struct pdf_table *t, double x0, double width)
{
	double fixed = 0, *cx, *cw, rest;
	size_t i, j;

	normalise(t);
	for (i = 0; i < t->ncols; i++)
		fixed += t->cols[i].width;
	rest = width - fixed > 0 ? width - fixed : 0;
	cx = xmalloc((t->ncols + 1) * sizeof *cx);
	cw = xmalloc(t->ncols * sizeof *cw);
	auto_widths(t, rest, cw);
	cx[0] = x0;
	for (i = 0; i < t->ncols; i++) {
		if (t->cols[i].width > 0)
			cw[i] = t->cols[i].width;
		cx[i + 1] = cx[i] + cw[i];
	}
	for (i = 0; i < t->nrows; i++) {
		struct trow *r = &t->rows[i];

		r->h = 0;
		for (j = 0; j < r->ncells; j++) {
			struct tcell *c = &r->cells[j];
			struct pdf_style st = cell_style(t, r, c);
			double h;

			c->x = cx[c->col];
			c->w = cx[c->col + c->span] - c->x;
			c->nlines = pdf_lines(t->doc, c->w - 2 * t->st.padding,
			    &st, c->text, &c->lines);
			if (c->nlines == 1 && c->lines[0].start ==
			    c->lines[0].end)
				c->nlines = c->text[0] == '\0' ? 0 : 1;
			h = (double)c->nlines * st.leading +
			    2 * t->st.padding;
			if (h > r->h)
				r->h = h;
		}
		if (r->h < t->st.leading + 2 * t->st.padding)
			r->h = t->st.leading + 2 * t->st.padding;
	}
	/* Header cells merged vertically: each cell of a chain learns the
	 * height of the rows below it that continue it. */
	for (i = t->nhead; i-- > 1;) {
		struct trow *r = &t->rows[i], *up = &t->rows[i - 1];

		for (j = 0; j < r->ncells; j++) {
			struct tcell *c = &r->cells[j];
			size_t k;

			if (!c->merge_up)
				continue;
			for (k = 0; k < up->ncells; k++)
				if (up->cells[k].col == c->col &&
				    up->cells[k].span == c->span)
					up->cells[k].down = r->h + c->down;
		}
	}
	align_points(t);
	free(cx);
	free(cw);
}

/* Draws lines [from, to) of every cell of r in a band of height h at y;
 * text is centred vertically when the whole row is drawn. */
static void
draw_band(struct pdf_table *t, const struct trow *r, double y, double h,
    const size_t *from, size_t lines)
{
	struct pdf_doc *doc = t->doc;
	size_t j, k;

	/* Fills, one rectangle for neighbours of one colour. */
	for (j = 0; j < r->ncells; j = k) {
		const struct tcell *c = &r->cells[j];
		int32_t fill = cell_fill(t, r, c);
		double w = c->w;

		if (c->merge_up)
			fill = -1;
		for (k = j + 1; k < r->ncells && c->down <= 0 &&
		    !r->cells[k].merge_up && r->cells[k].down <= 0 &&
		    cell_fill(t, r, &r->cells[k]) == fill; k++)
			w += r->cells[k].w;
		/* Under the rules: the top rule (drawn with the band above)
		 * keeps its lower half.  A cell merged with the cells below
		 * fills their rows too (they fill nothing). */
		if (fill >= 0)
			pdf_rect(doc, c->x, y + t->st.border / 2, w, h -
			    t->st.border / 2, fill, 0);
		if (fill >= 0 && c->down > 0)
			pdf_rect(doc, c->x, y + h - t->st.border / 2, w,
			    c->down + t->st.border / 2, fill, 0);
	}
	for (j = 0; j < r->ncells; j++) {
		const struct tcell *c = &r->cells[j];
		struct pdf_style st = cell_style(t, r, c);
		size_t a = from ? from[j] : 0, z;
		double top = y + t->st.padding;

		z = from ? a + lines : c->nlines;
		if (z > c->nlines)
			z = c->nlines;
		if (c->merge_up)
			z = 0;
		if (from == NULL)
			top += (h + c->down - 2 * t->st.padding -
			    (double)c->nlines * st.leading) / 2;
		for (k = a; k < z; k++) {
			pdf_line_draw(doc, c->x + t->st.padding,
			    pdf_baseline(&st, top, st.leading),
			    c->w - 2 * t->st.padding - c->shift, &st, c->text,
			    &c->lines[k], c->has_pos ? &c->pos : NULL);
			top += st.leading;
		}
	}
	/* Borders as rules: one vertical per cell edge, a bottom rule across
	 * the row, and a top rule unless the band above drew it.  The
	 * horizontal rules reach half a border past the outer edges to make
	 * square corners. */
	if (r->ncells > 0) {
		const struct tcell *first = &r->cells[0];
		const struct tcell *last = &r->cells[r->ncells - 1];
		double b = t->st.border, x0 = first->x - b / 2,
		    x1 = last->x + last->w + b / 2;

		if (t->rule_page != pdf_page_current(doc) ||
		    fabs(t->rule_y - y) > 0.01)
			pdf_line(doc, x0, y, x1, y, b, 0);
		/* The bottom rule, broken under cells that continue below. */
		for (j = 0; j < r->ncells; j = k) {
			double sx, ex;

			while (j < r->ncells && r->cells[j].down > 0)
				j++;
			if (j == r->ncells)
				break;
			for (k = j; k < r->ncells && r->cells[k].down <= 0; k++)
				;
			sx = j == 0 ? x0 : r->cells[j].x - b / 2;
			ex = k == r->ncells ? x1 : r->cells[k - 1].x +
			    r->cells[k - 1].w + b / 2;
			pdf_line(doc, sx, y + h, ex, y + h, b, 0);
		}
		t->rule_page = pdf_page_current(doc);
		t->rule_y = y + h;
		for (j = 0; j < r->ncells; j++)
			pdf_line(doc, r->cells[j].x, y, r->cells[j].x, y + h,
			    b, 0);
		pdf_line(doc, last->x + last->w, y, last->x + last->w, y + h,
		    b, 0);
	}
}

/* The caption's style. */
static struct pdf_style
caption_style(const struct pdf_table *t)
{
	struct pdf_style st = {0};

	st.role = t->st.head_font ? (enum font_role)(t->st.head_font - 1) :
	    FONT_HEI;
	st.size = t->st.size + 1;
	st.leading = 1.5 * st.size;
	st.align = PDF_CENTER;
	return st;
}

/* The caption's text on the first page (cont false) or a continuation
 * page, or NULL for none; caller frees. */
static char *
caption_text(const struct pdf_table *t, bool cont)
{
	if (t->st.caption == NULL || t->st.caption[0] == '\0' ||
	    (!cont && t->st.caption_cont_only))
		return NULL;
	return cont ? xasprintf("%s（续）", t->st.caption) :
	    xstrdup(t->st.caption);
}

/* Height of the caption and header rows drawn at the cursor. */
static double
header_height(const struct pdf_table *t, bool cont)
{
	struct pdf_style cs = caption_style(t);
	char *cap = caption_text(t, cont);
	double h = 0;
	size_t i;

	if (cap != NULL)
		h += pdf_paragraph_height(t->doc, t->width, &cs, cap);
	free(cap);
	for (i = 0; i < t->nhead; i++)
		h += t->rows[i].h;
	return h;
}

/* Draws the caption (with "（续）" when cont) and the header rows. */
static void
draw_header(struct pdf_table *t, bool cont)
{
	struct pdf_style cs = caption_style(t);
	char *cap = caption_text(t, cont);
	size_t i;

	pdf_group_begin(t->doc);
	if (cap != NULL)
		t->doc->y += pdf_paragraph_at(t->doc, t->x0, t->doc->y,
		    t->width, &cs, cap, NULL);
	free(cap);
	for (i = 0; i < t->nhead; i++) {
		draw_band(t, &t->rows[i], t->doc->y, t->rows[i].h, NULL, 0);
		t->doc->y += t->rows[i].h;
	}
	pdf_group_end(t->doc);
}

/* A new page with the table's caption (续) and header on it. */
static void
continue_page(struct pdf_table *t)
{
	pdf_page_new(t->doc);
	draw_header(t, true);
}

/* Draws a row taller than what is left of the page: line by line across
 * pages, under the repeated header. */
static void
draw_split(struct pdf_table *t, const struct trow *r)
{
	struct pdf_doc *doc = t->doc;
	size_t *from = xcalloc(r->ncells, sizeof *from), most = 0, j, fit;
	double pad2 = 2 * t->st.padding, lead = t->st.leading;

	/* Bands of whole lines of the row's largest leading; each cell
	 * draws as many of its lines per band. */
	for (j = 0; j < r->ncells; j++) {
		struct pdf_style st = cell_style(t, r, &r->cells[j]);

		if (r->cells[j].nlines > most)
			most = r->cells[j].nlines;
		if (st.leading > lead)
			lead = st.leading;
	}
	while (most > 0) {
		double room = pdf_area_bottom(doc) - doc->y - pad2;

		fit = room > 0 ? (size_t)floor(room / lead + 1e-6) : 0;
		if (fit == 0) {
			continue_page(t);
			continue;
		}
		if (fit > most)
			fit = most;
		draw_band(t, r, doc->y, (double)fit * lead + pad2, from, fit);
		doc->y += (double)fit * lead + pad2;
		for (j = 0; j < r->ncells; j++)
			from[j] += fit;
		most -= fit;
		if (most > 0)
			continue_page(t);
	}
	free(from);
}

/* Height of rows [i, i + k) (fewer at the table's end). */
static double
rows_height(const struct pdf_table *t, size_t i, size_t k)
{
	double h = 0;

	for (; k > 0 && i < t->nrows; i++, k--)
		h += t->rows[i].h;
	return h;
}

void
pdf_table_draw(struct pdf_table *t)
{
	struct pdf_doc *doc = t->doc;
	double head, page_room, bottom;
	bool fresh;
	size_t i;

	if (t->drawn)
		return;
	t->drawn = true;
	t->width = t->st.width > 0 ? t->st.width : pdf_area_width(doc);
	t->x0 = pdf_area_left(doc);
	layout(t, t->x0, t->width);
	head = header_height(t, false);
	/* The header and the first row (two after a group row) together. */
	if (t->nhead < t->nrows) {
		double first = rows_height(t, t->nhead,
		    t->rows[t->nhead].kind == PDF_ROW_GROUP ? 3 : 1);

		page_room = pdf_area_bottom(doc) - pdf_area_top(doc) - head;
		if (pdf_flow_need(doc, head + (first < page_room ? first :
		    3 * t->st.leading + 2 * t->st.padding)))
			head = header_height(t, false);
	} else {
		pdf_flow_need(doc, head);
	}
	draw_header(t, false);
	fresh = true;
	for (i = t->nhead; i < t->nrows; i++) {
		const struct trow *r = &t->rows[i];
		double need = r->h;

		bottom = pdf_area_bottom(doc) + 0.01;
		page_room = pdf_area_bottom(doc) - pdf_area_top(doc) -
		    header_height(t, true);
		/* A group row keeps the next two rows; a row keeps the
		 * subtotal after it. */
		if (r->kind == PDF_ROW_GROUP)
			need = rows_height(t, i, 3);
		else if (i + 1 < t->nrows &&
		    t->rows[i + 1].kind == PDF_ROW_SUBTOTAL)
			need = rows_height(t, i, 2);
		if (!fresh && need <= page_room && doc->y + need > bottom &&
		    doc->y + r->h <= bottom) {
			continue_page(t);
			fresh = true;
		}
		if (doc->y + r->h <= bottom) {
			draw_band(t, r, doc->y, r->h, NULL, 0);
			doc->y += r->h;
		} else if (r->h <= page_room) {
			continue_page(t);
			draw_band(t, r, doc->y, r->h, NULL, 0);
			doc->y += r->h;
		} else {
			/* Taller than a page: split, starting here unless
			 * little room is left. */
			if (pdf_area_bottom(doc) - doc->y < 3 *
			    t->st.leading + 2 * t->st.padding)
				continue_page(t);
			draw_split(t, r);
		}
		fresh = false;
	}
}

/* ------------------------------------------------------------------ */
/* Charts                                                               */

#define BAR_COLOR 0x4a6a8a
#define MAX_COLOR 0xb0b0b0
#define THRESHOLD_COLOR 0xc00000
#define GRID_COLOR 0xc8c8c8
#define TICK_COLOR 0x505050

/* The grid of a horizontal chart: a thin line at every tick from amin to
 * amax across the bars (top, height), its value below them. */
static void
chart_ticks(struct pdf_doc *doc, const struct pdf_chart *c,
    const struct pdf_style *small, double bx, double scale, double amin,
    double amax, double top, double height)
{
	struct pdf_style t = *small;
	char num[32];
	double v;
	unsigned k;

	t.align = PDF_CENTER;
	t.color = TICK_COLOR;
	for (k = 0; (v = amin + c->tick_step * k) <= amax + 1e-9; k++) {
		double gx = bx + (v - amin) * scale;

		pdf_line(doc, gx, top, gx, top + height, 0.3, GRID_COLOR);
		snprintf(num, sizeof num, "%g", v);
		pdf_text_at(doc, gx, top + height + t.size * 1.2, &t, num,
		    NULL);
	}
}

/* What both kinds of chart share while drawn. */
struct chart {
	struct pdf_doc *doc;
	const struct pdf_chart *c;
	const struct pdf_bar *bars;
	size_t n;
	struct pdf_style lab, small, title; /* labels, values, the title */
	double size, amax, width, x0, titleh;
	uint32_t color;
};

/* Bars from the left, labels before them. */
static void
chart_horizontal(const struct chart *ch, double *y0p, double *hp)
{
	struct pdf_doc *doc = ch->doc;
	const struct pdf_chart *c = ch->c;
	const struct pdf_bar *bars = ch->bars;
	size_t n = ch->n, i;
	struct pdf_style lab = ch->lab, small = ch->small, title = ch->title;
	double size = ch->size, amax = ch->amax, width = ch->width;
	double x0 = ch->x0, titleh = ch->titleh, y0, h, labw = 0, w;
	uint32_t color = ch->color;
	double band = size * 2.0, bx, bw, scale, amin = c->axis_min;
	double ticksh = c->tick_step > 0 ? size * 1.5 : 0, valw = 0;

	for (i = 0; i < n; i++) {
		w = pdf_text_width(doc, &lab, bars[i].label ?
		    bars[i].label : "");
		if (w > labw)
			labw = w;
		if (c->values_column && bars[i].value_text != NULL &&
		    (w = pdf_text_width(doc, &small,
		    bars[i].value_text)) > valw)
			valw = w;
	}
	if (labw > width * 0.35)
		labw = width * 0.35;
	if (amin < 0 || amin >= amax)
		amin = 0;
	h = c->height > 0 ? c->height : titleh + band * (double)n +
	    size * 2 + ticksh;
	if (c->height > 0 && n > 0)
		band = (h - titleh - size * 2 - ticksh) / (double)n;
	pdf_flow_need(doc, h);
	y0 = doc->y;
	if (c->title != NULL)
		pdf_text_at(doc, x0 + width / 2, pdf_baseline(&title,
		    y0, titleh), &title, c->title, NULL);
	bx = x0 + labw + size;
	/* Room for the widest value printed at a bar's end. */
	for (i = 0, w = size * 4; i < n; i++)
		if (bars[i].value_text != NULL &&
		    pdf_text_width(doc, &small, bars[i].value_text) +
		    size > w)
			w = pdf_text_width(doc, &small,
			    bars[i].value_text) + size;
	bw = c->values_column ? width - labw - size * 2 - valw :
	    width - labw - size - w;
	scale = bw / (amax - amin);
	if (c->tick_step > 0)
		chart_ticks(doc, c, &small, bx, scale, amin, amax,
		    y0 + titleh + size, band * (double)n);
	for (i = 0; i < n; i++) {
		double top = y0 + titleh + size + band * (double)i;
		double bh = band * 0.6, by = top + (band - bh) / 2;
		struct pdf_style l = lab;

		l.align = PDF_RIGHT;
		if (bars[i].label != NULL)
			pdf_text_at(doc, bx - size / 2,
			    pdf_baseline(&l, top, band), &l,
			    bars[i].label, bars[i].pos);
		if (bars[i].max > amin)
			pdf_rect(doc, bx, by, (bars[i].max - amin) *
			    scale, bh, -1, 0.5);
		if (bars[i].value > amin)
			pdf_rect(doc, bx, by, (bars[i].value - amin) *
			    scale, bh, (int32_t)(bars[i].color ?
			    bars[i].color : color), 0);
		if (bars[i].value_text != NULL && c->values_column) {
			struct pdf_style v = small;

			v.align = PDF_RIGHT;
			pdf_text_at(doc, x0 + width,
			    pdf_baseline(&small, top, band), &v,
			    bars[i].value_text, NULL);
		} else if (bars[i].value_text != NULL)
			pdf_text_at(doc, bx + ((bars[i].value >
			    bars[i].max ? bars[i].value :
			    bars[i].max) - amin) * scale + size / 2,
			    pdf_baseline(&small, top, band), &small,
			    bars[i].value_text, NULL);
	}
	pdf_line(doc, bx, y0 + titleh + size / 2, bx,
	    y0 + h - size / 2 - ticksh, 0.75, 0);
	if (c->threshold >= amin && c->threshold >= 0) {
		double tx = bx + (c->threshold - amin) * scale;

		pdf_line_dash(doc, tx, y0 + titleh + size / 2, tx,
		    y0 + h - size / 2 - ticksh, 0.75, THRESHOLD_COLOR,
		    true);
		if (c->threshold_label != NULL) {
			struct pdf_style tl = small;

			tl.color = THRESHOLD_COLOR;
			tl.align = PDF_CENTER;
			pdf_text_at(doc, tx, y0 + h, &tl,
			    c->threshold_label, NULL);
		}
	}
	*y0p = y0;
	*hp = h;
}

/* Bars standing on the axis, labels below them. */
static void
chart_vertical(const struct chart *ch, double *y0p, double *hp)
{
	struct pdf_doc *doc = ch->doc;
	const struct pdf_chart *c = ch->c;
	const struct pdf_bar *bars = ch->bars;
	size_t n = ch->n, i;
	struct pdf_style small = ch->small, title = ch->title;
	double size = ch->size, amax = ch->amax, width = ch->width;
	double x0 = ch->x0, titleh = ch->titleh, y0, h;
	uint32_t color = ch->color;
	double plot, slot, bx, scale, base;

	h = c->height > 0 ? c->height : PDF_MM(70);
	pdf_flow_need(doc, h);
	y0 = doc->y;
	if (c->title != NULL)
		pdf_text_at(doc, x0 + width / 2, pdf_baseline(&title,
		    y0, titleh), &title, c->title, NULL);
	/* Labels get up to two lines below the bars. */
	base = y0 + h - 2 * pdf_style_leading(&small);
	plot = base - (y0 + titleh + size * 1.5);
	slot = n ? (width - size * 4) / (double)n : width;
	bx = x0 + size * 4;
	scale = plot / amax;
	for (i = 0; i < n; i++) {
		double sx = bx + slot * (double)i, bw = slot * 0.6;
		double bl = sx + (slot - bw) / 2;
		struct pdf_style v = small;

		v.align = PDF_CENTER;
		if (bars[i].max > 0)
			pdf_rect(doc, bl, base - bars[i].max * scale,
			    bw, bars[i].max * scale, -1, 0.5);
		if (bars[i].value > 0)
			pdf_rect(doc, bl, base - bars[i].value * scale,
			    bw, bars[i].value * scale, (int32_t)color,
			    0);
		if (bars[i].value_text != NULL)
			pdf_text_at(doc, sx + slot / 2, base -
			    (bars[i].value > bars[i].max ?
			    bars[i].value : bars[i].max) * scale -
			    size * 0.3, &v, bars[i].value_text, NULL);
		if (bars[i].label != NULL)
			pdf_paragraph_at(doc, sx, base, slot, &v,
			    bars[i].label, NULL);
	}
	pdf_line(doc, bx, base, x0 + width, base, 0.75, 0);
	if (c->threshold >= 0) {
		double ty = base - c->threshold * scale;

		pdf_line_dash(doc, bx, ty, x0 + width, ty, 0.75,
		    THRESHOLD_COLOR, true);
		if (c->threshold_label != NULL) {
			struct pdf_style tl = small;

			tl.color = THRESHOLD_COLOR;
			tl.align = PDF_RIGHT;
			pdf_text_at(doc, bx - size / 4, ty + size *
			    0.3, &tl, c->threshold_label, NULL);
		}
	}
	*y0p = y0;
	*hp = h;
}

double
pdf_bar_chart(struct pdf_doc *doc, const struct pdf_chart *c,
    const struct pdf_bar *bars, size_t n)
{
	struct chart ch = {.doc = doc, .c = c, .bars = bars, .n = n};
	double y0, h;
	size_t i;

	ch.size = c->size > 0 ? c->size : 9;
	ch.amax = c->axis_max;
	ch.width = c->width > 0 ? c->width : pdf_area_width(doc);
	ch.x0 = pdf_area_left(doc);
	ch.color = c->bar_color ? c->bar_color : BAR_COLOR;
	ch.lab.role = c->role;
	ch.lab.size = ch.size;
	ch.small = ch.lab;
	ch.small.size = ch.size * 0.9;
	ch.title.role = FONT_HEI;
	ch.title.size = ch.size * 1.2;
	ch.title.align = PDF_CENTER;
	for (i = 0; i < n; i++) {
		if (bars[i].value > ch.amax)
			ch.amax = bars[i].value;
		if (bars[i].max > ch.amax)
			ch.amax = bars[i].max;
	}
	if (c->threshold > ch.amax)
		ch.amax = c->threshold;
	if (ch.amax <= 0)
		ch.amax = 1;
	if (c->title != NULL)
		ch.titleh = pdf_style_leading(&ch.title);
	if (!c->vertical)
		chart_horizontal(&ch, &y0, &h);
	else
		chart_vertical(&ch, &y0, &h);
	doc->y = y0 + h + (c->threshold >= 0 && !c->vertical &&
	    c->threshold_label ? ch.size : 0);
	return doc->y - y0;
}
