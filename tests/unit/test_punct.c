/* test_punct.c: unit tests of the punctuation of Chinese text (punct.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pdf/punct.h"
#include "util.h"

/* A font without U+2212. */
static bool
no_minus(uint32_t cp, void *ctx)
{
	(void)ctx;
	return cp != 0x2212;
}

/* A font with neither minus form. */
static bool
no_minus_at_all(uint32_t cp, void *ctx)
{
	(void)ctx;
	return cp != 0x2212 && cp != 0xFF0D;
}

/* Normalises in (with has) and compares with want; then checks that
 * normalising the result changes nothing. */
static void
check_has(const char *in, const char *want, punct_has_fn has)
{
	size_t n = 0, n2 = 0;
	char *out = punct_normalize(in, strlen(in), has, NULL, &n);
	const char *got = out ? out : in;
	char *again;

	if (strcmp(got, want) != 0)
		fail_msg("punct(\"%s\") = \"%s\", want \"%s\"", in, got, want);
	if (out != NULL)
		assert_int_equal(n, strlen(out));
	again = punct_normalize(got, strlen(got), has, NULL, &n2);
	if (again != NULL)
		fail_msg("not idempotent: \"%s\" -> \"%s\"", got, again);
	free(out);
}

static void
check(const char *in, const char *want)
{
	check_has(in, want, NULL);
}

static void
test_marks(void **state)
{
	(void)state;
	check("材料不够完整,已现场指出", "材料不够完整，已现场指出");
	check("班子不团结;未完成工作任务", "班子不团结；未完成工作任务");
	check("联系人:张三", "联系人：张三");
	check("是否按期换届?是", "是否按期换届？是");
	check("成绩突出!", "成绩突出！");
	check("完整, 已指出", "完整，已指出");
	check("完整 , 已指出", "完整，已指出");
	check("电话:0571-1234", "电话：0571-1234");
	check("OK,已完成", "OK，已完成");
	check("Hello, 世界", "Hello，世界");
	check("时间:12:30开会", "时间：12:30开会");
	check("共1,000人", "共1,000人");
	check("第3,4项", "第3,4项");
	check("说明:", "说明：");
	check(":说明", "：说明");
	check("什么?!", "什么？！");
	check("\"三会一课\",制度", "“三会一课”，制度");
}

static void
test_latin_untouched(void **state)
{
	(void)state;
	check("A, B; C: D? E!", "A, B; C: D? E!");
	check("2.1", "2.1");
	check("95.50", "95.50");
	check("f(x)", "f(x)");
	check("He said \"hi\".", "He said \"hi\".");
	check("don't", "don't");
	check("B-12", "B-12");
	check("2020-2021", "2020-2021");
	check("R1-abc", "R1-abc");
	check("", "");
	check("党支部", "党支部");
	check("，；：？！（）“”‘’", "，；：？！（）“”‘’");
}

static void
test_urls(void **state)
{
	(void)state;
	check("邮箱:dangwei@example.com,请联系",
	    "邮箱：dangwei@example.com，请联系");
	check("网址:http://www.example.cn/a?b=1,见附件",
	    "网址：http://www.example.cn/a?b=1，见附件");
	check("见www.example.cn/x?y!", "见www.example.cn/x?y!");
	check("见www.example.cn/x?y,谢谢", "见www.example.cn/x?y，谢谢");
	check("(见https://a.cn/p(1))", "（见https://a.cn/p(1)）");
	check("邮箱 a-1@b.cn", "邮箱 a-1@b.cn");
	check("mailto:x@y.z", "mailto:x@y.z");
}

static void
test_parens(void **state)
{
	(void)state;
	check("班子建设(20)", "班子建设（20）");
	check("(一)组织建设", "（一）组织建设");
	check("(失2.13分)", "（失2.13分）");
	check("（失2.13分)", "（失2.13分）");
	check("(失2.13分）", "（失2.13分）");
	check("函数f(x)的值", "函数f（x）的值");
	check("见附件 (1)", "见附件（1）");
	check("(A)类", "（A）类");
	check("(note)", "(note)");
	check("支部)", "支部）");
	check("(支部", "（支部");
	check("((嵌套))", "（（嵌套））");
	check("党委(a(b)c)", "党委（a(b)c）");
}

static void
test_quotes(void **state)
{
	(void)state;
	check("落实\"三会一课\"制度", "落实“三会一课”制度");
	check("\"三会一课\"", "“三会一课”");
	check("说 \"好\" 的", "说“好”的");
	check("'两学一做'", "‘两学一做’");
	check("\"A\"和\"B\"", "“A”和“B”");
	check("\"一\"\"二\"", "“一”“二”");
	check("开头\"未闭合", "开头“未闭合");
	check("第一行\"甲\"\n第二行\"乙\"", "第一行“甲”\n第二行“乙”");
	check("\"OK\" 就行", "“OK”就行");
	check("他说'don't'", "他说‘don't’");
}

static void
test_minus(void **state)
{
	(void)state;
	check("-0.43", "−0.43");
	check("2.3 主题党日 -0.41", "2.3 主题党日 −0.41");
	check("扣-1分", "扣−1分");
	check("(-3)", "(−3)");
	check("（-3）", "（−3）");
	check("-.5", "−.5");
	check("得分:-2", "得分：−2");
	check("1-2", "1-2");
	check("a-1", "a-1");
	check("--1", "--1");
	check("x - 1", "x - 1");
	check("差 -1", "差 −1");
	check_has("-0.43", "－0.43", no_minus);
	check_has("-0.43", "-0.43", no_minus_at_all);
}

static void
test_bad_bytes(void **state)
{
	size_t n = 0;
	char *out;
	const char in[] = "完整,\xff已";

	(void)state;
	out = punct_normalize(in, strlen(in), NULL, NULL, &n);
	assert_non_null(out);
	assert_int_equal(n, strlen("完整，\xff已"));
	assert_memory_equal(out, "完整，\xff已", n);
	free(out);
	/* A NUL inside the given length is copied. */
	out = punct_normalize("甲,\0乙", 6, NULL, NULL, &n);
	assert_non_null(out);
	assert_int_equal(n, 8);
	free(out);
	assert_null(punct_normalize(NULL, 0, NULL, NULL, &n));
}

static void
test_is_cjk(void **state)
{
	(void)state;
	assert_true(punct_is_cjk(0x4E00));
	assert_true(punct_is_cjk(0x20BB7));  /* 𠮷 */
	assert_true(punct_is_cjk(0xFF0C));
	assert_true(punct_is_cjk(0x3002));
	assert_false(punct_is_cjk(0x3000));  /* ideographic space */
	assert_false(punct_is_cjk('a'));
	assert_false(punct_is_cjk(0x201C));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_latin_untouched),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_parens),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_minus),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_is_cjk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
