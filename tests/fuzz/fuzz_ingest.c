/* fuzz_ingest.c: libFuzzer target for ingestion, validation and the rank
 * renderers (STYLE "Hostile input").
 *
 * The input is a data set: up to 7 parts separated by SEP, written as
 * kaohe.ini, rubric.csv, branches.csv, scores.csv, vetoes.csv, records.csv
 * and workers.csv (in that order) into a per-process temporary directory;
 * files beyond the last part, and parts that are exactly the one byte ABSENT,
 * are removed, so that inputs exercise the built-in defaults (no rubric.csv)
 * and the "missing file" paths.  model_load() reads the
 * directory; on success every rank renderer runs over the model.
 *
 * Build and run: make fuzz FUZZ_SECONDS=N (seeds in tests/fuzz/corpus/). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "model.h"
#include "out/out.h"
#include "util.h"

/* The separator between parts: two ASCII record separators, which neither
 * GB18030 nor UTF-8 text holds (seeds in UTF-16 are checked to avoid it). */
#define SEP "\x1e\x1e"
#define SEPLEN 2
/* A part holding only this byte stands for a file that is not there. */
#define ABSENT 0x7f

static const char *const names[] = {
	"kaohe.ini", "rubric.csv", "branches.csv", "scores.csv",
	"vetoes.csv", "records.csv", "workers.csv",
};

static char dir[64];

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
	bool usage;
	size_t i;

	if (dir[0] == '\0') {
		strcpy(dir, "/tmp/kaohe-fuzz-XXXXXX");
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			abort();
		}
		atexit(cleanup);
		diag_capture(true);
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
		} else
			write_part(names[i], p, len);
		p = sep ? sep + SEPLEN : NULL;
	}

	m = model_load(dir, &opt, &usage);
	if (m != NULL) {
		struct buf out = {0};

		rank_csv(m, &out, false);
		rank_csv(m, &out, true);
		rank_json(m, &out);
		rank_text(m, &out);
		buf_free(&out);
		model_free(m);
	}
	diag_flush();
	diag_reset();
	return 0;
}
