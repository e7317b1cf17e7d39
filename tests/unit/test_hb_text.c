/* test_hb_text.c: unit tests of hb_text.c: the handbook's CommonMark parts
 * read into blocks (titles, run-in heads, lists, pipe tables, soft breaks,
 * HTML comments, the built-in defaults and a committee's own file). */
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

#include "out/hb_text.h"
#include "model.h"
#include "templates.h"
#include "util.h"

/* A model holding the built-in parts, as the ingest reads them when a
 * data set has no handbook/ folder. */
static struct model *
model_with_defaults(void)
{
	struct model *m = model_new("/nonexistent-data-set");
	size_t k;

	for (k = 0; k < HANDBOOK_NTEXTS; k++) {
		char *sub = xasprintf("handbook/%s", handbook_text_names[k]);
		size_t len = 0;
		const char *t = template_get(sub, &len);

		assert_non_null(t);
		m->handbook[k].file = "templates/handbook/x.md";
		m->handbook[k].text = xstrndup(t, len);
		m->handbook[k].len = len;
		free(sub);
	}
	return m;
}

/* The built-in parts: four of them, each titled, none empty. */
static void
test_defaults(void **state)
{
	struct model *m = model_with_defaults();
	struct hb_texts t;
	size_t k;

	(void)state;
	hb_texts_load(&t, m);
	assert_string_equal(t.part[0].title, "使用说明");
	assert_string_equal(t.part[3].title, "常用文件");
	for (k = 0; k < HB_NTEXTS; k++) {
		assert_non_null(t.part[k].title);
		assert_true(t.part[k].nblocks > 5);
		assert_non_null(strstr(t.part[k].file, "templates/handbook/"));
	}
	hb_texts_free(&t);
	model_free(m);
}

/* A part of the committee's own, read as written. */
static void
test_own_part(void **state)
{
	struct model *m = model_with_defaults();
	struct hb_texts t;
	const struct hb_part *p;
	const struct hb_block *b;
	const char *own =
	    "<!-- 给党委的说明，不印 -->\n"
	    "# 使用须知\n"
	    "\n"
	    "## 一、用途\n"
	    "\n"
	    "本手册由党委\n统一印发，\nused by\nbranches.\n"
	    "\n"
	    "**党课**：每季度\n1次。\n"
	    "\n"
	    "1. 第一项\n"
	    "2. 第二项\n"
	    "   - 其中一点\n"
	    "\n"
	    "| 类别 | 标准 |\n"
	    "| --- | :---: |\n"
	    "| 在职 | 0.5% |\n"
	    "| 学生 \\| 其他 | 0.2元 | 多余 |\n"
	    "\n"
	    "| 不是表格 |\n"
	    "普通一行\n";

	(void)state;
	free(m->handbook[0].text);
	m->handbook[0].file = "/data/handbook/01-使用说明.md";
	m->handbook[0].text = xstrdup(own);
	m->handbook[0].len = strlen(own);
	hb_texts_load(&t, m);
	p = &t.part[0];
	assert_string_equal(p->title, "使用须知");
	assert_string_equal(p->file, "/data/handbook/01-使用说明.md");
	assert_int_equal(p->nblocks, 8);
	b = &p->blocks[0];
	assert_int_equal(b->kind, HB_HEADING);
	assert_int_equal(b->level, 2);
	assert_string_equal(b->text, "一、用途");
	assert_int_equal(b->pos.line, 4);
	/* no space between Chinese lines, one between Latin words */
	b = &p->blocks[1];
	assert_int_equal(b->kind, HB_PARAGRAPH);
	assert_string_equal(b->text, "本手册由党委统一印发，used by branches.");
	/* run-in head */
	b = &p->blocks[2];
	assert_string_equal(b->head, "党课");
	assert_true(b->head_strong);
	assert_string_equal(b->text, "：每季度1次。");
	/* lists: markers and depth */
	b = &p->blocks[3];
	assert_string_equal(b->marker, "1.");
	assert_int_equal(b->level, 1);
	assert_string_equal(b->text, "第一项");
	assert_string_equal(p->blocks[4].marker, "2.");
	assert_string_equal(p->blocks[5].marker, "•");
	assert_int_equal(p->blocks[5].level, 2);
	/* the pipe table: header, rows padded or cut to its columns */
	b = &p->blocks[6];
	assert_int_equal(b->kind, HB_TABLE);
	assert_int_equal(b->ncols, 2);
	assert_int_equal(b->nrows, 3);
	assert_string_equal(b->cells[0], "类别");
	assert_string_equal(b->cells[3], "0.5%");
	assert_string_equal(b->cells[4], "学生 | 其他");
	assert_string_equal(b->cells[5], "0.2元");
	/* a paragraph without a delimiter row is a paragraph */
	assert_int_equal(p->blocks[7].kind, HB_PARAGRAPH);
	/* the other parts are the built-in ones */
	assert_string_equal(t.part[1].title, "支部工作制度");
	hb_texts_free(&t);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_own_part),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
