/* main.c: the command line (SPEC section 5), and the stages in order:
 *
 *   argv → ingest → check → score → derive → check → out
 *
 * ingest reads the data set into model facts (src/ingest/), check_input()
 * finds what cannot be scored, score.c does SPEC section 4, derive.c every
 * other figure an output prints, check_output() every fault that would show
 * only while writing (glyphs no font has, the notice's wording, nominees),
 * and one output of src/out/ writes.  The exit status is the worst
 * diagnostic's (diag_exit()); nothing is written when the data fails. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "cmd_template.h"
#include "derive.h"
#include "diag.h"
#include "ingest/csv_read.h"
#include "ingest/ingest.h"
#include "model.h"
#include "out/out.h"
#include "out/outset.h"
#include "pdf/pdf.h"
#include "score.h"
#include "serve/serve.h"
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
	bool a4;              /* handbook --paper a4 */
};

/* What a command needs before it runs. */
enum {
	NEED_DATA = 1,   /* a data set read, checked, scored and derived */
	NEED_OUTPUT = 2, /* -o */
	NEED_FONTS = 4,  /* the fonts opened (it draws, or checks glyphs) */
	/* the fonts opened under --strict only: glyphs no font has are
	 * warnings, and warnings change the verdict only then */
	NEED_FONTS_IF_STRICT = 8,
	SCORES_OPTIONAL = 16, /* scores.csv may be missing or empty */
};

/* A command: adding one is one line here and its help text. */
struct command {
	const char *name;
	const char *synopsis;
	const char *help;
	int (*run)(const struct model *m, const struct pdf_fonts *f,
	    const struct options *o);
	unsigned needs;
};

static int cmd_check(const struct model *, const struct pdf_fonts *,
    const struct options *);
static int cmd_rank(const struct model *, const struct pdf_fonts *,
    const struct options *);
static int cmd_report(const struct model *, const struct pdf_fonts *,
    const struct options *);
static int cmd_sheets(const struct model *, const struct pdf_fonts *,
    const struct options *);
static int cmd_notice(const struct model *, const struct pdf_fonts *,
    const struct options *);
static int cmd_build(const struct model *, const struct pdf_fonts *,
    const struct options *);
static int cmd_handbook(const struct model *, const struct pdf_fonts *,
    const struct options *);

#define DRAWS (NEED_DATA | NEED_OUTPUT | NEED_FONTS)

static const struct command commands[] = {
	{"check", "check DIR",
	    "检查数据集目录 DIR 中的全部文件，逐条报告每一处错误（文件:行:列）；\n"
	    "没有错误时打印概况。\n",
	    cmd_check, NEED_DATA | NEED_FONTS},
	{"rank", "rank DIR [--format text|csv|json] [--period P]",
	    "打印考核排名：表格（text，默认）、CSV（csv）或含全部细节的 JSON（json）。\n"
	    "--period 半年 只按半年考核计分。\n",
	    cmd_rank, NEED_DATA | NEED_FONTS_IF_STRICT},
	{"report", "report DIR -o FILE.pdf [--period P]",
	    "生成考核情况报告 PDF：封面、考核说明、总体情况（含图表）、考核排名、\n"
	    "一票否决情况、表彰名单、差距分析、基础工作记录、附录（考核细则）。\n",
	    cmd_report, DRAWS},
	{"sheets", "sheets DIR -o OUTDIR [--branch ID]... [--combined FILE.pdf] "
	    "[-j N]",
	    "为每个支部生成一份考核评分表 OUTDIR/编号-名称.pdf，并行生成（-j N，\n"
	    "默认用全部处理器核）；--branch 只生成指定支部（可重复）；\n"
	    "--combined 另把全部评分表合成一个 PDF，便于一次打印。\n",
	    cmd_sheets, DRAWS},
	{"notice", "notice DIR -o FILE.pdf",
	    "按 GB/T 9704 公文格式生成表彰决定及附件名单 PDF；决定的文字取自\n"
	    "templates/notice.txt（数据集目录中的 notice.txt 优先）。\n",
	    cmd_notice, DRAWS},
	{"build", "build DIR -o OUTDIR",
	    "一次生成全部：OUTDIR/report.pdf、OUTDIR/sheets/、OUTDIR/notice.pdf、\n"
	    "OUTDIR/handbooks/、OUTDIR/results.csv（带 BOM 的 UTF-8，Excel 可直接打开）\n"
	    "和 OUTDIR/results.xlsx（考核结果和各支部的细则得分）。\n",
	    cmd_build, DRAWS},
	{"handbook", "handbook DIR -o OUTDIR [--branch ID]... [--combined FILE.pdf] "
	    "[--paper a5|a4] [-j N]",
	    "为每个支部生成一册《党支部工作手册》OUTDIR/编号-名称.pdf：封面、目录、\n"
	    "使用说明、支部工作制度、支部委员工作职责、常用文件（文字取自\n"
	    "templates/handbook/，数据集目录中的 handbook/ 逐个文件优先）、支部基本情况\n"
	    "（含 members.csv 党员名册）和支部工作记录（含空白会议记录页）。\n"
	    "默认 A5 纸，--paper a4 用 A4；双面印刷，页数补足 4 的倍数，便于骑马钉装订。\n",
	    cmd_handbook, DRAWS | SCORES_OPTIONAL},
};

