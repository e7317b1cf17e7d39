/* test_config.c: unit tests of config_load (SPEC sections 3 and 7): the
 * built-in defaults, key-by-key overrides, whole-section replacement,
 * comments, the BOM, weight errors at their lines, unknown settings, and
 * the period and source aliases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ingest/config.h"
#include "diag.h"
#include "util.h"

static char tmpdir[] = "/tmp/kaohe-test-config-XXXXXX";
static char *ini_path;

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	ini_path = path_join(tmpdir, "kaohe.ini");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(ini_path);
	free(ini_path);
	rmdir(tmpdir);
	return 0;
}

/* The diagnostics of the last load, flushed. */
static const char *msgs;

/* Writes text (len bytes) as the data set's kaohe.ini (NULL: no file) and
 * loads it; returns config_load's result. */
static bool
load_n(struct config *cfg, const char *text, size_t len)
{
	bool ok;

	unlink(ini_path);
	if (text != NULL) {
		FILE *f = fopen(ini_path, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(text, 1, len, f), len);
		fclose(f);
	}
	diag_reset();
	diag_capture(true);
	ok = config_load(cfg, ini_path, "kaohe.ini");
	diag_flush();
	msgs = diag_captured();
	return ok;
}

static bool
load(struct config *cfg, const char *text)
{
	return load_n(cfg, text, text ? strlen(text) : 0);
}

static void
expect_msg(const char *want)
{
	if (strstr(msgs, want) == NULL)
		fail_msg("messages lack \"%s\":\n%s", want, msgs);
}

static void
expect_clean(bool ok)
{
	if (!ok || *msgs)
		fail_msg("config_load gave %d with messages:\n%s", ok, msgs);
}

static void
weight_is(const struct named_weight *w, const char *name, int weight)
{
	assert_string_equal(w->name, name);
	assert_int_equal(w->weight, weight);
}

static void
test_defaults(void **state)
{
	struct config c;

	(void)state;
	expect_clean(load(&c, NULL));
	assert_string_equal(c.organization, "某某单位党委");
	assert_int_equal(c.year, 2025);
	assert_string_equal(c.title, "2025年度党支部建设目标管理考核结果");
	assert_int_equal(c.date.year, 2026);
	assert_int_equal(c.date.month, 1);
	assert_int_equal(c.date.day, 15);
	assert_string_equal(c.doc_number, "");
	assert_int_equal(c.nsources, 3);
	weight_is(&c.sources[0], "自评", 20);
	weight_is(&c.sources[1], "互评", 30);
	weight_is(&c.sources[2], "考评", 50);
	assert_int_equal(c.nperiods, 2);
	weight_is(&c.periods[0], "半年", 0);
	weight_is(&c.periods[1], "年终", 100);
	assert_int_equal(c.nlevels, 3);
	assert_string_equal(c.levels[0].name, "先进党支部");
	assert_int_equal(c.levels[0].min, 9500);
	assert_string_equal(c.levels[1].name, "合格");
	assert_int_equal(c.levels[1].min, 6000);
	assert_string_equal(c.levels[2].name, "不合格");
	assert_int_equal(c.levels[2].min, 0);
	assert_int_equal(c.advanced_quota, 0);
	assert_int_equal(c.nveto_reasons, 3);
	assert_string_equal(c.veto_reasons[2], "党员受党纪政纪处分");
	assert_int_equal(c.nrecord_mins, 4);
	assert_string_equal(c.record_mins[1].type, "支委会");
	assert_int_equal(c.record_mins[1].min, 12);
	assert_int_equal(c.term_years, 3);
	assert_int_equal(c.rubric_total, 10000);
	assert_string_equal(c.encoding, "");
	assert_string_equal(c.files[DF_SCORES], "scores.csv");
	assert_string_equal(c.fonts[FONT_SONG], "");
	config_free(&c);
	/* an empty file changes nothing */
	expect_clean(load(&c, ""));
	assert_int_equal(c.nsources, 3);
	assert_string_equal(c.organization, "某某单位党委");
	config_free(&c);
}

