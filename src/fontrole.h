/* fontrole.h: the roles of [fonts], the one vocabulary the settings
 * (model.h) and the PDF engine (pdf/pdf.h) share: a renderer asks for a
 * role, kaohe.ini names the font of each role. */
#ifndef KAOHE_FONTROLE_H
#define KAOHE_FONTROLE_H

enum font_role {
	FONT_SONG,         /* 宋体: body of report and sheets */
	FONT_HEI,          /* 黑体: headings, table heads, 附件 */
	FONT_KAI,          /* 楷体 */
	FONT_FANGSONG,     /* 仿宋: body of the notice */
	FONT_XIAOBIAOSONG, /* 小标宋: title of the notice */
	FONT_FALLBACK,     /* ';'-separated list tried for missing characters */
	FONT_NROLES
};

#endif