/* kaohe --help: these around the usage lines. */
static const char help_head[] =
    "kaohe：把党委对党支部的考核表（CSV）生成考核排名和可打印的 PDF。\n\n";
static const char help_tail[] =
    "\n通用选项：\n"
    "  --encoding 编码  按此编码读取 CSV 文件（如 GB18030、UTF-8）\n"
    "  --period 考核期  只按一个考核期计分（如 半年）\n"
    "  --strict         把警告当作错误\n"
    "  -q               不显示进度\n"
    "\n退出状态：0 完成；1 数据有错误；2 用法不对；\n"
    "3 环境或输出问题（没有可用字体、无法写入）。\n";

/* ------------------------------------------------------------------ */
/* Standard output: every write and the final close are checked.        */

static int stdout_errno; /* the first failure's errno, or 0 */

static void
stdout_fail(void)
{
	if (stdout_errno == 0)
		stdout_errno = errno ? errno : EIO;
}

static void
put_stdout(const char *s, size_t len)
{
	errno = 0;
	if (len > 0 && fwrite(s, 1, len, stdout) != len)
		stdout_fail();
}

static void
puts_stdout(const char *s)
{
	put_stdout(s, strlen(s));
}

/* Flushes and closes stdout; a failure (a full disk, a closed pipe) is
 * exit 3. */
static void
close_stdout(void)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		stdout_fail();
	errno = 0;
	if (fclose(stdout) != 0)
		stdout_fail();
	if (stdout_errno != 0)
		diag_msg(D_STDOUT, NULL, 0, 0, strerror(stdout_errno));
}

/* ------------------------------------------------------------------ */
/* The commands                                                         */

static int
cmd_check(const struct model *m, const struct pdf_fonts *f,
    const struct options *o)
{
	struct buf out = {0};

	(void)f;
	check_summary(m, o->dir, diag_count(DIAG_WARNING), &out);
	put_stdout(out.s, out.len);
	buf_free(&out);
	return EXIT_OK;
}

static int
cmd_rank(const struct model *m, const struct pdf_fonts *f,
    const struct options *o)
{
	struct buf out = {0};

	(void)f;
	if (strcmp(o->format, "csv") == 0)
		rank_csv(m, &out, false);
	else if (strcmp(o->format, "json") == 0)
		rank_json(m, &out);
	else
		rank_text(m, &out);
	put_stdout(out.s, out.len);
	buf_free(&out);
	return EXIT_OK;
}

static int
cmd_report(const struct model *m, const struct pdf_fonts *f,
    const struct options *o)
{
	if (outset_check_file(o->output) != EXIT_OK)
		return EXIT_ENV;
	return report_write(m, f, o->output);
}

static void
batch_opts(const struct options *o, const char *outdir,
    struct batch_options *bo)
{
	memset(bo, 0, sizeof *bo);
	bo->outdir = outdir;
	bo->branches = o->branches;
	bo->nbranches = o->nbranches;
	bo->combined = o->combined;
	bo->jobs = o->jobs;
	bo->progress = !o->quiet && diag_tty();
	bo->a4 = o->a4;
}

/* sheets and handbook: one PDF per branch in OUTDIR, one generation. */
static int
cmd_batch(const struct model *m, const struct pdf_fonts *f,
    const struct options *o, int (*write)(const struct model *,
    const struct pdf_fonts *, const struct batch_options *))
{
	struct batch_options bo;
	struct outset *set;
	int rc;

	if (o->combined &&
	    sheets_check_combined(m, o->output, o->combined) != EXIT_OK)
		return EXIT_USAGE;
	if ((set = outset_begin(o->output)) == NULL)
		return EXIT_ENV;
	batch_opts(o, outset_staging(set), &bo);
	rc = write(m, f, &bo);
	return rc == EXIT_OK ? outset_commit(set) : (outset_abort(set), rc);
}

static int
cmd_sheets(const struct model *m, const struct pdf_fonts *f,
    const struct options *o)
{
	return cmd_batch(m, f, o, sheets_write);
}

static int
cmd_notice(const struct model *m, const struct pdf_fonts *f,
    const struct options *o)
{
	if (outset_check_file(o->output) != EXIT_OK)
		return EXIT_ENV;
	return notice_write(m, f, o->output);
}

