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

/* The commendation decision and its attachment (the list), laid out as an
 * official document (GB/T 9704), written atomically to path.  Returns
 * EXIT_OK, or EXIT_ENV after a message. */
int notice_write(const struct model *m, const struct pdf_fonts *fonts,
    const char *path);

/* OUTDIR/results.xlsx of build (SPEC section 9): sheet 考核结果 with the
 * rows and columns of results.csv (scores as numbers shown with 2
 * decimals), sheet 细则得分 with each branch's item scores by period and
 * source.  Written atomically.  Returns EXIT_OK, or EXIT_ENV after a
 * message. */
int results_xlsx_write(const struct model *m, const char *path);

/* The workbook a clerk fills in (SPEC section 9), written atomically to
 * path.  m comes from model_load() with setup_only: its settings, rubric
 * and branches prefill the sheets.  long_form: the 评分 sheet has one row
 * per score instead of one column per rubric item.  Returns EXIT_OK, or
 * EXIT_ENV after a message. */
int template_write(const struct model *m, const char *path, bool long_form);

#endif
