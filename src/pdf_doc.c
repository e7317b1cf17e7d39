/* pdf_doc.c: documents as display lists (pages of text runs, lines and
 * rectangles), text measuring and wrapping, the flow cursor, and saving
 * through libharu with its 2.3.0 defects repaired. */
#include "pdf_doc.h"

#include <errno.h>
#include <hb-ot.h>
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "pdf_subset.h"
#include "textbreak.h"
#include "util.h"

#define DEFAULT_SIZE 10.5
#define DEFAULT_MARGIN PDF_MM(25)
#define REPLACEMENT 0x25A1 /* WHITE SQUARE, drawn for missing characters */
#define MERGE_BACK 96 /* operations searched for a line to continue */

/* ------------------------------------------------------------------ */
/* Documents and pages                                                  */

static void
setup_fill(struct pdf_page_setup *s)
{
	if (s->margin_top <= 0 && s->margin_bottom <= 0 &&
	    s->margin_left <= 0 && s->margin_right <= 0)
		s->margin_top = s->margin_bottom = s->margin_left =
		    s->margin_right = DEFAULT_MARGIN;
}

static void
page_add(struct pdf_doc *doc)
{
	struct pdf_page *p;

	xgrow(&doc->pages, &doc->cappages, doc->npages + 1,
	    sizeof *doc->pages);
	p = &doc->pages[doc->npages];
	memset(p, 0, sizeof *p);
	p->setup = doc->setup;
	p->w = doc->setup.landscape ? PDF_A4_HEIGHT : PDF_A4_WIDTH;
	p->h = doc->setup.landscape ? PDF_A4_WIDTH : PDF_A4_HEIGHT;
	doc->cur = doc->npages++;
	doc->y = p->setup.margin_top;
}

struct pdf_doc *
pdf_doc_new(const struct pdf_fonts *fonts, const struct pdf_page_setup *setup)
{
	struct pdf_doc *doc = xcalloc(1, sizeof *doc);

	doc->fonts = fonts;
	if (setup != NULL)
		doc->setup = *setup;
	setup_fill(&doc->setup);
	doc->used = xcalloc(fonts->nfaces, sizeof *doc->used);
	doc->warned = hb_set_create();
	page_add(doc);
	return doc;
}

void
pdf_doc_free(struct pdf_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->npages; i++)
		free(doc->pages[i].ops);
	free(doc->pages);
	for (i = 0; i < doc->fonts->nfaces; i++)
		hb_set_destroy(doc->used[i]);
	free(doc->used);
	hb_set_destroy(doc->warned);
	free(doc->pool);
	for (i = 0; i < ARRAY_LEN(doc->info); i++)
		free(doc->info[i]);
	free(doc);
}

void
pdf_doc_set_info(struct pdf_doc *doc, const struct pdf_info *info)
{
	const char *v[4] = {info->title, info->author, info->subject,
	    info->keywords};
	size_t i;

	for (i = 0; i < 4; i++) {
		free(doc->info[i]);
		doc->info[i] = v[i] ? xstrdup(v[i]) : NULL;
	}
}

void
pdf_doc_set_furniture(struct pdf_doc *doc, pdf_page_fn fn, void *ctx)
{
	doc->furniture = fn;
	doc->furniture_ctx = ctx;
}

void
pdf_doc_set_setup(struct pdf_doc *doc, const struct pdf_page_setup *s)
{
	doc->setup = *s;
	setup_fill(&doc->setup);
}

void
pdf_page_new(struct pdf_doc *doc)
{
	page_add(doc);
}

unsigned
pdf_page_count(const struct pdf_doc *doc)
{
	return (unsigned)doc->npages;
}

unsigned
pdf_page_current(const struct pdf_doc *doc)
{
	return (unsigned)doc->cur + 1;
}

void
pdf_page_select(struct pdf_doc *doc, unsigned page)
{
	if (page >= 1 && page <= doc->npages)
		doc->cur = page - 1;
}

static const struct pdf_page *
curpage(const struct pdf_doc *doc)
{
	return &doc->pages[doc->cur];
}

double
pdf_page_width(const struct pdf_doc *doc)
{
	return curpage(doc)->w;
}

double
pdf_page_height(const struct pdf_doc *doc)
{
	return curpage(doc)->h;
}

double
pdf_area_left(const struct pdf_doc *doc)
{
	return curpage(doc)->setup.margin_left;
}

double
pdf_area_right(const struct pdf_doc *doc)
{
	return curpage(doc)->w - curpage(doc)->setup.margin_right;
}

double
pdf_area_top(const struct pdf_doc *doc)
{
	return curpage(doc)->setup.margin_top;
}

double
pdf_area_bottom(const struct pdf_doc *doc)
{
	return curpage(doc)->h - curpage(doc)->setup.margin_bottom;
}

double
pdf_area_width(const struct pdf_doc *doc)
{
	return pdf_area_right(doc) - pdf_area_left(doc);
}

static struct pdf_op *
op_add(struct pdf_doc *doc, enum pdf_op_kind kind)
{
	struct pdf_page *p = &doc->pages[doc->cur];
	struct pdf_op *op;

	xgrow(&p->ops, &p->capops, p->nops + 1, sizeof *p->ops);
	op = &p->ops[p->nops++];
	memset(op, 0, sizeof *op);
	op->kind = (uint8_t)kind;
	return op;
}

