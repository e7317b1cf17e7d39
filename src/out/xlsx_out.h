/* xlsx_out.h: what kaohe's workbooks (the template, results.xlsx) share, on
 * libxlsxwriter: a workbook written atomically, columns sized to their
 * text, text cut to what a cell holds, spreadsheet-safe text. */
#ifndef KAOHE_XLSX_OUT_H
#define KAOHE_XLSX_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "model.h"

/* A workbook being written.  libxlsxwriter writes a temporary file beside
 * path; xlsx_out_close() moves the finished file into place. */
struct xlsx_out {
	lxw_workbook *wb;
	const char *path;
	char *tmp;        /* the file libxlsxwriter writes */
};

/* Starts a workbook for path, with the document properties set from the
 * model (title, the organization as author; SOURCE_DATE_EPOCH as its date
 * when set).  With streaming, libxlsxwriter keeps one row in memory, not
 * the sheet: rows must then be written top to bottom.  Returns false after
 * a message (the directory is not writable). */
bool xlsx_out_open(struct xlsx_out *x, const char *path, const char *title,
    const struct model *m, bool streaming);
/* Finishes the workbook and renames it into place atomically (util.h
 * file_write_atomic).  Returns EXIT_OK, or EXIT_ENV after a message; no
 * temporary file remains either way. */
int xlsx_out_close(struct xlsx_out *x);

/* Column widths, in Excel's units (the width of "0"), that fit the text
 * put in each column.  Zero-initialise; xlsx_out_widths_free() after. */
struct xlsx_out_widths {
	double *w;
	size_t n;
};
/* Widens column col to fit s (its longest line), up to max units. */
void xlsx_out_fit(struct xlsx_out_widths *w, size_t col, const char *s,
    double max);
/* The width of column col: what xlsx_out_fit() found, at least min. */
double xlsx_out_width(const struct xlsx_out_widths *w, size_t col, double min);
void xlsx_out_widths_free(struct xlsx_out_widths *w);

/* The longest text a cell holds, in characters. */
#define XLSX_OUT_TEXT_MAX 32767

/* The length in bytes of the first max characters of s (all of s when it
 * is shorter). */
size_t xlsx_out_prefix(const char *s, size_t max);

/* s as a cell can hold it: s itself, or a copy cut to XLSX_OUT_TEXT_MAX
 * characters (set in *cut, which the caller frees). */
const char *xlsx_out_text(const char *s, char **cut);

/* SPEC section 6, spreadsheet safety: text beginning with = + - @ TAB or
 * CR gets a leading ' so that no spreadsheet evaluates it.  Returns s, or
 * a copy in *copy (the caller frees). */
const char *xlsx_out_safe(const char *s, char **copy);

/* A value in cents as the number a cell holds (95.50 → 95.5), read from
 * its printed decimal form, so a cell shows what the PDFs print. */
double xlsx_out_cents(int64_t cents);

#endif
