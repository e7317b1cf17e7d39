/* handbook.c: the branch handbook (党支部工作手册, SPEC section 11), one
 * booklet per branch, built in parallel, optionally all in one PDF too.
 *
 * A booklet: cover (page 1) and its blank back, the 目录 from page 3, then
 * the six parts, each opening on a right-hand (odd) page; pages are
 * numbered from the first page of part 1; inner and outer margins
 * alternate; blank pages pad the booklet to a multiple of 4.  Parts 1-4 are
 * the CommonMark texts (hb_text.c); parts 5 and 6 come from the model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "out/hb_text.h"
#include "out/batch.h"
#include "out/out.h"
#include "pdf/pdf.h"

#define GREY 0x555555
#define LIGHT 0x999999
#define COMMON_SAMPLE 8
#define COMMON_SHARE 0.25
#define NPARTS 6
#define HANDOVER_ROWS 6
#define CHANGE_ROWS 8

static const char *const part_names[NPARTS] = {
	"使用说明", "支部工作制度", "支部委员工作职责", "常用文件",
	"支部基本情况", "支部工作记录",
};
static const char *const part_numbers[NPARTS] = {
	"第一部分", "第二部分", "第三部分", "第四部分", "第五部分", "第六部分",
};

/* The full title of a record type's form. */
static const struct {
	const char *type, *title;
} form_titles[] = {
	{"支部党员大会", "支部党员大会记录"},
	{"支委会", "支部委员会会议记录"},
	{"党小组会", "党小组会记录"},
	{"党课", "党课记录"},
	{"主题党日", "主题党日活动记录"},
	{"组织生活会", "组织生活会记录"},
	{"民主评议党员", "民主评议党员记录"},
	{"其他", "其他会议记录"},
};

/* ------------------------------------------------------------------ */
/* Paper                                                                */

struct paper {
	struct pdf_page_setup setup;
	struct hb_sizes sz;
	double header_gap, footer_gap; /* furniture from the type area */
};

static void
paper_init(struct paper *p, bool a4)
{
	memset(p, 0, sizeof *p);
	p->setup.mirror = true;
	if (a4) {
		p->setup.width = PDF_A4_WIDTH;
		p->setup.height = PDF_A4_HEIGHT;
		p->setup.margin_top = PDF_MM(25);
		p->setup.margin_bottom = PDF_MM(25);
		p->setup.margin_left = PDF_MM(28);   /* inner, odd pages */
		p->setup.margin_right = PDF_MM(20);  /* outer */
		p->sz = (struct hb_sizes){PDF_SIZE_XIAO4, PDF_SIZE_5HAO,
		    PDF_SIZE_XIAO2, PDF_SIZE_4HAO, PDF_SIZE_XIAO4,
		    PDF_SIZE_1HAO};
		p->header_gap = PDF_MM(8);
		p->footer_gap = PDF_MM(12);
	} else {
		p->setup.width = PDF_A5_WIDTH;
		p->setup.height = PDF_A5_HEIGHT;
		p->setup.margin_top = PDF_MM(17);
		p->setup.margin_bottom = PDF_MM(17);
		p->setup.margin_left = PDF_MM(20);   /* inner, odd pages */
		p->setup.margin_right = PDF_MM(14);  /* outer */
		p->sz = (struct hb_sizes){PDF_SIZE_5HAO, PDF_SIZE_XIAO5,
		    PDF_SIZE_XIAO3, PDF_SIZE_XIAO4, PDF_SIZE_5HAO,
		    PDF_SIZE_XIAO1};
		p->header_gap = PDF_MM(6);
		p->footer_gap = PDF_MM(9);
	}
}

/* ------------------------------------------------------------------ */
/* What the furniture needs to know of each booklet in a document       */

struct toc_entry {
	int level;        /* 0 part, 1 section */
	char *title;
	unsigned page;    /* physical page */
};

struct booklet {
	size_t branch;
	unsigned first;           /* physical page of the cover */
	unsigned body;            /* physical page numbered 1 */
	unsigned last;            /* last page */
	unsigned part[NPARTS];    /* first page of each part */
	unsigned toc_first, toc_pages;
	unsigned char *blank;     /* [nblank]: left blank; pages after it are not */
	size_t nblank;
	struct toc_entry *toc;
	size_t ntoc, captoc;
};

struct furniture {
	const struct model *m;
	const struct hb_texts *texts;
	const struct paper *paper;
	struct booklet *bk;
	size_t nbk, capbk;
};

static const char *
part_title(const struct hb_texts *tx, size_t k)
{
	return k < HB_NTEXTS && tx->part[k].title ? tx->part[k].title :
	    part_names[k];
}

static void
toc_add(struct booklet *b, int level, const char *title, unsigned page)
{
	xgrow(&b->toc, &b->captoc, b->ntoc + 1, sizeof *b->toc);
	b->toc[b->ntoc].level = level;
	b->toc[b->ntoc].title = xstrdup(title);
	b->toc[b->ntoc].page = page;
	b->ntoc++;
}

/* hb_part_draw()'s report of a section heading and its page. */
static void
toc_mark(void *ctx, const char *title, unsigned page)
{
	toc_add(ctx, 1, title, page);
}

static bool
is_blank(const struct booklet *b, unsigned page)
{
	return page >= b->first && page - b->first < b->nblank &&
	    b->blank[page - b->first];
}

/* Marks the current page blank or not; pages made since the last mark
 * (by page breaks of the flow) are not blank. */
static void
mark_page(struct pdf_doc *doc, struct booklet *b, bool blank)
{
	size_t k = pdf_page_current(doc) - b->first;

	if (k >= b->nblank) {
		b->blank = xrealloc(b->blank, k + 1);
		memset(b->blank + b->nblank, 0, k + 1 - b->nblank);
		b->nblank = k + 1;
	}
	b->blank[k] = blank;
}

static void
draw_furniture(struct pdf_doc *doc, unsigned page, unsigned npages, void *ctx)
{
	const struct furniture *fu = ctx;
	const struct booklet *b = NULL;
	const struct hb_sizes *sz = &fu->paper->sz;
	struct pdf_style st = {0};
	size_t lo = 0, hi = fu->nbk, k;
	char num[32];
	double y;
	bool odd;
	const char *head;

	(void)npages;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fu->bk[mid].first <= page)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return;
	b = &fu->bk[lo - 1];
	if (page < b->body || page > b->last || is_blank(b, page))
		return;
	odd = (page - b->first) % 2 == 0;
	/* page number: "— 3 —" at the outer edge (GB/T 9704 style) */
	st.size = sz->small + 1;
	st.role = FONT_SONG;
	snprintf(num, sizeof num, "— %u —", page - b->body + 1);
	y = pdf_area_bottom(doc) + fu->paper->footer_gap;
	st.align = odd ? PDF_RIGHT : PDF_LEFT;
	pdf_text_at(doc, odd ? pdf_area_right(doc) - sz->small :
	    pdf_area_left(doc) + sz->small, y, &st, num, NULL);
	/* running head: the part on odd pages, the booklet on even ones */
	for (k = NPARTS; k > 0; k--)
		if (b->part[k - 1] && b->part[k - 1] <= page)
			break;
	st.size = sz->small;
	st.color = GREY;
	y = pdf_area_top(doc) - fu->paper->header_gap;
	pdf_group_begin(doc);
	if (odd) {
		char *s = k > 0 ? xasprintf("%s　%s", part_numbers[k - 1],
		    part_title(fu->texts, k - 1)) : xstrdup("");

		pdf_text_at(doc, pdf_area_right(doc), y, &st, s, NULL);
		free(s);
	} else {
		head = fu->m->branches[b->branch].name;
		st.align = PDF_LEFT;
		{
			char *s = xasprintf("%s工作手册", head);

			pdf_text_at(doc, pdf_area_left(doc), y, &st, s,
			    &fu->m->branches[b->branch].pos);
			free(s);
		}
	}
	pdf_line(doc, pdf_area_left(doc), y + sz->small * 0.45,
	    pdf_area_right(doc), y + sz->small * 0.45, 0.4, LIGHT);
	pdf_group_end(doc);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static struct pdf_style
