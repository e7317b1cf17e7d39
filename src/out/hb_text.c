/* hb_text.c: the handbook's text parts, CommonMark read with libcmark and set
 * with the PDF engine.
 *
 * What is set: headings, paragraphs, ordered and bullet lists (nested),
 * block quotes (indented), code blocks (as plain lines), thematic breaks,
 * and pipe tables (a paragraph whose lines all start with "|" and whose
 * second line is a delimiter row such as "| --- | :---: |"; cmark's core
 * has no tables).  Emphasis (*…*, 楷体) and strong emphasis (**…**, 黑体)
 * are set in their face where they open a paragraph or list item (the
 * run-in heads of the templates: "**党课**：…"); elsewhere their text is
 * set in the paragraph's face (in table cells their marks are dropped).
 * HTML is left out, so that an HTML comment can hold notes for the
 * committee. */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "out/hb_text.h"
#include "pdf/pdf.h"
#include "util.h"

#define SOFTBREAK '\x01' /* placeholder while flattening inlines */

/* ------------------------------------------------------------------ */
/* Reading                                                              */

struct builder {
	struct hb_part *p;
	size_t cap;
	const char *src;            /* the file's text */
	const char **lines;         /* start of each line, 1-based */
	size_t *lens;
	size_t nlines;
};

static struct hb_block *
add_block(struct builder *b, enum hb_block_kind kind, cmark_node *n)
{
	struct hb_block *bl;

	xgrow(&b->p->blocks, &b->cap, b->p->nblocks + 1, sizeof *b->p->blocks);
	bl = &b->p->blocks[b->p->nblocks++];
	memset(bl, 0, sizeof *bl);
	bl->kind = kind;
	bl->pos.file = b->p->file;
	bl->pos.line = n ? (unsigned)cmark_node_get_start_line(n) : 0;
	return bl;
}

/* The inline text of n's children, emphasis as plain text. */
static void
flatten(cmark_node *n, struct buf *out)
{
	cmark_node *c;

	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_adds(out, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_addc(out, SOFTBREAK);
			break;
		case CMARK_NODE_LINEBREAK:
			buf_addc(out, '\n');
			break;
		case CMARK_NODE_HTML_INLINE:
			break;
		default:            /* emphasis, links, images: their text */
			flatten(c, out);
			break;
		}
	}
}

static bool
is_cjk(uint32_t cp)
{
	return cp >= 0x2E80;
}

/* Replaces the soft breaks of s: nothing between Chinese characters (a
 * line break in the source is no space in Chinese), a space otherwise. */
static char *
resolve_breaks(struct buf *b)
{
	struct buf out = {0};
	size_t i = 0, n = b->len;
	uint32_t prev = 0;

	while (i < n) {
		uint32_t cp, next = 0;
		size_t l;

		if (b->s[i] == SOFTBREAK) {
			size_t j = i + 1;

			while (j < n && b->s[j] == ' ')
				j++;
			if (j < n)
				utf8_decode(b->s + j, n - j, &next);
			if (prev && next && !is_cjk(prev) && !is_cjk(next))
				buf_addc(&out, ' ');
			i++;
			continue;
		}
		l = utf8_decode(b->s + i, n - i, &cp);
		if (l == 0) {
			l = 1;
			cp = (unsigned char)b->s[i];
		}
		buf_add(&out, b->s + i, l);
		prev = cp;
		i += l;
	}
	if (out.s == NULL)
		buf_adds(&out, "");
	buf_free(b);
	return buf_take(&out);
}

static char *
node_text(cmark_node *n)
{
	struct buf b = {0};

	flatten(n, &b);
	return resolve_breaks(&b);
}

/* Trims spaces and tabs at both ends of [s, s + *n); returns the start. */
static const char *
trim_n(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t' ||
	    s[*n - 1] == '\r'))
		(*n)--;
	return s;
}

/* Splits a table line into cells (outer pipes dropped, "\|" kept as "|").
 * Returns the number of cells; *cells is malloc'd. */