static void
test_override_key_by_key(void **state)
{
	struct config c;

	(void)state;
	expect_clean(load(&c,
	    "[report]\n"
	    "organization = 中共某某公司委员会\n"
	    "doc_number = 某党发〔2026〕3号\n"
	    "[rating]\n"
	    "advanced_quota = 30.5\n"
	    "[branches]\n"
	    "term_years = 5\n"
	    "[input]\n"
	    "encoding = GB18030\n"
	    "[fonts]\n"
	    "song = /usr/share/fonts/x.ttc:1\n"));
	assert_string_equal(c.organization, "中共某某公司委员会");
	assert_string_equal(c.doc_number, "某党发〔2026〕3号");
	assert_string_equal(c.title, "2025年度党支部建设目标管理考核结果");
	assert_int_equal(c.year, 2025);
	assert_int_equal(c.advanced_quota, 3050);
	assert_int_equal(c.nlevels, 3);          /* [rating] levels kept */
	assert_int_equal(c.term_years, 5);
	assert_string_equal(c.encoding, "GB18030");
	assert_string_equal(c.fonts[FONT_SONG], "/usr/share/fonts/x.ttc:1");
	assert_string_equal(c.fonts[FONT_HEI], "");
	assert_int_equal(c.nsources, 3);         /* sections not named stay */
	assert_int_equal(c.nrecord_mins, 4);
	config_free(&c);
	/* section and key names are case-insensitive */
	expect_clean(load(&c, "[Report]\nOrganization = X\n"));
	assert_string_equal(c.organization, "X");
	config_free(&c);
}

static void
test_whole_sections(void **state)
{
	struct config c;

	(void)state;
	expect_clean(load(&c,
	    "[weights]\n考评 = 100\n"
	    "[periods]\n半年 = 30\n年终 = 70\n"
	    "[records]\n党课 = 2\n主题党日 = 12\n"));
	assert_int_equal(c.nsources, 1);
	weight_is(&c.sources[0], "考评", 100);
	assert_int_equal(c.nperiods, 2);
	weight_is(&c.periods[0], "半年", 30);
	weight_is(&c.periods[1], "年终", 70);
	assert_int_equal(c.nrecord_mins, 2);
	assert_string_equal(c.record_mins[0].type, "党课");
	assert_int_equal(c.record_mins[0].min, 2);
	assert_string_equal(c.record_mins[1].type, "主题党日");
	assert_int_equal(c.record_mins[1].min, 12);
	config_free(&c);
	/* new names in [weights] */
	expect_clean(load(&c, "[weights]\n上级 = 60\n群众 = 40\n"));
	assert_int_equal(c.nsources, 2);
	weight_is(&c.sources[0], "上级", 60);
	weight_is(&c.sources[1], "群众", 40);
	assert_int_equal(c.nperiods, 2);  /* [periods] still the default */
	config_free(&c);
	/* an empty [records] section: no minimums at all */
	expect_clean(load(&c, "[records]\n"));
	assert_int_equal(c.nrecord_mins, 0);
	config_free(&c);
}

static void
test_comments(void **state)
{
	struct config c;

	(void)state;
	expect_clean(load(&c,
	    "# a comment line\n"
	    "; another\n"
	    "   ; indented\n"
	    "[rating]\n"
	    "levels = 先进党支部 95; 合格 60\n"));
	/* ';' right after "95" is not a comment: both levels are there */
	assert_int_equal(c.nlevels, 2);
	assert_string_equal(c.levels[0].name, "先进党支部");
	assert_int_equal(c.levels[0].min, 9500);
	assert_string_equal(c.levels[1].name, "合格");
	assert_int_equal(c.levels[1].min, 6000);
	config_free(&c);
	/* ';' after white space starts a comment */
	expect_clean(load(&c,
	    "[rating]\n"
	    "levels = 优秀 90;良好 80；合格 60 ; 不合格 0 is a comment\n"
	    "[report]\n"
	    "organization = 某党委 ; 注释\n"
	    "title = A;B\n"));
	assert_int_equal(c.nlevels, 3);
	assert_string_equal(c.levels[1].name, "良好"); /* full-width ； too */
	assert_int_equal(c.levels[2].min, 6000);
	assert_string_equal(c.organization, "某党委");
	assert_string_equal(c.title, "A;B");
	config_free(&c);
}

