/* score.c: all of SPEC section 4: rater means and deductions, period
 * weights, exact scoring, rating, quota, ranking, and who is commended.
 *
 * Units: rater means and rounded scores are cents (hundredths of a point).
 * A weighted sum Σ w% × cents is in cents × 100; Σ over periods of
 * w% × (Σ over sources of w% × cents) is in cents × 10,000.  Nothing is
 * rounded until the end, and then half up. */
#include "score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
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
	size_t np = m->cfg.nperiods, nc = m->ncategories, p, c, i;

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

	b->level = b->vetoed ? model_lowest_level(m) : level_for(m, b->final, 0);
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

/* SPEC 4.1: the period weights in force: the settings', or 100 for the
 * one period of --period. */
static void
period_weights(struct model *m)
{
	size_t i;

	m->period_weight = xcalloc(m->cfg.nperiods + 1,
	    sizeof *m->period_weight);
	for (i = 0; i < m->cfg.nperiods; i++)
		m->period_weight[i] = m->selected_period < 0 ?
		    m->cfg.periods[i].weight :
		    ((int)i == m->selected_period ? 100 : 0);
}

/* SPEC 4.1: every cell's mean over its raters, rounded half up; a
 * deduction counts as the item's points less it, not below 0. */
static void
rater_means(struct model *m)
{
	size_t per = m->cfg.nperiods * m->cfg.nsources * m->nitems, b, k;
	int64_t *sum;

	sum = xcalloc(m->nbranches * per + 1, sizeof *sum);
	for (b = 0; b < m->nbranches; b++)
		m->branches[b].cells = xcalloc(per + 1,
		    sizeof *m->branches[b].cells);
	for (k = 0; k < m->nscores; k++) {
		const struct score_value *v = &m->scores[k];
		const struct item *it = &m->items[v->item];
		struct branch *br = &m->branches[v->branch];
		size_t ci = ((size_t)v->period * m->cfg.nsources + v->source) *
		    m->nitems + v->item;
		int64_t value = v->value;

		if (v->deduction)
			value = value >= it->points ? 0 : it->points - value;
		sum[v->branch * per + ci] += value;
		br->cells[ci].n++;
	}
	for (b = 0; b < m->nbranches; b++) {
		struct cell *c = m->branches[b].cells;

		for (k = 0; k < per; k++)
			if (c[k].n)
				/* half up: (2 sum + n) / 2n, sum >= 0 */
				c[k].mean = (2 * sum[b * per + k] + c[k].n) /
				    (2 * (int64_t)c[k].n);
	}
	free(sum);
}

void
model_score(struct model *m)
{
	size_t b;

	if (!m->has_scores)
		return; /* kaohe handbook before the year's scores */
	period_weights(m);
	rater_means(m);
	collect_vetoes(m);
	for (b = 0; b < m->nbranches; b++)
		score_branch(m, b);
	rank_branches(m);
	apply_quota(m);
	judge_nominees(m);
}

