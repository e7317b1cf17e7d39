/* model.c: the model's constructor, accessors and free. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "ingest/config.h"
#include "util.h"

struct model *
model_new(const char *dir)
{
	struct model *m = xcalloc(1, sizeof *m);

	m->dir = xstrdup(dir);
	m->selected_period = -1;
	return m;
}

const char *
model_table_label(const struct model *m, enum dataset_file which)
{
	static const char *const csv[] = {" kaohe.ini ", " rubric.csv ",
	    " branches.csv ", " scores.csv ", " vetoes.csv ", " records.csv ",
	    " workers.csv ", " members.csv "};

	if ((size_t)which >= ARRAY_LEN(csv))
		return "";
	return m->table_label[which] ? m->table_label[which] : csv[which];
}

bool
model_period_used(const struct model *m, size_t p)
{
	if (m->selected_period >= 0)
		return (int)p == m->selected_period;
	return m->cfg.periods[p].weight > 0;
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

void
model_free(struct model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < ARRAY_LEN(m->columns); i++)
		free(m->columns[i]);
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
		for (k = 0; k < ROLL_NDIMS; k++)
			free(b->roll.band[k]);
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
		free(b->raters);
		free(b->cat_source);
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
	for (i = 0; i < m->nmembers; i++) {  /* members.csv (SPEC 11) */
		free(m->members[i].name);
		free(m->members[i].sex);
		free(m->members[i].ethnicity);
		free(m->members[i].education);
		free(m->members[i].group);
	}
	free(m->members);
	for (i = 0; i < m->nwording; i++)
		free(m->wording[i].text);
	free(m->wording);
	for (i = 0; i < HANDBOOK_NTEXTS; i++)
		free(m->handbook[i].text);
	free(m->scores);
	free(m->rows_per_ps);
	free(m->period_weight);
	free(m->order);
	free(m->stats.level_count);
	free(m->stats.cat_mean);
	free(m->stats.item_mean);
	free(m->stats.bands);
	for (i = 0; i < m->ngroups; i++) {
		free(m->groups[i].members);
		free(m->groups[i].level_count);
	}
	free(m->groups);
	for (i = 0; i < m->nfilenames; i++)
		free(m->filenames[i]);
	free(m->filenames);
	for (i = 0; i < ARRAY_LEN(m->table_label); i++)
		free(m->table_label[i]);
	free(m->dir);
	config_free(&m->cfg);
	free(m);
}

unsigned
model_column(const struct model *m, enum dataset_file f, const char *name)
{
	size_t k;

	if ((size_t)f >= ARRAY_LEN(m->columns))
		return 0;
	for (k = 0; k < m->ncolumns[f]; k++)
		if (strcmp(m->columns[f][k].name, name) == 0)
			return m->columns[f][k].col;
	return 0;
}
