/* render.h: the outputs kaohe makes from a scored model, one entry point
 * each.  This is the whole contract between the driver (main.c) and the
 * back ends; each back end only reads the model. */
#ifndef KAOHE_RENDER_H
#define KAOHE_RENDER_H

#include <stdbool.h>

#include "model.h"
#include "util.h"

/* rank --format csv (SPEC section 5), appended to out; with bom, a UTF-8
 * byte-order mark first (results.csv, for Excel). */
void rank_csv(const struct model *m, struct buf *out, bool bom);
/* rank --format json: the same facts plus categories, vetoes with details,
 * levels, shared ranks and the quota; stable key order. */
void rank_json(const struct model *m, struct buf *out);
/* rank --format text: a table for a terminal, columns aligned for Chinese
 * (wide characters count two columns), with a footer of the rules used. */
void rank_text(const struct model *m, struct buf *out);

struct pdf_fonts;

/* The year-end (or, with --period, half-year) assessment report, written
 * atomically to path.  Returns EXIT_OK, or EXIT_ENV after a message. */
int report_write(const struct model *m, const struct pdf_fonts *fonts,
    const char *path);

struct sheets_options {
	const char *outdir;        /* made if missing */
	const char *const *branches; /* --branch ids; none = every branch */
	size_t nbranches;
	const char *combined;      /* --combined FILE.pdf, or NULL */
	int jobs;                  /* threads; 0 = the number of cores */
	bool progress;             /* progress lines on stderr */
};

/* One score sheet per branch, OUTDIR/ID-NAME.pdf (SPEC section 6), built in
 * parallel; with combined, all of them in one PDF too.  Every file is
 * written atomically.  Returns EXIT_OK; EXIT_USAGE for an unknown --branch
 * id (nothing written); EXIT_ENV after a message naming the branch. */
int sheets_write(const struct model *m, const struct pdf_fonts *fonts,
    const struct sheets_options *opt);

/* The file name of every branch's sheet (SPEC section 6), indexed like
 * m->branches; each and the array freed by the caller. */
char **sheets_file_names(const struct model *m);
/* EXIT_USAGE after a message when --combined FILE is the place of one of
 * the sheets in outdir, else EXIT_OK. */
int sheets_check_combined(const struct model *m, const char *outdir,
    const char *combined);

/* The commendation decision and its attachment (the list), laid out as an
 * official document (GB/T 9704), written atomically to path.  Returns
 * EXIT_OK, or EXIT_ENV after a message. */
int notice_write(const struct model *m, const struct pdf_fonts *fonts,
    const char *path);

#endif
