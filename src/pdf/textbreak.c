/* textbreak.c: greedy breaking of Chinese and Latin text into lines. */
#include "pdf/textbreak.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>

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

/*
 * Words never split between lines (a line breaks before or after them).
 * Add a word anywhere; overlapping words are fine.
 */
static const char32_t *const whole_words[] = {
	U"党支部", U"党总支", U"党小组", U"党组织", U"党委", U"党组",
	U"党员", U"党课", U"党建", U"支部", U"支委", U"总支", U"委员会",
	U"纪委", U"团支部", U"团委", U"工会",
};

/*
 * Word boundaries a ragged line prefers to break at (tb_opts.prefer_words):
 * before the party unit that ends a branch's name, and after the suffix of
 * a unit's name when a Han character follows.
 */
static const char32_t *const break_before[] = {
	U"党支部", U"党总支", U"党委", U"党小组", U"党组织", U"团支部",
};
static const char32_t *const break_after[] = {
	U"公司", U"集团", U"中心", U"车间", U"机关", U"院", U"厂", U"局",
	U"室", U"班", U"队", U"科",
};

/*
 * Units that stay with the number before them (95.50分, 2025年, 12次) and
 * prefixes that stay with the number after them (扣1分, 失2.13分, 第3名,
 * −0.43).  Add a code point in order.
 */
