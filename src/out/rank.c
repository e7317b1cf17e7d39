/* rank_out.c: the ranking as CSV, JSON and a terminal table (SPEC 5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

/* A text cell: quoted when needed (RFC 4180), and with a leading ' where
 * a spreadsheet would take it for a formula (SPEC 6). */
static void
csv_field(struct buf *out, const char *s)
{
	const char *guard = cell_formula_like(s) ? "'" : "";

	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_adds(out, guard);
		buf_adds(out, s);
		return;
	}
	buf_addc(out, '"');
	buf_adds(out, guard);
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

void
rank_csv(const struct model *m, struct buf *out, bool bom)
{
	char num[32];
	size_t i, c;

	if (bom)
		buf_adds(out, "\xEF\xBB\xBF");
	buf_adds(out, "排名,支部编号,支部名称");
	for (c = 0; c < m->ncategories; c++) {
		buf_addc(out, ',');
		csv_field(out, m->categories[c].name);
	}
	buf_adds(out, ",总分,等次,一票否决\n");
	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[m->order[i]];

		if (b->rank)
			buf_printf(out, "%d", b->rank);
		buf_addc(out, ',');
		csv_field(out, b->id);
		buf_addc(out, ',');
		csv_field(out, b->name);
		for (c = 0; c < m->ncategories; c++)
			buf_printf(out, ",%s", fmt_cents(b->cat_score[c], num));
		buf_printf(out, ",%s,", fmt_cents(b->final, num));
		csv_field(out, m->cfg.levels[b->level].name);
		buf_addc(out, ',');
		csv_field(out, b->veto_reasons);
		buf_addc(out, '\n');
	}
}

static void
json_str(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c == '\n')
			buf_adds(out, "\\n");
		else if (c == '\r')
			buf_adds(out, "\\r");
		else if (c == '\t')
			buf_adds(out, "\\t");
		else if (c < 0x20)
			buf_printf(out, "\\u%04x", c);
		else
			buf_addc(out, (char)c);
	}
	buf_addc(out, '"');
}

static void
json_date(struct buf *out, struct date d)
{
	if (d.year)
		buf_printf(out, "\"%04d-%02d-%02d\"", d.year, d.month, d.day);
	else
		buf_adds(out, "null");
}

static void
json_weights(struct buf *out, const struct named_weight *w, size_t n,
    const int *override)
{
	size_t i;

	buf_addc(out, '{');
	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(out, ", ");
		json_str(out, w[i].name);
		buf_printf(out, ": %d", override ? override[i] : w[i].weight);
	}
	buf_addc(out, '}');
}

