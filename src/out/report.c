/* pdf_report.c: the assessment report (考核情况报告): cover, method, overview
 * with charts, ranking, vetoes, commendations, gap analysis, work records
 * and the rubric; every figure printed is a field of the model. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pdf/pdf.h"
#include "out/out.h"

/* Page geometry: portrait for text, landscape for the wide tables (the
 * ranking has one column per category).  The top margin leaves room for
 * the running header, the bottom one for the page number.  The report is
 * bound on the left; a landscape page is turned with its top to the
 * binding, so its top edge keeps the binding margin (25 mm, the running
 * header included: 33 mm to the type area) and the other edges 20 mm. */
static const struct pdf_page_setup portrait = {
	false, PDF_MM(30), PDF_MM(25), PDF_MM(25), PDF_MM(20), 0, 0, false
};
static const struct pdf_page_setup landscape = {
	true, PDF_MM(33), PDF_MM(25), PDF_MM(20), PDF_MM(20), 0, 0, false
};

#define H1_SIZE PDF_SIZE_3HAO      /* section headings, 黑体 */
#define H2_SIZE PDF_SIZE_4HAO      /* sub-headings, 黑体 */
#define BODY_SIZE PDF_SIZE_XIAO4   /* body text, 宋体 */
#define TABLE_SIZE PDF_SIZE_5HAO   /* small tables */
#define WIDE_SIZE 8.5             /* the long tables (one row per branch) */
#define NOTE_SIZE PDF_SIZE_5HAO    /* notes under tables */
#define FURNITURE_SIZE PDF_SIZE_XIAO5

#define VETO_FILL 0xfbe3e3   /* rows of vetoed branches */
#define SHORT_FILL 0xf4c2bd  /* cells below a minimum, or due for election */
#define GROUP_FILL 0xe3eaf2  /* group (上级党组织) title rows */
#define GREY 0x404040

/* Up to this many branches, the overview charts each branch's score; above
 * it, the distribution by score bands (a bar per band) keeps the chart one
 * readable page at any size. */
#define CHART_MAX_BARS 40
/* At most this many score bands in the distribution chart. */

struct report {
	const struct model *m;
	struct pdf_doc *doc;
	char *title;        /* [report] title, with the period under --period */
	unsigned nsection;  /* numbered sections so far */
	char *caption;      /* the heading above the tables now drawn: their
	                       caption on the pages they continue to */
};

/* ------------------------------------------------------------------ */
/* Text helpers                                                         */

/* A column head: names longer than five characters broken after four
 * (党员教育 / 和管理; 党风党纪 / 建设), or in the middle when longer than
 * eight, so that narrow columns wrap at word-like places; then the points. */
static char *
head_text(const char *name, int64_t points)
{
	size_t n = utf8_chars(name), half = n > 8 ? (n + 1) / 2 : 4, i, off = 0;
	char num[32];
	uint32_t cp;

	fmt_trim(points, num);
	if (n <= 5)
		return xasprintf("%s\n（%s）", name, num);
	for (i = 0; i < half; i++)
		off += utf8_decode(name + off, strlen(name + off), &cp);
	return xasprintf("%.*s\n%s\n（%s）", (int)off, name, name + off, num);
}

/* Rank as printed: "3", "3（并列）", or "—" for a vetoed branch. */
static char *
fmt_rank(const struct branch *b, char out[32])
{
	if (b->rank == 0)
		snprintf(out, 32, "—");
	else if (b->rank_shared)
		snprintf(out, 32, "%d（并列）", b->rank);
	else
		snprintf(out, 32, "%d", b->rank);
	return out;
}

/* The level as printed in tables, with why when it is not the score's. */
static char *
level_text(const struct model *m, const struct branch *b)
{
	const char *name = m->cfg.levels[b->level].name;

	if (b->vetoed)
		return xasprintf("%s（一票否决）", name);
	if (b->lost_top_by_quota)
		return xasprintf("%s（超出名额）", name);
	return xstrdup(name);
}

/* "自评20%、互评30%、考评50%"; weights from w, or from override. */
static void
weights_text(struct buf *b, const struct named_weight *w, size_t n,
    const int *override)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s%s%d%%", i ? "、" : "", w[i].name,
		    override ? override[i] : w[i].weight);
}

/* The report's title: [report] title, and under --period the period's name
 * in brackets after it unless the title already names it. */
static char *
report_title(const struct model *m)
{
	const char *t = m->cfg.title, *p;

	if (m->selected_period < 0)
		return xstrdup(t);
	p = m->cfg.periods[m->selected_period].name;
	if (strstr(t, p) != NULL)
		return xstrdup(t);
	return xasprintf("%s（%s）", t, p);
}

/* ------------------------------------------------------------------ */
/* Flow helpers: headings, paragraphs, notes                            */

static double
body_leading(void)
{
	return BODY_SIZE * 1.6;
}

/* A section or sub-section starts a new page only when less than a third
 * of the page is left, and not even then when its first block (block
 * points high, with the heading) fits; never with less than min. */
static void
need_third(struct report *r, double min, double block)
{
	double need = (pdf_area_bottom(r->doc) - pdf_area_top(r->doc)) / 3;

	if (block > 0 && block < need)
		need = block;
	pdf_flow_need(r->doc, need > min ? need : min);
}

/* Height of a small table of nrows one-line rows in the report's style. */
static double
rows_height(size_t nrows)
{
	return (double)nrows * (TABLE_SIZE * 1.35 + 2 * 3) + 8;
}

/* A numbered section heading "一、TEXT" in 黑体, kept with what follows. */
static void
heading(struct report *r, const char *text)
{
	struct pdf_style st = {0};
	char num[CN_NUMBER_SIZE], *s;

	st.role = FONT_HEI;
	st.size = H1_SIZE;
	r->nsection++;
	s = xasprintf("%s、%s", cn_number(r->nsection, num), text);
	if (pdf_flow_y(r->doc) > pdf_area_top(r->doc) + 1)
		pdf_flow_space(r->doc, H1_SIZE);
	need_third(r, H1_SIZE * 1.5 + 4 * body_leading(), 0);
	pdf_flow_paragraph(r->doc, &st, s, NULL);
	pdf_flow_space(r->doc, H1_SIZE * 0.4);
	free(r->caption);
	r->caption = s;
}

/* A sub-heading "（一）TEXT" in 黑体; n counts within the section; block
 * is the height of what must follow it on its page (0: unknown). */
static void
subheading(struct report *r, unsigned n, const char *text, double block)
{
	struct pdf_style st = {0};
	char num[CN_NUMBER_SIZE], *s;

	st.role = FONT_HEI;
	st.size = H2_SIZE;
	s = xasprintf("（%s）%s", cn_number(n, num), text);
	if (pdf_flow_y(r->doc) > pdf_area_top(r->doc) + 1)
		pdf_flow_space(r->doc, H2_SIZE * 0.6);
	need_third(r, H2_SIZE * 1.5 + 4 * body_leading(), block > 0 ?
	    H2_SIZE * 2.4 + block : 0);
	pdf_flow_paragraph(r->doc, &st, s, NULL);
	pdf_flow_space(r->doc, H2_SIZE * 0.3);
	free(r->caption);
	r->caption = s;
}

