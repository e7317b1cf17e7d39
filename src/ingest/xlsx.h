/* xlsx.h: reading an Excel or WPS workbook (.xlsx, Office Open XML) as
 * rows of text, the shape csv_read gives (SPEC section 8).
 *
 * The archive is read with libzip and every part with expat, streaming:
 * memory stays proportional to the shared strings and the widest row, not
 * to the sheet.  Hostile files are refused with a message (diag) instead of
 * being read: .xls/.et and other non-xlsx files, password-protected
 * workbooks, corrupt archives, parts that inflate past 1 GiB or 200 times
 * their compressed size, XML with a DOCTYPE, and sheets past Excel's 1048576
 * rows or 16384 columns. */
#ifndef KAOHE_XLSX_H
#define KAOHE_XLSX_H

#include <stdbool.h>
#include <stddef.h>

/* What a cell held.  Everything from XLSX_BOOL on is not a value a table
 * takes: ingestion reports it where a column is used. */
enum xlsx_kind {
	XLSX_TEXT,    /* shared, inline or rich text, or a formula's text */
	XLSX_NUMBER,  /* as Excel's General format shows it */
	XLSX_DATE,    /* a number formatted as a date: "2025-03-07" */
	XLSX_BOOL,    /* TRUE or FALSE */
	XLSX_ERROR,   /* an error value: #N/A, #DIV/0! ... (the text) */
	XLSX_NOVALUE, /* a formula without a cached value (text empty) */
};

/* Called once per row that has a non-empty cell, in row order.  row is the
 * 1-based row number; cells[k] is the text of column k+1 (A = 0), trimmed of
 * spaces, tabs and U+3000 like a CSV field, "" for an empty cell; kinds[k]
 * its enum xlsx_kind.  n stops at the last non-empty cell.  The arrays and
 * texts are valid only during the call; the callback may change the
 * pointers in cells (not the texts). */
typedef void (*xlsx_row_fn)(void *ctx, unsigned row, size_t n, char **cells,
    const unsigned char *kinds);

struct xlsx;

/* Opens the workbook at path; `name` is how messages name it.  Reads the
 * workbook's sheet list, shared strings and styles.  Returns NULL after
 * reporting why the file cannot be read (missing files included). */
struct xlsx *xlsx_open(const char *path, const char *name);
/* The same for a workbook in memory (tests, fuzzing); data must outlive the
 * handle. */
struct xlsx *xlsx_open_mem(const void *data, size_t len, const char *name);
void xlsx_close(struct xlsx *x);

/* The worksheets, in the workbook's order (chart sheets left out). */
size_t xlsx_sheet_count(const struct xlsx *x);
const char *xlsx_sheet_name(const struct xlsx *x, size_t i);
bool xlsx_sheet_hidden(const struct xlsx *x, size_t i);
/* Whether the workbook uses the 1904 date system. */
bool xlsx_date1904(const struct xlsx *x);

/* Reads worksheet i, calling fn for each non-empty row.  Faults are reported
 * at `name` (the sheet as messages name it; positions are rows and
 * columns).  Returns false when the sheet could not be read to its end
 * (rows before the fault have been passed to fn). */
bool xlsx_read_sheet(struct xlsx *x, size_t i, const char *name,
    xlsx_row_fn fn, void *ctx);

/* A number as Excel's General format shows it: the shortest decimal with at
 * most 15 significant digits (94.99999999999999 → "95", 0.1 + 0.2 → "0.3"),
 * positional from 1E-9 to below 1E+15, else like "1.5E+20".  out holds at
 * least 32 bytes; returns out. */
char *xlsx_general(double v, char *out);

/* The General text of a number cell's stored value (its <v>, as Excel
 * writes it: "94.99999999999999", "0.30000000000000004", "9.25").  Plain
 * decimals of at most 15 significant digits are normalised as text, others
 * go through xlsx_general.  Returns false when v is not a finite number. */
bool xlsx_number_text(const char *v, char *out);

/* A date serial as text: "YYYY-MM-DD" in the 1900 date system (with its
 * 1900-02-29 at serial 60) or the 1904 one, with " HH:MM[:SS]" when
 * with_time.  Returns false for serials outside 0 … 9999-12-31. */
bool xlsx_date_text(double serial, bool date1904, bool with_time,
    bool seconds, char *out);

/* Whether a number format code shows dates or times: 0 no, else a mask of
 * 1 (date), 2 (time), 4 (seconds). */
unsigned xlsx_format_kind(const char *code);

/* Column letters of a 1-based column number (1 → "A", 16384 → "XFD");
 * out holds at least 8 bytes. */
char *xlsx_col_name(unsigned col, char *out);

#endif
