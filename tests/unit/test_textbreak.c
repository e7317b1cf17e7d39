/* test_textbreak.c: unit tests of Chinese and Latin line breaking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "pdf/textbreak.h"
#include "util.h"

/* 0.5 per ASCII character, 1.0 per anything else (CJK, full width). */
static double
measure(uint32_t cp, void *ctx)
{
	(void)ctx;
	return cp < 0x80 ? 0.5 : 1.0;
}

static double
measure_zero(uint32_t cp, void *ctx)
{
	(void)cp;
	(void)ctx;
	return 0;
}

/* Counts callback calls, to check the text is measured once. */
static double
measure_count(uint32_t cp, void *ctx)
{
	(*(size_t *)ctx)++;
	return measure(cp, NULL);
}

static bool
is_gap_char(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == '\r' ||
	    cp == '\n';
}

/* Sum of measure() over text[start, end), bad bytes as U+FFFD. */
static double
span_width(const char *text, size_t start, size_t end)
{
	double w = 0;

	while (start < end) {
		uint32_t cp;
		size_t k = utf8_decode(text + start, end - start, &cp);
		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		w += measure(cp, NULL);
		start += k;
	}
	return w;
}

/* Characters in text[start, end), a bad byte counting as one. */
static size_t
span_chars(const char *text, size_t start, size_t end)
{
	size_t n = 0;

	while (start < end) {
		uint32_t cp;
		size_t k = utf8_decode(text + start, end - start, &cp);
		start += k ? k : 1;
		n++;
	}
	return n;
}

/*
 * Checks what holds for every result: lines in order, at least one, no
 * character lost (bytes outside lines are spaces and newlines), widths the
 * sums of the advances, no line wider than allowed plus the squeeze allowance
 * unless it holds a single character.
 */
static void
check_invariants(const char *text, size_t len, double max, double indent,
    const struct tb_line *l, size_t n)
{
	size_t i, pos = 0;

	assert_true(n >= 1);
	for (i = 0; i < n; i++) {
		double avail = i == 0 ? max - indent : max;
		size_t chars;

		assert_true(l[i].start >= pos);
		assert_true(l[i].start <= l[i].end);
		assert_true(l[i].end <= len);
		while (pos < l[i].start) {
			uint32_t cp;
			size_t k = utf8_decode(text + pos, len - pos, &cp);
			assert_true(k > 0);
			assert_true(is_gap_char(cp));
			pos += k;
		}
		pos = l[i].end;
		assert_true(l[i].width >= span_width(text, l[i].start,
		    l[i].end) - 1e-9);
		assert_true(l[i].width <= span_width(text, l[i].start,
		    l[i].end) + 1e-9);
		chars = span_chars(text, l[i].start, l[i].end);
		/* Squeeze allows at most half a full-width mark. */
		if (chars > 1)
			assert_true(l[i].width <= avail + 0.5 + 1e-9);
	}
	while (pos < len) {
		uint32_t cp;
		size_t k = utf8_decode(text + pos, len - pos, &cp);
		assert_true(k > 0);
		assert_true(is_gap_char(cp));
		pos += k;
	}
	assert_true(l[n - 1].hard);
}

/*
 * Breaks text (a C string) into lines of max_width and returns them joined
 * by "|", for comparison; checks the invariants on the way.
 */
static char *
brk(const char *text, double max, double indent)
{
	struct tb_line *l;
	struct buf b = {0};
	size_t i, n, len = strlen(text);

	n = textbreak(text, len, max, indent, measure, NULL, &l);
	check_invariants(text, len, max, indent, l, n);
	buf_adds(&b, "");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, '|');
		buf_add(&b, text + l[i].start, l[i].end - l[i].start);
	}
	free(l);
	return buf_take(&b);
}

#define assert_breaks(text, max, want) do { \
	char *got_ = brk((text), (max), 0); \
	assert_string_equal(got_, (want)); \
	free(got_); \
} while (0)

