/* outset.h: a set of outputs replaced as a whole (SPEC section 6, "One
 * generation" and "Where outputs go").
 *
 *	struct outset *s = outset_begin(outdir);     lock, recover, stage
 *	char *p = outset_path(s, "report.pdf");      write the file at p
 *	char *d = outset_path(s, "sheets");          mkdir d, write files in it
 *	outset_commit(s) or outset_abort(s);
 *
 * Everything is written into a staging directory OUTDIR/.kaohe-new-XXXXXX;
 * the commit then moves each name into OUTDIR (a file by rename, a
 * directory by moving the old one aside first) and removes the names of the
 * previous set that this one lacks (the set's names are kept in
 * OUTDIR/.kaohe.set).  The commit is journalled: a run killed while
 * committing is completed by the next run on OUTDIR, a run killed before is
 * thrown away, so OUTDIR always ends with one whole set.  Runs on one
 * OUTDIR take turns (flock on OUTDIR). */
#ifndef KAOHE_OUTSET_H
#define KAOHE_OUTSET_H

#include <stdbool.h>

struct outset;

/* Begins a set in outdir (made if missing): waits while another kaohe run
 * writes there, finishes or removes what a killed run left, makes the
 * staging directory.  NULL after a message (exit 3). */
struct outset *outset_begin(const char *outdir);

/* Where to write the set's member `name` (a file, or a directory the
 * caller makes): a path in the staging directory, caller frees.  Refuses,
 * with a message and NULL, a name whose place in OUTDIR holds something
 * kaohe may not replace: a symbolic link, device, FIFO or socket, a
 * directory where a file goes or a file where a directory goes (is_dir). */
char *outset_path(struct outset *s, const char *name, bool is_dir);

/* The staging directory itself, for a writer that makes many names (the
 * sheets of `kaohe sheets`): every name in it joins the set. */
const char *outset_staging(const struct outset *s);

/* Puts the staged set in place and ends the run's hold on OUTDIR; frees s.
 * Returns 0, or EXIT_ENV after a message, the previous set then as it was
 * (or, for a fault in the middle, completed by the next run). */
int outset_commit(struct outset *s);

/* Throws the staged files away: OUTDIR stays as it was.  Frees s. */
void outset_abort(struct outset *s);

/* For an output of one file (-o FILE): EXIT_ENV after a message when
 * something kaohe may not replace is at path (a directory, symbolic link,
 * device, FIFO or socket), else EXIT_OK. */
int outset_check_file(const char *path);

#endif