/* ------------------------------------------------------------------ */
/* Text                                                                 */

double
pdf_style_size(const struct pdf_style *st)
{
	return st->size > 0 ? st->size : DEFAULT_SIZE;
}

double
pdf_style_leading(const struct pdf_style *st)
{
	return st->leading > 0 ? st->leading : 1.5 * pdf_style_size(st);
}

/* The face that draws cp in role, and the character actually drawn (the
 * replacement box when no font has cp).  *face is -1 for a character that
 * is not drawn at all (controls). */
static uint32_t
resolve(const struct pdf_fonts *f, enum font_role role, uint32_t cp,
    int *face)
{
	if (cp == '\t')
		cp = ' ';
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfeff ||
	    cp == 0x200b) {
		*face = -1;
		return cp;
	}
	if ((*face = pdf_fonts_face_for(f, role, cp)) >= 0)
		return cp;
	if ((*face = pdf_fonts_face_for(f, role, REPLACEMENT)) >= 0)
		return REPLACEMENT;
	*face = pdf_fonts_face_for(f, role, '?');
	return '?';
}

/* Advance of cp in points. */
static double
cp_advance(const struct pdf_fonts *f, enum font_role role, double size,
    uint32_t cp)
{
	int face;

	cp = resolve(f, role, cp, &face);
	if (face < 0)
		return 0;
	return pdf_face_advance(&f->faces[face], cp) * size / 1000.0;
}

struct measure_ctx {
	const struct pdf_fonts *fonts;
	enum font_role role;
	double size, cs;
};

static double
measure_cb(uint32_t cp, void *vctx)
{
	struct measure_ctx *c = vctx;

	if (cp == '\n' || cp == '\r')
		return 0;
	return cp_advance(c->fonts, c->role, c->size, cp) + c->cs;
}

double
pdf_text_width_n(const struct pdf_doc *doc, const struct pdf_style *st,
    const char *s, size_t len)
{
	double size = pdf_style_size(st), w = 0;
	size_t i = 0, k, n = 0;
	uint32_t cp;
	int face;

	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0) {
			i++;
			continue;
		}
		i += k;
		cp = resolve(doc->fonts, st->role, cp, &face);
		if (face < 0)
			continue;
		w += pdf_face_advance(&doc->fonts->faces[face], cp) * size /
		    1000.0;
		n++;
	}
	if (n > 1)
		w += st->char_space * (double)(n - 1);
	return w;
}

double
pdf_text_width(const struct pdf_doc *doc, const struct pdf_style *st,
    const char *utf8)
{
	return pdf_text_width_n(doc, st, utf8, strlen(utf8));
}

static void
warn_missing(struct pdf_doc *doc, uint32_t cp, const struct srcpos *pos)
{
	char u[8];
	size_t n;

	if (hb_set_has(doc->warned, cp))
		return;
	hb_set_add(doc->warned, cp);
	n = utf8_encode(cp, u);
	u[n] = '\0';
	diag(DIAG_WARNING, pos ? pos->file : NULL, pos ? pos->line : 0, 0,
	    "character '%s' (U+%04X) is in no configured font; it is printed "
	    "as a box (install a font that has it and name it in [fonts] "
	    "fallback of kaohe.ini)", u, (unsigned)cp);
}

/* Adds text runs for len bytes of s with the left end of the baseline at
 * (x, y) and extra character spacing cs; returns the width. */
static double
text_runs(struct pdf_doc *doc, double x, double y, const struct pdf_style *st,
    double cs, const char *s, size_t len, const struct srcpos *pos)
{
	const struct pdf_fonts *f = doc->fonts;
	double size = pdf_style_size(st), x0 = x, runx = x;
	size_t i = 0, k, start = doc->npool;
	int runface = -1, face;
	uint32_t cp, dcp;

	while (i <= len) {
		face = -2;
		dcp = 0;
		if (i < len) {
			if ((k = utf8_decode(s + i, len - i, &cp)) == 0) {
				i++;
				continue;
			}
			i += k;
			dcp = resolve(f, st->role, cp, &face);
			if (face < 0)
				continue;
			if (dcp != cp && cp != '\t')
				warn_missing(doc, cp, pos);
		} else {
			i++;
		}
		if (face != runface && doc->npool > start) {
			struct pdf_op *op = op_add(doc, PDF_OP_TEXT);

			op->face = (uint16_t)runface;
			op->x = runx;
			op->y = y;
			op->size = size;
			op->cs = cs;
			op->color = st->color;
			op->off = start;
			op->n = doc->npool - start;
			start = doc->npool;
			runx = x;
		}
		if (face < 0)
			continue;
		runface = face;
		xgrow(&doc->pool, &doc->cappool, doc->npool + 1,
		    sizeof *doc->pool);
		doc->pool[doc->npool++] = dcp;
		if (doc->used[face] == NULL)
			doc->used[face] = hb_set_create();
		hb_set_add(doc->used[face], dcp);
		x += pdf_face_advance(&f->faces[face], dcp) * size / 1000.0 +
		    cs;
	}
	return x - x0 - (x > x0 ? cs : 0);
}

