/* pdf_notice.c: the commendation decision (表彰决定) and its attachment, the
 * list of commended branches and workers, laid out to GB/T 9704-2012. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pdf/pdf.h"
#include "out/out.h"

/* GB/T 9704-2012 geometry: A4, a type area of 156 × 225 mm whose top-left
 * corner is 37 mm from the top and 28 mm from the left (so 26 mm right and
 * 35 mm bottom margins), holding 22 lines of 28 characters of 3号. */
#define AREA_WIDTH PDF_MM(156)              /* points */
#define LINES_PER_PAGE 22
#define CHARS_PER_LINE 28
#define LINE_PITCH (PDF_MM(225) / LINES_PER_PAGE) /* points, ≈ 28.99 */
#define FOLIO_GAP PDF_MM(7)   /* type area's bottom edge to the page number */
#define FOLIO_DASH_HEIGHT 0.33 /* the em dash's height above the baseline, em */
/* The 版头 (GB/T 9704 7.2): the 发文机关标志 in red 小标宋, its top edge
 * MARK_TOP below the type area's top edge, at most MARK_SIZE and no wider
 * than the type area; the 发文字号 two blank lines below it; the red rule
 * as wide as the type area RULE_GAP below the 发文字号. */
#define RED 0xd40000
#define MARK_TOP PDF_MM(35)
#define MARK_SIZE PDF_SIZE_CHUHAO
#define EM_TOP 0.88           /* a CJK face's em box top above the baseline, em */
#define EM_BOTTOM 0.12        /* and its bottom below it */
#define RULE_GAP PDF_MM(4)
#define RED_RULE 1.5          /* points */
/* The 版记 (GB/T 9704 7.4): rows of 4号仿宋 between rules as wide as the
 * type area, 0.35 mm first and last, 0.25 mm between. */
#define RECORD_ROW PDF_MM(8)
#define RULE_THICK PDF_MM(0.35)
#define RULE_THIN PDF_MM(0.25)

