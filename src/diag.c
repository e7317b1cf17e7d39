/* diag.c: the one sink for every message kaohe prints to stderr, and the
 * one table of their texts (as mandoc's mandoc_msg.c). */
#include "diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct msg {
	enum diag_level level;
	bool bare;      /* "kaohe: text", without position and level */
	bool once;      /* said once per run, at its first place */
	unsigned file;  /* index into files[], or UINT_MAX for none */
	unsigned line, col;
	size_t seq;     /* arrival order, to keep sorting stable */
	char *text;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct msg *msgs;
static size_t nmsgs, capmsgs;
static char **files;
static size_t nfiles, capfiles;
static unsigned counts[DIAG_SYSERR + 1];
static bool strict;
static bool capture;
static struct buf captured;
static const char *usage_text = "";
/* Messages printed already, kept so that a later one saying the same thing
 * about the same place (a check, then the drawing) is said once. */
static struct msg *said;
static size_t nsaid, capsaid;

static const char *const level_name[] = {"note", "warning", "error",
    "usage", "error"};

/* The messages by code: level, flags, and the text, a printf format whose
 * arguments diag.h lists. */
enum {
	BARE = 1,  /* printed "kaohe: text", without position and level */
	ONCE = 2,  /* the same text is said once per run, at its first place */
};
static const struct {
	enum diag_level level;
	unsigned flags;
	const char *text;
} table[D_NCODES] = {
	[D_NO_COMMAND] = {DIAG_USAGE, BARE, "没有给出命令"},
	[D_UNKNOWN_COMMAND] = {DIAG_USAGE, BARE, "没有“%s”这个命令"},
	[D_UNKNOWN_OPTION] = {DIAG_USAGE, BARE, "不认识的选项 %s"},
	[D_OPTION_VALUE] = {DIAG_USAGE, BARE, "选项 %s 需要一个值"},
	[D_EXTRA_ARGUMENT] = {DIAG_USAGE, BARE, "多余的参数“%s”"},
	[D_NO_DIR] = {DIAG_USAGE, BARE, "%s：没有给出数据集目录"},
	[D_NO_OUTPUT] = {DIAG_USAGE, BARE, "%s：须用 -o 指定输出"},
	[D_BAD_FORMAT] = {DIAG_USAGE, BARE,
	    "--format %s：只能是 text、csv 或 json"},
	[D_BAD_JOBS] = {DIAG_USAGE, BARE, "-j %s：须为 1 到 256 的整数"},
	[D_UNKNOWN_ENCODING] = {DIAG_USAGE, BARE,
	    "--encoding %s：本系统不认识这个编码"},
	[D_UNKNOWN_PERIOD] = {DIAG_USAGE, BARE,
	    "没有考核期“%s”；kaohe.ini 中的考核期有：%s"},
	[D_UNKNOWN_BRANCH] = {DIAG_USAGE, BARE, "没有支部编号为“%s”的支部"},
	[D_BAD_PAPER] = {DIAG_USAGE, BARE, "--paper %s：只能是 a5 或 a4"},
	[D_BAD_SOURCE_DATE_EPOCH] = {DIAG_USAGE, BARE,
	    "SOURCE_DATE_EPOCH=“%s”：须为不小于 0 的整数秒数，至 9999 年底"
	    "（253402300799）为止"},
	[D_COMBINED_IS_SHEET] = {DIAG_USAGE, BARE,
	    "--combined %s 正是支部 %s 的 PDF 的位置；请换一个文件名"},
	[D_NOTICE_NOT_UTF8] = {DIAG_ERROR, 0,
	    "不是 UTF-8 文本，请另存为 UTF-8"},
	[D_NOTICE_NUL] = {DIAG_ERROR, 0,
	    "含有 NUL 字节，不是文本；请另存为 UTF-8 文本"},
	[D_NOTICE_SHORT] = {DIAG_ERROR, 0,
	    "表彰决定的文字须有标题行和主送机关行（见 templates/notice.txt）"},
	[D_CANNOT_READ] = {DIAG_ERROR, 0, "无法读取这个文件：%s"},
	[D_GLYPH_MISSING] = {DIAG_WARNING, ONCE,
	    "字符“%s”（U+%04X）在所配置的字体中都没有，印出来是方框；请安装"
	    "含有此字的字体，并写入 kaohe.ini 的 [fonts] fallback"},
	[D_SUMMARY_ERRORS] = {DIAG_NOTE, BARE, "共 %u 个错误；未生成任何文件"},
	[D_SUMMARY_STRICT] = {DIAG_NOTE, BARE,
	    "有 %u 个警告，--strict 把警告当作错误；未生成任何文件"},
	[D_STRICT_LATE] = {DIAG_NOTE, BARE, "--strict 把上面的警告当作错误"},
	[D_READ] = {DIAG_SYSERR, 0, "无法读取 %s：%s"},
	[D_WRITE] = {DIAG_SYSERR, 0, "无法写入 %s：%s"},
	[D_MKDIR] = {DIAG_SYSERR, 0, "无法创建目录 %s：%s"},
	[D_NOT_DIR] = {DIAG_SYSERR, 0, "%s 不是目录"},
	[D_OUTPUT_PLACE] = {DIAG_SYSERR, 0, "%s：%s"},
	[D_STDOUT] = {DIAG_SYSERR, 0, "无法写出到标准输出：%s"},
	[D_FONT] = {DIAG_SYSERR, 0, "字体 %s “%s”：%s；%s在 kaohe.ini 中"
	    "设置 [fonts] %s = /字体/文件.ttf（TrueType 轮廓字体）"},
	[D_FONT_COMMON] = {DIAG_SYSERR, 0, "无法生成共用字体：%s"},
	[D_PDF] = {DIAG_SYSERR, 0, "无法生成 PDF：%s"},
	[D_SHEET_FAILED] = {DIAG_SYSERR, 0,
	    "支部 %s（%s）的评分表未能写出"},
	[D_COMBINED_FAILED] = {DIAG_SYSERR, 0, "合订的评分表未能写出"},
	[D_HANDBOOK_FAILED] = {DIAG_SYSERR, 0,
	    "支部 %s（%s）的工作手册未能写出"},
	[D_HANDBOOK_COMBINED_FAILED] = {DIAG_SYSERR, 0,
	    "合订的工作手册未能写出"},
	[D_HANDBOOK_NOT_UTF8] = {DIAG_ERROR, 0,
	    "手册文字须保存为 UTF-8 编码（CommonMark 文本）"},
	[D_INTERNAL] = {DIAG_SYSERR, 0, "内部错误：%s"},
};

