/* textbreak.c: greedy breaking of Chinese and Latin text into lines. */
#include "pdf/textbreak.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "util.h"

/*
 * How a paragraph (text between hard breaks) is broken:
 *
 * 1. Break opportunities come from libunibreak (UAX #14, language "zh").
 * 2. Kinsoku (clreq, GB/T 15834, Office zh-CN lists) removes an opportunity
 *    when the next line would start with a no_line_start character or this
 *    line would end with a no_line_end one (spaces at the break ignored).
 * 3. Glue removes opportunities inside digit runs and Latin words and between
 *    the two halves of —— and …….
 * 4. Lines are filled greedily.  When a character does not fit:
 *    a. Squeeze: if it and up to HANG_MAX following characters are closing
 *       marks from the hangable table, they are pulled up onto the line when
 *       the overflow is at most half their total width (a full-width mark is
 *       half blank, so it can be set half width), and a break is allowed
 *       right after them.  The line's width then exceeds the available
 *       width by at most that half.
 *    b. Else the line breaks at its last opportunity; because of step 2 this
 *       pushes the last character down together with a no-start mark.
 *    c. Else (one run longer than the line) it is broken between characters,
 *       preferring, within EMERGENCY_BACK characters, a point that does not
 *       break a kinsoku rule; at least one character goes on each line.
 */

/* Pulled-up closing marks per line at most (。」 or ？！」). */
#define HANG_MAX 3
/* How far an emergency break looks back for a kinsoku-clean point. */
#define EMERGENCY_BACK 8
/* Tolerance of width comparisons, relative to the unit. */
#define WIDTH_EPS 1e-9

/* A closed range of code points. */
struct cp_range {
	uint32_t lo, hi;
};

/*
 * Characters that may not start a line: Office zh-CN "no first characters"
 * plus clreq additions (—, ⸺, 〙〛, small kana, iteration marks, small and
 * vertical forms).  Ranges sorted by lo and disjoint (checked on first use):
 * to add a character, insert {cp, cp} in order or widen a neighbour.
 */
