/* score.c: exact scoring, rating, quota and ranking (SPEC section 4), and
 * every derived figure the renderers print.
 *
 * Units: rater means and rounded scores are cents (hundredths of a point).
 * A weighted sum Σ w% × cents is in cents × 100; Σ over periods of
 * w% × (Σ over sources of w% × cents) is in cents × 10,000.  Nothing is
 * rounded until the end, and then half up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/config.h"
#include "model.h"
#include "ingest/parse.h"
#include "util.h"

__extension__ typedef __int128 i128;

/* Rounds a non-negative value in units of 1/div cent half up to cents.
 * Weighted sums are kept in 128 bits: cents × 100 × 100 overflows 64 bits
 * for the 13-digit points a rubric may hold. */
static int64_t
round_half_up(i128 v, int64_t div)
{
	return (int64_t)((v + div / 2) / div);
}

bool
model_period_used(const struct model *m, size_t p)
{
	return m->period_weight[p] > 0;
}

bool
model_source_used(const struct model *m, size_t s)
{
	return m->cfg.sources[s].weight > 0;
}

size_t
model_lowest_level(const struct model *m)
{
	return m->cfg.nlevels - 1;
}

const struct cell *
model_cell(const struct model *m, const struct branch *b, size_t p, size_t s,
    size_t i)
{
	return &b->cells[(p * m->cfg.nsources + s) * m->nitems + i];
}

int
model_find_branch(const struct model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->nbranches; i++)
		if (strcmp(m->branches[i].id, id) == 0)
			return (int)i;
	return -1;
}

char *
date_format_cn(struct date d, char *out)
{
	if (d.year == 0)
		out[0] = '\0';
	else
		snprintf(out, 32, "%d年%d月%d日", d.year, d.month, d.day);
	return out;
}

/* Σ over sources of weight% × the sum of item means in [first, first+n) of
 * period p: cents × 100.  Sets *complete to false when a weighted source
 * lacks one of those items. */
static i128
period_sum(const struct model *m, const struct branch *b, size_t p,
    size_t first, size_t n, bool *complete)
{
	i128 sum = 0;
	size_t s, i;

	for (s = 0; s < m->cfg.nsources; s++) {
		i128 total = 0;

		if (!model_source_used(m, s))
			continue;
		for (i = first; i < first + n; i++) {
			const struct cell *c = model_cell(m, b, p, s, i);

			if (c->n == 0)
				*complete = false;
			total += c->mean;
		}
		sum += (i128)m->cfg.sources[s].weight * total;
	}
	return sum;
}

/* The combined score of items [first, first+n): cents, rounded once. */
static int64_t
combined(const struct model *m, const struct branch *b, size_t first, size_t n)
{
	i128 sum = 0;
	size_t p;
	bool complete = true;

	for (p = 0; p < m->cfg.nperiods; p++)
		if (model_period_used(m, p))
			sum += (i128)m->period_weight[p] *
			    period_sum(m, b, p, first, n, &complete);
	return round_half_up(sum, 10000);
}

/* The highest level whose minimum the score meets, from `from` on. */
static size_t
level_for(const struct model *m, int64_t score, size_t from)
{
	size_t l;

	for (l = from; l < m->cfg.nlevels; l++)
		if (score >= m->cfg.levels[l].min)
			return l;
	return model_lowest_level(m);
}

static void
score_branch(struct model *m, size_t bi)
{
	struct branch *b = &m->branches[bi];
	size_t np = m->cfg.nperiods, nc = m->ncategories, p, c, i, k;

	b->final = combined(m, b, 0, m->nitems);
	b->cat_score = xcalloc(nc + 1, sizeof *b->cat_score);
	for (c = 0; c < nc; c++)
		b->cat_score[c] = combined(m, b, m->categories[c].first,
		    m->categories[c].n);
	b->item_score = xcalloc(m->nitems + 1, sizeof *b->item_score);
	b->item_lost = xcalloc(m->nitems + 1, sizeof *b->item_lost);
	for (i = 0; i < m->nitems; i++) {
		b->item_score[i] = combined(m, b, i, 1);
		b->item_lost[i] = m->items[i].points - b->item_score[i];
	}

	/* Each period alone, where the branch has all of it. */
	b->period_final = xcalloc(np + 1, sizeof *b->period_final);
	b->period_cat = xcalloc(np * nc + 1, sizeof *b->period_cat);
	for (p = 0; p < np; p++) {
		bool complete = true;
		i128 v = period_sum(m, b, p, 0, m->nitems, &complete);

		b->period_final[p] = complete ? round_half_up(v, 100) : -1;
		for (c = 0; c < nc; c++) {
			bool cat_complete = true;

			v = period_sum(m, b, p, m->categories[c].first,
			    m->categories[c].n, &cat_complete);
			b->period_cat[p * nc + c] = cat_complete ?
			    round_half_up(v, 100) : -1;
		}
	}

	/* The three items that lost most (first in rubric order on ties). */
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

	b->level = b->vetoed ? model_lowest_level(m) : level_for(m, b->final, 0);
	b->gap_to_top = m->cfg.levels[0].min > b->final ?
	    m->cfg.levels[0].min - b->final : 0;
}

static void
collect_vetoes(struct model *m)
{
	struct buf *reasons = xcalloc(m->nbranches + 1, sizeof *reasons);
	size_t v, b;

	for (v = 0; v < m->nvetoes; v++) {
		struct branch *br = &m->branches[m->vetoes[v].branch];
		const char *r = m->vetoes[v].reason;
		struct buf *rb = &reasons[m->vetoes[v].branch];
		bool seen = false;
		size_t k;

		br->vetoed = true;
		br->vetoes = xrealloc(br->vetoes, (br->nvetoes + 1) * sizeof *br->vetoes);
		br->vetoes[br->nvetoes++] = v;
		for (k = 0; k + 1 < br->nvetoes; k++)
			if (strcmp(m->vetoes[br->vetoes[k]].reason, r) == 0)
				seen = true;
		if (!seen) {
			if (rb->len)
				buf_addc(rb, ';');
			buf_adds(rb, r);
		}
	}
	for (b = 0; b < m->nbranches; b++)
		m->branches[b].veto_reasons = buf_take(&reasons[b]);
	free(reasons);
}

