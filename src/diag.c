/* diag.c: the one sink for every complaint kaohe makes about its input. */
#include "diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct msg {
	enum diag_level level;
	unsigned file;  /* index into files[], or UINT_MAX for none */
	unsigned line, col;
	size_t seq;     /* arrival order, to keep sorting stable */
	char *text;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct msg *msgs;
static size_t nmsgs, capmsgs;
static char **files;
static size_t nfiles, capfiles;
static unsigned counts[3];
static bool strict;
static bool capture;
static struct buf captured;

static const char *const level_name[] = {"note", "warning", "error"};

static unsigned
file_index(const char *file)
{
	size_t i;

	if (file == NULL)
		return (unsigned)-1;
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i], file) == 0)
			return (unsigned)i;
	xgrow(&files, &capfiles, nfiles + 1, sizeof *files);
	files[nfiles] = xstrdup(file);
	return (unsigned)nfiles++;
}

void
diag_file(const char *file)
{
	pthread_mutex_lock(&lock);
	file_index(file);
	pthread_mutex_unlock(&lock);
}

void
diag(enum diag_level level, const char *file, unsigned line, unsigned col,
    const char *fmt, ...)
{
	struct buf b = {0};
	struct msg *m;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	{	/* a value with U+00A0 or U+200B quoted looks valid: name them */
		char *shown = utf8_show_invisible(b.s ? b.s : "");
		if (shown) {
			buf_free(&b);
			buf_adds(&b, shown);
			free(shown);
		}
	}
	pthread_mutex_lock(&lock);
	counts[level]++;
	xgrow(&msgs, &capmsgs, nmsgs + 1, sizeof *msgs);
	m = &msgs[nmsgs];
	m->level = level;
	m->file = file_index(file);
	m->line = line;
	m->col = col;
	m->seq = nmsgs++;
	m->text = buf_take(&b);
	pthread_mutex_unlock(&lock);
}

static int
msg_cmp(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Whether two messages say the same thing about the same place. */
static bool
msg_same(const struct msg *x, const struct msg *y)
{
	return x->file == y->file && x->line == y->line && x->col == y->col &&
	    x->level == y->level && strcmp(x->text, y->text) == 0;
}

/* Whether msgs[i] repeats an earlier message at the same place (they are
 * sorted, so the same place is just before it). */
static bool
said_before(size_t i)
{
	size_t k;

	for (k = i; k-- > 0;) {
		if (msgs[k].file != msgs[i].file || msgs[k].line != msgs[i].line ||
		    msgs[k].col != msgs[i].col)
			return false;
		if (msg_same(&msgs[k], &msgs[i]))
			return true;
	}
	return false;
}

void
diag_flush(void)
{
	struct buf out = {0};
	size_t i;

	pthread_mutex_lock(&lock);
	if (nmsgs > 0)
		qsort(msgs, nmsgs, sizeof *msgs, msg_cmp);
	for (i = 0; i < nmsgs; i++) {
		struct msg *m = &msgs[i];

		/* the same message twice (a layout tried twice) is said once */
		if (said_before(i))
			continue;

		buf_adds(&out, "kaohe: ");
		if (m->file != (unsigned)-1) {
			buf_adds(&out, files[m->file]);
			if (m->line)
				buf_printf(&out, ":%u", m->line);
			if (m->line && m->col)
				buf_printf(&out, ":%u", m->col);
			buf_adds(&out, ": ");
		}
		buf_printf(&out, "%s: %s\n", level_name[m->level], m->text);
	}
	for (i = 0; i < nmsgs; i++)
		free(msgs[i].text);
	nmsgs = 0;
	if (out.len) {
		if (capture)
			buf_add(&captured, out.s, out.len);
		else
			fwrite(out.s, 1, out.len, stderr);
	}
	pthread_mutex_unlock(&lock);
	buf_free(&out);
}

unsigned
diag_count(enum diag_level level)
{
	unsigned n;

	pthread_mutex_lock(&lock);
	n = counts[level];
	pthread_mutex_unlock(&lock);
	return n;
}

void
diag_set_strict(bool on)
{
	strict = on;
}

bool
diag_failed(void)
{
	return diag_count(DIAG_ERROR) > 0 ||
	    (strict && diag_count(DIAG_WARNING) > 0);
}

size_t
diag_mark(void)
{
	return nmsgs;
}

void
diag_rollback(size_t mark, size_t keep)
{
	size_t i, end;

	pthread_mutex_lock(&lock);
	if (mark < nmsgs && keep <= nmsgs - mark) {
		end = nmsgs - keep;
		for (i = mark; i < end; i++) {
			counts[msgs[i].level]--;
			free(msgs[i].text);
		}
		memmove(msgs + mark, msgs + end, keep * sizeof *msgs);
		nmsgs = mark + keep;
	}
	pthread_mutex_unlock(&lock);
}

void
diag_reset(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nmsgs; i++)
		free(msgs[i].text);
	free(msgs);
	msgs = NULL;
	nmsgs = capmsgs = 0;
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	files = NULL;
	nfiles = capfiles = 0;
	memset(counts, 0, sizeof counts);
	buf_free(&captured);
	pthread_mutex_unlock(&lock);
}

void
diag_capture(bool on)
{
	capture = on;
}

const char *
diag_captured(void)
{
	return captured.s ? captured.s : "";
}
