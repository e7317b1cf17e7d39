/* test_format.c: the shared formats of the outputs (src/out/format.c):
 * Chinese numerals above 100 and at every zero, trimmed points, shares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "out/format.h"

static void
test_cn_number(void **state)
{
	static const struct {
		unsigned n;
		const char *want;
	} cases[] = {
		{0, "〇"}, {1, "一"}, {9, "九"}, {10, "十"}, {11, "十一"},
		{19, "十九"}, {20, "二十"}, {21, "二十一"}, {99, "九十九"},
		{100, "一百"}, {101, "一百零一"}, {105, "一百零五"},
		{110, "一百一十"}, {111, "一百一十一"}, {120, "一百二十"},
		{999, "九百九十九"}, {1000, "一千"}, {1001, "一千零一"},
		{1010, "一千零一十"}, {1100, "一千一百"}, {2019, "二千零一十九"},
		{10000, "一万"}, {10001, "一万零一"}, {10010, "一万零一十"},
		{10100, "一万零一百"}, {11000, "一万一千"}, {12000, "一万二千"},
		{100000, "十万"}, {110000, "十一万"}, {1000000, "一百万"},
		{99999999, "九千九百九十九万九千九百九十九"},
		{100000000, "100000000"},
	};
	char out[CN_NUMBER_SIZE];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cn_number(cases[i].n, out);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("cn_number(%u) = %s, want %s", cases[i].n, out,
			    cases[i].want);
	}
}

static void
test_fmt_trim(void **state)
{
	char out[32];

	assert_string_equal(fmt_trim(3000, out), "30");
	assert_string_equal(fmt_trim(1250, out), "12.5");
	assert_string_equal(fmt_trim(225, out), "2.25");
	assert_string_equal(fmt_trim(0, out), "0");
	assert_string_equal(fmt_trim(5, out), "0.05");
	assert_string_equal(fmt_trim(1000000, out), "10000");
}

static void
test_fmt_share(void **state)
{
	char out[32];

	assert_string_equal(fmt_share(1, 3, out), "33.3%");
	assert_string_equal(fmt_share(2, 3, out), "66.7%");
	assert_string_equal(fmt_share(12, 12, out), "100.0%");
	assert_string_equal(fmt_share(1, 0, out), "—");
	assert_string_equal(fmt_permille(935, out), "93.5%");
	assert_string_equal(fmt_permille(-1, out), "—");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cn_number),
		cmocka_unit_test(test_fmt_trim),
		cmocka_unit_test(test_fmt_share),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
