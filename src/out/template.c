/* template.c: `kaohe template` (SPEC section 9), the workbook a clerk fills
 * in.  One sheet per table of the data set (SPEC sections 2, 8 and 11),
 * headed by the Chinese column names kaohe reads back; the header row
 * frozen and locked, the cells below it open; each column with the data
 * validation that keeps a wrong value out while typing, and an input
 * message saying what goes there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "out/out.h"
#include "out/xlsx_out.h"
#include "templates.h"

/* What a column takes; this decides its validation and cell format. */
enum kind {
	K_TEXT,       /* free text */
	K_LONG,       /* free text that may be long: wrapped */
	K_BRANCH_ID,  /* 支部!支部编号: unique */
	K_BRANCH,     /* a branch: drop-down of the 支部 sheet's ids */
	K_ITEM_ID,    /* 考核细则!编号: unique */
	K_ITEM,       /* a rubric item: drop-down of the 考核细则 sheet's ids */
	K_PERIOD,     /* drop-down of [periods] */
	K_SOURCE,     /* drop-down of [weights] */
	K_VETO,       /* drop-down of [veto] reasons (any text if none) */
	K_RECTYPE,    /* drop-down of the record types */
	K_ROLE,       /* drop-down of the 党内职务 */
	K_ROLE_FREE,  /* the same list offered, other text allowed */
	K_SEX,        /* 男 or 女 */
	K_DATE,
	K_WHOLE,      /* a whole number ≥ 0 */
	K_POINTS,     /* 考核细则!分值: > 0, at most 2 decimals */
	K_SCORE,      /* 评分!得分 (long form): 0 … the item's 分值 */
	K_DEDUCTION,  /* 评分!扣分: ≥ 0, at most 2 decimals */
};

struct col {
	const char *name; /* header: the Chinese column name of SPEC 2/11 */
	enum kind kind;
	const char *tip;  /* input message: what goes there */
};

/* The columns of each sheet, as SPEC sections 2 and 11 list them.  To add
 * a column: add it here (and to the reader's table). */
static const struct col rubric_cols[] = {
	{"编号", K_ITEM_ID, "细则的编号，如 1.1，不能重复。评分表按编号找细则。"},
	{"类别", K_TEXT, "所属的大类，如 班子建设。同一类别的各项请连在一起。"},
	{"考核内容", K_TEXT, "这一项考什么，简短的标题。"},
	{"分值", K_POINTS, NULL},
	{"评分标准", K_LONG, "怎样打分、怎样扣分，可以写得详细些。"},
};
static const struct col branch_cols[] = {
	{"支部编号", K_BRANCH_ID, "支部的编号，如 JG01，不能重复。其他各表的"
	    "支部编号都从这一列选。"},
	{"支部名称", K_TEXT, "支部的全称，如 办公室党支部。"},
	{"上级党组织", K_TEXT, "所属的党委或党总支，可不填。"},
	{"支部书记", K_TEXT, "书记的姓名，可不填。"},
	{"党员人数", K_WHOLE, NULL},
	{"换届时间", K_DATE, "上次换届选举的日期，如 2023-06-30，可不填。"},
};
static const struct col score_key_cols[] = {
	{"支部编号", K_BRANCH, NULL},
	{"考核期", K_PERIOD, NULL},
	{"评价方式", K_SOURCE, NULL},
	{"评价人", K_TEXT, "打分的人或单位，可不填。同一支部同一项有几位"
	    "评价人时，每人一行，得分取平均。"},
};
static const struct col score_long_cols[] = {
	{"细则编号", K_ITEM, NULL},
	{"得分", K_SCORE, NULL},
	{"扣分", K_DEDUCTION, NULL},
	{"说明", K_LONG, "得分或扣分的理由，印在支部的考核评分表上，可不填。"},
};
static const struct col veto_cols[] = {
	{"支部编号", K_BRANCH, NULL},
	{"否决事项", K_VETO, NULL},
	{"说明", K_LONG, "发生了什么，可不填。"},
	{"日期", K_DATE, "发生或认定的日期，如 2025-09-18，可不填。"},
	{"文号", K_TEXT, "认定它的文件的文号，可不填。"},
};
static const struct col record_cols[] = {
	{"支部编号", K_BRANCH, NULL},
	{"日期", K_DATE, "召开的日期，如 2025-03-07。"},
	{"类型", K_RECTYPE, NULL},
	{"主题", K_TEXT, "会议或党课的主题，可不填。"},
	{"应到", K_WHOLE, NULL},
	{"实到", K_WHOLE, NULL},
};
static const struct col worker_cols[] = {
	{"姓名", K_TEXT, "推荐人选的姓名。"},
	{"支部编号", K_BRANCH, NULL},
	{"职务", K_ROLE_FREE, "如 支部书记、组织委员；可从下拉框选，也可"
	    "直接填写。"},
	{"事迹", K_LONG, "简要事迹，可不填。"},
};
static const struct col member_cols[] = {
	{"姓名", K_TEXT, "党员姓名。"},
	{"支部编号", K_BRANCH, NULL},
	{"性别", K_SEX, NULL},
	{"民族", K_TEXT, "如 汉族，可不填。"},
	{"出生日期", K_DATE, "如 1985-04-12，可不填。"},
	{"学历", K_TEXT, "如 大学本科，可不填。"},
	{"入党日期", K_DATE, "入党（接收为预备党员）的日期，如 2010-07-01。"},
	{"转正日期", K_DATE, "转为正式党员的日期；预备党员空着不填。"},
	{"党内职务", K_ROLE, NULL},
	{"党小组", K_TEXT, "所在党小组，可不填。"},
};

static const char *const sexes[] = {"男", "女", NULL};

static char *short_cents(int64_t cents, char *out);

/* The weight of period p in this run: its [periods] weight, or under
 * --period 100 for that period and 0 for the others. */
static int
period_weight(const struct model *m, size_t p)
{
	if (m->selected_period >= 0)
		return (int)p == m->selected_period ? 100 : 0;
	return m->cfg.periods[p].weight;
}

