/* pdf.h: the PDF engine shared by every renderer: fonts, pages, text, tables,
 * charts and atomic saving, on top of libharu 2.3.0 and HarfBuzz.
 *
 * Model.  A `struct pdf_doc` records a display list: pages of drawing
 * operations (text already split into font runs, lines, rectangles) while
 * collecting the characters each font must hold.  Nothing touches libharu
 * until pdf_doc_save(), which calls the page furniture callback for every
 * page (the page count is known then), subsets each font to exactly what the
 * document uses (HarfBuzz; a batch may share pre-made parts, see
 * pdf_common_new()), writes the font objects and content streams itself
 * (so libharu 2.3.0's font defects never arise: blank glyphs, invalid
 * ToUnicode, characters above U+FFFF) and writes the file atomically.
 *
 * Units and coordinates.  Every length is in PDF points (1/72 inch); use
 * PDF_MM() for millimetres.  Coordinates are measured from the top-left
 * corner of the page: x to the right, y DOWN.  Text positions are baselines.
 *
 * Threads.  One `struct pdf_fonts` is opened per run and shared read-only;
 * each thread makes its own documents.  Nothing else is shared.
 *
 * Diagnostics.  Text-drawing calls take an optional `const struct srcpos *`
 * (NULL for none): a character that no font of the role's chain holds is
 * reported once per document as a warning at that position, and drawn as a
 * visible replacement box, never as a silent blank. */
#ifndef KAOHE_PDF_H
#define KAOHE_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"     /* struct srcpos */
#include "fontrole.h" /* enum font_role */

#define PDF_MM(mm) ((double)(mm) * 72.0 / 25.4) /* millimetres to points */

/* A4 in points. */
#define PDF_A4_WIDTH 595.2756
#define PDF_A4_HEIGHT 841.8898
/* A5 in points. */
#define PDF_A5_WIDTH 419.5276
#define PDF_A5_HEIGHT 595.2756

/* Chinese font sizes by name, in points (GB/T 9704). */
#define PDF_SIZE_CHUHAO 42.0    /* 初号 */
#define PDF_SIZE_XIAOCHU 36.0   /* 小初 */
#define PDF_SIZE_1HAO 26.0      /* 一号 */
#define PDF_SIZE_XIAO1 24.0     /* 小一 */
#define PDF_SIZE_2HAO 22.0      /* 二号 */
#define PDF_SIZE_XIAO2 18.0     /* 小二 */
#define PDF_SIZE_3HAO 16.0      /* 三号 */
#define PDF_SIZE_XIAO3 15.0     /* 小三 */
#define PDF_SIZE_4HAO 14.0      /* 四号 */
#define PDF_SIZE_XIAO4 12.0     /* 小四 */
#define PDF_SIZE_5HAO 10.5      /* 五号 */
#define PDF_SIZE_XIAO5 9.0      /* 小五 */

/* ------------------------------------------------------------------ */
/* Fonts                                                                */

struct pdf_fonts;

/* Locates (fontconfig) and opens (HarfBuzz) the font of every role:
 * names[role] is a family name or a file path ("FILE.ttc:INDEX" for a face
 * of a collection), NULL or "" for the default of fonts/README.md;
 * names[FONT_FALLBACK] is a ';'-separated list.  names may be NULL (all
 * defaults).  A font that cannot be used (not found, CFF outlines,
 * embedding not permitted) is reported with diag() (D_FONT, exit 3) and
 * NULL is returned.  The result is read-only and may be shared by threads;
 * pdf_fonts_free(). */
struct pdf_fonts *pdf_fonts_open(const char *const names[FONT_NROLES]);
/* Frees the fonts; accepts NULL.  Every document made with them must have
 * been freed first. */
void pdf_fonts_free(struct pdf_fonts *f);
/* Coverage: the byte offset in utf8 (len bytes) of the first character
 * that no font of the role's chain (role font, then fallbacks) has and
 * that would be drawn as a replacement box, or -1 when every character is
 * covered; *cp is set to that character.  Characters the engine never
 * draws (controls, U+FEFF, U+200B; a tab is a space) are never missing;
 * invalid UTF-8 bytes are skipped, as drawing skips them. */
long pdf_fonts_missing(const struct pdf_fonts *f, enum font_role role,
    const char *utf8, size_t len, uint32_t *cp);
