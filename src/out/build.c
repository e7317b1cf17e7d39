/* build.c: kaohe build, every output of a data set into one directory. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "out/out.h"
#include "out/outset.h"
#include "util.h"

/* A progress line naming the output where it ends up. */
static void
progress(const struct build_options *opt, const char *what, const char *name)
{
	char *path = path_join(opt->outdir, name);

	if (opt->progress)
		diag_progress("kaohe: %s: %s\n", what, path);
	free(path);
}

int
build_write(const struct model *m, const struct pdf_fonts *fonts,
    const struct build_options *opt)
{
	struct batch_options so = opt->batch, ho = opt->batch;
	struct outset *set;
	struct buf csv = {0};
	char *report, *sheets, *notice, *handbooks, *results, *xlsx;
	int rc = EXIT_OK, err;

	/* One generation: all is staged, then swapped in (outset.h). */
	if ((set = outset_begin(opt->outdir)) == NULL)
		return EXIT_ENV;
	report = outset_path(set, "report.pdf", false);
	sheets = outset_path(set, "sheets", true);
	notice = outset_path(set, "notice.pdf", false);
	handbooks = outset_path(set, "handbooks", true);
	results = outset_path(set, "results.csv", false);
	xlsx = outset_path(set, "results.xlsx", false);
	if (!report || !sheets || !notice || !handbooks || !results || !xlsx)
		rc = EXIT_ENV;
	if (rc == EXIT_OK) {
		progress(opt, "report", "report.pdf");
		rc = report_write(m, fonts, report);
	}
	if (rc == EXIT_OK) {
		progress(opt, "sheets", "sheets");
		so.outdir = sheets;
		so.combined = NULL;
		rc = sheets_write(m, fonts, &so);
	}
	if (rc == EXIT_OK) {
		progress(opt, "notice", "notice.pdf");
		rc = notice_write(m, fonts, notice);
	}
	if (rc == EXIT_OK) {
		progress(opt, "handbooks", "handbooks");
		ho.outdir = handbooks;
		ho.combined = NULL;
		rc = handbook_write(m, fonts, &ho);
	}
	if (rc == EXIT_OK) {
		progress(opt, "results", "results.csv");
		rank_csv(m, &csv, true);
		if ((err = file_write_atomic(results, csv.s, csv.len)) != 0) {
			diag_msg(D_WRITE, NULL, 0, 0, results, file_strerror(err));
			rc = EXIT_ENV;
		}
		buf_free(&csv);
	}
	if (rc == EXIT_OK) {
		progress(opt, "results", "results.xlsx");
		rc = results_xlsx_write(m, xlsx);
	}
	if (rc == EXIT_OK)
		rc = outset_commit(set);
	else
		outset_abort(set);
	free(report);
	free(sheets);
	free(notice);
	free(handbooks);
	free(results);
	free(xlsx);
	return rc;
}
