/* test_diag.c: the table of messages (every code has a text whose
 * conversions are ones diag_msg() callers pass), the exit status from the
 * worst message, the same warning said once, and the messages a working
 * thread holds back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>

#include "diag.h"

/* Every code has a text; its conversions are %s, %u, %d, %zu or %04X. */
static void
test_table(void **state)
{
	int c;

	for (c = 0; c < D_NCODES; c++) {
		const char *t = diag_text((enum diag_code)c), *p;

		if (t == NULL || *t == '\0')
			fail_msg("code %d has no text", c);
		for (p = t; (p = strchr(p, '%')) != NULL; p++) {
			if (strncmp(p, "%s", 2) == 0 || strncmp(p, "%u", 2) == 0 ||
			    strncmp(p, "%d", 2) == 0 ||
			    strncmp(p, "%zu", 3) == 0 ||
			    strncmp(p, "%04X", 4) == 0)
				continue;
			fail_msg("code %d: unexpected conversion in \"%s\"", c, t);
		}
	}
}

static void
test_exit(void **state)
{
	diag_reset();
	diag_capture(true);
	diag_set_strict(false);
	assert_int_equal(diag_exit(), EXIT_OK);
	diag_msg(D_NOMINEE_VETOED, "w.csv", 2, 1, "甲", "B1", "事由");
	assert_int_equal(diag_exit(), EXIT_OK);
	diag_set_strict(true);
	assert_int_equal(diag_exit(), EXIT_DATA);
	diag_msg(D_BRANCH_UNKNOWN, "s.csv", 3, 1, "B9", " branches.csv ");
	assert_int_equal(diag_exit(), EXIT_DATA);
	diag_msg(D_UNKNOWN_BRANCH, NULL, 0, 0, "B9");
	assert_int_equal(diag_exit(), EXIT_USAGE);
	diag_msg(D_WRITE, NULL, 0, 0, "x.pdf", "No space left on device");
	assert_int_equal(diag_exit(), EXIT_ENV);
	diag_flush();
	assert_non_null(strstr(diag_captured(),
	    "kaohe: s.csv:3:1: error: 支部编号 B9 不在 branches.csv 中\n"));
	assert_non_null(strstr(diag_captured(),
	    "kaohe: error: 无法写入 x.pdf：磁盘已满\n"));
	diag_set_strict(false);
	diag_reset();
}

/* A character no font has is said once per run, at its first place,
 * however many times checks and drawing report it. */
static void
test_once(void **state)
{
	const char *out, *p;
	int n = 0;

	diag_reset();
	diag_capture(true);
	diag_msg(D_GLYPH_MISSING, "b.csv", 5, 0, "\xee\x80\x80", 0xE000u);
	diag_msg(D_GLYPH_MISSING, "b.csv", 2, 0, "\xee\x80\x80", 0xE000u);
	diag_flush();
	diag_msg(D_GLYPH_MISSING, NULL, 0, 0, "\xee\x80\x80", 0xE000u);
	diag_flush();
	out = diag_captured();
	for (p = out; (p = strstr(p, "U+E000")) != NULL; p++)
		n++;
	assert_int_equal(n, 1);
	assert_non_null(strstr(out, "kaohe: b.csv:2: warning: 字符"));
	diag_reset();
}

/* A thread holding its messages back: they count only once released,
 * and a rollback to a mark taken before keeps them as the newest. */
static void *
holder(void *arg)
{
	struct diag_held **h = arg;

	*h = diag_hold();
	diag(DIAG_ERROR, "book.xlsx", 9, 1, "the sheet's fault");
	return NULL;
}

static void
test_hold(void **state)
{
	struct diag_held *h = NULL;
	pthread_t th;
	size_t mark;
	const char *out;

	diag_reset();
	diag_capture(true);
	mark = diag_mark();
	assert_int_equal(pthread_create(&th, NULL, holder, &h), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(diag_count(DIAG_ERROR), 0);
	diag(DIAG_ERROR, "book.xlsx", 2, 1, "a row's fault");
	diag_release(h);
	assert_int_equal(diag_count(DIAG_ERROR), 2);
	diag_rollback(mark, 1);
	assert_int_equal(diag_count(DIAG_ERROR), 1);
	diag_flush();
	out = diag_captured();
	assert_non_null(strstr(out, "the sheet's fault"));
	assert_null(strstr(out, "a row's fault"));
	/* the main thread does not hold */
	diag(DIAG_WARNING, NULL, 0, 0, "after");
	assert_int_equal(diag_count(DIAG_WARNING), 1);
	diag_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_exit),
		cmocka_unit_test(test_once),
		cmocka_unit_test(test_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