#define ROW_LAST (LXW_ROW_MAX - 1)
#define WIDE_MAX 60.0  /* the widest a column grows, in widths of "0" */

/* The workbook's formats: every cell below a header is unlocked. */
struct fmts {
	lxw_format *head, *head_row, *text, *long_text, *date, *number;
	lxw_format *wrap_locked, *title_locked;
};

struct tpl {
	const struct model *m;
	lxw_workbook *wb;
	struct fmts f;
	bool long_form;
};

static void
fmts_make(struct tpl *t)
{
	lxw_workbook *wb = t->wb;
	struct fmts *f = &t->f;

	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bg_color(f->head, 0xD9E1F2);
	format_set_border(f->head, LXW_BORDER_THIN);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
	f->head_row = workbook_add_format(wb); /* locked, as all by default */
	f->text = workbook_add_format(wb);
	format_set_unlocked(f->text);
	format_set_num_format(f->text, "@"); /* 001 stays 001, 1.10 stays 1.10 */
	f->long_text = workbook_add_format(wb);
	format_set_unlocked(f->long_text);
	format_set_num_format(f->long_text, "@");
	format_set_text_wrap(f->long_text);
	format_set_align(f->long_text, LXW_ALIGN_VERTICAL_TOP);
	f->date = workbook_add_format(wb);
	format_set_unlocked(f->date);
	format_set_num_format(f->date, "yyyy-mm-dd");
	f->number = workbook_add_format(wb);
	format_set_unlocked(f->number);
	f->wrap_locked = workbook_add_format(wb);
	format_set_text_wrap(f->wrap_locked);
	format_set_align(f->wrap_locked, LXW_ALIGN_VERTICAL_TOP);
	f->title_locked = workbook_add_format(wb);
	format_set_bold(f->title_locked);
	format_set_align(f->title_locked, LXW_ALIGN_VERTICAL_TOP);
}

static lxw_format *
cell_format(const struct tpl *t, enum kind k)
{
	switch (k) {
	case K_LONG:
		return t->f.long_text;
	case K_DATE:
		return t->f.date;
	case K_WHOLE: case K_POINTS: case K_SCORE: case K_DEDUCTION:
		return t->f.number;
	default:
		return t->f.text;
	}
}

/* A cell reference in A1 form ("E2"), relative; out holds 16 bytes. */
static char *
a1(lxw_row_t r, lxw_col_t c, char *out)
{
	lxw_rowcol_to_cell(out, r, c);
	return out;
}

/* The column letters of c ("E"); out holds 16 bytes. */
static char *
letters(lxw_col_t c, char *out)
{
	lxw_col_to_name(out, c, false);
	return out;
}

/* Sets the input message (and the error message, for a validation that
 * can refuse) of dv. */
static void
dv_messages(lxw_data_validation *dv, const char *title, const char *input,
    const char *error)
{
	dv->input_title = (char *)title;
	dv->input_message = (char *)input;
	if (error) {
		dv->error_title = (char *)"输入有误";
		dv->error_message = (char *)error;
		dv->error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	}
}

/* A copy of s cut to max characters (NULL stays NULL). */
static char *
clip(const char *s, size_t max)
{
	return s ? xstrndup(s, xlsx_out_prefix(s, max)) : NULL;
}

/* Puts dv on column c below the header, its texts cut to what Excel
 * allows (titles 32 characters, messages 255). */
static void
dv_apply(lxw_worksheet *ws, lxw_col_t c, lxw_data_validation *dv)
{
	char *it = clip(dv->input_title, 32);
	char *im = clip(dv->input_message, 255);
	char *et = clip(dv->error_title, 32);
	char *em = clip(dv->error_message, 255);

	dv->input_title = it;
	dv->input_message = im;
	dv->error_title = et;
	dv->error_message = em;
	worksheet_data_validation_range(ws, 1, c, ROW_LAST, c, dv);
	free(it);
	free(im);
	free(et);
	free(em);
}

/* Joins a NULL-terminated list for a typed drop-down.  Returns NULL when
 * it is longer than Excel allows (255 characters with the commas), or
 * empty. */
static char **
typed_list(const char *const *names, size_t n, struct buf *joined)
{
	char **list;
	size_t i, chars = 0;

	if (n == 0)
		return NULL;
	for (i = 0; i < n; i++) {
		chars += utf8_chars(names[i]) + (i ? 1 : 0);
		if (i)
			buf_adds(joined, "、");
		buf_adds(joined, names[i]);
		/* a comma or a quote would split or break the list */
		if (strpbrk(names[i], ",\"") != NULL || !*names[i])
			return NULL;
	}
	if (chars > 255)
		return NULL;
	list = xcalloc(n + 1, sizeof *list);
	for (i = 0; i < n; i++)
		list[i] = (char *)names[i];
	return list;
}

/* The drop-down of the non-empty cells of column A of sheet, from row 2
 * down, as far as it is filled (a range, not a typed list, which Excel
 * limits to 255 characters). */
static char *
range_list(const char *sheet)
{
	return xasprintf("=OFFSET('%s'!$A$2,0,0,"
	    "MAX(1,COUNTA('%s'!$A$2:$A$%u)),1)", sheet, sheet,
	    (unsigned)LXW_ROW_MAX);
}