static const struct cp_range no_start[] = {
	{0x0021, 0x0021},	/* ! */
	{0x0025, 0x0025},	/* % */
	{0x0029, 0x0029},	/* ) */
	{0x002C, 0x002C},	/* , */
	{0x002E, 0x002E},	/* . */
	{0x003A, 0x003B},	/* : ; */
	{0x003F, 0x003F},	/* ? */
	{0x005D, 0x005D},	/* ] */
	{0x007D, 0x007D},	/* } */
	{0x00A2, 0x00A2},	/* ¢ */
	{0x00B0, 0x00B0},	/* ° */
	{0x00B7, 0x00B7},	/* · */
	{0x02C7, 0x02C7},	/* ˇ */
	{0x02C9, 0x02C9},	/* ˉ */
	{0x2014, 0x2016},	/* — ― ‖ */
	{0x2019, 0x2019},	/* ’ */
	{0x201D, 0x201D},	/* ” */
	{0x2026, 0x2026},	/* … */
	{0x2030, 0x2030},	/* ‰ */
	{0x2032, 0x2033},	/* ′ ″ */
	{0x203A, 0x203A},	/* › */
	{0x203C, 0x203C},	/* ‼ */
	{0x2047, 0x2049},	/* ⁇ ⁈ ⁉ */
	{0x2103, 0x2103},	/* ℃ */
	{0x2109, 0x2109},	/* ℉ */
	{0x2236, 0x2236},	/* ∶ */
	{0x22EF, 0x22EF},	/* ⋯ */
	{0x2986, 0x2986},	/* ⦆ */
	{0x2E3A, 0x2E3B},	/* ⸺ ⸻ */
	{0x3001, 0x3003},	/* 、。〃 */
	{0x3005, 0x3005},	/* 々 */
	{0x3009, 0x3009},	/* 〉 */
	{0x300B, 0x300B},	/* 》 */
	{0x300D, 0x300D},	/* 」 */
	{0x300F, 0x300F},	/* 』 */
	{0x3011, 0x3011},	/* 】 */
	{0x3015, 0x3015},	/* 〕 */
	{0x3017, 0x3017},	/* 〗 */
	{0x3019, 0x3019},	/* 〙 */
	{0x301B, 0x301C},	/* 〛 〜 */
	{0x301E, 0x301F},	/* 〞 〟 */
	{0x303B, 0x303B},	/* 〻 */
	{0x3041, 0x3041},	/* ぁ */
	{0x3043, 0x3043},	/* ぃ */
	{0x3045, 0x3045},	/* ぅ */
	{0x3047, 0x3047},	/* ぇ */
	{0x3049, 0x3049},	/* ぉ */
	{0x3063, 0x3063},	/* っ */
	{0x3083, 0x3083},	/* ゃ */
	{0x3085, 0x3085},	/* ゅ */
	{0x3087, 0x3087},	/* ょ */
	{0x308E, 0x308E},	/* ゎ */
	{0x3095, 0x3096},	/* ゕ ゖ */
	{0x309D, 0x309E},	/* ゝ ゞ */
	{0x30A1, 0x30A1},	/* ァ */
	{0x30A3, 0x30A3},	/* ィ */
	{0x30A5, 0x30A5},	/* ゥ */
	{0x30A7, 0x30A7},	/* ェ */
	{0x30A9, 0x30A9},	/* ォ */
	{0x30C3, 0x30C3},	/* ッ */
	{0x30E3, 0x30E3},	/* ャ */
	{0x30E5, 0x30E5},	/* ュ */
	{0x30E7, 0x30E7},	/* ョ */
	{0x30EE, 0x30EE},	/* ヮ */
	{0x30F5, 0x30F6},	/* ヵ ヶ */
	{0x30FB, 0x30FE},	/* ・ ー ヽ ヾ */
	{0x31F0, 0x31FF},	/* ㇰ … ㇿ (small katakana) */
	{0xFE10, 0xFE16},	/* vertical ︐ … ︖ */
	{0xFE18, 0xFE19},	/* vertical ︘ ︙ */
	{0xFE36, 0xFE36},	/* ︶ */
	{0xFE3A, 0xFE3A},	/* ︺ */
	{0xFE3E, 0xFE3E},	/* ︾ */
	{0xFE40, 0xFE40},	/* ﹀ */
	{0xFE44, 0xFE44},	/* ﹄ */
	{0xFE50, 0xFE52},	/* ﹐ ﹑ ﹒ */
	{0xFE54, 0xFE57},	/* ﹔ ﹕ ﹖ ﹗ */
	{0xFE5A, 0xFE5A},	/* ﹚ */
	{0xFE5C, 0xFE5C},	/* ﹜ */
	{0xFE5E, 0xFE5E},	/* ﹞ */
	{0xFF01, 0xFF02},	/* ！ ＂ */
	{0xFF05, 0xFF05},	/* ％ */
	{0xFF07, 0xFF07},	/* ＇ */
	{0xFF09, 0xFF09},	/* ） */
	{0xFF0C, 0xFF0C},	/* ， */
	{0xFF0E, 0xFF0E},	/* ． */
	{0xFF1A, 0xFF1B},	/* ： ； */
	{0xFF1F, 0xFF1F},	/* ？ */
	{0xFF3D, 0xFF3D},	/* ］ */
	{0xFF40, 0xFF40},	/* ｀ */
	{0xFF5C, 0xFF5E},	/* ｜ ｝ ～ */
	{0xFF60, 0xFF61},	/* ｠ ｡ */
	{0xFF63, 0xFF65},	/* ｣ ､ ･ */
	{0xFF70, 0xFF70},	/* ｰ */
	{0xFFE0, 0xFFE0},	/* ￠ */
};

/*
 * Characters that may not end a line: Office zh-CN "no last characters" plus
 * ‹ € 〘 〚 ⦅ ｟ ｢ and the vertical opening forms.  Same ordering rule as
 * no_start: insert {cp, cp} in order.
 */
