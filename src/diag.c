/* diag.c: the one sink for every message kaohe prints to stderr, and the
 * one table of their texts (as mandoc's mandoc_msg.c). */
#include "diag.h"

#include <errno.h>
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
/* the advice of the xlsx reader's refusals */
#define SAVE_AS "请在 Excel 或 WPS 中另存为 .xlsx 或 CSV"
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
	    "没有考核期“%s”；%s[periods] 中的考核期有：%s"},
	[D_UNKNOWN_BRANCH] = {DIAG_USAGE, BARE, "没有支部编号为“%s”的支部"},
	[D_COLUMN_TWICE] = {DIAG_WARNING, 0,
	    "“%s”列出现了两次，后一列不用"},
	[D_COLUMN_UNKNOWN] = {DIAG_WARNING, 0,
	    "不认识的列“%s”，不用"},
	[D_COLUMN_MISSING] = {DIAG_ERROR, 0,
	    "缺少“%s”列（英文列名 %s）"},
	[D_FILE_MISSING] = {DIAG_ERROR, 0,
	    "找不到这个文件：数据集必须有 %s"},
	[D_FILE_EMPTY] = {DIAG_ERROR, 0,
	    "文件是空的"},
	[D_RUBRIC_NO_ID] = {DIAG_ERROR, 0,
	    "“编号”为空"},
	[D_RUBRIC_ID_TWICE] = {DIAG_ERROR, 0,
	    "细则编号 %s 在前面已有，重复"},
	[D_RUBRIC_NO_CATEGORY] = {DIAG_ERROR, 0,
	    "“类别”为空"},
	[D_RUBRIC_NO_TITLE] = {DIAG_ERROR, 0,
	    "“考核内容”为空"},
	[D_RUBRIC_POINTS] = {DIAG_ERROR, 0,
	    "分值“%s”不是数字（最多两位小数，如 5 或 2."
	    "5）"},
	[D_RUBRIC_POINTS_ZERO] = {DIAG_ERROR, 0,
	    "分值必须大于 0"},
	[D_NO_BRANCH_ID] = {DIAG_ERROR, 0,
	    "“支部编号”为空"},
	[D_BRANCH_ID_TWICE] = {DIAG_ERROR, 0,
	    "支部编号 %s 在前面已有，重复"},
	[D_BRANCH_NO_NAME] = {DIAG_ERROR, 0,
	    "“支部名称”为空"},
	[D_BRANCH_NAME_TWICE] = {DIAG_WARNING, 0,
	    "另有支部也叫“%s”"},
	[D_BRANCH_MEMBERS] = {DIAG_ERROR, 0,
	    "党员人数“%s”不是整数"},
	[D_BRANCH_ELECTED] = {DIAG_ERROR, 0,
	    "换届时间“%s”不是有效日期（如 2023-06-3"
	    "0 或 2023年6月30日）"},
	[D_SCORE_TWICE] = {DIAG_ERROR, 0,
	    "重复评分：支部 %s、%s、%s%s%s、细则 %s"
	    " 与第 %u 行重复"},
	[D_MEMBER_EMPTY] = {DIAG_ERROR, 0, "“%s”为空"},
	[D_MEMBER_DATE] = {DIAG_ERROR, 0,
	    "%s“%s”不是有效日期（如 2005-07-01 或 2005年7月1日）"},
	[D_MEMBER_NO_NAME] = {DIAG_ERROR, 0, "“姓名”为空"},
	[D_MEMBER_SEX] = {DIAG_ERROR, 0, "性别“%s”不对，应为男或女"},
	[D_MEMBER_CONFIRMED] = {DIAG_ERROR, 0,
	    "转正日期 %s 早于入党日期 %s"},
	[D_MEMBER_YOUNG] = {DIAG_WARNING, 0,
	    "入党日期 %s 时未满十八岁（出生日期 %s），请核对这两个日期"},
	[D_MEMBER_ROLE] = {DIAG_ERROR, 0,
	    "党内职务“%s”不对，应为支部书记、副书记、组织委员、"
	    "宣传委员、纪检委员、青年委员、统战委员、党小组长或留空"},
	[D_MEMBER_SECRETARY_TWICE] = {DIAG_ERROR, 0,
	    "支部 %s 已有支部书记 %s（第 %u 行），一个支部只能有"
	    "一名支部书记"},
	[D_MEMBER_SECRETARY_OTHER] = {DIAG_WARNING, 0,
	    "支部书记 %s 与 %s 第 %u 行的支部书记 %s 不同"},
	[D_BRANCH_UNKNOWN] = {DIAG_ERROR, 0,
	    "支部编号 %s 不在%s中"},
	[D_PERIOD_UNKNOWN] = {DIAG_ERROR, 0,
	    "考核期“%s”不在%s的 [periods] 中"},
	[D_SOURCE_UNKNOWN] = {DIAG_ERROR, 0,
	    "评价方式“%s”不在%s的 [weights] 中"},
	[D_SCORE_NO_VALUE_COLUMN] = {DIAG_ERROR, 0,
	    "缺少“得分”或“扣分”列（英文列名 score、de"
	    "duction）"},
	[D_WIDE_ITEM_TWICE] = {DIAG_ERROR, 0,
	    "细则 %s 的列出现了两次"},
	[D_WIDE_COLUMN_UNKNOWN] = {DIAG_ERROR, 0,
	    "列“%s”既不是支部编号、考核期、评价方式、评价人，"
	    "也不是考核细则的编号"},
	[D_WIDE_SCORE_NUMBER] = {DIAG_ERROR, 0,
	    "细则 %s 的得分“%s”不是数字（最多两位小数，如"
	    " 8 或 7.5）"},
	[D_WIDE_SCORE_OVER] = {DIAG_ERROR, 0,
	    "细则 %s 的得分 %s 超过其分值 %s"},
	[D_SCORE_NO_ITEM] = {DIAG_ERROR, 0,
	    "“细则编号”为空"},
	[D_SCORE_ITEM_UNKNOWN] = {DIAG_ERROR, 0,
	    "细则编号 %s 不在考核细则中"},
	[D_SCORE_BOTH] = {DIAG_ERROR, 0,
	    "“得分”和“扣分”都填了，只能填一个"},
	[D_SCORE_NEITHER] = {DIAG_ERROR, 0,
	    "“得分”和“扣分”都没有填，须填一个"},
	[D_SCORE_NUMBER] = {DIAG_ERROR, 0,
	    "%s“%s”不是数字（最多两位小数，如 8 或 7."
	    "5）"},
	[D_SCORE_OVER] = {DIAG_ERROR, 0,
	    "得分 %s 超过细则 %s 的分值 %s"},
	[D_VETO_NO_REASON] = {DIAG_ERROR, 0,
	    "“否决事项”为空"},
	[D_VETO_REASON_UNKNOWN] = {DIAG_ERROR, 0,
	    "“%s”不是%s[veto] reasons 所列的否决事项"},
	[D_DATE] = {DIAG_ERROR, 0,
	    "日期“%s”不是有效日期（如 2025-03-07 "
	    "或 2025年3月7日）"},
	[D_DATE_TIME] = {DIAG_ERROR, 0,
	    "%s“%s”带有时刻：这一列只填日期，如 %s"},
	[D_RECORD_NO_DATE] = {DIAG_ERROR, 0,
	    "“日期”为空"},
	[D_RECORD_NO_TYPE] = {DIAG_ERROR, 0,
	    "“类型”为空"},
	[D_RECORD_TYPE] = {DIAG_ERROR, 0,
	    "类型“%s”不对，应为支部党员大会、支委会、党小组会"
	    "、党课、主题党日、组织生活会、民主评议党员或其他"},
	[D_RECORD_EXPECTED] = {DIAG_ERROR, 0,
	    "应到“%s”不是整数"},
	[D_RECORD_PRESENT] = {DIAG_ERROR, 0,
	    "实到“%s”不是整数"},
	[D_RECORD_PRESENT_OVER] = {DIAG_ERROR, 0,
	    "实到 %d 人多于应到 %d 人"},
	[D_WORKER_NO_NAME] = {DIAG_ERROR, 0,
	    "“姓名”为空"},
	[D_NOT_DATASET] = {DIAG_ERROR, 0,
	    "不是数据集目录（找不到这个文件夹）"},
	[D_WORKBOOK_NOT_FOUND] = {DIAG_ERROR, 0,
	    "找不到这个工作簿文件"},
	[D_RUBRIC_TOTAL] = {DIAG_ERROR, 0,
	    "考核细则分值合计 %s，应为 %s"},
	[D_RUBRIC_TOTAL_BUILTIN] = {DIAG_ERROR, 0,
	    "[rubric] total = %s，但数据集没有考核细则（%s），内置的考核细则"
	    "合计 %s 分"},
	[D_NO_BRANCHES] = {DIAG_ERROR, 0,
	    "没有列出任何支部"},
	[D_NOMINEE_VETOED] = {DIAG_WARNING, 0,
	    "%s不予表彰：所在支部 %s 被一票否决（%s）"},
	[D_NOMINEE_LOW_LEVEL] = {DIAG_NOTE, 0,
	    "%s不予表彰：所在支部 %s 考核等次为%s"},
	[D_BRANCH_NO_SCORES] = {DIAG_ERROR, 0,
	    "支部 %s 在%s中没有任何评分"},
	[D_BRANCH_MISSING_ITEMS] = {DIAG_ERROR, 0,
	    "支部 %s 缺少%s%s评分的 %zu 个细则：%s"},
	[D_BAD_PAPER] = {DIAG_USAGE, BARE, "--paper %s：只能是 a5 或 a4"},
	[D_BAD_SOURCE_DATE_EPOCH] = {DIAG_USAGE, BARE,
	    "SOURCE_DATE_EPOCH=“%s”：须为不小于 0 的整数秒数，至 9999 年底"
	    "（253402300799）为止"},
	[D_COMBINED_IS_SHEET] = {DIAG_USAGE, BARE,
	    "--combined %s 正是支部 %s 的 PDF 的位置；请换一个文件名"},
	[D_BAD_FORM] = {DIAG_USAGE, BARE, "--form %s：只能是 wide 或 long"},
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
	[D_TEMPLATE_ROWS] = {DIAG_ERROR, 0,
	    "“评分”表要 %zu 行，超过 Excel 一张表的 %d 行%s"},
	[D_XLSX_PART_STAT] = {DIAG_ERROR, 0,
	    "工作簿已损坏（%s 读不出）：" SAVE_AS},
	[D_XLSX_PART_ENCRYPTED] = {DIAG_ERROR, 0,
	    "工作簿设有密码，无法读取：请在 Excel 或 WPS 中取消密码后另存为 .xlsx"},
	[D_XLSX_PART_OPEN] = {DIAG_ERROR, 0,
	    "工作簿已损坏（%s 读不出：%s）：" SAVE_AS},
	[D_XLSX_PART_INFLATE] = {DIAG_ERROR, 0,
	    "工作簿已损坏（%s 解压出错：%s）：" SAVE_AS},
	[D_XLSX_BOMB] = {DIAG_ERROR, 0,
	    "工作簿的 %s 解压后过大（超过 1 GiB 或压缩大小的 200 倍），疑为恶意文件，不予读取"},
	[D_XLSX_DTD] = {DIAG_ERROR, 0,
	    "工作簿的 %s 含有 DOCTYPE 或实体声明，Excel 不会这样写，不予读取"},
	[D_XLSX_XML] = {DIAG_ERROR, 0,
	    "工作簿已损坏（%s 第 %u 行的 XML 有误：%s）：" SAVE_AS},
	[D_XLSX_SHEETS] = {DIAG_ERROR, 0,
	    "工作簿的工作表过多，已损坏：" SAVE_AS},
	[D_XLSX_FORMATS] = {DIAG_ERROR, 0,
	    "工作簿的单元格格式过多，已损坏：" SAVE_AS},
	[D_XLSX_ENCRYPTED] = {DIAG_ERROR, 0,
	    "工作簿设有打开密码，无法读取：请在 Excel 或 WPS 中取消密码后另存为 .xlsx"},
	[D_XLSX_CFB] = {DIAG_ERROR, 0,
	    "这是旧式的 .xls 或 WPS .et 文件，不是 .xlsx：" SAVE_AS},
	[D_XLSX_EMPTY] = {DIAG_ERROR, 0,
	    "文件是空的，不是 .xlsx 工作簿"},
	[D_XLSX_NOT_ZIP] = {DIAG_ERROR, 0,
	    "不是 .xlsx 工作簿：" SAVE_AS},
	[D_XLSX_NO_WORKBOOK] = {DIAG_ERROR, 0,
	    "不是 Excel 工作簿（压缩包中没有 %s）：" SAVE_AS},
	[D_XLSX_ARCHIVE] = {DIAG_ERROR, 0,
	    "工作簿已损坏，不是完整的 .xlsx 压缩包（%s）：" SAVE_AS},
	[D_XLSX_OPEN] = {DIAG_ERROR, 0,
	    "无法打开工作簿：%s"},
	[D_XLSX_READ] = {DIAG_ERROR, 0,
	    "无法读取工作簿：%s"},
	[D_XLSX_SOURCE] = {DIAG_ERROR, 0,
	    "无法读取工作簿"},
	[D_XLSX_SHEET_MISSING] = {DIAG_ERROR, 0,
	    "工作簿已损坏（缺少工作表 %s）：" SAVE_AS},
	[D_XLSX_SHEET_SIZE] = {DIAG_ERROR, 0,
	    "工作表超过 Excel 的上限（1048576 行、16384 列），已损坏：" SAVE_AS},
	[D_XLSX_SST_INDEX] = {DIAG_ERROR, 0,
	    "工作簿已损坏（单元格指向不存在的共享字符串）：" SAVE_AS},
	[D_XLSX_ROW_NUMBER] = {DIAG_ERROR, 0,
	    "工作簿已损坏（行号有误）：" SAVE_AS},
	[D_XLSX_ROW_ORDER] = {DIAG_ERROR, 0,
	    "工作簿已损坏（行号不是递增的）：" SAVE_AS},
	[D_XLSX_CELL_REF] = {DIAG_ERROR, 0,
	    "工作簿已损坏（单元格地址有误）：" SAVE_AS},
	[D_XLSX_CELL_ROW] = {DIAG_ERROR, 0,
	    "工作簿已损坏（单元格不在它所在的行）：" SAVE_AS},
	[D_XLSX_CELL_ORDER] = {DIAG_ERROR, 0,
	    "工作簿已损坏（单元格顺序有误）：" SAVE_AS},
	[D_XLSX_BOOL] = {DIAG_ERROR, 0,
	    "单元格是逻辑值 %s，这一列不能用逻辑值"},
	[D_XLSX_ERROR] = {DIAG_ERROR, 0,
	    "单元格是错误值 %s：请改正公式或填入数值"},
	[D_XLSX_NO_VALUE] = {DIAG_ERROR, 0,
	    "单元格的公式没有保存计算结果：请在 Excel 或 WPS 中打开工作簿，保存一次"},
	[D_SHEET_EMPTY] = {DIAG_ERROR, 0,
	    "工作表是空的"},
	[D_WB_NO_SHEET] = {DIAG_ERROR, 0,
	    "工作簿中没有“%s”工作表（英文名 %s）"},
	[D_WB_NO_SHEET_NOR_FILE] = {DIAG_ERROR, 0,
	    "工作簿中没有“%s”工作表（英文名 %s），数据集中也没有 %s"},
	[D_WB_TABLE_TWICE_SHEET] = {DIAG_ERROR, 0,
	    "已有 %s，工作簿中又有“%s”工作表：同一张表只能给一次"},
	[D_WB_TABLE_TWICE_FILE] = {DIAG_ERROR, 0,
	    "已有 %s，又有 %s：同一张表只能给一次"},
	[D_WB_NO_SHEETS] = {DIAG_ERROR, 0,
	    "工作簿中没有工作表"},
	[D_WB_SEVERAL] = {DIAG_ERROR, 0,
	    "数据集目录中有 %zu 个工作簿（%s），不知用哪一个：只留一个，或按表命名（如 scores.xlsx）"},
	[D_WB_SHEET_TWICE] = {DIAG_ERROR, 0,
	    "工作表“%s”和“%s”是同一张表（%s），只能有一个"},
	[D_WB_NO_TABLES] = {DIAG_ERROR, 0,
	    "工作簿中没有按表命名的工作表（考核细则、支部、评分、一票否决、工作记录、推荐人选、党员、设置）"},
	[D_WB_NO_TABLES_UNUSED] = {DIAG_WARNING, 0,
	    "工作簿中没有按表命名的工作表（考核细则、支部、评分、一票否决、工作记录、推荐人选、党员、设置），不用"},
	[D_WB_SETTINGS_TWICE] = {DIAG_ERROR, 0,
	    "已有 %s，工作簿中又有“%s”工作表：设置只能给一处"},
	[D_SETTINGS_SECTION] = {DIAG_ERROR, 0,
	    "节名“%s”不能含有 [ ] ; # 或换行"},
	[D_SETTINGS_NO_SECTION] = {DIAG_ERROR, 0,
	    "“节”为空"},
	[D_SETTINGS_NO_KEY] = {DIAG_ERROR, 0,
	    "“项”为空"},
	[D_SETTINGS_KEY] = {DIAG_ERROR, 0,
	    "项名“%s”不能含有 = : ; # 或换行，也不能以 [ 开头"},
	[D_SETTINGS_VALUE] = {DIAG_ERROR, 0,
	    "值不能换行"},
	[D_CELL_CUT] = {DIAG_WARNING, 0,
	    "%s %s!%s：文字超过 Excel 一格能放的 %d 个字，只写入了前 %d 个字"},
	[D_ROWS_CUT] = {DIAG_WARNING, 0,
	    "%s %s：超过 Excel 一张表的 %d 行，只写入了前 %zu 行"},
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
	    "设置 [fonts] %s = /字体/文件.otf（OpenType 或 TrueType 字体）"},
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