style(enum font_role role, double size, enum pdf_align align)
{
	struct pdf_style st = {0};

	st.role = role;
	st.size = size;
	st.leading = size * 1.6;
	st.align = align;
	return st;
}

static const char *
or_blank(const char *s)
{
	return s != NULL ? s : "";
}

static void
fmt_date(struct date d, char *out)
{
	if (d.year == 0)
		out[0] = '\0';
	else
		snprintf(out, 32, "%04d.%02d.%02d", d.year, d.month, d.day);
}

static void
fmt_month(struct date d, char *out)
{
	if (d.year == 0)
		out[0] = '\0';
	else
		snprintf(out, 32, "%04d.%02d", d.year, d.month);
}

/* A section heading of parts 5 and 6 ("一、支部概况"), kept with what
 * follows, and its 目录 entry. */
static void
section(struct pdf_doc *doc, struct booklet *b, const struct paper *pp,
    const char *title)
{
	struct pdf_style st = style(FONT_HEI, pp->sz.h2, PDF_LEFT);
	double top = pdf_flow_y(doc) > pdf_area_top(doc) + 1 ?
	    pp->sz.h2 * 0.9 : 0;

	st.leading = pp->sz.h2 * 1.5;
	if (pdf_flow_need(doc, top + st.leading + pp->sz.body * 6))
		top = 0;
	pdf_flow_space(doc, top);
	toc_add(b, 1, title, pdf_page_current(doc));
	pdf_flow_paragraph(doc, &st, title, NULL);
	pdf_flow_space(doc, pp->sz.h2 * 0.2);
}

static void
note(struct pdf_doc *doc, const struct paper *pp, const char *text)
{
	struct pdf_style st = style(FONT_SONG, pp->sz.body, PDF_JUSTIFY);

	st.indent = pp->sz.body * 2;
	pdf_flow_paragraph(doc, &st, text, NULL);
}

/* A fixed column width: the share w of total of the type area's width
 * less used (the fixed columns).  Tables to write in by hand have fixed
 * widths, not widths from their (empty) cells. */
static double
share(const struct pdf_doc *doc, double used, double w, double total)
{
	return (pdf_area_width(doc) - used) * w / total;
}

static struct pdf_table *
table_new(struct pdf_doc *doc, const struct paper *pp, size_t ncols)
{
	struct pdf_table_style ts = {0};

	ts.size = pp->sz.small;
	ts.leading = pp->sz.small * 1.35;
	ts.padding = pp->sz.small * 0.35;
	return pdf_table_new(doc, ncols, &ts);
}

/* Starts a new page; when it is a left-hand (even) page and recto is set,
 * leaves it blank and starts another. */
static void
new_page(struct pdf_doc *doc, struct booklet *b, bool recto)
{
	pdf_page_new(doc);
	if (recto && (pdf_page_current(doc) - b->first) % 2 == 1) {
		mark_page(doc, b, true);
		pdf_page_new(doc);
	}
	mark_page(doc, b, false);
}

static void
part_open(struct pdf_doc *doc, struct booklet *b, const struct furniture *fu,
    size_t k)
{
	const struct paper *pp = fu->paper;
	struct pdf_style st = style(FONT_HEI, pp->sz.h1, PDF_CENTER);
	char *s = xasprintf("%s　%s", part_numbers[k], part_title(fu->texts,
	    k));

	new_page(doc, b, true);
	b->part[k] = pdf_page_current(doc);
	if (k == 0)
		b->body = b->part[0];
	toc_add(b, 0, s, b->part[k]);
	pdf_flow_space(doc, pp->sz.h1 * 0.6);
	st.leading = pp->sz.h1 * 1.6;
	pdf_flow_paragraph(doc, &st, s, NULL);
	pdf_flow_space(doc, pp->sz.h1 * 0.6);
	free(s);
}

/* ------------------------------------------------------------------ */
/* Cover and 目录                                                        */

static void
draw_cover(struct pdf_doc *doc, const struct model *m, const struct branch *br,
    const struct paper *pp)
{
	const struct hb_sizes *sz = &pp->sz;
	double h = pdf_page_height(doc), l = pdf_area_left(doc),
	    r = pdf_area_right(doc), w = r - l, y, lab;
	struct pdf_style st = style(FONT_XIAOBIAOSONG, sz->title, PDF_CENTER);
	char year[32];
	static const char *const labels[] = {"支部名称", "支部编号",
	    "上级党组织", "支部书记"};
	const char *values[4];
	size_t k;

	pdf_line(doc, l, h * 0.14, r, h * 0.14, 1.6, 0xb00000);
	pdf_line(doc, l, h * 0.14 + 3, r, h * 0.14 + 3, 0.5, 0xb00000);
	st.color = 0xb00000;
	pdf_text_at(doc, (l + r) / 2, h * 0.30, &st, "党支部工作手册", NULL);
	snprintf(year, sizeof year, "（%d年度）", m->cfg.year);
	st = style(FONT_KAI, sz->h2 + 2, PDF_CENTER);
	pdf_text_at(doc, (l + r) / 2, h * 0.30 + sz->title * 1.5, &st, year,
	    NULL);

	values[0] = br->name;
	values[1] = br->id;
	values[2] = br->parent;
	values[3] = br->secretary;
	st = style(FONT_SONG, sz->h3 + 1.5, PDF_LEFT);
	lab = st.size * 6.5;
	y = h * 0.52;
	for (k = 0; k < 4; k++) {
		struct pdf_style ls = st;
		double x0 = l + w * 0.08;

		ls.role = FONT_HEI;
		/* labels spread to the width of the longest (五个字) */
		ls.char_space = (st.size * 5 - pdf_text_width(doc, &ls,
		    labels[k])) / (double)(utf8_chars(labels[k]) - 1);
		pdf_text_at(doc, x0, y, &ls, labels[k], NULL);
		ls.char_space = 0;
		pdf_text_at(doc, x0 + st.size * 5, y, &ls, "：", NULL);
		{
			/* a long name is set smaller to fit its line */
			struct pdf_style vs = st;
			double room = r - w * 0.08 - (x0 + lab) - 2,
			    vw = pdf_text_width(doc, &vs, or_blank(values[k]));

			if (vw > room)
				vs.size = st.size * room / vw;
			pdf_text_at(doc, x0 + lab, y, &vs, or_blank(values[k]),
			    &br->pos);
		}
		pdf_line(doc, x0 + lab - 2, y + st.size * 0.35, r - w * 0.08,
		    y + st.size * 0.35, 0.6, 0);
		y += st.size * 2.4;
	}
	st = style(FONT_HEI, sz->h2 + 1, PDF_CENTER);
	pdf_text_at(doc, (l + r) / 2, h * 0.86, &st, m->cfg.organization,
	    NULL);
}

/* Pages the 目录 takes for n entries. */
static unsigned
toc_pages_for(const struct pdf_doc *doc, const struct paper *pp, size_t n)
{
	double lead = pp->sz.body * 1.9;
	double avail = pdf_area_bottom(doc) - pdf_area_top(doc) -
	    pp->sz.h1 * 2.8;
	size_t per = (size_t)(avail / lead);

	if (per < 1)
		per = 1;
	return (unsigned)((n + per - 1) / per);
}