static const struct cp_range no_end[] = {
	{0x0024, 0x0024},	/* $ */
	{0x0028, 0x0028},	/* ( */
	{0x005B, 0x005B},	/* [ */
	{0x007B, 0x007B},	/* { */
	{0x00A3, 0x00A3},	/* £ */
	{0x00A5, 0x00A5},	/* ¥ */
	{0x00B7, 0x00B7},	/* · */
	{0x2018, 0x2018},	/* ‘ */
	{0x201C, 0x201C},	/* “ */
	{0x2039, 0x2039},	/* ‹ */
	{0x20AC, 0x20AC},	/* € */
	{0x2985, 0x2985},	/* ⦅ */
	{0x3008, 0x3008},	/* 〈 */
	{0x300A, 0x300A},	/* 《 */
	{0x300C, 0x300C},	/* 「 */
	{0x300E, 0x300E},	/* 『 */
	{0x3010, 0x3010},	/* 【 */
	{0x3014, 0x3014},	/* 〔 */
	{0x3016, 0x3016},	/* 〖 */
	{0x3018, 0x3018},	/* 〘 */
	{0x301A, 0x301A},	/* 〚 */
	{0x301D, 0x301D},	/* 〝 */
	{0xFE35, 0xFE35},	/* ︵ */
	{0xFE37, 0xFE37},	/* ︷ */
	{0xFE39, 0xFE39},	/* ︹ */
	{0xFE3D, 0xFE3D},	/* ︽ */
	{0xFE3F, 0xFE3F},	/* ︿ */
	{0xFE43, 0xFE43},	/* ﹃ */
	{0xFE59, 0xFE59},	/* ﹙ */
	{0xFE5B, 0xFE5B},	/* ﹛ */
	{0xFE5D, 0xFE5D},	/* ﹝ */
	{0xFF04, 0xFF04},	/* ＄ */
	{0xFF08, 0xFF08},	/* （ */
	{0xFF0E, 0xFF0E},	/* ． */
	{0xFF3B, 0xFF3B},	/* ［ */
	{0xFF5B, 0xFF5B},	/* ｛ */
	{0xFF5F, 0xFF5F},	/* ｟ */
	{0xFF62, 0xFF62},	/* ｢ */
	{0xFFE1, 0xFFE1},	/* ￡ */
	{0xFFE5, 0xFFE6},	/* ￥ ￦ */
};

/*
 * Full-width closing marks whose glyph is half blank, so that they may be
 * set half width when pulled up onto a full line (the squeeze).  Each must
 * also be in no_start.  Same ordering rule: insert {cp, cp} in order.
 */
static const struct cp_range hangable[] = {
	{0x2019, 0x2019},	/* ’ */
	{0x201D, 0x201D},	/* ” */
	{0x3001, 0x3002},	/* 、。 */
	{0x3009, 0x3009},	/* 〉 */
	{0x300B, 0x300B},	/* 》 */
	{0x300D, 0x300D},	/* 」 */
	{0x300F, 0x300F},	/* 』 */
	{0x3011, 0x3011},	/* 】 */
	{0x3015, 0x3015},	/* 〕 */
	{0x3017, 0x3017},	/* 〗 */
	{0x3019, 0x3019},	/* 〙 */
	{0x301B, 0x301B},	/* 〛 */
	{0x301E, 0x301F},	/* 〞 〟 */
	{0xFF01, 0xFF01},	/* ！ */
	{0xFF09, 0xFF09},	/* ） */
	{0xFF0C, 0xFF0C},	/* ， */
	{0xFF0E, 0xFF0E},	/* ． */
	{0xFF1A, 0xFF1B},	/* ： ； */
	{0xFF1F, 0xFF1F},	/* ？ */
	{0xFF3D, 0xFF3D},	/* ］ */
	{0xFF5D, 0xFF5D},	/* ｝ */
	{0xFF60, 0xFF60},	/* ｠ */
};

/*
 * Marks written doubled that are never split between their two halves:
 * —— (two-em dash), ―― and …… (ellipsis).  Add a code point in order.
 */
static const struct cp_range doubled[] = {
	{0x2014, 0x2015},	/* — ― */
	{0x2026, 0x2026},	/* … */
	{0x22EF, 0x22EF},	/* ⋯ */
	{0x2E3A, 0x2E3B},	/* ⸺ ⸻ */
};

/*
 * Letters and digits of words and numbers that are not split: between two
 * of these there is never a break.  Add a range in order.
 */