static size_t
split_row(const char *s, size_t n, char ***cells)
{
	struct buf cur = {0};
	char **out = NULL;
	size_t k = 0, cap = 0, i;

	s = trim_n(s, &n);
	if (n > 0 && s[0] == '|') {
		s++;
		n--;
	}
	if (n > 0 && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\'))
		n--;
	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '|') {
			size_t l = cur.len;
			const char *t = trim_n(cur.s ? cur.s : "", &l);

			xgrow(&out, &cap, k + 1, sizeof *out);
			out[k++] = xstrndup(t, l);
			cur.len = 0;
			continue;
		}
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '|')
			i++;
		if (s[i] == '*' || s[i] == '`')   /* emphasis marks in cells */
			continue;
		buf_addc(&cur, s[i]);
	}
	buf_free(&cur);
	*cells = out;
	return k;
}

/* Whether a line is a delimiter row: cells of -, with optional colons. */
static bool
delimiter_row(const char *s, size_t n)
{
	bool dash = false;
	size_t i;

	s = trim_n(s, &n);
	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (s[i] != '|' && s[i] != ':' && s[i] != ' ' &&
		    s[i] != '\t')
			return false;
	}
	return dash && memchr(s, '|', n) != NULL;
}

/* A paragraph that is a pipe table becomes one; returns whether it was. */
static bool
try_table(struct builder *b, cmark_node *n)
{
	int first = cmark_node_get_start_line(n), last =
	    cmark_node_get_end_line(n), l;
	struct hb_block *bl;
	size_t ncols, r;
	char **cells;

	if (first < 1 || last < first + 1 || (size_t)last > b->nlines)
		return false;
	for (l = first; l <= last; l++) {
		size_t len = b->lens[l];
		const char *s = trim_n(b->lines[l], &len);

		if (len == 0 || s[0] != '|')
			return false;
	}
	if (!delimiter_row(b->lines[first + 1], b->lens[first + 1]))
		return false;
	ncols = split_row(b->lines[first], b->lens[first], &cells);
	bl = add_block(b, HB_TABLE, n);
	bl->ncols = ncols;
	bl->cells = cells;
	bl->nrows = 1;
	for (l = first + 2; l <= last; l++) {
		char **row;
		size_t k = split_row(b->lines[l], b->lens[l], &row);

		bl->cells = xrealloc(bl->cells, (bl->nrows + 1) * ncols *
		    sizeof *bl->cells);
		for (r = 0; r < ncols; r++)
			bl->cells[bl->nrows * ncols + r] = r < k ? row[r] :
			    xstrdup("");
		for (r = ncols; r < k; r++)
			free(row[r]);
		free(row);
		bl->nrows++;
	}
	return true;
}

static void
paragraph(struct builder *b, cmark_node *n, int depth, char *marker)
{
	cmark_node *first = cmark_node_first_child(n);
	struct hb_block *bl;
	cmark_node_type ft = first ? cmark_node_get_type(first) :
	    CMARK_NODE_NONE;

	if (marker == NULL && depth == 0 && try_table(b, n))
		return;
	bl = add_block(b, HB_PARAGRAPH, n);
	bl->level = depth;
	bl->marker = marker;
	if (ft == CMARK_NODE_STRONG || ft == CMARK_NODE_EMPH) {
		struct buf rest = {0};
		cmark_node *c;

		bl->head = node_text(first);
		bl->head_strong = ft == CMARK_NODE_STRONG;
		/* the rest: the siblings after the emphasis */
		for (c = cmark_node_next(first); c; c = cmark_node_next(c)) {
			cmark_node_type t = cmark_node_get_type(c);

			if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
				buf_adds(&rest, cmark_node_get_literal(c));
			else if (t == CMARK_NODE_SOFTBREAK)
				buf_addc(&rest, SOFTBREAK);
			else if (t == CMARK_NODE_LINEBREAK)
				buf_addc(&rest, '\n');
			else if (t != CMARK_NODE_HTML_INLINE)
				flatten(c, &rest);
		}
		bl->text = resolve_breaks(&rest);
	} else
		bl->text = node_text(n);
}

