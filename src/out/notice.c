/* pdf_notice.c: the commendation decision (表彰决定) and its attachment, the
 * list of commended branches and workers, laid out to GB/T 9704-2012. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pdf/pdf.h"
#include "out/out.h"
#include "pdf/textbreak.h"

/* GB/T 9704-2012 geometry: A4, a type area of 156 × 225 mm whose top-left
 * corner is 37 mm from the top and 28 mm from the left (so 26 mm right and
 * 35 mm bottom margins), holding 22 lines of 28 characters of 3号. */
#define AREA_WIDTH PDF_MM(156)              /* points */
#define LINES_PER_PAGE 22
#define CHARS_PER_LINE 28
#define LINE_PITCH (PDF_MM(225) / LINES_PER_PAGE) /* points, ≈ 28.99 */
#define FOLIO_GAP PDF_MM(7)   /* type area's bottom edge to the page number */
#define FOLIO_DASH_HEIGHT 0.33 /* the em dash's height above the baseline, em */
#define TITLE_MAX_LINES 6

static const struct pdf_page_setup gbt9704_setup = {
	.margin_top = PDF_MM(37),
	.margin_bottom = PDF_MM(35),
	.margin_left = PDF_MM(28),
	.margin_right = PDF_MM(26),
};

/* Conjunctions before which a title line is best broken (GB/T 9704 7.3.1:
 * a title's lines keep words whole). */
static const uint32_t title_break_before[] = {
	0x548C, /* 和 */
	0x4E0E, /* 与 */
	0x53CA, /* 及 */
	0x66A8, /* 暨 */
};

struct notice {
	const struct model *m;
	struct pdf_doc *doc;
	double pitch;            /* body character pitch, points (16 + Tc) */
	struct pdf_style body;   /* 3号仿宋, justified, 2-character indent */
	struct pdf_style flush;  /* 3号仿宋, left, no indent */
	struct pdf_style item;   /* 3号仿宋, left, 2-character indent */
	struct pdf_style hei;    /* "一、" headings: 3号黑体, 2-character indent */
	struct pdf_style kai;    /* "（一）" headings: 3号楷体, 2-character indent */
	struct pdf_style label;  /* "附件" on the attachment: 3号黑体, flush */
	struct pdf_style title;  /* 2号小标宋, centred */
	struct pdf_style folio;  /* page number: 4号宋体 */
};

/* ------------------------------------------------------------------ */
/* The wording                                                          */

/* Replaces the placeholders of one line; unknown {names} stay as they are.
 * Returns a new string. */
static char *
wording_fill(const char *line, const char *const vals[5])
{
	static const char *const keys[5] = {"{organization}", "{year}",
	    "{advanced_count}", "{worker_count}", "{date}"};
	struct buf b = {0};
	size_t k;

	while (*line) {
		for (k = 0; k < 5; k++)
			if (strncmp(line, keys[k], strlen(keys[k])) == 0)
				break;
		if (k < 5) {
			buf_adds(&b, vals[k]);
			line += strlen(keys[k]);
		} else {
			buf_addc(&b, *line++);
		}
	}
	return buf_take(&b);
}

/* The lines of the wording (ingest read them) with the placeholders
 * filled.  Returns the number of lines; *out (caller frees each and the
 * array). */
static size_t
wording_lines(const struct model *m, const char *const vals[5], char ***out)
{
	char **v = xcalloc(m->nwording + 1, sizeof *v);
	size_t i;

	for (i = 0; i < m->nwording; i++)
		v[i] = wording_fill(m->wording[i].text, vals);
	*out = v;
	return m->nwording;
}

/* ------------------------------------------------------------------ */
/* Layout helpers                                                       */

/* Leaves k blank grid lines, except at the top of a page. */
static void
blank_lines(struct notice *n, int k)
{
	if (pdf_flow_y(n->doc) <= pdf_area_top(n->doc) + 0.01)
		return;
	pdf_flow_space(n->doc, LINE_PITCH * k);
}

/* Baseline of a text line whose grid line box starts at top: the same
 * place the engine's flow puts it (the text centred in the line box). */
static double
grid_baseline(const struct pdf_style *st, double top)
{
	return top + (LINE_PITCH + 0.7 * st->size) / 2;
}

static bool
is_ascii_word(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 'a' && cp <= 'z') || cp == '.' || cp == '%';
}

