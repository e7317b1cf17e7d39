/* main.c: the command line (SPEC section 5).  Reads argv, loads the data set
 * and hands the model to one of the outputs; nothing else. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/csv_read.h"
#include "diag.h"
#include "model.h"
#include "pdf/pdf.h"
#include "out/out.h"
#include "out/outset.h"
#include "util.h"

struct options {
	const char *dir;
	const char *format;   /* rank: text, csv, json */
	const char *output;   /* -o */
	const char *combined; /* sheets --combined */
	const char **branches;/* sheets --branch, repeated */
	size_t nbranches;
	int jobs;             /* -j; 0 = the number of cores */
	struct load_options load;
	bool strict, quiet;
};

struct command {
	const char *name;
	const char *synopsis;
	const char *help;
	int (*run)(const struct model *m, const struct options *o);
	bool needs_output;
};

static int cmd_check(const struct model *m, const struct options *o);
static int cmd_rank(const struct model *m, const struct options *o);
static int cmd_report(const struct model *m, const struct options *o);
static int cmd_sheets(const struct model *m, const struct options *o);
static int cmd_notice(const struct model *m, const struct options *o);
static int cmd_build(const struct model *m, const struct options *o);

static const struct command commands[] = {
	{"check", "check DIR",
	    "检查数据集目录 DIR 中的全部文件，逐条报告每一处错误（文件:行:列）；\n"
	    "没有错误时打印概况。\n",
	    cmd_check, false},
	{"rank", "rank DIR [--format text|csv|json] [--period P]",
	    "打印考核排名：表格（text，默认）、CSV（csv）或含全部细节的 JSON（json）。\n"
	    "--period 半年 只按半年考核计分。\n",
	    cmd_rank, false},
	{"report", "report DIR -o FILE.pdf [--period P]",
	    "生成考核情况报告 PDF：封面、考核说明、总体情况（含图表）、考核排名、\n"
	    "一票否决情况、表彰名单、差距分析、基础工作记录、附录（考核细则）。\n",
	    cmd_report, true},
	{"sheets", "sheets DIR -o OUTDIR [--branch ID]... [--combined FILE.pdf] "
	    "[-j N]",
	    "为每个支部生成一份考核评分表 OUTDIR/编号-名称.pdf，并行生成（-j N，\n"
	    "默认用全部处理器核）；--branch 只生成指定支部（可重复）；\n"
	    "--combined 另把全部评分表合成一个 PDF，便于一次打印。\n",
	    cmd_sheets, true},
	{"notice", "notice DIR -o FILE.pdf",
	    "按 GB/T 9704 公文格式生成表彰决定及附件名单 PDF；决定的文字取自\n"
	    "templates/notice.txt（数据集目录中的 notice.txt 优先）。\n",
	    cmd_notice, true},
	{"build", "build DIR -o OUTDIR",
	    "一次生成全部：OUTDIR/report.pdf、OUTDIR/sheets/、OUTDIR/notice.pdf\n"
	    "和 OUTDIR/results.csv（带 BOM 的 UTF-8，Excel 可直接打开）。\n",
	    cmd_build, true},
};