static const struct pdf_page_setup gbt9704_setup = {
	.margin_top = PDF_MM(37),
	.margin_bottom = PDF_MM(35),
	.margin_left = PDF_MM(28),
	.margin_right = PDF_MM(26),
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
	struct pdf_style record; /* 版记: 4号仿宋 */
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

/* A title in 2号小标宋, centred, one grid line per line, kept on one
 * page: the fewest lines of balanced widths, broken preferably before a
 * conjunction (the engine's balanced breaking; GB/T 9704 7.3.1: 排列对称，
 * 长短适宜), no wider than the type area less one title character each
 * side. */
static void
emit_title(struct notice *n, const char *title)
{
	double w = AREA_WIDTH - 2 * n->title.size;

	pdf_flow_need(n->doc, pdf_paragraph_height(n->doc, w, &n->title,
	    title));
	pdf_flow_paragraph_in(n->doc, n->title.size, w, &n->title, title,
	    NULL);
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
		pdf_flow_paragraph_in(n->doc, 0, 0, &n->item, note, NULL);
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
	pdf_flow_paragraph_in(n->doc, dx, 0, &n->flush, note + lablen, NULL);
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

/* The 版头 on the first page: the 发文机关标志 ("ORGANIZATION文件"), the
 * 发文字号 and the red rule, placed by GB/T 9704 7.2; the title starts two
 * blank lines below the rule.  With [notice] letterhead = no, the mark
 * and the rule are left to paper with a pre-printed 红头: their space
 * stays empty, and the 发文字号, which such paper lacks, is printed in its
 * place. */
static void
emit_letterhead(struct notice *n)
{
	const struct config *cfg = &n->m->cfg;
	struct pdf_doc *doc = n->doc;
	struct pdf_style mark = {.role = FONT_XIAOBIAOSONG, .size = 1,
	    .color = RED, .align = PDF_CENTER};
	struct pdf_style num = n->flush;
	double top = pdf_area_top(doc), left = pdf_area_left(doc);
	double centre = left + AREA_WIDTH / 2, w, base, y;
	char *text = xasprintf("%s文件", cfg->organization);

	w = pdf_text_width(doc, &mark, text);
	mark.size = w * MARK_SIZE > AREA_WIDTH ? AREA_WIDTH / w : MARK_SIZE;
	base = top + MARK_TOP + EM_TOP * mark.size;
	if (cfg->letterhead)
		pdf_text_at(doc, centre, base, &mark, text, NULL);
	free(text);
	/* the 发文字号's line: two blank lines under the mark's bottom */
	y = base + EM_BOTTOM * mark.size + 2 * LINE_PITCH;
	num.align = PDF_CENTER;
	num.char_space = 0;
	base = grid_baseline(&num, y);
	if (cfg->doc_number && cfg->doc_number[0])
		pdf_text_at(doc, centre, base, &num, cfg->doc_number, NULL);
	y = base + EM_BOTTOM * num.size + RULE_GAP;
	if (cfg->letterhead)
		pdf_line(doc, left, y, left + AREA_WIDTH, y, RED_RULE, RED);
	pdf_flow_set_y(doc, y + RED_RULE / 2 + 2 * LINE_PITCH);
}

/* The 抄送 of [notice] cc: the names separated by ';' (or '；'), joined by
 * "，" and ended by "。"; "" when none.  Caller frees. */
static char *
cc_text(const char *cc)
{
	struct buf b = {0};
	const char *p = cc;

	while (*p) {
		const char *e = p, *semi;
		size_t len;

		while (*e && *e != ';' && strncmp(e, "；", 3) != 0)
			e++;
		semi = e;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		len = (size_t)(e - p);
		if (len >= 3 && memcmp(e - 3, "。", 3) == 0)
			len -= 3;
		if (len > 0) {
			if (b.len > 0)
				buf_adds(&b, "，");
			buf_add(&b, p, len);
		}
		p = *semi == ';' ? semi + 1 : *semi ? semi + 3 : semi;
	}
	if (b.len > 0)
		buf_adds(&b, "。");
	return b.s ? buf_take(&b) : xstrdup("");
}

/* The 版记 at the foot of the last page (GB/T 9704 7.4): 抄送 (when
 * [notice] cc names any), then 印发机关 and 印发日期 on one line, each
 * row between rules as wide as the type area, the last rule on the type
 * area's bottom edge.  A page without room for it gets a new page. */
static void
emit_record(struct notice *n)
{
	const struct config *cfg = &n->m->cfg;
	struct pdf_doc *doc = n->doc;
	struct pdf_style st = n->record;
	char *cc = cc_text(cfg->cc ? cfg->cc : ""), date[48], *issued;
	double left = pdf_area_left(doc), right = left + AREA_WIDTH;
	double indent = st.size, label = 0, cch = 0, h, y, bottom;

	if (cc[0]) {
		label = pdf_text_width(doc, &st, "抄送：");
		cch = pdf_paragraph_height(doc, AREA_WIDTH - indent - label,
		    &st, cc);
	}
	h = cch + RECORD_ROW;
	pdf_flow_need(doc, h + RECORD_ROW);
	bottom = pdf_area_bottom(doc);
	y = bottom - h;
	pdf_line(doc, left, y, right, y, RULE_THICK, 0);
	if (cc[0]) {
		pdf_text_at(doc, left + indent, y + (RECORD_ROW + 0.7 *
		    st.size) / 2, &st, "抄送：", NULL);
		pdf_paragraph_at(doc, left + indent + label, y, AREA_WIDTH -
		    indent - label, &st, cc, NULL);
		y += cch;
		pdf_line(doc, left, y, right, y, RULE_THIN, 0);
	}
	st.align = PDF_LEFT;
	pdf_text_at(doc, left + indent, y + (RECORD_ROW + 0.7 * st.size) / 2,
	    &st, cfg->printed_by && cfg->printed_by[0] ? cfg->printed_by :
	    cfg->organization, NULL);
	date_format_cn(cfg->printed_on, date);
	issued = xasprintf("%s印发", date);
	st.align = PDF_RIGHT;
	pdf_text_at(doc, right - indent, y + (RECORD_ROW + 0.7 * st.size) / 2,
	    &st, issued, NULL);
	pdf_line(doc, left, bottom, right, bottom, RULE_THICK, 0);
	pdf_flow_set_y(doc, bottom);
	free(issued);
	free(cc);
}

/* Lines a paragraph takes on the grid in style st across the type area
 * (less dx). */
static long
grid_lines(const struct notice *n, const struct pdf_style *st, double dx,
    const char *text)
{
	return lround(pdf_paragraph_height(n->doc, AREA_WIDTH - dx, st, text) /
	    LINE_PITCH);
}

/* Before a body paragraph near the end: the 署名 and 成文日期 stay on a
 * page with at least two lines of body text (GB/T 9704 7.3.5).  after is
 * the grid lines that follow the paragraph down to the date; when they do
 * not fit on the page where the paragraph ends, need lines of the
 * paragraph go over with them (the whole paragraph when that leaves
 * none).  A paragraph that runs on to the next page leaves at least need
 * lines there. */
static void
keep_body(struct notice *n, const char *para, long after, long need)
{
	double top = pdf_area_top(n->doc), y = pdf_flow_y(n->doc);
	long p = grid_lines(n, &n->body, 0, para), room, keep;

	/* the cursor on its grid line, where the paragraph will start */
	if (y > top + 0.01)
		y = top + ceil((y - top) / LINE_PITCH - 0.001) * LINE_PITCH;
	room = lround(floor((pdf_area_bottom(n->doc) - y) / LINE_PITCH +
	    0.001));
	if (p <= room && p + after <= room)
		return;                   /* all on this page */
	if (p > room) {
		if (p - room >= need)
			return;           /* enough runs over */
		keep = room - (need - (p - room));
	} else {
		keep = p - need;          /* the last lines go over */
	}
	if (keep <= 0) {
		pdf_flow_need(n->doc, (double)(room + 1) * LINE_PITCH);
		return;
	}
	pdf_flow_break_at(n->doc, y + (double)keep * LINE_PITCH + 0.5);
}

/* The decision: title, [发文字号], addressee, body, 附件 note, signature.
 * lines[0] is the title, lines[1] the addressee, the rest paragraphs;
 * note is the 附件 line. */
static void
emit_decision(struct notice *n, char **lines, size_t nlines,
    const char *note)
{
	size_t i;
	long tail, lastp;

	emit_letterhead(n);
	emit_title(n, lines[0]);
	blank_lines(n, 1);
	if (nlines > 1)
		pdf_flow_paragraph_in(n->doc, 0, 0, &n->flush, lines[1], NULL);
	/* what follows the body: a blank line, the note, two blank lines,
	 * 署名 and date; the body's last two lines stay with them */
	tail = 1 + grid_lines(n, &n->flush, 2 * n->pitch, note) + 4;
	lastp = nlines > 2 ? grid_lines(n, &n->body, 0, lines[nlines - 1]) : 0;
	for (i = 2; i < nlines; i++) {
		if (i + 1 == nlines && (lastp >= 2 || nlines == 3))
			keep_body(n, lines[i], tail, 2);
		else if (i + 2 == nlines && lastp < 2)
			keep_body(n, lines[i], tail + lastp, 2 - lastp);
		pdf_flow_paragraph_in(n->doc, 0, 0, &n->body, lines[i], NULL);
	}
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
	char num[CN_NUMBER_SIZE], *h;

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
	pdf_flow_paragraph_in(n->doc, 0, 0, &n->hei, heading, NULL);
	if (ne == 0)
		pdf_flow_paragraph_in(n->doc, 0, 0, &n->item, "无。", NULL);
	for (g = 0; g < (grouped ? ng : 1); g++) {
		if (grouped) {
			cn_number((unsigned)(g + 1), num);
			h = xasprintf("（%s）%s", num, gname[g]);
			pdf_flow_need(n->doc, LINE_PITCH * 2);
			pdf_flow_paragraph_in(n->doc, 0, 0, &n->kai, h, NULL);
			free(h);
		}
		for (i = 0; i < ne; i++)
			if (!grouped || gid[i] == g)
				pdf_flow_paragraph_in(n->doc, 0, 0, &n->item, e[i].text,
				    &m->branches[e[i].branch].pos);
	}
	strmap_free(&groups);
	free(gid);
	free(gname);
}

/* A worker's line: the name, then the branch and role as one title, the
 * words both end and start with said once ("党群工作部党支部" and "支部书记"
 * give "党群工作部党支部书记"; "财务部党支部" and "组织委员" give
 * "财务部党支部组织委员").  Caller frees. */
static char *
worker_line(const struct worker *w, const struct branch *b)
{
	size_t nl = strlen(b->name), rl = strlen(w->role), k, best = 0;

	if (rl == 0)
		return xasprintf("%s（%s）", w->name, b->name);
	/* the longest end of the name (whole characters) that starts the
	 * role, leaving some of the role */
	for (k = 1; k < rl && k <= nl; k++)
		if (((unsigned char)w->role[k] & 0xC0) != 0x80 &&
		    memcmp(b->name + nl - k, w->role, k) == 0)
			best = k;
	return xasprintf("%s（%s%s）", w->name, b->name, w->role + best);
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
		e[ne++].text = worker_line(w, b);
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
	    .size = PDF_SIZE_2HAO, .leading = LINE_PITCH, .align = PDF_CENTER,
	    .balance = true};
	n->folio = (struct pdf_style){.role = FONT_SONG,
	    .size = PDF_SIZE_4HAO};
	n->record = (struct pdf_style){.role = FONT_FANGSONG,
	    .size = PDF_SIZE_4HAO, .leading = RECORD_ROW, .align = PDF_LEFT};
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
	emit_record(&n);
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
