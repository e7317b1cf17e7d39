/* check.c: every check that can fail before anything is written: the
 * completeness of the scores, nominees left out, the notice's wording, and
 * the glyph coverage of every text for every font role (so that --strict
 * fails before writing, and every command gives the same verdict). */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "pdf/pdf.h"
#include "util.h"

/* Reports branches that lack items of a weighted period and source, or
 * have no scores at all: at their row in branches.csv. */
static void
check_complete(const struct model *m)
{
	size_t b, p, s, i, k, np = m->cfg.nperiods, ns = m->cfg.nsources;
	size_t per = np * ns * m->nitems;
	bool *has = xcalloc(m->nbranches * per + 1, sizeof *has);
	bool *any = xcalloc(m->nbranches + 1, sizeof *any);

	for (k = 0; k < m->nscores; k++) {
		const struct score_value *v = &m->scores[k];

		any[v->branch] = true;
		has[v->branch * per + ((size_t)v->period * ns + v->source) *
		    m->nitems + v->item] = true;
	}
	for (b = 0; b < m->nbranches; b++) {
		const struct branch *br = &m->branches[b];

		if (!any[b]) {
			diag_msg(D_BRANCH_NO_SCORES, br->pos.file, br->pos.line,
			    1, br->id, model_table_label(m, DF_SCORES));
			continue;
		}
		for (p = 0; p < np; p++) {
			if (!model_period_used(m, p))
				continue;
			for (s = 0; s < ns; s++) {
				struct buf missing = {0};
				size_t count = 0;

				if (!model_source_used(m, s))
					continue;
				for (i = 0; i < m->nitems; i++) {
					size_t ci = ((b * np + p) * ns + s) *
					    m->nitems + i;
					if (!has[ci]) {
						buf_printf(&missing, "%s%s",
						    count ? "、" : "", m->items[i].id);
						count++;
					}
				}
				if (count)
					diag_msg(D_BRANCH_MISSING_ITEMS,
					    br->pos.file, br->pos.line, 1,
					    br->id, m->cfg.periods[p].name,
					    m->cfg.sources[s].name, count,
					    missing.s);
				buf_free(&missing);
			}
		}
	}
	free(has);
	free(any);
}

bool
check_input(const struct model *m)
{
	if (m->usable && m->has_scores)
		check_complete(m);
	return m->usable && diag_count(DIAG_ERROR) == 0;
}

static void
warn_nominees(const struct model *m)
{
	size_t i;

	for (i = 0; i < m->nworkers; i++) {
		const struct worker *w = &m->workers[i];
		const struct branch *b = &m->branches[w->branch];

		if (b->vetoed)
			diag_msg(D_NOMINEE_VETOED, w->pos.file, w->pos.line, 1,
			    w->name, b->id, b->veto_reasons);
		else if (!w->commended)
			diag_msg(D_NOMINEE_LOW_LEVEL, w->pos.file, w->pos.line,
			    1, w->name, b->id, m->cfg.levels[b->level].name);
	}
}


/* The roles outputs draw text with. */
static const enum font_role text_roles[] = {
	FONT_SONG, FONT_HEI, FONT_KAI, FONT_FANGSONG, FONT_XIAOBIAOSONG,
};

struct coverage {
	const struct pdf_fonts *fonts;
	uint8_t *bmp;   /* per BMP code point: 1 = checked and covered */
	struct pdf_coverage *all; /* every text, for pdf_coverage_check() */
};

/* Warns about the characters of text that a font role lacks, at pos (NULL
 * for the texts of the settings, as the drawing gives them). */
static void
cover_at(struct coverage *cv, const char *text, const struct srcpos *pos,
    unsigned col);

/* The same for a field of a data file: its column named. */
#define cover_field(cv, text, pos, m, file, name) \
	cover_at(cv, text, pos, model_column(m, file, name))

static void
cover(struct coverage *cv, const char *text, const struct srcpos *pos)
{
	cover_at(cv, text, pos, 0);
}

static void
cover_at(struct coverage *cv, const char *text, const struct srcpos *pos,
    unsigned col)
{
	size_t len, off = 0, r;
	uint32_t cp;
	long k;

	if (text == NULL || cv->fonts == NULL)
		return;
	pdf_coverage_add(cv->all, text);
	len = strlen(text);
	while (off < len) {
		size_t n;
		uint32_t c;
		bool missing = false;

		if ((n = utf8_decode(text + off, len - off, &c)) == 0) {
			off++;
			continue;
		}
		if (c < 0x10000 && cv->bmp[c]) {
			off += n;
			continue;
		}
		for (r = 0; r < ARRAY_LEN(text_roles) && !missing; r++) {
			k = pdf_fonts_missing(cv->fonts, text_roles[r],
			    text + off, n, &cp);
			missing = k >= 0;
		}
		if (missing) {
			char u[8];

			memcpy(u, text + off, n);
			u[n] = '\0';
			diag_msg(D_GLYPH_MISSING, pos ? pos->file : NULL,
			    pos ? pos->line : 0, pos ? col : 0, u,
			    (unsigned)c);
		} else if (c < 0x10000) {
			cv->bmp[c] = 1;
		}
		off += n;
	}
}

