/* results_xlsx.c: OUTDIR/results.xlsx of `build` (SPEC section 9): the
 * ranking of results.csv as a workbook, and each branch's item scores. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "out/out.h"
#include "out/xlsx_out.h"

#define WIDTH_MAX 60.0

/* The formats of both sheets. */
struct fmts {
	lxw_format *head, *text, *score, *rank;
	lxw_format *v_text, *v_score; /* vetoed rows */
};

static void
fmts_make(lxw_workbook *wb, struct fmts *f)
{
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bg_color(f->head, 0xD9E1F2);
	format_set_border(f->head, LXW_BORDER_THIN);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
	f->text = workbook_add_format(wb);
	format_set_border(f->text, LXW_BORDER_THIN);
	f->score = workbook_add_format(wb);
	format_set_border(f->score, LXW_BORDER_THIN);
	format_set_num_format(f->score, "0.00");
	f->rank = workbook_add_format(wb);
	format_set_border(f->rank, LXW_BORDER_THIN);
	format_set_align(f->rank, LXW_ALIGN_CENTER);
	/* a vetoed branch's row stands out, as on its sheet */
	f->v_text = workbook_add_format(wb);
	format_set_border(f->v_text, LXW_BORDER_THIN);
	format_set_bg_color(f->v_text, 0xFCE4E4);
	f->v_score = workbook_add_format(wb);
	format_set_border(f->v_score, LXW_BORDER_THIN);
	format_set_bg_color(f->v_score, 0xFCE4E4);
	format_set_num_format(f->v_score, "0.00");
}

/* A text cell, spreadsheet-safe (SPEC section 6), its width noted. */
static void
put_text(lxw_worksheet *ws, struct xlsx_out_widths *w, lxw_row_t r,
    lxw_col_t c, const char *s, lxw_format *f)
{
	char *safe, *cut;
	const char *t = xlsx_out_text(xlsx_out_safe(s, &safe), &cut);

	if (cut) {
		char ref[16];

		lxw_rowcol_to_cell(ref, r, c);
		diag_msg(D_CELL_CUT, NULL, 0, 0, "results.xlsx", ws->name, ref,
		    XLSX_OUT_TEXT_MAX, XLSX_OUT_TEXT_MAX);
	}
	if (*t)
		worksheet_write_string(ws, r, c, t, f);
	else
		worksheet_write_blank(ws, r, c, f);
	xlsx_out_fit(w, c, t, WIDTH_MAX);
	free(safe);
	free(cut);
}

static void
put_score(lxw_worksheet *ws, struct xlsx_out_widths *w, lxw_row_t r,
    lxw_col_t c, int64_t cents, lxw_format *f)
{
	char num[32];

	worksheet_write_number(ws, r, c, xlsx_out_cents(cents), f);
	xlsx_out_fit(w, c, fmt_cents(cents, num), WIDTH_MAX);
}

static void
head(lxw_worksheet *ws, struct xlsx_out_widths *w, lxw_col_t c, const char *s,
    const struct fmts *f)
{
	put_text(ws, w, 0, c, s, f->head);
}

/* 考核结果: results.csv cell for cell (rank_csv in rank.c). */
static void
sheet_results(const struct model *m, lxw_workbook *wb, const struct fmts *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "考核结果");
	struct xlsx_out_widths w = {0};
	size_t ncat = m->ncategories, i, c;
	lxw_col_t col;

	head(ws, &w, 0, "排名", f);
	head(ws, &w, 1, "支部编号", f);
	head(ws, &w, 2, "支部名称", f);
	for (c = 0; c < ncat; c++)
		head(ws, &w, (lxw_col_t)(3 + c), m->categories[c].name, f);
	head(ws, &w, (lxw_col_t)(3 + ncat), "总分", f);
	head(ws, &w, (lxw_col_t)(4 + ncat), "等次", f);
	head(ws, &w, (lxw_col_t)(5 + ncat), "一票否决", f);
	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[m->order[i]];
		lxw_row_t r = (lxw_row_t)(i + 1);
		lxw_format *tf = b->vetoed ? f->v_text : f->text;
		lxw_format *sf = b->vetoed ? f->v_score : f->score;

		if (b->rank)
			worksheet_write_number(ws, r, 0, b->rank, f->rank);
		else
			worksheet_write_blank(ws, r, 0, tf);
		put_text(ws, &w, r, 1, b->id, tf);
		put_text(ws, &w, r, 2, b->name, tf);
		for (c = 0; c < ncat; c++)
			put_score(ws, &w, r, (lxw_col_t)(3 + c),
			    b->cat_score[c], sf);
		put_score(ws, &w, r, (lxw_col_t)(3 + ncat), b->final, sf);
		put_text(ws, &w, r, (lxw_col_t)(4 + ncat),
		    m->cfg.levels[b->level].name, tf);
		put_text(ws, &w, r, (lxw_col_t)(5 + ncat), b->veto_reasons, tf);
	}
	for (col = 0; col < 6 + ncat; col++)
		worksheet_set_column(ws, col, col, xlsx_out_width(&w, col, 6),
		    NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)m->nbranches,
	    (lxw_col_t)(5 + ncat));
	xlsx_out_widths_free(&w);
}

