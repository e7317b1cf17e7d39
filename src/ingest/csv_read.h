/* csv_read.h: reading a CSV file as Excel or WPS writes it: encoding
 * detection and conversion to UTF-8 (iconv), RFC 4180 parsing (libcsv),
 * physical line numbers, trimming (SPEC section 2). */
#ifndef KAOHE_CSV_READ_H
#define KAOHE_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>

/* Called once per non-empty row, the header first.  fields[k] is the k-th
 * field (column k+1), UTF-8, trimmed (csv_trim()), full-width
 * digits NOT converted; valid only during the call.  line is the physical
 * line where the row starts (1-based). */
typedef void (*csv_row_fn)(void *ctx, unsigned line, size_t nfields,
    char **fields);

enum csv_result {
	CSV_READ_OK,
	CSV_READ_MISSING, /* no such file (nothing reported) */
	CSV_READ_FAILED,  /* reported: unreadable, undecodable, NUL byte ... */
};

/* Reads the file at path, streaming: memory stays proportional to the
 * longest row, not the file.  `name` is how diagnostics name the file.
 * encoding is an iconv name that overrides detection, or NULL.  Rows read
 * before a fault was found have already been passed to fn. */
enum csv_result csv_read_file(const char *path, const char *name,
    const char *encoding, csv_row_fn fn, void *ctx);

/* The same for a file already in memory (tests, fuzzing, built-in
 * templates). */
enum csv_result csv_read_mem(const char *data, size_t len, const char *name,
    const char *encoding, csv_row_fn fn, void *ctx);

/* Whether iconv knows the encoding name. */
bool csv_encoding_known(const char *encoding);

/* Trims spaces, tabs, U+3000 and invisible characters (utf8_invisible():
 * a BOM at the start of a field, a zero-width space, a bidi mark) from
 * both ends of s: cuts the end in place and returns a pointer to the first
 * character kept (inside s). */
char *csv_trim(char *s);
/* The same for the n bytes at s (s[n] is overwritten when cut). */
char *csv_trim_n(char *s, size_t n);

#endif