double
pdf_text_at_n(struct pdf_doc *doc, double x, double y,
    const struct pdf_style *st, const char *utf8, size_t len,
    const struct srcpos *pos)
{
	double w;

	if (st->align == PDF_CENTER || st->align == PDF_RIGHT) {
		w = pdf_text_width_n(doc, st, utf8, len);
		x -= st->align == PDF_CENTER ? w / 2 : w;
	}
	return text_runs(doc, x, y, st, st->char_space, utf8, len, pos);
}

double
pdf_text_at(struct pdf_doc *doc, double x, double y,
    const struct pdf_style *st, const char *utf8, const struct srcpos *pos)
{
	return pdf_text_at_n(doc, x, y, st, utf8, strlen(utf8), pos);
}

size_t
pdf_lines(const struct pdf_doc *doc, double width, const struct pdf_style *st,
    const char *s, struct pdf_line **out)
{
	struct measure_ctx mc = {doc->fonts, st->role, pdf_style_size(st),
	    st->char_space};
	struct pdf_line *lines = NULL;
	size_t n = 0, cap = 0, seg = 0, len = strlen(s), end, i, k;
	struct tb_line *tl;

	if (width < 1)
		width = 1;
	for (;;) {
		/* One paragraph: up to a newline. */
		for (end = seg; end < len && s[end] != '\n' && s[end] != '\r';
		    end++)
			;
		k = textbreak(s + seg, end - seg, width + st->char_space,
		    st->indent, measure_cb, &mc, &tl);
		xgrow(&lines, &cap, n + k, sizeof *lines);
		for (i = 0; i < k; i++) {
			lines[n].start = seg + tl[i].start;
			lines[n].end = seg + tl[i].end;
			lines[n].width = tl[i].width - (tl[i].end >
			    tl[i].start ? st->char_space : 0);
			lines[n].first = i == 0;
			lines[n].last = i + 1 == k;
			n++;
		}
		free(tl);
		if (end >= len)
			break;
		seg = end + (s[end] == '\r' && end + 1 < len &&
		    s[end + 1] == '\n' ? 2 : 1);
		if (seg >= len)
			break;
	}
	*out = lines;
	return n;
}

void
pdf_line_draw(struct pdf_doc *doc, double x, double baseline, double width,
    const struct pdf_style *st, const char *s, const struct pdf_line *ln,
    const struct srcpos *pos)
{
	double indent = ln->first ? st->indent : 0, cs = st->char_space;
	double room = width - indent;
	size_t nchars;

	x += indent;
	/* A line the breaker squeezed (closing punctuation pulled up) is a
	 * little wider than the room: tighten its character spacing so that it
	 * ends at the margin, whatever the alignment. */
	if (ln->width > room) {
		nchars = pdf_chars_n(s + ln->start, ln->end - ln->start);
		if (nchars > 1) {
			cs -= (ln->width - room) / (double)(nchars - 1);
			room = ln->width; /* nothing to centre or push right */
		}
	}
	switch (st->align) {
	case PDF_CENTER:
		x += (room - ln->width) / 2;
		break;
	case PDF_RIGHT:
		x += room - ln->width;
		break;
	case PDF_JUSTIFY:
		nchars = pdf_chars_n(s + ln->start, ln->end - ln->start);
		if (!ln->last && nchars > 1 && room > ln->width)
			cs += (room - ln->width) / (double)(nchars - 1);
		break;
	default:
		break;
	}
	text_runs(doc, x, baseline, st, cs, s + ln->start,
	    ln->end - ln->start, pos);
}

size_t
pdf_chars_n(const char *s, size_t len)
{
	size_t i = 0, n = 0, k;
	uint32_t cp;

	while (i < len) {
		k = utf8_decode(s + i, len - i, &cp);
		i += k ? k : 1;
		n++;
	}
	return n;
}

double
pdf_baseline(const struct pdf_style *st, double top, double leading)
{
	return top + (leading + 0.7 * pdf_style_size(st)) / 2;
}

double
pdf_paragraph_height(const struct pdf_doc *doc, double width,
    const struct pdf_style *st, const char *utf8)
{
	struct pdf_line *lines;
	size_t n = pdf_lines(doc, width, st, utf8, &lines);

	free(lines);
	return (double)n * pdf_style_leading(st);
}

double
pdf_paragraph_at(struct pdf_doc *doc, double x, double y_top, double width,
    const struct pdf_style *st, const char *utf8, const struct srcpos *pos)
{
	struct pdf_line *lines;
	double lead = pdf_style_leading(st);
	size_t n = pdf_lines(doc, width, st, utf8, &lines), i;

	for (i = 0; i < n; i++)
		pdf_line_draw(doc, x, pdf_baseline(st, y_top + lead *
		    (double)i, lead), width, st, utf8, &lines[i], pos);
	free(lines);
	return (double)n * lead;
}