static void
draw_toc(struct pdf_doc *doc, struct booklet *b, const struct paper *pp)
{
	const struct hb_sizes *sz = &pp->sz;
	struct pdf_style ts = style(FONT_HEI, sz->h1, PDF_CENTER);
	double lead = sz->body * 1.9, y;
	unsigned page = b->toc_first;
	size_t i;

	pdf_page_select(doc, page);
	y = pdf_area_top(doc) + sz->h1 * 1.2;
	pdf_text_at(doc, (pdf_area_left(doc) + pdf_area_right(doc)) / 2, y,
	    &ts, "目　　录", NULL);
	y += sz->h1 * 1.6;
	for (i = 0; i < b->ntoc; i++) {
		const struct toc_entry *e = &b->toc[i];
		struct pdf_style st = style(e->level == 0 ? FONT_HEI :
		    FONT_SONG, sz->body, PDF_LEFT);
		double x = pdf_area_left(doc) + (e->level ? sz->body * 2 : 0),
		    tw, nw, dots, dw;
		char num[16];
		struct buf d = {0};

		if (y + lead > pdf_area_bottom(doc) + 0.01 &&
		    page < b->toc_first + b->toc_pages - 1) {
			pdf_page_select(doc, ++page);
			y = pdf_area_top(doc) + lead;
			x = pdf_area_left(doc) + (e->level ? sz->body * 2 : 0);
		}
		if (e->level == 0 && i > 0)
			y += sz->body * 0.5;
		snprintf(num, sizeof num, "%u", e->page - b->body + 1);
		tw = pdf_text_at(doc, x, y, &st, e->title, NULL);
		st.align = PDF_RIGHT;
		st.role = FONT_SONG;
		nw = pdf_text_at(doc, pdf_area_right(doc), y, &st, num, NULL);
		/* dot leaders */
		st.align = PDF_LEFT;
		st.color = GREY;
		dw = pdf_text_width(doc, &st, "·");
		dots = pdf_area_right(doc) - nw - x - tw - sz->body;
		if (dw > 0 && dots > dw) {
			size_t n = (size_t)(dots / dw), k;

			for (k = 0; k < n; k++)
				buf_adds(&d, "·");
			pdf_text_at(doc, pdf_area_right(doc) - nw -
			    sz->body * 0.5 - (double)n * dw, y, &st, d.s, NULL);
			buf_free(&d);
		}
		y += lead;
	}
}

/* The 目录 entries known before layout: parts and the sections of 1-4
 * (those of 5 and 6 are fixed), to reserve its pages. */
