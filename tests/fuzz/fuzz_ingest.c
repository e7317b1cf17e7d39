/* fuzz_ingest.c: libFuzzer target for every stage: ingestion, the checks,
 * scoring, derived figures and every output rendered into memory (STYLE
 * "Hostile input"), as cmark's fuzzer drives every renderer.
 *
 * The input is a data set: up to 8 parts separated by SEP, written as
 * kaohe.ini, rubric.csv, branches.csv, scores.csv, vetoes.csv, records.csv,
 * workers.csv and members.csv (in that order) into a per-process temporary
 * directory;
 * files beyond the last part, and parts that are exactly the one byte ABSENT,
 * are removed, so that inputs exercise the built-in defaults (no rubric.csv)
 * and the "missing file" paths.  model_load() reads the directory; when
 * the data can be scored, the checks, scoring and derive run, and then
 * every output: rank as text, CSV and JSON, the report, the sheets of the
 * first few branches and the notice, each PDF rendered into memory; with a
 * members.csv, the first branch's handbook too (A4 when the input's length
 * is odd, else A5).
 *
 * Build and run: make fuzz FUZZ_SECONDS=N (seeds in tests/fuzz/corpus/). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "derive.h"
#include "diag.h"
#include "ingest/ingest.h"
#include "model.h"
#include "out/out.h"
#include "pdf/pdf.h"
#include "score.h"
#include "util.h"

/* Sheets rendered per input (each costs a layout and a PDF). */
#define MAX_SHEETS 3

/* The separator between parts: two ASCII record separators, which neither
 * GB18030 nor UTF-8 text holds (seeds in UTF-16 are checked to avoid it). */
#define SEP "\x1e\x1e"
#define SEPLEN 2
/* A part holding only this byte stands for a file that is not there. */
#define ABSENT 0x7f

static const char *const names[] = {
	"kaohe.ini", "rubric.csv", "branches.csv", "scores.csv",
	"vetoes.csv", "records.csv", "workers.csv", "members.csv",
};

static char dir[64];
static struct pdf_fonts *fonts;

static void
cleanup(void)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++) {
		char *p = path_join(dir, names[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

static void
write_part(const char *name, const uint8_t *data, size_t len)
{
	char *p = path_join(dir, name);
	FILE *f = fopen(p, "wb");

	if (f == NULL || (len && fwrite(data, 1, len, f) != len) ||
	    fclose(f) != 0) {
		perror(p);
		abort();
	}
	free(p);
}

/* Whether the settings part could make kaohe read outside the data set
 * from a device that never ends (/dev/zero) or changes (/proc): [files]
 * may name any path.  Those inputs are skipped, not reported. */
static bool
unsafe_ini(const uint8_t *data, size_t len)
{
	static const char *const bad[] = {"/dev", "/proc", "/sys"};
	size_t i;

	for (i = 0; i < ARRAY_LEN(bad); i++)
		if (memmem(data, len, bad[i], strlen(bad[i])) != NULL)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct load_options opt = {0};
	struct model *m;
	size_t i;
	bool members = false;

	if (dir[0] == '\0') {
		strcpy(dir, "/tmp/kaohe-fuzz-XXXXXX");
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			abort();
		}
		atexit(cleanup);
		diag_capture(true);
		if ((fonts = pdf_fonts_open(NULL)) == NULL) {
			fputs("fuzz_ingest: the default fonts cannot be opened\n",
			    stderr);
			abort();
		}
	}
	for (i = 0; i < ARRAY_LEN(names); i++) {
		const uint8_t *sep;
		size_t len;

		if (p == NULL) {
			char *path = path_join(dir, names[i]);
			unlink(path);
			free(path);
			continue;
		}
		sep = memmem(p, (size_t)(end - p), SEP, SEPLEN);
		len = sep ? (size_t)(sep - p) : (size_t)(end - p);
		if (i == 0 && unsafe_ini(p, len))
			return -1; /* not added to the corpus */
		if (len == 1 && p[0] == ABSENT) {
			char *path = path_join(dir, names[i]);
			unlink(path);
			free(path);
		} else {
			write_part(names[i], p, len);
			members = members || strcmp(names[i], "members.csv") == 0;
		}
		p = sep ? sep + SEPLEN : NULL;
	}

	m = model_load(dir, &opt);
	if (m != NULL && check_input(m)) {
		struct buf out = {0};
		char *pdf;
		size_t len;

		model_score(m);
		derive(m);
		check_output(m, fonts);
		rank_csv(m, &out, false);
		rank_csv(m, &out, true);
		rank_json(m, &out);
		rank_text(m, &out);
		buf_free(&out);
		if (report_render(m, fonts, &pdf, &len) == 0)
			free(pdf);
		for (i = 0; i < m->nbranches && i < MAX_SHEETS; i++)
			if (sheet_render(m, fonts, i, &pdf, &len) == 0)
				free(pdf);
		if (notice_render(m, fonts, &pdf, &len) == 0)
			free(pdf);
		if (members && m->nbranches > 0 &&
		    handbook_render(m, fonts, 0, size % 2 == 1, &pdf,
		    &len) == 0)
			free(pdf);
	}
	model_free(m);
	diag_flush();
	diag_reset();
	return 0;
}