/* Validation of column c (rows 2 … the last) by the column's kind. */
static void
validate(struct tpl *t, lxw_worksheet *ws, struct xlsx_out_widths *w,
    lxw_col_t c, const struct col *col)
{
	const struct config *cfg = &t->m->cfg;
	lxw_data_validation dv = {0};
	char here[16], colname[16], num[32], *formula = NULL, *input = NULL;
	char *error = NULL;
	char **list = NULL;
	struct buf joined = {0};
	const char **names = NULL;
	size_t i, n = 0;

	a1(1, c, here);
	letters(c, colname);
	switch (col->kind) {
	case K_TEXT:
	case K_LONG:
		if (col->tip == NULL)
			return;
		dv.validate = LXW_VALIDATION_TYPE_ANY;
		dv_messages(&dv, col->name, col->tip, NULL);
		break;
	case K_BRANCH_ID:
	case K_ITEM_ID:
		/* unique in its column */
		formula = xasprintf("=COUNTIF($%s:$%s,%s)=1", colname, colname,
		    here);
		dv.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
		dv.value_formula = formula;
		error = xasprintf("“%s”不能重复：这一列上下已有同样的编号。",
		    col->name);
		dv_messages(&dv, col->name, col->tip, error);
		break;
	case K_BRANCH:
		formula = range_list("支部");
		dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
		dv.value_formula = formula;
		dv_messages(&dv, col->name, "从下拉框选支部编号；下拉框列出“支部”"
		    "表中的支部。", "没有这个支部编号：请从下拉框选，或先在"
		    "“支部”表中添上这个支部。");
		break;
	case K_ITEM:
		formula = range_list("考核细则");
		dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
		dv.value_formula = formula;
		dv_messages(&dv, col->name, "从下拉框选细则编号；下拉框列出“考核"
		    "细则”表中的各项。", "没有这个细则编号：请从下拉框选。");
		break;
	case K_PERIOD:
	case K_SOURCE: {
		bool period = col->kind == K_PERIOD;
		const struct named_weight *nw = period ? cfg->periods :
		    cfg->sources;

		n = period ? cfg->nperiods : cfg->nsources;
		names = xcalloc(n + 1, sizeof *names);
		for (i = 0; i < n; i++)
			names[i] = nw[i].name;
		list = typed_list(names, n, &joined);
		{
			struct buf msg = {0};

			buf_printf(&msg, "从下拉框选：%s。", joined.s ? joined.s : "");
			buf_adds(&msg, "权重：");
			for (i = 0; i < n; i++)
				buf_printf(&msg, "%s%s %d%%", i ? "，" : "",
				    nw[i].name, period ? period_weight(t->m, i) :
				    nw[i].weight);
			buf_adds(&msg, "。权重为 0 的可以不填。");
			input = buf_take(&msg);
		}
		error = xasprintf("只能是 %s 之一，请从下拉框选。",
		    joined.s ? joined.s : "");
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = list;
		dv_messages(&dv, col->name, input, error);
		break;
	}
	case K_VETO:
		n = cfg->nveto_reasons;
		names = xcalloc(n + 1, sizeof *names);
		for (i = 0; i < n; i++)
			names[i] = cfg->veto_reasons[i];
		if ((list = typed_list(names, n, &joined)) == NULL) {
			/* no list set ([veto] reasons empty): any text */
			dv.validate = LXW_VALIDATION_TYPE_ANY;
			dv_messages(&dv, col->name, n ? "否决事项，须与设置中的 "
			    "[veto] reasons 之一相同。" : "否决事项，如实填写。",
			    NULL);
			break;
		}
		input = xasprintf("从下拉框选：%s。", joined.s);
		error = xasprintf("否决事项只能是 %s 之一。", joined.s);
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = list;
		dv_messages(&dv, col->name, input, error);
		break;
	case K_RECTYPE:
		for (n = 0; record_type_names[n]; n++)
			;
		list = typed_list(record_type_names, n, &joined);
		input = xasprintf("从下拉框选：%s。", joined.s);
		error = xasprintf("类型只能是 %s 之一。", joined.s);
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = list;
		dv_messages(&dv, col->name, input, error);
		break;
	case K_ROLE:
	case K_ROLE_FREE:
	case K_SEX: {
		/* 党内职务 (SPEC section 11): all but the last, "" */
		const char *const *src = col->kind == K_SEX ? sexes :
		    member_role_names;

		n = col->kind == K_SEX ? 2 : MEMBER_ROLE_NONE;
		list = typed_list(src, n, &joined);
		dv.validate = LXW_VALIDATION_TYPE_LIST;
		dv.value_list = list;
		if (col->kind == K_ROLE_FREE) {
			/* the list offered; other text allowed after a note */
			dv_messages(&dv, col->name, col->tip, "这不是常见的职务"
			    "名称；确实如此，请点“确定”。");
			dv.error_type = LXW_VALIDATION_ERROR_TYPE_INFORMATION;
			break;
		}
		input = xasprintf("从下拉框选：%s%s。", joined.s,
		    col->kind == K_ROLE ? "；没有党内职务的空着" : "");
		error = xasprintf("只能是 %s 之一。", joined.s);
		dv_messages(&dv, col->name, input, error);
		break;
	}
	case K_DATE:
		dv.validate = LXW_VALIDATION_TYPE_DATE;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_datetime = (lxw_datetime){1900, 1, 1, 0, 0, 0};
		dv.maximum_datetime = (lxw_datetime){2099, 12, 31, 0, 0, 0};
		dv_messages(&dv, col->name, col->tip ? col->tip :
		    "日期，如 2025-03-07。", "请填日期，如 2025-03-07 或 "
		    "2025/3/7。");
		break;
	case K_WHOLE:
		dv.validate = LXW_VALIDATION_TYPE_INTEGER;
		dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
		dv.value_number = 0;
		input = xasprintf("人数，填 0 或正整数%s。", strcmp(col->name,
		    "党员人数") ? "" : "，可不填");
		dv_messages(&dv, col->name, input, "请填 0 或正整数（不带小数）。");
		break;
	case K_POINTS:
		formula = xasprintf("=AND(ISNUMBER(%s),%s>0,ROUND(%s,2)=%s)",
		    here, here, here, here);
		dv.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
		dv.value_formula = formula;
		input = xasprintf("这一项的满分，大于 0，最多两位小数。各项分值"
		    "合计须为 %s。", short_cents(cfg->rubric_total, num));
		dv_messages(&dv, col->name, input, "分值须大于 0，最多两位小数。");
		break;
	case K_SCORE: {
		char item[16], ded[16];

		a1(1, c - 1, item);
		a1(1, c + 1, ded);
		/* the item's 分值 from the 考核细则 sheet */
		formula = xasprintf("=AND(ISNUMBER(%s),%s>=0,%s<=VLOOKUP($%s,"
		    "'考核细则'!$A:$D,4,FALSE),ROUND(%s,2)=%s)", here, here,
		    here, item, here, here);
		dv.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
		dv.value_formula = formula;
		dv_messages(&dv, col->name, "得分，0 到这一项的分值，最多两位"
		    "小数。得分和扣分只填一个。", "得分须在 0 到这一项的分值之间，"
		    "最多两位小数；请先选细则编号。");
		break;
	}
	case K_DEDUCTION:
		formula = xasprintf("=AND(ISNUMBER(%s),%s>=0,ROUND(%s,2)=%s)",
		    here, here, here, here);
		dv.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
		dv.value_formula = formula;
		dv_messages(&dv, col->name, "扣掉的分数，最多两位小数；得分 = "
		    "分值 − 扣分，最低 0 分。得分和扣分只填一个。",
		    "扣分须是 0 或正数，最多两位小数。");
		break;
	}
	if (dv.validate == LXW_VALIDATION_TYPE_LIST && list == NULL) {
		/* too long for a typed list: the message says what goes there */
		dv.validate = LXW_VALIDATION_TYPE_ANY;
		dv.error_message = NULL;
		dv.error_title = NULL;
	}
	/* the column fits the longest choice of its drop-down */
	for (i = 0; list && list[i]; i++)
		xlsx_out_fit(w, c, list[i], WIDE_MAX);
	dv_apply(ws, c, &dv);
	free(formula);
	free(input);
	free(error);
	free(list);
	free(names);
	buf_free(&joined);
}

