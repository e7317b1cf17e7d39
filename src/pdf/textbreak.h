/* textbreak.h: Chinese and Latin line breaking (UAX #14 through libunibreak,
 * with the clreq / GB/T 15834 prohibitions on top).  Pure: knows nothing of
 * PDFs; widths come from a callback. */
#ifndef KAOHE_TEXTBREAK_H
#define KAOHE_TEXTBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One line of broken text: bytes [start, end) of the input.  Trailing spaces
 * and the line's newline are outside [start, end). */
struct tb_line {
	size_t start, end;
	double width; /* sum of advances of [start, end), in the caller's unit */
	bool hard;    /* ended by a newline in the text (or the end of text) */
};

/* Advance width of one code point, in the unit of max_width. */
typedef double (*tb_measure_fn)(uint32_t cp, void *ctx);

/* Breaks UTF-8 text into lines no wider than max_width; the first line is
 * max_width - first_indent wide.  "\n", "\r\n" and "\r" force a break.
 * No line starts with closing punctuation (，。、；：？！）」』》 …) nor ends
 * with opening punctuation (（「『《 …); digit runs (95.50分, 〔2026〕) and
 * Latin words are not split; —— and …… stay whole.  A run that cannot fit a
 * line at all is broken between characters.  Squeeze: closing marks
 * (，。」 …) that do not fit are pulled up onto the line when the overflow is
 * at most half their width, so such a line's width may exceed the available
 * width by up to that much; the renderer sets those marks half width.  Spaces
 * at a soft line start are skipped.  A newline ends a line; a newline at the
 * very end of the text does not start another.  Returns the number of lines
 * (at least 1, even for empty text) and stores a malloc'd array in *lines,
 * which the caller frees. */
size_t textbreak(const char *text, size_t len, double max_width,
    double first_indent, tb_measure_fn measure, void *ctx,
    struct tb_line **lines);

/* How textbreak_opt() breaks besides the rules above. */
struct tb_opts {
	/* Prefer word boundaries (before 党支部, 党委 …, after 公司, 车间,
	 * 中心 …) to a later break, when the line keeps at least half its
	 * width: for ragged (not justified) text such as table cells, where
	 * a name breaks "华东检修公司/物资供应部党支部", not "…物资供/应部…". */
	bool prefer_words;
	/* Keep the last line of a paragraph from holding only one or two
	 * characters: pull up to three characters down from the line before
	 * when they fit (the line before becomes shorter). */
	bool no_short_last;
	/* Titles: each paragraph in the fewest lines (at most TB_BALANCE_MAX)
	 * of balanced widths (GB/T 9704 7.3.1: 排列对称，长短适宜), breaking
	 * preferably before a conjunction (和 与 及 暨); greedy when that
	 * cannot be done. */
	bool balance;
};
#define TB_BALANCE_MAX 6

/* textbreak() with options; opts NULL = all false.  In every mode, the
 * words of a small table (党支部, 党总支, 党委, 党小组, 党员 …) are never
 * split, and a number stays with its unit and prefix (95.50分, 扣1分,
 * 失2.13分, 2025年, 12次, 100.0%, −0.43). */
size_t textbreak_opt(const char *text, size_t len, double max_width,
    double first_indent, tb_measure_fn measure, void *ctx,
    const struct tb_opts *opts, struct tb_line **lines);

/* The content widths of text for table layout: *min_w the widest piece
 * that is never broken (between two break opportunities, as textbreak_opt()
 * sees them), *max_w the widest paragraph set on one line.  Spaces at a
 * break are not counted. */
void textbreak_widths(const char *text, size_t len, tb_measure_fn measure,
    void *ctx, double *min_w, double *max_w);

/* Whether a code point may not start a line (closing punctuation etc.). */
bool tb_no_line_start(uint32_t cp);
/* Whether a code point may not end a line (opening punctuation etc.). */
bool tb_no_line_end(uint32_t cp);

#endif