static unsigned
file_index(const char *file)
{
	size_t i;

	if (file == NULL)
		return (unsigned)-1;
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i], file) == 0)
			return (unsigned)i;
	xgrow(&files, &capfiles, nfiles + 1, sizeof *files);
	files[nfiles] = xstrdup(file);
	return (unsigned)nfiles++;
}

void
diag_file(const char *file)
{
	pthread_mutex_lock(&lock);
	file_index(file);
	pthread_mutex_unlock(&lock);
}

static void collect(enum diag_level level, bool bare, bool once,
    const char *file, unsigned line, unsigned col, const char *fmt,
    va_list ap) __attribute__((format(printf, 7, 0)));

static void
collect(enum diag_level level, bool bare, bool once, const char *file,
    unsigned line, unsigned col, const char *fmt, va_list ap)
{
	struct buf b = {0};
	struct msg *m;

	buf_vprintf(&b, fmt, ap);
	{	/* a value with U+00A0 or U+200B quoted looks valid: name them */
		char *shown = utf8_show_invisible(b.s ? b.s : "");
		if (shown) {
			buf_free(&b);
			buf_adds(&b, shown);
			free(shown);
		}
	}
	pthread_mutex_lock(&lock);
	counts[level]++;
	xgrow(&msgs, &capmsgs, nmsgs + 1, sizeof *msgs);
	m = &msgs[nmsgs];
	m->level = level;
	m->bare = bare;
	m->once = once;
	m->file = file_index(file);
	m->line = line;
	m->col = col;
	m->seq = nmsgs++;
	m->text = buf_take(&b);
	pthread_mutex_unlock(&lock);
}

void
diag(enum diag_level level, const char *file, unsigned line, unsigned col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	collect(level, false, false, file, line, col, fmt, ap);
	va_end(ap);
}

/* The texts of the table are the formats: the one place where a format is
 * not a literal at the call. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void
diag_msg(enum diag_code code, const char *file, unsigned line, unsigned col,
    ...)
{
	va_list ap;

	va_start(ap, col);
	collect(table[code].level, table[code].flags & BARE,
	    table[code].flags & ONCE, file, line, col, table[code].text, ap);
	va_end(ap);
}
#pragma GCC diagnostic pop

bool
diag_tty(void)
{
	return isatty(STDERR_FILENO) != 0;
}

void
diag_set_usage(const char *text)
{
	usage_text = text;
}

/* Writes text to stderr at once, or to the capture buffer. */
static void
emit(const char *s, size_t len)
{
	if (capture)
		buf_add(&captured, s, len);
	else
		fwrite(s, 1, len, stderr);
}

void
diag_progress(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&lock);
	emit(b.s, b.len);
	if (!capture)
		fflush(stderr);
	pthread_mutex_unlock(&lock);
	buf_free(&b);
}