/* Validation of a wide-form score column: 0 … the item's points. */
static void
validate_item_score(lxw_worksheet *ws, lxw_col_t c, const struct item *it)
{
	lxw_data_validation dv = {0};
	char here[16], num[32];
	char *formula, *input, *error;

	a1(1, c, here);
	short_cents(it->points, num);
	formula = xasprintf("=AND(ISNUMBER(%s),%s>=0,%s<=%s,ROUND(%s,2)=%s)",
	    here, here, here, num, here, here);
	input = xasprintf("得分，0 到 %s，最多两位小数。", num);
	error = xasprintf("细则 %s 的得分须在 0 到 %s 之间，最多两位小数。",
	    it->id, num);
	dv.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
	dv.value_formula = formula;
	dv_messages(&dv, it->id, input, error);
	dv_apply(ws, c, &dv);
	free(formula);
	free(input);
	free(error);
}

/* A worksheet with the header row frozen and locked, every other cell
 * open; rows may be inserted, deleted and sorted, columns resized. */
static lxw_worksheet *
sheet_new(struct tpl *t, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(t->wb, name);
	lxw_protection prot = {0};

	prot.format_columns = 1;
	prot.format_rows = 1;
	prot.insert_rows = 1;
	prot.delete_rows = 1;
	prot.sort = 1;
	prot.autofilter = 1;
	worksheet_protect(ws, NULL, &prot);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_set_row(ws, 0, 20, t->f.head_row);
	return ws;
}

/* Writes text in a cell (cut to what a cell holds) and notes its width. */
static void
put_text(lxw_worksheet *ws, struct xlsx_out_widths *w, lxw_row_t r,
    lxw_col_t c, const char *s, lxw_format *f, double max)
{
	char *cut;
	const char *v = xlsx_out_text(s, &cut);

	if (cut) {
		char ref[16];

		diag_msg(D_CELL_CUT, NULL, 0, 0, "模板", ws->name,
		    a1(r, c, ref), XLSX_OUT_TEXT_MAX, XLSX_OUT_TEXT_MAX);
	}
	if (*v)
		worksheet_write_string(ws, r, c, v, f);
	xlsx_out_fit(w, c, v, max);
	free(cut);
}

static void
put_date(lxw_worksheet *ws, struct xlsx_out_widths *w, lxw_row_t r,
    lxw_col_t c, struct date d, const struct tpl *t)
{
	lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};

	if (d.year == 0)
		return;
	worksheet_write_datetime(ws, r, c, &dt, t->f.date);
	xlsx_out_fit(w, c, "2025-01-01", WIDE_MAX);
}

static void
put_cents(lxw_worksheet *ws, struct xlsx_out_widths *w, lxw_row_t r,
    lxw_col_t c, int64_t cents, const struct tpl *t)
{
	char num[32];

	worksheet_write_number(ws, r, c, xlsx_out_cents(cents), t->f.number);
	xlsx_out_fit(w, c, fmt_cents(cents, num), WIDE_MAX);
}

/* The header row of cols, their validations and column formats; widths
 * fitted to the headers and what w has seen in the data. */
static void
columns(struct tpl *t, lxw_worksheet *ws, struct xlsx_out_widths *w,
    const struct col *cols, size_t n, lxw_col_t first)
{
	size_t i;

	for (i = 0; i < n; i++) {
		lxw_col_t c = (lxw_col_t)(first + i);
		double min = cols[i].kind == K_LONG ? 40 : 8;

		worksheet_write_string(ws, 0, c, cols[i].name, t->f.head);
		xlsx_out_fit(w, c, cols[i].name, WIDE_MAX);
		if (cols[i].kind == K_DATE)
			min = 12;
		validate(t, ws, w, c, &cols[i]);
		worksheet_set_column(ws, c, c, xlsx_out_width(w, c, min),
		    cell_format(t, cols[i].kind));
	}
}

/* Every cell right of the table open too, so that whole rows can be
 * deleted on the protected sheet. */
static void
rest_open(struct tpl *t, lxw_worksheet *ws, lxw_col_t first)
{
	worksheet_set_column(ws, first, LXW_COL_MAX - 1, LXW_DEF_COL_WIDTH,
	    t->f.text);
}

/* --- 说明 -------------------------------------------------------------- */

