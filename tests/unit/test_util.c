/* test_util.c: unit tests of util.c: UTF-8 helpers, widths, fmt_cents,
 * strmap and file_write_atomic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

static void
decode_ok(const char *s, size_t n, size_t want_len, uint32_t want_cp)
{
	uint32_t cp = 0xDEADBEEF;

	assert_int_equal(utf8_decode(s, n, &cp), want_len);
	assert_int_equal(cp, want_cp);
}

static void
decode_bad(const char *s, size_t n)
{
	uint32_t cp = 0;

	if (utf8_decode(s, n, &cp) != 0)
		fail_msg("utf8_decode accepted %zu bytes starting 0x%02X", n,
		    (unsigned char)s[0]);
	assert_false(utf8_valid(s, n));
}

static void
test_utf8_decode(void **state)
{
	(void)state;
	decode_ok("A", 1, 1, 'A');
	decode_ok("\x00", 1, 1, 0);
	decode_ok("\xC2\x80", 2, 2, 0x80);
	decode_ok("\xDF\xBF", 2, 2, 0x7FF);
	decode_ok("\xE0\xA0\x80", 3, 3, 0x800);
	decode_ok("编", 3, 3, 0x7F16);
	decode_ok("\xED\x9F\xBF", 3, 3, 0xD7FF);
	decode_ok("\xEE\x80\x80", 3, 3, 0xE000);
	decode_ok("\xEF\xBF\xBF", 3, 3, 0xFFFF);
	decode_ok("\xF0\x90\x80\x80", 4, 4, 0x10000);
	decode_ok("𠮷", 4, 4, 0x20BB7);
	decode_ok("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);
	decode_ok("编号", 6, 3, 0x7F16); /* one character at a time */

	/* overlong forms */
	decode_bad("\xC0\x80", 2);
	decode_bad("\xC1\xBF", 2);
	decode_bad("\xE0\x80\x80", 3);
	decode_bad("\xE0\x9F\xBF", 3);
	decode_bad("\xF0\x80\x80\x80", 4);
	decode_bad("\xF0\x8F\xBF\xBF", 4);
	/* surrogates */
	decode_bad("\xED\xA0\x80", 3);
	decode_bad("\xED\xBF\xBF", 3);
	/* above U+10FFFF */
	decode_bad("\xF4\x90\x80\x80", 4);
	decode_bad("\xF5\x80\x80\x80", 4);
	decode_bad("\xF7\xBF\xBF\xBF", 4);
	decode_bad("\xF8\x88\x80\x80\x80", 5);
	decode_bad("\xFF", 1);
	decode_bad("\xFE", 1);
	/* lone continuation bytes, truncated and interrupted sequences */
	decode_bad("\x80", 1);
	decode_bad("\xBF", 1);
	decode_bad("\xE7\xBC", 2);
	decode_bad("\xE7\x41\x96", 3);
	decode_bad("\xF0\x90\x80", 3);
	decode_bad("\xC2", 1);
	assert_int_equal(utf8_decode("A", 0, &(uint32_t){0}), 0);
}