/* A role font that lacks most of what it must set is a wrong font, not a
 * few rare characters: collect the texts of a run with pdf_coverage_add()
 * (the distinct characters count, as drawn), then pdf_coverage_check()
 * reports (D_FONT, exit 3, naming the role, the font and the figures) each
 * text role whose own font, its fallbacks left out, lacks more than a
 * tenth of them, and returns how many did.  pdf_coverage_missing() gives
 * the figures of one role: the characters the role font lacks (*distinct:
 * of how many; *example: one of them, or 0). */
struct pdf_coverage;
struct pdf_coverage *pdf_coverage_new(const struct pdf_fonts *f);
void pdf_coverage_add(struct pdf_coverage *c, const char *utf8);
size_t pdf_coverage_missing(const struct pdf_coverage *c,
    enum font_role role, size_t *distinct, uint32_t *example);
int pdf_coverage_check(const struct pdf_coverage *c);
void pdf_coverage_free(struct pdf_coverage *c);

/* ------------------------------------------------------------------ */
/* Styles                                                               */

enum pdf_align {
	PDF_ALIGN_DEFAULT = 0, /* left, or the table column's alignment */
	PDF_LEFT,
	PDF_CENTER,
	PDF_RIGHT,
	PDF_JUSTIFY,           /* lines but the last of a paragraph fill the
	                          width (character spacing); else left */
};

/* How text looks.  Zero-initialised fields take the defaults noted. */
struct pdf_style {
	enum font_role role;  /* FONT_SONG (0) by default */
	double size;          /* points; 0 = 10.5 (五号) */
	double leading;       /* baseline to baseline, points; 0 = 1.5 × size */
	double char_space;    /* extra space after each character (Tc), points,
	                         may be negative (GB/T 9704 28 characters/line) */
	double indent;        /* first-line indent of paragraphs, points
	                         (2 characters: 2 × size) */
	enum pdf_align align;
	uint32_t color;       /* 0xRRGGBB; 0 = black */
	bool balance;         /* a title: each paragraph in the fewest lines,
	                         of balanced widths, broken preferably before
	                         和 与 及 暨 (GB/T 9704 7.3.1) */
	bool verbatim;        /* set the text as given; by default ASCII
	                         punctuation between Chinese characters is set
	                         in its Chinese form (see pdf/punct.h) */
};

/* A font given as PDF_FONT(role) in cells; 0 means "the default". */
#define PDF_FONT(role) ((int)(role) + 1)

/* ------------------------------------------------------------------ */
/* Documents and pages                                                  */

struct pdf_doc;

/* Page geometry of a document. */
struct pdf_page_setup {
	bool landscape;       /* A4 landscape instead of portrait */
	double margin_top;    /* points; all four 0 = 25 mm each */
	double margin_bottom; /* points */
	double margin_left;   /* points */
	double margin_right;  /* points */
	double width, height; /* page size, points (portrait); 0 = A4 */
	bool mirror;          /* double-sided: even pages swap the left and
	                         right margins (left = inner on odd pages) */
};

/* Document metadata (UTF-8; NULL fields are left out).  Creator is always
 * "kaohe VERSION"; the dates come from SOURCE_DATE_EPOCH when set, else
 * from the clock. */
struct pdf_info {
	const char *title;
	const char *author;   /* the organization */
	const char *subject;
	const char *keywords;
};

/* Called at save time for every page, after all content is laid out, to
 * draw headers and footers with pdf_text_at() and friends (they draw on
 * that page).  page is 1-based; npages is the total. */
typedef void (*pdf_page_fn)(struct pdf_doc *doc, unsigned page,
    unsigned npages, void *ctx);

/* A new empty document with one page.  setup may be NULL (A4 portrait,
 * 25 mm margins).  fonts must outlive the document.  pdf_doc_free(). */
struct pdf_doc *pdf_doc_new(const struct pdf_fonts *fonts,
    const struct pdf_page_setup *setup);
/* Frees the document; accepts NULL. */
void pdf_doc_free(struct pdf_doc *doc);
/* Sets the metadata (strings are copied). */
void pdf_doc_set_info(struct pdf_doc *doc, const struct pdf_info *info);
/* Sets the page furniture callback (headers, footers, page numbers). */
void pdf_doc_set_furniture(struct pdf_doc *doc, pdf_page_fn fn, void *ctx);
/* Changes the setup used by pages added from now on. */
void pdf_doc_set_setup(struct pdf_doc *doc, const struct pdf_page_setup *s);