void
rank_json(const struct model *m, struct buf *out)
{
	const struct config *cfg = &m->cfg;
	char num[32];
	size_t i, c, v;

	buf_adds(out, "{\n  \"organization\": ");
	json_str(out, cfg->organization);
	buf_printf(out, ",\n  \"year\": %d,\n  \"title\": ", cfg->year);
	json_str(out, cfg->title);
	buf_adds(out, ",\n  \"period\": ");
	if (m->selected_period >= 0)
		json_str(out, cfg->periods[m->selected_period].name);
	else
		buf_adds(out, "null");
	buf_adds(out, ",\n  \"weights\": ");
	json_weights(out, cfg->sources, cfg->nsources, NULL);
	buf_adds(out, ",\n  \"periods\": ");
	json_weights(out, cfg->periods, cfg->nperiods, m->period_weight);
	buf_adds(out, ",\n  \"levels\": [");
	for (i = 0; i < cfg->nlevels; i++) {
		buf_adds(out, i ? ", {\"name\": " : "{\"name\": ");
		json_str(out, cfg->levels[i].name);
		buf_printf(out, ", \"min\": %s, \"count\": %zu}",
		    fmt_cents(cfg->levels[i].min, num), m->stats.level_count[i]);
	}
	buf_printf(out, "],\n  \"quota\": {\"percent\": %s, \"cap\": ",
	    fmt_cents(cfg->advanced_quota, num));
	if (cfg->advanced_quota)
		buf_printf(out, "%zu", m->quota_cap);
	else
		buf_adds(out, "null");
	buf_printf(out, ", \"top\": %zu, \"exceeded_by_ties\": %s},\n",
	    m->quota_top, m->quota_exceeded ? "true" : "false");
	buf_adds(out, "  \"categories\": [");
	for (c = 0; c < m->ncategories; c++) {
		buf_adds(out, c ? ", {\"name\": " : "{\"name\": ");
		json_str(out, m->categories[c].name);
		buf_printf(out, ", \"points\": %s, \"mean\": %s}",
		    fmt_cents(m->categories[c].points, num),
		    fmt_cents(m->stats.cat_mean[c], (char[32]){0}));
	}
	buf_adds(out, "],\n  \"branches\": [");
	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[m->order[i]];

		buf_adds(out, i ? ",\n    {" : "\n    {");
		buf_adds(out, "\"rank\": ");
		if (b->rank)
			buf_printf(out, "%d", b->rank);
		else
			buf_adds(out, "null");
		buf_printf(out, ", \"shared\": %s, \"id\": ",
		    b->rank_shared ? "true" : "false");
		json_str(out, b->id);
		buf_adds(out, ", \"name\": ");
		json_str(out, b->name);
		buf_adds(out, ", \"parent\": ");
		json_str(out, b->parent);
		buf_adds(out, ", \"categories\": [");
		for (c = 0; c < m->ncategories; c++)
			buf_printf(out, "%s%s", c ? ", " : "",
			    fmt_cents(b->cat_score[c], num));
		buf_printf(out, "], \"total\": %s, \"level\": ",
		    fmt_cents(b->final, num));
		json_str(out, cfg->levels[b->level].name);
		buf_printf(out, ", \"cut_by_quota\": %s, \"gap_to_top\": %s, "
		    "\"vetoed\": %s, \"vetoes\": [",
		    b->lost_top_by_quota ? "true" : "false",
		    fmt_cents(b->gap_to_top, num), b->vetoed ? "true" : "false");
		for (v = 0; v < b->nvetoes; v++) {
			const struct veto *ve = &m->vetoes[b->vetoes[v]];

			buf_adds(out, v ? ", {\"reason\": " : "{\"reason\": ");
			json_str(out, ve->reason);
			buf_adds(out, ", \"detail\": ");
			json_str(out, ve->detail);
			buf_adds(out, ", \"date\": ");
			json_date(out, ve->date);
			buf_adds(out, ", \"reference\": ");
			json_str(out, ve->reference);
			buf_addc(out, '}');
		}
		buf_adds(out, "]}");
	}
	buf_adds(out, "\n  ]\n}\n");
}

/* Appends s padded with spaces to `width` terminal columns. */
static void
pad(struct buf *out, const char *s, int width, bool right)
{
	int w = utf8_width(s);

	if (right)
		for (; w < width; w++)
			buf_addc(out, ' ');
	buf_adds(out, s);
	if (!right)
		for (; w < width; w++)
			buf_addc(out, ' ');
}

