/* diag.h: the one sink for every complaint kaohe makes about its input.
 *
 * Messages are printed as "kaohe: FILE:LINE:COL: LEVEL: text" to stderr.
 * Positioned messages are collected and printed by diag_flush(), ordered by
 * file (in the order files were first named) then line and column, so that a
 * user sees each file's faults together.  The worst level seen decides the
 * exit status.  Safe to call from several threads. */
#ifndef KAOHE_DIAG_H
#define KAOHE_DIAG_H

#include <stdbool.h>
#include <stddef.h>

enum diag_level {
	DIAG_NOTE,    /* information, never fails a run */
	DIAG_WARNING, /* suspicious input; fails only with --strict */
	DIAG_ERROR,   /* the input is wrong; exit 1 */
};

/* Exit statuses (SPEC section 5). */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,  /* the input data has errors */
	EXIT_USAGE = 2, /* wrong usage */
	EXIT_ENV = 3,   /* no usable font, cannot write, ... */
};

/* A message about FILE:LINE:COL.  file may be NULL (no position); line and
 * col are 1-based, 0 leaves them out. */
void diag(enum diag_level level, const char *file, unsigned line, unsigned col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Names a file before any message about it, so that messages are ordered
 * by the order files were named (the order they are read). */
void diag_file(const char *file);
/* Prints the collected messages in order and forgets them. */
void diag_flush(void);
/* Number of messages of a level seen since the start (flushed or not). */
unsigned diag_count(enum diag_level level);
/* With strict on, warnings count as errors in diag_failed(). */
void diag_set_strict(bool strict);
/* Whether the data had errors (or warnings under --strict). */
bool diag_failed(void);
/* A mark of the messages collected so far, and a way to take back the ones
 * collected after it (when a whole file turns out unreadable, the faults of
 * its rows are noise).  Not to be used across threads. */
size_t diag_mark(void);
/* Takes back the messages after mark except the `keep` newest ones. */
void diag_rollback(size_t mark, size_t keep);
/* Forgets everything (for tests). */
void diag_reset(void);
/* Redirects printing to a memory buffer (for tests); NULL restores stderr.
 * The text accumulates until diag_reset(). */
const char *diag_captured(void);
void diag_capture(bool on);

/* One line to stderr that is not about the input: the web server's
 * request log and notices.  Written in one write(2), so that lines of
 * several threads never mix (journal-friendly). */
void diag_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