static void
test_tables(void **state)
{
	static const char *starts[] = {"，", "。", "、", "；", "：", "？",
	    "！", "）", "」", "』", "》", "】", "〕", "〉", "”", "’", "％",
	    "‰", "℃", "·", "…", "—", "～", "ぁ", "ッ", "ー", ".", ",", ")",
	    "!", "?", "%"};
	static const char *ends[] = {"（", "「", "『", "《", "【", "〔", "〈",
	    "“", "‘", "￥", "＄", "(", "[", "$", "£"};
	static const char *neither[] = {"中", "a", "1", "１", " ", "\xe3\x80\x80"};
	size_t i;
	uint32_t cp;

	(void)state;
	for (i = 0; i < ARRAY_LEN(starts); i++) {
		assert_true(utf8_decode(starts[i], strlen(starts[i]), &cp) > 0);
		assert_true(tb_no_line_start(cp));
		if (cp != 0xB7)	/* · binds on both sides (Office) */
			assert_false(tb_no_line_end(cp));
	}
	for (i = 0; i < ARRAY_LEN(ends); i++) {
		assert_true(utf8_decode(ends[i], strlen(ends[i]), &cp) > 0);
		assert_true(tb_no_line_end(cp));
		assert_false(tb_no_line_start(cp));
	}
	for (i = 0; i < ARRAY_LEN(neither); i++) {
		assert_true(utf8_decode(neither[i], strlen(neither[i]), &cp) > 0);
		assert_false(tb_no_line_start(cp));
		assert_false(tb_no_line_end(cp));
	}
	assert_false(tb_no_line_start(0x10FFFF));
	assert_false(tb_no_line_end(0));
}

/* Each closing mark that would start a line takes the character before it
 * down with it. */
static void
test_no_line_start(void **state)
{
	static const char *marks[] = {"，", "。", "、", "；", "：", "？", "！",
	    "）", "」", "』", "》", "】", "〕", "”", "％", "…", "℃"};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(marks); i++) {
		char text[64], want[64];

		snprintf(text, sizeof text, "一二三四五%s六七", marks[i]);
		snprintf(want, sizeof want, "一二三四|五%s六七", marks[i]);
		assert_breaks(text, 5, want);
	}
	/* Two marks in a row: both go down with the last character. */
	assert_breaks("一二三四五。」六", 5, "一二三四|五。」六");
	/* ASCII closing punctuation too. */
	assert_breaks("abcdefghi) x", 4.5, "abcdefgh|i) x");
}

/* Each opening mark that would end a line goes down to the next. */
static void
test_no_line_end(void **state)
{
	static const char *marks[] = {"（", "「", "『", "《", "【", "〔", "“",
	    "￥"};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(marks); i++) {
		char text[64], want[64];

		snprintf(text, sizeof text, "一二三四%s五六", marks[i]);
		snprintf(want, sizeof want, "一二三四|%s五六", marks[i]);
		assert_breaks(text, 5, want);
	}
	/* Opening mark followed by spaces still may not end a line. */
	assert_breaks("一二三四「 五六", 5.5, "一二三四|「 五六");
}

/* A closing mark pulled up onto a full line when it overflows by at most
 * half its width. */
static void
test_squeeze(void **state)
{
	char *got;
	struct tb_line *l;
	size_t n;
	const char *t = "一二三四a，五六";

	(void)state;
	assert_breaks("一二三四a，五六", 5, "一二三四a，|五六");
	n = textbreak(t, strlen(t), 5, 0, measure, NULL, &l);
	assert_int_equal(n, 2);
	assert_true(l[0].width > 5.49 && l[0].width < 5.51);
	assert_false(l[0].hard);
	free(l);
	/* Overflow of a whole em: no squeeze, push down. */
	assert_breaks("一二三四五，六", 5, "一二三四|五，六");
	/* Two marks pulled up need their overflow within half of both. */
	assert_breaks("一二三a。」五", 5, "一二三a。」|五");
	assert_breaks("一二三四a。」五", 5, "一二三四|a。」五");
	/* Non-hangable no-start marks (％) are never squeezed. */
	assert_breaks("一二三四a％五", 5, "一二三四|a％五");
	got = brk("一二三四a，", 5, 0);
	assert_string_equal(got, "一二三四a，");
	free(got);
}