static void
walk(struct builder *b, cmark_node *parent, int depth, char *marker)
{
	cmark_node *c;

	for (c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_HEADING: {
			struct hb_block *bl;
			int level = cmark_node_get_heading_level(c);
			char *text = node_text(c);

			if (level == 1 && b->p->title == NULL &&
			    b->p->nblocks == 0) {
				b->p->title = text;
				break;
			}
			bl = add_block(b, HB_HEADING, c);
			bl->level = level;
			bl->text = text;
			break;
		}
		case CMARK_NODE_PARAGRAPH:
			paragraph(b, c, depth, marker);
			marker = NULL;
			break;
		case CMARK_NODE_CODE_BLOCK: {
			struct hb_block *bl = add_block(b, HB_PARAGRAPH, c);
			size_t l;

			bl->level = depth;
			bl->marker = marker;
			marker = NULL;
			bl->text = xstrdup(cmark_node_get_literal(c));
			l = strlen(bl->text);
			while (l > 0 && bl->text[l - 1] == '\n')
				bl->text[--l] = '\0';
			break;
		}
		case CMARK_NODE_LIST: {
			bool ordered = cmark_node_get_list_type(c) ==
			    CMARK_ORDERED_LIST;
			int k = cmark_node_get_list_start(c);
			cmark_node *it;

			if (marker != NULL) {   /* an item opening with a list */
				struct hb_block *bl = add_block(b,
				    HB_PARAGRAPH, c);

				bl->level = depth;
				bl->marker = marker;
				bl->text = xstrdup("");
				marker = NULL;
			}
			for (it = cmark_node_first_child(c); it;
			    it = cmark_node_next(it), k++)
				walk(b, it, depth + 1, ordered ?
				    xasprintf("%d.", k) : xstrdup("•"));
			break;
		}
		case CMARK_NODE_BLOCK_QUOTE:
			walk(b, c, depth + 1, NULL);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			add_block(b, HB_RULE, c);
			break;
		default:                /* HTML blocks: left out */
			break;
		}
	}
	if (marker != NULL) {           /* an empty item */
		struct hb_block *bl = add_block(b, HB_PARAGRAPH, parent);

		bl->level = depth;
		bl->marker = marker;
		bl->text = xstrdup("");
	}
}

static void
part_parse(struct hb_part *p, const char *text, size_t len)
{
	struct builder b = {0};
	cmark_node *doc;
	size_t i, start = 0;

	b.p = p;
	b.src = text;
	/* the lines, 1-based, for pipe tables */
	b.lines = xcalloc(2, sizeof *b.lines);
	b.lens = xcalloc(2, sizeof *b.lens);
	for (i = 0; i <= len; i++)
		if (i == len || text[i] == '\n') {
			b.nlines++;
			b.lines = xrealloc(b.lines, (b.nlines + 1) *
			    sizeof *b.lines);
			b.lens = xrealloc(b.lens, (b.nlines + 1) *
			    sizeof *b.lens);
			b.lines[b.nlines] = text + start;
			b.lens[b.nlines] = i - start;
			start = i + 1;
		}
	doc = cmark_parse_document(text, len, CMARK_OPT_DEFAULT);
	walk(&b, doc, 0, NULL);
	cmark_node_free(doc);
	free(b.lines);
	free(b.lens);
}

void
hb_texts_load(struct hb_texts *t, const struct model *m)
{
	size_t k;

	memset(t, 0, sizeof *t);
	for (k = 0; k < HB_NTEXTS; k++) {
		const struct handbook_text *h = &m->handbook[k];

		t->part[k].file = xstrdup(h->file ? h->file :
		    handbook_text_names[k]);
		if (h->text != NULL)
			part_parse(&t->part[k], h->text, h->len);
	}
}

void
hb_texts_free(struct hb_texts *t)
{
	size_t k, i, c;

	for (k = 0; k < HB_NTEXTS; k++) {
		struct hb_part *p = &t->part[k];

		for (i = 0; i < p->nblocks; i++) {
			struct hb_block *bl = &p->blocks[i];

			free(bl->marker);
			free(bl->head);
			free(bl->text);
			for (c = 0; c < bl->ncols * bl->nrows; c++)
				free(bl->cells[c]);
			free(bl->cells);
		}
		free(p->blocks);
		free(p->title);
		free(p->file);
	}
	memset(t, 0, sizeof *t);
}

