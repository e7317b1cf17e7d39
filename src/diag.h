/* diag.h: the one sink for every message kaohe prints to stderr: faults
 * of the input, of the command line and of the system, and progress.
 *
 * Messages are printed as "kaohe: FILE:LINE:COL: LEVEL: text" to stderr
 * (usage messages and the closing summary without the LEVEL).
 * Positioned messages are collected and printed by diag_flush(), ordered by
 * file (in the order files were first named) then line and column, so that a
 * user sees each file's faults together.  The worst level seen decides the
 * exit status.  Safe to call from several threads. */
#ifndef KAOHE_DIAG_H
#define KAOHE_DIAG_H

#include <stdbool.h>
#include <stddef.h>

/* Where a record came from: its file (as printed in diagnostics) and the
 * physical line where it starts, 1-based. */
struct srcpos {
	const char *file; /* owned by the model's file list */
	unsigned line;
};

enum diag_level {
	DIAG_NOTE,    /* information, never fails a run */
	DIAG_WARNING, /* suspicious input; exit 1 only with --strict */
	DIAG_ERROR,   /* the input is wrong: exit 1 */
	DIAG_USAGE,   /* the command line is wrong: exit 2 */
	DIAG_SYSERR,  /* the system failed (no usable font, cannot write):
	                 exit 3 */
};

/* Exit statuses (SPEC section 5), one per level: the worst level seen
 * decides it (diag_exit()). */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,  /* the input data has errors */
	EXIT_USAGE = 2, /* wrong usage */
	EXIT_ENV = 3,   /* no usable font, cannot write, ... */
};

/* Every message kaohe prints outside the data files' own faults: a code,
 * whose level and text (a printf format) are in one table in diag.c. */