static void
test_digit_run(void **state)
{
	(void)state;
	assert_breaks("得分为95.50分", 5, "得分为|95.50分");
	assert_breaks("得分为95.50分", 3, "得分为|95.50|分");
	assert_breaks("一二三四2025年", 5, "一二三四|2025年");
	assert_breaks("一二三1,000元", 5, "一二三|1,000元");
	assert_breaks("一二三四１２３", 5, "一二三四|１２３");
	assert_breaks("一二三四95%", 5, "一二三四|95%");
}

static void
test_bracketed_year(void **state)
{
	(void)state;
	assert_breaks("国发一二〔2026〕号", 5, "国发一二|〔2026〕号");
	assert_breaks("国发〔2026〕号", 5, "国发|〔2026〕号");
	assert_breaks("国发一〔2026〕号", 5, "国发一|〔2026〕号");
}

static void
test_latin_word(void **state)
{
	(void)state;
	assert_breaks("考核assessment结果", 5, "考核|assessment|结果");
	assert_breaks("hello world", 4, "hello|world");
	assert_breaks("一二三四good", 5, "一二三四|good");
	/* Spaces at a soft line start are skipped, at the end dropped. */
	assert_breaks("ab   cd", 1.5, "ab|cd");
	assert_breaks("一二三四五　六七", 5, "一二三四五|六七");
}

static void
test_dash_ellipsis(void **state)
{
	(void)state;
	assert_breaks("一二三四——五", 5, "一二三|四——五");
	assert_breaks("一二三四……五", 5, "一二三|四……五");
	assert_breaks("一二三——四", 5, "一二三——|四");
	/* Even an emergency break does not split them. */
	assert_breaks("————————", 3, "——|——|——|——");
	assert_breaks("……………", 1.5, "…|…|…|…|…");
}

static void
test_hard_breaks(void **state)
{
	struct tb_line *l;
	size_t n, i;
	const char *t = "一\n二\r\n三\r四";

	(void)state;
	n = textbreak(t, strlen(t), 10, 0, measure, NULL, &l);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++)
		assert_true(l[i].hard);
	assert_int_equal(l[1].start, 4);
	assert_int_equal(l[2].start, 9);
	assert_int_equal(l[3].start, 13);
	free(l);
	assert_breaks("a\n", 10, "a");
	assert_breaks("a\n\nb", 10, "a||b");
	assert_breaks("a\n\n", 10, "a|");
	assert_breaks("\n", 10, "");
	assert_breaks("\r\n\r\n", 10, "|");
	/* A soft break is not hard; the paragraph's last line is. */
	t = "一二三四五六\n七";
	n = textbreak(t, strlen(t), 5, 0, measure, NULL, &l);
	assert_int_equal(n, 3);
	assert_false(l[0].hard);
	assert_true(l[1].hard);
	assert_true(l[2].hard);
	free(l);
	/* Spaces before a newline are outside the line. */
	t = "ab  \ncd";
	n = textbreak(t, strlen(t), 10, 0, measure, NULL, &l);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].end, 2);
	assert_true(l[0].width == 1.0);
	free(l);
	/* Leading spaces of a paragraph are kept (indentation). */
	assert_breaks("  ab\n  cd", 10, "  ab|  cd");
}

static void
test_first_indent(void **state)
{
	char *got;

	(void)state;
	got = brk("一二三四五六七八九十", 5, 2);
	assert_string_equal(got, "一二三|四五六七八|九十");
	free(got);
	/* Indent wider than the line: still one character per line. */
	got = brk("一二三", 5, 10);
	assert_string_equal(got, "一|二三");
	free(got);
}

