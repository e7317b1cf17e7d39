/* util.h: allocation that cannot fail, growable strings, UTF-8 helpers. */
#ifndef KAOHE_UTIL_H
#define KAOHE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KAOHE_VERSION "1.0.0"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* These print a message and exit(3) when memory runs out; they never return
 * NULL.  Everything they return is freed with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (holding *cap elements of `size` bytes) to hold at least `need`. */
void xgrow(void *pp, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte string.  Zero-initialise, then buf_free(). */
struct buf {
	char *s;    /* NULL until the first append */
	size_t len; /* bytes, excluding the NUL */
	size_t cap;
};
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns the string (never NULL) and leaves b empty; caller frees. */
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

/* Decodes one UTF-8 character at s (at most n bytes).  Returns its length
 * (1-4) and stores the code point, or returns 0 when the bytes are not valid
 * UTF-8 (overlong forms, surrogates and values above U+10FFFF included). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Writes cp as UTF-8 to out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
/* Whether all n bytes are valid UTF-8. */
bool utf8_valid(const char *s, size_t n);
/* Terminal columns of a code point: 2 for East Asian wide and full-width
 * characters, 0 for combining marks and controls, else 1. */
int utf8_cp_width(uint32_t cp);
/* Terminal columns of a UTF-8 string. */
int utf8_width(const char *s);
/* Number of characters (code points) in a UTF-8 string. */
size_t utf8_chars(const char *s);

/* Spreadsheet safety (SPEC 6): whether a text cell begins with = + - @ TAB
 * or CR, so that it must be written with a leading ' for a spreadsheet
 * (CSV, xlsx) to show it as text and never evaluate it.  Numbers written as
 * numbers are not text cells and are never changed. */
bool cell_formula_like(const char *s);

/* Whether cp is a character that shows nothing: zero-width (U+200B-200D,
 * U+2060-2064, U+FEFF, the BOM) or a bidi control (U+200E/F,
 * U+202A-202E, U+2066-2069). */
bool utf8_invisible(uint32_t cp);
/* s with every invisible character, and every space that looks like an
 * ordinary one (no-break, thin, ...), spelled out as <U+00A0>; NULL when
 * s has none (nothing to change). */
char *utf8_show_invisible(const char *s);
/* s made safe as a file name (SPEC 6 "Sheet file names"): invisible
 * characters and : * ? " < > | dropped; '/', '\', control characters
 * and line separators made '_'; a leading '.' made '_'; cut to at most
 * room bytes at a character boundary; trailing dots and spaces removed.
 * May be "" (the caller decides).  Caller frees. */
char *file_name_safe(const char *s, size_t room);

/* SOURCE_DATE_EPOCH (reproducible-builds.org): true when it is unset or
 * empty, or a non-negative decimal integer of seconds up to the end of
 * year 9999 (stored in *t when t is not NULL; *t is left alone when
 * unset); false for anything else. */
bool source_date_epoch(long long *t);

/* Formats a value in hundredths as "95.50" (negative values with '-').
 * Returns out, which holds at least 32 bytes. */
char *fmt_cents(int64_t cents, char *out);

/* Reads a whole regular file.  Returns 0 and sets *data (NUL-terminated,
 * caller frees) and *len, or returns errno: EISDIR for a directory,
 * FILE_ENOTREG for a device, FIFO or socket (never opened for reading, so
 * a FIFO does not block). */
int file_read(const char *path, char **data, size_t *len);
#define FILE_ENOTREG (-2)
/* strerror(err) in Chinese for the errors users meet reading and writing
 * files (not found, permission, a directory, not a regular file, disk
 * full ...), else strerror's text. */
const char *file_strerror(int err);

/* Writes len bytes to path atomically: a temporary file DIR/.kaohe-XXXXXX
 * in the same directory, fsync, rename, fsync of the directory.  A new file
 * gets mode 0666 minus the umask; a replaced file keeps its mode.  Only a
 * regular file is replaced: a directory, symbolic link, device, FIFO or
 * socket at path is refused (EISDIR, FILE_ESYMLINK, FILE_ENOTREG), never
 * written through.  On failure no file appears and an existing file of
 * that name is untouched; returns errno (file_strerror() says it). */
int file_write_atomic(const char *path, const void *data, size_t len);
#define FILE_ESYMLINK (-3)
/* Whether path may be replaced by a regular file: 0 when nothing is there
 * or a regular file is (its mode then stored in *mode, when not NULL), else
 * the error file_write_atomic() would give. */
int file_check_target(const char *path, unsigned *mode);

/* Temporary files and interruption.  tmp_cleanup_init() (called by the
 * writers; call it early in the main thread, before any thread starts)
 * makes SIGINT, SIGTERM and SIGHUP remove every live temporary file and
 * tracked directory before the process ends by the signal. */
void tmp_cleanup_init(void);
/* Adds (on) or removes a temporary file removed on interruption (one
 * that a library writes by name, e.g. a workbook before its rename). */
void tmp_track_file(const char *path, bool on);
/* Adds (on) or removes a directory removed whole on interruption. */
void tmp_track_dir(const char *path, bool on);
/* Between tmp_critical(true) and tmp_critical(false) an interruption waits
 * (for a few renames that must not be cut in the middle).  No temporary
 * file may be made in between. */
void tmp_critical(bool enter);
/* Removes the temporary files that killed runs left in dir (names
 * .kaohe-XXXXXX and NAME.kaohe-XXXXXX whose writer is gone). */
void tmp_sweep(const char *dir);
/* The mode of a new file: 0666 minus the umask. */
unsigned tmp_new_mode(void);
/* Removes path, a directory with everything in it (rm -rf); 0 or errno. */
int rm_rf(const char *path);

/* Makes the directory path and any missing parents (mkdir -p); returns 0
 * or errno. */
int mkdir_p(const char *path);

/* Whether paths a and b name the same place: the same file name in the
 * same directory (resolved through symbolic links where it exists). */
bool path_same_place(const char *a, const char *b);

/* Joins a directory and a relative name ("DIR/NAME"); an absolute name is
 * returned as it is.  Caller frees. */
char *path_join(const char *dir, const char *name);



/* A map from strings to indexes (open addressing).  Zero-initialise, then
 * strmap_free().  Keys are copied. */
struct strmap {
	char **keys;
	size_t *vals;
	size_t cap, n;
};
/* The value stored for key, or -1. */
long strmap_get(const struct strmap *m, const char *key);
/* Stores key → val unless key is there; returns the value now stored. */
size_t strmap_put(struct strmap *m, const char *key, size_t val);
void strmap_free(struct strmap *m);

#endif
