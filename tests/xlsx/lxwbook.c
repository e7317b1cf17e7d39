/* lxwbook.c: writes the data set of tests/xlsx/cases.py's features.xlsx with
 * libxlsxwriter, as programs built on it write workbooks: shared strings (or
 * inline strings with --constant-memory), formulas with cached values, date
 * cells, a rich string, a merged range, a hidden sheet.
 *
 *   lxwbook OUT.xlsx [--constant-memory] */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

int
main(int argc, char **argv)
{
	lxw_workbook_options opt = {0};
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *date, *bold, *wps_date;
	lxw_datetime d1 = {2025, 3, 7, 0, 0, 0}, d2 = {2023, 3, 15, 0, 0, 0};
	bool cm = argc > 2 && strcmp(argv[2], "--constant-memory") == 0;
	static const char *const sh[] = {"支部编号", "考核期", "评价方式",
	    "评价人", "细则编号", "得分", "扣分", "说明"};
	int i;

	if (argc < 2)
		return 2;
	opt.constant_memory = cm;
	wb = workbook_new_opt(argv[1], &opt);
	date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	wps_date = workbook_add_format(wb);
	format_set_num_format(wps_date, "yyyy\"年\"m\"月\"d\"日\"");
	bold = workbook_add_format(wb);
	format_set_bold(bold);

	ws = workbook_add_worksheet(wb, "说明");
	worksheet_write_string(ws, 0, 0, "填写说明", NULL);
	worksheet_hide(ws);

	ws = workbook_add_worksheet(wb, "设置");
	worksheet_write_string(ws, 0, 0, "节", bold);
	worksheet_write_string(ws, 0, 1, "项", bold);
	worksheet_write_string(ws, 0, 2, "值", bold);
	worksheet_write_string(ws, 1, 0, "weights", NULL);
	worksheet_write_string(ws, 1, 1, "自评", NULL);
	worksheet_write_number(ws, 1, 2, 0, NULL);
	worksheet_write_string(ws, 2, 1, "互评", NULL);
	worksheet_write_number(ws, 2, 2, 0, NULL);
	worksheet_write_string(ws, 3, 1, "考评", NULL);
	worksheet_write_formula_num(ws, 3, 2, "=100-C2-C3", NULL, 100);
	worksheet_write_string(ws, 4, 0, "periods", NULL);
	worksheet_write_string(ws, 4, 1, "半年", NULL);
	worksheet_write_number(ws, 4, 2, 0, NULL);
	worksheet_write_string(ws, 5, 1, "年终", NULL);
	worksheet_write_number(ws, 5, 2, 100, NULL);
	worksheet_write_string(ws, 6, 0, "report", NULL);
	worksheet_write_string(ws, 6, 1, "organization", NULL);
	worksheet_write_string(ws, 6, 2, "某某单位党委", NULL);

	ws = workbook_add_worksheet(wb, "考核细则");
	worksheet_write_string(ws, 0, 0, "编号", bold);
	worksheet_write_string(ws, 0, 1, "类别", bold);
	worksheet_write_string(ws, 0, 2, "考核内容", bold);
	worksheet_write_string(ws, 0, 3, "分值", bold);
	worksheet_write_string(ws, 0, 4, "评分标准", bold);
	worksheet_write_string(ws, 1, 0, "1.1", NULL);
	worksheet_write_string(ws, 1, 1, "班子建设", NULL);
	if (cm) {
		worksheet_write_string(ws, 1, 2, "班子团结", NULL);
	} else {
		lxw_rich_string_tuple f1 = {.format = bold, .string = "班子"};
		lxw_rich_string_tuple f2 = {.format = NULL, .string = "团结"};
		lxw_rich_string_tuple *rich[] = {&f1, &f2, NULL};
		worksheet_write_rich_string(ws, 1, 2, rich, NULL);
	}
	worksheet_write_formula_num(ws, 1, 3, "=10+20", NULL, 30);
	worksheet_write_string(ws, 1, 4, "团结", NULL);
	worksheet_write_string(ws, 2, 0, "1.2", NULL);
	worksheet_write_string(ws, 2, 1, "班子建设", NULL);
	worksheet_write_string(ws, 2, 2, "民主集中制", NULL);
	worksheet_write_formula_num(ws, 2, 3, "=0.1+0.2+19.7", NULL,
	    0.1 + 0.2 + 19.7);
	worksheet_write_string(ws, 3, 0, "2.1", NULL);
	worksheet_write_string(ws, 3, 1, "基础工作", NULL);
	worksheet_write_string(ws, 3, 2, "台账", NULL);
	worksheet_write_number(ws, 3, 3, 24.999999999999996, NULL);
	worksheet_write_string(ws, 4, 0, "2.2", NULL);
	worksheet_write_string(ws, 4, 1, "基础工作", NULL);
	worksheet_write_string(ws, 4, 2, "阵地", NULL);
	worksheet_write_formula_num(ws, 4, 3, "=SUM(25)", NULL, 25);

	ws = workbook_add_worksheet(wb, "支部");
	worksheet_write_string(ws, 0, 0, "支部编号", bold);
	worksheet_write_string(ws, 0, 1, "支部名称", bold);
	worksheet_write_string(ws, 0, 2, "换届时间", bold);
	worksheet_write_string(ws, 0, 3, "党员人数", bold);
	worksheet_write_string(ws, 1, 0, "B1", NULL);
	worksheet_write_string(ws, 1, 1, "第一党支部", NULL);
	worksheet_write_datetime(ws, 1, 2, &d1, date);
	worksheet_write_formula_num(ws, 1, 3, "=10+2", NULL, 12);
	worksheet_write_string(ws, 2, 0, "B2", NULL);
	worksheet_write_string(ws, 2, 1, "第二党支部", NULL);
	worksheet_write_datetime(ws, 2, 2, &d2, wps_date);
	worksheet_write_number(ws, 2, 3, 8, NULL);
	worksheet_write_blank(ws, 40, 0, date);

	ws = workbook_add_worksheet(wb, "评分");
	for (i = 0; i < 8; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, sh[i], bold);
	{
		static const struct {
			const char *b, *item;
			double score, ded;  /* < 0: empty */
			const char *formula, *note;
		} r[] = {
			{"B1", "1.1", 94.99999999999999 - 66, -1, NULL, NULL},
			{"B1", "1.2", 0.1 + 0.2, -1, "=0.1+0.2", NULL},
			{"B1", "2.1", 9.25, -1, NULL, NULL},
			{"B1", "2.2", -1, 4.5, "=25-20.5", "扣分"},
			{"B2", "1.1", 30, -1, "=30", NULL},
			{"B2", "1.2", 19.999999999999996, -1, NULL, NULL},
			{"B2", "2.1", -1, 0.1 + 0.2, NULL, NULL},
			{"B2", "2.2", 25, -1, NULL, NULL},
		};
		for (i = 0; i < 8; i++) {
			lxw_row_t row = (lxw_row_t)i + 1;
			lxw_col_t col = r[i].score >= 0 ? 5 : 6;
			double v = r[i].score >= 0 ? r[i].score : r[i].ded;

			worksheet_write_string(ws, row, 0, r[i].b, NULL);
			worksheet_write_string(ws, row, 1, "年终", NULL);
			worksheet_write_string(ws, row, 2, "考评", NULL);
			worksheet_write_string(ws, row, 3, "甲", NULL);
			worksheet_write_string(ws, row, 4, r[i].item, NULL);
			if (r[i].formula)
				worksheet_write_formula_num(ws, row, col,
				    r[i].formula, NULL, v);
			else
				worksheet_write_number(ws, row, col, v, NULL);
			if (r[i].note)
				worksheet_write_string(ws, row, 7, r[i].note, NULL);
		}
	}
	if (cm)
		worksheet_write_string(ws, 1, 7, "说明跨两列", NULL);
	else
		worksheet_merge_range(ws, 1, 7, 1, 8, "说明跨两列", NULL);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