static void
test_long_run(void **state)
{
	char *got;
	struct tb_line *l;
	size_t n, i;
	const char *t = "aaaaaaaaaaaaaaaaaaaa";

	(void)state;
	assert_breaks(t, 2, "aaaa|aaaa|aaaa|aaaa|aaaa");
	/* An emergency break prefers not to start a line with "，". */
	assert_breaks("aaa，aaaa", 1.5, "aa|a，|aaa|a");
	/* Zero or negative width: one character per line, none lost. */
	got = brk("ab一", 0, 0);
	assert_string_equal(got, "a|b|一");
	free(got);
	got = brk("ab一", -3, 0);
	assert_string_equal(got, "a|b|一");
	free(got);
	/* A character wider than the line stands alone. */
	assert_breaks("一二", 0.5, "一|二");
	/* Zero-width characters: everything fits. */
	n = textbreak(t, strlen(t), 0, 0, measure_zero, NULL, &l);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].end, strlen(t));
	free(l);
	/* Every line makes progress whatever the width. */
	t = "，。，。（（（））））一二 ab 。。。";
	for (i = 0; i < 12; i++) {
		got = brk(t, (double)i / 2 - 1, 0);
		free(got);
	}
}

static void
test_empty(void **state)
{
	struct tb_line *l;
	size_t n;

	(void)state;
	n = textbreak("", 0, 10, 0, measure, NULL, &l);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].start, 0);
	assert_int_equal(l[0].end, 0);
	assert_true(l[0].width == 0);
	assert_true(l[0].hard);
	free(l);
	n = textbreak(NULL, 0, 10, 0, measure, NULL, &l);
	assert_int_equal(n, 1);
	free(l);
	/* Only spaces: one empty line. */
	n = textbreak("   ", 3, 10, 0, measure, NULL, &l);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].end - l[0].start, 0);
	free(l);
}

static void
test_invalid_utf8(void **state)
{
	struct tb_line *l;
	size_t n;
	/* Two bad bytes, 一, a lone continuation byte, a truncated 一. */
	const char t[] = "\xff\xfe\xe4\xb8\x80\x80\xe4\xb8";

	(void)state;
	n = textbreak(t, sizeof t - 1, 1, 0, measure, NULL, &l);
	check_invariants(t, sizeof t - 1, 1, 0, l, n);
	assert_int_equal(n, 6);
	assert_int_equal(l[0].start, 0);
	assert_int_equal(l[1].start, 1);
	assert_int_equal(l[2].start, 2);
	assert_int_equal(l[2].end, 5);
	assert_int_equal(l[3].start, 5);
	assert_int_equal(l[4].start, 6);
	assert_int_equal(l[5].start, 7);
	assert_int_equal(l[5].end, 8);
	free(l);
	/* U+FFFF is libunibreak's end marker; it must not end the text. */
	n = textbreak("\xef\xbf\xbf" "ab", 5, 0.5, 0, measure, NULL, &l);
	assert_int_equal(n, 3);
	free(l);
	/* A NUL byte is a character like any other. */
	n = textbreak("a\0b", 3, 10, 0, measure, NULL, &l);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].end, 3);
	free(l);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Breaks a 1 MB paragraph made of `unit` and checks time and coverage. */
static void
big_paragraph(const char *unit, double max, size_t min_lines)
{
	struct buf b = {0};
	struct tb_line *l;
	size_t n, len, calls = 0;
	double t0;
	char *text;

	while (b.len < 1024 * 1024)
		buf_adds(&b, unit);
	len = b.len;
	text = buf_take(&b);
	t0 = now();
	n = textbreak(text, len, max, 2, measure_count, &calls, &l);
	/* (linear: one measurement per character, checked below; the time
	 * is printed, not asserted: timing belongs in make bench) */
	printf("# 1 MB paragraph broken in %.2f s\n", now() - t0);
	assert_true(n >= min_lines);
	assert_int_equal(calls, utf8_chars(text));
	check_invariants(text, len, max, 2, l, n);
	free(l);
	free(text);
}

