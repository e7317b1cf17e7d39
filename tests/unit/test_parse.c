/* test_parse.c: unit tests of the value syntaxes (SPEC sections 2 and 7):
 * numbers, whole numbers and dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ingest/parse.h"

static void
number_ok(const char *s, int64_t want)
{
	int64_t v = -12345;

	if (!parse_number(s, &v))
		fail_msg("parse_number(\"%s\") failed; want %lld", s,
		    (long long)want);
	if (v != want)
		fail_msg("parse_number(\"%s\") = %lld; want %lld", s,
		    (long long)v, (long long)want);
}

static void
number_bad(const char *s)
{
	int64_t v = -12345;

	if (parse_number(s, &v))
		fail_msg("parse_number(\"%s\") accepted (%lld); SPEC 7 says it "
		    "is an error", s, (long long)v);
	assert_int_equal(v, -12345); /* untouched */
}

static void
test_number_ok(void **state)
{
	(void)state;
	number_ok("95", 9500);
	number_ok("95.5", 9550);
	number_ok("9.25", 925);
	number_ok("0", 0);
	number_ok("0.05", 5);
	number_ok("100.00", 10000);
	number_ok("007", 700);
	number_ok("１２", 1200);
	number_ok("９５．５", 9550);          /* full-width digits and point */
	number_ok("9５.２5", 9525);   /* mixed widths */
	number_ok("1234567890123", 123456789012300LL); /* 13 digits */
}

static void
test_number_bad(void **state)
{
	(void)state;
	number_bad("95.");
	number_bad(".5");
	number_bad("+5");
	number_bad("-1");
	number_bad("1e2");
	number_bad("95.000");
	number_bad("");
	number_bad("9 5");
	number_bad(" 95");
	number_bad("95 ");
	number_bad("95,5");
	number_bad("95..5");
	number_bad("9.5.1");
	number_bad("abc");
	number_bad("95分");
	number_bad("９５．");
	number_bad("．５");
	number_bad("９５．０００");
	number_bad("0x10");
	number_bad("12345678901234"); /* 14 digits: beyond the stated limit */
}

static void
whole_ok(const char *s, int want)
{
	int v = -7;

	if (!parse_whole(s, &v))
		fail_msg("parse_whole(\"%s\") failed", s);
	assert_int_equal(v, want);
}

static void
whole_bad(const char *s)
{
	int v = -7;

	if (parse_whole(s, &v))
		fail_msg("parse_whole(\"%s\") accepted (%d)", s, v);
	assert_int_equal(v, -7);
}

static void
test_whole(void **state)
{
	(void)state;
	whole_ok("0", 0);
	whole_ok("18", 18);
	whole_ok("１８", 18);
	whole_ok("042", 42);
	whole_ok("999999999", 999999999);
	whole_bad("");
	whole_bad("1.0");
	whole_bad("1.");
	whole_bad("-1");
	whole_bad("+1");
	whole_bad("1 8");
	whole_bad("18人");
	whole_bad("１８．０");
	whole_bad("1000000000"); /* 10 digits */
	whole_bad("1e3");
}

static void
date_ok(const char *s, int y, int m, int d)
{
	struct date r = {0};

	if (!parse_date(s, &r))
		fail_msg("parse_date(\"%s\") failed", s);
	if (r.year != y || r.month != m || r.day != d)
		fail_msg("parse_date(\"%s\") = %d-%d-%d; want %d-%d-%d", s,
		    r.year, r.month, r.day, y, m, d);
}

static void
date_bad(const char *s)
{
	struct date r = {1, 2, 3};

	if (parse_date(s, &r))
		fail_msg("parse_date(\"%s\") accepted (%d-%d-%d)", s, r.year,
		    r.month, r.day);
	assert_int_equal(r.year, 1);
	assert_int_equal(r.month, 2);
	assert_int_equal(r.day, 3);
}