static void
test_utf8_encode(void **state)
{
	static const uint32_t cps[] = {0, 'A', 0x7F, 0x80, 0x7FF, 0x800,
	    0x7F16, 0xFFFF, 0x10000, 0x20BB7, 0x10FFFF};
	char out[8];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cps); i++) {
		uint32_t back = 0;
		size_t n = utf8_encode(cps[i], out);
		size_t want = cps[i] < 0x80 ? 1 : cps[i] < 0x800 ? 2 :
		    cps[i] < 0x10000 ? 3 : 4;

		assert_int_equal(n, want);
		assert_int_equal(utf8_decode(out, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
	assert_int_equal(utf8_encode(0x3000, out), 3);
	assert_memory_equal(out, "\xE3\x80\x80", 3);
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("abc", 3));
	assert_true(utf8_valid("支部编号,得分", strlen("支部编号,得分")));
	assert_true(utf8_valid("\xEF\xBB\xBF" "a", 4)); /* BOM is valid */
	assert_true(utf8_valid("a\0b", 3));             /* NUL is valid UTF-8 */
	assert_false(utf8_valid("\xb1\xe0\xba\xc5", 4)); /* 编号 in GB18030 */
	assert_false(utf8_valid("编号", 5));              /* cut character */
	assert_false(utf8_valid("ok\xED\xA0\x80", 5));
	assert_false(utf8_valid("ok\xC0\xAF", 4));
}

static void
test_utf8_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("编号"), 4);
	assert_int_equal(utf8_width("JG01办公室党支部"), 4 + 12);
	assert_int_equal(utf8_width("９５．５"), 8);   /* full-width forms */
	assert_int_equal(utf8_width("，。"), 4);
	assert_int_equal(utf8_width("\xE3\x80\x80"), 2); /* U+3000 */
	assert_int_equal(utf8_width("𠮷"), 2);          /* plane 2 */
	assert_int_equal(utf8_width("e\xCC\x81"), 1);   /* combining acute */
	assert_int_equal(utf8_width("a\tb"), 2);        /* control: 0 */
	assert_int_equal(utf8_width("\xFF" "a"), 2);    /* a bad byte counts 1 */
	assert_int_equal(utf8_cp_width(0x4E00), 2);
	assert_int_equal(utf8_cp_width('x'), 1);
	assert_int_equal(utf8_cp_width(0xAC00), 2);
	assert_int_equal(utf8_chars("编号ab"), 4);
	assert_int_equal(utf8_chars(""), 0);
}

static void
test_fmt_cents(void **state)
{
	char out[32];

	(void)state;
	assert_string_equal(fmt_cents(0, out), "0.00");
	assert_string_equal(fmt_cents(5, out), "0.05");
	assert_string_equal(fmt_cents(50, out), "0.50");
	assert_string_equal(fmt_cents(9550, out), "95.50");
	assert_string_equal(fmt_cents(10000, out), "100.00");
	assert_string_equal(fmt_cents(925, out), "9.25");
	assert_string_equal(fmt_cents(-1, out), "-0.01");
	assert_string_equal(fmt_cents(-9550, out), "-95.50");
	assert_string_equal(fmt_cents(INT64_MAX, out), "92233720368547758.07");
	assert_string_equal(fmt_cents(INT64_MIN, out), "-92233720368547758.08");
	assert_ptr_equal(fmt_cents(1, out), out);
}

static void
test_strmap(void **state)
{
	struct strmap m = {0};
	char key[32];
	size_t i;

	(void)state;
	assert_int_equal(strmap_get(&m, "x"), -1); /* empty map */
	assert_int_equal(strmap_put(&m, "B1", 0), 0);
	assert_int_equal(strmap_put(&m, "B2", 1), 1);
	assert_int_equal(strmap_put(&m, "B1", 7), 0); /* first value stays */
	assert_int_equal(strmap_get(&m, "B1"), 0);
	assert_int_equal(strmap_get(&m, "B2"), 1);
	assert_int_equal(strmap_get(&m, "b1"), -1);   /* case matters */
	assert_int_equal(strmap_get(&m, ""), -1);
	assert_int_equal(strmap_put(&m, "", 2), 2);   /* the empty key */
	assert_int_equal(strmap_get(&m, ""), 2);
	assert_int_equal(strmap_put(&m, "党支部", 3), 3);
	assert_int_equal(strmap_get(&m, "党支部"), 3);
	/* growth through several rehashes keeps every key */
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		assert_int_equal(strmap_put(&m, key, i + 100), i + 100);
	}
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		assert_int_equal(strmap_get(&m, key), (long)(i + 100));
	}
	assert_int_equal(m.n, 10004);
	assert_int_equal(strmap_get(&m, "B1"), 0);
	assert_int_equal(strmap_get(&m, "k10000"), -1);
	{
		/* keys are copied */
		char k[] = "temp";
		strmap_put(&m, k, 42);
		k[0] = 'T';
		assert_int_equal(strmap_get(&m, "temp"), 42);
		assert_int_equal(strmap_get(&m, "Temp"), -1);
	}
	strmap_free(&m);
	assert_int_equal(strmap_get(&m, "B1"), -1);
	strmap_free(&m); /* twice is harmless */
}