/* Shared font parts for a batch of documents (one per sheet, say): the
 * characters (nearly) every document of the batch draws (headings,
 * labels, the rubric) are subset and deflated once, and those bytes are
 * written into every document that draws one of them; each document
 * subsets only what the shared part lacks.  Output stays byte-identical
 * whatever the order or threads documents are made in.
 *
 * pdf_common_new() starts an empty set for fonts.  pdf_common_add() adds
 * the characters of utf8 as role draws them (its font chain decides the
 * face).  pdf_common_add_doc() counts the characters a laid-out (not
 * rendered) sample document draws; it may be freed afterwards.
 * pdf_common_build() makes the shared parts of the characters added as
 * text and of those drawn by at least min_share (0 to 1) of the sample
 * documents (returns 0, or -1 after a diag() message, D_FONT_COMMON); the
 * set is read-only from then on and may be shared by threads.
 * pdf_doc_set_common() makes doc use it (once built; NULL for none).
 * pdf_common_free() after every document using it is freed; accepts
 * NULL. */
struct pdf_common;
struct pdf_common *pdf_common_new(const struct pdf_fonts *fonts);
void pdf_common_add(struct pdf_common *c, enum font_role role,
    const char *utf8);
void pdf_common_add_doc(struct pdf_common *c, const struct pdf_doc *doc);
int pdf_common_build(struct pdf_common *c, double min_share);
void pdf_common_free(struct pdf_common *c);
void pdf_doc_set_common(struct pdf_doc *doc, const struct pdf_common *c);

/* Starts a new page (with the current setup); the flow cursor goes to its
 * top margin.  The first page exists already: do not call this for it. */
void pdf_page_new(struct pdf_doc *doc);
/* Number of pages so far; the current page (1-based). */
unsigned pdf_page_count(const struct pdf_doc *doc);
unsigned pdf_page_current(const struct pdf_doc *doc);
/* Makes page (1-based, existing) the current page, to draw on it again
 * (a table of contents filled in once the pages are known). */
void pdf_page_select(struct pdf_doc *doc, unsigned page);
/* Size of the current page and its type area (inside the margins). */
double pdf_page_width(const struct pdf_doc *doc);
double pdf_page_height(const struct pdf_doc *doc);
double pdf_area_left(const struct pdf_doc *doc);   /* x of the left margin */
double pdf_area_right(const struct pdf_doc *doc);  /* x of the right margin */
double pdf_area_top(const struct pdf_doc *doc);    /* y of the top margin */
double pdf_area_bottom(const struct pdf_doc *doc); /* y of the bottom margin */
double pdf_area_width(const struct pdf_doc *doc);

/* ------------------------------------------------------------------ */
/* Measuring and drawing at fixed positions (current page)              */

/* Advance width of UTF-8 text in one line, in points, with the style's
 * font chain, size and character spacing. */
double pdf_text_width(const struct pdf_doc *doc, const struct pdf_style *st,
    const char *utf8);
/* What is drawn between these two calls is a group: a group that pages
 * draw alike (a table's repeated caption and header, a running head) is
 * held once in the PDF, as a form each of those pages paints. */
void pdf_group_begin(struct pdf_doc *doc);
void pdf_group_end(struct pdf_doc *doc);
/* Draws one line of text (no wrapping; newlines are ignored) with its
 * baseline at y.  x is the left edge for PDF_LEFT/DEFAULT/JUSTIFY, the
 * centre for PDF_CENTER, the right edge for PDF_RIGHT.  Returns the width. */
double pdf_text_at(struct pdf_doc *doc, double x, double y,
    const struct pdf_style *st, const char *utf8, const struct srcpos *pos);
/* Like pdf_text_at() for len bytes of utf8. */
double pdf_text_at_n(struct pdf_doc *doc, double x, double y,
    const struct pdf_style *st, const char *utf8, size_t len,
    const struct srcpos *pos);
/* Height a paragraph takes when wrapped to width: lines × leading. */
double pdf_paragraph_height(const struct pdf_doc *doc, double width,
    const struct pdf_style *st, const char *utf8);
/* Draws a wrapped paragraph in the box starting at (x, y_top) of the given
 * width, on the current page, without page breaks.  The first baseline is
 * y_top + (leading + 0.7 × size) / 2, i.e. the text is centred in each line
 * box of height leading.  Returns the height used (lines × leading). */