/* --- xlsx input: positions in workbook sheets (SHEET!CELL) ---------- */

static char **sheet_names;
static size_t nsheet_names, capsheet_names;

void
diag_sheet(const char *file)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nsheet_names; i++)
		if (strcmp(sheet_names[i], file) == 0)
			break;
	if (i == nsheet_names) {
		xgrow(&sheet_names, &capsheet_names, nsheet_names + 1,
		    sizeof *sheet_names);
		sheet_names[nsheet_names++] = xstrdup(file);
	}
	pthread_mutex_unlock(&lock);
}

/* Appends "!F12" for a sheet's position; false when file is no sheet. */
static bool
sheet_position(struct buf *out, const char *file, unsigned line, unsigned col)
{
	char letters[8], *p = letters + sizeof letters;
	size_t i;

	for (i = 0; i < nsheet_names; i++)
		if (strcmp(sheet_names[i], file) == 0)
			break;
	if (i == nsheet_names)
		return false;
	*--p = '\0';
	for (col = col ? col : 1; col > 0 && p > letters; col = (col - 1) / 26)
		*--p = (char)('A' + (col - 1) % 26);
	buf_printf(out, "!%s%u", p, line);
	return true;
}

/* --- end of xlsx input ------------------------------------------------ */

/* --- system errors ----------------------------------------------------- */