static void
sheet_guide(struct tpl *t)
{
	lxw_worksheet *ws = workbook_add_worksheet(t->wb, "说明");
	const struct config *cfg = &t->m->cfg;
	lxw_protection prot = {0};
	struct buf b = {0};
	char num[32];
	lxw_row_t r = 0;
	size_t i;
	struct {
		const char *sheet;
		char *how;
	} rows[12];
	size_t n = 0;

	rows[n].sheet = "填写须知";
	rows[n++].how = xstrdup(
	    "本工作簿是党支部建设目标管理考核的数据表，共九张表，每张表的第一行"
	    "是表头（列名），已锁定，不要改动；从第二行起一行填一条。可以插入、"
	    "删除行，可以调整列宽。\n"
	    "带下拉箭头的格子从下拉框中选；填错时 Excel 或 WPS 会当场提示。"
	    "选中一个格子，会显示这一列该怎样填。\n"
	    "日期按 2025-03-07 这样填；分数最多两位小数。\n"
	    "填好后保存，用 kaohe 生成考核结果和各种 PDF：\n"
	    "    kaohe build 考核数据.xlsx -o 输出文件夹\n"
	    "数据有错时，kaohe 会指出是哪张表的哪个格子，如 评分!F12，改正后再"
	    "运行一次即可。");
	rows[n].sheet = "设置";
	buf_printf(&b, "考核的各项设置，每行一项：节、项、值。一般只改“值”一列；"
	    "把鼠标停在“项”上可看到这一项的含义。\n"
	    "常用的有：report 节的 organization（发文机关）、year（考核年度）、"
	    "title（标题）、date（成文日期）、doc_number（发文字号）；"
	    "weights 节是各评价方式的权重，periods 节是各考核期的权重，都是整数"
	    "百分比，合计须为 100；rating 节的 levels 是等次和最低分，"
	    "advanced_quota 是先进党支部名额占支部总数的百分比（0 为不限）；"
	    "veto 节的 reasons 是一票否决事项；records 节是各类组织生活每年的"
	    "最少次数。");
	rows[n++].how = buf_take(&b);
	rows[n].sheet = "考核细则";
	buf_printf(&b, "考核表的各项，一项一行：编号、类别、考核内容、分值、评分"
	    "标准。各项分值合计须为 %s 分。\n“评分”表按这里的编号打分；"
	    "改动了细则的编号或分值后，请重新生成模板，或相应改动“评分”表。",
	    short_cents(cfg->rubric_total, num));
	rows[n++].how = buf_take(&b);
	rows[n].sheet = "支部";
	rows[n++].how = xstrdup(
	    "参加考核的支部，一个支部一行。支部编号不能重复；其他各表的支部编号"
	    "都从这里的下拉框选，所以请先填好这张表，中间不要留空行。");
	rows[n].sheet = "评分";
	if (t->long_form)
		buf_adds(&b, "每个得分一行：支部编号、考核期、评价方式、评价人、"
		    "细则编号，再填得分或扣分（二者只填一个）和说明。预先列出"
		    "的行，每行都要填得分或扣分；不打分的行请整行删除。");
	else
		buf_adds(&b, "每行是一个支部在一个考核期、一种评价方式下的打分；"
		    "细则编号一列一项（把鼠标停在列标题上可看到这一项的考核内容"
		    "和评分标准），格子里填得分，0 到这一项的分值，最多两位"
		    "小数。这种格式只填得分：要按扣分填，或写下扣分的理由（印在"
		    "支部的考核评分表上），请用 kaohe template --form long "
		    "生成每个得分一行的模板。");
	buf_adds(&b, "\n同一支部同一项有几位评价人时，每人一行，填上评价人，"
	    "得分取平均。\n考核期：");
	for (i = 0; i < cfg->nperiods; i++)
		buf_printf(&b, "%s%s 权重 %d%%", i ? "，" : "",
		    cfg->periods[i].name, period_weight(t->m, i));
	buf_adds(&b, "；评价方式：");
	for (i = 0; i < cfg->nsources; i++)
		buf_printf(&b, "%s%s 权重 %d%%", i ? "，" : "",
		    cfg->sources[i].name, cfg->sources[i].weight);
	buf_adds(&b, "。权重不为 0 的考核期和评价方式，每个支部的每一项都要"
	    "有得分；权重为 0 的可以不填。");
	rows[n++].how = buf_take(&b);
	rows[n].sheet = "一票否决";
	buf_adds(&b, "有一票否决事项的支部，一个事项一行。被否决的支部评为最低"
	    "等次，不排名次。");
	if (cfg->nveto_reasons) {
		buf_adds(&b, "否决事项：");
		for (i = 0; i < cfg->nveto_reasons; i++)
			buf_printf(&b, "%s%s", i ? "、" : "",
			    cfg->veto_reasons[i]);
		buf_adds(&b, "。");
	}
	buf_adds(&b, "没有就空着。");
	rows[n++].how = buf_take(&b);
	rows[n].sheet = "工作记录";
	rows[n++].how = xstrdup(
	    "各支部“三会一课”等组织生活的记录，一次一行：日期、类型、主题、"
	    "应到和实到人数。不影响得分，在考核评分表和报告中与每年的最少次数"
	    "对照。");
	rows[n].sheet = "推荐人选";
	rows[n++].how = xstrdup(
	    "优秀党务工作者的推荐人选，一人一行。所在支部被一票否决或评为最低"
	    "等次的，不予表彰。");
	rows[n].sheet = "党员";
	rows[n++].how = xstrdup(
	    "党员名册，一人一行，用于生成党支部工作手册。转正日期空着表示预备"
	    "党员；党内职务从下拉框选，没有的空着。不填这张表不影响考核。");

	worksheet_set_row(ws, 0, 20, t->f.head_row);
	worksheet_write_string(ws, 0, 0, "工作表", t->f.head);
	worksheet_write_string(ws, 0, 1, "填写方法", t->f.head);
	for (i = 0; i < n; i++) {
		r++;
		worksheet_write_string(ws, r, 0, rows[i].sheet,
		    t->f.title_locked);
		worksheet_write_string(ws, r, 1, rows[i].how, t->f.wrap_locked);
		free(rows[i].how);
	}
	worksheet_set_column(ws, 0, 0, 12, NULL);
	worksheet_set_column(ws, 1, 1, 100, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	prot.format_columns = 1;
	prot.format_rows = 1;
	worksheet_protect(ws, NULL, &prot);
}

/* --- 设置 -------------------------------------------------------------- */

/* What the built-in kaohe.ini says of each key: the Chinese part of the
 * comment lines above it.  Where a section's first key has two or more
 * lines above it, the first is about the whole section (as in [weights]);
 * an entry with key NULL holds it. */
struct key_note {
	char *section, *key, *text;
};

static void
key_notes(struct key_note **out, size_t *nout)
{
	size_t len, cap = 0, n = 0, nlines = 0, sec_entry = 0;
	const char *s = template_get("kaohe.ini", &len), *end = s + len;
	char *section = NULL, *first = NULL;
	bool first_key = false;
	struct buf pending = {0};
	struct key_note *v = NULL;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t ll = nl ? (size_t)(nl - s) : (size_t)(end - s);
		char *line = xstrndup(s, ll);
		char *l = line, *eq;

		s = nl ? nl + 1 : end;
		while (*l == ' ' || *l == '\t')
			l++;
		if (*l == '[') {
			char *close = strchr(l, ']');

			free(section);
			section = close ?
			    xstrndup(l + 1, (size_t)(close - l - 1)) : NULL;
			buf_free(&pending);
			free(first);
			first = NULL;
			nlines = 0;
			first_key = true;
			xgrow(&v, &cap, n + 1, sizeof *v);
			v[n].section = xstrdup(section ? section : "");
			v[n].key = NULL;
			v[n].text = NULL;
			sec_entry = n++;
		} else if (*l == ';' || *l == '#') {
			char *slash = strstr(l, " / ");
			const char *c;
			bool cjk = false;

			if (slash)
				*slash = '\0';
			for (c = l; *c; c++)
				if ((unsigned char)*c >= 0x80)
					cjk = true;
			l++;
			while (*l == ' ')
				l++;
			if (cjk && section) {
				if (nlines++ == 0)
					first = xstrdup(l);
				else
					buf_addc(&pending, '\n');
				buf_adds(&pending, l);
			}
		} else if (section && (eq = strchr(l, '=')) != NULL) {
			char *k = xstrndup(l, (size_t)(eq - l));
			size_t kl = strlen(k);
			char *text = buf_take(&pending);

			while (kl && (k[kl - 1] == ' ' || k[kl - 1] == '\t'))
				k[--kl] = '\0';
			if (first_key && nlines >= 2) {
				/* the first line speaks of the section */
				v[sec_entry].text = first;
				first = NULL;
				memmove(text, text + strlen(v[sec_entry].text) + 1,
				    strlen(text) - strlen(v[sec_entry].text));
			}
			xgrow(&v, &cap, n + 1, sizeof *v);
			v[n].section = xstrdup(section);
			v[n].key = k;
			v[n++].text = text;
			free(first);
			first = NULL;
			nlines = 0;
			first_key = false;
		}
		free(line);
	}
	free(section);
	free(first);
	buf_free(&pending);
	*out = v;
	*nout = n;
}

