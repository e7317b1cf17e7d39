/* batch.h: what score sheets and handbooks share: one PDF per selected
 * branch in OUTDIR, made by a pool of threads (internal to src/out). */
#ifndef KAOHE_OUT_BATCH_H
#define KAOHE_OUT_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* The branches to write: every branch in branches.csv order, or the ids
 * given (in their order, each once).  NULL after a message when an id is
 * unknown.  *n is the count; the caller frees the array. */
size_t *batch_select(const struct model *m, const char *const *ids,
    size_t nids, size_t *n);

/* Makes outdir when it is missing and returns the paths of the n selected
 * branches' files in it (sheets_file_names()); NULL after a message when
 * outdir cannot be made or is not a directory.  batch_paths_free() frees
 * them. */
char **batch_paths(const struct model *m, const char *outdir,
    const size_t *sel, size_t n);
void batch_paths_free(char **paths, size_t n);

/* Calls one(ctx, k) for every k in [0, n), on `jobs` threads (0 = one per
 * processor; the calling thread is one of them) with stacks of 8 MB.  A
 * call that returns non-zero stops the others from taking more.  With
 * progress, "kaohe: LABEL: done/n" lines go to the terminal.  Returns 0,
 * or -1 when a call failed. */
int batch_run(size_t n, int jobs, bool progress, const char *label,
    int (*one)(void *ctx, size_t k), void *ctx);

#endif