double pdf_paragraph_at(struct pdf_doc *doc, double x, double y_top,
    double width, const struct pdf_style *st, const char *utf8,
    const struct srcpos *pos);
/* A straight line of the given thickness (points); color 0xRRGGBB. */
void pdf_line(struct pdf_doc *doc, double x1, double y1, double x2, double y2,
    double thickness, uint32_t color);
/* A rectangle with its top-left corner at (x, y).  fill < 0 = not filled,
 * else 0xRRGGBB; stroke <= 0 = no border, else its thickness (black). */
void pdf_rect(struct pdf_doc *doc, double x, double y, double w, double h,
    int32_t fill, double stroke);

/* ------------------------------------------------------------------ */
/* The flow: a y cursor in the type area with automatic page breaks     */

/* The cursor (y of the top of the next block, points). */
double pdf_flow_y(const struct pdf_doc *doc);
void pdf_flow_set_y(struct pdf_doc *doc, double y);
/* Space left on the page below the cursor. */
double pdf_flow_left(const struct pdf_doc *doc);
/* Starts a new page unless height fits below the cursor (keep-together).
 * Returns whether a page was started. */
bool pdf_flow_need(struct pdf_doc *doc, double height);
/* Moves the cursor down (not past the page end). */
void pdf_flow_space(struct pdf_doc *doc, double height);
/* Paragraphs of the flow break the current page before a line that would
 * pass y (to carry a paragraph's last lines over with what must follow
 * them); the limit ends with the page, 0 removes it. */
void pdf_flow_break_at(struct pdf_doc *doc, double y);
/* With pitch > 0, flow text sits on a fixed line grid: every line box is
 * pitch high and starts pitch × k below the top margin (GB/T 9704:
 * PDF_MM(225) / 22).  0 turns the grid off. */
void pdf_flow_grid(struct pdf_doc *doc, double pitch);
/* A wrapped paragraph at the cursor across the type area's width, broken
 * across pages line by line.  Returns the height used on the last page. */
double pdf_flow_paragraph(struct pdf_doc *doc, const struct pdf_style *st,
    const char *utf8, const struct srcpos *pos);
/* Like pdf_flow_paragraph() with a left offset and width inside the type
 * area (width <= 0: to the right margin). */
double pdf_flow_paragraph_in(struct pdf_doc *doc, double dx, double width,
    const struct pdf_style *st, const char *utf8, const struct srcpos *pos);
/* A horizontal rule across the type area at the cursor (thickness points);
 * the cursor moves below it. */
void pdf_flow_rule(struct pdf_doc *doc, double thickness);

/* ------------------------------------------------------------------ */
/* Tables                                                               */

struct pdf_table;

enum pdf_row_kind {
	PDF_ROW_BODY,
	PDF_ROW_HEADER,   /* shaded, head font; header rows added before the
	                     first body row repeat on every page */
	PDF_ROW_SUBTOTAL, /* shaded lighter; never opens a page alone (the
	                     row before it moves along) */
	PDF_ROW_GROUP,    /* a group's heading row (body font, not shaded
	                     unless its cells say so): never ends a page, it
	                     stays with the next two rows */
};

/* Table appearance; zero fields take the defaults noted. */
struct pdf_table_style {
	enum font_role role;      /* body font: FONT_SONG */
	int head_font;            /* header font: 0 = FONT_HEI, else
	                             PDF_FONT(role) */
	double size;              /* points; 0 = 10.5 */
	double leading;           /* points; 0 = 1.35 × size */
	double padding;           /* cell padding, points; 0 = 3 */
	double border;            /* rule thickness, points; 0 = 0.5 */
	int32_t head_fill;        /* 0xRRGGBB; 0 = light grey; -1 none */
	int32_t subtotal_fill;    /* 0xRRGGBB; 0 = lighter grey; -1 none */
	double width;             /* points; 0 = type area width */
	const char *caption;      /* a caption above the table (head font,
	                             centred), or NULL.  On every page the table
	                             continues to, it is repeated with "（续）"
	                             above the repeated header */
	bool caption_cont_only;   /* the caption only on continuation pages
	                             (a heading stands above the table) */
};