void
pdf_line_dash(struct pdf_doc *doc, double x1, double y1, double x2,
    double y2, double thickness, uint32_t color, bool dash)
{
	struct pdf_page *p = &doc->pages[doc->cur];
	struct pdf_op *op;
	size_t i, stop = p->nops > MERGE_BACK ? p->nops - MERGE_BACK : 0;

	/* A solid vertical or horizontal line that continues one drawn a
	 * little earlier (table rules, row after row) replaces it: the two
	 * become one line, drawn here, above what came in between. */
	for (i = p->nops; !dash && i > stop; i--) {
		op = &p->ops[i - 1];
		if (op->kind != PDF_OP_LINE || op->dash ||
		    op->size != thickness || op->color != color)
			continue;
		if (x1 == x2 && op->x == x1 && op->x2 == x1 &&
		    fabs(op->y2 - y1) < 0.01 && op->y < y1 && y2 > y1) {
			y1 = op->y;
			op->kind = PDF_OP_NONE;
			break;
		}
		if (y1 == y2 && op->y == y1 && op->y2 == y1 &&
		    fabs(op->x2 - x1) < 0.01 && op->x < x1 && x2 > x1) {
			x1 = op->x;
			op->kind = PDF_OP_NONE;
			break;
		}
	}
	op = op_add(doc, PDF_OP_LINE);
	op->x = x1;
	op->y = y1;
	op->x2 = x2;
	op->y2 = y2;
	op->size = thickness;
	op->color = color;
	op->dash = dash;
}

void
pdf_line(struct pdf_doc *doc, double x1, double y1, double x2, double y2,
    double thickness, uint32_t color)
{
	pdf_line_dash(doc, x1, y1, x2, y2, thickness, color, false);
}

void
pdf_rect(struct pdf_doc *doc, double x, double y, double w, double h,
    int32_t fill, double stroke)
{
	struct pdf_op *op;

	if (fill < 0 && stroke <= 0)
		return;
	op = op_add(doc, PDF_OP_RECT);
	op->x = x;
	op->y = y;
	op->x2 = w;
	op->y2 = h;
	op->fill = fill;
	op->size = stroke;
}

/* ------------------------------------------------------------------ */
/* The flow                                                             */

double
pdf_flow_y(const struct pdf_doc *doc)
{
	return doc->y;
}

void
pdf_flow_set_y(struct pdf_doc *doc, double y)
{
	doc->y = y;
}

double
pdf_flow_left(const struct pdf_doc *doc)
{
	return pdf_area_bottom(doc) - doc->y;
}

bool
pdf_flow_need(struct pdf_doc *doc, double height)
{
	if (doc->y + height <= pdf_area_bottom(doc) + 0.01 ||
	    doc->y <= pdf_area_top(doc) + 0.01)
		return false;
	page_add(doc);
	return true;
}

void
pdf_flow_space(struct pdf_doc *doc, double height)
{
	doc->y += height;
	if (doc->y > pdf_area_bottom(doc))
		doc->y = pdf_area_bottom(doc);
}

void
pdf_flow_grid(struct pdf_doc *doc, double pitch)
{
	doc->grid = pitch > 0 ? pitch : 0;
}

/* Moves the cursor to the next grid line, if there is a grid. */
static void
grid_snap(struct pdf_doc *doc)
{
	double top = pdf_area_top(doc), k;

	if (doc->grid <= 0)
		return;
	k = ceil((doc->y - top) / doc->grid - 0.001);
	doc->y = top + (k < 0 ? 0 : k) * doc->grid;
}

double
pdf_flow_paragraph_in(struct pdf_doc *doc, double dx, double width,
    const struct pdf_style *st, const char *utf8, const struct srcpos *pos)
{
	struct pdf_line *lines;
	double lead = doc->grid > 0 ? doc->grid : pdf_style_leading(st);
	double x = pdf_area_left(doc) + dx, y0;
	size_t n, i;

	if (width <= 0)
		width = pdf_area_width(doc) - dx;
	n = pdf_lines(doc, width, st, utf8, &lines);
	grid_snap(doc);
	y0 = doc->y;
	for (i = 0; i < n; i++) {
		if (doc->y + lead > pdf_area_bottom(doc) + 0.01 &&
		    doc->y > pdf_area_top(doc) + 0.01) {
			page_add(doc);
			x = pdf_area_left(doc) + dx;
			y0 = doc->y;
		}
		pdf_line_draw(doc, x, pdf_baseline(st, doc->y, lead), width,
		    st, utf8, &lines[i], pos);
		doc->y += lead;
	}
	free(lines);
	return doc->y - y0;
}

double
pdf_flow_paragraph(struct pdf_doc *doc, const struct pdf_style *st,
    const char *utf8, const struct srcpos *pos)
{
	return pdf_flow_paragraph_in(doc, 0, 0, st, utf8, pos);
}

void
pdf_flow_rule(struct pdf_doc *doc, double thickness)
{
	pdf_line(doc, pdf_area_left(doc), doc->y + thickness / 2,
	    pdf_area_right(doc), doc->y + thickness / 2, thickness, 0);
	doc->y += thickness;
}

/* ------------------------------------------------------------------ */
/* Saving                                                               */

struct haru_err {
	HPDF_STATUS code, detail;
};

static void
haru_handler(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct haru_err *e = data;

	if (e->code == 0) {
		e->code = code;
		e->detail = detail;
	}
}

