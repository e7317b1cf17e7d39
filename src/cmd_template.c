/* cmd_template.c: the command line of `kaohe template [DIR] -o FILE.xlsx`
 * (SPEC section 9).  Unlike the other commands, DIR is optional and need
 * hold no scores: only its settings, rubric and branches are read. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd_template.h"
#include "diag.h"
#include "ingest/csv_read.h"
#include "model.h"
#include "out/out.h"

const char template_synopsis[] =
    "template [DIR] -o FILE.xlsx [--form wide|long] [--period P]";

static const char help[] =
    "生成一个供填写的 Excel 工作簿：说明、设置、考核细则、支部、评分、\n"
    "一票否决、工作记录、推荐人选、党员九张表，表头锁定，带下拉框和输入\n"
    "检查。给出数据集 DIR 时，预先填好它的设置、考核细则和支部，评分表为\n"
    "每个支部、每个有权重的考核期和评价方式各留一行。\n"
    "  --form wide  评分表每项细则一列（默认）\n"
    "  --form long  评分表每个得分一行（细则编号、得分、扣分、说明）\n"
    "填好后：kaohe build FILE.xlsx -o 输出文件夹\n";

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage(const char *fmt, ...)
{
	va_list ap;

	fputs("kaohe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: kaohe %s\n", template_synopsis);
	return EXIT_USAGE;
}

int
template_main(int argc, char **argv)
{
	enum { O_FORM = 256, O_ENCODING, O_PERIOD, O_STRICT, O_HELP };
	static const struct option longopts[] = {
		{"form", required_argument, NULL, O_FORM},
		{"encoding", required_argument, NULL, O_ENCODING},
		{"period", required_argument, NULL, O_PERIOD},
		{"strict", no_argument, NULL, O_STRICT},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, O_HELP},
		{NULL, 0, NULL, 0},
	};
	struct load_options lo = {0};
	const char *output = NULL, *dir = NULL;
	bool long_form = false, strict = false, bad_usage;
	struct model *m;
	int c, rc;

	lo.setup_only = true;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'q':
			break;
		case O_FORM:
			if (strcmp(optarg, "wide") == 0)
				long_form = false;
			else if (strcmp(optarg, "long") == 0)
				long_form = true;
			else
				return usage("--form %s：只能是 wide 或 long",
				    optarg);
			break;
		case O_ENCODING:
			if (!csv_encoding_known(optarg))
				return usage("--encoding %s：本系统不认识这个编码",
				    optarg);
			lo.encoding = optarg;
			break;
		case O_PERIOD:
			lo.period = optarg;
			break;
		case O_STRICT:
			strict = true;
			break;
		case O_HELP:
			printf("usage: kaohe %s\n\n%s", template_synopsis, help);
			return EXIT_OK;
		case ':':
			return usage("选项 %s 需要一个值", argv[optind - 1]);
		default:
			return usage("不认识的选项 %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		dir = argv[optind++];
	if (optind < argc)
		return usage("多余的参数“%s”", argv[optind]);
	if (output == NULL)
		return usage("%s：须用 -o 指定输出的 .xlsx 文件", "template");
	diag_set_strict(strict);
	m = model_load(dir, &lo, &bad_usage);
	diag_flush();
	if (bad_usage)
		return EXIT_USAGE;
	if (m == NULL || diag_failed()) {
		fprintf(stderr, "kaohe: 共 %u 个错误%s；未生成任何文件\n",
		    diag_count(DIAG_ERROR), strict && diag_count(DIAG_WARNING) ?
		    "（--strict 把警告当作错误）" : "");
		model_free(m);
		return EXIT_DATA;
	}
	rc = template_write(m, output, long_form);
	diag_flush();
	model_free(m);
	return rc;
}
