/* pdf_doc.h: the document's display list and layout helpers shared by the
 * engine's files (internal to the PDF engine). */
#ifndef KAOHE_PDF_DOC_H
#define KAOHE_PDF_DOC_H

#include "pdf/pdf_int.h"
#include "pdf/pdf_subset.h"

/* PDF_OP_NONE: an operation merged into a later one, not drawn. */
enum pdf_op_kind { PDF_OP_TEXT, PDF_OP_LINE, PDF_OP_RECT, PDF_OP_NONE };

/* One drawing operation.  Coordinates in points from the page's top-left
 * corner, y down. */
struct pdf_op {
	uint8_t kind;      /* enum pdf_op_kind */
	bool dash;         /* line: dashed */
	uint16_t face;     /* text: index into fonts->faces */
	uint32_t color;    /* text fill or line stroke, 0xRRGGBB */
	int32_t fill;      /* rect: 0xRRGGBB, or < 0 for none */
	double x, y;       /* text: baseline start; line: start; rect: corner */
	double x2, y2;     /* line: end; rect: width and height */
	double size;       /* text: font size; line, rect: stroke width */
	double cs;         /* text: character spacing (Tc), points */
	size_t off, n;     /* text: its characters, doc->pool[off .. off+n) */
	uint32_t group;    /* pdf_group_begin()'s number, or 0 */
};

struct pdf_page {
	struct pdf_page_setup setup;
	double w, h;       /* points */
	struct pdf_op *ops;
	size_t nops, capops;
};

/* The batch's shared part of one face: a subset made and deflated once,
 * written as it is into every document that draws one of its characters
 * (pdf.h, pdf_common_new()). */
struct pdf_shared_font {
	hb_set_t *chars;          /* the characters asked for, or NULL */
	hb_map_t *count;          /* character: sample documents drawing it */
	hb_set_t *seen;           /* the keys of count */
	struct pdf_subset sub;    /* made by pdf_common_build() */
	struct buf font_z;        /* the font file, deflated */
	struct buf tu_z;          /* its ToUnicode CMap, deflated */
};

struct pdf_common {
	const struct pdf_fonts *fonts;
	struct pdf_shared_font *sf;   /* [fonts->nfaces] */
	unsigned ndocs;               /* sample documents counted */
	bool built;                   /* read-only from then on */
};

struct pdf_doc {
	const struct pdf_fonts *fonts;
	const struct pdf_common *common; /* shared font parts, or NULL */
	struct pdf_page_setup setup;  /* for pages added from now on */
	struct pdf_page *pages;
	size_t npages, cappages;
	size_t cur;                   /* current page, 0-based */
	double y;                     /* flow cursor, points from the top */
	double break_y;               /* > 0: paragraphs break the page before
	                                 passing it (pdf_flow_break_at) */
	double grid;                  /* flow line pitch, points; 0 = none */
	uint32_t *pool;               /* characters of all text runs */
	size_t npool, cappool;
	hb_set_t **used;              /* [fonts->nfaces]: characters drawn */
	hb_set_t *warned;             /* missing characters reported */
	pdf_page_fn furniture;
	void *furniture_ctx;
	char *info[4];                /* title, author, subject, keywords */
	uint32_t group, ngroups;      /* the group being drawn (0: none) */
	bool rendered;
};

/* A wrapped line: bytes [start, end) of the text. */
struct pdf_line {
	size_t start, end;
	double width;      /* points, without the first-line indent */
	bool first;        /* first line of a paragraph (indented) */
	bool last;         /* last line of a paragraph (not justified) */
};

/* The text s of *len bytes as st sets it: punctuation normalised
 * (punct.h) unless st->verbatim.  Returns s itself, or a copy that *own
 * then holds (the caller frees *own, NULL when nothing changed); *len is
 * updated. */
const char *pdf_norm(const struct pdf_fonts *fonts, const struct pdf_style *st,
    const char *s, size_t *len, char **own);
double pdf_style_size(const struct pdf_style *st);
double pdf_style_leading(const struct pdf_style *st);
/* Width of len bytes of text, points. */
double pdf_text_width_n(const struct pdf_doc *doc, const struct pdf_style *st,
    const char *s, size_t len);
/* Breaks text into lines of width (each newline starts a paragraph);
 * returns the count (at least 1) and a malloc'd array. */
size_t pdf_lines(const struct pdf_doc *doc, double width,
    const struct pdf_style *st, const char *s, struct pdf_line **out);
/* Content widths of text (normalised already) for table layout, points:
 * the widest piece never broken, and the widest paragraph unbroken. */
void pdf_text_widths(const struct pdf_doc *doc, const struct pdf_style *st,
    const char *s, double *min_w, double *max_w);
/* Draws one line of pdf_lines() in a box of width starting at x. */
void pdf_line_draw(struct pdf_doc *doc, double x, double baseline,
    double width, const struct pdf_style *st, const char *s,
    const struct pdf_line *ln, const struct srcpos *pos);
/* Baseline of a line box of height leading whose top is at top. */
double pdf_baseline(const struct pdf_style *st, double top, double leading);
/* pdf_line() with an optional dash. */
void pdf_line_dash(struct pdf_doc *doc, double x1, double y1, double x2,
    double y2, double thickness, uint32_t color, bool dash);
/* The face that draws cp in role, and the character actually drawn (the
 * replacement box when no font has cp).  *face is -1 for a character that
 * is not drawn at all (controls). */
uint32_t pdf_resolve(const struct pdf_fonts *f, enum font_role role,
    uint32_t cp, int *face);
/* Characters in len bytes of UTF-8. */
size_t pdf_chars_n(const char *s, size_t len);

#endif