static void
test_bom_crlf(void **state)
{
	struct config c;

	(void)state;
	expect_clean(load(&c, "\xEF\xBB\xBF[weights]\r\n考评 = 60\r\n互评 = 40\r\n"
	    "[report]\r\norganization = 甲 \r\n"));
	assert_int_equal(c.nsources, 2);
	weight_is(&c.sources[0], "考评", 60);
	assert_string_equal(c.organization, "甲");
	config_free(&c);
	/* a BOM, then a bad sum: still the header's line */
	assert_false(load(&c, "\xEF\xBB\xBF[weights]\n考评 = 60\n"));
	expect_msg("kaohe.ini:1:1: error");
	config_free(&c);
}

static void
test_weights_sum(void **state)
{
	struct config c;

	(void)state;
	assert_false(load(&c,
	    "; settings\n"
	    "\n"
	    "[report]\n"
	    "year = 2025\n"
	    "[weights]\n"
	    "自评 = 10\n"
	    "考评 = 50\n"
	    "[periods]\n"
	    "半年 = 50\n"
	    "年终 = 40\n"));
	expect_msg("kaohe.ini:5:1: error");
	expect_msg("kaohe.ini:8:1: error");
	expect_msg("[weights] 的权重合计 60，应为 100");
	expect_msg("[periods] 的权重合计 90，应为 100");
	assert_int_equal(diag_count(DIAG_ERROR), 2);
	config_free(&c);
	/* more than 100 too */
	assert_false(load(&c, "\n[periods]\n半年 = 50\n年终 = 51\n"));
	expect_msg("kaohe.ini:2:1: error");
	config_free(&c);
	/* weight 0 everywhere but one: fine */
	expect_clean(load(&c, "[weights]\n自评 = 0\n互评 = 0\n考评 = 100\n"));
	config_free(&c);
}

/* "[ weights ]" is the section [weights]: its entries replace the
 * template's, and no "unknown section" warning. */
static void
test_section_spaces(void **state)
{
	struct config c;

	(void)state;
	expect_clean(load(&c, "[ weights ]\n考评 = 100\n"));
	assert_int_equal(c.nsources, 1);
	assert_string_equal(c.sources[0].name, "考评");
	assert_int_equal(diag_count(DIAG_WARNING), 0);
	config_free(&c);
}

static void
test_weight_not_number(void **state)
{
	struct config c;

	(void)state;
	assert_false(load(&c,
	    "[weights]\n"
	    "自评 = 20\n"
	    "互评 = 三十\n"
	    "考评 = 50.5\n"
	    "[records]\n"
	    "党课 = -1\n"));
	expect_msg("kaohe.ini:3:1: error: [weights] 互评 = “三十”");
	expect_msg("kaohe.ini:4:1: error: [weights] 考评 = “50.5”");
	expect_msg("kaohe.ini:6:1: error: [records] 党课");
	config_free(&c);
	/* full-width digits are digits */
	expect_clean(load(&c, "[weights]\n自评 = ２０\n互评 = 30\n考评 = 50\n"));
	weight_is(&c.sources[0], "自评", 20);
	config_free(&c);
}

static void
test_other_errors(void **state)
{
	struct config c;

	(void)state;
	assert_false(load(&c,
	    "[report]\n"
	    "year = 二〇二五\n"
	    "date = 2026-02-30\n"
	    "[rating]\n"
	    "advanced_quota = 101\n"
	    "[input]\n"
	    "encoding = NO-SUCH-ENCODING-X\n"
	    "[rubric]\n"
	    "total = 0\n"));
	expect_msg("kaohe.ini:2:1: error");
	expect_msg("kaohe.ini:3:1: error");
	expect_msg("kaohe.ini:5:1: error");
	expect_msg("kaohe.ini:7:1: error");
	expect_msg("kaohe.ini:9:1: error");
	config_free(&c);
	/* levels out of order; a level without a minimum */
	assert_false(load(&c, "[rating]\nlevels = 合格 60; 优秀 90\n"));
	expect_msg("kaohe.ini:2:1: error");
	config_free(&c);
	assert_false(load(&c, "[rating]\nlevels = 优秀; 合格 60\n"));
	expect_msg("kaohe.ini:2:1: error");
	config_free(&c);
	/* not UTF-8 */
	assert_false(load(&c, "[report]\norganization = \xc4\xe3\xba\xc3\n"));
	expect_msg("kaohe.ini:2:16: error");
	config_free(&c);
	/* a line that is neither key = value nor a section */
	assert_false(load(&c, "[report]\n\nthis is not a setting\n"));
	expect_msg("kaohe.ini:3:1: error");
	config_free(&c);
}