/* A body paragraph (宋体 小四, indented two characters, justified). */
static void
para(struct report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
para(struct report *r, const char *fmt, ...)
{
	struct pdf_style st = {0};
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	st.role = FONT_SONG;
	st.size = BODY_SIZE;
	st.leading = body_leading();
	st.indent = 2 * BODY_SIZE;
	st.align = PDF_JUSTIFY;
	pdf_flow_paragraph(r->doc, &st, b.s ? b.s : "", NULL);
	buf_free(&b);
}

/* A note under a table or chart (五号, not indented). */
static void
note(struct report *r, const char *text)
{
	struct pdf_style st = {0};

	st.role = FONT_SONG;
	st.size = NOTE_SIZE;
	st.align = PDF_JUSTIFY;
	pdf_flow_space(r->doc, 3);
	pdf_flow_paragraph(r->doc, &st, text, NULL);
	pdf_flow_space(r->doc, 6);
}

/* A table in the report's style; size is the body font size. */
static struct pdf_table *
table_new(struct report *r, size_t ncols, double size)
{
	struct pdf_table_style ts = {0};

	ts.role = FONT_SONG;
	ts.size = size;
	ts.padding = size < TABLE_SIZE ? 2 : 3;
	/* Continued on another page, a table repeats its header under the
	 * heading with "（续）". */
	ts.caption = r->caption;
	ts.caption_cont_only = true;
	return pdf_table_new(r->doc, ncols, &ts);
}

/* Draws the table, frees it and leaves a little space after it. */
static void
table_end(struct report *r, struct pdf_table *t)
{
	pdf_table_draw(t);
	pdf_table_free(t);
	pdf_flow_space(r->doc, 8);
}

/* Width of the rank column of a table of font size: the widest rank text
 * ("10000（并列）") with the cell padding. */
static double
rank_width(const struct report *r, double size)
{
	struct pdf_style st = {0};
	char s[64];

	st.role = FONT_SONG;
	st.size = size;
	snprintf(s, sizeof s, "%zu（并列）", r->m->nbranches);
	return pdf_text_width(r->doc, &st, s) + 2 * 2 + 2;
}

/* Starts a new page with the given setup. */
static void
new_page(struct report *r, const struct pdf_page_setup *s)
{
	pdf_doc_set_setup(r->doc, s);
	pdf_page_new(r->doc);
}

/* A free list for the texts of one table row. */
struct rowtext {
	char **s;
	size_t n, cap;
};

/* Keeps s to be freed by rowtext_free(); returns it. */
static const char *
keep(struct rowtext *rt, char *s)
{
	xgrow(&rt->s, &rt->cap, rt->n + 1, sizeof *rt->s);
	rt->s[rt->n++] = s;
	return s;
}

/* Frees the texts kept so far; rt can be used again. */
static void
rowtext_free(struct rowtext *rt)
{
	while (rt->n > 0)
		free(rt->s[--rt->n]);
}

/* Frees the texts and the list. */
static void
rowtext_done(struct rowtext *rt)
{
	rowtext_free(rt);
	free(rt->s);
	rt->s = NULL;
	rt->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Page furniture                                                       */

/* Running header (organization left, title right, a rule) and "第 N 页 共
 * M 页" at the foot of every page but the cover. */
static void
furniture(struct pdf_doc *doc, unsigned page, unsigned npages, void *ctx)
{
	const struct report *r = ctx;
	struct pdf_style st = {0};
	double left = pdf_area_left(doc), right = pdf_area_right(doc);
	double top = pdf_area_top(doc), bottom = pdf_area_bottom(doc);
	char s[64];

	if (page == 1)
		return;
	st.role = FONT_SONG;
	st.size = FURNITURE_SIZE;
	st.color = GREY;
	pdf_group_begin(doc);
	pdf_text_at(doc, left, top - PDF_MM(5), &st, r->m->cfg.organization,
	    NULL);
	st.align = PDF_RIGHT;
	pdf_text_at(doc, right, top - PDF_MM(5), &st, r->title, NULL);
	pdf_line(doc, left, top - PDF_MM(3.5), right, top - PDF_MM(3.5), 0.5,
	    GREY);
	pdf_group_end(doc);
	st.size = PDF_SIZE_5HAO;
	st.color = 0;
	st.align = PDF_CENTER;
	snprintf(s, sizeof s, "第 %u 页 共 %u 页", page, npages);
	pdf_text_at(doc, (left + right) / 2, bottom + PDF_MM(11), &st, s,
	    NULL);
}

/* ------------------------------------------------------------------ */
/* Cover                                                                */

static void
cover(struct report *r)
{
	const struct model *m = r->m;
	struct pdf_doc *doc = r->doc;
	struct pdf_style st = {0};
	double x = pdf_area_left(doc), w = pdf_area_width(doc), y;
	char date[32], s[128];

	y = pdf_area_top(doc) + PDF_MM(50);
	st.role = FONT_HEI;
	st.size = PDF_SIZE_2HAO;
	st.leading = PDF_SIZE_2HAO * 1.6;
	st.align = PDF_CENTER;
	y += pdf_paragraph_at(doc, x, y, w, &st, r->title, NULL);
	y += PDF_MM(8);
	st.size = PDF_SIZE_XIAO2;
	st.leading = 0;
	y += pdf_paragraph_at(doc, x, y, w, &st, "考核情况报告", NULL);
	y += PDF_MM(6);
	pdf_line(doc, x + w * 0.2, y, x + w * 0.8, y, 1.0, 0);
	y += PDF_MM(6);
	/* (the 发文字号 is the notice's: one number, one document) */
	st.role = FONT_SONG;
	st.size = PDF_SIZE_4HAO;
	snprintf(s, sizeof s, "参加考核党支部%zu个", m->nbranches);
	pdf_paragraph_at(doc, x, y, w, &st, s, NULL);

	st.size = PDF_SIZE_3HAO;
	y = pdf_area_bottom(doc) - PDF_MM(45);
	y += pdf_paragraph_at(doc, x, y, w, &st, m->cfg.organization, NULL);
	y += PDF_MM(3);
	pdf_paragraph_at(doc, x, y, w, &st, date_format_cn(m->cfg.date, date),
	    NULL);
}

/* ------------------------------------------------------------------ */
/* 考核说明                                                             */

static void
section_method(struct report *r)
{
	const struct model *m = r->m;
	const struct config *cfg = &m->cfg;
	struct buf b = {0};
	char n1[32], n2[32];
	size_t i, lowest = model_lowest_level(m);
	bool zero = false;

	heading(r, "考核说明");
	weights_text(&b, cfg->sources, cfg->nsources, NULL);
	para(r, "本次考核对%s所属%zu个党支部进行。考核依据考核细则（见附录），"
	    "共%zu个类别、%zu个项目，满分%s分；共采用评分%zu条，评价方式及权重为"
	    "%s。", cfg->organization, m->nbranches, m->ncategories, m->nitems,
	    fmt_trim(cfg->rubric_total, n1), m->score_rows, b.s ? b.s : "");
	buf_free(&b);
	for (i = 0; i < cfg->nsources; i++)
		if (cfg->sources[i].weight == 0)
			zero = true;
	if (m->selected_period >= 0) {
		para(r, "本报告为“%s”考核期的考核情况，仅依据该考核期的评分计算，"
		    "其权重按100%%计。", cfg->periods[m->selected_period].name);
	} else {
		size_t used = 0, one = 0;

		for (i = 0; i < cfg->nperiods; i++)
			if (m->period_weight[i] > 0) {
				used++;
				one = i;
			}
		if (used == 1) {
			para(r, "本次仅进行%s考核。", cfg->periods[one].name);
		} else {
			weights_text(&b, cfg->periods, cfg->nperiods,
			    m->period_weight);
			for (i = 0; i < cfg->nperiods; i++)
				if (m->period_weight[i] == 0)
					zero = true;
			para(r, "考核期及权重为%s。", b.s ? b.s : "");
			buf_free(&b);
		}
	}
	para(r, "计分方法：同一项目有多名评价人的，取其平均分，四舍五入保留两位"
	    "小数；各评价方式的得分按上述权重合计为考核期得分，各考核期得分按"
	    "考核期权重合计为最终得分，四舍五入保留两位小数。各类别得分按同样"
	    "方法计算、只在最后取舍一次，因此总分不一定等于各类别得分之和。%s",
	    zero ? "权重为0的评价方式或考核期不计入得分。" : "");

	for (i = 0; i + 1 < cfg->nlevels; i++)
		buf_printf(&b, "%s%s分及以上为%s", i ? "；" : "",
		    fmt_cents(cfg->levels[i].min, n1), cfg->levels[i].name);
	if (cfg->nlevels > 1)
		buf_printf(&b, "；低于%s分的为%s", fmt_cents(
		    cfg->levels[cfg->nlevels - 2].min, n1),
		    cfg->levels[lowest].name);
	else
		buf_printf(&b, "全部评为%s", cfg->levels[lowest].name);
	para(r, "等次评定：按四舍五入后的最终得分，%s。", b.s);
	buf_free(&b);

	for (i = 0; i < cfg->nveto_reasons; i++)
		buf_printf(&b, "%s%s", i ? "、" : "", cfg->veto_reasons[i]);
	if (cfg->nveto_reasons > 0)
		para(r, "一票否决：存在%s情形之一的党支部，不论得分多少，均评定为"
		    "%s，不参加排名。本次共%zu个党支部被一票否决。", b.s,
		    cfg->levels[lowest].name, m->stats.vetoed);
	else
		para(r, "一票否决：有一票否决事项的党支部，不论得分多少，均评定为"
		    "%s，不参加排名。本次共%zu个党支部被一票否决。",
		    cfg->levels[lowest].name, m->stats.vetoed);
	buf_free(&b);

	if (cfg->advanced_quota != 0) {
		para(r, "名额限制：%s不超过党支部总数（含被一票否决的党支部）的"
		    "%s%%，即至多%zu个，按排名先后确定；在名额边界得分并列的党支部"
		    "均保留该等次，其余按所达分数线评定较低等次。本次评为%s的共%zu"
		    "个%s。", cfg->levels[0].name,
		    fmt_trim(cfg->advanced_quota, n1), m->quota_cap,
		    cfg->levels[0].name, m->quota_top, m->quota_exceeded ?
		    "，因得分并列超出名额" : "");
	} else {
		para(r, "名额限制：%s不设名额限制，本次共%zu个。",
		    cfg->levels[0].name, m->quota_top);
	}
	para(r, "排名：未被一票否决的党支部按最终得分从高到低排名，得分相同的"
	    "名次并列（如1、2、2、4），并列者按支部编号排列；被一票否决的党支部"
	    "不排名，列于排名表末尾。");
	if (m->nrecords > 0) {
		for (i = 0; i < cfg->nrecord_mins; i++)
			buf_printf(&b, "%s%s%d次", i ? "、" : "",
			    cfg->record_mins[i].type, cfg->record_mins[i].min);
		para(r, "基础工作记录（“三会一课”等）不影响得分，只按年度最低次数"
		    "统计%s%s；党支部委员会任期%d年，换届时间早于%s前%d年的"
		    "党支部应当换届。", b.s ? "：" : "", b.s ? b.s : "",
		    cfg->term_years, date_format_cn(cfg->date, n2),
		    cfg->term_years);
		buf_free(&b);
	}
}

/* ------------------------------------------------------------------ */
/* 总体情况                                                             */

/* The final score of every branch in ranking order, as bars from the
 * axis's start (derive.c's stats.axis_base, so that differences show),
 * the scores in a column of their own, a tick every axis_step, the top
 * level's minimum marked, and vetoed branches grey. */
static void
chart_branches(struct report *r)
{
	const struct model *m = r->m;
	const struct stats *st = &m->stats;
	size_t n = m->nbranches, i;
	struct pdf_bar *bars = xcalloc(n + 1, sizeof *bars);
	char **texts = xcalloc(2 * n + 1, sizeof *texts), num[32];
	char *threshold = NULL;
	struct pdf_chart c = {0};

	for (i = 0; i < n; i++) {
		const struct branch *b = &m->branches[m->order[i]];

		texts[2 * i] = b->vetoed ? xasprintf("%s（否决）", b->name) :
		    xstrdup(b->name);
		texts[2 * i + 1] = xstrdup(fmt_cents(b->final, num));
		bars[i].label = texts[2 * i];
		bars[i].value = points_value(b->final);
		bars[i].value_text = texts[2 * i + 1];
		bars[i].color = b->vetoed ? 0xb0b0b0 : 0;
		bars[i].pos = &b->pos;
	}
	c.title = "各党支部最终得分（按排名先后）";
	c.size = 9;
	c.role = FONT_SONG;
	c.axis_min = points_value(st->axis_base);
	c.axis_max = points_value(m->cfg.rubric_total);
	c.tick_step = points_value(st->axis_step);
	c.values_column = true;
	c.threshold = -1;
	if (st->axis_marks_top) {
		threshold = xasprintf("%s线 %s分", m->cfg.levels[0].name,
		    fmt_cents(m->cfg.levels[0].min, num));
		c.threshold = points_value(m->cfg.levels[0].min);
		c.threshold_label = threshold;
	}
	pdf_bar_chart(r->doc, &c, bars, n);
	pdf_flow_space(r->doc, 4);
	for (i = 0; i < 2 * n; i++)
		free(texts[i]);
	free(texts);
	free(bars);
	free(threshold);
}

/* The distribution of final scores by bands (derive.c's stats.bands),
 * highest first. */
static void
chart_bands(struct report *r)
{
	const struct model *m = r->m;
	const struct stats *st = &m->stats;
	size_t n = st->nbands, k, nb = n;
	struct pdf_bar *bars = xcalloc(n + 2, sizeof *bars);
	char **texts = xcalloc(2 * n + 3, sizeof *texts), a[32], b2[32], pc[32];
	struct pdf_chart c = {0};

	/* Bands of the ranked branches, by score only (the quota may keep a
	 * branch of the top band from the top level); the vetoed ones as a
	 * bar of their own, so that the bars add up to the table above. */
	for (k = 0; k < n; k++) {
		const struct score_band *b = &st->bands[k];

		if (b->hi < 0)
			texts[2 * k] = xasprintf("%s分及以上",
			    fmt_cents(b->lo, a));
		else
			texts[2 * k] = xasprintf("%s～%s分",
			    fmt_cents(b->lo, a), fmt_cents(b->hi, b2));
		texts[2 * k + 1] = xasprintf("%zu个（%s）", b->count,
		    fmt_share(b->count, m->nbranches, pc));
		bars[k].label = texts[2 * k];
		bars[k].value = (double)b->count;
		bars[k].max = 0;
		bars[k].value_text = texts[2 * k + 1];
	}
	if (st->vetoed > 0) {
		texts[2 * n] = xstrdup("一票否决（不分段）");
		texts[2 * n + 1] = xasprintf("%zu个（%s）", st->vetoed,
		    fmt_share(st->vetoed, m->nbranches, pc));
		bars[n].label = texts[2 * n];
		bars[n].value = (double)st->vetoed;
		bars[n].value_text = texts[2 * n + 1];
		bars[n].color = 0xb0b0b0;
		nb++;
	}
	c.title = "最终得分分布（按分数段统计党支部个数）";
	c.threshold = -1;
	c.size = 9;
	c.role = FONT_SONG;
	pdf_flow_space(r->doc, 6);
	pdf_bar_chart(r->doc, &c, bars, nb);
	for (k = 0; k < 2 * nb; k++)
		free(texts[k]);
	free(texts);
	free(bars);
	note(r, "注：分数段含下限，统计参加排名的党支部；被一票否决的党支部"
	    "不分段，单列一条（灰色）。占比按全部党支部计算。各党支部的得分和"
	    "名次见“考核排名”。");
}

static void
section_overview(struct report *r)
{
	const struct model *m = r->m;
	const struct config *cfg = &m->cfg;
	const struct stats *st = &m->stats;
	struct pdf_table *t;
	struct pdf_bar *bars;
	struct pdf_chart c = {0};
	char a[32], b[32], d[32], e[32], f[32], **texts;
	size_t i, lowest = model_lowest_level(m);

	heading(r, "总体情况");
	para(r, "参加考核的党支部共%zu个，其中参加排名%zu个，被一票否决%zu个。"
	    "全部%zu个党支部（含被一票否决的）最终得分的平均分为%s分，中位数为"
	    "%s分，最高分为%s分，最低分为%s分，标准差为%s分。", st->n,
	    m->nranked, st->vetoed, st->n, fmt_cents(st->mean, a),
	    fmt_cents(st->median, b), fmt_cents(st->max, d),
	    fmt_cents(st->min, e), fmt_cents(st->stddev, f));
	{
		struct buf lv = {0};

		for (i = 0; i < cfg->nlevels; i++)
			buf_printf(&lv, "%s%s%zu个（%s）", i ? "，" : "",
			    cfg->levels[i].name, st->level_count[i],
			    fmt_share(st->level_count[i], st->n, a));
		para(r, "评定等次：%s；其中被一票否决评为%s的%zu个。", lv.s,
		    cfg->levels[lowest].name, st->vetoed);
		buf_free(&lv);
	}

	subheading(r, 1, "等次分布", rows_height(cfg->nlevels + 3));
	t = table_new(r, 4, TABLE_SIZE);
	pdf_table_col(t, 0, 0, 1.4, PDF_LEFT);
	pdf_table_col(t, 1, 0, 1.6, PDF_CENTER);
	pdf_table_col(t, 2, 0, 1, PDF_RIGHT);
	pdf_table_col(t, 3, 0, 1, PDF_RIGHT);
	pdf_table_row(t, PDF_ROW_HEADER, (const char *[]){"等次", "分数线",
	    "党支部数", "占比"}, 4, NULL);
	for (i = 0; i < cfg->nlevels; i++) {
		char line[96], cnt[32];

		if (i + 1 < cfg->nlevels || cfg->nlevels == 1)
			snprintf(line, sizeof line, "%s分及以上",
			    fmt_cents(cfg->levels[i].min, a));
		else
			snprintf(line, sizeof line, "低于%s分或一票否决",
			    fmt_cents(cfg->levels[i - 1].min, a));
		snprintf(cnt, sizeof cnt, "%zu", st->level_count[i]);
		pdf_table_row(t, PDF_ROW_BODY, (const char *[]){
		    cfg->levels[i].name, line, cnt,
		    fmt_share(st->level_count[i], st->n, b)}, 4, NULL);
	}
	{
		char cnt[32], lab[96], tot[32];

		snprintf(lab, sizeof lab, "其中：一票否决（计入%s）",
		    cfg->levels[lowest].name);
		snprintf(cnt, sizeof cnt, "%zu", st->vetoed);
		pdf_table_row(t, PDF_ROW_BODY, (const char *[]){lab, "—", cnt,
		    fmt_share(st->vetoed, st->n, b)}, 4, NULL);
		snprintf(tot, sizeof tot, "%zu", st->n);
		pdf_table_row(t, PDF_ROW_SUBTOTAL, (const char *[]){"合计", "",
		    tot, fmt_share(st->n, st->n, b)}, 4, NULL);
	}
	table_end(r, t);
	if (cfg->advanced_quota != 0 && m->quota_exceeded)
		note(r, "注：占比按党支部个数计算，保留一位小数。因得分并列，"
		    "先进名额被突破，详见“表彰名单”。");
	else
		note(r, "注：占比按党支部个数计算，保留一位小数。");

	subheading(r, 2, "得分分布", 0);
	if (m->nbranches <= CHART_MAX_BARS) {
		chart_branches(r);
		note(r, "注：横轴标有分值，条形自横轴起点画起；红线为分数线；"
		    "灰色条为被一票否决的党支部，列于末尾。");
	} else {
		chart_bands(r);
	}

	subheading(r, 3, "各类别得分情况", rows_height(m->ncategories + 1));
	t = table_new(r, 4, TABLE_SIZE);
	pdf_table_col(t, 0, 0, 2.2, PDF_LEFT);
	pdf_table_col(t, 1, 0, 1, PDF_RIGHT);
	pdf_table_col(t, 2, 0, 1, PDF_RIGHT);
	pdf_table_col(t, 3, 0, 1, PDF_RIGHT);
	pdf_table_row(t, PDF_ROW_HEADER, (const char *[]){"类别", "项目数",
	    "满分", "平均得分"}, 4, NULL);
	for (i = 0; i < m->ncategories; i++) {
		char cnt[32];

		snprintf(cnt, sizeof cnt, "%zu", m->categories[i].n);
		pdf_table_row(t, PDF_ROW_BODY, (const char *[]){
		    m->categories[i].name, cnt,
		    fmt_cents(m->categories[i].points, a),
		    fmt_cents(st->cat_mean[i], b)}, 4, NULL);
	}
	table_end(r, t);

	bars = xcalloc(m->ncategories + 1, sizeof *bars);
	texts = xcalloc(m->ncategories + 1, sizeof *texts);
	for (i = 0; i < m->ncategories; i++) {
		texts[i] = xstrdup(fmt_cents(st->cat_mean[i], a));
		bars[i].label = m->categories[i].name;
		bars[i].value = points_value(st->cat_mean[i]);
		bars[i].max = points_value(m->categories[i].points);
		bars[i].value_text = texts[i];
	}
	c.title = "各类别平均得分与满分";
	c.threshold = -1;
	c.size = 9;
	c.role = FONT_SONG;
	pdf_flow_space(r->doc, 6);
	pdf_bar_chart(r->doc, &c, bars, m->ncategories);
	note(r, "注：实心条为全部党支部该类别的平均得分，空心框为该类别满分。");
	for (i = 0; i < m->ncategories; i++)
		free(texts[i]);
	free(texts);
	free(bars);
}

/* ------------------------------------------------------------------ */
/* 考核排名                                                             */

/* The subtotal of a group: counts by level and vetoed, and the highest and
 * lowest final score of its ranked branches (no derived figure). */
static char *
group_subtotal(const struct model *m, const struct group *g)
{
	const struct config *cfg = &m->cfg;
	struct buf b = {0};
	char a[32], c[32];
	size_t i;

	buf_printf(&b, "小计：%zu个党支部", g->n);
	for (i = 0; i < cfg->nlevels; i++)
		buf_printf(&b, "%s%s%zu个", i ? "，" : "；", cfg->levels[i].name,
		    g->level_count[i]);
	if (g->vetoed)
		buf_printf(&b, "（其中一票否决%zu个）", g->vetoed);
	if (g->best != NULL)
		buf_printf(&b, "；参加排名的最高%s分，最低%s分",
		    fmt_cents(g->best->final, a), fmt_cents(g->worst->final, c));
	buf_adds(&b, "。");
	return buf_take(&b);
}

/* One ranking row of branch b. */
static void
ranking_row(const struct report *r, struct pdf_table *t,
    const struct branch *b)
{
	const struct model *m = r->m;
	struct pdf_cell *cells = xcalloc(m->ncategories + 5, sizeof *cells);
	struct rowtext rt = {0};
	char rank[32], num[32];
	size_t c, n = 0;

	cells[n++].text = fmt_rank(b, rank);
	cells[n].pos = &b->pos;
	cells[n++].text = b->id;
	cells[n].pos = &b->pos;
	cells[n++].text = b->name;
	for (c = 0; c < m->ncategories; c++)
		cells[n++].text = keep(&rt, xstrdup(fmt_cents(b->cat_score[c],
		    num)));
	cells[n].font = PDF_FONT(FONT_HEI);
	cells[n++].text = keep(&rt, xstrdup(fmt_cents(b->final, num)));
	cells[n++].text = keep(&rt, level_text(m, b));
	if (b->vetoed)
		for (c = 0; c < n; c++)
			cells[c].fill = PDF_FILL(VETO_FILL);
	pdf_table_row_cells(t, PDF_ROW_BODY, cells, n);
	rowtext_done(&rt);
	free(cells);
}

/* A ranking table with its column header (with_head: repeated on every
 * page) and, for a group, the group's title as a header row (so that it
 * repeats too and never stays alone at the foot of a page). */
static struct pdf_table *
ranking_table(struct report *r, const char *group, bool with_head)
{
	const struct model *m = r->m;
	size_t ncols = m->ncategories + 5, c, n = 0;
	struct pdf_cell *head = xcalloc(ncols, sizeof *head);
	struct rowtext rt = {0};
	struct pdf_table *t;
	char num[32];

	t = table_new(r, ncols, WIDE_SIZE);
	pdf_table_col(t, 0, rank_width(r, WIDE_SIZE), 0, PDF_CENTER);
	pdf_table_col(t, 1, 0, 0.9, PDF_LEFT);
	pdf_table_col(t, 2, 0, 2.6, PDF_LEFT);
	for (c = 0; c < m->ncategories; c++)
		pdf_table_col(t, 3 + c, 0, 1, PDF_RIGHT);
	pdf_table_col(t, ncols - 2, 0, 1, PDF_RIGHT);
	pdf_table_col(t, ncols - 1, 0, 1.6, PDF_LEFT);
	head[n++].text = "排名";
	head[n++].text = "支部编号";
	head[n++].text = "支部名称";
	for (c = 0; c < m->ncategories; c++)
		head[n++].text = keep(&rt, head_text(m->categories[c].name,
		    m->categories[c].points));
	head[n++].text = keep(&rt, xasprintf("总分\n（%s）",
	    fmt_trim(m->cfg.rubric_total, num)));
	head[n++].text = "等次";
	if (with_head)
		pdf_table_row_cells(t, PDF_ROW_HEADER, head, n);
	rowtext_free(&rt);
	if (group != NULL) {
		struct pdf_cell cell = {0};

		cell.text = keep(&rt, xasprintf("上级党组织：%s", group[0] ?
		    group : "（未填写）"));
		cell.span = (unsigned)ncols;
		cell.fill = PDF_FILL(GROUP_FILL);
		cell.align = PDF_LEFT;
		pdf_table_row_cells(t, PDF_ROW_HEADER, &cell, 1);
	}
	rowtext_done(&rt);
	free(head);
	return t;
}

static void
section_ranking(struct report *r)
{
	const struct model *m = r->m;
	struct pdf_table *t;
	const struct group *g = NULL;
	size_t ngroups = 0, i, j;
	unsigned page = 0;
	bool grouped = false;

	for (i = 0; i < m->nbranches; i++)
		if (m->branches[i].parent[0] != '\0')
			grouped = true;
	new_page(r, &landscape);
	heading(r, "考核排名");
	if (!grouped) {
		para(r, "各党支部按排名先后排列。“（并列）”表示得分相同、名次"
		    "并列；被一票否决的党支部不排名，列于表末并以底色标出。");
		t = ranking_table(r, NULL, true);
		for (i = 0; i < m->nbranches; i++)
			ranking_row(r, t, &m->branches[m->order[i]]);
		table_end(r, t);
		return;
	}
	ngroups = m->ngroups;
	g = m->groups;
	para(r, "各党支部按上级党组织分组列出（共%zu组，按各组排名最前的党支部"
	    "先后排列），组内按排名先后排列，“排名”为在全部党支部中的名次，"
	    "“（并列）”表示得分相同、名次并列；被一票否决的党支部不排名，列于"
	    "各组末尾并以底色标出。各组小计只列党支部个数、各等次个数和组内参加"
	    "排名党支部的最高分、最低分，不另行计算平均分。", ngroups);
	for (i = 0; i < ngroups; i++) {
		struct pdf_cell cell = {0};
		char *s;

		/* The column heads are repeated with a group only when the
		 * group may not end on this page: a group that surely fits
		 * (every row taken as two lines high) sits under the heads
		 * already on the page. */
		double rowh = 2 * WIDE_SIZE * 1.35 + 2 * 2;
		bool fits = i > 0 && pdf_flow_left(r->doc) >
		    rowh * (double)(g[i].n + 3) && pdf_page_current(r->doc) ==
		    page;

		t = ranking_table(r, g[i].name, !fits);
		for (j = 0; j < g[i].n; j++)
			ranking_row(r, t, &m->branches[g[i].members[j]]);
		s = group_subtotal(m, &g[i]);
		cell.text = s;
		cell.span = (unsigned)(m->ncategories + 5);
		cell.align = PDF_LEFT;
		pdf_table_row_cells(t, PDF_ROW_SUBTOTAL, &cell, 1);
		free(s);
		table_end(r, t);
		page = pdf_page_current(r->doc);
	}
}

/* ------------------------------------------------------------------ */
/* 一票否决情况                                                         */

static void
section_vetoes(struct report *r)
{
	const struct model *m = r->m;
	struct pdf_table *t;
	struct pdf_style st = {0};
	double wreason = 0, wref = 0;
	size_t i, v;
	char date[32], num[32];

	st.size = TABLE_SIZE;
	new_page(r, &portrait);
	heading(r, "一票否决情况");
	if (m->stats.vetoed == 0) {
		para(r, "本次考核没有党支部被一票否决。");
		return;
	}
	para(r, "共%zu个党支部被一票否决，均评定为%s，不参加排名、不得评为%s。"
	    "各党支部的否决事项如下：", m->stats.vetoed,
	    m->cfg.levels[model_lowest_level(m)].name, m->cfg.levels[0].name);
	/* The reason and the reference on one line where they can be. */
	for (i = 0; i < m->nvetoes; i++) {
		double w = pdf_text_width(r->doc, &st, m->vetoes[i].reason);

		if (w > wreason)
			wreason = w;
		w = pdf_text_width(r->doc, &st, m->vetoes[i].reference);
		if (w > wref)
			wref = w;
	}
	wreason = wreason > 120 ? 120 : wreason < 50 ? 50 : wreason;
	wref = wref > 110 ? 110 : wref < 40 ? 40 : wref;
	if (wref < pdf_text_width(r->doc, &st, "2025年12月30日"))
		wref = pdf_text_width(r->doc, &st, "2025年12月30日");
	t = table_new(r, 5, TABLE_SIZE);
	pdf_table_col(t, 0, 0, 1.2, PDF_LEFT);
	pdf_table_col(t, 1, 40, 0, PDF_RIGHT);
	pdf_table_col(t, 2, wreason + 8, 0, PDF_LEFT);
	pdf_table_col(t, 3, 0, 2.2, PDF_LEFT);
	pdf_table_col(t, 4, wref + 8, 0, PDF_LEFT);
	pdf_table_row(t, PDF_ROW_HEADER, (const char *[]){"党支部", "得分",
	    "否决事项", "情况说明", "日期及文号"}, 5, NULL);
	for (i = m->nranked; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[m->order[i]];
		char *who = xasprintf("%s\n%s", b->id, b->name);

		for (v = 0; v < b->nvetoes; v++) {
			const struct veto *ve = &m->vetoes[b->vetoes[v]];

			char *when;

			date_format_cn(ve->date, date);
			when = xasprintf("%s\n%s", date[0] ? date : "—",
			    ve->reference[0] ? ve->reference : "—");
			pdf_table_row(t, PDF_ROW_BODY, (const char *[]){who,
			    fmt_cents(b->final, num), ve->reason,
			    ve->detail[0] ? ve->detail : "—", when}, 5,
			    &ve->pos);
			free(when);
		}
		free(who);
	}
	table_end(r, t);
	note(r, "注：“得分”为该党支部按考核细则计算的最终得分，因一票否决不计"
	    "入排名和等次评定。");
}

/* ------------------------------------------------------------------ */
/* 表彰名单                                                             */

static void
section_commend(struct report *r)
{
	const struct model *m = r->m;
	const struct config *cfg = &m->cfg;
	struct pdf_table *t;
	char rank[32], num[32];
	size_t i, ncommended = 0, nleft = 0, ncut = 0, k;
	unsigned sub = 0;

	heading(r, "表彰名单");
	subheading(r, ++sub, cfg->levels[0].name, 0);
	if (m->quota_top == 0) {
		para(r, "本次考核没有党支部评为%s。", cfg->levels[0].name);
	} else {
		para(r, "以下%zu个党支部评为%s（按排名先后）：", m->quota_top,
		    cfg->levels[0].name);
		t = table_new(r, 5, TABLE_SIZE);
		pdf_table_col(t, 0, 60, 0, PDF_CENTER);
		pdf_table_col(t, 1, 0, 1, PDF_LEFT);
		pdf_table_col(t, 2, 0, 2.4, PDF_LEFT);
		pdf_table_col(t, 3, 0, 1.8, PDF_LEFT);
		pdf_table_col(t, 4, 0, 0.9, PDF_RIGHT);
		pdf_table_row(t, PDF_ROW_HEADER, (const char *[]){"排名",
		    "支部编号", "支部名称", "上级党组织", "总分"}, 5, NULL);
		for (i = 0; i < m->nbranches; i++) {
			const struct branch *b = &m->branches[m->order[i]];

			if (b->level != 0 || b->vetoed)
				continue;
			pdf_table_row(t, PDF_ROW_BODY, (const char *[]){
			    fmt_rank(b, rank), b->id, b->name, b->parent,
			    fmt_cents(b->final, num)}, 5, &b->pos);
		}
		table_end(r, t);
	}
	if (cfg->advanced_quota != 0) {
		char q[32];

		if (m->quota_exceeded)
			para(r, "%s名额为党支部总数的%s%%，即至多%zu个；因在名额"
			    "边界得分并列，实际评定%zu个，超出名额%zu个。",
			    cfg->levels[0].name, fmt_trim(cfg->advanced_quota, q),
			    m->quota_cap, m->quota_top,
			    m->quota_top - m->quota_cap);
		else
			para(r, "%s名额为党支部总数的%s%%，即至多%zu个，实际评定"
			    "%zu个。", cfg->levels[0].name,
			    fmt_trim(cfg->advanced_quota, q), m->quota_cap,
			    m->quota_top);
	}
	if ((ncut = m->nlost_top_by_quota) > 0) {
		para(r, "以下%zu个党支部最终得分达到%s分，但排名在名额之外，"
		    "评定为较低等次：", ncut, fmt_cents(cfg->levels[0].min, num));
		t = table_new(r, 5, TABLE_SIZE);
		pdf_table_col(t, 0, 60, 0, PDF_CENTER);
		pdf_table_col(t, 1, 0, 1, PDF_LEFT);
		pdf_table_col(t, 2, 0, 2.4, PDF_LEFT);
		pdf_table_col(t, 3, 0, 0.9, PDF_RIGHT);
		pdf_table_col(t, 4, 0, 1.2, PDF_LEFT);
		pdf_table_row(t, PDF_ROW_HEADER, (const char *[]){"排名",
		    "支部编号", "支部名称", "总分", "等次"}, 5, NULL);
		for (i = 0; i < m->nbranches; i++) {
			const struct branch *b = &m->branches[m->order[i]];

			if (!b->lost_top_by_quota)
				continue;
			pdf_table_row(t, PDF_ROW_BODY, (const char *[]){
			    fmt_rank(b, rank), b->id, b->name,
			    fmt_cents(b->final, num),
			    cfg->levels[b->level].name}, 5, &b->pos);
		}
		table_end(r, t);
	}

	subheading(r, ++sub, "优秀党务工作者", 0);
	ncommended = m->ncommended;
	nleft = m->nleft_out;
	if (m->nworkers == 0) {
		para(r, "本次没有优秀党务工作者推荐人选。");
		return;
	}
	if (ncommended == 0) {
		para(r, "推荐的%zu名人选均未予表彰（原因见下）。", m->nworkers);
	} else {
		para(r, "推荐%zu名，予以表彰%zu名：", m->nworkers, ncommended);
		t = table_new(r, 5, TABLE_SIZE);
		pdf_table_col(t, 0, 30, 0, PDF_CENTER);
		pdf_table_col(t, 1, 0, 0.8, PDF_LEFT);
		pdf_table_col(t, 2, 0, 1.6, PDF_LEFT);
		pdf_table_col(t, 3, 0, 0.9, PDF_LEFT);
		pdf_table_col(t, 4, 0, 3.2, PDF_LEFT);
		pdf_table_row(t, PDF_ROW_HEADER, (const char *[]){"序号", "姓名",
		    "所在党支部", "职务", "主要事迹"}, 5, NULL);
		for (i = 0, k = 0; i < m->nworkers; i++) {
			const struct worker *w = &m->workers[i];
			const struct branch *b = &m->branches[w->branch];
			char seq[32];

			if (!w->commended)
				continue;
			snprintf(seq, sizeof seq, "%zu", ++k);
			pdf_table_row(t, PDF_ROW_BODY, (const char *[]){seq,
			    w->name, b->name, w->role, w->deeds}, 5, &w->pos);
		}
		table_end(r, t);
	}
	if (nleft > 0) {
		para(r, "以下%zu名推荐人选未予表彰：", nleft);
		t = table_new(r, 4, TABLE_SIZE);
		pdf_table_col(t, 0, 0, 0.8, PDF_LEFT);
		pdf_table_col(t, 1, 0, 1.6, PDF_LEFT);
		pdf_table_col(t, 2, 0, 0.9, PDF_LEFT);
		pdf_table_col(t, 3, 0, 2.4, PDF_LEFT);
		pdf_table_row(t, PDF_ROW_HEADER, (const char *[]){"姓名",
		    "所在党支部", "职务", "未予表彰的原因"}, 4, NULL);
		for (i = 0; i < m->nworkers; i++) {
			const struct worker *w = &m->workers[i];
			const struct branch *b = &m->branches[w->branch];
			char *why;

			if (w->commended)
				continue;
			why = b->vetoed ? xasprintf("%s（%s）",
			    w->left_out_reason, b->veto_reasons) :
			    xasprintf("所在支部考核等次为%s",
			    m->cfg.levels[b->level].name);
			pdf_table_row(t, PDF_ROW_BODY, (const char *[]){w->name,
			    b->name, w->role, why}, 4, &w->pos);
			free(why);
		}
		table_end(r, t);
	}
}

/* ------------------------------------------------------------------ */
/* 差距分析                                                             */

static void
section_gaps(struct report *r)
{
	const struct model *m = r->m;
	const struct config *cfg = &m->cfg;
	struct pdf_table *t;
	struct rowtext rt = {0};
	char rank[32], num[32], *h;
	size_t i, k, n = 0;

	new_page(r, &landscape);
	heading(r, "差距分析");
	if ((n = m->nbelow_top) == 0 || cfg->nlevels < 2) {
		para(r, "全部党支部均评为%s。", cfg->levels[0].name);
		return;
	}
	para(r, "以下%zu个党支部未评为%s。表中列出其最终得分距%s分数线（%s分）"
	    "的差距，以及失分最多的三个考核项目（失分＝该项分值－该项得分），"
	    "便于各党支部对照考核细则查找不足、明确改进方向。", n,
	    cfg->levels[0].name, cfg->levels[0].name,
	    fmt_cents(cfg->levels[0].min, num));
	t = table_new(r, 6, WIDE_SIZE);
	pdf_table_col(t, 0, rank_width(r, WIDE_SIZE), 0, PDF_CENTER);
	pdf_table_col(t, 1, 0, 0.8, PDF_LEFT);
	pdf_table_col(t, 2, 0, 2.4, PDF_LEFT);
	pdf_table_col(t, 3, 0, 0.6, PDF_RIGHT);
	pdf_table_col(t, 4, 0, 0.8, PDF_RIGHT);
	pdf_table_col(t, 5, 0, 8.4, PDF_LEFT);
	h = xasprintf("距%s线", cfg->levels[0].name);
	pdf_table_row(t, PDF_ROW_HEADER, (const char *[]){"排名", "支部编号",
	    "支部名称", "总分", h, "失分最多的三个项目（编号 考核内容 -失分）"},
	    6, NULL);
	free(h);
	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[m->order[i]];
		struct pdf_cell cells[6];
		struct buf items = {0};

		if (b->level == 0)
			continue;
		memset(cells, 0, sizeof cells);
		cells[0].text = fmt_rank(b, rank);
		cells[1].text = b->id;
		cells[1].pos = &b->pos;
		cells[2].text = b->name;
		cells[2].pos = &b->pos;
		cells[3].text = keep(&rt, xstrdup(fmt_cents(b->final, num)));
		cells[4].text = "已达线";
		if (b->gap_to_top > 0)
			cells[4].text = keep(&rt, xstrdup(fmt_cents(
			    b->gap_to_top, num)));
		for (k = 0; k < b->ntop_lost; k++) {
			const struct item *it = &m->items[b->top_lost[k]];

			buf_printf(&items, "%s%s %s -%s", k ? "；" : "", it->id,
			    it->title, fmt_cents(b->item_lost[b->top_lost[k]],
			    num));
		}
		cells[5].text = keep(&rt, items.s ? buf_take(&items) :
		    xstrdup("没有失分的项目"));
		if (b->vetoed)
			for (k = 0; k < 6; k++)
				cells[k].fill = PDF_FILL(VETO_FILL);
		pdf_table_row_cells(t, PDF_ROW_BODY, cells, 6);
		rowtext_free(&rt);
	}
	rowtext_done(&rt);
	table_end(r, t);
	h = xasprintf("注：“-”后为该项失分。“距%s线”为达到该等次分数线还差的"
	    "分数；“已达线”表示得分已达到分数线，但因名额限制或一票否决未评为"
	    "该等次。底色标出的为被一票否决的党支部，也列出其失分情况，供整改"
	    "参考。", cfg->levels[0].name);
	note(r, h);
	free(h);
}

/* ------------------------------------------------------------------ */
/* 基础工作记录                                                         */

static void
section_records(struct report *r)
{
	const struct model *m = r->m;
	const struct config *cfg = &m->cfg;
	size_t nt = cfg->nrecord_mins, ncols = nt + 4, i, k, nshort = 0;
	size_t ndue = 0;
	struct pdf_table *t;
	struct pdf_cell *cells = xcalloc(ncols, sizeof *cells);
	char **texts = xcalloc(ncols, sizeof *texts), date[32];

	nshort = m->nshort_of_records;
	ndue = m->nelection_due;
	new_page(r, &landscape);
	heading(r, "基础工作记录");
	para(r, "共有工作记录%zu条。按年度最低次数统计，%zu个党支部至少有一类"
	    "会议未达到最低次数；按任期%d年计，截至%s有%zu个党支部已到期应当"
	    "换届。", m->nrecords, nshort, cfg->term_years,
	    date_format_cn(cfg->date, date), ndue);
	t = table_new(r, ncols, WIDE_SIZE);
	pdf_table_col(t, 0, 0, 1, PDF_LEFT);
	pdf_table_col(t, 1, 0, 2.6, PDF_LEFT);
	for (k = 0; k < nt; k++)
		pdf_table_col(t, 2 + k, 0, 1, PDF_CENTER);
	pdf_table_col(t, nt + 2, 0, 0.8, PDF_RIGHT);
	pdf_table_col(t, nt + 3, 0, 2.0, PDF_CENTER);
	texts[0] = xstrdup("支部编号");
	texts[1] = xstrdup("支部名称");
	for (k = 0; k < nt; k++)
		texts[2 + k] = xasprintf("%s\n（不少于%d次）",
		    cfg->record_mins[k].type, cfg->record_mins[k].min);
	texts[nt + 2] = xstrdup("出勤率");
	texts[nt + 3] = xasprintf("上次换届时间\n（任期%d年）", cfg->term_years);
	pdf_table_row(t, PDF_ROW_HEADER, (const char *const *)texts, ncols,
	    NULL);
	for (k = 0; k < ncols; k++) {
		free(texts[k]);
		texts[k] = NULL;
	}
	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[i];

		memset(cells, 0, ncols * sizeof *cells);
		cells[0].text = b->id;
		cells[0].pos = &b->pos;
		cells[1].text = b->name;
		for (k = 0; k < nt; k++) {
			texts[2 + k] = xasprintf("%d", b->records[k].count);
			cells[2 + k].text = texts[2 + k];
			if (b->records[k].short_of_min) {
				cells[2 + k].fill = PDF_FILL(SHORT_FILL);
				cells[2 + k].font = PDF_FONT(FONT_HEI);
			}
		}
		texts[nt + 2] = xstrdup(fmt_permille(b->attendance_permille,
		    date));
		cells[nt + 2].text = texts[nt + 2];
		if (b->elected.year == 0) {
			cells[nt + 3].text = "未填写";
		} else if (b->election_due) {
			texts[nt + 3] = xasprintf("%s（应换届）",
			    date_format_cn(b->elected, date));
			cells[nt + 3].text = texts[nt + 3];
			cells[nt + 3].fill = PDF_FILL(SHORT_FILL);
			cells[nt + 3].font = PDF_FONT(FONT_HEI);
		} else {
			cells[nt + 3].text = date_format_cn(b->elected, date);
		}
		pdf_table_row_cells(t, PDF_ROW_BODY, cells, ncols);
		for (k = 0; k < ncols; k++) {
			free(texts[k]);
			texts[k] = NULL;
		}
	}
	table_end(r, t);
	note(r, "注：底色标红（黑体）的为未达到年度最低次数的会议类型和应当"
	    "换届的党支部；出勤率为有应到、实到人数的各次会议实到人数之和除以"
	    "应到人数之和。工作记录不影响考核得分。");
	free(cells);
	free(texts);
}