static const struct cp_range units[] = {
	{0x0025, 0x0025},	/* % */
	{0x2030, 0x2030},	/* ‰ */
	{0x4E07, 0x4E07},	/* 万 */
	{0x4E2A, 0x4E2A},	/* 个 */
	{0x4EBA, 0x4EBA},	/* 人 */
	{0x4EBF, 0x4EBF},	/* 亿 */
	{0x4EF6, 0x4EF6},	/* 件 */
	{0x4F4D, 0x4F4D},	/* 位 */
	{0x500D, 0x500D},	/* 倍 */
	{0x5143, 0x5143},	/* 元 */
	{0x5206, 0x5206},	/* 分 */
	{0x53F7, 0x53F7},	/* 号 */
	{0x540D, 0x540D},	/* 名 */
	{0x5468, 0x5468},	/* 周 */
	{0x573A, 0x573A},	/* 场 */
	{0x5929, 0x5929},	/* 天 */
	{0x5BB6, 0x5BB6},	/* 家 */
	{0x5C4A, 0x5C4A},	/* 届 */
	{0x5C81, 0x5C81},	/* 岁 */
	{0x5E74, 0x5E74},	/* 年 */
	{0x65E5, 0x65E5},	/* 日 */
	{0x65F6, 0x65F6},	/* 时 */
	{0x6708, 0x6708},	/* 月 */
	{0x671F, 0x671F},	/* 期 */
	{0x6761, 0x6761},	/* 条 */
	{0x6B21, 0x6B21},	/* 次 */
	{0x79CD, 0x79CD},	/* 种 */
	{0x7BC7, 0x7BC7},	/* 篇 */
	{0x9875, 0x9875},	/* 页 */
	{0x9879, 0x9879},	/* 项 */
	{0xFF05, 0xFF05},	/* ％ */
};
static const struct cp_range prefixes[] = {
	{0x00B1, 0x00B1},	/* ± */
	{0x2212, 0x2212},	/* − */
	{0x5171, 0x5171},	/* 共 */
	{0x51CF, 0x51CF},	/* 减 */
	{0x52A0, 0x52A0},	/* 加 */
	{0x5931, 0x5931},	/* 失 */
	{0x5DEE, 0x5DEE},	/* 差 */
	{0x5F97, 0x5F97},	/* 得 */
	{0x6263, 0x6263},	/* 扣 */
	{0x6BCF, 0x6BCF},	/* 每 */
	{0x6EE1, 0x6EE1},	/* 满 */
	{0x7B2C, 0x7B2C},	/* 第 */
	{0x7EA6, 0x7EA6},	/* 约 */
	{0x8BA1, 0x8BA1},	/* 计 */
	{0x8D85, 0x8D85},	/* 超 */
	{0x8FD1, 0x8FD1},	/* 近 */
	{0xFF0D, 0xFF0D},	/* － */
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

static void word_first_init(void);

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
	check_table(units, ARRAY_LEN(units), "units");
	check_table(prefixes, ARRAY_LEN(prefixes), "prefixes");
	word_first_init();
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
	char *pref;    /* pref[i]: ... and that is a word boundary */
	size_t cap_cp, cap_off, cap_w, cap_brk, cap_pref;
	struct tb_opts opts;
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

/* Whether cp is a Han character of the URO (U+4E00-U+9FFF): in no table
 * of kinsoku marks, doubled marks, letters or separators (the common
 * case, answered without a search). */
static bool
is_uro(uint32_t cp)
{
	return cp >= 0x4E00 && cp <= 0x9FFF;
}

/* Whether a break between cp[i] and cp[i + 1] splits a number, a word or a
 * doubled mark. */
static bool
glued(const struct para *p, size_t i)
{
	uint32_t a = p->cp[i], b = p->cp[i + 1];

	if (is_uro(a) && is_uro(b))
		return false;

	if (a == b && IN(doubled, a))
		return true;
	if (IN(word_chars, a) && IN(word_chars, b))
		return true;
	if (is_digit(a) && IN(num_seps, b) && i + 2 < p->n &&
	    is_digit(p->cp[i + 2]))
		return true;
	if (IN(num_seps, a) && is_digit(b) && i > 0 && is_digit(p->cp[i - 1]))
		return true;
	if (is_digit(a) && IN(units, b))
		return true;
	if (IN(prefixes, a) && (is_digit(b) || (b == '.' && i + 2 < p->n &&
	    is_digit(p->cp[i + 2]))))
		return true;
	return false;
}

/* Length of word w when it occurs at character i, else 0. */
static size_t
word_at(const struct para *p, size_t i, const char32_t *w)
{
	size_t k;

	for (k = 0; w[k] != 0; k++)
		if (i + k >= p->n || p->cp[i + k] != (uint32_t)w[k])
			return 0;
	return k;
}

static bool
is_han(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 &&
	    cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The first characters of the words of the tables above, sorted (made
 * once by init()): most characters start no word. */
static uint32_t word_first[ARRAY_LEN(whole_words) + ARRAY_LEN(break_before) +
    ARRAY_LEN(break_after)];
static size_t nword_first;

static int
cp_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
word_first_init(void)
{
	const char32_t *const *t[3] = {whole_words, break_before, break_after};
	size_t n[3] = {ARRAY_LEN(whole_words), ARRAY_LEN(break_before),
	    ARRAY_LEN(break_after)}, i, j;

	for (i = 0; i < 3; i++)
		for (j = 0; j < n[i]; j++)
			word_first[nword_first++] = (uint32_t)t[i][j][0];
	qsort(word_first, nword_first, sizeof *word_first, cp_cmp);
}

static bool
starts_word(uint32_t cp)
{
	return bsearch(&cp, word_first, nword_first, sizeof *word_first,
	    cp_cmp) != NULL;
}

/* Clears opportunities inside the words never split; marks word
 * boundaries in p->pref. */
static void
para_words(struct para *p)
{
	size_t i, j, k, len;

	xgrow(&p->pref, &p->cap_pref, p->n, 1);
	memset(p->pref, 0, p->n);
	for (i = 0; i < p->n; i++) {
		if (!is_han(p->cp[i]) || !starts_word(p->cp[i]))
			continue;
		for (j = 0; j < ARRAY_LEN(whole_words); j++)
			if ((len = word_at(p, i, whole_words[j])) > 1)
				for (k = i; k + 1 < i + len; k++)
					p->brk[k] = 0;
		if (!p->opts.prefer_words)
			continue;
		for (j = 0; i > 0 && j < ARRAY_LEN(break_before); j++)
			if (word_at(p, i, break_before[j]) > 0 &&
			    is_han(p->cp[i - 1]))
				p->pref[i - 1] = 1;
		for (j = 0; j < ARRAY_LEN(break_after); j++)
			if ((len = word_at(p, i, break_after[j])) > 0 &&
			    i + len < p->n && is_han(p->cp[i + len]) && i >= 2)
				p->pref[i + len - 1] = 1;
	}
	for (i = 0; i < p->n; i++)
		p->pref[i] = p->pref[i] && p->brk[i];
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
		if (have_ns && !is_uro(p->cp[ns]) && IN(no_end, p->cp[ns]))
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
		if (have_ns && !is_uro(p->cp[ns]) &&
		    IN(no_start, p->cp[ns]))
			p->brk[i - 1] = 0;
	}
	para_words(p);
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
	size_t lastp = 0, lastp_end = 0;
	bool content = false, have_b = false, have_p = false;
	double wsum = 0, extra, half, wp = 0, wb = 0;

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
			wb = wsum;
		}
		if (content && p->brk[i] && p->pref[i]) {
			have_p = true;
			lastp = i;
			lastp_end = *end;
			wp = wsum;
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

	/* A name (no punctuation) whose rest fits two lines: the word
	 * boundary that balances them, when clearly better than greedy. */
	if (have_p && p->opts.prefer_words) {
		double total = wsum, run = 0, best = -1, w2, greedy;
		size_t bj = 0, be = 0;
		bool name = true;

		for (j = i; j < n; j++)
			total += p->w[j];
		for (j = s; j < n && name; j++)
			name = !IN(no_start, p->cp[j]) && !IN(no_end, p->cp[j]);
		greedy = have_b ? (wb > total - wb ? wb : total - wb) : total;
		for (j = s; name && j < i && total <= 2 * avail + WIDTH_EPS;
		    j++) {
			run += p->w[j];
			if (!p->brk[j] || !p->pref[j] || is_space(p->cp[j]))
				continue;
			w2 = total - run;
			if (w2 > avail + WIDTH_EPS)
				continue;
			if (best < 0 || (run > w2 ? run : w2) < best) {
				best = run > w2 ? run : w2;
				bj = j;
				be = j + 1;
			}
		}
		if (best >= 0 && best < greedy - avail / 8) {
			*end = be;
			return bj + 1;
		}
	}

	/* A word boundary that keeps half the line. */
	if (have_p && p->opts.prefer_words && wp >= avail / 2) {
		*end = lastp_end;
		return lastp + 1;
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

/* Characters of the paragraph that are not spaces in [a, b). */
static size_t
count_ink(const struct para *p, size_t a, size_t b)
{
	size_t n = 0;

	for (; a < b; a++)
		n += !is_space(p->cp[a]);
	return n;
}

/* Sum of advances of [a, b). */
static double
span_w(const struct para *p, size_t a, size_t b)
{
	double w = 0;

	for (; a < b; a++)
		w += p->w[a];
	return w;
}

/* A line of a paragraph being broken: characters [s, end), the next line
 * starting at next. */
struct pline {
	size_t s, end, next;
};

/*
 * The last line (ln[m - 1]) holds one or two characters: pull characters
 * down from the line before, at most SHORT_PULL, breaking at an
 * opportunity, so that the last line holds at least three and the line
 * before keeps at least four; the latest such break.
 */
#define SHORT_PULL 3
static void
fix_short_last(const struct para *p, struct pline *ln, size_t m,
    double max_width)
{
	struct pline *a = &ln[m - 2], *z = &ln[m - 1];
	size_t last = count_ink(p, z->s, z->end), j, moved, e;

	if (last == 0 || last > 2)
		return;
	for (j = a->end; j > a->s + 1; j--) {
		moved = count_ink(p, j - 1, a->end);
		if (moved > SHORT_PULL)
			return;
		if (!p->brk[j - 2] || is_space(p->cp[j - 1]))
			continue;
		if (splits_pair(p, a->s, j - 1))
			continue;
		if (last + moved < 3 || count_ink(p, a->s, j - 1) < 4)
			continue;
		if (span_w(p, j - 1, z->end) > max_width + WIDTH_EPS)
			return;
		for (e = j - 1; e > a->s && is_space(p->cp[e - 1]); e--)
			;
		a->end = e;
		a->next = j - 1;
		z->s = j - 1;
		return;
	}
}

/* Conjunctions before which a balanced line is best broken. */
static const uint32_t balance_before[] = {
	0x548C, /* 和 */
	0x4E0E, /* 与 */
	0x53CA, /* 及 */
	0x66A8, /* 暨 */
};
#define BALANCE_CHARS 400 /* longer paragraphs are broken greedily */

/*
 * Balanced lines: the fewest L lines no wider than max_width (the first
 * less the indent) for which some breaks exist, then the breaks that
 * minimise the sum of squared differences from the mean width, less a
 * bonus of 4 em² for each break before a conjunction.  Returns the count
 * of lines stored in ln (starts and ends), or 0 when there is no such
 * set of breaks.
 */
static size_t
balance_lines(const struct para *p, double max_width, double first_indent,
    struct pline *ln)
{
	size_t n = p->n, i, j, k, L, nl, *from, best = 0;
	double *x, *cost, total, target, em = 0;
	bool *ok;

	if (n < 2 || n > BALANCE_CHARS)
		return 0;
	x = xcalloc(n + 1, sizeof *x);
	ok = xcalloc(n + 1, sizeof *ok);
	for (i = 0; i < n; i++) {
		x[i + 1] = x[i] + p->w[i];
		if (p->w[i] > em)
			em = p->w[i];
	}
	total = x[n];
	ok[0] = ok[n] = true;
	for (i = 1; i < n; i++)
		ok[i] = p->brk[i - 1] && !is_space(p->cp[i]) &&
		    !is_space(p->cp[i - 1]);
	cost = xmalloc((TB_BALANCE_MAX + 1) * (n + 1) * sizeof *cost);
	from = xcalloc((TB_BALANCE_MAX + 1) * (n + 1), sizeof *from);
	for (L = 1; L <= TB_BALANCE_MAX && best == 0; L++) {
		target = total / (double)L;
		for (i = 0; i < (TB_BALANCE_MAX + 1) * (n + 1); i++)
			cost[i] = -1;
		cost[0] = 0;
		for (nl = 1; nl <= L; nl++)
			for (i = 1; i <= n; i++) {
				if (!ok[i] || (nl == L) != (i == n))
					continue;
				for (j = 0; j < i; j++) {
					double prev = cost[(nl - 1) * (n + 1) + j];
					double w = x[i] - x[j], c;
					double room = nl == 1 ? max_width -
					    first_indent : max_width;

					if (prev < 0 || w > room + WIDTH_EPS)
						continue;
					c = prev + (w - target) * (w - target);
					for (k = 0; i < n && k < ARRAY_LEN(
					    balance_before); k++)
						if (p->cp[i] == balance_before[k])
							c -= 4 * em * em;
					c += 1e6; /* costs stay positive */
					if (cost[nl * (n + 1) + i] < 0 ||
					    c < cost[nl * (n + 1) + i]) {
						cost[nl * (n + 1) + i] = c;
						from[nl * (n + 1) + i] = j;
					}
				}
			}
		if (cost[L * (n + 1) + n] >= 0) {
			j = n;
			for (nl = L; nl > 0; nl--) {
				i = j;
				j = from[nl * (n + 1) + i];
				ln[nl - 1].s = j;
				ln[nl - 1].end = i;
				ln[nl - 1].next = i;
			}
			best = L;
		}
	}
	free(x);
	free(ok);
	free(cost);
	free(from);
	return best;
}

/* Breaks one paragraph into lines appended to o. */
static void
para_lines(const struct para *p, struct out *o, double max_width,
    double first_indent)
{
	struct pline *ln = NULL;
	size_t s = 0, next, end, m = 0, cap = 0, i;
	bool first = o->n == 0;

	if (p->n == 0) {
		out_add(o, p->off[0], p->off[0], 0, true);
		return;
	}
	if (p->opts.balance) {
		ln = xcalloc(TB_BALANCE_MAX, sizeof *ln);
		m = balance_lines(p, max_width, first ? first_indent : 0, ln);
		cap = TB_BALANCE_MAX;
		s = m > 0 ? p->n : 0;
	}
	while (s < p->n) {
		double avail = first && m == 0 ? max_width - first_indent :
		    max_width;

		next = fit_line(p, s, avail, &end);
		/* A soft line start skips spaces. */
		while (next < p->n && is_space(p->cp[next]))
			next++;
		xgrow(&ln, &cap, m + 1, sizeof *ln);
		ln[m].s = s;
		ln[m].end = end;
		ln[m].next = next;
		m++;
		s = next;
	}
	if (p->opts.no_short_last && !p->opts.balance && m >= 2)
		fix_short_last(p, ln, m, max_width);
	for (i = 0; i < m; i++)
		out_add(o, p->off[ln[i].s], ln[i].end > ln[i].s ?
		    p->off[ln[i].end] : p->off[ln[i].s],
		    span_w(p, ln[i].s, ln[i].end), ln[i].next >= p->n);
	free(ln);
}

/* Breaks text paragraph by paragraph (see textbreak.h); the caller frees
 * *lines.  Each character is measured once; time and memory are linear. */
size_t
textbreak(const char *text, size_t len, double max_width,
    double first_indent, tb_measure_fn measure, void *ctx,
    struct tb_line **lines)
{
	return textbreak_opt(text, len, max_width, first_indent, measure, ctx,
	    NULL, lines);
}

size_t
textbreak_opt(const char *text, size_t len, double max_width,
    double first_indent, tb_measure_fn measure, void *ctx,
    const struct tb_opts *opts, struct tb_line **lines)
{
	struct para p = {0};
	struct out o = {0};
	size_t pos = 0;

	ensure_init();
	if (opts != NULL)
		p.opts = *opts;
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
	free(p.pref);
	*lines = o.v;
	return o.n;
}

void
textbreak_widths(const char *text, size_t len, tb_measure_fn measure,
    void *ctx, double *min_w, double *max_w)
{
	struct para p = {0};
	size_t pos = 0, i;

	ensure_init();
	*min_w = *max_w = 0;
	if (text == NULL)
		len = 0;
	do {
		double piece = 0, line = 0, ink = 0;

		pos = para_read(&p, text, len, pos, measure, ctx);
		if (p.n == 0)
			continue;
		para_breaks(&p);
		for (i = 0; i < p.n; i++) {
			line += p.w[i];
			if (is_space(p.cp[i])) {
				piece += p.w[i];
			} else {
				piece += p.w[i];
				ink = piece;
			}
			if (ink > *min_w)
				*min_w = ink;
			if (p.brk[i])
				piece = ink = 0;
		}
		if (line > *max_w)
			*max_w = line;
	} while (pos < len);
	free(p.cp);
	free(p.off);
	free(p.w);
	free(p.brk);
	free(p.pref);
}
