/* derive.c: every figure an output prints beyond SPEC section 4: the
 * items that lost most, gaps to the top level, counts of records and
 * attendance, elections due, the statistics of the report, and counts of
 * the commended.  Exact integers, rounded half up where a figure is. */
#include "derive.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

__extension__ typedef __int128 i128;

/* Rounds a non-negative value in units of 1/div cent half up to cents. */
static int64_t
round_half_up(i128 v, int64_t div)
{
	return (int64_t)((v + div / 2) / div);
}

/* The three items that lost most (first in rubric order on ties), and the
 * gap to the top level's minimum. */
static void
losses(struct model *m, struct branch *b)
{
	size_t i, k;

	b->ntop_lost = 0;
	for (i = 0; i < m->nitems; i++) {
		if (b->item_lost[i] <= 0)
			continue;
		for (k = b->ntop_lost; k > 0 &&
		    b->item_lost[b->top_lost[k - 1]] < b->item_lost[i]; k--)
			if (k < 3)
				b->top_lost[k] = b->top_lost[k - 1];
		if (k < 3) {
			b->top_lost[k] = i;
			if (b->ntop_lost < 3)
				b->ntop_lost++;
		}
	}
	b->gap_to_top = m->cfg.levels[0].min > b->final ?
	    m->cfg.levels[0].min - b->final : 0;
}

/* Per period and source, the raters of every item when all items have the
 * same number (the sheet says it once, in the column's head), else 0. */
static void
uniform_raters(struct model *m, struct branch *b)
{
	size_t ns = m->cfg.nsources, p, s, i;

	b->raters = xcalloc(m->cfg.nperiods * ns + 1, sizeof *b->raters);
	for (p = 0; p < m->cfg.nperiods; p++)
		for (s = 0; s < ns; s++) {
			unsigned n = 0;

			for (i = 0; i < m->nitems; i++) {
				const struct cell *c = model_cell(m, b, p, s,
				    i);

				if (i == 0) {
					n = c->n;
				} else if (c->n != n) {
					n = 0;
					break;
				}
			}
			b->raters[p * ns + s] = n;
		}
}

/* Per period, source and category, the sum of the item means: the
 * subtotals a sheet prints under each source (exact, never rounded). */
static void
source_subtotals(struct model *m, struct branch *b)
{
	size_t ns = m->cfg.nsources, nc = m->ncategories, p, s, c, i;

	b->cat_source = xcalloc(m->cfg.nperiods * ns * nc + 1,
	    sizeof *b->cat_source);
	for (p = 0; p < m->cfg.nperiods; p++)
		for (s = 0; s < ns; s++)
			for (c = 0; c < nc; c++) {
				const struct category *cat = &m->categories[c];
				int64_t sum = 0;

				for (i = cat->first; i < cat->first + cat->n;
				    i++) {
					const struct cell *ce = model_cell(m, b,
					    p, s, i);

					if (ce->n == 0) {
						sum = -1;
						break;
					}
					sum += ce->mean;
				}
				b->cat_source[(p * ns + s) * nc + c] = sum;
			}
}

static void
count_records(struct model *m)
{
	size_t b, r, k;
	int64_t *exp = xcalloc(m->nbranches + 1, sizeof *exp);
	int64_t *pre = xcalloc(m->nbranches + 1, sizeof *pre);

	for (b = 0; b < m->nbranches; b++) {
		struct branch *br = &m->branches[b];

		br->records = xcalloc(m->cfg.nrecord_mins + 1, sizeof *br->records);
		for (k = 0; k < m->cfg.nrecord_mins; k++)
			br->records[k].min = m->cfg.record_mins[k].min;
	}
	for (r = 0; r < m->nrecords; r++) {
		const struct record *rec = &m->records[r];
		struct branch *br = &m->branches[rec->branch];

		br->nrecords++;
		for (k = 0; k < m->cfg.nrecord_mins; k++)
			if (strcmp(m->cfg.record_mins[k].type, rec->type) == 0)
				br->records[k].count++;
		if (rec->expected > 0 && rec->present >= 0) {
			exp[rec->branch] += rec->expected;
			pre[rec->branch] += rec->present;
		}
	}
	for (b = 0; b < m->nbranches; b++) {
		struct branch *br = &m->branches[b];

		for (k = 0; k < m->cfg.nrecord_mins; k++)
			br->records[k].short_of_min =
			    br->records[k].count < br->records[k].min;
		br->attendance_permille = exp[b] > 0 ?
		    (int)((2000 * pre[b] + exp[b]) / (2 * exp[b])) : -1;
		if (br->elected.year) {
			br->election_next = br->elected;
			br->election_next.year += m->cfg.term_years;
			if (br->election_next.month == 2 &&
			    br->election_next.day == 29)
				br->election_next.day = 28;
		}
		if (br->elected.year && m->cfg.date.year) {
			struct date due = br->elected;
			due.year += m->cfg.term_years;
			br->election_due = due.year < m->cfg.date.year ||
			    (due.year == m->cfg.date.year &&
			    (due.month < m->cfg.date.month ||
			    (due.month == m->cfg.date.month &&
			    due.day < m->cfg.date.day)));
		}
	}
	free(exp);
	free(pre);
}