static void
test_big_paragraph(void **state)
{
	(void)state;
	big_paragraph("考核结果为95.50分，评定为“优秀”。The quick brown fox! ",
	    30, 1000);
	big_paragraph("a", 30, 1000);	/* one unbreakable word */
	big_paragraph("。", 30, 1000);	/* only no-start marks */
	big_paragraph("（", 30, 1000);	/* only no-end marks */
	big_paragraph("一", 0, 1000);	/* one character per line */
	big_paragraph(" ", 30, 1);	/* only spaces */
}

static void
test_widths(void **state)
{
	struct tb_line *l;
	size_t n, calls = 0;
	const char *t = "ab 中文   ";

	(void)state;
	n = textbreak(t, strlen(t), 100, 0, measure_count, &calls, &l);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].start, 0);
	assert_int_equal(l[0].end, 9);
	assert_true(l[0].width == 3.5);
	assert_int_equal(calls, 8);	/* each character measured once */
	free(l);
	t = "一二三四五六七 ab";
	n = textbreak(t, strlen(t), 4, 0, measure, NULL, &l);
	assert_int_equal(n, 3);
	assert_true(l[0].width == 4.0);
	assert_int_equal(l[1].start, strlen("一二三四"));
	assert_int_equal(l[1].end, strlen("一二三四五六七"));
	assert_true(l[1].width == 3.0);
	assert_int_equal(l[2].start, strlen("一二三四五六七 "));
	assert_true(l[2].width == 1.0);
	free(l);
}

/* The text of line i of l as a new string. */
static char *
line_str(const char *t, const struct tb_line *l, size_t i)
{
	return xstrndup(t + l[i].start, l[i].end - l[i].start);
}

/* Breaks t to width max with opts and compares the lines, joined by '|',
 * with want. */
static void
expect_lines(const char *t, double max, double indent,
    const struct tb_opts *opts, const char *want)
{
	struct tb_line *l;
	size_t n = textbreak_opt(t, strlen(t), max, indent, measure, NULL,
	    opts, &l), i;
	struct buf b = {0};

	check_invariants(t, strlen(t), max, indent, l, n);
	for (i = 0; i < n; i++) {
		char *s = line_str(t, l, i);

		if (i > 0)
			buf_addc(&b, '|');
		buf_adds(&b, s);
		free(s);
	}
	if (strcmp(b.s ? b.s : "", want) != 0)
		fail_msg("\"%s\" at %g: got \"%s\", want \"%s\"", t, max,
		    b.s ? b.s : "", want);
	buf_free(&b);
	free(l);
}

static void
test_whole_words(void **state)
{
	(void)state;
	/* 党支部 moves down whole rather than leaving 部 alone. */
	expect_lines("一二三四五党支部", 7, 0, NULL, "一二三四五|党支部");
	expect_lines("一二三四五六党支部", 7, 0, NULL, "一二三四五六|党支部");
	expect_lines("一二三四党总支书记", 6, 0, NULL, "一二三四|党总支书记");
	expect_lines("一二三四五党委会", 6, 0, NULL, "一二三四五|党委会");
	expect_lines("一二三四五党小组", 7, 0, NULL, "一二三四五|党小组");
	/* A word longer than the line is still broken. */
	expect_lines("党支部", 2, 0, NULL, "党支|部");
}

static void
test_units(void **state)
{
	(void)state;
	/* 95.50分: 2.5 + 1 wide, never split. */
	expect_lines("一二三四95.50分", 6, 0, NULL, "一二三四|95.50分");
	expect_lines("一二三四扣1分", 6, 0, NULL, "一二三四|扣1分");
	expect_lines("一二三四五（失2.13分）", 8, 0, NULL,
	    "一二三四五|（失2.13分）");
	expect_lines("一二三四五2025年", 7, 0, NULL, "一二三四五|2025年");
	expect_lines("一二三四五12次", 6, 0, NULL, "一二三四五|12次");
	expect_lines("一二三四五−0.43", 6, 0, NULL, "一二三四五|−0.43");
	expect_lines("一二三四五100.0%", 7, 0, NULL, "一二三四五|100.0%");
}