static const struct cp_range word_chars[] = {
	{0x0030, 0x0039},	/* 0-9 */
	{0x0041, 0x005A},	/* A-Z */
	{0x0061, 0x007A},	/* a-z */
	{0x00AA, 0x00AA},	/* ª */
	{0x00B5, 0x00B5},	/* µ */
	{0x00BA, 0x00BA},	/* º */
	{0x00C0, 0x00D6},	/* Latin-1 letters */
	{0x00D8, 0x00F6},
	{0x00F8, 0x024F},	/* ... Latin Extended-A and -B */
	{0x0300, 0x036F},	/* combining diacritics */
	{0x0370, 0x03FF},	/* Greek */
	{0x0400, 0x052F},	/* Cyrillic */
	{0x1E00, 0x1EFF},	/* Latin Extended Additional */
	{0xFF10, 0xFF19},	/* ０-９ */
	{0xFF21, 0xFF3A},	/* Ａ-Ｚ */
	{0xFF41, 0xFF5A},	/* ａ-ｚ */
};

/*
 * Separators inside a number (95.50, 1,000, 12:30): no break on either side
 * when a digit stands on both sides.  Add a range in order.
 */
static const struct cp_range num_seps[] = {
	{0x002C, 0x002C},	/* , */
	{0x002E, 0x002E},	/* . */
	{0x003A, 0x003A},	/* : */
	{0xFF0E, 0xFF0E},	/* ． */
};

/* Whether cp lies in one of the n sorted ranges of t. */
static bool
in_ranges(const struct cp_range *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

#define IN(table, cp) in_ranges((table), ARRAY_LEN(table), (cp))

/* Aborts when a table is not sorted and disjoint (a programming error). */
static void
check_table(const struct cp_range *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].lo > t[i].hi || (i > 0 && t[i].lo <= t[i - 1].hi)) {
			char *what = xasprintf("textbreak: table %s unsorted "
			    "at U+%04X", name, (unsigned)t[i].lo);

			diag_msg(D_INTERNAL, NULL, 0, 0, what);
			diag_flush();
			abort();
		}
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void
init(void)
{
	check_table(no_start, ARRAY_LEN(no_start), "no_start");
	check_table(no_end, ARRAY_LEN(no_end), "no_end");
	check_table(hangable, ARRAY_LEN(hangable), "hangable");
	check_table(doubled, ARRAY_LEN(doubled), "doubled");
	check_table(word_chars, ARRAY_LEN(word_chars), "word_chars");
	check_table(num_seps, ARRAY_LEN(num_seps), "num_seps");
	init_linebreak();
}

/* libunibreak's init_linebreak() fills a global index: run it once. */
static void
ensure_init(void)
{
	pthread_once(&init_once, init);
}

/* Whether cp is in the no_start table. */
bool
tb_no_line_start(uint32_t cp)
{
	ensure_init();
	return IN(no_start, cp);
}

/* Whether cp is in the no_end table. */
bool
tb_no_line_end(uint32_t cp)
{
	ensure_init();
	return IN(no_end, cp);
}

/* Spaces: not counted at a line end, skipped at a soft line start. */
static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000;
}

static bool
is_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* One paragraph: n characters between hard breaks; arrays reused. */
struct para {
	size_t n;
	uint32_t *cp;  /* code points; bad bytes and U+FFFF as U+FFFD */
	size_t *off;   /* byte offset of each character in the text; n + 1 */
	double *w;     /* advance of each character, from the callback */
	char *brk;     /* brk[i]: a line may break after character i */
	size_t cap_cp, cap_off, cap_w, cap_brk;
};

/* The output array being built. */
struct out {
	struct tb_line *v;
	size_t n, cap;
};

/* Reads the paragraph at text[pos], up to a newline or the end; returns the
 * offset after the paragraph's newline (or len). */