/* The time of the document: SOURCE_DATE_EPOCH when set, else now. */
static HPDF_Date
doc_date(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	HPDF_Date d;
	struct tm tm;
	char *end;

	if (sde != NULL && *sde != '\0') {
		long long v = strtoll(sde, &end, 10);

		if (*end == '\0' && v >= 0)
			t = (time_t)v;
	}
	gmtime_r(&t, &tm);
	memset(&d, 0, sizeof d);
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = 'Z';
	return d;
}

/* Appends v with at most two decimals, no trailing zeros. */
static void
put_num(struct buf *b, double v)
{
	long c = lround(v * 100);
	char tmp[32];
	int n;

	if (c < 0) {
		buf_addc(b, '-');
		c = -c;
	}
	n = snprintf(tmp, sizeof tmp, "%ld", c / 100);
	buf_add(b, tmp, (size_t)n);
	c %= 100;
	if (c != 0) {
		buf_addc(b, '.');
		buf_addc(b, (char)('0' + c / 10));
		if (c % 10 != 0)
			buf_addc(b, (char)('0' + c % 10));
	}
}

/* Appends "v " for each of the n coordinates, to 0.1 point (0.035 mm:
 * below what a printer shows, and a tenth the digits of libharu's). */
static void
put_nums(struct buf *b, const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		put_num(b, round(v[i] * 10) / 10);
		buf_addc(b, ' ');
	}
}

/* Appends a colour operator (op "rg" or "RG", or "g"/"G" for greys). */
static void
put_color(struct buf *b, uint32_t c, bool stroke)
{
	double r = (c >> 16 & 0xff) / 255.0, g = (c >> 8 & 0xff) / 255.0,
	    bl = (c & 0xff) / 255.0;
	double rgb[3] = {r, g, bl};

	/* Three decimals: 0.01 steps would shift greys visibly. */
	if ((c >> 16 & 0xff) == (c & 0xff) && (c >> 8 & 0xff) == (c & 0xff)) {
		buf_printf(b, "%.3g %s\n", r, stroke ? "G" : "g");
		return;
	}
	buf_printf(b, "%.3g %.3g %.3g %s\n", rgb[0], rgb[1], rgb[2],
	    stroke ? "RG" : "rg");
}

/* Appends the 2-byte codes of a text run as a literal string. */
static void
put_codes(struct buf *b, const struct pdf_doc *doc, const struct pdf_op *op,
    const struct pdf_subset *sub)
{
	size_t k;

	buf_addc(b, '(');
	for (k = 0; k < op->n; k++) {
		uint16_t code = pdf_subset_code(sub, doc->pool[op->off + k]);
		unsigned char by[2] = {(unsigned char)(code >> 8),
		    (unsigned char)(code & 0xff)};
		int j;

		for (j = 0; j < 2; j++) {
			switch (by[j]) {
			case '(': case ')': case '\\':
				buf_addc(b, '\\');
				buf_addc(b, (char)by[j]);
				break;
			case '\r':
				buf_adds(b, "\\r");
				break;
			case '\n':
				buf_adds(b, "\\n");
				break;
			default:
				buf_addc(b, (char)by[j]);
			}
		}
	}
	buf_adds(b, ")Tj\n");
}