enum diag_code {
	/* the command line (DIAG_USAGE) */
	D_NO_COMMAND,        /* () */
	D_UNKNOWN_COMMAND,   /* command */
	D_UNKNOWN_OPTION,    /* option */
	D_OPTION_VALUE,      /* option */
	D_EXTRA_ARGUMENT,    /* argument */
	D_NO_DIR,            /* command */
	D_NO_OUTPUT,         /* command */
	D_BAD_FORMAT,        /* value */
	D_BAD_JOBS,          /* value */
	D_UNKNOWN_ENCODING,  /* value */
	D_UNKNOWN_PERIOD,    /* period, the settings' label, the periods */
	D_UNKNOWN_BRANCH,    /* --branch id */
	D_BAD_PAPER,         /* value of handbook --paper */
	D_BAD_SOURCE_DATE_EPOCH, /* its value */
	D_COMBINED_IS_SHEET, /* --combined path, branch id */
	D_BAD_FORM,          /* value of template --form */
	/* the data (DIAG_ERROR, DIAG_WARNING; the arguments' printf types) */
	D_COLUMN_TWICE,          /* s */
	D_COLUMN_UNKNOWN,        /* s */
	D_COLUMN_MISSING,        /* s, s */
	D_FILE_MISSING,          /* s */
	D_FILE_EMPTY,            /* () */
	D_RUBRIC_NO_ID,          /* () */
	D_RUBRIC_ID_TWICE,       /* s */
	D_RUBRIC_NO_CATEGORY,    /* () */
	D_RUBRIC_NO_TITLE,       /* () */
	D_RUBRIC_POINTS,         /* s */
	D_RUBRIC_POINTS_ZERO,    /* () */
	D_NO_BRANCH_ID,          /* () */
	D_BRANCH_ID_TWICE,       /* s */
	D_BRANCH_NO_NAME,        /* () */
	D_BRANCH_NAME_TWICE,     /* s */
	D_BRANCH_MEMBERS,        /* s */
	D_BRANCH_ELECTED,        /* s */
	D_SCORE_TWICE,           /* s, s, s, s, s, s, u */
	D_MEMBER_EMPTY,          /* the column's name */
	D_MEMBER_DATE,           /* the column's name, the value */
	D_MEMBER_NO_NAME,        /* () */
	D_MEMBER_SEX,            /* the value */
	D_MEMBER_CONFIRMED,      /* 转正日期, 入党日期 as written */
	D_MEMBER_YOUNG,          /* 入党日期, 出生日期 as written */
	D_MEMBER_ROLE,           /* the value */
	D_MEMBER_SECRETARY_TWICE, /* branch id, name, line of the first */
	D_MEMBER_SECRETARY_OTHER, /* name, branches' file, line, name there */
	D_BRANCH_UNKNOWN,        /* s, s the branches' table (model_table_label) */
	D_PERIOD_UNKNOWN,        /* s, s the settings' label */
	D_SOURCE_UNKNOWN,        /* s, s the settings' label */
	D_SCORE_NO_VALUE_COLUMN, /* () */
	D_WIDE_ITEM_TWICE,       /* s */
	D_WIDE_COLUMN_UNKNOWN,   /* s */
	D_WIDE_SCORE_NUMBER,     /* s, s */
	D_WIDE_SCORE_OVER,       /* s, s, s */
	D_SCORE_NO_ITEM,         /* () */
	D_SCORE_ITEM_UNKNOWN,    /* s */
	D_SCORE_BOTH,            /* () */
	D_SCORE_NEITHER,         /* () */
	D_SCORE_NUMBER,          /* s, s */
	D_SCORE_OVER,            /* s, s, s */
	D_VETO_NO_REASON,        /* () */
	D_VETO_REASON_UNKNOWN,   /* s, s the settings' label */
	D_DATE,                  /* s */
	D_DATE_TIME,             /* s column, s value, s its date */
	D_RECORD_NO_DATE,        /* () */
	D_RECORD_NO_TYPE,        /* () */
	D_RECORD_TYPE,           /* s */
	D_RECORD_EXPECTED,       /* s */
	D_RECORD_PRESENT,        /* s */
	D_RECORD_PRESENT_OVER,   /* d, d */
	D_WORKER_NO_NAME,        /* () */
	D_NOT_DATASET,           /* () */
	D_WORKBOOK_NOT_FOUND,    /* (): a path ending in .xlsx */
	D_RUBRIC_TOTAL,          /* s, s */
	D_RUBRIC_TOTAL_BUILTIN,  /* s [rubric] total, s where a rubric.csv would be, s the built-in sum */
	D_NO_BRANCHES,           /* () */
	D_NOMINEE_VETOED,        /* s, s, s */
	D_NOMINEE_LOW_LEVEL,     /* s, s, s */
	D_BRANCH_NO_SCORES,      /* s, s the scores' table */
	D_BRANCH_MISSING_ITEMS,  /* s, s, s, zu, s */
	D_NOTICE_NOT_UTF8,   /* () at the first bad byte */
	D_NOTICE_NUL,        /* () at the NUL byte */
	D_NOTICE_SHORT,      /* () at the wording's file */
	D_CANNOT_READ,       /* strerror, at the file */
	D_GLYPH_MISSING,     /* the character, its code point */
	D_TEMPLATE_ROWS,     /* rows the 评分 sheet needs, the limit, advice */
	/* xlsx input: the reader (src/ingest/xlsx.c) and workbooks as
	 * data sets (src/ingest/dataset.c); DIAG_ERROR unless said */
	D_XLSX_PART_STAT,        /* part */
	D_XLSX_PART_ENCRYPTED,   /* () */
	D_XLSX_PART_OPEN,        /* part, what */
	D_XLSX_PART_INFLATE,     /* part, what */
	D_XLSX_BOMB,             /* part */
	D_XLSX_DTD,              /* part */
	D_XLSX_XML,              /* part, u line, what */
	D_XLSX_SHEETS,           /* () */
	D_XLSX_FORMATS,          /* () */
	D_XLSX_ENCRYPTED,        /* () */
	D_XLSX_CFB,              /* () */
	D_XLSX_EMPTY,            /* () */
	D_XLSX_NOT_ZIP,          /* () */
	D_XLSX_NO_WORKBOOK,      /* part */
	D_XLSX_ARCHIVE,          /* what */
	D_XLSX_OPEN,             /* strerror */
	D_XLSX_READ,             /* strerror */
	D_XLSX_SOURCE,           /* () */
	D_XLSX_SHEET_MISSING,    /* part */
	D_XLSX_SHEET_SIZE,       /* () */
	D_XLSX_SST_INDEX,        /* () */
	D_XLSX_ROW_NUMBER,       /* () */
	D_XLSX_ROW_ORDER,        /* () */
	D_XLSX_CELL_REF,         /* () */
	D_XLSX_CELL_ROW,         /* () */
	D_XLSX_CELL_ORDER,       /* () */
	D_XLSX_BOOL,             /* TRUE or FALSE */
	D_XLSX_ERROR,            /* the error value */
	D_XLSX_NO_VALUE,         /* () */
	D_SHEET_EMPTY,           /* () */
	D_WB_NO_SHEET,           /* sheet, English name */
	D_WB_NO_SHEET_NOR_FILE,  /* sheet, English name, file */
	D_WB_TABLE_TWICE_SHEET,  /* file, sheet */
	D_WB_TABLE_TWICE_FILE,   /* file, file */
	D_WB_NO_SHEETS,          /* () */
	D_WB_SEVERAL,            /* zu, the list */
	D_WB_SHEET_TWICE,        /* sheet, sheet, table */
	D_WB_NO_TABLES,          /* () */
	D_WB_NO_TABLES_UNUSED,   /* () warning */
	D_WB_SETTINGS_TWICE,     /* kaohe.ini, sheet */
	D_SETTINGS_SECTION,      /* section */
	D_SETTINGS_NO_SECTION,   /* () */
	D_SETTINGS_NO_KEY,       /* () */
	D_SETTINGS_KEY,          /* key */
	D_SETTINGS_VALUE,        /* () */
	D_CELL_CUT,          /* workbook, sheet, cell, the limit twice */
	D_ROWS_CUT,          /* workbook, sheet, the limit, rows written */
	/* outcomes */
	D_SUMMARY_ERRORS,    /* number of errors */
	D_SUMMARY_STRICT,    /* number of warnings */
	D_STRICT_LATE,       /* () */
	/* the system (DIAG_SYSERR) */
	D_READ,              /* path, strerror */
	D_WRITE,             /* path, strerror */
	D_MKDIR,             /* path, strerror */
	D_NOT_DIR,           /* path */
	D_OUTPUT_PLACE,      /* what, why (file_strerror), at the path */
	D_STDOUT,            /* what went wrong */
	D_FONT,              /* role key, name, what, advice, role key */
	D_FONT_COMMON,       /* what */
	D_PDF,               /* what */
	D_SHEET_FAILED,      /* branch id, branch name */
	D_COMBINED_FAILED,   /* () */
	D_HANDBOOK_FAILED,   /* branch id, branch name */
	D_HANDBOOK_COMBINED_FAILED, /* () */
	D_HANDBOOK_NOT_UTF8, /* () at a handbook/ text part */
	D_INTERNAL,          /* what */
	D_NCODES
};

