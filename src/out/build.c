/* build.c: kaohe build, every output of a data set into one directory. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "out/out.h"
#include "util.h"

static void
progress(const struct build_options *opt, const char *what, const char *path)
{
	if (opt->progress)
		diag_progress("kaohe: %s: %s\n", what, path);
}

int
build_write(const struct model *m, const struct pdf_fonts *fonts,
    const struct build_options *opt)
{
	struct sheets_options so = opt->sheets;
	struct buf csv = {0};
	char *path;
	int rc, err;

	if ((err = mkdir_p(opt->outdir)) != 0) {
		diag_msg(D_MKDIR, NULL, 0, 0, opt->outdir, strerror(err));
		return EXIT_ENV;
	}
	path = path_join(opt->outdir, "report.pdf");
	progress(opt, "report", path);
	rc = report_write(m, fonts, path);
	free(path);
	if (rc == EXIT_OK) {
		path = path_join(opt->outdir, "sheets");
		progress(opt, "sheets", path);
		so.outdir = path;
		so.combined = NULL;
		rc = sheets_write(m, fonts, &so);
		free(path);
	}
	if (rc == EXIT_OK) {
		path = path_join(opt->outdir, "notice.pdf");
		progress(opt, "notice", path);
		rc = notice_write(m, fonts, path);
		free(path);
	}
	if (rc == EXIT_OK) {
		struct handbook_options ho = opt->handbooks;

		path = path_join(opt->outdir, "handbooks");
		progress(opt, "handbooks", path);
		ho.outdir = path;
		ho.combined = NULL;
		rc = handbook_write(m, fonts, &ho);
		free(path);
	}
	if (rc == EXIT_OK) {
		path = path_join(opt->outdir, "results.csv");
		progress(opt, "results", path);
		rank_csv(m, &csv, true);
		if ((err = file_write_atomic(path, csv.s, csv.len)) != 0) {
			diag_msg(D_WRITE, NULL, 0, 0, path, strerror(err));
			rc = EXIT_ENV;
		}
		buf_free(&csv);
		free(path);
	}
	if (rc == EXIT_OK) {
		path = path_join(opt->outdir, "results.xlsx");
		progress(opt, "results", path);
		rc = results_xlsx_write(m, path);
		free(path);
	}
	return rc;
}
