/* serve_int.h: the parts of `kaohe serve` (SPEC section 10) and how they
 * meet.  serve.c reads the options and runs the daemon; http.c answers
 * requests; jobs.c queues and runs the builds in child processes; pages.c
 * renders what a job left in its directory as HTML and JSON. */
#ifndef KAOHE_SERVE_INT_H
#define KAOHE_SERVE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util.h"

#define JOB_ID_LEN 32 /* 128 bits as lower-case hex */

struct serve_config {
	char *listen;          /* ADDR:PORT */
	char *state;           /* the state directory */
	uint64_t max_upload;   /* bytes of one POST body */
	int jobs;              /* builds at once */
	int queue;             /* jobs waiting at most */
	int keep_days;
	long cpu_limit;        /* seconds of CPU per build */
	uint64_t mem_limit;    /* bytes of address space per build; 0 = none */
	uint64_t file_limit;   /* bytes per file a build writes */
	long time_limit;       /* seconds of wall clock per build */
	char exe[4096];        /* this program, for the children */
};

extern struct serve_config serve_cfg;

/* One line to the log (stderr, through diag). */
void serve_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* n random bytes from getrandom() as 2n lower-case hex digits and a NUL. */
bool random_hex(char *out, size_t nbytes);
/* Whether s is exactly JOB_ID_LEN lower-case hex digits. */
bool job_id_valid(const char *s, size_t len);

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED };

struct job_view {
	enum job_state state;
	int exit;          /* the build's exit status; -1 when killed */
	char message[512]; /* why it failed, or "" */
	char dir[4200];    /* its directory */
	int ahead;         /* jobs before it in the queue */
};

/* Starts the job table: reads the jobs left in STATE/jobs, starts the
 * runners and the cleaner.  Returns false after a message. */
bool jobs_start(void);
void jobs_stop(void);
/* Makes a fresh job directory (with in/) and its id; false when the queue
 * is full (*full set) or the directory cannot be made. */
bool jobs_create(char id[JOB_ID_LEN + 1], bool *full);
/* Queues a created job.  False when the queue is full (the directory is
 * removed). */
bool jobs_submit(const char *id);
/* Forgets a created job that was never submitted and removes its files. */
void jobs_discard(const char *id);
/* Copies what is known of a job; false when there is none. */
bool jobs_get(const char *id, struct job_view *v);
/* Jobs waiting and running, for the upload page. */
void jobs_counts(int *queued, int *running);
/* Runs `kaohe ARGS` in a child with the build limits, in dir, its stderr
 * to errfile; returns the exit status, or -1 with msg set when it was
 * killed or could not start. */
int run_child(const char *dir, const char *const *args, const char *errfile,
    char *msg, size_t msgsize);
/* Removes a directory tree (never following symlinks). */
void remove_tree(const char *path);

/* http.c: the daemon on the address; *port gets the port it listens on. */
struct sockaddr;
bool http_start(const struct sockaddr *sa, bool ipv6, unsigned *port);
void http_stop(void);

/* pages.c */
struct job_data;
/* Reads a finished (or running) job's directory: diagnostics, the rows
 * they point at, the ranking, the outputs.  Never fails: what cannot be
 * read is missing. */
struct job_data *job_data_load(const struct job_view *v);
void job_data_free(struct job_data *d);
void page_upload(struct buf *out, const char *token, const char *error_html);
void page_job(struct buf *out, const char *id, const struct job_view *v,
    const struct job_data *d);
void page_json(struct buf *out, const struct job_view *v,
    const struct job_data *d);
void page_message(struct buf *out, const char *title, const char *text);
/* Appends s with & < > " ' as HTML entities. */
void html_esc(struct buf *out, const char *s);
void json_str(struct buf *out, const char *s);

/* The embedded static files (style.css, app.js). */
const char *asset_get(const char *name, size_t *len);

/* The tables a data set may hold, by their fixed file names. */
struct table_kind {
	const char *file;   /* fixed name: "scores.csv" */
	const char *label;  /* what it is, in Chinese */
};
/* Recognises an uploaded file from its name and, for CSV, its header row:
 * stores the fixed name to use (e.g. "scores.csv", "kaohe.ini",
 * "考核数据.xlsx").  Returns NULL or a message (static) why not. */
const char *upload_classify(const char *orig_name, const char *path,
    char *fixed, size_t fixedsize);
/* Checks an uploaded kaohe.ini: it may not name files or font paths
 * (uploads are stored under fixed names).  Returns NULL or a message. */
const char *upload_check_ini(const char *path);

/* The lock around the ingest readers (they report through diag, whose
 * marks are not for several threads). */
void ingest_lock(void);
void ingest_unlock(void);

#endif
