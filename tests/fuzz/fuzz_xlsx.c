/* fuzz_xlsx.c: libFuzzer target for the .xlsx reader (STYLE "Hostile
 * input"; SPEC section 8).
 *
 * The input is a workbook.  It is read twice: in memory with the reader
 * alone (every sheet, every cell touched), and as a data set, written to a
 * per-process temporary FILE.xlsx that model_load() reads (sheets named by
 * table, the 设置 sheet, kinds of cells in used columns).  Seeds in
 * tests/fuzz/xlsx-corpus are small workbooks whose parts are stored, not
 * deflated, so that mutations reach the XML.
 *
 * Build and run: make fuzz-xlsx FUZZ_SECONDS=N. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "ingest/ingest.h"
#include "ingest/xlsx.h"
#include "model.h"
#include "util.h"

static char dir[64];
static char *book;

static void
cleanup(void)
{
	unlink(book);
	free(book);
	rmdir(dir);
}

static void
touch_row(void *ctx, unsigned row, size_t n, char **cells,
    const unsigned char *kinds)
{
	size_t *sum = ctx, i;

	*sum += row;
	for (i = 0; i < n; i++)
		*sum += strlen(cells[i]) + kinds[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_options opt = {0};
	struct xlsx *x;
	struct model *m;
	size_t i, sum = 0;
	FILE *f;

	if (dir[0] == '\0') {
		strcpy(dir, "/tmp/kaohe-fuzz-xlsx-XXXXXX");
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			abort();
		}
		book = path_join(dir, "book.xlsx");
		atexit(cleanup);
		diag_capture(true);
	}

	x = xlsx_open_mem(data, size, "mem.xlsx");
	if (x != NULL) {
		for (i = 0; i < xlsx_sheet_count(x); i++) {
			(void)xlsx_sheet_hidden(x, i);
			xlsx_read_sheet(x, i, xlsx_sheet_name(x, i), touch_row,
			    &sum);
		}
		xlsx_close(x);
	}
	diag_flush();
	diag_reset();

	f = fopen(book, "wb");
	if (f == NULL || (size && fwrite(data, 1, size, f) != size) ||
	    fclose(f) != 0) {
		perror(book);
		abort();
	}
	m = model_load(book, &opt);
	model_free(m);
	diag_flush();
	diag_reset();
	return 0;
}