/* The common system errors in Chinese; the C library's texts are English. */
static const struct {
	int err;
	const char *text;
} sys_texts[] = {
	{ENOENT, "没有这个文件或目录"},
	{EACCES, "没有权限"},
	{EPERM, "不允许这样操作（没有权限）"},
	{EISDIR, "这是目录，不是文件"},
	{ENOTDIR, "不是目录（或路径中有一段不是目录）"},
	{ENOSPC, "磁盘已满"},
	{EROFS, "只读文件系统"},
	{EEXIST, "已有同名文件"},
	{ENAMETOOLONG, "文件名太长"},
	{EMFILE, "打开的文件太多"},
	{ENFILE, "系统打开的文件太多"},
	{ENOMEM, "内存不足"},
	{EFBIG, "文件太大"},
	{EDQUOT, "超出磁盘配额"},
	{ELOOP, "符号链接太多层（或链接到自身）"},
	{EIO, "读写出错（I/O 错误）"},
};

const char *
diag_strerror(int err)
{
	size_t k;

	for (k = 0; k < ARRAY_LEN(sys_texts); k++)
		if (sys_texts[k].err == err)
			return sys_texts[k].text;
	return strerror(err);
}

/* A message's text with the C library's English text of a common system
 * error (strerror() at the call) said in Chinese. */