static void
test_unknown_warns(void **state)
{
	struct config c;

	(void)state;
	assert_true(load(&c,
	    "[report]\n"
	    "organisation = typo\n"
	    "[colours]\n"
	    "red = 1\n"));
	expect_msg("kaohe.ini:2:1: warning");
	expect_msg("organisation");
	expect_msg("kaohe.ini:4:1: warning");
	expect_msg("colours");
	assert_int_equal(diag_count(DIAG_ERROR), 0);
	assert_int_equal(diag_count(DIAG_WARNING), 2);
	assert_string_equal(c.organization, "某某单位党委");
	config_free(&c);
}

static void
test_find_aliases(void **state)
{
	struct config c;

	(void)state;
	expect_clean(load(&c, NULL));
	assert_int_equal(config_find_period(&c, "半年"), 0);
	assert_int_equal(config_find_period(&c, "年终"), 1);
	assert_int_equal(config_find_period(&c, "half"), 0);
	assert_int_equal(config_find_period(&c, "HALF"), 0);
	assert_int_equal(config_find_period(&c, "Year"), 1);
	assert_int_equal(config_find_period(&c, "yEaR"), 1);
	assert_int_equal(config_find_period(&c, "self"), -1);
	assert_int_equal(config_find_period(&c, "years"), -1);
	assert_int_equal(config_find_period(&c, ""), -1);
	assert_int_equal(config_find_source(&c, "自评"), 0);
	assert_int_equal(config_find_source(&c, "互评"), 1);
	assert_int_equal(config_find_source(&c, "考评"), 2);
	assert_int_equal(config_find_source(&c, "self"), 0);
	assert_int_equal(config_find_source(&c, "SELF"), 0);
	assert_int_equal(config_find_source(&c, "Peer"), 1);
	assert_int_equal(config_find_source(&c, "REVIEW"), 2);
	assert_int_equal(config_find_source(&c, "review "), -1);
	assert_int_equal(config_find_source(&c, "half"), -1);
	assert_int_equal(config_find_source(&c, "他评"), -1);
	config_free(&c);
	/* aliases follow the default names wherever they sit */
	expect_clean(load(&c, "[weights]\n考评 = 70\n上级 = 30\n"
	    "[periods]\n年终 = 100\n"));
	assert_int_equal(config_find_source(&c, "review"), 0);
	assert_int_equal(config_find_source(&c, "上级"), 1);
	assert_int_equal(config_find_source(&c, "self"), -1);
	assert_int_equal(config_find_period(&c, "year"), 0);
	assert_int_equal(config_find_period(&c, "half"), -1);
	config_free(&c);
}


/* Issue 11 item 5: a line over 1 MiB stays one line (its tail is no key). */
static void
test_long_line(void **state)
{
	struct config c;
	struct buf b = {0};
	size_t i;

	(void)state;
	buf_adds(&b, "[report]\ntitle = ");
	for (i = 0; i < (1u << 20) + 100; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, " [rating] advanced_quota = 200\n");
	assert_true(load_n(&c, b.s, b.len));
	expect_clean(true);
	assert_int_equal(c.advanced_quota, 0);
	assert_int_equal(strlen(c.title), (1u << 20) + 100 + 30);
	config_free(&c);
	buf_free(&b);
}

