/* out.h: the outputs kaohe makes from a scored and derived model, one
 * entry point each.  This is the whole contract between the driver
 * (main.c) and the outputs; each output only reads the model and prints
 * its fields (no arithmetic on scores), and writes files only through the
 * engine's or the atomic writer. */
#ifndef KAOHE_OUT_H
#define KAOHE_OUT_H

#include <stdbool.h>

#include "model.h"
#include "out/format.h"
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
/* kaohe check: the summary of a data set (dir as the user gave it) and
 * the number of warnings, appended to out. */
void check_summary(const struct model *m, const char *dir,
    unsigned warnings, struct buf *out);

struct pdf_fonts;

/* The year-end (or, with --period, half-year) assessment report, written
 * atomically to path.  Returns EXIT_OK, or EXIT_ENV after a message. */
int report_write(const struct model *m, const struct pdf_fonts *fonts,
    const char *path);

/* What sheets and handbooks are asked for: one PDF per branch. */
struct batch_options {
	const char *outdir;        /* made if missing */
	const char *const *branches; /* --branch ids; none = every branch */
	size_t nbranches;
	const char *combined;      /* --combined FILE.pdf, or NULL */
	int jobs;                  /* threads; 0 = the number of cores */
	bool progress;             /* progress lines on stderr */
	bool a4;                   /* handbooks: --paper a4 (default A5) */
};

/* One score sheet per branch, OUTDIR/ID-NAME.pdf (SPEC section 6), built in
 * parallel; with combined, all of them in one PDF too.  Every file is
 * written atomically.  Returns EXIT_OK; EXIT_USAGE for an unknown --branch
 * id (nothing written); EXIT_ENV after a message naming the branch. */
int sheets_write(const struct model *m, const struct pdf_fonts *fonts,
    const struct batch_options *opt);

/* The file names of every branch's PDF, ID-NAME.pdf made safe and unique
 * (SPEC section 6), indexed by branch; the caller frees each and the
 * array.  Sheets and handbooks share them. */
char **sheets_file_names(const struct model *m);

/* --- the branch handbook (SPEC section 11) --- */
/* One 党支部工作手册 per branch, OUTDIR/ID-NAME.pdf, built in parallel;
 * with combined, all of them in one PDF too.  Parts 1-4 are the texts
 * the ingest read (m->handbook).  Returns EXIT_OK; EXIT_USAGE for an
 * unknown --branch id; EXIT_ENV after a message. */
int handbook_write(const struct model *m, const struct pdf_fonts *fonts,
    const struct batch_options *opt);
/* --- end of the branch handbook --- */

/* EXIT_USAGE after a message when --combined FILE is the place of one of
 * the sheets in outdir, else EXIT_OK. */
int sheets_check_combined(const struct model *m, const char *outdir,
    const char *combined);

/* The commendation decision and its attachment (the list), laid out as an
 * official document (GB/T 9704), written atomically to path.  Returns
 * EXIT_OK, or EXIT_ENV after a message. */
int notice_write(const struct model *m, const struct pdf_fonts *fonts,
    const char *path);

/* The same documents rendered into memory, for tests and fuzzing: *data
 * (caller frees) and *len; 0, or -1 after a message.  sheet_render()
 * makes the sheet of branch b. */
int report_render(const struct model *m, const struct pdf_fonts *fonts,
    char **data, size_t *len);
int sheet_render(const struct model *m, const struct pdf_fonts *fonts,
    size_t b, char **data, size_t *len);
int notice_render(const struct model *m, const struct pdf_fonts *fonts,
    char **data, size_t *len);
/* The handbook of branch b, A5 or A4 (a4). */
int handbook_render(const struct model *m, const struct pdf_fonts *fonts,
    size_t b, bool a4, char **data, size_t *len);

struct build_options {
	const char *outdir;        /* made if missing */
	struct batch_options batch; /* for sheets/ and handbooks/; outdir and
	                              combined are ignored */
	bool progress;             /* a line on stderr per output */
};

/* kaohe build: OUTDIR/report.pdf, OUTDIR/sheets/, OUTDIR/notice.pdf,
 * OUTDIR/handbooks/, OUTDIR/results.csv and OUTDIR/results.xlsx.  Returns
 * EXIT_OK, or EXIT_ENV after a message. */
int build_write(const struct model *m, const struct pdf_fonts *fonts,
    const struct build_options *opt);

/* OUTDIR/results.xlsx of build (SPEC section 9): sheet 考核结果 with the
 * rows and columns of results.csv (scores as numbers shown with 2
 * decimals), sheet 细则得分 with each branch's item scores by period and
 * source.  Written atomically.  Returns EXIT_OK, or EXIT_ENV after a
 * message. */
int results_xlsx_write(const struct model *m, const char *path);

/* The workbook a clerk fills in (SPEC section 9), written atomically to
 * path.  m comes from model_load() with setup_only: its settings, rubric,
 * branches and members prefill the sheets.  long_form: the 评分 sheet has one row
 * per score instead of one column per rubric item.  Returns EXIT_OK, or
 * EXIT_ENV after a message. */
int template_write(const struct model *m, const char *path, bool long_form);

#endif