static void
sys_chinese(struct buf *b)
{
	size_t k;

	for (k = 0; k < ARRAY_LEN(sys_texts) && b->s; k++) {
		const char *en = strerror(sys_texts[k].err);
		char *at = strstr(b->s, en);

		if (at != NULL) {
			struct buf t = {0};

			buf_add(&t, b->s, (size_t)(at - b->s));
			buf_adds(&t, sys_texts[k].text);
			buf_adds(&t, at + strlen(en));
			buf_free(b);
			*b = t;
		}
	}
}

struct diag_held {
	struct msg *m;
	size_t n, cap;
};

/* This thread's held messages, when it holds them back. */
static _Thread_local struct diag_held *held;

struct diag_held *
diag_hold(void)
{
	held = xcalloc(1, sizeof *held);
	return held;
}

void
diag_release(struct diag_held *h)
{
	size_t i;

	if (h == NULL)
		return;
	pthread_mutex_lock(&lock);
	for (i = 0; i < h->n; i++) {
		counts[h->m[i].level]++;
		xgrow(&msgs, &capmsgs, nmsgs + 1, sizeof *msgs);
		msgs[nmsgs] = h->m[i];
		msgs[nmsgs].seq = nmsgs;
		nmsgs++;
	}
	pthread_mutex_unlock(&lock);
	free(h->m);
	free(h);
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
	sys_chinese(&b);
	{	/* a value with U+00A0 or U+200B quoted looks valid: name them */
		char *shown = utf8_show_invisible(b.s ? b.s : "");
		if (shown) {
			buf_free(&b);
			buf_adds(&b, shown);
			free(shown);
		}
	}
	pthread_mutex_lock(&lock);
	if (held != NULL) {
		xgrow(&held->m, &held->cap, held->n + 1, sizeof *held->m);
		m = &held->m[held->n++];
	} else {
		counts[level]++;
		xgrow(&msgs, &capmsgs, nmsgs + 1, sizeof *msgs);
		m = &msgs[nmsgs];
	}
	m->level = level;
	m->bare = bare;
	m->once = once;
	m->file = file_index(file);
	m->line = line;
	m->col = col;
	m->seq = held != NULL ? 0 : nmsgs++;
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

const char *
diag_text(enum diag_code code)
{
	return code < D_NCODES ? table[code].text : NULL;
}

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
			if (m->line && sheet_position(&out, files[m->file],
			    m->line, m->col))
				;
			else if (m->line && m->col)
				buf_printf(&out, ":%u:%u", m->line, m->col);
			else if (m->line)
				buf_printf(&out, ":%u", m->line);
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
	for (i = 0; i < nsheet_names; i++)
		free(sheet_names[i]);
	free(sheet_names);
	sheet_names = NULL;
	nsheet_names = capsheet_names = 0;
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

void
diag_log(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	size_t off = 0;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_addc(&b, '\n');
	while (off < b.len) {
		ssize_t n = write(STDERR_FILENO, b.s + off, b.len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	buf_free(&b);
}