void
diag_oom(void)
{
	static const char text[] = "kaohe: out of memory\n";
	ssize_t n = write(STDERR_FILENO, text, sizeof text - 1);

	(void)n;
	_exit(EXIT_ENV);
}

static int
msg_cmp(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Whether two messages say the same thing about the same place. */
static bool
msg_same(const struct msg *x, const struct msg *y)
{
	return x->file == y->file && x->line == y->line && x->col == y->col &&
	    x->level == y->level && strcmp(x->text, y->text) == 0;
}

/* Whether msgs[i] repeats an earlier message at the same place: one of
 * this flush (they are sorted, so the same place is just before it), or
 * one printed by an earlier flush. */
static bool
said_before(size_t i)
{
	size_t k;

	for (k = i; k-- > 0;) {
		if (msgs[k].file != msgs[i].file || msgs[k].line != msgs[i].line ||
		    msgs[k].col != msgs[i].col)
			break;
		if (msg_same(&msgs[k], &msgs[i]))
			return true;
	}
	if (msgs[i].level != DIAG_WARNING)
		return false;
	for (k = 0; k < nsaid; k++)
		if (msgs[i].once ? said[k].once &&
		    strcmp(said[k].text, msgs[i].text) == 0 :
		    msg_same(&said[k], &msgs[i]))
			return true;
	return false;
}

void
diag_flush(void)
{
	struct buf out = {0};
	size_t i;

	pthread_mutex_lock(&lock);
	if (nmsgs > 0)
		qsort(msgs, nmsgs, sizeof *msgs, msg_cmp);
	for (i = 0; i < nmsgs; i++) {
		struct msg *m = &msgs[i];

		/* the same message twice (a layout tried twice) is said once */
		if (said_before(i))
			continue;
		buf_adds(&out, "kaohe: ");
		if (m->bare) {
			buf_printf(&out, "%s\n", m->text);
			if (m->level == DIAG_USAGE && *usage_text)
				buf_adds(&out, usage_text);
			continue;
		}
		if (m->file != (unsigned)-1) {
			buf_adds(&out, files[m->file]);
			if (m->line)
				buf_printf(&out, ":%u", m->line);
			if (m->line && m->col)
				buf_printf(&out, ":%u", m->col);
			buf_adds(&out, ": ");
		}
		buf_printf(&out, "%s: %s\n", level_name[m->level], m->text);
		if (m->level == DIAG_WARNING) {
			xgrow(&said, &capsaid, nsaid + 1, sizeof *said);
			said[nsaid] = *m;
			said[nsaid++].text = xstrdup(m->text);
		}
	}
	for (i = 0; i < nmsgs; i++)
		free(msgs[i].text);
	nmsgs = 0;
	if (out.len)
		emit(out.s, out.len);
	pthread_mutex_unlock(&lock);
	buf_free(&out);
}

unsigned
diag_count(enum diag_level level)
{
	unsigned n;

	pthread_mutex_lock(&lock);
	n = counts[level];
	pthread_mutex_unlock(&lock);
	return n;
}

void
diag_set_strict(bool on)
{
	strict = on;
}

bool
diag_failed(void)
{
	return diag_exit() != EXIT_OK;
}

int
diag_exit(void)
{
	int rc = EXIT_OK;

	pthread_mutex_lock(&lock);
	if (counts[DIAG_SYSERR])
		rc = EXIT_ENV;
	else if (counts[DIAG_USAGE])
		rc = EXIT_USAGE;
	else if (counts[DIAG_ERROR] || (strict && counts[DIAG_WARNING]))
		rc = EXIT_DATA;
	pthread_mutex_unlock(&lock);
	return rc;
}

size_t
diag_mark(void)
{
	return nmsgs;
}

void
diag_rollback(size_t mark, size_t keep)
{
	size_t i, end;

	pthread_mutex_lock(&lock);
	if (mark < nmsgs && keep <= nmsgs - mark) {
		end = nmsgs - keep;
		for (i = mark; i < end; i++) {
			counts[msgs[i].level]--;
			free(msgs[i].text);
		}
		memmove(msgs + mark, msgs + end, keep * sizeof *msgs);
		nmsgs = mark + keep;
	}
	pthread_mutex_unlock(&lock);
}

void
diag_reset(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nmsgs; i++)
		free(msgs[i].text);
	free(msgs);
	msgs = NULL;
	nmsgs = capmsgs = 0;
	for (i = 0; i < nsaid; i++)
		free(said[i].text);
	free(said);
	said = NULL;
	nsaid = capsaid = 0;
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	files = NULL;
	nfiles = capfiles = 0;
	memset(counts, 0, sizeof counts);
	buf_free(&captured);
	pthread_mutex_unlock(&lock);
}

void
diag_capture(bool on)
{
	capture = on;
}

const char *
diag_captured(void)
{
	return captured.s ? captured.s : "";
}