/* Ranking order (SPEC 4.7): ranked branches by score descending, then id in
 * byte order; then vetoed ones by score descending, then id. */
static const struct model *sort_model;

static int
order_cmp(const void *a, const void *b)
{
	const struct branch *x = &sort_model->branches[*(const size_t *)a];
	const struct branch *y = &sort_model->branches[*(const size_t *)b];

	if (x->vetoed != y->vetoed)
		return x->vetoed ? 1 : -1;
	if (x->final != y->final)
		return x->final > y->final ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void
rank_branches(struct model *m)
{
	size_t i;

	m->order = xcalloc(m->nbranches + 1, sizeof *m->order);
	for (i = 0; i < m->nbranches; i++)
		m->order[i] = i;
	sort_model = m;
	qsort(m->order, m->nbranches, sizeof *m->order, order_cmp);
	sort_model = NULL;
	m->nranked = 0;
	for (i = 0; i < m->nbranches; i++) {
		struct branch *b = &m->branches[m->order[i]];

		if (b->vetoed)
			break;
		if (i > 0 && m->branches[m->order[i - 1]].final == b->final) {
			b->rank = m->branches[m->order[i - 1]].rank;
			b->rank_shared = true;
			m->branches[m->order[i - 1]].rank_shared = true;
		} else
			b->rank = (int)i + 1;
		m->nranked++;
	}
}

/* SPEC 4.6: at most floor(quota% × branches) at the top level, by rank;
 * ties at the cut keep it. */
static void
apply_quota(struct model *m)
{
	size_t i, qualified = 0, kept = 0;
	int64_t cut = 0;

	for (i = 0; i < m->nbranches; i++)
		if (m->branches[i].level == 0 && !m->branches[i].vetoed)
			qualified++;
	m->quota_top = qualified;
	if (m->cfg.advanced_quota == 0 || m->cfg.nlevels < 2)
		return;
	m->quota_cap = (size_t)((i128)m->cfg.advanced_quota *
	    (i128)m->nbranches / 10000);
	if (qualified <= m->quota_cap)
		return;
	if (m->quota_cap > 0)
		cut = m->branches[m->order[m->quota_cap - 1]].final;
	for (i = 0; i < m->nranked; i++) {
		struct branch *b = &m->branches[m->order[i]];

		if (b->level != 0)
			continue;
		if (m->quota_cap > 0 && b->final >= cut) {
			kept++;
			continue;
		}
		b->level = level_for(m, b->final, 1);
		b->lost_top_by_quota = true;
	}
	m->quota_top = kept;
	m->quota_exceeded = kept > m->quota_cap;
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

static void
judge_nominees(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nworkers; i++) {
		struct worker *w = &m->workers[i];
		const struct branch *b = &m->branches[w->branch];

		w->commended = false;
		if (b->vetoed)
			w->left_out_reason = "所在支部被一票否决";
		else if (b->level == model_lowest_level(m))
			w->left_out_reason = "所在支部考核等次为最低等次";
		else {
			w->commended = true;
			w->left_out_reason = NULL;
		}
	}
}

void
model_score(struct model *m)
{
	size_t b;

	collect_vetoes(m);
	for (b = 0; b < m->nbranches; b++)
		score_branch(m, b);
	rank_branches(m);
	apply_quota(m);
	count_records(m);
	compute_stats(m);
	judge_nominees(m);
}

void
model_free(struct model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nitems; i++) {
		free(m->items[i].id);
		free(m->items[i].category);
		free(m->items[i].title);
		free(m->items[i].criteria);
	}
	free(m->items);
	for (i = 0; i < m->ncategories; i++)
		free(m->categories[i].name);
	free(m->categories);
	for (i = 0; i < m->nbranches; i++) {
		struct branch *b = &m->branches[i];
		size_t k;

		free(b->id);
		free(b->name);
		free(b->parent);
		free(b->secretary);
		free(b->cells);
		for (k = 0; k < b->nnotes; k++) {
			free(b->notes[k].rater);
			free(b->notes[k].text);
		}
		free(b->notes);
		free(b->cat_score);
		free(b->item_score);
		free(b->item_lost);
		free(b->period_final);
		free(b->period_cat);
		free(b->vetoes);
		free(b->veto_reasons);
		free(b->records);
	}
	free(m->branches);
	for (i = 0; i < m->nvetoes; i++) {
		free(m->vetoes[i].reason);
		free(m->vetoes[i].detail);
		free(m->vetoes[i].reference);
	}
	free(m->vetoes);
	for (i = 0; i < m->nrecords; i++) {
		free(m->records[i].type);
		free(m->records[i].topic);
	}
	free(m->records);
	for (i = 0; i < m->nworkers; i++) {
		free(m->workers[i].name);
		free(m->workers[i].role);
		free(m->workers[i].deeds);
	}
	free(m->workers);
	free(m->rows_per_ps);
	free(m->period_weight);
	free(m->order);
	free(m->stats.level_count);
	free(m->stats.cat_mean);
	free(m->stats.item_mean);
	for (i = 0; i < m->nfilenames; i++)
		free(m->filenames[i]);
	free(m->filenames);
	free(m->dir);
	model_free_members(m);
	config_free(&m->cfg);
	free(m);
}