/* Splits a title into the fewest lines no wider than max, of balanced
 * widths (GB/T 9704 7.3.1: 排列对称，长短适宜), breaking only where a line
 * may break (not before closing or after opening punctuation, not beside a
 * digit or Latin run) and preferring to break before a conjunction (和、
 * 与、及、暨).  Stores the byte offset where each line starts in starts[]
 * (starts[0] = 0) and returns the number of lines. */
static size_t
title_split(const struct pdf_doc *doc, const struct pdf_style *st,
    const char *s, double max, size_t starts[TITLE_MAX_LINES])
{
	size_t len = strlen(s), n = 0, i, j, k, L, nl, best_j;
	size_t *off = xcalloc(len + 1, sizeof *off);
	uint32_t *cp = xcalloc(len + 1, sizeof *cp);
	double *x = xcalloc(len + 2, sizeof *x); /* x[i]: width of chars < i */
	bool *ok = xcalloc(len + 1, sizeof *ok);
	double *cost = NULL, total, target, c, w;
	size_t *from = NULL;
	bool relax = false;
	char ch[8];

	for (i = 0; i < len; i += k) {
		if ((k = utf8_decode(s + i, len - i, &cp[n])) == 0)
			k = 1;
		off[n] = i;
		memcpy(ch, s + i, k);
		ch[k] = '\0';
		x[n + 1] = x[n] + pdf_text_width(doc, st, ch);
		n++;
	}
	off[n] = len;
	total = x[n];
	starts[0] = 0;
	if (total <= max || n < 2) {
		nl = 1;
		goto out;
	}
again:
	for (i = 1; i < n; i++)
		ok[i] = relax || (!tb_no_line_start(cp[i]) &&
		    !tb_no_line_end(cp[i - 1]) && !is_ascii_word(cp[i]) &&
		    !is_ascii_word(cp[i - 1]));
	ok[0] = ok[n] = true;
	cost = xrealloc(cost, (TITLE_MAX_LINES + 1) * (n + 1) * sizeof *cost);
	from = xrealloc(from, (TITLE_MAX_LINES + 1) * (n + 1) * sizeof *from);
	for (L = 2; L <= TITLE_MAX_LINES && L <= n; L++) {
		if (total > max * (double)L)
			continue;
		target = total / (double)L;
		/* cost[l*(n+1)+i]: best cost of chars < i in l lines. */
		for (i = 0; i <= (TITLE_MAX_LINES + 1) * (n + 1) - 1; i++)
			cost[i] = -1;
		cost[0] = 0;
		for (nl = 1; nl <= L; nl++)
			for (i = 1; i <= n; i++) {
				if (!ok[i])
					continue;
				for (j = 0; j < i; j++) {
					double prev = cost[(nl - 1) * (n + 1) + j];

					w = x[i] - x[j];
					if (prev < 0 || w > max + 0.01)
						continue;
					c = prev + (w - target) * (w - target);
					for (k = 0; i < n && k < ARRAY_LEN(
					    title_break_before); k++)
						if (cp[i] == title_break_before[k])
							c -= 4 * st->size * st->size;
					c += 1e6; /* keep costs positive */
					if (cost[nl * (n + 1) + i] < 0 ||
					    c < cost[nl * (n + 1) + i]) {
						cost[nl * (n + 1) + i] = c;
						from[nl * (n + 1) + i] = j;
					}
				}
			}
		if (cost[L * (n + 1) + n] >= 0) {
			best_j = n;
			for (nl = L; nl > 0; nl--) {
				best_j = from[nl * (n + 1) + best_j];
				starts[nl - 1] = off[best_j];
			}
			nl = L;
			goto out;
		}
	}
	if (!relax) {
		relax = true;
		goto again;
	}
	nl = 1; /* cannot happen: one character per line always fits */
out:
	free(off);
	free(cp);
	free(x);
	free(ok);
	free(cost);
	free(from);
	return nl;
}

/* A title in 2号小标宋, centred, one grid line per line.  The lines are no
 * wider than the type area less one title character each side. */
static void
emit_title(struct notice *n, const char *title)
{
	size_t starts[TITLE_MAX_LINES], nl, i, end;
	char *line;

	nl = title_split(n->doc, &n->title, title, AREA_WIDTH -
	    2 * n->title.size, starts);
	pdf_flow_need(n->doc, LINE_PITCH * (double)nl);
	for (i = 0; i < nl; i++) {
		end = i + 1 < nl ? starts[i + 1] : strlen(title);
		line = xstrndup(title + starts[i], end - starts[i]);
		pdf_flow_paragraph(n->doc, &n->title, line, NULL);
		free(line);
	}
}