static size_t
para_read(struct para *p, const char *text, size_t len, size_t pos,
    tb_measure_fn measure, void *ctx)
{
	p->n = 0;
	while (pos < len && text[pos] != '\n' && text[pos] != '\r') {
		uint32_t c;
		size_t k = utf8_decode(text + pos, len - pos, &c);

		if (k == 0) {
			c = 0xFFFD;
			k = 1;
		}
		xgrow(&p->cp, &p->cap_cp, p->n + 1, sizeof *p->cp);
		xgrow(&p->off, &p->cap_off, p->n + 2, sizeof *p->off);
		xgrow(&p->w, &p->cap_w, p->n + 1, sizeof *p->w);
		p->w[p->n] = measure(c, ctx);
		/* libunibreak takes U+FFFF for its end-of-string marker. */
		p->cp[p->n] = c == 0xFFFF ? 0xFFFD : c;
		p->off[p->n] = pos;
		p->n++;
		pos += k;
	}
	xgrow(&p->off, &p->cap_off, p->n + 1, sizeof *p->off);
	p->off[p->n] = pos;
	if (pos < len && text[pos] == '\r')
		pos++;
	else if (pos < len)
		return pos + 1;
	if (pos < len && text[pos] == '\n')
		pos++;
	return pos;
}

/* Whether a break between cp[i] and cp[i + 1] splits a number, a word or a
 * doubled mark. */
static bool
glued(const struct para *p, size_t i)
{
	uint32_t a = p->cp[i], b = p->cp[i + 1];

	if (a == b && IN(doubled, a))
		return true;
	if (IN(word_chars, a) && IN(word_chars, b))
		return true;
	if (is_digit(a) && IN(num_seps, b) && i + 2 < p->n &&
	    is_digit(p->cp[i + 2]))
		return true;
	if (IN(num_seps, a) && is_digit(b) && i > 0 && is_digit(p->cp[i - 1]))
		return true;
	return false;
}

/* Fills p->brk: UAX #14 opportunities less kinsoku and glue. */
static void
para_breaks(struct para *p)
{
	size_t i, n = p->n, ns;
	bool have_ns;

	xgrow(&p->brk, &p->cap_brk, n, 1);
	set_linebreaks_utf32(p->cp, n, "zh", p->brk);
	for (i = 0; i < n; i++)
		p->brk[i] = p->brk[i] == LINEBREAK_ALLOWBREAK ||
		    p->brk[i] == LINEBREAK_MUSTBREAK;
	p->brk[n - 1] = 0;

	/* The line would end with the last non-space at or before i. */
	have_ns = false;
	ns = 0;
	for (i = 0; i + 1 < n; i++) {
		if (!is_space(p->cp[i])) {
			ns = i;
			have_ns = true;
		}
		if (have_ns && IN(no_end, p->cp[ns]))
			p->brk[i] = 0;
		else if (glued(p, i))
			p->brk[i] = 0;
	}
	/* The next line would start with the first non-space after i. */
	have_ns = false;
	for (i = n - 1; i > 0; i--) {
		if (!is_space(p->cp[i])) {
			ns = i;
			have_ns = true;
		}
		if (have_ns && IN(no_start, p->cp[ns]))
			p->brk[i - 1] = 0;
	}
}

/* Whether a break before character j splits a doubled mark (——, ……): inside
 * a run of one such mark, pairs are counted from the run's start or from the
 * line start s, whichever is later. */
static bool
splits_pair(const struct para *p, size_t s, size_t j)
{
	size_t r = j;

	if (p->cp[j - 1] != p->cp[j] || !IN(doubled, p->cp[j]))
		return false;
	while (r > s && p->cp[r - 1] == p->cp[j])
		r--;
	return (j - r) % 2 == 1;
}

/* Whether an emergency break before character j (s < j) keeps the kinsoku
 * rules (strict) or at least keeps doubled marks whole (!strict). */
static bool
clean_cut(const struct para *p, size_t s, size_t j, bool strict)
{
	size_t e = j;

	if (is_space(p->cp[j]))
		return false;
	if (!strict)
		return !splits_pair(p, s, j);
	if (IN(no_start, p->cp[j]))
		return false;
	while (e > s && is_space(p->cp[e - 1]))
		e--;
	if (e == s || IN(no_end, p->cp[e - 1]))
		return false;
	return !splits_pair(p, s, j);
}