static size_t
toc_estimate(const struct hb_texts *tx)
{
	size_t n = NPARTS + 7 + 4, k, i;

	for (k = 0; k < HB_NTEXTS; k++)
		for (i = 0; i < tx->part[k].nblocks; i++)
			if (tx->part[k].blocks[i].kind == HB_HEADING &&
			    tx->part[k].blocks[i].level <= 2)
				n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* Part 5: 支部基本情况                                                   */

/* Whether a is before b (an unknown date, year 0, first). */
static bool
date_before(struct date a, struct date b)
{
	if (a.year != b.year)
		return a.year < b.year;
	if (a.month != b.month)
		return a.month < b.month;
	return a.day < b.day;
}

/* The branch's members, sorted by role, then 入党日期, then file order. */
static size_t *
branch_members(const struct model *m, size_t bi, size_t *n)
{
	size_t *v = xcalloc(m->nmembers + 1, sizeof *v), k, i, j;

	*n = 0;
	for (k = 0; k < m->nmembers; k++)
		if (m->members[k].branch == bi)
			v[(*n)++] = k;
	/* insertion sort: stable, rolls are short */
	for (i = 1; i < *n; i++) {
		size_t x = v[i];
		const struct member *a = &m->members[x];

		for (j = i; j > 0; j--) {
			const struct member *c = &m->members[v[j - 1]];

			if (c->role < a->role || (c->role == a->role &&
			    !date_before(a->joined, c->joined)))
				break;
			v[j] = v[j - 1];
		}
		v[j] = x;
	}
	return v;
}

static void
details(struct pdf_doc *doc, const struct model *m, const struct branch *br,
    const size_t *mem, size_t nm, const struct paper *pp)
{
	struct pdf_table *t = table_new(doc, pp, 4);
	const int32_t lab = PDF_FILL(0xeeeeee);
	const int hei = PDF_FONT(FONT_HEI);
	char count[96], elected[32], due[64], *groups;
	struct buf g = {0};
	size_t k, full = 0;

	pdf_table_col(t, 0, pp->sz.small * 7.5, 0, PDF_CENTER);
	pdf_table_col(t, 1, share(doc, pp->sz.small * 15, 1, 2), 0, PDF_LEFT);
	pdf_table_col(t, 2, pp->sz.small * 7.5, 0, PDF_CENTER);
	pdf_table_col(t, 3, share(doc, pp->sz.small * 15, 1, 2), 0, PDF_LEFT);
	for (k = 0; k < nm; k++)
		if (m->members[mem[k]].confirmed.year)
			full++;
	if (m->has_members)
		snprintf(count, sizeof count, "%zu人（正式党员%zu人，预备党员"
		    "%zu人）", nm, full, nm - full);
	else if (br->members >= 0)
		snprintf(count, sizeof count, "%d人（正式党员　　人，预备党员"
		    "　　人）", br->members);
	else
		snprintf(count, sizeof count, "　　人（正式党员　　人，预备党员"
		    "　　人）");
	/* 党小组 and their leaders, in order of first appearance in
	 * members.csv */
	for (k = 0; k < m->nmembers; k++) {
		const struct member *a = &m->members[k];
		size_t j;
		bool seen = false;

		if (a->branch != (size_t)(br - m->branches) || !*a->group)
			continue;
		for (j = 0; j < k; j++)
			if (m->members[j].branch == a->branch &&
			    strcmp(m->members[j].group, a->group) == 0)
				seen = true;
		if (seen)
			continue;
		buf_printf(&g, "%s%s", g.len ? "；" : "", a->group);
		{
			bool first = true;

			for (j = 0; j < nm; j++) {
				const struct member *c = &m->members[mem[j]];

				if (c->role == MEMBER_GROUP_LEADER &&
				    strcmp(c->group, a->group) == 0) {
					buf_printf(&g, "%s%s", first ?
					    "（组长 " : "、", c->name);
					first = false;
				}
			}
			if (!first)
				buf_adds(&g, "）");
		}
	}
	groups = g.s ? buf_take(&g) : xstrdup("");
	if (br->elected.year) {
		date_format_cn(br->elected, elected);
		date_format_cn(br->election_next, due);
		if (br->election_due)
			strcat(due, "（已到期）");
	} else {
		elected[0] = due[0] = '\0';
	}
	{
		struct pdf_cell r1[4] = {
			{.text = "支部名称", .fill = lab, .font = hei},
			{.text = br->name, .span = 3, .pos = &br->pos},
		};
		struct pdf_cell r2[4] = {
			{.text = "支部编号", .fill = lab, .font = hei},
			{.text = br->id, .pos = &br->pos},
			{.text = "成立时间", .fill = lab, .font = hei},
			{.text = ""},
		};
		struct pdf_cell r3[4] = {
			{.text = "上级党组织", .fill = lab, .font = hei},
			{.text = br->parent, .span = 3, .pos = &br->pos},
		};
		struct pdf_cell r4[4] = {
			{.text = "支部书记", .fill = lab, .font = hei},
			{.text = br->secretary, .pos = &br->pos},
			{.text = "联系电话", .fill = lab, .font = hei},
			{.text = ""},
		};
		struct pdf_cell r4b[4] = {
			{.text = "党员人数", .fill = lab, .font = hei},
			{.text = count, .span = 3},
		};
		struct pdf_cell r5[4] = {
			{.text = "党小组", .fill = lab, .font = hei},
			{.text = groups, .span = 3},
		};
		struct pdf_cell r6[4] = {
			{.text = "本届选举时间", .fill = lab, .font = hei},
			{.text = elected, .pos = &br->pos},
			{.text = "应换届时间", .fill = lab, .font = hei},
			{.text = due},
		};

		pdf_table_row_cells(t, PDF_ROW_BODY, r1, 2);
		pdf_table_row_cells(t, PDF_ROW_BODY, r2, 4);
		pdf_table_row_cells(t, PDF_ROW_BODY, r3, 2);
		pdf_table_row_cells(t, PDF_ROW_BODY, r4, 4);
		pdf_table_row_cells(t, PDF_ROW_BODY, r4b, 2);
		pdf_table_row_cells(t, PDF_ROW_BODY, r5, 2);
		pdf_table_row_cells(t, PDF_ROW_BODY, r6, 4);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
	free(groups);
}

static void
committee(struct pdf_doc *doc, const struct model *m, const size_t *mem,
    size_t nm, const struct paper *pp)
{
	static const char *const head[] = {"职务", "姓名", "性别", "出生年月",
	    "入党时间", "分工"};
	struct pdf_table *t = table_new(doc, pp, 6);
	size_t k, rows = 0;

	pdf_table_col(t, 0, share(doc, 0, 1.3, 7.1), 0, PDF_CENTER);
	pdf_table_col(t, 1, share(doc, 0, 1.2, 7.1), 0, PDF_CENTER);
	pdf_table_col(t, 2, share(doc, 0, 0.6, 7.1), 0, PDF_CENTER);
	pdf_table_col(t, 3, share(doc, 0, 1.1, 7.1), 0, PDF_CENTER);
	pdf_table_col(t, 4, share(doc, 0, 1.3, 7.1), 0, PDF_CENTER);
	pdf_table_col(t, 5, share(doc, 0, 1.6, 7.1), 0, PDF_LEFT);
	pdf_table_row(t, PDF_ROW_HEADER, head, 6, NULL);
	for (k = 0; k < nm; k++) {
		const struct member *a = &m->members[mem[k]];
		char born[32], joined[32];
		const char *row[6];

		if (a->role >= MEMBER_GROUP_LEADER)
			continue;
		fmt_month(a->born, born);
		fmt_date(a->joined, joined);
		row[0] = member_role_names[a->role];
		row[1] = a->name;
		row[2] = a->sex;
		row[3] = born;
		row[4] = joined;
		row[5] = "";
		pdf_table_row(t, PDF_ROW_BODY, row, 6, &a->pos);
		rows++;
	}
	if (!m->has_members) {          /* to fill in by hand */
		static const char *const roles[] = {"书记", "副书记",
		    "组织委员", "宣传委员", "纪检委员", ""};

		for (k = 0; k < ARRAY_LEN(roles); k++) {
			const char *row[6] = {roles[k], "", "", "", "", ""};

			pdf_table_row(t, PDF_ROW_BODY, row, 6, NULL);
		}
	} else if (rows == 0) {
		const char *row[6] = {"（未设支部委员会）", "", "", "", "", ""};

		pdf_table_row(t, PDF_ROW_BODY, row, 6, NULL);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
}

static void
roll(struct pdf_doc *doc, const struct model *m, const struct branch *br,
    const size_t *mem, size_t nm, const struct paper *pp)
{
	static const char *const head[] = {"序号", "姓名", "性别", "民族",
	    "出生年月", "学历", "入党时间", "转正时间", "党内职务", "党小组"};
	size_t nrows = m->has_members ? nm : (br->members > 0 ?
	    (size_t)br->members + 5 : 30), k, c;
	char **cells, (*num)[4][24];
	double w[10], size = pp->sz.small * 5 / 6;
	struct pdf_table_style ts = {0};
	struct pdf_table *t;

	if (nrows > 200 && !m->has_members)
		nrows = 200;
	cells = xcalloc((nrows + 1) * 10, sizeof *cells);
	num = xcalloc(nrows + 1, sizeof *num);
	for (c = 0; c < 10; c++)
		cells[c] = (char *)head[c];
	for (k = 0; k < nrows; k++) {
		char **row = &cells[(k + 1) * 10];

		snprintf(num[k][0], 24, "%zu", k + 1);
		row[0] = num[k][0];
		for (c = 1; c < 10; c++)
			row[c] = (char *)"";
		if (k < nm && m->has_members) {
			const struct member *a = &m->members[mem[k]];

			fmt_month(a->born, num[k][1]);
			fmt_date(a->joined, num[k][2]);
			fmt_date(a->confirmed, num[k][3]);
			row[1] = a->name;
			row[2] = a->sex;
			row[3] = a->ethnicity;
			row[4] = num[k][1];
			row[5] = a->education;
			row[6] = num[k][2];
			row[7] = a->confirmed.year ? num[k][3] : (char *)"预备";
			row[8] = (char *)member_role_names[a->role];
			row[9] = a->group;
		}
	}
	ts.size = size;
	ts.leading = size * 1.3;
	ts.padding = size * 0.25;
	ts.caption = "党员名册";
	ts.caption_cont_only = true;
	t = pdf_table_new(doc, 10, &ts);
	hb_table_widths(doc, (const char *const *)cells, nrows + 1, 10, size,
	    ts.padding, w);
	if (!m->has_members) {      /* room to write: the widths of a sample */
		static const char *const sample[] = {"序号", "姓名名字",
		    "性别", "民族", "0000.00", "大学本科", "0000.00.00",
		    "0000.00.00", "组织委员", "第一党小组"};
		const char *two[20];

		for (c = 0; c < 10; c++) {
			two[c] = head[c];
			two[10 + c] = sample[c];
		}
		hb_table_widths(doc, two, 2, 10, size, ts.padding, w);
	}
	for (c = 0; c < 10; c++)
		pdf_table_col(t, c, w[c], 0, c == 1 || c == 9 || c == 5 ?
		    PDF_LEFT : PDF_CENTER);
	pdf_table_row(t, PDF_ROW_HEADER, head, 10, NULL);
	for (k = 0; k < nrows; k++)
		pdf_table_row(t, PDF_ROW_BODY,
		    (const char *const *)&cells[(k + 1) * 10], 10,
		    k < nm && m->has_members ? &m->members[mem[k]].pos : NULL);
	pdf_table_draw(t);
	pdf_table_free(t);
	free(cells);
	free(num);
}

/* Statistics of the roll (derive.c's): a row per dimension, its bands in
 * one cell ("男12人（66.7%）；女6人（33.3%）"); blank for hand entry
 * without a roll. */
static void
stat_row(struct pdf_table *t, const char *what, const struct roll_stats *rs,
    enum roll_dim d, bool blank)
{
	struct buf s = {0};
	size_t k;

	for (k = 0; k < rs->nband[d]; k++) {
		const struct roll_band *b = &rs->band[d][k];
		char share[32];

		if (blank)
			buf_printf(&s, "%s%s　　人", k ? "；" : "", b->name);
		else if (b->permille < 0)
			buf_printf(&s, "%s%s0人", k ? "；" : "", b->name);
		else
			buf_printf(&s, "%s%s%zu人（%s）", k ? "；" : "",
			    b->name, b->n, fmt_permille(b->permille, share));
	}
	{
		struct pdf_cell row[2] = {
			{.text = what, .font = PDF_FONT(FONT_HEI),
			    .fill = PDF_FILL(0xeeeeee)},
			{.text = s.s ? s.s : ""},
		};

		pdf_table_row_cells(t, PDF_ROW_BODY, row, 2);
	}
	buf_free(&s);
}

static void
statistics(struct pdf_doc *doc, const struct model *m,
    const struct branch *br, const struct paper *pp)
{
	const struct roll_stats *rs = &br->roll;
	bool blank = !m->has_members;
	struct pdf_table *t;
	char title[256];

	if (blank)
		snprintf(title, sizeof title, "党员总数　　人。年龄、党龄均计算到"
		    "%d年12月31日；党龄从转正之日算起，预备党员不计党龄。",
		    m->cfg.year);
	else
		snprintf(title, sizeof title, "党员总数%zu人。年龄、党龄均计算到"
		    "%d年12月31日；党龄从转正之日算起，预备党员不计党龄。",
		    rs->total, m->cfg.year);
	note(doc, pp, title);
	pdf_flow_space(doc, pp->sz.body * 0.3);
	t = table_new(doc, pp, 2);
	pdf_table_col(t, 0, pp->sz.small * 6, 0, PDF_CENTER);
	pdf_table_col(t, 1, 0, 1, PDF_LEFT);
	stat_row(t, "党员类别", rs, ROLL_KIND, blank);
	stat_row(t, "性别", rs, ROLL_SEX, blank);
	stat_row(t, "年龄", rs, ROLL_AGE, blank);
	stat_row(t, "学历", rs, ROLL_EDU, blank);
	stat_row(t, "党龄", rs, ROLL_TENURE, blank);
	pdf_table_draw(t);
	pdf_table_free(t);
}

static void
election(struct pdf_doc *doc, const struct model *m, const struct branch *br,
    const struct paper *pp)
{
	char a[32], b[32];
	char *s;

	if (br->elected.year)
		s = xasprintf("本届支部委员会于%s选举产生，任期%d年，应于%s"
		    "前完成换届选举%s。换届选举的程序见第二部分“换届选举”。",
		    date_format_cn(br->elected, a), m->cfg.term_years,
		    date_format_cn(br->election_next, b), br->election_due ?
		    "；已超过任期，请及时向上级党组织报告，按期换届" : "");
	else
		s = xasprintf("本届支部委员会选举时间：　　　　年　　月　　日；"
		    "任期%d年，应于　　　　年　　月　　日前完成换届选举。",
		    m->cfg.term_years);
	note(doc, pp, s);
	free(s);
}

/* A blank table of the roll's changes during the year. */
static void
changes(struct pdf_doc *doc, const struct paper *pp)
{
	static const char *const head[] = {"日期", "姓名",
	    "变动情况（转入、转出、发展、转正、去世等）", "备注"};
	struct pdf_table *t = table_new(doc, pp, 4);
	size_t k;

	note(doc, pp, "党员名册印制后的变动，逐项记在下表，并及时报告党委。");
	pdf_flow_space(doc, pp->sz.body * 0.3);
	pdf_table_col(t, 0, share(doc, 0, 1.1, 6.3), 0, PDF_CENTER);
	pdf_table_col(t, 1, share(doc, 0, 1, 6.3), 0, PDF_CENTER);
	pdf_table_col(t, 2, share(doc, 0, 2.8, 6.3), 0, PDF_LEFT);
	pdf_table_col(t, 3, share(doc, 0, 1.4, 6.3), 0, PDF_LEFT);
	pdf_table_row(t, PDF_ROW_HEADER, head, 4, NULL);
	for (k = 0; k < CHANGE_ROWS; k++) {
		const char *row[4] = {"\n", "", "", ""};

		pdf_table_row(t, PDF_ROW_BODY, row, 4, NULL);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
}

static void
handover(struct pdf_doc *doc, const struct paper *pp)
{
	static const char *const head[] = {"交接日期", "移交人", "接交人",
	    "交接内容（手册、记录、名册、台账等）", "监交人"};
	struct pdf_table *t = table_new(doc, pp, 5);
	size_t k;

	note(doc, pp, "支部书记调整或支部委员会换届时，交接双方和监交人在下表"
	    "签字。");
	pdf_flow_space(doc, pp->sz.body * 0.3);
	pdf_table_col(t, 0, share(doc, 0, 1.1, 6.7), 0, PDF_CENTER);
	pdf_table_col(t, 1, share(doc, 0, 1, 6.7), 0, PDF_CENTER);
	pdf_table_col(t, 2, share(doc, 0, 1, 6.7), 0, PDF_CENTER);
	pdf_table_col(t, 3, share(doc, 0, 2.6, 6.7), 0, PDF_LEFT);
	pdf_table_col(t, 4, share(doc, 0, 1, 6.7), 0, PDF_CENTER);
	pdf_table_row(t, PDF_ROW_HEADER, head, 5, NULL);
	for (k = 0; k < HANDOVER_ROWS; k++) {
		const char *row[5] = {"\n\n", "", "", "", ""};

		pdf_table_row(t, PDF_ROW_BODY, row, 5, NULL);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
}

static void
part5(struct pdf_doc *doc, struct booklet *b, const struct furniture *fu)
{
	const struct model *m = fu->m;
	const struct branch *br = &m->branches[b->branch];
	const struct paper *pp = fu->paper;
	size_t nm, *mem = branch_members(m, b->branch, &nm);

	part_open(doc, b, fu, 4);
	section(doc, b, pp, "一、支部概况");
	details(doc, m, br, mem, nm, pp);
	section(doc, b, pp, "二、支部委员会");
	committee(doc, m, mem, nm, pp);
	section(doc, b, pp, "三、党员名册");
	if (!m->has_members)
		note(doc, pp, "请按党内职务、入党时间的顺序逐人填写。");
	roll(doc, m, br, mem, nm, pp);
	/* the statistics whole on one page with their heading */
	if (pdf_flow_left(doc) < pp->sz.small * 34)
		new_page(doc, b, false);
	section(doc, b, pp, "四、党员队伍结构");
	statistics(doc, m, br, pp);
	section(doc, b, pp, "五、换届情况");
	election(doc, m, br, pp);
	if (pdf_flow_left(doc) < pp->sz.small * 30)
		new_page(doc, b, false);
	section(doc, b, pp, "六、党员变动记录");
	changes(doc, pp);
	/* the handover table whole on one page with its heading */
	if (pdf_flow_left(doc) < pp->sz.small * 40)
		new_page(doc, b, false);
	section(doc, b, pp, "七、工作交接记录");
	handover(doc, pp);
	free(mem);
}

/* ------------------------------------------------------------------ */
/* Part 6: 支部工作记录                                                   */

static int
record_cmp_date(const struct record *a, const struct record *b)
{
	if (a->date.year != b->date.year)
		return a->date.year < b->date.year ? -1 : 1;
	if (a->date.month != b->date.month)
		return a->date.month < b->date.month ? -1 : 1;
	if (a->date.day != b->date.day)
		return a->date.day < b->date.day ? -1 : 1;
	return a->pos.line < b->pos.line ? -1 : a->pos.line > b->pos.line;
}

static const char *const record_types[] = {
	"支部党员大会", "支委会", "党小组会", "党课", "主题党日", "组织生活会",
	"民主评议党员", "其他",
};

static void
record_summary(struct pdf_doc *doc, const struct model *m,
    const struct branch *br, size_t bi, const struct paper *pp)
{
	static const char *const head[] = {"记录类型", "次数", "每年最少",
	    "情况"};
	struct pdf_table *t;
	size_t k, r;
	char *s;

	s = xasprintf("下表统计本支部报送党委的%d年度工作记录（共%d条），"
	    "最少次数按党委的规定。", m->cfg.year, br->nrecords);
	note(doc, pp, s);
	free(s);
	pdf_flow_space(doc, pp->sz.body * 0.3);
	t = table_new(doc, pp, 4);
	pdf_table_col(t, 0, 0, 2, PDF_LEFT);
	pdf_table_col(t, 1, 0, 1, PDF_CENTER);
	pdf_table_col(t, 2, 0, 1, PDF_CENTER);
	pdf_table_col(t, 3, 0, 1.2, PDF_CENTER);
	pdf_table_row(t, PDF_ROW_HEADER, head, 4, NULL);
	/* the [records] types with their minimums, then the others held */
	for (k = 0; k < m->cfg.nrecord_mins; k++) {
		const struct record_count *rc = &br->records[k];
		char n[16], min[16];
		const char *row[4];

		snprintf(n, sizeof n, "%d", rc->count);
		snprintf(min, sizeof min, "%d", rc->min);
		row[0] = m->cfg.record_mins[k].type;
		row[1] = n;
		row[2] = min;
		row[3] = rc->short_of_min ? "未达到" : "达到";
		pdf_table_row(t, PDF_ROW_BODY, row, 4, NULL);
	}
	for (k = 0; k < ARRAY_LEN(record_types); k++) {
		size_t j, count = 0;
		char n[24];
		const char *row[4];

		for (j = 0; j < m->cfg.nrecord_mins; j++)
			if (strcmp(m->cfg.record_mins[j].type,
			    record_types[k]) == 0)
				break;
		if (j < m->cfg.nrecord_mins)
			continue;
		for (r = 0; r < m->nrecords; r++)
			if (m->records[r].branch == bi &&
			    strcmp(m->records[r].type, record_types[k]) == 0)
				count++;
		if (count == 0)
			continue;
		snprintf(n, sizeof n, "%zu", count);
		row[0] = record_types[k];
		row[1] = n;
		row[2] = "—";
		row[3] = "—";
		pdf_table_row(t, PDF_ROW_BODY, row, 4, NULL);
	}
	{
		char n[16];
		const char *row[4] = {"合计", n, "", ""};

		snprintf(n, sizeof n, "%d", br->nrecords);
		pdf_table_row(t, PDF_ROW_SUBTOTAL, row, 4, NULL);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
}

static void
record_list(struct pdf_doc *doc, const struct model *m, size_t bi,
    const struct paper *pp)
{
	static const char *const head[] = {"日期", "主题", "应到", "实到"};
	const struct record **v = xcalloc(m->nrecords + 1, sizeof *v);
	struct pdf_table *t;
	size_t n, k, i, j, nt;

	if (m->nrecords == 0) {
		note(doc, pp, "本年度没有报送工作记录。");
		free(v);
		return;
	}
	{
		struct pdf_table_style ts = {0};

		ts.size = pp->sz.small;
		ts.leading = pp->sz.small * 1.35;
		ts.padding = pp->sz.small * 0.35;
		ts.caption = "本年度工作记录明细";
		ts.caption_cont_only = true;
		t = pdf_table_new(doc, 4, &ts);
	}
	pdf_table_col(t, 0, 0, 1.3, PDF_CENTER);
	pdf_table_col(t, 1, 0, 4, PDF_LEFT);
	pdf_table_col(t, 2, 0, 0.6, PDF_CENTER);
	pdf_table_col(t, 3, 0, 0.6, PDF_CENTER);
	pdf_table_row(t, PDF_ROW_HEADER, head, 4, NULL);
	nt = 0;
	for (k = 0; k < ARRAY_LEN(record_types); k++) {
		n = 0;
		for (i = 0; i < m->nrecords; i++)
			if (m->records[i].branch == bi &&
			    strcmp(m->records[i].type, record_types[k]) == 0)
				v[n++] = &m->records[i];
		if (n == 0)
			continue;
		for (i = 1; i < n; i++) {
			const struct record *x = v[i];

			for (j = i; j > 0 && record_cmp_date(v[j - 1], x) > 0;
			    j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		{
			char *s = xasprintf("%s（%zu次）", record_types[k], n);
			struct pdf_cell c = {.text = s, .span = 4,
			    .font = PDF_FONT(FONT_HEI),
			    .fill = PDF_FILL(0xeeeeee)};

			pdf_table_row_cells(t, PDF_ROW_GROUP, &c, 1);
			free(s);
		}
		for (i = 0; i < n; i++) {
			char d[32], e[16], p[16];
			const char *row[4];

			fmt_date(v[i]->date, d);
			if (v[i]->expected >= 0)
				snprintf(e, sizeof e, "%d", v[i]->expected);
			else
				e[0] = '\0';
			if (v[i]->present >= 0)
				snprintf(p, sizeof p, "%d", v[i]->present);
			else
				p[0] = '\0';
			row[0] = d;
			row[1] = v[i]->topic;
			row[2] = e;
			row[3] = p;
			pdf_table_row(t, PDF_ROW_BODY, row, 4, &v[i]->pos);
		}
		nt += n;
	}
	if (nt == 0) {
		const struct pdf_cell c = {.text = "本年度没有报送工作记录。",
		    .span = 4};

		pdf_table_row_cells(t, PDF_ROW_BODY, &c, 1);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
	free(v);
}

static const char *
form_title(const char *type)
{
	size_t k;

	for (k = 0; k < ARRAY_LEN(form_titles); k++)
		if (strcmp(form_titles[k].type, type) == 0)
			return form_titles[k].title;
	return type;
}

/* One blank record form on its own page (the first may follow the
 * section heading when most of the page is left).  A 党课 has a 主讲人 and
 * a 题目 where meetings have a 主持人 and 议题. */
static void
form(struct pdf_doc *doc, struct booklet *b, const struct paper *pp,
    const char *type, int k, int n, bool first)
{
	bool lecture = strcmp(type, "党课") == 0;
	const char *chair = lecture ? "主讲人" : "主持人";
	char sign[64];
	const struct hb_sizes *sz = &pp->sz;
	struct pdf_style st = style(FONT_HEI, sz->h2 + 1, PDF_CENTER);
	struct pdf_style sm = style(FONT_SONG, sz->small, PDF_RIGHT);
	const int32_t lab = PDF_FILL(0xeeeeee);
	const int hei = PDF_FONT(FONT_HEI);
	struct pdf_table *t;
	double l, r, y, bottom, lead, sig;
	char no[48];

	if (pdf_flow_y(doc) > pdf_area_top(doc) + 1 && (!first ||
	    pdf_flow_left(doc) < (pdf_area_bottom(doc) - pdf_area_top(doc)) *
	    0.7))
		new_page(doc, b, false);
	else if (first)
		pdf_flow_space(doc, sz->body);
	st.leading = st.size * 1.5;
	pdf_flow_paragraph(doc, &st, form_title(type), NULL);
	snprintf(no, sizeof no, "第%d份，共%d份", k, n);
	sm.color = GREY;
	pdf_text_at(doc, pdf_area_right(doc), pdf_flow_y(doc) + sz->small,
	    &sm, no, NULL);
	pdf_flow_space(doc, sz->small * 1.6);
	{
		/* rows tall enough to write in by hand (about 7 mm at A5) */
		struct pdf_table_style ts = {0};

		ts.size = sz->small;
		ts.leading = sz->small * 1.35;
		ts.padding = sz->small * 0.5;
		t = pdf_table_new(doc, 4, &ts);
	}
	pdf_table_col(t, 0, sz->small * 7.5, 0, PDF_CENTER);
	pdf_table_col(t, 1, share(doc, sz->small * 12.5, 1, 2), 0, PDF_LEFT);
	pdf_table_col(t, 2, sz->small * 5, 0, PDF_CENTER);
	pdf_table_col(t, 3, share(doc, sz->small * 12.5, 1, 2), 0, PDF_LEFT);
	{
		struct pdf_cell r1[4] = {
			{.text = "时间", .fill = lab, .font = hei},
			{.text = "　　年　　月　　日"},
			{.text = "地点", .fill = lab, .font = hei},
			{.text = ""},
		};
		struct pdf_cell r2[4] = {
			{.text = chair, .fill = lab, .font = hei},
			{.text = ""},
			{.text = "记录人", .fill = lab, .font = hei},
			{.text = ""},
		};
		struct pdf_cell r3[4] = {
			{.text = "应到", .fill = lab, .font = hei},
			{.text = "　　　人", .align = PDF_RIGHT},
			{.text = "实到", .fill = lab, .font = hei},
			{.text = "　　　人", .align = PDF_RIGHT},
		};
		struct pdf_cell r4[2] = {
			{.text = "缺席人员\n及原因", .fill = lab, .font = hei},
			{.text = "\n", .span = 3},
		};
		struct pdf_cell r5[2] = {
			{.text = lecture ? "题目" : "议题", .fill = lab,
			    .font = hei},
			{.text = "\n\n", .span = 3},
		};

		pdf_table_row_cells(t, PDF_ROW_BODY, r1, 4);
		pdf_table_row_cells(t, PDF_ROW_BODY, r2, 4);
		pdf_table_row_cells(t, PDF_ROW_BODY, r3, 4);
		pdf_table_row_cells(t, PDF_ROW_BODY, r4, 2);
		pdf_table_row_cells(t, PDF_ROW_BODY, r5, 2);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
	/* 记录: a ruled box to the foot of the page, signatures below it */
	l = pdf_area_left(doc);
	r = pdf_area_right(doc);
	y = pdf_flow_y(doc);
	sig = sz->body * 2.2;
	bottom = pdf_area_bottom(doc) - sig;
	lead = sz->body * 2.0;
	pdf_rect(doc, l, y, r - l, bottom - y, -1, 0.5);
	st = style(FONT_HEI, sz->small, PDF_LEFT);
	pdf_text_at(doc, l + sz->small * 0.5, y + sz->small * 1.4, &st, "记录：",
	    NULL);
	{
		double ly;

		for (ly = y + lead; ly + lead * 0.5 < bottom - lead * 0.4;
		    ly += lead)
			pdf_line(doc, l + sz->small * 0.5, ly + lead * 0.5,
			    r - sz->small * 0.5, ly + lead * 0.5, 0.3, LIGHT);
	}
	st = style(FONT_SONG, sz->small + 0.5, PDF_LEFT);
	snprintf(sign, sizeof sign, "%s（签字）：", chair);
	pdf_text_at(doc, l + sz->small * 0.5, pdf_area_bottom(doc) - sz->body *
	    0.5, &st, sign, NULL);
	pdf_text_at(doc, (l + r) / 2 + sz->small, pdf_area_bottom(doc) -
	    sz->body * 0.5, &st, "记录人（签字）：", NULL);
	pdf_flow_set_y(doc, pdf_area_bottom(doc));
}

static void
assessment(struct pdf_doc *doc, const struct model *m,
    const struct branch *br, const struct paper *pp)
{
	const struct config *cfg = &m->cfg;
	struct pdf_table *t = table_new(doc, pp, 3);
	static const char *const head[] = {"类别", "分值", "得分"};
	char a[32], rank[64];
	struct buf s = {0};
	size_t c, k;

	if (br->vetoed)
		snprintf(rank, sizeof rank, "不排名（一票否决）");
	else
		snprintf(rank, sizeof rank, "%s第%d名（共%zu个）",
		    br->rank_shared ? "并列" : "", br->rank, m->nranked);
	buf_printf(&s, "%d年度%s考核总分%s分，%s，考核等次为“%s”。",
	    cfg->year, m->selected_period >= 0 ?
	    cfg->periods[m->selected_period].name : "",
	    fmt_cents(br->final, a), rank, cfg->levels[br->level].name);
	if (br->vetoed)
		buf_printf(&s, "一票否决事项：%s。", br->veto_reasons);
	note(doc, pp, s.s);
	buf_free(&s);
	pdf_flow_space(doc, pp->sz.body * 0.3);
	pdf_table_col(t, 0, 0, 3, PDF_LEFT);
	pdf_table_col(t, 1, 0, 1, PDF_CENTER);
	pdf_table_col(t, 2, 0, 1, PDF_CENTER);
	pdf_table_row(t, PDF_ROW_HEADER, head, 3, NULL);
	for (c = 0; c < m->ncategories; c++) {
		char p[32], v[32];
		const char *row[3];

		row[0] = m->categories[c].name;
		row[1] = fmt_cents(m->categories[c].points, p);
		row[2] = fmt_cents(br->cat_score[c], v);
		pdf_table_row(t, PDF_ROW_BODY, row, 3, NULL);
	}
	{
		char p[32], v[32];
		const char *row[3] = {"总分", fmt_cents(cfg->rubric_total, p),
		    fmt_cents(br->final, v)};

		pdf_table_row(t, PDF_ROW_SUBTOTAL, row, 3, NULL);
	}
	pdf_table_draw(t);
	pdf_table_free(t);
	pdf_flow_space(doc, pp->sz.body * 0.5);
	if (!br->vetoed && br->gap_to_top > 0)
		buf_printf(&s, "距“%s”分数线（%s分）还差%s分。",
		    cfg->levels[0].name, fmt_cents(cfg->levels[0].min, a),
		    fmt_cents(br->gap_to_top, rank));
	if (br->ntop_lost > 0) {
		buf_adds(&s, "失分最多的项目：");
		for (k = 0; k < br->ntop_lost; k++) {
			const struct item *it = &m->items[br->top_lost[k]];

			buf_printf(&s, "%s%s %s（失%s分）", k ? "；" : "",
			    it->id, it->title,
			    fmt_cents(br->item_lost[br->top_lost[k]], a));
		}
		buf_adds(&s, "。");
	}
	if (s.len) {
		char *x = xasprintf("改进方向：%s", s.s);

		note(doc, pp, x);
		free(x);
	}
	buf_free(&s);
}

static void
part6(struct pdf_doc *doc, struct booklet *b, const struct furniture *fu)
{
	const struct model *m = fu->m;
	const struct branch *br = &m->branches[b->branch];
	const struct paper *pp = fu->paper;
	size_t k;
	int i;

	part_open(doc, b, fu, 5);
	section(doc, b, pp, "一、本年度工作记录统计");
	record_summary(doc, m, br, b->branch, pp);
	section(doc, b, pp, "二、本年度工作记录明细");
	record_list(doc, m, b->branch, pp);
	new_page(doc, b, false);
	section(doc, b, pp, "三、会议记录");
	note(doc, pp, "每次会议后及时填写。记录页按党委规定的每年最少次数印制，"
	    "不够用时可另附页。");
	{
		bool first = true;

		for (k = 0; k < m->cfg.nrecord_mins; k++) {
			int n = m->cfg.handbook_forms >= 0 ?
			    m->cfg.handbook_forms : m->cfg.record_mins[k].min;

			for (i = 1; i <= n; i++) {
				form(doc, b, pp, m->cfg.record_mins[k].type, i,
				    n, first);
				first = false;
			}
		}
	}
	if (br->final >= 0 && br->cat_score != NULL) {
		new_page(doc, b, false);
		section(doc, b, pp, "四、年度考核情况");
		assessment(doc, m, br, pp);
	}
}

/* ------------------------------------------------------------------ */
/* A whole booklet                                                      */

/* Lays out the booklet of branch bi from the current page (a fresh one)
 * on; fills *b. */
static void
booklet_draw(struct pdf_doc *doc, struct furniture *fu, struct booklet *b,
    size_t bi)
{
	const struct paper *pp = fu->paper;
	size_t k, n;
	unsigned p;

	memset(b, 0, sizeof *b);
	b->branch = bi;
	b->first = pdf_page_current(doc);
	mark_page(doc, b, false);
	draw_cover(doc, fu->m, &fu->m->branches[bi], pp);
	new_page(doc, b, false);                 /* the cover's back */
	mark_page(doc, b, true);
	new_page(doc, b, false);
	b->toc_first = pdf_page_current(doc);
	b->toc_pages = toc_pages_for(doc, pp, toc_estimate(fu->texts));
	for (p = 1; p < b->toc_pages; p++)
		new_page(doc, b, false);
	for (k = 0; k < HB_NTEXTS; k++) {
		part_open(doc, b, fu, k);
		hb_part_draw(doc, &fu->texts->part[k], &pp->sz, toc_mark, b);
	}
	part5(doc, b, fu);
	part6(doc, b, fu);
	/* pad to a multiple of 4 */
	n = pdf_page_current(doc) - b->first + 1;
	while (n % 4 != 0) {
		new_page(doc, b, false);
		mark_page(doc, b, true);
		n++;
	}
	b->last = pdf_page_current(doc);
	draw_toc(doc, b, pp);
	pdf_page_select(doc, b->last);
}

static void
booklet_free(struct booklet *b)
{
	size_t i;

	for (i = 0; i < b->ntoc; i++)
		free(b->toc[i].title);
	free(b->toc);
	free(b->blank);
}

static void
doc_info(struct pdf_doc *doc, const struct model *m, const char *title)
{
	struct pdf_info info = {0};

	info.title = title;
	info.author = m->cfg.organization;
	info.subject = "党支部工作手册";
	info.keywords = "党支部工作手册";
	pdf_doc_set_info(doc, &info);
}

/* ------------------------------------------------------------------ */
/* The run                                                              */

struct run {
	const struct model *m;
	const struct pdf_fonts *fonts;
	const struct batch_options *opt;
	struct hb_texts texts;
	struct paper paper;
	struct pdf_common *common;
	size_t *sel, nsel;
	char **paths;
};

static void
furniture_init(struct furniture *fu, const struct run *r)
{
	memset(fu, 0, sizeof *fu);
	fu->m = r->m;
	fu->texts = &r->texts;
	fu->paper = &r->paper;
}

static void
furniture_free(struct furniture *fu)
{
	size_t k;

	for (k = 0; k < fu->nbk; k++)
		booklet_free(&fu->bk[k]);
	free(fu->bk);
}

/* Lays out the booklet of branch bi into doc (from its current page, which
 * must be fresh) and records it in fu. */
static void
booklet_add(struct pdf_doc *doc, struct furniture *fu, size_t bi)
{
	xgrow(&fu->bk, &fu->capbk, fu->nbk + 1, sizeof *fu->bk);
	booklet_draw(doc, fu, &fu->bk[fu->nbk], bi);
	fu->nbk++;
}

/* The laid-out booklet of branch bi, its page furniture in *fu (to free
 * after the document). */
static struct pdf_doc *
booklet_doc(const struct run *r, size_t bi, struct furniture *fu)
{
	struct pdf_doc *doc = pdf_doc_new(r->fonts, &r->paper.setup);
	char *title;

	furniture_init(fu, r);
	booklet_add(doc, fu, bi);
	pdf_doc_set_furniture(doc, draw_furniture, fu);
	pdf_doc_set_common(doc, r->common);
	title = xasprintf("党支部工作手册：%s", r->m->branches[bi].name);
	doc_info(doc, r->m, title);
	free(title);
	return doc;
}

static int
booklet_one(void *ctx, size_t k)
{
	struct run *r = ctx;
	const struct branch *b = &r->m->branches[r->sel[k]];
	struct furniture fu;
	struct pdf_doc *doc = booklet_doc(r, r->sel[k], &fu);
	int rc;

	rc = pdf_doc_save(doc, r->paths[k]);
	pdf_doc_free(doc);
	furniture_free(&fu);
	if (rc != 0)
		diag_msg(D_HANDBOOK_FAILED, NULL, 0, 0, b->id, b->name);
	return rc;
}

/* Shared font parts: the texts of parts 1-4 and every fixed label are in
 * every booklet; a sample of booklets adds what most of them draw. */
static struct pdf_common *
common_fonts(struct run *r)
{
	struct pdf_common *c;
	struct buf text = {0};
	size_t k, n, mark;

	if (r->nsel < 4)
		return NULL;
	c = pdf_common_new(r->fonts);
	for (k = 0; k < HB_NTEXTS; k++)
		hb_part_text(&r->texts.part[k], &text);
	if (text.s)
		pdf_common_add(c, FONT_SONG, text.s);
	buf_free(&text);
	n = r->nsel < COMMON_SAMPLE ? r->nsel : COMMON_SAMPLE;
	mark = diag_mark();
	for (k = 0; k < n; k++) {
		struct pdf_doc *doc = pdf_doc_new(r->fonts, &r->paper.setup);
		struct furniture fu;

		furniture_init(&fu, r);
		booklet_add(doc, &fu, r->sel[k * r->nsel / n]);
		pdf_common_add_doc(c, doc);
		pdf_doc_free(doc);
		furniture_free(&fu);
	}
	diag_rollback(mark, 0);
	pdf_common_add(c, FONT_SONG, "— 0123456789 —·第部分工作手册");
	if (pdf_common_build(c, COMMON_SHARE) != 0) {
		pdf_common_free(c);
		return NULL;
	}
	return c;
}

static int
write_combined(struct run *r)
{
	struct pdf_doc *doc = pdf_doc_new(r->fonts, &r->paper.setup);
	struct furniture fu;
	size_t k;
	int rc;

	furniture_init(&fu, r);
	for (k = 0; k < r->nsel; k++) {
		if (k > 0)
			pdf_page_new(doc);
		booklet_add(doc, &fu, r->sel[k]);
	}
	pdf_doc_set_furniture(doc, draw_furniture, &fu);
	pdf_doc_set_common(doc, r->common);
	doc_info(doc, r->m, "党支部工作手册");
	rc = pdf_doc_save(doc, r->opt->combined);
	pdf_doc_free(doc);
	furniture_free(&fu);
	if (rc != 0)
		diag_msg(D_HANDBOOK_COMBINED_FAILED, NULL, 0, 0);
	return rc;
}

int
handbook_write(const struct model *m, const struct pdf_fonts *fonts,
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
		free(r.sel);
		return EXIT_ENV;
	}
	hb_texts_load(&r.texts, m);
	paper_init(&r.paper, opt->a4);
	r.common = common_fonts(&r);
	if (batch_run(r.nsel, opt->jobs, opt->progress, "handbooks",
	    booklet_one, &r) != 0)
		rc = EXIT_ENV;
	if (rc == EXIT_OK && opt->combined != NULL && write_combined(&r) != 0)
		rc = EXIT_ENV;
	pdf_common_free(r.common);
	batch_paths_free(r.paths, r.nsel);
	free(r.sel);
	hb_texts_free(&r.texts);
	return rc;
}

int
handbook_render(const struct model *m, const struct pdf_fonts *fonts,
    size_t b, bool a4, char **data, size_t *len)
{
	struct run r;
	struct furniture fu;
	struct pdf_doc *doc;
	int rc;

	memset(&r, 0, sizeof r);
	r.m = m;
	r.fonts = fonts;
	hb_texts_load(&r.texts, m);
	paper_init(&r.paper, a4);
	doc = booklet_doc(&r, b, &fu);
	rc = pdf_doc_render(doc, data, len);
	pdf_doc_free(doc);
	furniture_free(&fu);
	hb_texts_free(&r.texts);
	return rc;
}