static void
test_buf(void **state)
{
	struct buf b = {0};
	char *s;

	(void)state;
	buf_adds(&b, "编号");
	buf_addc(&b, ',');
	buf_printf(&b, "%d-%s", 42, "x");
	buf_add(&b, "yz", 1);
	assert_string_equal(b.s, "编号,42-xy");
	assert_int_equal(b.len, strlen("编号,42-xy"));
	s = buf_take(&b);
	assert_string_equal(s, "编号,42-xy");
	assert_null(b.s);
	free(s);
	s = buf_take(&b); /* empty buffer gives "" */
	assert_string_equal(s, "");
	free(s);
	buf_free(&b);
}

/* Number of directory entries whose name starts with prefix. */
static int
count_entries(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void
test_file_write_atomic(void **state)
{
	char dir[] = "/tmp/kaohe-test-util-XXXXXX";
	char *path, *bad, *data;
	size_t len;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = path_join(dir, "out.csv");

	/* writes */
	assert_int_equal(file_write_atomic(path, "first", 5), 0);
	assert_int_equal(file_read(path, &data, &len), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(data, "first", 5);
	free(data);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);

	/* replaces */
	assert_int_equal(file_write_atomic(path, "second, longer", 14), 0);
	assert_int_equal(file_read(path, &data, &len), 0);
	assert_int_equal(len, 14);
	assert_memory_equal(data, "second, longer", 14);
	free(data);

	/* an empty file */
	assert_int_equal(file_write_atomic(path, "", 0), 0);
	assert_int_equal(file_read(path, &data, &len), 0);
	assert_int_equal(len, 0);
	free(data);

	/* only out.csv remains: no temporary file left behind */
	assert_int_equal(count_entries(dir, ""), 3); /* ., .., out.csv */

	/* a write into a directory that does not exist fails, leaves nothing */
	bad = xasprintf("%s/nope/out.csv", dir);
	assert_int_not_equal(file_write_atomic(bad, "x", 1), 0);
	assert_int_not_equal(stat(bad, &st), 0);
	assert_int_equal(count_entries(dir, ""), 3);
	free(bad);

	/* a failing rename (the target is a directory) leaves the directory
	 * as it was and no temporary file */
	bad = path_join(dir, "adir");
	assert_int_equal(mkdir(bad, 0755), 0);
	assert_int_not_equal(file_write_atomic(bad, "x", 1), 0);
	assert_int_equal(stat(bad, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(count_entries(dir, ""), 4); /* + adir */
	rmdir(bad);
	free(bad);

	/* file_read of a missing file gives errno */
	bad = path_join(dir, "missing");
	assert_int_not_equal(file_read(bad, &data, &len), 0);
	free(bad);

	unlink(path);
	free(path);
	assert_int_equal(rmdir(dir), 0);
}

static void
test_path_join(void **state)
{
	char *s;

	(void)state;
	s = path_join("data", "scores.csv");
	assert_string_equal(s, "data/scores.csv");
	free(s);
	s = path_join("data/", "scores.csv");
	assert_string_equal(s, "data/scores.csv");
	free(s);
	s = path_join("data", "/abs/scores.csv");
	assert_string_equal(s, "/abs/scores.csv");
	free(s);
	s = path_join("", "scores.csv");
	assert_string_equal(s, "scores.csv");
	free(s);
}

/* SPEC 6 "Spreadsheet safety": the cells a spreadsheet would evaluate. */
static void
test_cell_formula_like(void **state)
{
	static const char *const yes[] = {"=1+1", "+SUM(1,2)", "-x", "@SUM(1)",
	    "\tx", "\rx", "=cmd|' /C calc'!A0"};
	static const char *const no[] = {"", "x=1", "第一党支部", " =1", "'=1",
	    "95.00"};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(yes); i++)
		assert_true(cell_formula_like(yes[i]));
	for (i = 0; i < ARRAY_LEN(no); i++)
		assert_false(cell_formula_like(no[i]));
}

/* SPEC 6 "Sheet file names". */
static void
test_file_name_safe(void **state)
{
	static const struct {
		const char *in, *out;
		size_t room;
	} cases[] = {
		{"R1-abc\u202efdp.exe", "R1-abcfdp.exe", 200},
		{"a:b*c?d\"e<f>g|h", "abcdefgh", 200},
		{"x\u200b\u200d\u2060\ufeff\u200e\u2066y", "xy", 200},
		{"name. . ..", "name", 200},
		{".hidden", "_hidden", 200},
		{"a/b\\c\x01" "d", "a_b_c_d", 200},
		{"\u200b", "", 200},
		{"一二三", "一", 5},      /* cut at a character boundary */
		{"ab. c", "ab", 4},      /* then trailing dots and spaces go */
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		char *got = file_name_safe(cases[i].in, cases[i].room);

		if (strcmp(got, cases[i].out) != 0)
			fail_msg("file_name_safe(\"%s\") = \"%s\", want \"%s\"",
			    cases[i].in, got, cases[i].out);
		free(got);
	}
}

static void
test_show_invisible(void **state)
{
	char *s;

	(void)state;
	assert_null(utf8_show_invisible("得分“38”不是数字"));
	s = utf8_show_invisible("“3\u00a0”“2\u20098”“\u200b”\ufeff");
	assert_string_equal(s, "“3<U+00A0>”“2<U+2009>8”“<U+200B>”<U+FEFF>");
	free(s);
}

static void
test_source_date_epoch(void **state)
{
	static const char *const bad[] = {"abc", "-1", "1e9", "253402300800",
	    "1e17", " 5", "5 ", "99999999999999999999999"};
	long long t = -1;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		if (source_date_epoch(&t))
			fail_msg("SOURCE_DATE_EPOCH=\"%s\" taken", bad[i]);
	}
	setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
	assert_true(source_date_epoch(&t));
	assert_true(t == 253402300799LL);
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	assert_true(source_date_epoch(&t));
	assert_true(t == 0);
	unsetenv("SOURCE_DATE_EPOCH");
	t = 7;
	assert_true(source_date_epoch(&t));
	assert_true(t == 7);
}

static void
test_path_same_place(void **state)
{
	(void)state;
	assert_true(path_same_place("/tmp/no/such/x.pdf",
	    "/tmp/no/such/../such/./x.pdf"));
	assert_true(path_same_place("/tmp/x.pdf", "/tmp//x.pdf"));
	assert_false(path_same_place("/tmp/x.pdf", "/tmp/y.pdf"));
	assert_false(path_same_place("/tmp/a/x.pdf", "/tmp/b/x.pdf"));
}

/* System errors of files are said in Chinese, the rarer ones too. */
static void
test_file_strerror(void **state)
{
	(void)state;
	assert_string_equal(file_strerror(ENOENT), "没有这个文件");
	assert_string_equal(file_strerror(ENOSPC), "磁盘已满");
	assert_string_equal(file_strerror(EMFILE), "打开的文件太多");
	assert_string_equal(file_strerror(ENOMEM), "内存不足");
	assert_string_equal(file_strerror(EFBIG), "文件太大");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_encode),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_fmt_cents),
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_file_write_atomic),
		cmocka_unit_test(test_path_join),
		cmocka_unit_test(test_cell_formula_like),
		cmocka_unit_test(test_file_name_safe),
		cmocka_unit_test(test_show_invisible),
		cmocka_unit_test(test_source_date_epoch),
		cmocka_unit_test(test_path_same_place),
		cmocka_unit_test(test_file_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