/* ------------------------------------------------------------------ */
/* 附录：考核细则                                                       */

static void
appendix_rubric(struct report *r)
{
	const struct model *m = r->m;
	struct pdf_style st = {0};
	struct pdf_table *t;
	size_t c, i;
	char a[32], b[32], d[32];

	new_page(r, &portrait);
	st.role = FONT_HEI;
	st.size = H1_SIZE;
	pdf_flow_paragraph(r->doc, &st, "附录　考核细则", NULL);
	free(r->caption);
	r->caption = xstrdup("附录　考核细则");
	pdf_flow_space(r->doc, H1_SIZE * 0.4);
	para(r, "共%zu个类别、%zu个项目，满分%s分。“平均得分”为全部党支部该项"
	    "目得分的平均数。", m->ncategories, m->nitems,
	    fmt_trim(m->cfg.rubric_total, a));
	/* One table: the column heads repeat at the top of every page
	 * (with the caption and （续）), each category's title is a group
	 * row kept with its first items, and the columns are the same from
	 * the first category to the last. */
	t = table_new(r, 5, WIDE_SIZE);
	pdf_table_col(t, 0, 30, 0, PDF_CENTER);
	pdf_table_col(t, 1, 0, 1.3, PDF_LEFT);
	pdf_table_col(t, 2, 32, 0, PDF_RIGHT);
	pdf_table_col(t, 3, 48, 0, PDF_RIGHT);
	pdf_table_col(t, 4, 0, 4, PDF_JUSTIFY);
	pdf_table_row(t, PDF_ROW_HEADER, (const char *[]){"编号", "考核内容",
	    "分值", "平均得分", "评分标准"}, 5, NULL);
	for (c = 0; c < m->ncategories; c++) {
		const struct category *cat = &m->categories[c];
		struct pdf_cell cell = {0};
		char *s = xasprintf("%s（%zu项，%s分；平均得分%s分）", cat->name,
		    cat->n, fmt_trim(cat->points, a),
		    fmt_cents(m->stats.cat_mean[c], b));

		cell.text = s;
		cell.span = 5;
		cell.align = PDF_LEFT;
		cell.font = PDF_FONT(FONT_HEI);
		cell.fill = PDF_FILL(GROUP_FILL);
		pdf_table_row_cells(t, PDF_ROW_GROUP, &cell, 1);
		free(s);
		for (i = cat->first; i < cat->first + cat->n; i++) {
			const struct item *it = &m->items[i];

			pdf_table_row(t, PDF_ROW_BODY, (const char *[]){it->id,
			    it->title, fmt_trim(it->points, a),
			    fmt_cents(m->stats.item_mean[i], d),
			    it->criteria[0] ? it->criteria : "—"}, 5, &it->pos);
		}
	}
	pdf_table_draw(t);
	pdf_table_free(t);
}