/* The note of [section] key with that of its section, or NULL; the
 * caller frees it. */
static char *
key_note(const struct key_note *v, size_t n, const char *section,
    const char *key)
{
	const char *own = NULL, *sec = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].section, section) != 0)
			continue;
		if (v[i].key == NULL)
			sec = v[i].text;
		else if (strcmp(v[i].key, key) == 0 && v[i].text && *v[i].text)
			own = v[i].text;
	}
	if (own && sec)
		return xasprintf("%s\n%s", own, sec);
	return own || sec ? xstrdup(own ? own : sec) : NULL;
}

/* A value in cents as the shortest decimal ("95", "60.5"). */
static char *
short_cents(int64_t cents, char *out)
{
	size_t n;

	fmt_cents(cents, out);
	n = strlen(out);
	while (out[n - 1] == '0')
		out[--n] = '\0';
	if (out[n - 1] == '.')
		out[--n] = '\0';
	return out;
}

struct setting {
	const char *section, *key;
	char *value;
};

static void
add_setting(struct setting **v, size_t *n, size_t *cap, const char *section,
    const char *key, char *value)
{
	xgrow(v, cap, *n + 1, sizeof **v);
	(*v)[*n].section = section;
	(*v)[*n].key = key;
	(*v)[(*n)++].value = value;
}