/* Writes one page's display list as a content stream into the page. */
static void
page_draw(const struct pdf_doc *doc, const struct pdf_page *p, HPDF_Page page,
    HPDF_Font *fonts, const struct pdf_subset *subs)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	const struct pdf_op *op;
	struct buf s = {0};
	double h = p->h, width = 1, cs = 0, size = 0, tx = 0, ty = 0;
	uint32_t fill = 0, stroke = 0;
	bool dash = false, intext = false;
	size_t i;
	int face = -1;

	HPDF_Page_SetWidth(page, (float)p->w);
	HPDF_Page_SetHeight(page, (float)h);
	for (i = 0; i < p->nops; i++) {
		op = &p->ops[i];
		if (op->kind == PDF_OP_NONE)
			continue;
		if (op->kind != PDF_OP_TEXT && intext) {
			buf_adds(&s, "ET\n");
			intext = false;
		}
		switch (op->kind) {
		case PDF_OP_NONE:
			break;
		case PDF_OP_TEXT:
			if (!intext) {
				buf_adds(&s, "BT\n");
				intext = true;
				tx = ty = 0;
			}
			if (op->face != face || op->size != size) {
				face = op->face;
				size = op->size;
				buf_printf(&s, "/%s ",
				    HPDF_Page_GetLocalFontName(page,
				    fonts[face]));
				put_num(&s, size);
				buf_adds(&s, " Tf\n");
			}
			if (op->cs != cs) {
				cs = op->cs;
				put_num(&s, cs);
				buf_adds(&s, " Tc\n");
			}
			if (op->color != fill) {
				fill = op->color;
				put_color(&s, fill, false);
			}
			{
				double x = round(op->x * 10) / 10;
				double y = round((h - op->y) * 10) / 10;
				double d[2] = {x - tx, y - ty};

				put_nums(&s, d, 2);
				buf_adds(&s, "Td");
				tx = x;
				ty = y;
			}
			put_codes(&s, doc, op, &subs[face]);
			break;
		case PDF_OP_LINE:
			if (op->size != width) {
				width = op->size;
				put_num(&s, width);
				buf_adds(&s, " w\n");
			}
			if (op->color != stroke) {
				stroke = op->color;
				put_color(&s, stroke, true);
			}
			if (op->dash != dash) {
				dash = op->dash;
				buf_adds(&s, dash ? "[4 3] 0 d\n" : "[] 0 d\n");
			}
			{
				double v[4] = {op->x, h - op->y, op->x2,
				    h - op->y2};

				const struct pdf_op *nx = i + 1 < p->nops ?
				    &p->ops[i + 1] : NULL;

				put_nums(&s, v, 2);
				buf_adds(&s, "m ");
				put_nums(&s, v + 2, 2);
				/* Lines of one look make one path. */
				if (nx != NULL && nx->kind == PDF_OP_LINE &&
				    nx->size == width && nx->color == stroke &&
				    nx->dash == dash)
					buf_adds(&s, "l\n");
				else
					buf_adds(&s, "l S\n");
			}
			break;
		case PDF_OP_RECT:
			if (op->fill >= 0 && (uint32_t)op->fill != fill) {
				fill = (uint32_t)op->fill;
				put_color(&s, fill, false);
			}
			if (op->size > 0 && op->size != width) {
				width = op->size;
				put_num(&s, width);
				buf_adds(&s, " w\n");
			}
			if (op->size > 0 && stroke != 0) {
				stroke = 0;
				put_color(&s, 0, true);
			}
			if (op->size > 0 && dash) {
				dash = false;
				buf_adds(&s, "[] 0 d\n");
			}
			{
				double v[4] = {op->x, h - (op->y + op->y2),
				    op->x2, op->y2};

				put_nums(&s, v, 4);
			}
			if (op->fill >= 0 && op->size > 0)
				buf_adds(&s, "re B\n");
			else if (op->fill >= 0)
				buf_adds(&s, "re f\n");
			else
				buf_adds(&s, "re S\n");
			break;
		}
	}
	if (intext)
		buf_adds(&s, "ET\n");
	if (s.len > 0)
		HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)s.s,
		    (HPDF_UINT)s.len);
	buf_free(&s);
}

/* Replaces libharu's invalid ToUnicode CMap of font by a correct one. */
static int
fix_tounicode(HPDF_Doc pdf, HPDF_Font font, const struct pdf_subset *sub)
{
	HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	struct buf cmap = {0};
	HPDF_STATUS st;

	if (tu == NULL) {
		tu = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
		if (tu == NULL || HPDF_Dict_Add(font, "ToUnicode", tu) !=
		    HPDF_OK)
			return -1;
	} else {
		HPDF_MemStream_FreeData(tu->stream);
	}
	pdf_subset_tounicode(sub, &cmap);
	tu->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	st = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)cmap.s,
	    (HPDF_UINT)cmap.len);
	buf_free(&cmap);
	return st == HPDF_OK ? 0 : -1;
}

/* Replaces what libharu 2.3.0 builds for all 65,536 codes by what the
 * subset's codes 1..n need: a short CIDToGIDMap, a W array of ranges with
 * the commonest width as DW. */
static int
fix_widths(HPDF_Doc pdf, HPDF_Font font, const struct pdf_subset *sub)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	HPDF_Font desc = fa->descendant_font;
	HPDF_Array w, part = NULL;
	struct buf map = {0};
	size_t i, j, best = 0, cnt;
	unsigned dw = 1000;
	HPDF_STATUS st = HPDF_OK;

	/* The commonest width. */
	for (i = 0; i < sub->n; i++) {
		for (cnt = 0, j = 0; j < sub->n && cnt * 2 <= sub->n; j++)
			cnt += sub->widths[j] == sub->widths[i];
		if (cnt > best) {
			best = cnt;
			dw = sub->widths[i];
		}
		if (best * 2 > sub->n)
			break;
	}
	w = HPDF_Array_New(pdf->mmgr);
	if (w == NULL)
		return -1;
	for (i = 0; i < sub->n; i = j) {
		for (j = i + 1; j < sub->n && sub->widths[j] == sub->widths[i];
		    j++)
			;
		if (sub->widths[i] == dw) {
			part = NULL;
			continue;
		}
		if (j - i >= 3) {
			st += HPDF_Array_AddNumber(w, (HPDF_INT32)(i + 1));
			st += HPDF_Array_AddNumber(w, (HPDF_INT32)j);
			st += HPDF_Array_AddNumber(w, sub->widths[i]);
			part = NULL;
			continue;
		}
		if (part == NULL) {
			part = HPDF_Array_New(pdf->mmgr);
			st += HPDF_Array_AddNumber(w, (HPDF_INT32)(i + 1));
			st += HPDF_Array_Add(w, part);
		}
		for (; i < j; i++)
			st += HPDF_Array_AddNumber(part, sub->widths[i]);
	}
	st += HPDF_Dict_Add(desc, "W", w);
	st += HPDF_Dict_AddNumber(desc, "DW", (HPDF_INT32)dw);
	if (fa->map_stream != NULL) {
		buf_add(&map, "\0\0", 2);
		for (i = 0; i < sub->n; i++) {
			char g[2] = {(char)(sub->gids[i] >> 8),
			    (char)(sub->gids[i] & 0xff)};

			buf_add(&map, g, 2);
		}
		HPDF_MemStream_FreeData(fa->map_stream->stream);
		st += HPDF_Stream_Write(fa->map_stream->stream,
		    (const HPDF_BYTE *)map.s, (HPDF_UINT)map.len);
		buf_free(&map);
	}
	return st == HPDF_OK ? 0 : -1;
}

