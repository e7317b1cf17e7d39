/* batch.c: one PDF per selected branch, on a pool of threads (see
 * batch.h). */
#include "out/batch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "out/out.h"
#include "util.h"

/* A document's layout recurses through tables and paragraphs: the
 * process's own 8 MB, not the default thread stack. */
#define THREAD_STACK (8u << 20)

size_t *
batch_select(const struct model *m, const char *const *ids, size_t nids,
    size_t *n)
{
	size_t *sel, k;
	bool *taken;

	*n = 0;
	sel = xcalloc(m->nbranches + nids + 1, sizeof *sel);
	if (nids == 0) {
		for (k = 0; k < m->nbranches; k++)
			sel[(*n)++] = k;
		return sel;
	}
	taken = xcalloc(m->nbranches + 1, sizeof *taken);
	for (k = 0; k < nids; k++) {
		int bi = model_find_branch(m, ids[k]);

		if (bi < 0) {
			diag_msg(D_UNKNOWN_BRANCH, NULL, 0, 0, ids[k]);
			free(sel);
			free(taken);
			return NULL;
		}
		if (!taken[bi]) {
			taken[bi] = true;
			sel[(*n)++] = (size_t)bi;
		}
	}
	free(taken);
	return sel;
}

char **
batch_paths(const struct model *m, const char *outdir, const size_t *sel,
    size_t n)
{
	struct stat sb;
	char **names, **paths;
	size_t k;
	int err;

	if ((err = mkdir_p(outdir)) != 0) {
		diag_msg(D_MKDIR, NULL, 0, 0, outdir, strerror(err));
		return NULL;
	}
	if (stat(outdir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		diag_msg(D_NOT_DIR, NULL, 0, 0, outdir);
		return NULL;
	}
	names = sheets_file_names(m);
	paths = xcalloc(n + 1, sizeof *paths);
	for (k = 0; k < n; k++)
		paths[k] = path_join(outdir, names[sel[k]]);
	for (k = 0; k < m->nbranches; k++)
		free(names[k]);
	free(names);
	return paths;
}

void
batch_paths_free(char **paths, size_t n)
{
	size_t k;

	if (paths == NULL)
		return;
	for (k = 0; k < n; k++)
		free(paths[k]);
	free(paths);
}

struct pool {
	int (*one)(void *ctx, size_t k);
	void *ctx;
	size_t n;
	bool progress;
	const char *label;
	pthread_mutex_t lock;
	size_t next, done;      /* under lock */
	bool failed;            /* under lock */
};

static void *
worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t k;

		pthread_mutex_lock(&p->lock);
		if (p->failed || p->next >= p->n) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		k = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (p->one(p->ctx, k) != 0) {
			pthread_mutex_lock(&p->lock);
			p->failed = true;
			pthread_mutex_unlock(&p->lock);
			break;
		}
		pthread_mutex_lock(&p->lock);
		p->done++;
		if (p->progress && (p->done % 10 == 0 || p->done == p->n))
			diag_progress("\rkaohe: %s: %zu/%zu", p->label,
			    p->done, p->n);
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

int
batch_run(size_t n, int jobs, bool progress, const char *label,
    int (*one)(void *ctx, size_t k), void *ctx)
{
	struct pool p;
	pthread_t *th;
	pthread_attr_t attr;
	size_t k, nth, started = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(&p, 0, sizeof p);
	p.one = one;
	p.ctx = ctx;
	p.n = n;
	p.progress = progress;
	p.label = label;
	pthread_mutex_init(&p.lock, NULL);
	nth = jobs > 0 ? (size_t)jobs : cpus > 0 ? (size_t)cpus : 1;
	if (nth > n)
		nth = n ? n : 1;
	if (nth > 256)
		nth = 256;
	th = xcalloc(nth, sizeof *th);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	/* The calling thread works too, alone when no thread can start. */
	for (k = 1; k < nth; k++)
		if (pthread_create(&th[started], &attr, worker, &p) == 0)
			started++;
	pthread_attr_destroy(&attr);
	worker(&p);
	for (k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	free(th);
	if (progress && p.done > 0)
		diag_progress("\n");
	pthread_mutex_destroy(&p.lock);
	return p.failed ? -1 : 0;
}