static void
sheet_settings(struct tpl *t)
{
	static const char *const font_keys[] = {"song", "hei", "kai",
	    "fangsong", "xiaobiaosong", "fallback"};
	static const struct col cols[] = {
		{"节", K_TEXT, "设置所在的节，如 report。不要改动。"},
		{"项", K_TEXT, "设置的名称，如 organization。不要改动；鼠标停在"
		    "格子上可看到含义。"},
		{"值", K_TEXT, "设置的值：一般只改这一列。"},
	};
	const struct config *cfg = &t->m->cfg;
	lxw_worksheet *ws = sheet_new(t, "设置");
	struct xlsx_out_widths w = {0};
	struct setting *v = NULL;
	struct key_note *notes;
	size_t n = 0, cap = 0, nnotes, i;
	lxw_comment_options copt = {0};
	struct buf b = {0};
	char num[32];

	add_setting(&v, &n, &cap, "report", "organization",
	    xstrdup(cfg->organization));
	add_setting(&v, &n, &cap, "report", "year", xasprintf("%d", cfg->year));
	add_setting(&v, &n, &cap, "report", "title", xstrdup(cfg->title));
	add_setting(&v, &n, &cap, "report", "date", cfg->date.year ?
	    xasprintf("%04d-%02d-%02d", cfg->date.year, cfg->date.month,
	    cfg->date.day) : xstrdup(""));
	add_setting(&v, &n, &cap, "report", "doc_number",
	    xstrdup(cfg->doc_number));
	for (i = 0; i < cfg->nsources; i++)
		add_setting(&v, &n, &cap, "weights", cfg->sources[i].name,
		    xasprintf("%d", cfg->sources[i].weight));
	for (i = 0; i < cfg->nperiods; i++)
		add_setting(&v, &n, &cap, "periods", cfg->periods[i].name,
		    xasprintf("%d", period_weight(t->m, i)));
	for (i = 0; i < cfg->nlevels; i++)
		buf_printf(&b, "%s%s %s", i ? "; " : "", cfg->levels[i].name,
		    short_cents(cfg->levels[i].min, num));
	add_setting(&v, &n, &cap, "rating", "levels", buf_take(&b));
	add_setting(&v, &n, &cap, "rating", "advanced_quota",
	    xstrdup(short_cents(cfg->advanced_quota, num)));
	for (i = 0; i < cfg->nveto_reasons; i++)
		buf_printf(&b, "%s%s", i ? "; " : "", cfg->veto_reasons[i]);
	add_setting(&v, &n, &cap, "veto", "reasons", buf_take(&b));
	for (i = 0; i < cfg->nrecord_mins; i++)
		add_setting(&v, &n, &cap, "records", cfg->record_mins[i].type,
		    xasprintf("%d", cfg->record_mins[i].min));
	add_setting(&v, &n, &cap, "branches", "term_years",
	    xasprintf("%d", cfg->term_years));
	add_setting(&v, &n, &cap, "rubric", "total",
	    xstrdup(short_cents(cfg->rubric_total, num)));
	add_setting(&v, &n, &cap, "handbook", "forms", cfg->handbook_forms < 0 ?
	    xstrdup("") : xasprintf("%d", cfg->handbook_forms));
	for (i = 0; i < FONT_NROLES; i++)
		if (cfg->fonts[i] && *cfg->fonts[i])
			add_setting(&v, &n, &cap, "fonts", font_keys[i],
			    xstrdup(cfg->fonts[i]));

	key_notes(&notes, &nnotes);
	copt.width = 320;
	for (i = 0; i < n; i++) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		char *note = key_note(notes, nnotes, v[i].section, v[i].key);

		put_text(ws, &w, r, 0, v[i].section, t->f.text, WIDE_MAX);
		put_text(ws, &w, r, 1, v[i].key, t->f.text, WIDE_MAX);
		put_text(ws, &w, r, 2, v[i].value, t->f.text, WIDE_MAX);
		if (note) {
			copt.height = (uint16_t)(24 + 16 * (1 +
			    utf8_width(note) / 40));
			worksheet_write_comment_opt(ws, r, 1, note, &copt);
		}
		free(note);
		free(v[i].value);
	}
	columns(t, ws, &w, cols, ARRAY_LEN(cols), 0);
	rest_open(t, ws, (lxw_col_t)ARRAY_LEN(cols));
	for (i = 0; i < nnotes; i++) {
		free(notes[i].section);
		free(notes[i].key);
		free(notes[i].text);
	}
	free(notes);
	free(v);
	xlsx_out_widths_free(&w);
}

/* --- 考核细则, 支部 ------------------------------------------------------- */

static void
sheet_rubric(struct tpl *t)
{
	const struct model *m = t->m;
	lxw_worksheet *ws = sheet_new(t, "考核细则");
	struct xlsx_out_widths w = {0};
	size_t i;

	for (i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		lxw_row_t r = (lxw_row_t)(i + 1);

		put_text(ws, &w, r, 0, it->id, t->f.text, WIDE_MAX);
		put_text(ws, &w, r, 1, it->category, t->f.text, WIDE_MAX);
		put_text(ws, &w, r, 2, it->title, t->f.text, WIDE_MAX);
		put_cents(ws, &w, r, 3, it->points, t);
		put_text(ws, &w, r, 4, it->criteria, t->f.long_text, WIDE_MAX);
	}
	columns(t, ws, &w, rubric_cols, ARRAY_LEN(rubric_cols), 0);
	rest_open(t, ws, (lxw_col_t)ARRAY_LEN(rubric_cols));
	xlsx_out_widths_free(&w);
}

static void
sheet_branches(struct tpl *t)
{
	const struct model *m = t->m;
	lxw_worksheet *ws = sheet_new(t, "支部");
	struct xlsx_out_widths w = {0};
	size_t i;

	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[i];
		lxw_row_t r = (lxw_row_t)(i + 1);

		put_text(ws, &w, r, 0, b->id, t->f.text, WIDE_MAX);
		put_text(ws, &w, r, 1, b->name, t->f.text, WIDE_MAX);
		put_text(ws, &w, r, 2, b->parent, t->f.text, WIDE_MAX);
		put_text(ws, &w, r, 3, b->secretary, t->f.text, WIDE_MAX);
		if (b->members >= 0) {
			char num[16];

			snprintf(num, sizeof num, "%d", b->members);
			worksheet_write_number(ws, r, 4, b->members,
			    t->f.number);
			xlsx_out_fit(&w, 4, num, WIDE_MAX);
		}
		put_date(ws, &w, r, 5, b->elected, t);
	}
	columns(t, ws, &w, branch_cols, ARRAY_LEN(branch_cols), 0);
	rest_open(t, ws, (lxw_col_t)ARRAY_LEN(branch_cols));
	xlsx_out_widths_free(&w);
}

/* --- 评分 -------------------------------------------------------------- */

/* The comment of a rubric item's column: what it is and how it is scored,
 * cut to a screenful. */
static char *
item_note(const struct item *it)
{
	char num[32];
	char *s = xasprintf("%s %s（%s）\n分值：%s 分%s%s", it->id, it->title,
	    it->category, short_cents(it->points, num),
	    *it->criteria ? "\n评分标准：" : "", it->criteria);
	size_t keep = xlsx_out_prefix(s, 600);

	if (s[keep] != '\0') {
		char *whole = s;

		s = xasprintf("%.*s…", (int)keep, whole);
		free(whole);
	}
	return s;
}