/* One cell; zero fields take the defaults. */
struct pdf_cell {
	const char *text;         /* UTF-8, may hold newlines; NULL = "" */
	unsigned span;            /* columns covered; 0 = 1 */
	enum pdf_align align;     /* DEFAULT = the column's */
	int font;                 /* 0 = the row's; else PDF_FONT(role) */
	int32_t fill;             /* 0 = the row's; PDF_FILL(0xRRGGBB);
	                             PDF_NOFILL = none */
	const struct srcpos *pos; /* where the text came from, or NULL */
	double size;              /* points; 0 = the table's.  The cell's
	                             leading scales with it (table leading ×
	                             size / table size); the row is as tall
	                             as its tallest cell */
	bool merge_up;            /* header rows only: this cell continues the
	                             cell above it (same column and span): no
	                             rule between them, the text above centred
	                             over both, this cell's text not drawn */
};
#define PDF_FILL(rgb) ((int32_t)(rgb) + 1)
#define PDF_NOFILL (-1)

/* A table of ncols columns drawn into doc's flow.  style may be NULL.
 * pdf_table_free(). */
struct pdf_table *pdf_table_new(struct pdf_doc *doc, size_t ncols,
    const struct pdf_table_style *style);
void pdf_table_free(struct pdf_table *t);
/* Column col: a fixed width in points (width > 0), or a share of what the
 * fixed columns leave (width <= 0: weight, 0 meaning 1); its alignment. */
void pdf_table_col(struct pdf_table *t, size_t col, double width,
    double weight, enum pdf_align align);
/* Adds a row of texts, one per column (n <= ncols; missing ones empty). */
void pdf_table_row(struct pdf_table *t, enum pdf_row_kind kind,
    const char *const *texts, size_t n, const struct srcpos *pos);
/* Adds a row of cells (spans must add up to at most ncols). */
void pdf_table_row_cells(struct pdf_table *t, enum pdf_row_kind kind,
    const struct pdf_cell *cells, size_t n);
/* Draws the table at the flow cursor: header rows repeat on each page
 * (with the caption and "（续）"), a row moves whole to the next page when
 * it does not fit, group rows and subtotals keep their company (see
 * enum pdf_row_kind), and a row taller than a page is split between
 * lines, its text continuing under the repeated header.  Fills lie under
 * the rules.  In a column aligned right, numbers (a single line of digits,
 * an optional sign, point and decimals, and a unit) align on the decimal
 * point.  The cursor ends below the table.  The table may be drawn only
 * once. */
void pdf_table_draw(struct pdf_table *t);

/* ------------------------------------------------------------------ */
/* Charts                                                               */

struct pdf_bar {
	const char *label;      /* category, UTF-8 */
	double value;           /* the bar */
	double max;             /* drawn as a hollow bar behind; 0 = none */
	const char *value_text; /* printed at the bar's end; NULL = none */
	uint32_t color;         /* 0xRRGGBB; 0 = the chart's bar_color */
	const struct srcpos *pos; /* where the label came from, or NULL */
};

struct pdf_chart {
	bool vertical;          /* vertical bars; default horizontal */
	const char *title;      /* NULL = none */
	double axis_max;        /* scale maximum; 0 = largest value or max */
	double threshold;       /* a dashed line at this value; < 0 = none */
	const char *threshold_label; /* NULL = none */
	double width, height;   /* points; 0 = type area width / automatic */
	double size;            /* label font size, points; 0 = 9 */
	enum font_role role;    /* label font */
	uint32_t bar_color;     /* 0xRRGGBB; 0 = a dark blue-grey */
	/* Horizontal charts only: */
	double axis_min;        /* the scale starts here (bars begin at it) */
	double tick_step;       /* > 0: a grid line labelled with its value
	                           every step from axis_min to the maximum */
	bool values_column;     /* value texts right-aligned in a column of
	                           their own at the right, not after the bars */
};

/* Draws a bar chart at the flow cursor (moved to a new page first when it
 * does not fit); the cursor ends below it.  Returns its height. */
double pdf_bar_chart(struct pdf_doc *doc, const struct pdf_chart *c,
    const struct pdf_bar *bars, size_t n);

/* ------------------------------------------------------------------ */
/* Saving                                                               */

/* Renders the document into memory: *data (caller frees) and *len.
 * Returns 0, or -1 after a diag() message (D_PDF). */
int pdf_doc_render(struct pdf_doc *doc, char **data, size_t *len);
/* Renders the document and writes it atomically to path: on failure no
 * file appears and an older one is untouched.  Returns 0, or -1 after a
 * diag() message (D_PDF or D_WRITE, exit 3).  A document is rendered at
 * most once. */
int pdf_doc_save(struct pdf_doc *doc, const char *path);

#endif
