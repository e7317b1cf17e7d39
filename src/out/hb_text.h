/* hb_text.h: the text parts of the branch handbook (SPEC section 11):
 * CommonMark files read once with libcmark into a list of blocks, then set
 * by the PDF engine in every booklet (any thread). */
#ifndef KAOHE_HB_TEXT_H
#define KAOHE_HB_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct pdf_doc;

enum hb_block_kind {
	HB_HEADING,   /* level 1.. (a level-1 heading first in the file is
	                 the part's title, see hb_part.title) */
	HB_PARAGRAPH, /* depth > 0: inside a list item */
	HB_TABLE,     /* a pipe table: cells[row * ncols + col], row 0 the
	                 header */
	HB_RULE,
};

struct hb_block {
	enum hb_block_kind kind;
	int level;        /* heading level; list depth for paragraphs */
	char *marker;     /* list item marker ("1.", "•"), or NULL */
	char *head;       /* run-in emphasis at the paragraph's start, or NULL */
	bool head_strong; /* **head** (黑体), else *head* (楷体) */
	char *text;       /* the rest of the paragraph, or the heading */
	char **cells;
	size_t ncols, nrows;
	struct srcpos pos;
};

/* One part: its file's blocks. */
struct hb_part {
	char *file;       /* as shown in messages */
	char *title;      /* the file's first level-1 heading, or NULL */
	struct hb_block *blocks;
	size_t nblocks;
};

/* The four text parts, in order. */
#define HB_NTEXTS HANDBOOK_NTEXTS
struct hb_texts {
	struct hb_part part[HB_NTEXTS];
};

/* Parses the four parts the ingest read (m->handbook: a data set's
 * handbook/NAME, else the built-in one).  hb_texts_free(). */
void hb_texts_load(struct hb_texts *t, const struct model *m);
void hb_texts_free(struct hb_texts *t);

/* Text sizes of a booklet, points. */
struct hb_sizes {
	double body, small, h1, h2, h3, title;
};

/* Sets the blocks of a part at the flow cursor; mark (may be NULL) is
 * told the text and page of each heading of level 1 or 2 (for the 目录). */
void hb_part_draw(struct pdf_doc *doc, const struct hb_part *p,
    const struct hb_sizes *sz,
    void (*mark)(void *ctx, const char *title, unsigned page), void *ctx);

/* The column widths of a table (into out[ncols]) from its cells (row 0 the header) as a
 * browser's automatic table layout does: every column its longest cell
 * when all fit the type area, else its minimum (its longest cell up to six
 * characters; two for the header) plus a share of the rest in proportion
 * to what it lacks. */
void hb_table_widths(const struct pdf_doc *doc, const char *const *cells,
    size_t nrows, size_t ncols, double size, double padding, double *out);

/* Appends the texts of every block (for shared font parts). */
struct buf;
void hb_part_text(const struct hb_part *p, struct buf *out);

#endif
