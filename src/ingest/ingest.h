/* ingest.h: reading a data set into the model's facts (SPEC sections 1, 2,
 * 3 and 7): bytes in, facts out, nothing computed. */
#ifndef KAOHE_INGEST_H
#define KAOHE_INGEST_H

#include "model.h"

/* Options that change how a data set is read. */
struct load_options {
	const char *encoding; /* --encoding, or NULL */
	const char *period;   /* --period, or NULL */
	/* kaohe template: only the settings, the rubric, branches.csv and
	 * members.csv are read (none of them required); dir may be NULL for
	 * the built-in defaults alone. */
	bool setup_only;
	/* kaohe handbook: scores.csv may be missing or hold no scores (the
	 * booklets are handed out at the start of the year); m->has_scores
	 * tells whether it gave any. */
	bool scores_optional;
};

/* Reads the data set in dir: kaohe.ini, the CSV files and the notice's
 * wording, each fault reported with diag() at its position, reading on to
 * the end so that users fix all faults in one round.  Returns the model
 * (m->usable tells whether it can be checked and scored), or NULL when
 * there is nothing to read (no such directory; an unknown --period, a
 * usage error).  The caller frees it with model_free(). */
struct model *model_load(const char *dir, const struct load_options *opt);

#endif