static int
cmd_handbook(const struct model *m, const struct pdf_fonts *f,
    const struct options *o)
{
	return cmd_batch(m, f, o, handbook_write);
}

static int
cmd_build(const struct model *m, const struct pdf_fonts *f,
    const struct options *o)
{
	struct build_options bo;

	batch_opts(o, NULL, &bo.batch);
	bo.batch.combined = NULL;
	bo.outdir = o->output;
	bo.progress = !o->quiet && diag_tty();
	return build_write(m, f, &bo);
}

/* ------------------------------------------------------------------ */
/* Arguments                                                            */

/* The usage lines, printed by --help and after a usage error. */
static char *
usage_text(void)
{
	struct buf b = {0};
	size_t i;

	buf_adds(&b, "usage:\n");
	for (i = 0; i < ARRAY_LEN(commands); i++)
		buf_printf(&b, "  kaohe %s\n", commands[i].synopsis);
	buf_printf(&b, "  kaohe %s\n", template_synopsis);
	buf_adds(&b, "  kaohe serve [--listen ADDR:PORT] [--state DIR] ...\n");
	buf_adds(&b, "  kaohe --help | kaohe COMMAND --help | "
	    "kaohe --version\n");
	return buf_take(&b);
}

/* The command of argv[1] into *cmd, or the answer to --help and
 * --version.  Returns -1 to go on, else the exit status. */