static void
test_nul_and_duplicates(void **state)
{
	struct config c;
	static const char nul[] = "[report]\ntitle = ab\0cd\nyear = 2024\n";

	(void)state;
	assert_false(load_n(&c, nul, sizeof nul - 1));
	expect_msg("kaohe.ini:2:11: error: 这一行含有 NUL 字节");
	assert_int_equal(c.year, 2024);
	config_free(&c);
	assert_false(load(&c, "[weights]\n自评 = 50\n[periods]\n年终 = 100\n"
	    "[weights]\n互评 = 50\n"));
	expect_msg("kaohe.ini:5:1: error: [weights] 节重复出现（第 1 行已有）");
	config_free(&c);
	assert_false(load(&c, "[rating]\nadvanced_quota = 10\n"
	    "ADVANCED_QUOTA = 200\n"));
	expect_msg("kaohe.ini:3:1: error: [rating] ADVANCED_QUOTA 重复设置"
	    "（第 2 行已有）");
	config_free(&c);
	/* a minimum no branch can reach */
	assert_false(load(&c, "[rating]\nlevels = 先进 1000; 合格 60; 不合格 0\n"));
	expect_msg("kaohe.ini:2:1: error: [rating] levels：“先进”的最低分 "
	    "1000.00 超过考核细则总分 100.00");
	config_free(&c);
	/* not UTF-8: one message at the first bad byte, nothing else */
	assert_false(load(&c, "[weights]\n\xd7\xd4\xc6\xc0 = 100\n"
	    "\xbb\xa5\xc6\xc0 = 0\n"));
	expect_msg("kaohe.ini:2:1: error");
	assert_int_equal(strstr(msgs, "\n") + 1, msgs + strlen(msgs));
	config_free(&c);
}

/* Issue 11 item 1: a kaohe.ini that cannot be read is an error at 1:1. */
static void
test_unreadable(void **state)
{
	struct config c;
	bool ok;

	(void)state;
	unlink(ini_path);
	assert_int_equal(mkdir(ini_path, 0755), 0);
	diag_reset();
	diag_capture(true);
	ok = config_load(&c, ini_path, "kaohe.ini");
	diag_flush();
	msgs = diag_captured();
	rmdir(ini_path);
	assert_false(ok);
	expect_msg("kaohe.ini:1:1: error: 无法读取设置文件：这是目录，不是文件");
	config_free(&c);
}

static void
test_notice_handbook_keys(void **state)
{
	struct config c;

	(void)state;
	assert_true(load(&c, NULL));
	assert_true(c.letterhead);
	assert_string_equal(c.cc, "");
	assert_string_equal(c.printed_by, c.organization);
	assert_int_equal(c.printed_on.year, c.date.year);
	assert_int_equal(c.printed_on.day, c.date.day);
	assert_int_equal(c.handbook_forms, -1);
	config_free(&c);
	assert_true(load(&c, "[notice]\nletterhead = no\ncc = 甲; 乙\n"
	    "printed_by = 某某办公室\nprinted_on = 2026-01-20\n"
	    "[handbook]\nforms = 6\n"));
	expect_clean(true);
	assert_false(c.letterhead);
	assert_string_equal(c.cc, "甲; 乙");
	assert_string_equal(c.printed_by, "某某办公室");
	assert_int_equal(c.printed_on.day, 20);
	assert_int_equal(c.handbook_forms, 6);
	config_free(&c);
	assert_false(load(&c, "[notice]\nletterhead = maybe\n"));
	expect_msg("kaohe.ini:2:1: error: [notice] letterhead = “maybe”：只能是 "
	    "yes 或 no");
	config_free(&c);
}

/* INI text from memory, its lines mapped (a workbook's 设置 sheet). */
static void
test_from_memory(void **state)
{
	struct config c;
	static const char text[] = "[rating]\nadvanced_quota = 20\n"
	    "[branches]\nterm_years = x\n";
	static const unsigned map[] = {0, 3, 5, 8, 13};
	/* the sheet's columns 备注, 项, 节, 值: the value is in D */
	static const struct config_cols cols = {3, 2, 4};
	bool ok;

	(void)state;
	diag_reset();
	diag_capture(true);
	ok = config_load_text(&c, text, sizeof text - 1, "data.xlsx#设置", map,
	    ARRAY_LEN(map), &cols);
	diag_flush();
	msgs = diag_captured();
	assert_false(ok);
	assert_int_equal(c.advanced_quota, 2000);
	expect_msg("data.xlsx#设置:13:4: error: [branches] term_years");
	config_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_override_key_by_key),
		cmocka_unit_test(test_whole_sections),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_weights_sum),
		cmocka_unit_test(test_section_spaces),
		cmocka_unit_test(test_weight_not_number),
		cmocka_unit_test(test_other_errors),
		cmocka_unit_test(test_unknown_warns),
		cmocka_unit_test(test_find_aliases),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_nul_and_duplicates),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_notice_handbook_keys),
		cmocka_unit_test(test_from_memory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