/* Whether branch b has any score of period p and source s. */
static bool
has_scores(const struct model *m, const struct branch *b, size_t p, size_t s)
{
	size_t i;

	for (i = 0; i < m->nitems; i++)
		if (model_cell(m, b, p, s, i)->n)
			return true;
	return false;
}

/* The first four cells of a row of 细则得分. */
static void
row_head(lxw_worksheet *ws, struct xlsx_out_widths *w, lxw_row_t r,
    const struct branch *b, const char *period, const char *source,
    lxw_format *f)
{
	put_text(ws, w, r, 0, b->id, f);
	put_text(ws, w, r, 1, b->name, f);
	put_text(ws, w, r, 2, period, f);
	put_text(ws, w, r, 3, source, f);
}

/* 细则得分: per branch (in ranking order), a row per period and source
 * it was scored in, with each item's score (the mean of its raters), then
 * a row 综合 with the items' combined scores. */
static void
sheet_items(const struct model *m, lxw_workbook *wb, const struct fmts *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "细则得分");
	const struct config *cfg = &m->cfg;
	struct xlsx_out_widths w = {0};
	lxw_comment_options copt = {0};
	lxw_row_t r = 0;
	size_t i, k, p, s;
	lxw_col_t col;

	head(ws, &w, 0, "支部编号", f);
	head(ws, &w, 1, "支部名称", f);
	head(ws, &w, 2, "考核期", f);
	head(ws, &w, 3, "评价方式", f);
	copt.width = 300;
	copt.height = 60;
	for (i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];
		char num[32], *note, *cut;

		head(ws, &w, (lxw_col_t)(4 + i), it->id, f);
		note = xasprintf("%s（%s，分值 %s）", it->title, it->category,
		    fmt_cents(it->points, num));
		worksheet_write_comment_opt(ws, 0, (lxw_col_t)(4 + i),
		    xlsx_out_text(note, &cut), &copt);
		free(note);
		free(cut);
	}
	for (k = 0; k < m->nbranches; k++) {
		const struct branch *b = &m->branches[m->order[k]];
		lxw_format *tf = b->vetoed ? f->v_text : f->text;
		lxw_format *sf = b->vetoed ? f->v_score : f->score;
		size_t need = 1;

		for (p = 0; p < cfg->nperiods; p++)
			for (s = 0; s < cfg->nsources; s++)
				need += has_scores(m, b, p, s);
		if ((size_t)r + need > LXW_ROW_MAX - 1) {
			diag_msg(D_ROWS_CUT, NULL, 0, 0, "results.xlsx",
			    "细则得分", LXW_ROW_MAX, (size_t)r + 1);
			break;
		}
		for (p = 0; p < cfg->nperiods; p++)
			for (s = 0; s < cfg->nsources; s++) {
				if (!has_scores(m, b, p, s))
					continue;
				row_head(ws, &w, ++r, b, cfg->periods[p].name,
				    cfg->sources[s].name, tf);
				for (i = 0; i < m->nitems; i++) {
					const struct cell *c =
					    model_cell(m, b, p, s, i);
					lxw_col_t cc = (lxw_col_t)(4 + i);

					if (c->n)
						put_score(ws, &w, r, cc, c->mean,
						    sf);
					else
						worksheet_write_blank(ws, r, cc,
						    sf);
				}
			}
		row_head(ws, &w, ++r, b, "综合", "", tf);
		for (i = 0; i < m->nitems; i++)
			put_score(ws, &w, r, (lxw_col_t)(4 + i),
			    b->item_score[i], sf);
	}
	for (col = 0; col < 4 + m->nitems; col++)
		worksheet_set_column(ws, col, col, xlsx_out_width(&w, col, 6),
		    NULL);
	worksheet_freeze_panes(ws, 1, 4);
	if (r > 0)
		worksheet_autofilter(ws, 0, 0, r, (lxw_col_t)(3 + m->nitems));
	xlsx_out_widths_free(&w);
}

int
results_xlsx_write(const struct model *m, const char *path)
{
	struct xlsx_out x;
	struct fmts f;

	if (!xlsx_out_open(&x, path, m->cfg.title, m, true))
		return EXIT_ENV;
	fmts_make(x.wb, &f);
	sheet_results(m, x.wb, &f);
	sheet_items(m, x.wb, &f);
	return xlsx_out_close(&x);
}
