/* cmd_template.c: the command line of `kaohe template [DIR] -o FILE.xlsx`
 * (SPEC section 9).  Unlike the other commands, DIR is optional and need
 * hold no scores: only its settings, rubric, branches and members are read,
 * nothing is checked beyond reading, nothing is scored. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd_template.h"
#include "diag.h"
#include "ingest/csv_read.h"
#include "ingest/ingest.h"
#include "model.h"
#include "out/out.h"

const char template_synopsis[] =
    "template [DIR] -o FILE.xlsx [--form wide|long] [--period P]";

static const char help[] =
    "生成一个供填写的 Excel 工作簿：说明、设置、考核细则、支部、评分、\n"
    "一票否决、工作记录、推荐人选、党员九张表，表头锁定，带下拉框和输入\n"
    "检查。给出数据集 DIR 时，预先填好它的设置、考核细则、支部和党员，\n"
    "评分表为每个支部、每个有权重的考核期和评价方式各留一行。\n"
    "  --form wide  评分表每项细则一列（默认）\n"
    "  --form long  评分表每个得分一行（细则编号、得分、扣分、说明）\n"
    "填好后：kaohe build FILE.xlsx -o 输出文件夹\n";

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
	bool long_form = false;
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
			if (strcmp(optarg, "wide") != 0 &&
			    strcmp(optarg, "long") != 0) {
				diag_msg(D_BAD_FORM, NULL, 0, 0, optarg);
				return EXIT_USAGE;
			}
			long_form = strcmp(optarg, "long") == 0;
			break;
		case O_ENCODING:
			if (!csv_encoding_known(optarg)) {
				diag_msg(D_UNKNOWN_ENCODING, NULL, 0, 0, optarg);
				return EXIT_USAGE;
			}
			lo.encoding = optarg;
			break;
		case O_PERIOD:
			lo.period = optarg;
			break;
		case O_STRICT:
			diag_set_strict(true);
			break;
		case O_HELP:
			printf("usage: kaohe %s\n\n%s", template_synopsis, help);
			return EXIT_OK;
		case ':':
			diag_msg(D_OPTION_VALUE, NULL, 0, 0, argv[optind - 1]);
			return EXIT_USAGE;
		default:
			diag_msg(D_UNKNOWN_OPTION, NULL, 0, 0, argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		dir = argv[optind++];
	if (optind < argc) {
		diag_msg(D_EXTRA_ARGUMENT, NULL, 0, 0, argv[optind]);
		return EXIT_USAGE;
	}
	if (output == NULL) {
		diag_msg(D_NO_OUTPUT, NULL, 0, 0, "template");
		return EXIT_USAGE;
	}
	m = model_load(dir, &lo);
	if (m == NULL || !m->usable || diag_failed()) {
		if (diag_exit() == EXIT_DATA)
			diag_msg(diag_count(DIAG_ERROR) ? D_SUMMARY_ERRORS :
			    D_SUMMARY_STRICT, NULL, 0, 0, diag_count(
			    diag_count(DIAG_ERROR) ? DIAG_ERROR : DIAG_WARNING));
		model_free(m);
		return diag_exit() ? diag_exit() : EXIT_DATA;
	}
	diag_flush();
	rc = template_write(m, output, long_form);
	model_free(m);
	return rc;
}
