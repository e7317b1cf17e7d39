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
count_commended(struct model *m)
{
	size_t i;

	m->nadvanced = m->ncommended = m->nleft_out = 0;
	for (i = 0; i < m->nbranches; i++)
		if (m->branches[i].level == 0 && !m->branches[i].vetoed)
			m->nadvanced++;
	for (i = 0; i < m->nworkers; i++)
		if (m->workers[i].commended)
			m->ncommended++;
		else
			m->nleft_out++;
}

void
derive(struct model *m)
{
	size_t b;

	for (b = 0; b < m->nbranches; b++)
		losses(m, &m->branches[b]);
	count_records(m);
	compute_stats(m);
	count_commended(m);
}