struct measure {
	const struct pdf_doc *doc;
	const struct pdf_style *st;
};

/* Advance of one character plus the style's character spacing. */
static double
measure_cp(uint32_t cp, void *vctx)
{
	const struct measure *mc = vctx;
	char u[8];

	u[utf8_encode(cp, u)] = '\0';
	return pdf_text_width(mc->doc, mc->st, u) + mc->st->char_space;
}

/* A paragraph on the line grid, dx points in from the left edge of the type
 * area, to its right edge, broken across pages line by line.  Lines are
 * broken by textbreak() and each is set to its room exactly: a justified
 * line but the last is spread by character spacing, and a line holding a
 * closing mark pulled up by the squeeze (up to half a character too wide)
 * is drawn that much tighter, so that no glyph passes the right edge of
 * the type area.  (The engine's flow draws squeezed lines at full width,
 * past the right margin; hence this.)  st->align is PDF_LEFT or
 * PDF_JUSTIFY. */
static void
grid_paragraph(struct notice *n, double dx, const struct pdf_style *st,
    const char *s, const struct srcpos *pos)
{
	struct measure mc = {n->doc, st};
	struct pdf_style ls = *st;
	struct tb_line *tl;
	double width = AREA_WIDTH - dx, room, w, top, y;
	size_t k, i, nchars, j, c;
	uint32_t cp;

	k = textbreak(s, strlen(s), width + st->char_space, st->indent,
	    measure_cp, &mc, &tl);
	ls.align = PDF_LEFT;
	for (i = 0; i < k; i++) {
		pdf_flow_need(n->doc, LINE_PITCH);
		top = pdf_area_top(n->doc);
		y = pdf_flow_y(n->doc);
		y = top + ceil((y - top) / LINE_PITCH - 0.001) * LINE_PITCH;
		if (y + LINE_PITCH > pdf_area_bottom(n->doc) + 0.01) {
			pdf_page_new(n->doc);
			y = pdf_area_top(n->doc);
		}
		room = width - (i == 0 ? st->indent : 0);
		w = tl[i].width - (tl[i].end > tl[i].start ? st->char_space : 0);
		for (nchars = 0, j = tl[i].start; j < tl[i].end; j += c, nchars++)
			if ((c = utf8_decode(s + j, tl[i].end - j, &cp)) == 0)
				c = 1;
		ls.char_space = st->char_space;
		if (nchars > 1 && (w > room + 0.001 || (st->align ==
		    PDF_JUSTIFY && i + 1 < k && !tl[i].hard)))
			ls.char_space += (room - w) / (double)(nchars - 1);
		pdf_text_at_n(n->doc, pdf_area_left(n->doc) + dx + width - room,
		    grid_baseline(st, y), &ls, s + tl[i].start,
		    tl[i].end - tl[i].start, pos);
		pdf_flow_set_y(n->doc, y + LINE_PITCH);
	}
	free(tl);
}

/* Chinese numeral for 1..99 ("十一"); beyond that Arabic digits. */
static void
cn_number(size_t k, char *out, size_t outlen)
{
	static const char *const d[] = {"", "一", "二", "三", "四", "五",
	    "六", "七", "八", "九"};

	if (k == 0 || k > 99)
		snprintf(out, outlen, "%zu", k);
	else if (k < 10)
		snprintf(out, outlen, "%s", d[k]);
	else
		snprintf(out, outlen, "%s十%s", k / 10 == 1 ? "" : d[k / 10],
		    d[k % 10]);
}

/* ------------------------------------------------------------------ */
/* The decision                                                         */

/* The 附件 note (附件说明): "附件：" two characters in, the name after it;
 * a name that wraps continues under its own first character (GB/T 9704
 * 7.3.4). */
static void
emit_note(struct notice *n, const char *note)
{
	const char *colon = strstr(note, "：");
	size_t lablen;
	double dx;
	char *label;

	if (colon == NULL && (colon = strchr(note, ':')) == NULL) {
		grid_paragraph(n, 0, &n->item, note, NULL);
		return;
	}
	lablen = (size_t)(colon - note) + (*colon == ':' ? 1 : 3);
	pdf_flow_need(n->doc, LINE_PITCH);
	pdf_text_at_n(n->doc, pdf_area_left(n->doc) + 2 * n->pitch,
	    grid_baseline(&n->flush, pdf_flow_y(n->doc)), &n->flush, note,
	    lablen, NULL);
	label = xstrndup(note, lablen);
	dx = 2 * n->pitch + pdf_text_width(n->doc, &n->flush, label) +
	    n->flush.char_space;
	free(label);
	grid_paragraph(n, dx, &n->flush, note + lablen, NULL);
}

