/* pdf_doc.c: documents as display lists (pages of text runs, lines and
 * rectangles), text measuring and wrapping, and the flow cursor.  Saving
 * is in pdf_write.c. */
#include "pdf/pdf_doc.h"

#include <errno.h>
#include <hb-ot.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "pdf/pdf_subset.h"
#include "pdf/punct.h"
#include "pdf/textbreak.h"
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
	doc->break_y = 0;
	p->setup = doc->setup;
	p->w = doc->setup.width > 0 ? doc->setup.width : PDF_A4_WIDTH;
	p->h = doc->setup.height > 0 ? doc->setup.height : PDF_A4_HEIGHT;
	if (doc->setup.landscape) {
		double t = p->w;

		p->w = p->h;
		p->h = t;
	}
	if (doc->setup.mirror && doc->npages % 2 == 1) {
		p->setup.margin_left = doc->setup.margin_right;
		p->setup.margin_right = doc->setup.margin_left;
	}
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
	op->group = doc->group;
	return op;
}

void
pdf_group_begin(struct pdf_doc *doc)
{
	doc->group = ++doc->ngroups;
}

void
pdf_group_end(struct pdf_doc *doc)
{
	doc->group = 0;
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
uint32_t
pdf_resolve(const struct pdf_fonts *f, enum font_role role, uint32_t cp,
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

/* A per-thread cache of pdf_resolve() and the advance: each costs HarfBuzz
 * cmap searches, and layout asks about the same few hundred characters
 * again and again (every sheet is laid out several times). */
#define CACHE_SIZE 2048 /* a power of two */
struct cache_ent {
	uint64_t serial;   /* fonts->serial; 0 = empty */
	uint32_t cp, dcp;
	int32_t adv;       /* 1/1000 em */
	int16_t face;
	uint8_t role;
};
static _Thread_local struct cache_ent cache[CACHE_SIZE];

/* pdf_resolve() with the advance of the drawn character (1/1000 em). */
static uint32_t
lookup(const struct pdf_fonts *f, enum font_role role, uint32_t cp,
    int *face, int *adv)
{
	struct cache_ent *e = &cache[(cp * 8 + (uint32_t)role) &
	    (CACHE_SIZE - 1)];
	uint32_t dcp;

	if (e->serial == f->serial && e->cp == cp && e->role == role) {
		*face = e->face;
		*adv = e->adv;
		return e->dcp;
	}
	dcp = pdf_resolve(f, role, cp, face);
	*adv = *face >= 0 ? pdf_face_advance(&f->faces[*face], dcp) : 0;
	e->serial = f->serial;
	e->cp = cp;
	e->dcp = dcp;
	e->adv = *adv;
	e->face = (int16_t)*face;
	e->role = (uint8_t)role;
	return dcp;
}

/* Advance of cp in points. */
static double
cp_advance(const struct pdf_fonts *f, enum font_role role, double size,
    uint32_t cp)
{
	int face, adv;

	lookup(f, role, cp, &face, &adv);
	if (face < 0)
		return 0;
	return adv * size / 1000.0;
}

static double text_width_raw(const struct pdf_doc *doc,
    const struct pdf_style *st, const char *s, size_t len);

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

struct has_ctx {
	const struct pdf_fonts *fonts;
	enum font_role role;
};

static bool
has_cb(uint32_t cp, void *vctx)
{
	const struct has_ctx *c = vctx;
	int face = pdf_fonts_face_for(c->fonts, c->role, cp);

	/* The role's own face: a fallback's glyph would not match. */
	return face >= 0 && c->fonts->nchain[c->role] > 0 &&
	    (size_t)face == c->fonts->chain[c->role][0];
}

const char *
pdf_norm(const struct pdf_fonts *fonts, const struct pdf_style *st,
    const char *s, size_t *len, char **own)
{
	struct has_ctx hc = {fonts, st->role};
	size_t n;

	*own = NULL;
	if (st->verbatim || s == NULL)
		return s;
	if ((*own = punct_normalize(s, *len, has_cb, &hc, &n)) == NULL)
		return s;
	*len = n;
	return *own;
}

double
pdf_text_width_n(const struct pdf_doc *doc, const struct pdf_style *st,
    const char *s, size_t len)
{
	char *own;
	double w;

	s = pdf_norm(doc->fonts, st, s, &len, &own);
	w = text_width_raw(doc, st, s, len);
	free(own);
	return w;
}

/* The width of text as it is (normalised already). */
static double
text_width_raw(const struct pdf_doc *doc, const struct pdf_style *st,
    const char *s, size_t len)
{
	double size = pdf_style_size(st), w = 0;
	size_t i = 0, k, n = 0;
	uint32_t cp;
	int face, adv;

	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0) {
			i++;
			continue;
		}
		i += k;
		lookup(doc->fonts, st->role, cp, &face, &adv);
		if (face < 0)
			continue;
		w += adv * size / 1000.0;
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
	diag_msg(D_GLYPH_MISSING, pos ? pos->file : NULL, pos ? pos->line : 0,
	    0, u, (unsigned)cp);
}

/* Whether c belongs to a word of Western script or a number: digits,
 * Latin (Greek, Cyrillic) letters and the ASCII signs written inside such
 * words ("93.09", "e-mail", "50%").  No extra space goes between two of
 * them when a line is justified (clreq 3.8): a number or a word keeps its
 * natural spacing, the line's slack goes between Han characters and
 * punctuation and at the boundaries of Western runs. */
static bool
western(uint32_t c)
{
	return (c > 0x20 && c < 0x7f) || (c >= 0xc0 && c < 0x250 &&
	    c != 0xd7 && c != 0xf7) || (c >= 0x370 && c < 0x530);
}

/* Whether a justified line may take extra space between a and b. */
static bool
stretchable(uint32_t a, uint32_t b)
{
	return !(western(a) && western(b));
}

/* Adds text runs for len bytes of s with the left end of the baseline at
 * (x, y), extra character spacing cs after every character, and the extra
 * width adjust (when not 0) shared out between the characters where a
 * justified line may stretch (stretchable(); adjust < 0 squeezes them),
 * or between all of them when there is no such place; returns the width. */
static double
text_runs(struct pdf_doc *doc, double x, double y, const struct pdf_style *st,
    double cs, double adjust, const char *s, size_t len,
    const struct srcpos *pos)
{
	const struct pdf_fonts *f = doc->fonts;
	double size = pdf_style_size(st), x0 = x, runx = x, js = 0, gap = 0;
	double runcs = cs;
	size_t i = 0, k, start = doc->npool, nall = 0, nstretch = 0;
	int runface = -1, face, adv = 0;
	uint32_t cp, dcp, prev = 0;
	bool first = true, runfixed = false;

	/* The places where the line may stretch. */
	if (adjust != 0) {
		while (i < len) {
			if ((k = utf8_decode(s + i, len - i, &cp)) == 0) {
				i++;
				continue;
			}
			i += k;
			lookup(f, st->role, cp, &face, &adv);
			if (face < 0)
				continue;
			if (!first) {
				nall++;
				nstretch += stretchable(prev, cp);
			}
			first = false;
			prev = cp;
		}
		/* A word or number of a justified line keeps its natural
		 * spacing, without the style's Tc either (the notice's grid):
		 * that goes to the other places too. */
		if (nstretch > 0)
			js = (adjust + cs * (double)(nall - nstretch)) /
			    (double)nstretch;
		else if (nall > 0)
			js = adjust / (double)nall;
		i = 0;
		first = true;
	}
	while (i <= len) {
		face = -2;
		dcp = 0;
		if (i < len) {
			if ((k = utf8_decode(s + i, len - i, &cp)) == 0) {
				i++;
				continue;
			}
			i += k;
			dcp = lookup(f, st->role, cp, &face, &adv);
			if (face < 0)
				continue;
			if (dcp != cp && cp != '\t')
				warn_missing(doc, cp, pos);
			/* The space between the previous character and this. */
			gap = cs;
			if (nstretch == 0 || stretchable(prev, cp))
				gap += js;
			else
				gap = 0;
			if (!first)
				x += gap;
		} else {
			i++;
		}
		/* A run shows its characters with one Tc: a character after
		 * a gap of another width starts a new run. */
		if ((face != runface || (runfixed && gap != runcs)) &&
		    doc->npool > start) {
			struct pdf_op *op = op_add(doc, PDF_OP_TEXT);

			op->face = (uint16_t)runface;
			op->x = runx;
			op->y = y;
			op->size = size;
			op->cs = runfixed ? runcs : cs;
			op->color = st->color;
			op->off = start;
			op->n = doc->npool - start;
			start = doc->npool;
			runx = x;
			runfixed = false;
		} else if (doc->npool > start && !runfixed) {
			runcs = gap;
			runfixed = true;
		}
		if (face < 0)
			continue;
		if (doc->npool == start)
			runx = x;
		runface = face;
		xgrow(&doc->pool, &doc->cappool, doc->npool + 1,
		    sizeof *doc->pool);
		doc->pool[doc->npool++] = dcp;
		if (doc->used[face] == NULL)
			doc->used[face] = hb_set_create();
		hb_set_add(doc->used[face], dcp);
		x += adv * size / 1000.0;
		first = false;
		prev = cp;
	}
	return x - x0;
}

double
pdf_text_at_n(struct pdf_doc *doc, double x, double y,
    const struct pdf_style *st, const char *utf8, size_t len,
    const struct srcpos *pos)
{
	char *own;
	double w;

	utf8 = pdf_norm(doc->fonts, st, utf8, &len, &own);
	if (st->align == PDF_CENTER || st->align == PDF_RIGHT) {
		w = text_width_raw(doc, st, utf8, len);
		x -= st->align == PDF_CENTER ? w / 2 : w;
	}
	w = text_runs(doc, x, y, st, st->char_space, 0, utf8, len, pos);
	free(own);
	return w;
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
	/* Ragged text breaks at word boundaries; no paragraph ends with a
	 * line of one or two characters where a better break exists. */
	struct tb_opts opts = {.prefer_words = st->align != PDF_JUSTIFY,
	    .no_short_last = true, .balance = st->balance};

	if (width < 1)
		width = 1;
	for (;;) {
		/* One paragraph: up to a newline. */
		for (end = seg; end < len && s[end] != '\n' && s[end] != '\r';
		    end++)
			;
		k = textbreak_opt(s + seg, end - seg, width + st->char_space,
		    st->indent, measure_cb, &mc, &opts, &tl);
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
pdf_text_widths(const struct pdf_doc *doc, const struct pdf_style *st,
    const char *s, double *min_w, double *max_w)
{
	struct measure_ctx mc = {doc->fonts, st->role, pdf_style_size(st),
	    st->char_space};

	textbreak_widths(s, strlen(s), measure_cb, &mc, min_w, max_w);
}

void
pdf_line_draw(struct pdf_doc *doc, double x, double baseline, double width,
    const struct pdf_style *st, const char *s, const struct pdf_line *ln,
    const struct srcpos *pos)
{
	double indent = ln->first ? st->indent : 0, adjust = 0;
	double room = width - indent;

	x += indent;
	/* A line the breaker squeezed (closing punctuation pulled up) is a
	 * little wider than the room: tighten it so that it ends at the
	 * margin, whatever the alignment. */
	if (ln->width > room) {
		adjust = room - ln->width;
		room = ln->width; /* nothing to centre or push right */
	}
	switch (st->align) {
	case PDF_CENTER:
		x += (room - ln->width) / 2;
		break;
	case PDF_RIGHT:
		x += room - ln->width;
		break;
	case PDF_JUSTIFY:
		if (!ln->last && room > ln->width)
			adjust = room - ln->width;
		break;
	default:
		break;
	}
	text_runs(doc, x, baseline, st, st->char_space, adjust,
	    s + ln->start, ln->end - ln->start, pos);
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
	size_t len = strlen(utf8), n;
	char *own;

	utf8 = pdf_norm(doc->fonts, st, utf8, &len, &own);
	n = pdf_lines(doc, width, st, utf8, &lines);
	free(lines);
	free(own);
	return (double)n * pdf_style_leading(st);
}

double
pdf_paragraph_at(struct pdf_doc *doc, double x, double y_top, double width,
    const struct pdf_style *st, const char *utf8, const struct srcpos *pos)
{
	struct pdf_line *lines;
	double lead = pdf_style_leading(st);
	size_t len = strlen(utf8), n, i;
	char *own;

	utf8 = pdf_norm(doc->fonts, st, utf8, &len, &own);
	n = pdf_lines(doc, width, st, utf8, &lines);
	for (i = 0; i < n; i++)
		pdf_line_draw(doc, x, pdf_baseline(st, y_top + lead *
		    (double)i, lead), width, st, utf8, &lines[i], pos);
	free(lines);
	free(own);
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
pdf_flow_break_at(struct pdf_doc *doc, double y)
{
	doc->break_y = y;
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
	size_t n, i, len = strlen(utf8);
	char *own;

	if (width <= 0)
		width = pdf_area_width(doc) - dx;
	utf8 = pdf_norm(doc->fonts, st, utf8, &len, &own);
	n = pdf_lines(doc, width, st, utf8, &lines);
	grid_snap(doc);
	y0 = doc->y;
	for (i = 0; i < n; i++) {
		double bottom = pdf_area_bottom(doc);

		if (doc->break_y > 0 && doc->break_y < bottom)
			bottom = doc->break_y;
		if (doc->y + lead > bottom + 0.01 &&
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
	free(own);
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