static int
cents_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t
isqrt128(i128 v)
{
	i128 lo = 0, hi = (i128)1 << 62;

	if (v <= 0)
		return 0;
	while (lo < hi) {
		i128 mid = (lo + hi + 1) / 2;
		if (mid <= v / mid)
			lo = mid;
		else
			hi = mid - 1;
	}
	return (int64_t)lo;
}

static void
compute_stats(struct model *m)
{
	struct stats *st = &m->stats;
	size_t n = m->nbranches, b, c, i;
	int64_t *v = xcalloc(n + 1, sizeof *v);
	i128 sum = 0, sq = 0, num;

	st->n = n;
	st->level_count = xcalloc(m->cfg.nlevels + 1, sizeof *st->level_count);
	st->cat_mean = xcalloc(m->ncategories + 1, sizeof *st->cat_mean);
	st->item_mean = xcalloc(m->nitems + 1, sizeof *st->item_mean);
	if (n == 0) {
		free(v);
		return;
	}
	for (b = 0; b < n; b++) {
		const struct branch *br = &m->branches[b];

		v[b] = br->final;
		sum += br->final;
		sq += (i128)br->final * br->final;
		st->level_count[br->level]++;
		if (br->vetoed)
			st->vetoed++;
	}
	qsort(v, n, sizeof *v, cents_cmp);
	st->min = v[0];
	st->max = v[n - 1];
	st->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2] + 1) / 2;
	st->mean = (int64_t)((2 * sum + (i128)n) / (2 * (i128)n));
	num = (i128)n * sq - sum * sum; /* n² × variance */
	st->stddev = (int64_t)(((i128)isqrt128(4 * num) + (i128)n) / (2 * (i128)n));
	for (c = 0; c < m->ncategories; c++) {
		i128 s = 0;
		for (b = 0; b < n; b++)
			s += m->branches[b].cat_score[c];
		st->cat_mean[c] = round_half_up(s, (int64_t)n);
	}
	for (i = 0; i < m->nitems; i++) {
		i128 s = 0;
		for (b = 0; b < n; b++)
			s += m->branches[b].item_score[i];
		st->item_mean[i] = round_half_up(s, (int64_t)n);
	}
	free(v);
}

#define MAX_BANDS 16

/* The bands of the distribution of finals (struct stats): of the ranked
 * branches only (a vetoed branch's score says nothing of its level). */
static void
score_bands(struct model *m)
{
	const struct config *cfg = &m->cfg;
	static const int64_t widths[] = {100, 200, 500, 1000, 2000, 5000};
	struct stats *st = &m->stats;
	int64_t lo = -1, hi = -1, w = widths[0], e;
	int64_t edge[MAX_BANDS + 16];
	size_t count[MAX_BANDS + 16], nedge = 0, i, j, k, lv;

	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[i];

		if (b->vetoed)
			continue;
		if (lo < 0 || b->final < lo)
			lo = b->final;
		if (hi < 0 || b->final > hi)
			hi = b->final;
	}
	if (lo < 0)
		return;
	for (i = 0; i < ARRAY_LEN(widths); i++) {
		w = widths[i];
		if ((hi - lo) / w < MAX_BANDS)
			break;
	}
	for (e = lo / w * w; e <= hi && nedge < MAX_BANDS + 4; e += w)
		edge[nedge++] = e;
	for (i = 0; i < cfg->nlevels; i++) {
		int64_t v = cfg->levels[i].min;

		if (v <= edge[0] || v > hi || nedge >= ARRAY_LEN(edge))
			continue;
		for (j = 0; j < nedge && edge[j] < v; j++)
			;
		if (j < nedge && edge[j] == v)
			continue;
		memmove(&edge[j + 1], &edge[j], (nedge - j) * sizeof *edge);
		edge[j] = v;
		nedge++;
	}
	memset(count, 0, sizeof count);
	for (i = 0; i < m->nbranches; i++) {
		int64_t v = m->branches[i].final;

		if (m->branches[i].vetoed)
			continue;
		for (j = nedge; j > 1 && v < edge[j - 1]; j--)
			;
		count[j - 1]++;
	}
	st->bands = xcalloc(nedge + 1, sizeof *st->bands);
	st->nbands = nedge;
	for (k = 0; k < nedge; k++) {
		struct score_band *b = &st->bands[k];

		j = nedge - 1 - k;
		for (lv = 0; lv + 1 < cfg->nlevels && cfg->levels[lv].min >
		    edge[j]; lv++)
			;
		b->lo = edge[j];
		b->hi = j + 1 == nedge ? -1 : edge[j + 1] - 1;
		b->count = count[j];
		b->level = lv;
	}
}