static void
usage_line(FILE *f)
{
	size_t i;

	fputs("usage:\n", f);
	for (i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(f, "  kaohe %s\n", commands[i].synopsis);
	fputs("  kaohe --help | kaohe COMMAND --help | kaohe --version\n", f);
}

static void
help_all(void)
{
	puts("kaohe：把党委对党支部的考核表（CSV）生成考核排名和可打印的 PDF。\n");
	usage_line(stdout);
	puts("\n通用选项：\n"
	    "  --encoding 编码  按此编码读取 CSV 文件（如 GB18030、UTF-8）\n"
	    "  --period 考核期  只按一个考核期计分（如 半年）\n"
	    "  --strict         把警告当作错误\n"
	    "  -q               不显示进度\n"
	    "\n退出状态：0 完成；1 数据有错误；2 用法不对；\n"
	    "3 环境或输出问题（没有可用字体、无法写入）。");
}

static int
cmd_check(const struct model *m, const struct options *o)
{
	const struct config *cfg = &m->cfg;
	size_t p, s, i, commended = 0;
	char a[32];

	printf("%s：%zu 个支部；考核细则 %zu 项，分 %zu 类，共 %s 分\n",
	    o->dir, m->nbranches, m->nitems, m->ncategories,
	    fmt_cents(cfg->rubric_total, a));
	printf("评分：%zu 条\n", m->score_rows);
	for (p = 0; p < cfg->nperiods; p++)
		for (s = 0; s < cfg->nsources; s++) {
			size_t n = m->rows_per_ps[p * cfg->nsources + s];
			if (n)
				printf("  %s%s：%zu 条\n", cfg->periods[p].name,
				    cfg->sources[s].name, n);
		}
	for (i = 0; i < m->nworkers; i++)
		if (m->workers[i].commended)
			commended++;
	printf("一票否决：%zu 条（%zu 个支部）\n", m->nvetoes, m->stats.vetoed);
	printf("工作记录：%zu 条\n", m->nrecords);
	printf("优秀党务工作者推荐：%zu 人（表彰 %zu 人）\n", m->nworkers,
	    commended);
	printf("警告：%u 个\n", diag_count(DIAG_WARNING));
	return EXIT_OK;
}

static int
cmd_rank(const struct model *m, const struct options *o)
{
	struct buf out = {0};

	if (strcmp(o->format, "csv") == 0)
		rank_csv(m, &out, false);
	else if (strcmp(o->format, "json") == 0)
		rank_json(m, &out);
	else
		rank_text(m, &out);
	fwrite(out.s, 1, out.len, stdout);
	buf_free(&out);
	if (fflush(stdout) != 0) {
		perror("kaohe: cannot write the ranking");
		return EXIT_ENV;
	}
	return EXIT_OK;
}

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Opens the fonts (once per run) and writes one PDF with `write`. */
static int
write_pdf(const struct model *m,
    int (*write)(const struct model *, const struct pdf_fonts *, const char *),
    const char *path)
{
	struct pdf_fonts *f;
	int rc;

	if ((rc = file_check_target(path, NULL)) != 0) {
		diag(DIAG_ERROR, path, 0, 0, "不能写在这里：%s", file_strerror(rc));
		return EXIT_ENV;
	}
	if ((f = pdf_fonts_open(&m->cfg)) == NULL)
		return EXIT_ENV;
	rc = write(m, f, path);
	pdf_fonts_free(f);
	return rc;
}

static int
cmd_report(const struct model *m, const struct options *o)
{
	return write_pdf(m, report_write, o->output);
}

static void
sheets_opts(const struct options *o, const char *outdir,
    struct sheets_options *so)
{
	memset(so, 0, sizeof *so);
	so->outdir = outdir;
	so->branches = o->branches;
	so->nbranches = o->nbranches;
	so->combined = o->combined;
	so->jobs = o->jobs;
	so->progress = !o->quiet && isatty(STDERR_FILENO);
}

static int
cmd_sheets(const struct model *m, const struct options *o)
{
	struct pdf_fonts *f;
	struct sheets_options so;
	struct outset *set;
	int rc;

	if (o->combined && (rc = sheets_check_combined(m, o->output,
	    o->combined)) != EXIT_OK)
		return rc;
	if ((f = pdf_fonts_open(&m->cfg)) == NULL)
		return EXIT_ENV;
	if ((set = outset_begin(o->output)) == NULL) {
		pdf_fonts_free(f);
		return EXIT_ENV;
	}
	sheets_opts(o, outset_staging(set), &so);
	rc = sheets_write(m, f, &so);
	rc = rc == EXIT_OK ? outset_commit(set) : (outset_abort(set), rc);
	pdf_fonts_free(f);
	return rc;
}

static int
cmd_notice(const struct model *m, const struct options *o)
{
	return write_pdf(m, notice_write, o->output);
}

static void
progress(const struct options *o, const char *what, const char *name)
{
	char *path = path_join(o->output, name);

	if (!o->quiet)
		fprintf(stderr, "kaohe: %s: %s\n", what, path);
	free(path);
}

static int
cmd_build(const struct model *m, const struct options *o)
{
	struct pdf_fonts *f;
	struct sheets_options so;
	struct outset *set;
	char *report, *sheets, *notice, *results;
	struct buf csv = {0};
	int rc = EXIT_OK, err;

	if ((f = pdf_fonts_open(&m->cfg)) == NULL)
		return EXIT_ENV;
	if ((set = outset_begin(o->output)) == NULL) {
		pdf_fonts_free(f);
		return EXIT_ENV;
	}
	report = outset_path(set, "report.pdf", false);
	sheets = outset_path(set, "sheets", true);
	notice = outset_path(set, "notice.pdf", false);
	results = outset_path(set, "results.csv", false);
	if (!report || !sheets || !notice || !results)
		rc = EXIT_ENV;
	if (rc == EXIT_OK) {
		progress(o, "report", "report.pdf");
		rc = report_write(m, f, report);
	}
	if (rc == EXIT_OK) {
		progress(o, "sheets", "sheets");
		sheets_opts(o, sheets, &so);
		so.combined = NULL;
		rc = sheets_write(m, f, &so);
	}
	if (rc == EXIT_OK) {
		progress(o, "notice", "notice.pdf");
		rc = notice_write(m, f, notice);
	}
	if (rc == EXIT_OK) {
		progress(o, "results", "results.csv");
		rank_csv(m, &csv, true);
		if ((err = file_write_atomic(results, csv.s, csv.len)) != 0) {
			diag(DIAG_ERROR, results, 0, 0, "无法写入：%s",
			    file_strerror(err));
			rc = EXIT_ENV;
		}
		buf_free(&csv);
	}
	rc = rc == EXIT_OK ? outset_commit(set) : (outset_abort(set), rc);
	free(report);
	free(sheets);
	free(notice);
	free(results);
	pdf_fonts_free(f);
	return rc;
}

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("kaohe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	usage_line(stderr);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	enum { O_ENCODING = 256, O_PERIOD, O_STRICT, O_FORMAT, O_BRANCH,
	    O_COMBINED, O_HELP, O_VERSION };
	static const struct option longopts[] = {
		{"encoding", required_argument, NULL, O_ENCODING},
		{"period", required_argument, NULL, O_PERIOD},
		{"strict", no_argument, NULL, O_STRICT},
		{"format", required_argument, NULL, O_FORMAT},
		{"branch", required_argument, NULL, O_BRANCH},
		{"combined", required_argument, NULL, O_COMBINED},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, O_HELP},
		{"version", no_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0},
	};
	struct options o = {0};
	const struct command *cmd = NULL;
	struct model *m;
	bool bad_usage;
	size_t i;
	int c, rc;

	o.format = "text";
	if (argc < 2)
		return usage_error("%s", "没有给出命令");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		help_all();
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("kaohe " KAOHE_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL)
		return usage_error("没有“%s”这个命令", argv[1]);
	argv++;
	argc--;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:q", longopts, NULL)) != -1) {
		switch (c) {
		case O_ENCODING:
			o.load.encoding = optarg;
			break;
		case O_PERIOD:
			o.load.period = optarg;
			break;
		case O_STRICT:
			o.strict = true;
			break;
		case O_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "csv") &&
			    strcmp(optarg, "json"))
				return usage_error("--format %s：只能是 text、csv "
				    "或 json", optarg);
			o.format = optarg;
			break;
		case O_BRANCH:
			o.branches = xrealloc(o.branches,
			    (o.nbranches + 1) * sizeof *o.branches);
			o.branches[o.nbranches++] = optarg;
			break;
		case O_COMBINED:
			o.combined = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'j': {
			char *end;
			long j = strtol(optarg, &end, 10);
			if (*end || j < 1 || j > 256) {
				free(o.branches);
				return usage_error("-j %s：须为 1 到 256 的整数",
				    optarg);
			}
			o.jobs = (int)j;
			break;
		}
		case 'q':
			o.quiet = true;
			break;
		case O_HELP:
			printf("usage: kaohe %s\n\n%s", cmd->synopsis, cmd->help);
			free(o.branches);
			return EXIT_OK;
		case O_VERSION:
			puts("kaohe " KAOHE_VERSION);
			free(o.branches);
			return EXIT_OK;
		case ':':
			free(o.branches);
			return usage_error("选项 %s 需要一个值",
			    argv[optind - 1]);
		default:
			free(o.branches);
			return usage_error("不认识的选项 %s", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		free(o.branches);
		return usage_error("%s：没有给出数据集目录", cmd->name);
	}
	if (optind + 1 < argc) {
		free(o.branches);
		return usage_error("多余的参数“%s”", argv[optind + 1]);
	}
	o.dir = argv[optind];
	if (cmd->needs_output && o.output == NULL) {
		free(o.branches);
		return usage_error("%s：须用 -o 指定输出", cmd->name);
	}
	if (o.load.encoding && !csv_encoding_known(o.load.encoding)) {
		free(o.branches);
		return usage_error("--encoding %s：本系统不认识这个编码",
		    o.load.encoding);
	}
	if (!source_date_epoch(NULL)) {
		free(o.branches);
		return usage_error("SOURCE_DATE_EPOCH=“%s”：须为不小于 0 的整数"
		    "秒数，至 9999 年底（253402300799）为止",
		    getenv("SOURCE_DATE_EPOCH"));
	}
	diag_set_strict(o.strict);
	m = model_load(o.dir, &o.load, &bad_usage);
	diag_flush();
	if (bad_usage) {
		free(o.branches);
		return EXIT_USAGE;
	}
	if (m == NULL || diag_failed()) {
		if (m != NULL && o.strict)
			fprintf(stderr, "kaohe: 有 %u 个警告，--strict 把警告"
			    "当作错误；未生成任何文件\n",
			    diag_count(DIAG_WARNING));
		else
			fprintf(stderr, "kaohe: 共 %u 个错误；未生成任何文件\n",
			    diag_count(DIAG_ERROR));
		model_free(m);
		free(o.branches);
		return EXIT_DATA;
	}
	rc = cmd->run(m, &o);
	diag_flush();
	if (rc == EXIT_OK && diag_failed()) {
		/* a warning while drawing (a character no font has) */
		fprintf(stderr, "kaohe: --strict 把上面的警告当作错误\n");
		rc = EXIT_DATA;
	}
	model_free(m);
	free(o.branches);
	return rc;
}