void
hb_part_text(const struct hb_part *p, struct buf *out)
{
	size_t i, c;

	if (p->title)
		buf_adds(out, p->title);
	for (i = 0; i < p->nblocks; i++) {
		const struct hb_block *bl = &p->blocks[i];

		if (bl->marker)
			buf_adds(out, bl->marker);
		if (bl->head)
			buf_adds(out, bl->head);
		if (bl->text)
			buf_adds(out, bl->text);
		for (c = 0; c < bl->ncols * bl->nrows; c++)
			buf_adds(out, bl->cells[c]);
	}
}

/* ------------------------------------------------------------------ */
/* Setting                                                              */

static struct pdf_style
style(enum font_role role, double size, enum pdf_align align)
{
	struct pdf_style st = {0};

	st.role = role;
	st.size = size;
	st.leading = size * 1.65;
	st.align = align;
	return st;
}

static void
heading(struct pdf_doc *doc, const struct hb_block *bl,
    const struct hb_sizes *sz)
{
	double size = bl->level <= 2 ? sz->h2 : bl->level == 3 ? sz->h3 :
	    sz->body;
	struct pdf_style st = style(FONT_HEI, size, PDF_LEFT);
	double top = pdf_flow_y(doc) > pdf_area_top(doc) + 1 ?
	    size * (bl->level <= 2 ? 0.9 : 0.5) : 0;

	st.leading = size * 1.5;
	/* keep the heading with two lines of what follows */
	if (pdf_flow_need(doc, top + st.leading + sz->body * 1.65 * 2))
		top = 0;
	pdf_flow_space(doc, top);
	pdf_flow_paragraph(doc, &st, bl->text, &bl->pos);
	pdf_flow_space(doc, size * 0.2);
}

/* A paragraph, with its list marker hanging to its left and its run-in
 * head in 黑体 or 楷体. */
static void
paragraph_draw(struct pdf_doc *doc, const struct hb_block *bl,
    const struct hb_sizes *sz)
{
	struct pdf_style st = style(FONT_SONG, sz->body, PDF_JUSTIFY);
	double em = sz->body, dx = 0, hang = 0, headw = 0, base;

	if (bl->level > 0) {
		dx = em * 2 * (double)(bl->level - 1) + em * 2;
		hang = bl->marker && strcmp(bl->marker, "•") == 0 ? em * 1.2 :
		    pdf_text_width(doc, &st, "10.") + em * 0.4;
		if (bl->marker && strcmp(bl->marker, "•") != 0) {
			double w = pdf_text_width(doc, &st, bl->marker) +
			    em * 0.4;

			if (w > hang)
				hang = w;
		}
		st.indent = 0;
	} else
		st.indent = em * 2;
	if (bl->head) {
		struct pdf_style hs = st;

		hs.role = bl->head_strong ? FONT_HEI : FONT_KAI;
		headw = pdf_text_width(doc, &hs, bl->head);
		if (bl->text[0] == '\0') {      /* all of it emphasised */
			hs.indent = st.indent;
			pdf_flow_need(doc, st.leading);
			pdf_flow_paragraph_in(doc, dx + hang, 0, &hs, bl->head,
			    &bl->pos);
			return;
		}
	}
	pdf_flow_need(doc, st.leading * (bl->level > 0 ? 1 : 2));
	base = pdf_flow_y(doc) + (st.leading + 0.7 * st.size) / 2;
	if (bl->marker) {
		struct pdf_style ms = st;

		ms.align = PDF_LEFT;
		pdf_text_at(doc, pdf_area_left(doc) + dx, base, &ms,
		    bl->marker, &bl->pos);
	}
	if (bl->head) {
		struct pdf_style hs = st;

		hs.role = bl->head_strong ? FONT_HEI : FONT_KAI;
		hs.align = PDF_LEFT;
		pdf_text_at(doc, pdf_area_left(doc) + dx + hang + st.indent,
		    base, &hs, bl->head, &bl->pos);
		st.indent += headw;
	}
	pdf_flow_paragraph_in(doc, dx + hang, 0, &st, bl->text, &bl->pos);
	if (bl->level > 0)
		pdf_flow_space(doc, sz->body * 0.15);
}