/* The signature of a sealed document (GB/T 9704 7.3.5.1): two blank lines
 * below the 附件 note to leave room for the seal, then the issuing
 * organization centred over the date (成文日期), the date four characters
 * in from the right.  When the organization is too long for that (it would
 * come closer than two characters to the right edge), both move left
 * together, still centred on each other, so that the seal can press both. */
static void
emit_signature(struct notice *n)
{
	const struct model *m = n->m;
	char date[32];
	double right = pdf_area_right(n->doc), dw, ow, axis, y;

	date_format_cn(m->cfg.date, date);
	pdf_flow_need(n->doc, 4 * LINE_PITCH);
	blank_lines(n, 2);
	dw = pdf_text_width(n->doc, &n->flush, date);
	ow = pdf_text_width(n->doc, &n->flush, m->cfg.organization);
	axis = right - 4 * n->pitch - dw / 2;
	if (axis + ow / 2 > right - 2 * n->pitch)
		axis = right - 2 * n->pitch - ow / 2;
	if (axis - ow / 2 < pdf_area_left(n->doc))
		axis = pdf_area_left(n->doc) + ow / 2;
	y = pdf_flow_y(n->doc);
	pdf_text_at(n->doc, axis - ow / 2, grid_baseline(&n->flush, y),
	    &n->flush, m->cfg.organization, NULL);
	pdf_text_at(n->doc, axis - dw / 2, grid_baseline(&n->flush, y +
	    LINE_PITCH), &n->flush, date, NULL);
	pdf_flow_set_y(n->doc, y + 2 * LINE_PITCH);
}

/* The decision: title, [发文字号], addressee, body, 附件 note, signature.
 * lines[0] is the title, lines[1] the addressee, the rest paragraphs;
 * note is the 附件 line. */
static void
emit_decision(struct notice *n, char **lines, size_t nlines,
    const char *note)
{
	size_t i;

	emit_title(n, lines[0]);
	/* 发文字号: GB/T 9704 sets it in the 版头 (centred, above the red
	 * rule), which this notice does not print (offices print on their
	 * own letterhead or attach it to a covering document).  It goes
	 * centred on the line right below the title, as published decisions
	 * show it, in 3号仿宋. */
	if (n->m->cfg.doc_number && n->m->cfg.doc_number[0]) {
		struct pdf_style st = n->flush;

		st.align = PDF_CENTER;
		pdf_flow_paragraph(n->doc, &st, n->m->cfg.doc_number, NULL);
	}
	blank_lines(n, 1);
	if (nlines > 1)
		grid_paragraph(n, 0, &n->flush, lines[1], NULL);
	for (i = 2; i < nlines; i++)
		grid_paragraph(n, 0, &n->body, lines[i], NULL);
	blank_lines(n, 1);
	emit_note(n, note);
	emit_signature(n);
}

/* ------------------------------------------------------------------ */
/* The attachment: the list                                             */

struct entry {
	size_t branch;   /* whose 上级党组织 groups it */
	size_t key;      /* sort key: position in ranking order, then input */
	char *text;
};

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* One section of the list: its heading, then the entries one per line,
 * grouped under "（一）上级党组织" headings (groups in order of first
 * appearance) when any entry's branch has a parent.  Entries of branches
 * without a parent then form the group 直属党支部 (branches reporting
 * straight to the committee).  Entries are in ranking order. */
