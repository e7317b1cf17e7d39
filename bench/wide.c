/* wide.c: writes the same wide-form data set twice, as CSV files and as one
 * workbook, for timing kaohe's .xlsx reader against its CSV reader.
 *
 *   wide N OUTDIR OUT.xlsx RUBRIC.csv
 *
 * N branches (B000001 …) scored in the wide form (SPEC 2: one column per
 * rubric item) for both periods by 自评 (1 rater), 互评 (10) and 考评 (4):
 * 30 rows per branch, 300,000 rows for 10,000.  OUTDIR gets kaohe.ini,
 * branches.csv and scores.csv (UTF-8); OUT.xlsx the sheets 设置, 支部 and 评分
 * with the same values, written by libxlsxwriter in constant-memory mode
 * (numbers as numbers, text as inline strings).  Scores have 0 to 2
 * decimals and lie in [0, points]; the output depends only on N and the
 * rubric (fixed-seed xorshift). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <xlsxwriter.h>

#define MAXITEMS 64

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t
next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static void
die(const char *what)
{
	fprintf(stderr, "wide: %s\n", what);
	exit(1);
}

int
main(int argc, char **argv)
{
	static const char *const periods[] = {"半年", "年终"};
	static const char *const ini[][3] = {
		{"weights", "自评", "20"}, {"weights", "互评", "30"},
		{"weights", "考评", "50"}, {"periods", "半年", "30"},
		{"periods", "年终", "70"},
	};
	char ids[MAXITEMS][16], path[4096], line[8192];
	long points[MAXITEMS];  /* cents */
	int nitems = 0, n, b, p, r, i, k;
	FILE *rf, *bf, *sf, *kf;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	lxw_workbook *wb;
	lxw_worksheet *ws_set, *ws_br, *ws_sc;
	lxw_row_t row;

	if (argc != 5 || (n = atoi(argv[1])) < 1)
		die("usage: wide N OUTDIR OUT.xlsx RUBRIC.csv");
	if ((rf = fopen(argv[4], "r")) == NULL)
		die("cannot read the rubric");
	while (fgets(line, sizeof line, rf)) {
		char *c1 = strchr(line, ','), *c2, *c3;

		if (!c1 || strncmp(line, "编号", 6) == 0 || nitems == MAXITEMS)
			continue;
		c2 = strchr(c1 + 1, ',');
		c3 = c2 ? strchr(c2 + 1, ',') : NULL;
		if (!c3)
			continue;
		snprintf(ids[nitems], sizeof ids[nitems], "%.*s", (int)(c1 - line), line);
		points[nitems++] = (long)(atof(c3 + 1) * 100 + 0.5);
	}
	fclose(rf);
	mkdir(argv[2], 0777);
	snprintf(path, sizeof path, "%s/kaohe.ini", argv[2]);
	if ((kf = fopen(path, "w")) == NULL)
		die("cannot write kaohe.ini");
	fputs("[weights]\n自评 = 20\n互评 = 30\n考评 = 50\n\n[periods]\n"
	    "半年 = 30\n年终 = 70\n", kf);
	fclose(kf);
	snprintf(path, sizeof path, "%s/branches.csv", argv[2]);
	bf = fopen(path, "w");
	snprintf(path, sizeof path, "%s/scores.csv", argv[2]);
	sf = fopen(path, "w");
	if (!bf || !sf)
		die("cannot write the CSV files");
	wb = workbook_new_opt(argv[3], &opt);
	if (wb == NULL)
		die("cannot write the workbook");
	ws_set = workbook_add_worksheet(wb, "设置");
	ws_br = workbook_add_worksheet(wb, "支部");
	ws_sc = workbook_add_worksheet(wb, "评分");
	worksheet_write_string(ws_set, 0, 0, "节", NULL);
	worksheet_write_string(ws_set, 0, 1, "项", NULL);
	worksheet_write_string(ws_set, 0, 2, "值", NULL);
	for (i = 0; i < 5; i++) {
		worksheet_write_string(ws_set, (lxw_row_t)i + 1, 0, ini[i][0], NULL);
		worksheet_write_string(ws_set, (lxw_row_t)i + 1, 1, ini[i][1], NULL);
		worksheet_write_number(ws_set, (lxw_row_t)i + 1, 2, atof(ini[i][2]), NULL);
	}

	fputs("支部编号,支部名称\n", bf);
	worksheet_write_string(ws_br, 0, 0, "支部编号", NULL);
	worksheet_write_string(ws_br, 0, 1, "支部名称", NULL);
	fputs("支部编号,考核期,评价方式,评价人", sf);
	worksheet_write_string(ws_sc, 0, 0, "支部编号", NULL);
	worksheet_write_string(ws_sc, 0, 1, "考核期", NULL);
	worksheet_write_string(ws_sc, 0, 2, "评价方式", NULL);
	worksheet_write_string(ws_sc, 0, 3, "评价人", NULL);
	for (i = 0; i < nitems; i++) {
		fprintf(sf, ",%s", ids[i]);
		worksheet_write_string(ws_sc, 0, (lxw_col_t)(4 + i), ids[i], NULL);
	}
	fputc('\n', sf);
	for (b = 1; b <= n; b++) {
		char id[16], name[64];

		snprintf(id, sizeof id, "B%06d", b);
		snprintf(name, sizeof name, "第%d党支部", b);
		fprintf(bf, "%s,%s\n", id, name);
		worksheet_write_string(ws_br, (lxw_row_t)b, 0, id, NULL);
		worksheet_write_string(ws_br, (lxw_row_t)b, 1, name, NULL);
	}
	row = 1;
	for (b = 1; b <= n; b++) {
		char id[16];

		snprintf(id, sizeof id, "B%06d", b);
		for (p = 0; p < 2; p++)
			for (r = 0; r < 15; r++, row++) {
				const char *src = r == 0 ? "自评" : r <= 10 ? "互评" : "考评";
				char rater[32];

				if (r == 0)
					snprintf(rater, sizeof rater, "%s", id);
				else if (r <= 10)
					snprintf(rater, sizeof rater, "B%06d",
					    (int)((b + r * 7 - 1) % n) + 1);
				else
					snprintf(rater, sizeof rater, "考核组%d", r - 10);
				fprintf(sf, "%s,%s,%s,%s", id, periods[p], src, rater);
				worksheet_write_string(ws_sc, row, 0, id, NULL);
				worksheet_write_string(ws_sc, row, 1, periods[p], NULL);
				worksheet_write_string(ws_sc, row, 2, src, NULL);
				worksheet_write_string(ws_sc, row, 3, rater, NULL);
				for (i = 0; i < nitems; i++) {
					long c = (long)(next() % (uint64_t)(points[i] + 1));

					/* 0, 1 or 2 decimals */
					k = (int)(next() % 3);
					if (k == 0)
						c -= c % 100;
					else if (k == 1)
						c -= c % 10;
					if (c % 100 == 0)
						fprintf(sf, ",%ld", c / 100);
					else if (c % 10 == 0)
						fprintf(sf, ",%ld.%ld", c / 100, c % 100 / 10);
					else
						fprintf(sf, ",%ld.%02ld", c / 100, c % 100);
					worksheet_write_number(ws_sc, row,
					    (lxw_col_t)(4 + i), (double)c / 100, NULL);
				}
				fputc('\n', sf);
			}
	}
	if (fclose(bf) != 0 || fclose(sf) != 0)
		die("cannot write the CSV files");
	if (workbook_close(wb) != LXW_NO_ERROR)
		die("cannot write the workbook");
	return 0;
}