static void
test_date_forms(void **state)
{
	(void)state;
	date_ok("2025-03-07", 2025, 3, 7);
	date_ok("2025/3/7", 2025, 3, 7);
	date_ok("2025.3.7", 2025, 3, 7);
	date_ok("2025年3月7日", 2025, 3, 7);
	/* 1- or 2-digit months and days in every form */
	date_ok("2025-3-7", 2025, 3, 7);
	date_ok("2025-12-31", 2025, 12, 31);
	date_ok("2025/03/07", 2025, 3, 7);
	date_ok("2025/12/1", 2025, 12, 1);
	date_ok("2025.03.07", 2025, 3, 7);
	date_ok("2025.1.31", 2025, 1, 31);
	date_ok("2025年03月07日", 2025, 3, 7);
	date_ok("2025年12月1日", 2025, 12, 1);
	/* full-width digits */
	date_ok("２０２５.３.７", 2025, 3, 7);
	date_ok("２０２５-１２-３１", 2025, 12, 31);
	date_ok("２０２５年３月７日", 2025, 3, 7);
	date_ok("2025-0３-0７", 2025, 3, 7);
	/* leap days */
	date_ok("2024-02-29", 2024, 2, 29);
	date_ok("2000-2-29", 2000, 2, 29);
}

static void
test_date_bad(void **state)
{
	(void)state;
	date_bad("2025-02-29");
	date_bad("2025-02-30");
	date_bad("2025-13-01");
	date_bad("2025-00-10");
	date_bad("2025-01-00");
	date_bad("2025-04-31");
	date_bad("1900-02-29");
	date_bad("2025年2月30日");
	date_bad("2025/2/30");
	date_bad("2025.13.1");
	date_bad("");
	date_bad("2025");
	date_bad("2025-03");
	date_bad("25-03-07");
	date_bad("2025-3/7");     /* mixed separators */
	date_bad("2025-003-07");  /* 3-digit month */
	date_bad("2025-03-007");
	date_bad("2025-03-07 ");
	date_bad("2025-03-07T00");
	date_bad("2025年3月7");
	date_bad("2025年3月7日x");
	date_bad("2025年3-7日");
	date_bad("20250307");
	date_bad("２０２５年２月３０日");
}

static void
test_date_valid(void **state)
{
	(void)state;
	assert_true(date_valid((struct date){2024, 2, 29}));
	assert_true(date_valid((struct date){2000, 2, 29}));
	assert_false(date_valid((struct date){1900, 2, 29}));
	assert_false(date_valid((struct date){2025, 2, 29}));
	assert_true(date_valid((struct date){2025, 12, 31}));
	assert_false(date_valid((struct date){2025, 12, 32}));
	assert_false(date_valid((struct date){2025, 11, 31}));
	assert_false(date_valid((struct date){2025, 0, 1}));
	assert_false(date_valid((struct date){2025, 13, 1}));
	assert_false(date_valid((struct date){2025, 1, 0}));
	assert_false(date_valid((struct date){0, 1, 1}));
	assert_false(date_valid((struct date){0, 0, 0}));
	/* date_days is consistent across a leap day and a year */
	assert_int_equal(date_days((struct date){2024, 3, 1}) -
	    date_days((struct date){2024, 2, 28}), 2);
	assert_int_equal(date_days((struct date){2026, 1, 1}) -
	    date_days((struct date){2025, 1, 1}), 365);
}

static void
test_ascii_digits(void **state)
{
	char out[64];

	(void)state;
	parse_ascii_digits("９５．５分", out);
	assert_string_equal(out, "95.5分");
	parse_ascii_digits("", out);
	assert_string_equal(out, "");
	parse_ascii_digits("ａ０", out); /* only digits and the point change */
	assert_string_equal(out, "ａ0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_ok),
		cmocka_unit_test(test_number_bad),
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_date_forms),
		cmocka_unit_test(test_date_bad),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_ascii_digits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