/* ------------------------------------------------------------------ */

/* The report, saved to path, or else rendered into *data and *len.
 * Returns 0, or -1 after a message. */
static int
report_make(const struct model *m, const struct pdf_fonts *fonts,
    const char *path, char **data, size_t *len)
{
	struct report r = {0};
	struct pdf_info info = {0};
	char *subject, *keywords;
	int rc;

	r.m = m;
	r.title = report_title(m);
	r.doc = pdf_doc_new(fonts, &portrait);
	subject = xasprintf("%s党支部建设目标管理考核情况报告：%zu个党支部的"
	    "考核说明、总体情况、排名、一票否决、表彰名单、差距分析",
	    m->cfg.organization, m->nbranches);
	keywords = xasprintf("党支部;目标管理考核;考核排名;%s;一票否决;差距分析",
	    m->cfg.levels[0].name);
	info.title = r.title;
	info.author = m->cfg.organization;
	info.subject = subject;
	info.keywords = keywords;
	pdf_doc_set_info(r.doc, &info);
	pdf_doc_set_furniture(r.doc, furniture, &r);

	cover(&r);
	new_page(&r, &portrait);
	section_method(&r);
	section_overview(&r);
	section_ranking(&r);
	section_vetoes(&r);
	section_commend(&r);
	section_gaps(&r);
	if (m->nrecords > 0)
		section_records(&r);
	appendix_rubric(&r);

	rc = path != NULL ? pdf_doc_save(r.doc, path) :
	    pdf_doc_render(r.doc, data, len);
	pdf_doc_free(r.doc);
	free(r.caption);
	free(r.title);
	free(subject);
	free(keywords);
	return rc;
}

int
report_write(const struct model *m, const struct pdf_fonts *fonts,
    const char *path)
{
	return report_make(m, fonts, path, NULL, NULL) == 0 ? EXIT_OK :
	    EXIT_ENV;
}

int
report_render(const struct model *m, const struct pdf_fonts *fonts,
    char **data, size_t *len)
{
	return report_make(m, fonts, NULL, data, len);
}