/* Where to break a run too long for any line, overflowing at character i,
 * with content from character first: the latest point within
 * EMERGENCY_BACK characters that keeps the kinsoku rules, else one that
 * keeps doubled marks whole, else just before i. */
static size_t
emergency_cut(const struct para *p, size_t s, size_t first, size_t i)
{
	size_t j;
	int strict;

	for (strict = 1; strict >= 0; strict--)
		for (j = i; j > first && j + EMERGENCY_BACK > i; j--)
			if (clean_cut(p, s, j, strict))
				return j;
	return i;
}

/*
 * Fits one line starting at character s in avail.  Sets *end to one past
 * its last non-space character and returns the index of the character after
 * the break (spaces after it not yet skipped).
 */
static size_t
fit_line(const struct para *p, size_t s, double avail, size_t *end)
{
	size_t i, j, k, n = p->n, first = 0, lastb = 0, lastb_end = 0;
	bool content = false, have_b = false;
	double wsum = 0, extra, half;

	*end = s;
	for (i = s; i < n; i++) {
		if (!is_space(p->cp[i])) {
			if (content && wsum + p->w[i] > avail + WIDTH_EPS)
				break;
			if (!content)
				first = i;
			content = true;
			*end = i + 1;
		}
		wsum += p->w[i];
		if (content && p->brk[i]) {
			have_b = true;
			lastb = i;
			lastb_end = *end;
		}
	}
	if (i == n)
		return n;

	/* Squeeze: pull up closing marks set half width. */
	extra = half = 0;
	for (j = i; j < n && j < i + HANG_MAX && IN(hangable, p->cp[j]); j++) {
		extra += p->w[j];
		half += p->w[j] / 2;
		if (wsum + extra - avail > half + WIDTH_EPS)
			break;
		for (k = j; k + 1 < n && is_space(p->cp[k + 1]); k++)
			;
		if (k + 1 == n || p->brk[k]) {
			*end = j + 1;
			return k + 1;
		}
	}

	/* Push down: break at the last opportunity. */
	if (have_b) {
		*end = lastb_end;
		return lastb + 1;
	}

	/* Emergency: between characters, at least one on the line. */
	j = emergency_cut(p, s, first, i);
	for (*end = j; *end > s && is_space(p->cp[*end - 1]); (*end)--)
		;
	return j;
}

static void
out_add(struct out *o, size_t start, size_t end, double width, bool hard)
{
	xgrow(&o->v, &o->cap, o->n + 1, sizeof *o->v);
	o->v[o->n].start = start;
	o->v[o->n].end = end;
	o->v[o->n].width = width;
	o->v[o->n].hard = hard;
	o->n++;
}

/* Breaks one paragraph into lines appended to o. */
static void
para_lines(const struct para *p, struct out *o, double max_width,
    double first_indent)
{
	size_t s = 0, next, end, i;
	double width;

	if (p->n == 0) {
		out_add(o, p->off[0], p->off[0], 0, true);
		return;
	}
	while (s < p->n) {
		double avail = o->n == 0 ? max_width - first_indent : max_width;

		next = fit_line(p, s, avail, &end);
		width = 0;
		for (i = s; i < end; i++)
			width += p->w[i];
		/* A soft line start skips spaces. */
		while (next < p->n && is_space(p->cp[next]))
			next++;
		out_add(o, p->off[s], end > s ? p->off[end] : p->off[s],
		    width, next >= p->n);
		s = next;
	}
}

/* Breaks text paragraph by paragraph (see textbreak.h); the caller frees
 * *lines.  Each character is measured once; time and memory are linear. */
size_t
textbreak(const char *text, size_t len, double max_width,
    double first_indent, tb_measure_fn measure, void *ctx,
    struct tb_line **lines)
{
	struct para p = {0};
	struct out o = {0};
	size_t pos = 0;

	ensure_init();
	if (text == NULL)
		len = 0;
	do {
		pos = para_read(&p, text, len, pos, measure, ctx);
		if (p.n > 0)
			para_breaks(&p);
		para_lines(&p, &o, max_width, first_indent);
	} while (pos < len);
	free(p.cp);
	free(p.off);
	free(p.w);
	free(p.brk);
	*lines = o.v;
	return o.n;
}