static int
parse_command(int argc, char **argv, const struct command **cmd,
    const char *usage)
{
	size_t i;

	if (argc < 2) {
		diag_msg(D_NO_COMMAND, NULL, 0, 0);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		puts_stdout(help_head);
		puts_stdout(usage);
		puts_stdout(help_tail);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts_stdout("kaohe " KAOHE_VERSION "\n");
		return EXIT_OK;
	}
	for (i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			*cmd = &commands[i];
	if (*cmd == NULL) {
		diag_msg(D_UNKNOWN_COMMAND, NULL, 0, 0, argv[1]);
		return EXIT_USAGE;
	}
	return -1;
}

enum { O_ENCODING = 256, O_PERIOD, O_STRICT, O_FORMAT, O_BRANCH,
    O_COMBINED, O_HELP, O_VERSION, O_PAPER };

/* One option c (of getopt_long) of cmd into o.  Returns -1 to go on, else
 * the exit status. */
static int
parse_option(int c, char **argv, const struct command *cmd,
    struct options *o)
{
	char *end;
	long j;

	switch (c) {
	case O_ENCODING:
		o->load.encoding = optarg;
		break;
	case O_PERIOD:
		o->load.period = optarg;
		break;
	case O_STRICT:
		o->strict = true;
		break;
	case O_FORMAT:
		if (strcmp(optarg, "text") && strcmp(optarg, "csv") &&
		    strcmp(optarg, "json")) {
			diag_msg(D_BAD_FORMAT, NULL, 0, 0, optarg);
			return EXIT_USAGE;
		}
		o->format = optarg;
		break;
	case O_BRANCH:
		o->branches = xrealloc(o->branches,
		    (o->nbranches + 1) * sizeof *o->branches);
		o->branches[o->nbranches++] = optarg;
		break;
	case O_COMBINED:
		o->combined = optarg;
		break;
	case O_PAPER:
		if (strcasecmp(optarg, "a5") && strcasecmp(optarg, "a4")) {
			diag_msg(D_BAD_PAPER, NULL, 0, 0, optarg);
			return EXIT_USAGE;
		}
		o->a4 = strcasecmp(optarg, "a4") == 0;
		break;
	case 'o':
		o->output = optarg;
		break;
	case 'j':
		j = strtol(optarg, &end, 10);
		if (*end || j < 1 || j > 256) {
			diag_msg(D_BAD_JOBS, NULL, 0, 0, optarg);
			return EXIT_USAGE;
		}
		o->jobs = (int)j;
		break;
	case 'q':
		o->quiet = true;
		break;
	case O_HELP: {
		char *h = xasprintf("usage: kaohe %s\n\n%s", cmd->synopsis,
		    cmd->help);

		puts_stdout(h);
		free(h);
		return EXIT_OK;
	}
	case O_VERSION:
		puts_stdout("kaohe " KAOHE_VERSION "\n");
		return EXIT_OK;
	case ':':
		diag_msg(D_OPTION_VALUE, NULL, 0, 0, argv[optind - 1]);
		return EXIT_USAGE;
	default:
		diag_msg(D_UNKNOWN_OPTION, NULL, 0, 0, argv[optind - 1]);
		return EXIT_USAGE;
	}
	return -1;
}

/* Reads argv into o and *cmd.  Returns -1 to go on, else the exit status
 * (after --help, --version or a usage error). */
static int
parse_args(int argc, char **argv, struct options *o,
    const struct command **cmd, const char *usage)
{
	static const struct option longopts[] = {
		{"encoding", required_argument, NULL, O_ENCODING},
		{"period", required_argument, NULL, O_PERIOD},
		{"strict", no_argument, NULL, O_STRICT},
		{"format", required_argument, NULL, O_FORMAT},
		{"branch", required_argument, NULL, O_BRANCH},
		{"combined", required_argument, NULL, O_COMBINED},
		{"paper", required_argument, NULL, O_PAPER},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, O_HELP},
		{"version", no_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0},
	};
	int c, rc;

	o->format = "text";
	if ((rc = parse_command(argc, argv, cmd, usage)) >= 0)
		return rc;
	argv++;
	argc--;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:q", longopts, NULL)) != -1)
		if ((rc = parse_option(c, argv, *cmd, o)) >= 0)
			return rc;
	if (optind >= argc) {
		diag_msg(D_NO_DIR, NULL, 0, 0, (*cmd)->name);
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		diag_msg(D_EXTRA_ARGUMENT, NULL, 0, 0, argv[optind + 1]);
		return EXIT_USAGE;
	}
	o->dir = argv[optind];
	o->load.scores_optional = ((*cmd)->needs & SCORES_OPTIONAL) != 0;
	if (((*cmd)->needs & NEED_OUTPUT) && o->output == NULL) {
		diag_msg(D_NO_OUTPUT, NULL, 0, 0, (*cmd)->name);
		return EXIT_USAGE;
	}
	if (o->load.encoding && !csv_encoding_known(o->load.encoding)) {
		diag_msg(D_UNKNOWN_ENCODING, NULL, 0, 0, o->load.encoding);
		return EXIT_USAGE;
	}
	if (!source_date_epoch(NULL)) {
		diag_msg(D_BAD_SOURCE_DATE_EPOCH, NULL, 0, 0,
		    getenv("SOURCE_DATE_EPOCH"));
		return EXIT_USAGE;
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* The stages                                                           */

/* Reads, checks, scores and derives the data set, and checks what writing
 * it needs.  Returns the model, or NULL when the data fails (the reasons
 * and a summary are reported); *fonts is opened when need_fonts. */
static struct model *
prepare(const struct options *o, bool need_fonts, struct pdf_fonts **fonts)
{
	struct model *m;

	*fonts = NULL;
	m = model_load(o->dir, &o->load);              /* ingest */
	if (m != NULL && check_input(m)) {             /* check */
		model_score(m);                        /* score */
		derive(m);                             /* derive */
		if (need_fonts &&
		    (*fonts = pdf_fonts_open(
		    (const char *const *)m->cfg.fonts)) == NULL) {
			model_free(m);
			return NULL;
		}
		check_output(m, *fonts);               /* check */
	}
	if (diag_exit() == EXIT_OK)
		return m;
	if (diag_exit() == EXIT_DATA) {
		if (diag_count(DIAG_ERROR) == 0)
			diag_msg(D_SUMMARY_STRICT, NULL, 0, 0,
			    diag_count(DIAG_WARNING));
		else
			diag_msg(D_SUMMARY_ERRORS, NULL, 0, 0,
			    diag_count(DIAG_ERROR));
	}
	pdf_fonts_free(*fonts);
	*fonts = NULL;
	model_free(m);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct options o = {0};
	const struct command *cmd = NULL;
	struct pdf_fonts *fonts = NULL;
	struct model *m = NULL;
	char *usage;
	bool fonts_needed;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "serve") == 0)
		return serve_main(argc - 1, argv + 1);
	usage = usage_text();
	diag_set_usage(usage);
	if (argc > 1 && strcmp(argv[1], "template") == 0) {
		rc = template_main(argc - 1, argv + 1); /* DIR optional */
	} else if ((rc = parse_args(argc, argv, &o, &cmd, usage)) < 0) {
		rc = EXIT_OK;
		diag_set_strict(o.strict);
		fonts_needed = (cmd->needs & NEED_FONTS) ||
		    ((cmd->needs & NEED_FONTS_IF_STRICT) && o.strict);
		if (!(cmd->needs & NEED_DATA) ||
		    (m = prepare(&o, fonts_needed, &fonts)) != NULL) {
			diag_flush();
			rc = cmd->run(m, fonts, &o);           /* out */
			if (diag_exit() == EXIT_DATA)
				/* a warning while drawing that the checks
				 * did not foresee */
				diag_msg(D_STRICT_LATE, NULL, 0, 0);
		}
		pdf_fonts_free(fonts);
		model_free(m);
	}
	close_stdout();
	if (diag_exit() > rc)
		rc = diag_exit();
	diag_flush();
	free(o.branches);
	free(usage);
	return rc;
}