/* The message of code about FILE:LINE:COL (file may be NULL: no position;
 * line and col are 1-based, 0 leaves them out), its level from the table.
 * The arguments are those of the code's text, as listed above (the texts
 * are printf formats in diag.c's table). */
/* The text of a system error (errno): Chinese for the common ones, which
 * diag() also puts for the C library's English texts in any message. */
const char *diag_strerror(int err);

void diag_msg(enum diag_code code, const char *file, unsigned line,
    unsigned col, ...);
/* The text (printf format) of a code, for tests; NULL for a code without
 * one (a gap in the table). */
const char *diag_text(enum diag_code code);
/* A message about a data file's fault in words of its own (the readers
 * of src/ingest); the level is given. */
void diag(enum diag_level level, const char *file, unsigned line, unsigned col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Progress, printed at once as it is (never collected, never counted). */
void diag_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether stderr is a terminal (for progress that redraws a line). */
bool diag_tty(void);
/* The usage lines printed after a DIAG_USAGE message. */
void diag_set_usage(const char *text);
/* "out of memory", printed without allocating, then exit(EXIT_ENV). */
_Noreturn void diag_oom(void);
/* Names a file before any message about it, so that messages are ordered
 * by the order files were named (the order they are read). */
void diag_file(const char *file);
/* xlsx input: marks a file name (as messages name it) as a workbook sheet,
 * "BOOK.xlsx:SHEET", whose LINE:COL print as !CELL: row LINE, column COL
 * in letters (column A when COL is 0), e.g. "BOOK.xlsx:评分!F12". */
void diag_sheet(const char *file);
/* Prints the collected messages in order and forgets them. */
void diag_flush(void);
/* Number of messages of a level seen since the start (flushed or not). */
unsigned diag_count(enum diag_level level);
/* With strict on, warnings count as errors in diag_failed(). */
void diag_set_strict(bool strict);
/* Whether the data had errors (or warnings under --strict), or anything
 * worse. */
bool diag_failed(void);
/* The exit status of the worst message so far (warnings count under
 * --strict): EXIT_OK, EXIT_DATA, EXIT_USAGE or EXIT_ENV. */
int diag_exit(void);
/* A mark of the messages collected so far, and a way to take back the ones
 * collected after it (when a whole file turns out unreadable, the faults of
 * its rows are noise).  Not to be used across threads. */
size_t diag_mark(void);
/* Takes back the messages after mark except the `keep` newest ones. */
void diag_rollback(size_t mark, size_t keep);
/* Messages of a thread that works for another (a sheet's reader) held
 * back, so that they join the others after the messages its work leads to:
 * diag_hold() in that thread starts holding them; diag_release(), called
 * by the other thread once the first has ended, adds them in their order
 * and frees the list. */
struct diag_held;
struct diag_held *diag_hold(void);
void diag_release(struct diag_held *h);
/* Forgets everything (for tests). */
void diag_reset(void);
/* Redirects printing to a memory buffer (for tests); NULL restores stderr.
 * The text accumulates until diag_reset(). */
const char *diag_captured(void);
void diag_capture(bool on);

/* One line to stderr that is not about the input: the web server's
 * request log and notices.  Written in one write(2), so that lines of
 * several threads never mix (journal-friendly). */
void diag_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