static void
cover_settings(struct coverage *cv, const struct config *cfg)
{
	size_t i;

	cover(cv, cfg->organization, NULL);
	cover(cv, cfg->title, NULL);
	cover(cv, cfg->doc_number, NULL);
	for (i = 0; i < cfg->nsources; i++)
		cover(cv, cfg->sources[i].name, NULL);
	for (i = 0; i < cfg->nperiods; i++)
		cover(cv, cfg->periods[i].name, NULL);
	for (i = 0; i < cfg->nlevels; i++)
		cover(cv, cfg->levels[i].name, NULL);
	for (i = 0; i < cfg->nveto_reasons; i++)
		cover(cv, cfg->veto_reasons[i], NULL);
	for (i = 0; i < cfg->nrecord_mins; i++)
		cover(cv, cfg->record_mins[i].type, NULL);
}

static void
cover_facts(struct coverage *cv, const struct model *m)
{
	size_t i, k;

	for (i = 0; i < m->nitems; i++) {
		const struct item *it = &m->items[i];

		cover_field(cv, it->id, &it->pos, m, DF_RUBRIC, "编号");
		cover_field(cv, it->category, &it->pos, m, DF_RUBRIC, "类别");
		cover_field(cv, it->title, &it->pos, m, DF_RUBRIC, "考核内容");
		cover_field(cv, it->criteria, &it->pos, m, DF_RUBRIC,
		    "评分标准");
	}
	for (i = 0; i < m->nbranches; i++) {
		const struct branch *b = &m->branches[i];

		cover_field(cv, b->id, &b->pos, m, DF_BRANCHES, "支部编号");
		cover_field(cv, b->name, &b->pos, m, DF_BRANCHES, "支部名称");
		cover_field(cv, b->parent, &b->pos, m, DF_BRANCHES,
		    "上级党组织");
		cover_field(cv, b->secretary, &b->pos, m, DF_BRANCHES,
		    "支部书记");
		for (k = 0; k < b->nnotes; k++) {
			cover(cv, b->notes[k].rater, NULL);
			cover(cv, b->notes[k].text, NULL);
		}
	}
	for (i = 0; i < m->nvetoes; i++) {
		const struct veto *v = &m->vetoes[i];

		cover_field(cv, v->reason, &v->pos, m, DF_VETOES, "否决事项");
		cover_field(cv, v->detail, &v->pos, m, DF_VETOES, "说明");
		cover_field(cv, v->reference, &v->pos, m, DF_VETOES, "文号");
	}
	for (i = 0; i < m->nrecords; i++) {
		cover_field(cv, m->records[i].type, &m->records[i].pos, m,
		    DF_RECORDS, "类型");
		cover_field(cv, m->records[i].topic, &m->records[i].pos, m,
		    DF_RECORDS, "主题");
	}
	for (i = 0; i < m->nworkers; i++) {
		const struct worker *w = &m->workers[i];

		cover_field(cv, w->name, &w->pos, m, DF_WORKERS, "姓名");
		cover_field(cv, w->role, &w->pos, m, DF_WORKERS, "职务");
		cover_field(cv, w->deeds, &w->pos, m, DF_WORKERS, "事迹");
	}
	for (i = 0; i < m->nwording; i++)
		cover(cv, m->wording[i].text, &m->wording[i].pos);
	for (i = 0; i < m->nmembers; i++) {
		const struct member *mb = &m->members[i];

		cover(cv, mb->name, &mb->pos);
		cover(cv, mb->sex, &mb->pos);
		cover(cv, mb->ethnicity, &mb->pos);
		cover(cv, mb->education, &mb->pos);
		cover(cv, mb->group, &mb->pos);
	}
}

/* The handbook's text parts, line by line so that a warning names the line
 * of its file (the CommonMark markup is plain ASCII, which every font has). */
static void
cover_handbook(struct coverage *cv, const struct model *m)
{
	size_t k;

	for (k = 0; k < HANDBOOK_NTEXTS; k++) {
		const struct handbook_text *h = &m->handbook[k];
		struct srcpos pos = {h->file, 1};
		const char *p = h->text, *nl;

		while (p != NULL && *p != '\0') {
			char *line;

			nl = strchr(p, '\n');
			line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
			cover(cv, line, &pos);
			free(line);
			p = nl ? nl + 1 : NULL;
			pos.line++;
		}
	}
}

void
check_output(const struct model *m, const struct pdf_fonts *fonts)
{
	struct coverage cv = {.fonts = fonts};

	if (m->has_scores)
		warn_nominees(m);
	if (m->nwording < 2 && m->wording_ok)
		diag_msg(D_NOTICE_SHORT, m->wording_file, 0, 0);
	if (fonts == NULL)
		return;
	cv.bmp = xcalloc(0x10000, 1);
	cv.all = pdf_coverage_new(fonts);
	cover_facts(&cv, m);
	cover_handbook(&cv, m);
	cover_settings(&cv, &m->cfg);
	/* A role font lacking a tenth of what it sets: exit 3 (issue 11). */
	pdf_coverage_check(cv.all);
	pdf_coverage_free(cv.all);
	free(cv.bmp);
}