void
hb_table_widths(const struct pdf_doc *doc, const char *const *cells,
    size_t nrows, size_t ncols, double size, double padding, double *out)
{
	struct pdf_style st = style(FONT_SONG, size, PDF_LEFT);
	double pad = 2 * padding + 1, avail = pdf_area_width(doc), summin = 0,
	    summax = 0, *mx = xcalloc(ncols + 1, sizeof *mx), *mn =
	    xcalloc(ncols + 1, sizeof *mn);
	size_t r, c;

	for (c = 0; c < ncols; c++) {
		for (r = 0; r < nrows; r++) {
			const char *cell = cells[r * ncols + c];
			double x, lo;

			st.role = r == 0 ? FONT_HEI : FONT_SONG;
			x = pdf_text_width(doc, &st, cell ? cell : "") + pad;
			lo = x < size * 6 + pad ? x : size * 6 + pad;
			if (r == 0 && lo > size * 2 + pad)
				lo = size * 2 + pad;  /* heads may wrap */
			if (x > mx[c])
				mx[c] = x;
			if (lo > mn[c])
				mn[c] = lo;
		}
		summin += mn[c];
		summax += mx[c];
	}
	for (c = 0; c < ncols; c++) {
		double cw;

		if (summax <= avail)
			cw = mx[c] * avail / summax;
		else if (summin >= avail || summax - summin <= 0)
			cw = mn[c] * avail / summin;
		else
			cw = mn[c] + (mx[c] - mn[c]) * (avail - summin) /
			    (summax - summin);
		out[c] = cw;
	}
	free(mx);
	free(mn);
}

static void
table_draw(struct pdf_doc *doc, const struct hb_block *bl,
    const struct hb_sizes *sz)
{
	struct pdf_table_style ts = {0};
	struct pdf_table *t;
	size_t r;

	ts.size = sz->small;
	ts.leading = sz->small * 1.4;
	ts.padding = sz->small * 0.4;
	pdf_flow_space(doc, sz->body * 0.3);
	t = pdf_table_new(doc, bl->ncols, &ts);
	{
		double *w = xcalloc(bl->ncols + 1, sizeof *w);
		size_t c;

		hb_table_widths(doc, (const char *const *)bl->cells, bl->nrows,
		    bl->ncols, sz->small, ts.padding, w);
		for (c = 0; c < bl->ncols; c++)
			pdf_table_col(t, c, w[c], 0, PDF_LEFT);
		free(w);
	}
	for (r = 0; r < bl->nrows; r++)
		pdf_table_row(t, r == 0 ? PDF_ROW_HEADER : PDF_ROW_BODY,
		    (const char *const *)&bl->cells[r * bl->ncols], bl->ncols,
		    &bl->pos);
	pdf_table_draw(t);
	pdf_table_free(t);
	pdf_flow_space(doc, sz->body * 0.5);
}

void
hb_part_draw(struct pdf_doc *doc, const struct hb_part *p,
    const struct hb_sizes *sz,
    void (*mark)(void *ctx, const char *title, unsigned page), void *ctx)
{
	size_t i;

	for (i = 0; i < p->nblocks; i++) {
		const struct hb_block *bl = &p->blocks[i];

		switch (bl->kind) {
		case HB_HEADING:
			heading(doc, bl, sz);
			if (mark != NULL && bl->level <= 2)
				mark(ctx, bl->text, pdf_page_current(doc));
			break;
		case HB_PARAGRAPH:
			paragraph_draw(doc, bl, sz);
			break;
		case HB_TABLE:
			table_draw(doc, bl, sz);
			break;
		case HB_RULE:
			pdf_flow_space(doc, sz->body * 0.5);
			pdf_flow_rule(doc, 0.5);
			pdf_flow_space(doc, sz->body * 0.5);
			break;
		}
	}
}