/* The axis of the chart of finals (struct stats). */
static void
score_axis(struct model *m)
{
	struct stats *st = &m->stats;
	int64_t base, top = m->cfg.rubric_total;

	base = st->min - 500;
	base = base > 0 ? base / 1000 * 1000 : 0;
	if (base >= top)
		base = 0;
	st->axis_base = base;
	st->axis_step = top - base > 5000 ? 1000 : 500;
	st->axis_marks_top = m->cfg.nlevels > 1 &&
	    m->cfg.levels[0].min > base && m->cfg.levels[0].min <= top;
}

/* The branches by parent, groups in the order of their best-ranked
 * branch, members in ranking order, with their subtotals. */
static void
group_branches(struct model *m)
{
	struct strmap map = {0};
	size_t cap = 0, i, k, *capm = NULL;

	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[m->order[i]];
		struct group *g;

		k = strmap_put(&map, b->parent, m->ngroups);
		if (k == m->ngroups) {
			xgrow(&m->groups, &cap, m->ngroups + 1,
			    sizeof *m->groups);
			capm = xrealloc(capm, cap * sizeof *capm);
			memset(&m->groups[k], 0, sizeof m->groups[k]);
			capm[k] = 0;
			m->groups[k].name = b->parent;
			m->groups[k].level_count = xcalloc(m->cfg.nlevels + 1,
			    sizeof *m->groups[k].level_count);
			m->ngroups++;
		}
		g = &m->groups[k];
		xgrow(&g->members, &capm[k], g->n + 1, sizeof *g->members);
		g->members[g->n++] = m->order[i];
		g->level_count[b->level]++;
		if (b->vetoed) {
			g->vetoed++;
			continue;
		}
		/* ranking order: the first ranked is the highest, the last
		 * ranked the lowest */
		if (g->best == NULL)
			g->best = b;
		g->worst = b;
	}
	free(capm);
	strmap_free(&map);
}

static void
count_commended(struct model *m)
{
	size_t i, k;

	m->nadvanced = m->ncommended = m->nleft_out = 0;
	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[i];

		if (b->level == 0 && !b->vetoed)
			m->nadvanced++;
		if (b->level != 0)
			m->nbelow_top++;
		if (b->lost_top_by_quota)
			m->nlost_top_by_quota++;
		if (b->election_due)
			m->nelection_due++;
		for (k = 0; k < m->cfg.nrecord_mins; k++)
			if (b->records[k].short_of_min) {
				m->nshort_of_records++;
				break;
			}
	}
	for (i = 0; i < m->nworkers; i++)
		if (m->workers[i].commended)
			m->ncommended++;
		else
			m->nleft_out++;
}

/* The statistics of the rolls (the handbook's part 5): 正式/预备, sex, age
 * and 党龄 bands on 31 December of the year (党龄 from 转正日期), education
 * by the usual categories first, then others as they come. */
static const char *const edu_order[] = {"博士研究生", "硕士研究生", "研究生",
	"大学本科", "本科", "大学专科", "大专", "中专", "中技", "高中",
	"初中", "小学"};
static const char *const kind_names[] = {"正式党员", "预备党员"};
static const char *const sex_names[] = {"男", "女", "未填"};
static const char *const age_names[] = {"35岁及以下", "36至45岁",
	"46至55岁", "56至60岁", "61岁及以上", "未填"};