static void
sheet_scores(struct tpl *t)
{
	const struct model *m = t->m;
	const struct config *cfg = &m->cfg;
	lxw_worksheet *ws = sheet_new(t, "评分");
	struct xlsx_out_widths w = {0};
	size_t nkey = ARRAY_LEN(score_key_cols), i, k, p, s;
	lxw_comment_options copt = {0};
	lxw_row_t r = 0;

	/* a row per branch × weighted period × weighted source (× item in
	 * the long form), ready for scores */
	for (k = 0; k < m->nbranches; k++)
		for (p = 0; p < cfg->nperiods; p++) {
			if (!model_period_used(m, p))
				continue;
			for (s = 0; s < cfg->nsources; s++) {
				size_t nrows = t->long_form ? m->nitems : 1;

				if (!model_source_used(m, s))
					continue;
				for (i = 0; i < nrows; i++) {
					r++;
					put_text(ws, &w, r, 0, m->branches[k].id,
					    t->f.text, WIDE_MAX);
					put_text(ws, &w, r, 1,
					    cfg->periods[p].name, t->f.text,
					    WIDE_MAX);
					put_text(ws, &w, r, 2,
					    cfg->sources[s].name, t->f.text,
					    WIDE_MAX);
					if (t->long_form)
						put_text(ws, &w, r, 4,
						    m->items[i].id, t->f.text,
						    WIDE_MAX);
				}
			}
		}
	columns(t, ws, &w, score_key_cols, nkey, 0);
	if (t->long_form) {
		columns(t, ws, &w, score_long_cols, ARRAY_LEN(score_long_cols),
		    (lxw_col_t)nkey);
		rest_open(t, ws,
		    (lxw_col_t)(nkey + ARRAY_LEN(score_long_cols)));
		xlsx_out_widths_free(&w);
		return;
	}
	copt.width = 360;
	for (i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		lxw_col_t c = (lxw_col_t)(nkey + i);
		char *note = item_note(it);

		worksheet_write_string(ws, 0, c, it->id, t->f.head);
		copt.height = (uint16_t)(30 + 16 * (1 + utf8_width(note) / 44));
		if (copt.height > 600)
			copt.height = 600;
		worksheet_write_comment_opt(ws, 0, c, note, &copt);
		free(note);
		xlsx_out_fit(&w, c, it->id, WIDE_MAX);
		worksheet_set_column(ws, c, c, xlsx_out_width(&w, c, 7),
		    t->f.number);
		validate_item_score(ws, c, it);
	}
	rest_open(t, ws, (lxw_col_t)(nkey + m->nitems));
	/* the branch, period and source stay in sight when scrolling right */
	worksheet_freeze_panes(ws, 1, (lxw_col_t)nkey);
	xlsx_out_widths_free(&w);
}

/* --- 党员 ---------------------------------------------------------------- */

static void
sheet_members(struct tpl *t)
{
	const struct model *m = t->m;
	lxw_worksheet *ws = sheet_new(t, "党员");
	struct xlsx_out_widths w = {0};
	size_t i;

	for (i = 0; i < m->nmembers; i++) {
		const struct member *mb = &m->members[i];
		lxw_row_t r = (lxw_row_t)(i + 1);

		put_text(ws, &w, r, 0, mb->name, t->f.text, WIDE_MAX);
		put_text(ws, &w, r, 1, m->branches[mb->branch].id, t->f.text,
		    WIDE_MAX);
		put_text(ws, &w, r, 2, mb->sex, t->f.text, WIDE_MAX);
		put_text(ws, &w, r, 3, mb->ethnicity, t->f.text, WIDE_MAX);
		put_date(ws, &w, r, 4, mb->born, t);
		put_text(ws, &w, r, 5, mb->education, t->f.text, WIDE_MAX);
		put_date(ws, &w, r, 6, mb->joined, t);
		put_date(ws, &w, r, 7, mb->confirmed, t);
		put_text(ws, &w, r, 8, member_role_names[mb->role], t->f.text,
		    WIDE_MAX);
		put_text(ws, &w, r, 9, mb->group, t->f.text, WIDE_MAX);
	}
	columns(t, ws, &w, member_cols, ARRAY_LEN(member_cols), 0);
	rest_open(t, ws, (lxw_col_t)ARRAY_LEN(member_cols));
	xlsx_out_widths_free(&w);
}

/* --- the others: headers only -------------------------------------------- */

static void
sheet_empty(struct tpl *t, const char *name, const struct col *cols,
    size_t n)
{
	lxw_worksheet *ws = sheet_new(t, name);
	struct xlsx_out_widths w = {0};

	columns(t, ws, &w, cols, n, 0);
	rest_open(t, ws, (lxw_col_t)n);
	xlsx_out_widths_free(&w);
}

/* The rows of the 评分 sheet below its header. */
static size_t
score_rows(const struct model *m, bool long_form)
{
	size_t n = 0, p, s;

	for (p = 0; p < m->cfg.nperiods; p++)
		for (s = 0; s < m->cfg.nsources; s++)
			if (model_period_used(m, p) && model_source_used(m, s))
				n++;
	return n * m->nbranches * (long_form ? m->nitems : 1);
}

int
template_write(const struct model *m, const char *path, bool long_form)
{
	struct tpl t = {0};
	struct xlsx_out x;
	char *title;
	size_t rows = score_rows(m, long_form);
	bool ok;

	if (rows > LXW_ROW_MAX - 1 || m->nbranches > LXW_ROW_MAX - 1) {
		diag_msg(D_TEMPLATE_ROWS, NULL, 0, 0, rows + 1, LXW_ROW_MAX,
		    long_form ? "；请改用 --form wide（每项细则一列）" : "");
		return EXIT_DATA;
	}
	title = xasprintf("%s（数据）", m->cfg.title);
	ok = xlsx_out_open(&x, path, title, m, false);
	free(title);
	if (!ok)
		return EXIT_ENV;
	t.m = m;
	t.wb = x.wb;
	t.long_form = long_form;
	fmts_make(&t);
	sheet_guide(&t);
	sheet_settings(&t);
	sheet_rubric(&t);
	sheet_branches(&t);
	sheet_scores(&t);
	sheet_empty(&t, "一票否决", veto_cols, ARRAY_LEN(veto_cols));
	sheet_empty(&t, "工作记录", record_cols, ARRAY_LEN(record_cols));
	sheet_empty(&t, "推荐人选", worker_cols, ARRAY_LEN(worker_cols));
	sheet_members(&t);
	return xlsx_out_close(&x);
}