/* Makes the font descriptor with the subset file as FontFile2, so that
 * libharu embeds the file as made (its own rebuild of the glyphs is where
 * defects 1 and 2 live, and it is slow). */
static int
add_descriptor(HPDF_Doc pdf, HPDF_Font font, const struct pdf_face *face,
    const struct pdf_subset *sub)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	HPDF_FontDef def = fa->fontdef;
	HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)def->attr;
	HPDF_Dict d, ff;
	hb_position_t cap = 0;
	HPDF_STATUS st = HPDF_OK;

	d = HPDF_Dict_New(pdf->mmgr);
	if (d == NULL || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
		return -1;
	ff = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (ff == NULL)
		return -1;
	ff->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	st += HPDF_Stream_Write(ff->stream, (const HPDF_BYTE *)sub->data,
	    (HPDF_UINT)sub->size);
	st += HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)sub->size);
	if (!hb_ot_metrics_get_position(face->font,
	    HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) || cap <= 0)
		cap = (hb_position_t)(def->ascent * (long)face->upem / 1000);
	st += HPDF_Dict_AddName(d, "Type", "FontDescriptor");
	st += HPDF_Dict_AddName(d, "FontName", da->base_font);
	st += HPDF_Dict_AddNumber(d, "Flags", (HPDF_INT32)def->flags);
	st += HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(pdf->mmgr,
	    def->font_bbox));
	st += HPDF_Dict_AddNumber(d, "ItalicAngle", def->italic_angle);
	st += HPDF_Dict_AddNumber(d, "Ascent", def->ascent);
	st += HPDF_Dict_AddNumber(d, "Descent", def->descent);
	st += HPDF_Dict_AddNumber(d, "CapHeight",
	    (HPDF_INT32)((long)cap * 1000 / (long)face->upem));
	st += HPDF_Dict_AddNumber(d, "StemV", def->stemv);
	st += HPDF_Dict_Add(d, "FontFile2", ff);
	def->descriptor = d;
	return st == HPDF_OK ? 0 : -1;
}

/* Loads a subset into the document from memory under its tag; returns
 * the font, or NULL (libharu's error is in its handler). */
static HPDF_Font
font_load(HPDF_Doc pdf, const struct pdf_face *face,
    const struct pdf_subset *sub)
{
	HPDF_Stream st = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)sub->size);
	HPDF_FontDef def;
	HPDF_Font font;

	if (st == NULL)
		return NULL;
	if (HPDF_Stream_Write(st, (const HPDF_BYTE *)sub->data,
	    (HPDF_UINT)sub->size) != HPDF_OK) {
		HPDF_Stream_Free(st);
		return NULL;
	}
	def = HPDF_TTFontDef_Load(pdf->mmgr, st, HPDF_TRUE);
	if (def == NULL)
		return NULL;
	if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK)
		return NULL;
	HPDF_TTFontDef_SetTagName(def, (char *)sub->tag);
	font = HPDF_GetFont(pdf, def->base_font, "UTF-8");
	if (font == NULL)
		return NULL;
	if (fix_tounicode(pdf, font, sub) != 0 ||
	    fix_widths(pdf, font, sub) != 0 ||
	    add_descriptor(pdf, font, face, sub) != 0)
		return NULL;
	return font;
}

/* A 128-bit FNV-style hash of data, as 32 hex digits, for /ID. */
static void
content_id(const char *data, size_t len, char out[33])
{
	uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
	size_t i;

	for (i = 0; i < len; i++) {
		h[0] = (h[0] ^ (unsigned char)data[i]) * 0x100000001b3ULL;
		h[1] = (h[1] ^ (unsigned char)data[i]) * 0x1000193ULL +
		    (h[0] >> 29);
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h[0],
	    (unsigned long long)h[1]);
}

/* libharu writes a /ID from the clock; make it a hash of the content so
 * that the same input gives the same bytes. */
static void
fix_id(char *data, size_t len)
{
	char id[33], *p = NULL, *q;
	size_t i;

	for (i = len >= 8 ? len - 8 : 0; i > 0; i--)
		if (memcmp(data + i, "/ID [<", 6) == 0 ||
		    memcmp(data + i, "/ID[<", 5) == 0) {
			p = data + i;
			break;
		}
	if (p == NULL)
		return;
	p = memchr(p, '<', (size_t)(data + len - p));
	q = p ? memchr(p, '>', (size_t)(data + len - p)) : NULL;
	if (q == NULL || q - p != 33 || q + 35 > data + len || q[1] != '<')
		return;
	memset(p + 1, '0', 32);
	memset(q + 2, '0', 32);
	content_id(data, len, id);
	memcpy(p + 1, id, 32);
	memcpy(q + 2, id, 32);
}