static const char *const tenure_names[] = {"不满5年", "5至9年",
	"10至19年", "20至29年", "30年及以上", "预备党员"};

static struct roll_band *
bands_of(const char *const *names, size_t n)
{
	struct roll_band *b = xcalloc(n + 1, sizeof *b);
	size_t k;

	for (k = 0; k < n; k++)
		b[k].name = names[k];
	return b;
}

static void
roll_stats(struct model *m, struct branch *br, size_t bi)
{
	struct roll_stats *rs = &br->roll;
	struct roll_band *edu;
	size_t k, j, d, nedu = ARRAY_LEN(edu_order), nunknown = 0;
	bool blank = !m->has_members;
	int year = m->cfg.year;

	rs->band[ROLL_KIND] = bands_of(kind_names, 2);
	rs->band[ROLL_SEX] = bands_of(sex_names, 3);
	rs->band[ROLL_AGE] = bands_of(age_names, 6);
	rs->band[ROLL_TENURE] = bands_of(tenure_names, 6);
	/* the usual categories, then room for every other one met */
	edu = xcalloc(nedu + m->nmembers + 3, sizeof *edu);
	for (k = 0; k < nedu; k++)
		edu[k].name = edu_order[k];
	for (k = 0; k < m->nmembers; k++) {
		const struct member *a = &m->members[k];
		int y;

		if (a->branch != bi)
			continue;
		rs->total++;
		rs->band[ROLL_KIND][a->confirmed.year ? 0 : 1].n++;
		rs->band[ROLL_SEX][strcmp(a->sex, "男") == 0 ? 0 :
		    strcmp(a->sex, "女") == 0 ? 1 : 2].n++;
		y = year - a->born.year; /* on 31 December */
		rs->band[ROLL_AGE][a->born.year == 0 ? 5 : y <= 35 ? 0 :
		    y <= 45 ? 1 : y <= 55 ? 2 : y <= 60 ? 3 : 4].n++;
		y = year - a->confirmed.year;
		rs->band[ROLL_TENURE][a->confirmed.year == 0 ? 5 : y < 5 ? 0 :
		    y < 10 ? 1 : y < 20 ? 2 : y < 30 ? 3 : 4].n++;
		if (!*a->education) {
			nunknown++;
			continue;
		}
		for (j = 0; j < nedu; j++)
			if (strcmp(edu[j].name, a->education) == 0)
				break;
		if (j == nedu)
			edu[nedu++].name = a->education;
		edu[j].n++;
	}
	/* education: the categories present (the usual ones when blank) */
	for (j = k = 0; k < nedu; k++)
		if (edu[k].n > 0 || (blank && (k == 2 || k == 3 || k == 5 ||
		    k == 7 || k == 9)))
			edu[j++] = edu[k];
	if (blank)
		edu[j++] = (struct roll_band){"初中及以下", 0, 0};
	if (nunknown)
		edu[j++] = (struct roll_band){"未填", nunknown, 0};
	rs->band[ROLL_EDU] = edu;
	rs->nband[ROLL_EDU] = j;
	rs->nband[ROLL_KIND] = 2;
	rs->nband[ROLL_SEX] = rs->band[ROLL_SEX][2].n ? 3 : 2;
	rs->nband[ROLL_AGE] = rs->band[ROLL_AGE][5].n ? 6 : 5;
	rs->nband[ROLL_TENURE] = 6;
	for (d = 0; d < ROLL_NDIMS; d++)
		for (k = 0; k < rs->nband[d]; k++) {
			struct roll_band *b = &rs->band[d][k];

			b->permille = rs->total == 0 ? -1 :
			    (int)((b->n * 2000 + rs->total) /
			    (2 * rs->total));
		}
}

void
derive(struct model *m)
{
	size_t b;

	count_records(m);
	for (b = 0; b < m->nbranches; b++)
		roll_stats(m, &m->branches[b], b);
	if (!m->has_scores)
		return; /* kaohe handbook before the year's scores */
	for (b = 0; b < m->nbranches; b++) {
		losses(m, &m->branches[b]);
		uniform_raters(m, &m->branches[b]);
		source_subtotals(m, &m->branches[b]);
	}
	compute_stats(m);
	score_bands(m);
	score_axis(m);
	group_branches(m);
	count_commended(m);
}