static void
emit_section(struct notice *n, const char *heading, struct entry *e,
    size_t ne)
{
	const struct model *m = n->m;
	struct strmap groups = {0};
	size_t *gid = xcalloc(ne + 1, sizeof *gid), ng = 0, g, i;
	const char **gname = xcalloc(ne + 1, sizeof *gname);
	bool grouped = false;
	char num[32], *h;

	for (i = 0; i < ne; i++)
		if (m->branches[e[i].branch].parent[0] != '\0')
			grouped = true;
	if (grouped)
		for (i = 0; i < ne; i++) {
			const char *p = m->branches[e[i].branch].parent;

			if (p[0] == '\0')
				p = "直属党支部";
			gid[i] = strmap_put(&groups, p, ng);
			if (gid[i] == ng)
				gname[ng++] = p;
		}
	pdf_flow_need(n->doc, LINE_PITCH * (grouped ? 3 : 2));
	grid_paragraph(n, 0, &n->hei, heading, NULL);
	if (ne == 0)
		grid_paragraph(n, 0, &n->item, "无。", NULL);
	for (g = 0; g < (grouped ? ng : 1); g++) {
		if (grouped) {
			cn_number(g + 1, num, sizeof num);
			h = xasprintf("（%s）%s", num, gname[g]);
			pdf_flow_need(n->doc, LINE_PITCH * 2);
			grid_paragraph(n, 0, &n->kai, h, NULL);
			free(h);
		}
		for (i = 0; i < ne; i++)
			if (!grouped || gid[i] == g)
				grid_paragraph(n, 0, &n->item, e[i].text,
				    &m->branches[e[i].branch].pos);
	}
	strmap_free(&groups);
	free(gid);
	free(gname);
}

static void
emit_attachment(struct notice *n, const char *title)
{
	const struct model *m = n->m;
	struct entry *e;
	size_t *pos = xcalloc(m->nbranches + 1, sizeof *pos), ne = 0, i;
	char *h;

	pdf_page_new(n->doc);
	/* "附件" on line 1, the title from line 3 (GB/T 9704 7.3.7). */
	pdf_flow_paragraph(n->doc, &n->label, "附件", NULL);
	blank_lines(n, 1);
	emit_title(n, title);
	blank_lines(n, 1);

	e = xcalloc(m->nbranches + m->nworkers + 1, sizeof *e);
	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[m->order[i]];

		pos[m->order[i]] = i;
		if (b->level == 0 && !b->vetoed) {
			e[ne].branch = m->order[i];
			e[ne].key = i;
			e[ne++].text = xstrdup(b->name);
		}
	}
	h = xasprintf("一、先进党支部（%zu个）", ne);
	emit_section(n, h, e, ne);
	free(h);
	for (i = 0; i < ne; i++)
		free(e[i].text);

	ne = 0;
	for (i = 0; i < m->nworkers; i++) {
		const struct worker *w = &m->workers[i];
		const struct branch *b = &m->branches[w->branch];

		if (!w->commended)
			continue;
		e[ne].branch = w->branch;
		e[ne].key = pos[w->branch] * (m->nworkers + 1) + i;
		e[ne++].text = w->role[0] ? xasprintf("%s（%s %s）", w->name,
		    b->name, w->role) : xasprintf("%s（%s）", w->name, b->name);
	}
	qsort(e, ne, sizeof *e, entry_cmp);
	h = xasprintf("二、优秀党务工作者（%zu名）", ne);
	emit_section(n, h, e, ne);
	free(h);
	for (i = 0; i < ne; i++)
		free(e[i].text);
	free(e);
	free(pos);
}

/* ------------------------------------------------------------------ */
/* Page numbers                                                         */

/* "— N —" in 4号宋体 (GB/T 9704 7.5): the em dashes 7 mm below the type
 * area's bottom edge (the dash sits FOLIO_DASH_HEIGHT em above the
 * baseline); odd pages right-aligned, even pages left-aligned, with one
 * 4号 character of space from the type area's edge. */
static void
folio(struct pdf_doc *doc, unsigned page, unsigned npages, void *ctx)
{
	const struct notice *n = ctx;
	struct pdf_style st = n->folio;
	char text[48];
	double y = pdf_area_bottom(doc) + FOLIO_GAP +
	    FOLIO_DASH_HEIGHT * st.size, x;

	(void)npages;
	snprintf(text, sizeof text, "— %u —", page);
	if (page % 2 == 1) {
		st.align = PDF_RIGHT;
		x = pdf_area_right(doc) - st.size;
	} else {
		st.align = PDF_LEFT;
		x = pdf_area_left(doc) + st.size;
	}
	pdf_text_at(doc, x, y, &st, text, NULL);
}

/* ------------------------------------------------------------------ */