static void
test_short_last(void **state)
{
	struct tb_opts o = {.no_short_last = true};

	(void)state;
	/* 10 characters at 8: greedy leaves 2; pull one down. */
	expect_lines("一二三四五六七八九十", 8, 0, &o, "一二三四五六七|八九十");
	expect_lines("一二三四五六七八九", 8, 0, &o, "一二三四五六|七八九");
	/* Off: greedy. */
	expect_lines("一二三四五六七八九", 8, 0, NULL, "一二三四五六七八|九");
	/* A mark counts: 换届。 */
	expect_lines("一二三四五六七换届。", 8, 0, &o, "一二三四五六七|换届。");
	/* The line before keeps at least four characters. */
	expect_lines("一二三四五", 4, 0, &o, "一二三四|五");
	/* Three or more: nothing to do. */
	expect_lines("一二三四五六七八九十一", 8, 0, &o,
	    "一二三四五六七八|九十一");
}

static void
test_prefer_words(void **state)
{
	struct tb_opts o = {.prefer_words = true};

	(void)state;
	expect_lines("华东检修公司物资供应部党支部", 9, 0, &o,
	    "华东检修公司|物资供应部党支部");
	expect_lines("华东检修公司物资供应部党支部", 9, 0, NULL,
	    "华东检修公司物资供|应部党支部");
	expect_lines("华东研究院动力车间党支部", 9, 0, &o,
	    "华东研究院|动力车间党支部");
	/* Running text (with punctuation) keeps the greedy break. */
	expect_lines("带领党员突击队完成急难险重任务，发挥作用", 16, 0, &o,
	    "带领党员突击队完成急难险重任务，|发挥作用");
}

static void
test_balance(void **state)
{
	struct tb_opts o = {.balance = true};

	(void)state;
	/* Two lines broken before 和 rather than filled greedily. */
	expect_lines("关于表彰2025年度先进党支部和优秀党务工作者的决定", 20, 0,
	    &o, "关于表彰2025年度先进党支部|和优秀党务工作者的决定");
	expect_lines("关于表彰2025年度先进党支部和优秀党务工作者的决定", 20, 0,
	    NULL, "关于表彰2025年度先进党支部和优秀党务工作|者的决定");
	/* Fits: one line. */
	expect_lines("关于表彰的决定", 20, 0, &o, "关于表彰的决定");
	/* Three balanced lines of 5, not 7 + 7 + 1. */
	expect_lines("一二三四五六七八九十一二三四五", 7, 0, &o,
	    "一二三四五|六七八九十|一二三四五");
	/* Never splits a word: 党支部 stays whole. */
	expect_lines("一二三党支部五六", 4, 0, &o, "一二三|党支部|五六");
}

static void
test_widths_minmax(void **state)
{
	double mn, mx;

	(void)state;
	textbreak_widths("华东党支部", strlen("华东党支部"), measure, NULL,
	    &mn, &mx);
	assert_true(mn == 3.0 && mx == 5.0);
	textbreak_widths("得分95.50分\n一", strlen("得分95.50分\n一"), measure,
	    NULL, &mn, &mx);
	assert_true(mn == 3.5 && mx == 5.5);
	textbreak_widths("", 0, measure, NULL, &mn, &mx);
	assert_true(mn == 0 && mx == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_no_line_start),
		cmocka_unit_test(test_no_line_end),
		cmocka_unit_test(test_squeeze),
		cmocka_unit_test(test_digit_run),
		cmocka_unit_test(test_bracketed_year),
		cmocka_unit_test(test_latin_word),
		cmocka_unit_test(test_dash_ellipsis),
		cmocka_unit_test(test_hard_breaks),
		cmocka_unit_test(test_first_indent),
		cmocka_unit_test(test_long_run),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_big_paragraph),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_whole_words),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_short_last),
		cmocka_unit_test(test_prefer_words),
		cmocka_unit_test(test_widths_minmax),
		cmocka_unit_test(test_balance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