/* Calls the furniture callback for every page. */
static void
furnish(struct pdf_doc *doc)
{
	size_t i, n = doc->npages, cur = doc->cur;
	double y = doc->y;

	if (doc->furniture == NULL)
		return;
	for (i = 0; i < n; i++) {
		doc->cur = i;
		doc->furniture(doc, (unsigned)i + 1, (unsigned)n,
		    doc->furniture_ctx);
	}
	doc->cur = cur < doc->npages ? cur : doc->npages - 1;
	doc->y = y;
}

int
pdf_doc_render(struct pdf_doc *doc, char **data, size_t *len)
{
	const struct pdf_fonts *f = doc->fonts;
	struct pdf_subset *subs = xcalloc(f->nfaces, sizeof *subs);
	HPDF_Font *hfonts = xcalloc(f->nfaces, sizeof *hfonts);
	struct haru_err herr = {0, 0};
	HPDF_Doc pdf = NULL;
	HPDF_Date date;
	char *err = NULL, **names;
	size_t i, j, got;
	int rc = -1;
	static const HPDF_InfoType info_type[4] = {HPDF_INFO_TITLE,
	    HPDF_INFO_AUTHOR, HPDF_INFO_SUBJECT, HPDF_INFO_KEYWORDS};

	*data = NULL;
	*len = 0;
	names = xcalloc(f->nfaces, sizeof *names);
	if (doc->rendered) {
		err = xstrdup("the document was rendered already");
		goto out;
	}
	doc->rendered = true;
	furnish(doc);

	/* Subsets first: libharu must see only what the document uses.
	 * Names are unique per document: the face's name, with the face
	 * index appended when two faces share one. */
	for (i = 0; i < f->nfaces; i++) {
		if (doc->used[i] == NULL)
			continue;
		names[i] = xstrdup(f->faces[i].psname);
		for (j = 0; j < i; j++)
			if (names[j] != NULL && strcmp(names[j], names[i]) == 0) {
				free(names[i]);
				names[i] = xasprintf("%s-%zu",
				    f->faces[i].psname, i);
				break;
			}
		if (pdf_subset_make(&f->faces[i], doc->used[i], names[i],
		    &subs[i], &err) != 0)
			goto out;
	}

	pdf = HPDF_New(haru_handler, &herr);
	if (pdf == NULL) {
		err = xstrdup("libharu cannot start (out of memory)");
		goto out;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	for (i = 0; i < f->nfaces && herr.code == 0; i++) {
		if (doc->used[i] == NULL)
			continue;
		hfonts[i] = font_load(pdf, &f->faces[i], &subs[i]);
		if (hfonts[i] == NULL && herr.code == 0)
			herr.code = HPDF_FAILD_TO_ALLOC_MEM;
	}
	for (i = 0; i < doc->npages && herr.code == 0; i++) {
		HPDF_Page page = HPDF_AddPage(pdf);

		if (page == NULL)
			break;
		page_draw(doc, &doc->pages[i], page, hfonts, subs);
	}
	if (herr.code == 0) {
		HPDF_SetCurrentEncoder(pdf, "UTF-8");
		for (i = 0; i < 4; i++)
			if (doc->info[i] != NULL)
				HPDF_SetInfoAttr(pdf, info_type[i],
				    doc->info[i]);
		HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR,
		    "kaohe " KAOHE_VERSION);
		date = doc_date();
		HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date);
		HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date);
	}
	if (herr.code == 0 && HPDF_SaveToStream(pdf) == HPDF_OK &&
	    herr.code == 0) {
		HPDF_UINT32 size = HPDF_GetStreamSize(pdf);

		*data = xmalloc((size_t)size + 1);
		HPDF_ResetStream(pdf);
		got = 0;
		while (got < size) {
			HPDF_UINT32 n = size - (HPDF_UINT32)got;
			HPDF_STATUS st = HPDF_ReadFromStream(pdf,
			    (HPDF_BYTE *)*data + got, &n);

			got += n;
			if (st != HPDF_OK || n == 0)
				break;
		}
		if (got == size) {
			*len = got;
			fix_id(*data, *len);
			rc = 0;
		}
	}
	if (rc != 0 && err == NULL)
		err = xasprintf("the PDF library failed (error 0x%04X, "
		    "detail %u)", (unsigned)herr.code,
		    (unsigned)herr.detail);
out:
	if (pdf != NULL)
		HPDF_Free(pdf);
	for (i = 0; i < f->nfaces; i++) {
		pdf_subset_free(&subs[i]);
		free(names[i]);
	}
	free(names);
	free(subs);
	free(hfonts);
	if (rc != 0) {
		free(*data);
		*data = NULL;
		*len = 0;
		fprintf(stderr, "kaohe: error: cannot make the PDF: %s\n", err);
	}
	free(err);
	return rc;
}

int
pdf_doc_save(struct pdf_doc *doc, const char *path)
{
	char *data;
	size_t len;
	int e;

	if (pdf_doc_render(doc, &data, &len) != 0)
		return -1;
	e = file_write_atomic(path, data, len);
	free(data);
	if (e != 0) {
		fprintf(stderr, "kaohe: error: %s: cannot write: %s\n", path,
		    strerror(e));
		return -1;
	}
	return 0;
}