static void
styles_init(struct notice *n)
{
	/* Tc follows every character, so 28 characters with 27 gaps fill
	 * the 156 mm exactly: the first starts on the left edge of the type
	 * area, the 28th ends on its right edge (Tc ≈ −0.21 pt: 28 × 16 pt
	 * is 448 pt, the area 442.2 pt).  A hair less keeps rounding from
	 * pushing the 28th character to the next line. */
	double cs = (AREA_WIDTH - CHARS_PER_LINE * PDF_SIZE_3HAO) /
	    (CHARS_PER_LINE - 1) - 1e-6;
	struct pdf_style base = {.role = FONT_FANGSONG, .size = PDF_SIZE_3HAO,
	    .leading = LINE_PITCH, .char_space = cs, .align = PDF_LEFT};

	n->pitch = PDF_SIZE_3HAO + cs;
	n->flush = base;
	n->item = base;
	n->item.indent = 2 * n->pitch;
	n->body = n->item;
	n->body.align = PDF_JUSTIFY;
	n->hei = n->item;
	n->hei.role = FONT_HEI;
	n->kai = n->item;
	n->kai.role = FONT_KAI;
	n->label = base;
	n->label.role = FONT_HEI;
	n->title = (struct pdf_style){.role = FONT_XIAOBIAOSONG,
	    .size = PDF_SIZE_2HAO, .leading = LINE_PITCH, .align = PDF_CENTER};
	n->folio = (struct pdf_style){.role = FONT_SONG,
	    .size = PDF_SIZE_4HAO};
}

/* The notice, saved to path, or else rendered into *data and *len.
 * Returns EXIT_OK, or EXIT_ENV (EXIT_DATA) after a message. */
static int
notice_make(const struct model *m, const struct pdf_fonts *fonts,
    const char *path, char **data, size_t *len)
{
	struct notice n = {.m = m};
	char **lines = NULL, *note = NULL, *atitle, *deftitle;
	char year[16], adv[24], wrk[24], date[32];
	const char *vals[5];
	size_t nlines, i;
	struct pdf_info info = {0};
	int rc = EXIT_OK;

	snprintf(year, sizeof year, "%d", m->cfg.year);
	snprintf(adv, sizeof adv, "%zu", m->nadvanced);
	snprintf(wrk, sizeof wrk, "%zu", m->ncommended);
	date_format_cn(m->cfg.date, date);
	vals[0] = m->cfg.organization;
	vals[1] = year;
	vals[2] = adv;
	vals[3] = wrk;
	vals[4] = date;
	/* (check_output() reports a wording without them before this) */
	nlines = wording_lines(m, vals, &lines);
	if (nlines < 2) {
		diag_msg(D_NOTICE_SHORT, m->wording_file, 0, 0);
		for (i = 0; i < nlines; i++)
			free(lines[i]);
		free(lines);
		return EXIT_DATA;
	}
	/* The 附件 note is the last line when it starts with 附件; without
	 * one, the standard note is added, since the list is attached. */
	deftitle = xasprintf("%d年度先进党支部和优秀党务工作者名单", m->cfg.year);
	if (nlines > 2 && strncmp(lines[nlines - 1], "附件", 6) == 0)
		note = lines[--nlines];
	else
		note = xasprintf("附件：%s", deftitle);
	/* The attachment's title is the name in the note (GB/T 9704 7.3.4:
	 * they must agree). */
	atitle = strstr(note, "：");
	atitle = atitle ? atitle + 3 : strchr(note, ':') ? strchr(note, ':') + 1
	    : deftitle;
	while (*atitle == ' ')
		atitle++;
	if (*atitle == '\0')
		atitle = deftitle;

	styles_init(&n);
	n.doc = pdf_doc_new(fonts, &gbt9704_setup);
	info.title = lines[0];
	info.author = m->cfg.organization;
	info.subject = atitle;
	pdf_doc_set_info(n.doc, &info);
	pdf_doc_set_furniture(n.doc, folio, &n);
	pdf_flow_grid(n.doc, LINE_PITCH);
	emit_decision(&n, lines, nlines, note);
	emit_attachment(&n, atitle);
	if ((path != NULL ? pdf_doc_save(n.doc, path) :
	    pdf_doc_render(n.doc, data, len)) != 0)
		rc = EXIT_ENV;
	pdf_doc_free(n.doc);
	for (i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
	free(note);
	free(deftitle);
	return rc;
}

int
notice_write(const struct model *m, const struct pdf_fonts *fonts,
    const char *path)
{
	return notice_make(m, fonts, path, NULL, NULL);
}

int
notice_render(const struct model *m, const struct pdf_fonts *fonts,
    char **data, size_t *len)
{
	return notice_make(m, fonts, NULL, data, len) == EXIT_OK ? 0 : -1;
}