void
rank_text(const struct model *m, struct buf *out)
{
	const struct config *cfg = &m->cfg;
	size_t ncol = 5 + m->ncategories, i, c, k, r;
	size_t rows = m->nbranches + 1;
	char ***cell = xcalloc(rows, sizeof *cell);
	int *width = xcalloc(ncol, sizeof *width);
	bool *right = xcalloc(ncol, sizeof *right);
	char num[32];

	for (r = 0; r < rows; r++)
		cell[r] = xcalloc(ncol, sizeof **cell);
	cell[0][0] = xstrdup("排名");
	cell[0][1] = xstrdup("编号");
	cell[0][2] = xstrdup("支部名称");
	for (c = 0; c < m->ncategories; c++)
		cell[0][3 + c] = xstrdup(m->categories[c].name);
	cell[0][3 + m->ncategories] = xstrdup("总分");
	cell[0][4 + m->ncategories] = xstrdup("等次");
	right[0] = true;
	for (c = 0; c <= m->ncategories; c++)
		right[3 + c] = true;
	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[m->order[i]];
		char **row = cell[i + 1];

		row[0] = b->rank ? xasprintf("%s%d", b->rank_shared ? "=" : "",
		    b->rank) : xstrdup("—");
		row[1] = xstrdup(b->id);
		row[2] = xstrdup(b->name);
		for (c = 0; c < m->ncategories; c++)
			row[3 + c] = xstrdup(fmt_cents(b->cat_score[c], num));
		row[3 + m->ncategories] = xstrdup(fmt_cents(b->final, num));
		row[4 + m->ncategories] = b->vetoed ?
		    xasprintf("%s（一票否决：%s）", cfg->levels[b->level].name,
		    b->veto_reasons) :
		    xstrdup(cfg->levels[b->level].name);
	}
	for (r = 0; r < rows; r++)
		for (k = 0; k < ncol; k++) {
			int w = utf8_width(cell[r][k]);
			if (w > width[k] && k + 1 < ncol)
				width[k] = w;
		}
	for (r = 0; r < rows; r++) {
		for (k = 0; k < ncol; k++) {
			if (k)
				buf_adds(out, "  ");
			pad(out, cell[r][k], k + 1 < ncol ? width[k] : 0, right[k]);
			free(cell[r][k]);
		}
		buf_addc(out, '\n');
		free(cell[r]);
	}
	buf_adds(out, "\n排名前的“=”表示并列。\n评价方式权重：");
	for (k = 0; k < cfg->nsources; k++)
		buf_printf(out, "%s%s %d%%", k ? "，" : "", cfg->sources[k].name,
		    cfg->sources[k].weight);
	buf_adds(out, "；考核期权重：");
	for (k = 0; k < cfg->nperiods; k++)
		buf_printf(out, "%s%s %d%%", k ? "，" : "", cfg->periods[k].name,
		    m->period_weight[k]);
	buf_adds(out, "\n等次：");
	for (k = 0; k < cfg->nlevels; k++)
		buf_printf(out, "%s%s ≥ %s（%zu个）", k ? "，" : "",
		    cfg->levels[k].name, fmt_cents(cfg->levels[k].min, num),
		    m->stats.level_count[k]);
	buf_adds(out, "\n");
	if (cfg->advanced_quota) {
		buf_printf(out, "先进名额：%s%%，即至多 %zu 个", fmt_cents(
		    cfg->advanced_quota, num), m->quota_cap);
		if (m->quota_exceeded)
			buf_printf(out, "；因分数并列，实有 %zu 个", m->quota_top);
		buf_adds(out, "\n");
	}
	free(cell);
	free(width);
	free(right);
}

void
check_summary(const struct model *m, const char *dir, unsigned warnings,
    struct buf *out)
{
	const struct config *cfg = &m->cfg;
	size_t p, s;
	char a[32];

	buf_printf(out, "%s：%zu 个支部；考核细则 %zu 项，分 %zu 类，共 %s 分\n",
	    dir, m->nbranches, m->nitems, m->ncategories,
	    fmt_cents(cfg->rubric_total, a));
	buf_printf(out, "评分：%zu 条\n", m->score_rows);
	for (p = 0; p < cfg->nperiods; p++)
		for (s = 0; s < cfg->nsources; s++) {
			size_t n = m->rows_per_ps[p * cfg->nsources + s];

			if (n)
				buf_printf(out, "  %s%s：%zu 条\n",
				    cfg->periods[p].name, cfg->sources[s].name,
				    n);
		}
	buf_printf(out, "一票否决：%zu 条（%zu 个支部）\n", m->nvetoes,
	    m->stats.vetoed);
	buf_printf(out, "工作记录：%zu 条\n", m->nrecords);
	buf_printf(out, "优秀党务工作者推荐：%zu 人（表彰 %zu 人）\n",
	    m->nworkers, m->ncommended);
	buf_printf(out, "警告：%u 个\n", warnings);
}
