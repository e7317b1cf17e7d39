/* dataset.c: reading a data set into the model's facts (SPEC sections 1,
 * 2 and 7), and the notice's wording.  Every fault is reported with its
 * position; reading goes on to the end so that users fix all faults in one
 * round.  Nothing is computed here: scoring is score.c's. */
#include "ingest/ingest.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>

#include "ingest/config.h"
#include "ingest/csv_read.h"
#include "diag.h"
#include "model.h"
#include "ingest/parse.h"
#include "ingest/xlsx.h"
#include "templates.h"
#include "util.h"

/* A column of an input file: its Chinese name and English alias. */
struct colspec {
	const char *cn, *en;
	bool required;
};

/* Columns of each file (SPEC section 2).  To add a column: add it here and
 * an enum value at the same position. */
enum { RU_ID, RU_CATEGORY, RU_ITEM, RU_POINTS, RU_CRITERIA, RU_N };
static const struct colspec rubric_cols[] = {
	{"编号", "id", true}, {"类别", "category", true},
	{"考核内容", "item", true}, {"分值", "points", true},
	{"评分标准", "criteria", false},
};

enum { BR_ID, BR_NAME, BR_PARENT, BR_SECRETARY, BR_MEMBERS, BR_ELECTED, BR_N };
static const struct colspec branch_cols[] = {
	{"支部编号", "id", true}, {"支部名称", "name", true},
	{"上级党组织", "parent", false}, {"支部书记", "secretary", false},
	{"党员人数", "members", false}, {"换届时间", "elected", false},
};

enum { SC_BRANCH, SC_PERIOD, SC_SOURCE, SC_RATER, SC_ITEM, SC_SCORE,
    SC_DEDUCTION, SC_NOTE, SC_N };
static const struct colspec score_cols[] = {
	{"支部编号", "branch", true}, {"考核期", "period", true},
	{"评价方式", "source", true}, {"评价人", "rater", false},
	{"细则编号", "item", true}, {"得分", "score", false},
	{"扣分", "deduction", false}, {"说明", "note", false},
};
/* The columns the wide form knows besides item ids. */
#define SC_WIDE_KNOWN 4

enum { VE_BRANCH, VE_REASON, VE_DETAIL, VE_DATE, VE_REFERENCE, VE_N };
static const struct colspec veto_cols[] = {
	{"支部编号", "branch", true}, {"否决事项", "reason", true},
	{"说明", "detail", false}, {"日期", "date", false},
	{"文号", "reference", false},
};

enum { RE_BRANCH, RE_DATE, RE_TYPE, RE_TOPIC, RE_EXPECTED, RE_PRESENT, RE_N };
static const struct colspec record_cols[] = {
	{"支部编号", "branch", true}, {"日期", "date", true},
	{"类型", "type", true}, {"主题", "topic", false},
	{"应到", "expected", false}, {"实到", "present", false},
};

enum { WO_NAME, WO_BRANCH, WO_ROLE, WO_DEEDS, WO_N };
static const struct colspec worker_cols[] = {
	{"姓名", "name", true}, {"支部编号", "branch", true},
	{"职务", "role", false}, {"事迹", "deeds", false},
};


#define MAXCOLS 16

/* State while one file is read. */
struct table {
	struct loader *ld;
	const char *name;        /* display name */
	const struct colspec *cols;
	size_t ncols;
	bool header_seen;
	bool failed;             /* unusable: file-level fault */
	unsigned header_line;
	int col[MAXCOLS];        /* field index of each colspec, -1 absent */
	void (*row)(struct table *, unsigned line, size_t n, char **f);
	/* the wide form of scores.csv */
	bool wide;
	size_t *wide_item;       /* per field: item index + 1, or 0 */
	size_t nwide;
	size_t rows;             /* data rows seen */
};

/* The scores one rater gave one branch for one period and source (a row
 * of the wide form, a run of rows of the long form): the line of each
 * item's score, to find a duplicate and name the first.  The first item
 * is kept here, the next ones as (item, line) pairs, and once the pairs
 * would take more room than an array of every item's line, in that array
 * (at most 8 bytes a score, however large the rubric).  Groups are found
 * through an open-addressing hash of their indexes; rows of one group
 * come together, so the last one is tried first. */
struct rated {
	uint64_t cell;           /* (branch, period, source) index + 1 */
	uint32_t rater;
	uint32_t n;              /* items scored */
	uint32_t item0, line0;   /* the first item scored and its line */
	uint32_t *pairs;         /* [2 * cap]: the next ones (malloc'd) */
	uint32_t cap;
	uint32_t *lines;         /* [group_items]: each item's line, or 0 */
};

/* The last key looked up and what it gave: rows of one branch, period and
 * source come together, so most look-ups repeat the one before. */
struct memo {
	struct buf key;
	long val;
};

struct loader {
	struct model *m;
	const char *settings_name;  /* the 设置 sheet's, when settings come
	                               from it (messages name it) */
	struct memo memo_branch, memo_period, memo_source, memo_rater;
	struct strmap branch_ids, item_ids, rater_ids, branch_names;
	bool rubric_ok, branches_ok;
	bool items_valid;        /* every item has valid points */
	int64_t points_sum;
	struct rated *groups;     /* [ngroups] */
	size_t ngroups, capgroups;
	uint32_t *ghash;         /* [capghash], a power of two: group + 1 */
	size_t capghash;
	size_t lastgroup;        /* the group found last + 1, or 0 */
	size_t group_items;      /* items of each lines array */
	uint32_t **blocks;       /* the lines arrays' storage */
	size_t nblocks, blockfree;
	size_t capscores;
	size_t capitems, capbranches, capvetoes, caprecords, capworkers;
	size_t capmembers;       /* members.csv (SPEC section 11) */
	size_t *capnotes;
	const char *encoding;
	size_t nraters;          /* distinct raters seen */
	struct workbook *wb;     /* xlsx input: the data set's workbook */
};

static const char *
intern_file(struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nfilenames; i++)
		if (strcmp(m->filenames[i], name) == 0)
			return m->filenames[i];
	m->filenames = xrealloc(m->filenames,
	    (m->nfilenames + 1) * sizeof *m->filenames);
	m->filenames[m->nfilenames] = xstrdup(name);
	diag_file(name);
	return m->filenames[m->nfilenames++];
}

/* Sets how messages name table `which`: a file name (spaced where it
 * meets Chinese text with a Latin character) or, with sheet, the sheet. */
static void
set_table_label(struct model *m, enum dataset_file which, const char *name,
    bool sheet)
{
	size_t n = strlen(name);

	free(m->table_label[which]);
	if (sheet)
		m->table_label[which] = xasprintf("工作表“%s”", name);
	else
		m->table_label[which] = xasprintf("%s%s%s",
		    n && (unsigned char)name[0] < 0x80 ? " " : "", name,
		    n && (unsigned char)name[n - 1] < 0x80 ? " " : "");
}

static const char *
field(struct table *t, size_t n, char **f, int which)
{
	int k = t->col[which];

	return k >= 0 && (size_t)k < n ? f[k] : "";
}

static unsigned
colno(const struct table *t, int which)
{
	return t->col[which] >= 0 ? (unsigned)t->col[which] + 1 : 1;
}

static bool
header_is(const struct colspec *c, const char *h)
{
	return strcmp(h, c->cn) == 0 || strcasecmp(h, c->en) == 0;
}

/* Maps the header row; reports missing and unknown columns. */
static void
map_header(struct table *t, unsigned line, size_t n, char **f)
{
	size_t i, k;

	t->header_line = line;
	for (k = 0; k < t->ncols; k++)
		t->col[k] = -1;
	for (i = 0; i < n; i++) {
		bool known = false;

		if (f[i][0] == '\0')
			continue;
		for (k = 0; k < t->ncols; k++) {
			if (!header_is(&t->cols[k], f[i]))
				continue;
			known = true;
			if (t->col[k] >= 0)
				diag_msg(D_COLUMN_TWICE, t->name, line,
				    (unsigned)i + 1, t->cols[k].cn);
			else
				t->col[k] = (int)i;
		}
		if (!known)
			diag_msg(D_COLUMN_UNKNOWN, t->name, line,
			    (unsigned)i + 1, f[i]);
	}
	for (k = 0; k < t->ncols; k++)
		if (t->cols[k].required && t->col[k] < 0) {
			diag_msg(D_COLUMN_MISSING, t->name, line, 1,
			    t->cols[k].cn, t->cols[k].en);
			t->failed = true;
		}
}

static void
table_row(void *ctx, unsigned line, size_t n, char **f)
{
	struct table *t = ctx;

	if (!t->header_seen) {
		t->header_seen = true;
		t->row(t, line, n, f);
		return;
	}
	if (t->failed)
		return;
	t->rows++;
	t->row(t, line, n, f);
}

static int wb_read_table(struct loader *ld, struct table *t,
    enum dataset_file which, const char *default_name, bool required);

/* Reads one file of the data set.  Returns whether it was there. */
static bool
read_table(struct loader *ld, struct table *t, enum dataset_file which,
    const char *default_name, bool required)
{
	struct model *m = ld->m;
	const char *fname = *m->cfg.files[which] ? m->cfg.files[which] : default_name;
	char *path;
	size_t mark = diag_mark();
	enum csv_result r;
	int wr = wb_read_table(ld, t, which, default_name, required);

	if (wr >= 0)     /* xlsx input: the table came from a workbook */
		return wr;
	path = path_join(m->dir, fname);

	t->ld = ld;
	t->name = intern_file(m, path);
	set_table_label(m, which, fname, false);
	r = csv_read_file(path, t->name, ld->encoding, table_row, t);
	free(path);
	if (r == CSV_READ_MISSING) {
		if (required)
			diag_msg(D_FILE_MISSING, t->name, 1, 1, default_name);
		t->failed = true;
		return false;
	}
	if (r == CSV_READ_FAILED) {
		/* The faults of rows read before the file failed are noise;
		 * the read fault itself, the newest message, stays. */
		diag_rollback(mark, 1);
		t->failed = true;
		return true;
	}
	if (!t->header_seen) {
		if (required || which == DF_RUBRIC)
			diag_msg(D_FILE_EMPTY, t->name, 1, 1);
		t->failed = true;
	} else if ((size_t)which < ARRAY_LEN(m->columns)) {
		/* where each field is, for messages about it later */
		size_t k;

		free(m->columns[which]);
		m->columns[which] = xcalloc(t->ncols, sizeof *m->columns[which]);
		m->ncolumns[which] = t->ncols;
		for (k = 0; k < t->ncols; k++) {
			m->columns[which][k].name = t->cols[k].cn;
			m->columns[which][k].col = t->col[k] >= 0 ?
			    (unsigned)t->col[k] + 1 : 0;
		}
	}
	return true;
}

/* A date with a clock time, as a workbook's date-time cell reads
 * ("2025-03-07 10:30:00"; one at midnight reads as the date): reported as
 * such, since the date alone would do.  Returns whether v was one. */
static bool
date_with_time(const struct table *t, unsigned line, unsigned col,
    const char *label, const char *v)
{
	char day[11];
	struct date d;
	size_t i, n = strlen(v);
	static const char shape[] = "dddd-dd-dd dd:dd:dd";

	if (n != 16 && n != 19)
		return false;
	for (i = 0; i < n; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)v[i]) :
		    v[i] != shape[i])
			return false;
	memcpy(day, v, 10);
	day[10] = '\0';
	if (!parse_date(day, &d))
		return false;
	diag_msg(D_DATE_TIME, t->name, line, col, label, v, day);
	return true;
}

/* --- rubric.csv ----------------------------------------------------- */

static void
rubric_row(struct table *t, unsigned line, size_t n, char **f)
{
	struct loader *ld = t->ld;
	struct model *m = ld->m;
	const char *id, *cat, *title, *pts;
	int64_t points = -1;
	bool ok = true;
	struct item *it;

	if (t->rows == 0) {
		map_header(t, line, n, f);
		return;
	}
	id = field(t, n, f, RU_ID);
	cat = field(t, n, f, RU_CATEGORY);
	title = field(t, n, f, RU_ITEM);
	pts = field(t, n, f, RU_POINTS);
	if (!*id) {
		diag_msg(D_RUBRIC_NO_ID, t->name, line, colno(t, RU_ID));
		ok = false;
	} else if (strmap_get(&ld->item_ids, id) >= 0) {
		diag_msg(D_RUBRIC_ID_TWICE, t->name, line, colno(t, RU_ID), id);
		ok = false;
	}
	/* An item with an empty category or title is still an item, so that
	 * its scores raise no further faults. */
	if (!*cat)
		diag_msg(D_RUBRIC_NO_CATEGORY, t->name, line,
		    colno(t, RU_CATEGORY));
	if (!*title)
		diag_msg(D_RUBRIC_NO_TITLE, t->name, line, colno(t, RU_ITEM));
	if (!parse_number(pts, &points)) {
		diag_msg(D_RUBRIC_POINTS, t->name, line, colno(t, RU_POINTS),
		    pts);
		points = -1;
	} else if (points == 0) {
		diag_msg(D_RUBRIC_POINTS_ZERO, t->name, line,
		    colno(t, RU_POINTS));
		points = -1;
	}
	if (!ok)
		return;
	/* The total is checked only when every item has its points. */
	if (points < 0)
		ld->items_valid = false;
	else
		ld->points_sum += points;
	xgrow(&m->items, &ld->capitems, m->nitems + 1, sizeof *m->items);
	it = &m->items[m->nitems];
	memset(it, 0, sizeof *it);
	it->id = xstrdup(id);
	it->category = xstrdup(cat);
	it->title = xstrdup(title);
	it->criteria = xstrdup(field(t, n, f, RU_CRITERIA));
	it->points = points;
	it->pos.file = t->name;
	it->pos.line = line;
	strmap_put(&ld->item_ids, id, m->nitems);
	m->nitems++;
}

static int
item_cmp_cat(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->cat != y->cat)
		return x->cat < y->cat ? -1 : 1;
	return x->pos.line < y->pos.line ? -1 : x->pos.line > y->pos.line;
}

/* Groups items by category (categories in order of first appearance) and
 * rebuilds the id map. */
static void
rubric_finish(struct loader *ld)
{
	struct model *m = ld->m;
	size_t i, c;

	for (i = 0; i < m->nitems; i++) {
		for (c = 0; c < m->ncategories; c++)
			if (strcmp(m->categories[c].name, m->items[i].category) == 0)
				break;
		if (c == m->ncategories) {
			m->categories = xrealloc(m->categories,
			    (c + 1) * sizeof *m->categories);
			memset(&m->categories[c], 0, sizeof *m->categories);
			m->categories[c].name = xstrdup(m->items[i].category);
			m->ncategories++;
		}
		m->items[i].cat = c;
	}
	if (m->nitems > 0)
		qsort(m->items, m->nitems, sizeof *m->items, item_cmp_cat);
	strmap_free(&ld->item_ids);
	for (i = 0; i < m->nitems; i++) {
		struct category *cat = &m->categories[m->items[i].cat];

		strmap_put(&ld->item_ids, m->items[i].id, i);
		if (cat->n == 0)
			cat->first = i;
		cat->n++;
		if (m->items[i].points > 0)
			cat->points += m->items[i].points;
	}
}

/* --- branches.csv ----------------------------------------------------- */

static void
branch_row(struct table *t, unsigned line, size_t n, char **f)
{
	struct loader *ld = t->ld;
	struct model *m = ld->m;
	const char *id, *name, *v;
	struct branch *b;
	bool ok = true;
	int members = -1;
	struct date elected = {0};

	if (t->rows == 0) {
		map_header(t, line, n, f);
		return;
	}
	id = field(t, n, f, BR_ID);
	name = field(t, n, f, BR_NAME);
	if (!*id) {
		diag_msg(D_NO_BRANCH_ID, t->name, line, colno(t, BR_ID));
		ok = false;
	} else if (strmap_get(&ld->branch_ids, id) >= 0) {
		diag_msg(D_BRANCH_ID_TWICE, t->name, line, colno(t, BR_ID), id);
		ok = false;
	}
	if (!*name) {
		diag_msg(D_BRANCH_NO_NAME, t->name, line, colno(t, BR_NAME));
	} else if (strmap_get(&ld->branch_names, name) >= 0) {
		diag_msg(D_BRANCH_NAME_TWICE, t->name, line, colno(t, BR_NAME),
		    name);
	}
	v = field(t, n, f, BR_MEMBERS);
	if (*v && !parse_whole(v, &members)) {
		diag_msg(D_BRANCH_MEMBERS, t->name, line, colno(t, BR_MEMBERS),
		    v);
		members = -1;
	}
	v = field(t, n, f, BR_ELECTED);
	if (*v && !parse_date(v, &elected) && !date_with_time(t, line,
	    colno(t, BR_ELECTED), "换届时间", v))
		diag_msg(D_BRANCH_ELECTED, t->name, line, colno(t, BR_ELECTED),
		    v);
	if (!ok)
		return;
	if (*name)
		strmap_put(&ld->branch_names, name, m->nbranches);
	xgrow(&m->branches, &ld->capbranches, m->nbranches + 1, sizeof *m->branches);
	b = &m->branches[m->nbranches];
	memset(b, 0, sizeof *b);
	b->id = xstrdup(id);
	b->name = xstrdup(name);
	b->parent = xstrdup(field(t, n, f, BR_PARENT));
	b->secretary = xstrdup(field(t, n, f, BR_SECRETARY));
	b->members = members;
	b->elected = elected;
	b->pos.file = t->name;
	b->pos.line = line;
	strmap_put(&ld->branch_ids, id, m->nbranches);
	m->nbranches++;
}

/* --- scores.csv ---------------------------------------------------- */

/* Whether the memo holds key; its value is then in *val. */
static bool
memo_hit(const struct memo *mm, const char *key, long *val)
{
	if (mm->key.s == NULL || strcmp(mm->key.s, key) != 0)
		return false;
	*val = mm->val;
	return true;
}

static long
memo_set(struct memo *mm, const char *key, long val)
{
	mm->key.len = 0;
	buf_adds(&mm->key, key);
	mm->val = val;
	return val;
}

static size_t
intern_rater(struct loader *ld, const char *name)
{
	long k;

	if (memo_hit(&ld->memo_rater, name, &k))
		return (size_t)k;
	k = strmap_get(&ld->rater_ids, name);
	if (k >= 0)
		return (size_t)memo_set(&ld->memo_rater, name, k);
	memo_set(&ld->memo_rater, name, (long)ld->nraters);
	strmap_put(&ld->rater_ids, name, ld->nraters);
	return ld->nraters++;
}

static void
add_note(struct loader *ld, size_t b, size_t item, size_t p, size_t s,
    const char *rater, const char *text)
{
	struct branch *br = &ld->m->branches[b];
	struct note *nt;

	xgrow(&br->notes, &ld->capnotes[b], br->nnotes + 1, sizeof *br->notes);
	nt = &br->notes[br->nnotes++];
	nt->item = item;
	nt->period = p;
	nt->source = s;
	nt->rater = xstrdup(rater);
	nt->text = xstrdup(text);
}

/* The hash slot of group (cell, rater): its own, or the empty one where
 * it would go. */
static uint32_t *
group_slot(const struct loader *ld, uint64_t cell, uint32_t rater)
{
	uint64_t h = (cell * 0x9E3779B97F4A7C15u) ^ ((uint64_t)rater *
	    0xC2B2AE3D27D4EB4Fu);
	size_t mask = ld->capghash - 1, i = (size_t)(h ^ (h >> 29)) & mask;

	while (ld->ghash[i] != 0 && (ld->groups[ld->ghash[i] - 1].cell !=
	    cell || ld->groups[ld->ghash[i] - 1].rater != rater))
		i = (i + 1) & mask;
	return &ld->ghash[i];
}

/* The group of (cell, rater), made when it is new. */
static struct rated *
group_get(struct loader *ld, uint64_t cell, uint32_t rater)
{
	struct rated *g;
	uint32_t *slot;
	size_t i;

	if (ld->lastgroup != 0) {
		g = &ld->groups[ld->lastgroup - 1];
		if (g->cell == cell && g->rater == rater)
			return g;
	}
	if (2 * (ld->ngroups + 1) > ld->capghash) {
		ld->capghash = ld->capghash ? 2 * ld->capghash : 1024;
		free(ld->ghash);
		ld->ghash = xcalloc(ld->capghash, sizeof *ld->ghash);
		for (i = 0; i < ld->ngroups; i++)
			*group_slot(ld, ld->groups[i].cell,
			    ld->groups[i].rater) = (uint32_t)(i + 1);
	}
	slot = group_slot(ld, cell, rater);
	if (*slot == 0) {
		xgrow(&ld->groups, &ld->capgroups, ld->ngroups + 1,
		    sizeof *ld->groups);
		g = &ld->groups[ld->ngroups++];
		memset(g, 0, sizeof *g);
		g->cell = cell;
		g->rater = rater;
		*slot = (uint32_t)ld->ngroups;
	}
	ld->lastgroup = *slot;
	return &ld->groups[*slot - 1];
}

/* A zeroed array of n lines, from blocks of at least 1 MiB. */
static uint32_t *
lines_alloc(struct loader *ld, size_t n)
{
	enum { BLOCK = 262144 };
	size_t want = n > BLOCK ? n : BLOCK;

	if (ld->nblocks == 0 || ld->blockfree < n) {
		ld->blocks = xrealloc(ld->blocks, (ld->nblocks + 1) *
		    sizeof *ld->blocks);
		ld->blocks[ld->nblocks++] = xcalloc(want, sizeof (uint32_t));
		ld->blockfree = want;
	}
	ld->blockfree -= n;
	return ld->blocks[ld->nblocks - 1] + ld->blockfree;
}

/* The line of the group's score for item, or 0. */
static uint32_t
group_line(const struct loader *ld, const struct rated *g, size_t item)
{
	uint32_t k;

	if (g->lines != NULL)
		return item < ld->group_items ? g->lines[item] : 0;
	if (g->n > 0 && g->item0 == item)
		return g->line0;
	for (k = 0; g->n > 1 && k < g->n - 1; k++)
		if (g->pairs[2 * k] == item)
			return g->pairs[2 * k + 1];
	return 0;
}

static void
group_set(struct loader *ld, struct rated *g, size_t item, unsigned line)
{
	uint32_t k;

	if (ld->group_items == 0)
		ld->group_items = ld->m->nitems;
	if (g->n == 0) {
		g->item0 = (uint32_t)item;
		g->line0 = line;
	} else if (g->lines == NULL &&
	    2 * (size_t)g->n < ld->group_items) {
		if (g->n - 1 == g->cap) {
			g->cap = g->cap ? 2 * g->cap : 4;
			g->pairs = xrealloc(g->pairs, 2 * (size_t)g->cap *
			    sizeof *g->pairs);
		}
		g->pairs[2 * (g->n - 1)] = (uint32_t)item;
		g->pairs[2 * (g->n - 1) + 1] = line;
	} else {
		if (g->lines == NULL) {
			g->lines = lines_alloc(ld, ld->group_items);
			if (g->item0 < ld->group_items)
				g->lines[g->item0] = g->line0;
			for (k = 0; k + 1 < g->n; k++)
				if (g->pairs[2 * k] < ld->group_items)
					g->lines[g->pairs[2 * k]] =
					    g->pairs[2 * k + 1];
			free(g->pairs);
			g->pairs = NULL;
			g->cap = 0;
		}
		if (item < ld->group_items)
			g->lines[item] = line;
	}
	g->n++;
}

/* One score value: checks that its rater has not scored that cell before
 * and adds it to the model's scores. */
static void
add_score(struct table *t, unsigned line, unsigned col, long b, long p,
    long s, const char *rater, long item, int64_t value, bool deduction,
    const char *note)
{
	struct loader *ld = t->ld;
	struct model *m = ld->m;
	struct score_value *v;
	struct rated *g;
	uint32_t first;

	if (b < 0 || p < 0 || s < 0 || item < 0 || m->nitems == 0)
		return;
	g = group_get(ld, ((uint64_t)b * m->cfg.nperiods + (uint64_t)p) *
	    m->cfg.nsources + (uint64_t)s + 1,
	    (uint32_t)intern_rater(ld, rater));
	first = group_line(ld, g, (size_t)item);
	if (first != 0) {
		diag_msg(D_SCORE_TWICE, t->name, line, col, m->branches[b].id,
		    m->cfg.periods[p].name, m->cfg.sources[s].name,
		    *rater ? "、评价人 " : "", rater, m->items[item].id,
		    (unsigned)first);
		return;
	}
	group_set(ld, g, (size_t)item, line);
	xgrow(&m->scores, &ld->capscores, m->nscores + 1, sizeof *m->scores);
	v = &m->scores[m->nscores++];
	v->branch = (uint32_t)b;
	v->period = (uint32_t)p;
	v->source = (uint32_t)s;
	v->item = (uint32_t)item;
	v->value = value;
	v->deduction = deduction;
	m->score_rows++;
	m->rows_per_ps[(size_t)p * m->cfg.nsources + (size_t)s]++;
	if (note && *note)
		add_note(ld, (size_t)b, (size_t)item, (size_t)p, (size_t)s,
		    rater, note);
}

/* Looks up the branch, period and source of a score row. */
static void
score_keys(struct table *t, unsigned line, size_t n, char **f, long *b,
    long *p, long *s)
{
	struct loader *ld = t->ld;
	struct model *m = ld->m;
	const char *v;

	v = field(t, n, f, SC_BRANCH);
	*b = -1;
	if (!*v)
		diag_msg(D_NO_BRANCH_ID, t->name, line, colno(t, SC_BRANCH));
	else if (ld->branches_ok) {
		if (!memo_hit(&ld->memo_branch, v, b))
			*b = memo_set(&ld->memo_branch, v,
			    strmap_get(&ld->branch_ids, v));
		if (*b < 0)
			diag_msg(D_BRANCH_UNKNOWN, t->name, line,
			    colno(t, SC_BRANCH), v,
			    model_table_label(m, DF_BRANCHES));
	}
	v = field(t, n, f, SC_PERIOD);
	if (!memo_hit(&ld->memo_period, v, p))
		*p = memo_set(&ld->memo_period, v, config_find_period(&m->cfg, v));
	if (*p < 0)
		diag_msg(D_PERIOD_UNKNOWN, t->name, line, colno(t, SC_PERIOD),
		    v, model_table_label(m, DF_INI));
	v = field(t, n, f, SC_SOURCE);
	if (!memo_hit(&ld->memo_source, v, s))
		*s = memo_set(&ld->memo_source, v, config_find_source(&m->cfg, v));
	if (*s < 0)
		diag_msg(D_SOURCE_UNKNOWN, t->name, line, colno(t, SC_SOURCE),
		    v, model_table_label(m, DF_INI));
}

static void
score_header(struct table *t, unsigned line, size_t n, char **f)
{
	struct loader *ld = t->ld;
	bool has_item_col = false, has_rubric_id = false;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (header_is(&score_cols[SC_ITEM], f[i]))
			has_item_col = true;
		else if (strmap_get(&ld->item_ids, f[i]) >= 0)
			has_rubric_id = true;
	}
	if (has_item_col || !has_rubric_id) {
		map_header(t, line, n, f);
		if (t->col[SC_SCORE] < 0 && t->col[SC_DEDUCTION] < 0) {
			diag_msg(D_SCORE_NO_VALUE_COLUMN, t->name, line, 1);
			t->failed = true;
		}
		return;
	}
	/* The wide form: known columns, then rubric ids. */
	t->wide = true;
	t->header_line = line;
	for (k = 0; k < t->ncols; k++)
		t->col[k] = -1;
	t->wide_item = xcalloc(n, sizeof *t->wide_item);
	t->nwide = n;
	for (i = 0; i < n; i++) {
		long it;
		bool known = false;

		if (f[i][0] == '\0')
			continue;
		for (k = 0; k < SC_WIDE_KNOWN; k++)
			if (header_is(&score_cols[k], f[i])) {
				known = true;
				if (t->col[k] < 0)
					t->col[k] = (int)i;
				else
					diag_msg(D_COLUMN_TWICE, t->name, line,
					    (unsigned)i + 1, score_cols[k].cn);
			}
		if (known)
			continue;
		if ((it = strmap_get(&ld->item_ids, f[i])) >= 0) {
			size_t j;
			for (j = 0; j < i; j++)
				if (t->wide_item[j] == (size_t)it + 1)
					break;
			if (j < i) {
				diag_msg(D_WIDE_ITEM_TWICE, t->name, line,
				    (unsigned)i + 1, f[i]);
				t->failed = true;
			} else
				t->wide_item[i] = (size_t)it + 1;
		} else {
			diag_msg(D_WIDE_COLUMN_UNKNOWN, t->name, line,
			    (unsigned)i + 1, f[i]);
			t->failed = true;
		}
	}
	for (k = 0; k < SC_WIDE_KNOWN; k++)
		if (score_cols[k].required && t->col[k] < 0) {
			diag_msg(D_COLUMN_MISSING, t->name, line, 1,
			    score_cols[k].cn, score_cols[k].en);
			t->failed = true;
		}
}

static void
score_row(struct table *t, unsigned line, size_t n, char **f)
{
	struct loader *ld = t->ld;
	struct model *m = ld->m;
	long b, p, s, item = -1;
	const char *rater, *sv, *dv;
	int64_t value = 0, v;
	bool ok = true;
	unsigned vcol;

	if (t->rows == 0) {
		score_header(t, line, n, f);
		return;
	}
	score_keys(t, line, n, f, &b, &p, &s);
	rater = field(t, n, f, SC_RATER);
	if (t->wide) {
		size_t i;

		for (i = 0; i < n && i < t->nwide; i++) {
			const struct item *it;

			if (!t->wide_item[i] || f[i][0] == '\0')
				continue;
			it = &m->items[t->wide_item[i] - 1];
			if (!parse_number(f[i], &v)) {
				diag_msg(D_WIDE_SCORE_NUMBER, t->name, line,
				    (unsigned)i + 1, it->id, f[i]);
				continue;
			}
			if (it->points >= 0 && v > it->points) {
				diag_msg(D_WIDE_SCORE_OVER, t->name, line,
				    (unsigned)i + 1, it->id, f[i],
				    fmt_cents(it->points, (char[32]){0}));
				continue;
			}
			add_score(t, line, (unsigned)i + 1, b, p, s, rater,
			    (long)t->wide_item[i] - 1, v, false, NULL);
		}
		return;
	}
	sv = field(t, n, f, SC_ITEM);
	if (!*sv) {
		diag_msg(D_SCORE_NO_ITEM, t->name, line, colno(t, SC_ITEM));
		ok = false;
	} else if (ld->rubric_ok && (item = strmap_get(&ld->item_ids, sv)) < 0) {
		diag_msg(D_SCORE_ITEM_UNKNOWN, t->name, line, colno(t, SC_ITEM),
		    sv);
		ok = false;
	}
	sv = field(t, n, f, SC_SCORE);
	dv = field(t, n, f, SC_DEDUCTION);
	vcol = *sv ? colno(t, SC_SCORE) : colno(t, SC_DEDUCTION);
	if (*sv && *dv) {
		diag_msg(D_SCORE_BOTH, t->name, line, colno(t, SC_DEDUCTION));
		ok = false;
	} else if (!*sv && !*dv) {
		diag_msg(D_SCORE_NEITHER, t->name, line,
		    t->col[SC_SCORE] >= 0 ? colno(t, SC_SCORE) : colno(t, SC_DEDUCTION));
		ok = false;
	} else if (!parse_number(*sv ? sv : dv, &v)) {
		diag_msg(D_SCORE_NUMBER, t->name, line, vcol,
		    *sv ? "得分" : "扣分", *sv ? sv : dv);
		ok = false;
	} else if (item >= 0) {
		const struct item *it = &m->items[item];

		/* (an item whose points are wrong: its scores count,
		 * unchecked) */
		if (*sv && it->points >= 0 && v > it->points) {
			diag_msg(D_SCORE_OVER, t->name, line, vcol, sv, it->id,
			    fmt_cents(it->points, (char[32]){0}));
			ok = false;
		}
		value = v;
	}
	if (ok)
		add_score(t, line, colno(t, SC_ITEM), b, p, s, rater, item, value,
		    !*sv, field(t, n, f, SC_NOTE));
}

/* --- vetoes.csv, records.csv, workers.csv ---------------------------- */

static long
known_branch(struct table *t, unsigned line, size_t n, char **f, int which)
{
	struct loader *ld = t->ld;
	const char *v = field(t, n, f, which);
	long b;

	if (!*v) {
		diag_msg(D_NO_BRANCH_ID, t->name, line, colno(t, which));
		return -1;
	}
	if (!ld->branches_ok)
		return -1;
	if ((b = strmap_get(&ld->branch_ids, v)) < 0)
		diag_msg(D_BRANCH_UNKNOWN, t->name, line, colno(t, which), v,
		    model_table_label(t->ld->m, DF_BRANCHES));
	return b;
}

static void
veto_row(struct table *t, unsigned line, size_t n, char **f)
{
	struct model *m = t->ld->m;
	const struct config *cfg = &m->cfg;
	const char *reason, *v;
	struct date d = {0};
	struct veto *ve;
	bool ok = true;
	long b;
	size_t i;

	if (t->rows == 0) {
		map_header(t, line, n, f);
		return;
	}
	b = known_branch(t, line, n, f, VE_BRANCH);
	reason = field(t, n, f, VE_REASON);
	if (!*reason) {
		diag_msg(D_VETO_NO_REASON, t->name, line, colno(t, VE_REASON));
		ok = false;
	} else if (cfg->nveto_reasons > 0) {
		for (i = 0; i < cfg->nveto_reasons; i++)
			if (strcmp(cfg->veto_reasons[i], reason) == 0)
				break;
		if (i == cfg->nveto_reasons) {
			diag_msg(D_VETO_REASON_UNKNOWN, t->name, line,
			    colno(t, VE_REASON), reason,
			    model_table_label(t->ld->m, DF_INI));
			ok = false;
		}
	}
	v = field(t, n, f, VE_DATE);
	if (*v && !parse_date(v, &d)) {
		if (!date_with_time(t, line, colno(t, VE_DATE), "日期", v))
			diag_msg(D_DATE, t->name, line, colno(t, VE_DATE), v);
		ok = false;
	}
	if (!ok || b < 0)
		return;
	xgrow(&m->vetoes, &t->ld->capvetoes, m->nvetoes + 1, sizeof *m->vetoes);
	ve = &m->vetoes[m->nvetoes++];
	ve->branch = (size_t)b;
	ve->reason = xstrdup(reason);
	ve->detail = xstrdup(field(t, n, f, VE_DETAIL));
	ve->reference = xstrdup(field(t, n, f, VE_REFERENCE));
	ve->date = d;
	ve->pos.file = t->name;
	ve->pos.line = line;
}


static void
record_row(struct table *t, unsigned line, size_t n, char **f)
{
	struct model *m = t->ld->m;
	const char *type, *v;
	struct date d = {0};
	int expected = -1, present = -1;
	struct record *r;
	bool ok = true;
	long b;

	if (t->rows == 0) {
		map_header(t, line, n, f);
		return;
	}
	b = known_branch(t, line, n, f, RE_BRANCH);
	v = field(t, n, f, RE_DATE);
	if (!*v) {
		diag_msg(D_RECORD_NO_DATE, t->name, line, colno(t, RE_DATE));
		ok = false;
	} else if (!parse_date(v, &d)) {
		if (!date_with_time(t, line, colno(t, RE_DATE), "日期", v))
			diag_msg(D_DATE, t->name, line, colno(t, RE_DATE), v);
		ok = false;
	}
	type = field(t, n, f, RE_TYPE);
	if (!*type) {
		diag_msg(D_RECORD_NO_TYPE, t->name, line, colno(t, RE_TYPE));
		ok = false;
	} else if (!config_record_type(type)) {
		diag_msg(D_RECORD_TYPE, t->name, line, colno(t, RE_TYPE), type);
		ok = false;
	}
	v = field(t, n, f, RE_EXPECTED);
	if (*v && !parse_whole(v, &expected)) {
		diag_msg(D_RECORD_EXPECTED, t->name, line,
		    colno(t, RE_EXPECTED), v);
		ok = false;
		expected = -1;
	}
	v = field(t, n, f, RE_PRESENT);
	if (*v && !parse_whole(v, &present)) {
		diag_msg(D_RECORD_PRESENT, t->name, line, colno(t, RE_PRESENT),
		    v);
		ok = false;
		present = -1;
	}
	if (expected >= 0 && present > expected) {
		diag_msg(D_RECORD_PRESENT_OVER, t->name, line,
		    colno(t, RE_PRESENT), present, expected);
		ok = false;
	}
	if (!ok || b < 0)
		return;
	xgrow(&m->records, &t->ld->caprecords, m->nrecords + 1, sizeof *m->records);
	r = &m->records[m->nrecords++];
	r->branch = (size_t)b;
	r->date = d;
	r->type = xstrdup(type);
	r->topic = xstrdup(field(t, n, f, RE_TOPIC));
	r->expected = expected;
	r->present = present;
	r->pos.file = t->name;
	r->pos.line = line;
}

static void
worker_row(struct table *t, unsigned line, size_t n, char **f)
{
	struct model *m = t->ld->m;
	const char *name;
	struct worker *w;
	long b;

	if (t->rows == 0) {
		map_header(t, line, n, f);
		return;
	}
	name = field(t, n, f, WO_NAME);
	if (!*name)
		diag_msg(D_WORKER_NO_NAME, t->name, line, colno(t, WO_NAME));
	b = known_branch(t, line, n, f, WO_BRANCH);
	if (!*name || b < 0)
		return;
	xgrow(&m->workers, &t->ld->capworkers, m->nworkers + 1, sizeof *m->workers);
	w = &m->workers[m->nworkers++];
	memset(w, 0, sizeof *w);
	w->name = xstrdup(name);
	w->branch = (size_t)b;
	w->role = xstrdup(field(t, n, f, WO_ROLE));
	w->deeds = xstrdup(field(t, n, f, WO_DEEDS));
	w->pos.file = t->name;
	w->pos.line = line;
}

/* --- members.csv (SPEC section 11) ---------------------------------------- */

enum { ME_NAME, ME_BRANCH, ME_SEX, ME_ETHNICITY, ME_BORN, ME_EDUCATION,
    ME_JOINED, ME_CONFIRMED, ME_ROLE, ME_GROUP, ME_N };
static const struct colspec member_cols[] = {
	{"姓名", "name", true}, {"支部编号", "branch", true},
	{"性别", "sex", false}, {"民族", "ethnicity", false},
	{"出生日期", "born", false}, {"学历", "education", false},
	{"入党日期", "joined", true}, {"转正日期", "confirmed", false},
	{"党内职务", "role", false}, {"党小组", "group", false},
};

const char *const member_role_names[MEMBER_ROLE_NONE + 1] = {
	"支部书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员",
	"统战委员", "党小组长", "",
};

/* A date column of members.csv: false after an error. */
static bool
member_date(struct table *t, unsigned line, size_t n, char **f, int which,
    struct date *d)
{
	const char *v = field(t, n, f, which);

	memset(d, 0, sizeof *d);
	if (!*v) {
		if (!t->cols[which].required)
			return true;
		diag_msg(D_MEMBER_EMPTY, t->name, line, colno(t, which),
		    t->cols[which].cn);
		return false;
	}
	if (parse_date(v, d))
		return true;
	memset(d, 0, sizeof *d);
	if (date_with_time(t, line, colno(t, which), t->cols[which].cn, v))
		return false;
	diag_msg(D_MEMBER_DATE, t->name, line, colno(t, which),
	    t->cols[which].cn, v);
	memset(d, 0, sizeof *d);
	return false;
}

static void
member_row(struct table *t, unsigned line, size_t n, char **f)
{
	struct model *m = t->ld->m;
	const char *name, *sex, *role;
	struct date born, joined, confirmed;
	enum member_role r = MEMBER_ROLE_NONE;
	struct member *mb;
	bool ok = true;
	long b;
	size_t k;

	if (t->rows == 0) {
		map_header(t, line, n, f);
		return;
	}
	name = field(t, n, f, ME_NAME);
	if (!*name) {
		diag_msg(D_MEMBER_NO_NAME, t->name, line, colno(t, ME_NAME));
		ok = false;
	}
	b = known_branch(t, line, n, f, ME_BRANCH);
	sex = field(t, n, f, ME_SEX);
	if (*sex && strcmp(sex, "男") != 0 && strcmp(sex, "女") != 0) {
		diag_msg(D_MEMBER_SEX, t->name, line, colno(t, ME_SEX), sex);
		ok = false;
	}
	ok = member_date(t, line, n, f, ME_BORN, &born) && ok;
	ok = member_date(t, line, n, f, ME_JOINED, &joined) && ok;
	ok = member_date(t, line, n, f, ME_CONFIRMED, &confirmed) && ok;
	if (joined.year && confirmed.year &&
	    date_days(confirmed) < date_days(joined)) {
		diag_msg(D_MEMBER_CONFIRMED, t->name, line,
		    colno(t, ME_CONFIRMED), field(t, n, f, ME_CONFIRMED),
		    field(t, n, f, ME_JOINED));
		ok = false;
	}
	/* 党章 (Article 1): members join at eighteen or older. */
	if (born.year && joined.year && (joined.year - born.year < 18 ||
	    (joined.year - born.year == 18 && (joined.month < born.month ||
	    (joined.month == born.month && joined.day < born.day)))))
		diag_msg(D_MEMBER_YOUNG, t->name, line, colno(t, ME_JOINED),
		    field(t, n, f, ME_JOINED), field(t, n, f, ME_BORN));
	role = field(t, n, f, ME_ROLE);
	if (strcmp(role, "书记") == 0)        /* what clerks often type */
		role = "支部书记";
	else if (strcmp(role, "支部副书记") == 0)
		role = "副书记";
	if (*role) {
		for (k = 0; k < MEMBER_ROLE_NONE; k++)
			if (strcmp(member_role_names[k], role) == 0)
				break;
		if (k == MEMBER_ROLE_NONE) {
			diag_msg(D_MEMBER_ROLE, t->name, line,
			    colno(t, ME_ROLE), role);
			ok = false;
		}
		r = (enum member_role)k;
	}
	if (b >= 0 && r == MEMBER_SECRETARY) {
		const struct branch *br = &m->branches[b];

		for (k = 0; k < m->nmembers; k++)
			if (m->members[k].branch == (size_t)b &&
			    m->members[k].role == MEMBER_SECRETARY)
				break;
		if (k < m->nmembers) {
			diag_msg(D_MEMBER_SECRETARY_TWICE, t->name, line,
			    colno(t, ME_ROLE), br->id, m->members[k].name,
			    m->members[k].pos.line);
			ok = false;
		} else if (*name && *br->secretary &&
		    strcmp(br->secretary, name) != 0)
			diag_msg(D_MEMBER_SECRETARY_OTHER, t->name, line,
			    colno(t, ME_NAME), name, br->pos.file, br->pos.line,
			    br->secretary);
	}
	if (!ok || b < 0)
		return;
	xgrow(&m->members, &t->ld->capmembers, m->nmembers + 1,
	    sizeof *m->members);
	mb = &m->members[m->nmembers++];
	mb->name = xstrdup(name);
	mb->sex = xstrdup(sex);
	mb->ethnicity = xstrdup(field(t, n, f, ME_ETHNICITY));
	mb->education = xstrdup(field(t, n, f, ME_EDUCATION));
	mb->group = xstrdup(field(t, n, f, ME_GROUP));
	mb->branch = (size_t)b;
	mb->born = born;
	mb->joined = joined;
	mb->confirmed = confirmed;
	mb->role = r;
	mb->pos.file = t->name;
	mb->pos.line = line;
}

/* --- end of members.csv ------------------------------------------------- */

/* --- the whole data set ---------------------------------------------- */

static void
table_init(struct table *t, const struct colspec *cols, size_t ncols,
    void (*row)(struct table *, unsigned, size_t, char **))
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols;
	t->row = row;
}

/* --- notice.txt ------------------------------------------------------ */

static bool
is_trim_space(const char *s, size_t n, size_t *k)
{
	if (n >= 1 && (*s == ' ' || *s == '\t' || *s == '\r')) {
		*k = 1;
		return true;
	}
	if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
		*k = 3;
		return true;
	}
	return false;
}

/* The length of the longest valid UTF-8 prefix of n bytes of s. */
static size_t
utf8_prefix(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80)
			k = 1;
		else if ((k = utf8_decode(s + i, n - i, &cp)) == 0)
			break;
		i += k;
	}
	return i;
}

/* The line and column (in characters) of byte off of text. */
static void
text_position(const char *text, size_t off, unsigned *line, unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* --- xlsx input (SPEC section 8) ------------------------------------------
 *
 * A table comes from NAME.csv, NAME.xlsx (its first worksheet), or a sheet
 * of the data set's workbook: DIR itself when it is FILE.xlsx, or the one
 * .xlsx in DIR that is not a NAME.xlsx.  Rows reach the same row functions
 * as CSV rows; positions are rows and columns of the sheet, which diag
 * prints as BOOK.xlsx:SHEET!CELL. */

/* The sheets a workbook names tables by, indexed by enum dataset_file
 * (DF_INI stands for the 设置 sheet), then members. */
static const struct {
	const char *cn, *en;
} wb_tables[] = {
	{"设置", "settings"}, {"考核细则", "rubric"}, {"支部", "branches"},
	{"评分", "scores"}, {"一票否决", "vetoes"}, {"工作记录", "records"},
	{"推荐人选", "workers"}, {"党员", "members"},
};
#define WB_NTABLES ARRAY_LEN(wb_tables)

struct workbook {
	struct xlsx *x;
	char *path;              /* as messages name it */
	bool whole;              /* DIR is the workbook: no CSV files */
	long sheet[WB_NTABLES];  /* sheet of each table, or -1 */
	/* the 设置 sheet as INI text, line k standing for sheet row rows[k] */
	struct buf ini;
	unsigned *rows;
	size_t nrows, caprows;
	char *section;           /* of the last row that named one */
	char *emitted;           /* section of the last [section] line */
};

static bool
has_xlsx_ext(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcasecmp(name + n - 5, ".xlsx") == 0;
}

/* The diagnostic name of a sheet, "BOOK:SHEET", interned and marked. */
static const char *
sheet_diag_name(struct model *m, const char *book, const char *sheet)
{
	char *s = xasprintf("%s:%s", book, sheet);
	const char *name = intern_file(m, s);

	free(s);
	diag_sheet(name);
	return name;
}

/* Whether column i (0-based) is one the table takes values from. */
static bool
column_used(const struct table *t, size_t i)
{
	size_t k;

	if (t->wide && i < t->nwide && t->wide_item[i])
		return true;
	for (k = 0; k < t->ncols; k++)
		if (t->col[k] == (int)i)
			return true;
	return false;
}

/* A sheet row: booleans, error values and formulas without a cached value
 * in a used column are errors.  Such a row goes through the CSV path with
 * those cells empty, and then only their errors are reported: what the row
 * function says about empty cells would be said of cells that are not. */
static void
xlsx_table_row(void *ctx, unsigned row, size_t n, char **f,
    const unsigned char *kinds)
{
	static char empty[1];
	struct table *t = ctx;
	char **bad = NULL;
	bool any = false;
	size_t i, mark;

	if (!t->header_seen || t->failed) {
		table_row(t, row, n, f);
		return;
	}
	for (i = 0; i < n; i++) {
		if (kinds[i] < XLSX_BOOL || !column_used(t, i)) {
			any = any || *f[i];
			continue;
		}
		if (bad == NULL)
			bad = xcalloc(n, sizeof *bad);
		bad[i] = f[i];
		f[i] = empty;
	}
	if (bad == NULL) {
		table_row(t, row, n, f);
		return;
	}
	mark = diag_mark();
	if (any)
		table_row(t, row, n, f);
	diag_rollback(mark, 0);
	for (i = 0; i < n; i++) {
		if (bad[i] == NULL)
			continue;
		if (kinds[i] == XLSX_BOOL)
			diag_msg(D_XLSX_BOOL, t->name, row, (unsigned)i + 1,
			    bad[i]);
		else if (kinds[i] == XLSX_ERROR)
			diag_msg(D_XLSX_ERROR, t->name, row, (unsigned)i + 1,
			    bad[i]);
		else
			diag_msg(D_XLSX_NO_VALUE, t->name, row,
			    (unsigned)i + 1);
	}
	free(bad);
}

/* Reads sheet i of x into t.  Returns true (the table was there). */
static bool
wb_read_sheet(struct loader *ld, struct table *t, struct xlsx *x, size_t i,
    const char *book, bool required)
{
	size_t mark = diag_mark();

	t->ld = ld;
	t->name = sheet_diag_name(ld->m, book, xlsx_sheet_name(x, i));
	if (!xlsx_read_sheet(x, i, t->name, xlsx_table_row, t)) {
		diag_rollback(mark, 1);
		t->failed = true;
		return true;
	}
	if (!t->header_seen) {
		if (required)
			diag_msg(D_SHEET_EMPTY, t->name, 1, 1);
		t->failed = true;
	}
	return true;
}

static bool
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Reads a table from a workbook when it has one there.  Returns -1 when
 * the table is to be read as CSV (or is missing as CSV), else whether it
 * was there. */
static int
wb_read_table(struct loader *ld, struct table *t, enum dataset_file which,
    const char *default_name, bool required)
{
	struct model *m = ld->m;
	struct workbook *wb = ld->wb;
	const char *fname = *m->cfg.files[which] ? m->cfg.files[which] : default_name;
	char *csv = NULL, *book = NULL, *base, *dot;
	long sheet = wb && (size_t)which < WB_NTABLES ? wb->sheet[which] : -1;
	bool has_csv = false, has_book = false;
	struct xlsx *x;
	bool r;

	if (!(wb && wb->whole)) {
		/* NAME.csv, or a [files] name; NAME.xlsx, or a [files] .xlsx */
		if (has_xlsx_ext(fname)) {
			book = path_join(m->dir, fname);
			has_book = file_exists(book);
		} else {
			csv = path_join(m->dir, fname);
			has_csv = file_exists(csv);
			base = xstrdup(default_name);
			if ((dot = strrchr(base, '.')) != NULL)
				*dot = '\0';
			book = xasprintf("%s/%s.xlsx", m->dir, base);
			free(base);
			has_book = file_exists(book);
		}
	}
	if (!has_book && sheet < 0) {
		free(csv);
		free(book);
		if (wb == NULL || has_csv || (!required && !wb->whole))
			return -1;
		if (required && which != DF_RUBRIC) {
			if (wb->whole)
				diag_msg(D_WB_NO_SHEET, wb->path, 0, 0,
				    wb_tables[which].cn, wb_tables[which].en);
			else
				diag_msg(D_WB_NO_SHEET_NOR_FILE, wb->path, 0, 0,
				    wb_tables[which].cn, wb_tables[which].en,
				    fname);
		}
		t->failed = true;
		return false;
	}
	if ((has_csv ? 1 : 0) + (has_book ? 1 : 0) + (sheet >= 0 ? 1 : 0) > 1) {
		const char *first = has_csv ? csv : book;

		if (sheet >= 0)
			diag_msg(D_WB_TABLE_TWICE_SHEET, sheet_diag_name(m,
			    wb->path, xlsx_sheet_name(wb->x, (size_t)sheet)), 1,
			    1, first, xlsx_sheet_name(wb->x, (size_t)sheet));
		else
			diag_msg(D_WB_TABLE_TWICE_FILE, intern_file(m, book), 0,
			    0, csv, book);
		t->failed = true;
		free(csv);
		free(book);
		return true;
	}
	free(csv);
	if (sheet >= 0) {
		free(book);
		set_table_label(m, which, xlsx_sheet_name(wb->x, (size_t)sheet),
		    true);
		return wb_read_sheet(ld, t, wb->x, (size_t)sheet, wb->path,
		    required || which == DF_RUBRIC);
	}
	t->name = intern_file(m, book);
	set_table_label(m, which, book + strlen(m->dir) + 1, false);
	free(book);
	if ((x = xlsx_open(t->name, t->name)) == NULL) {
		t->failed = true;
		return true;
	}
	if (xlsx_sheet_count(x) == 0) {
		diag_msg(D_WB_NO_SHEETS, t->name, 0, 0);
		t->failed = true;
		r = true;
	} else
		r = wb_read_sheet(ld, t, x, 0, t->name, required || which == DF_RUBRIC);
	xlsx_close(x);
	return r;
}

/* Where a rubric would be, as a message names it before a "，":
 * " rubric.csv", or the 考核细则 sheet when the data set is a workbook. */
static const char *
wb_has_rubric_place(const struct loader *ld)
{
	return ld->wb && ld->wb->whole ? "工作表“考核细则”" : " rubric.csv";
}

/* Whether the rubric comes from a workbook (then rubric.csv's absence does
 * not mean the built-in rubric). */
static bool
wb_has_rubric(struct loader *ld)
{
	char *book;
	bool has;

	if (ld->wb && ld->wb->sheet[DF_RUBRIC] >= 0)
		return true;
	if (ld->wb && ld->wb->whole)
		return false;
	book = path_join(ld->m->dir, "rubric.xlsx");
	has = file_exists(book);
	free(book);
	return has;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Opens the data set's workbook: path itself (whole), or the one .xlsx in
 * the directory that is not a table's NAME.xlsx (nor an Excel lock file
 * ~$NAME.xlsx).  Returns false after a message when it cannot be used. */
static bool
wb_open(struct loader *ld, const char *path, bool whole)
{
	struct model *m = ld->m;
	struct workbook *wb;
	char **names = NULL;
	size_t n = 0, cap = 0, i, k;
	const char *name;

	if (!whole) {
		DIR *d = opendir(path);
		struct dirent *de;

		if (d == NULL)
			return true;
		while ((de = readdir(d)) != NULL) {
			char *base;
			bool table = false;

			if (de->d_name[0] == '.' || strncmp(de->d_name, "~$", 2) == 0 ||
			    !has_xlsx_ext(de->d_name))
				continue;
			{
				char *p = path_join(path, de->d_name);
				struct stat st;
				bool regular = stat(p, &st) == 0 && S_ISREG(st.st_mode);

				free(p);
				if (!regular)
					continue;
			}
			base = xstrndup(de->d_name, strlen(de->d_name) - 5);
			for (k = 1; k < WB_NTABLES; k++)
				if (strcmp(base, wb_tables[k].en) == 0)
					table = true;
			free(base);
			if (table)
				continue;
			xgrow(&names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
		closedir(d);
		if (n == 0)
			return true;
		qsort(names, n, sizeof *names, name_cmp);
		if (n > 1) {
			struct buf list = {0};

			for (i = 0; i < n; i++)
				buf_printf(&list, "%s%s", i ? "、" : "", names[i]);
			diag_msg(D_WB_SEVERAL, path, 0, 0, n, list.s);
			buf_free(&list);
			for (i = 0; i < n; i++)
				free(names[i]);
			free(names);
			return false;
		}
	}
	wb = xcalloc(1, sizeof *wb);
	wb->whole = whole;
	{
		char *p = whole ? xstrdup(path) : path_join(path, names[0]);

		wb->path = xstrdup(intern_file(m, p));
		free(p);
	}
	if (names) {
		free(names[0]);
		free(names);
	}
	for (k = 0; k < WB_NTABLES; k++)
		wb->sheet[k] = -1;
	ld->wb = wb;
	if ((wb->x = xlsx_open(wb->path, wb->path)) == NULL)
		return false;
	for (i = 0; i < xlsx_sheet_count(wb->x); i++) {
		char *sn = xstrdup(xlsx_sheet_name(wb->x, i));
		const char *t = csv_trim(sn);

		for (k = 0; k < WB_NTABLES; k++) {
			if (strcmp(t, wb_tables[k].cn) != 0 &&
			    strcasecmp(t, wb_tables[k].en) != 0)
				continue;
			if (wb->sheet[k] >= 0) {
				name = sheet_diag_name(m, wb->path,
				    xlsx_sheet_name(wb->x, i));
				diag_msg(D_WB_SHEET_TWICE, name, 1, 1,
				    xlsx_sheet_name(wb->x,
				    (size_t)wb->sheet[k]), xlsx_sheet_name(wb->x, i),
				    wb_tables[k].en);
			} else
				wb->sheet[k] = (long)i;
		}
		free(sn);
	}
	for (k = 0; k < WB_NTABLES; k++)
		if (wb->sheet[k] >= 0)
			break;
	if (k == WB_NTABLES)
		diag_msg(whole ? D_WB_NO_TABLES : D_WB_NO_TABLES_UNUSED,
		    wb->path, 0, 0);
	return true;
}

static void
wb_free(struct workbook *wb)
{
	if (wb == NULL)
		return;
	xlsx_close(wb->x);
	free(wb->path);
	buf_free(&wb->ini);
	free(wb->rows);
	free(wb->section);
	free(wb->emitted);
	free(wb);
}

/* --- the 设置 sheet: rows to kaohe.ini lines --- */

enum { SE_SECTION, SE_KEY, SE_VALUE, SE_N };
static const struct colspec setting_cols[] = {
	{"节", "section", true}, {"项", "key", true}, {"值", "value", true},
};

static void
ini_line(struct workbook *wb, unsigned row, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
ini_line(struct workbook *wb, unsigned row, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&wb->ini, fmt, ap);
	va_end(ap);
	buf_addc(&wb->ini, '\n');
	xgrow(&wb->rows, &wb->caprows, wb->nrows + 2, sizeof *wb->rows);
	if (wb->nrows == 0)
		wb->rows[wb->nrows++] = 0;  /* lines count from 1 */
	wb->rows[wb->nrows++] = row;
}

/* Whether s holds none of the characters in bad nor a line break. */
static bool
plain(const char *s, const char *bad)
{
	return strpbrk(s, bad) == NULL && strpbrk(s, "\r\n") == NULL;
}

static void
setting_row(struct table *t, unsigned line, size_t n, char **f)
{
	struct workbook *wb = t->ld->wb;
	const char *sec, *key, *val;

	if (t->rows == 0) {
		map_header(t, line, n, f);
		return;
	}
	sec = field(t, n, f, SE_SECTION);
	key = field(t, n, f, SE_KEY);
	val = field(t, n, f, SE_VALUE);
	if (*sec) {
		if (!plain(sec, "[];#")) {
			diag_msg(D_SETTINGS_SECTION, t->name, line,
			    colno(t, SE_SECTION), sec);
			return;
		}
		free(wb->section);
		wb->section = xstrdup(sec);
	} else if (wb->section == NULL) {
		/* an empty 节 goes on with the section of the row above */
		diag_msg(D_SETTINGS_NO_SECTION, t->name, line,
		    colno(t, SE_SECTION));
		return;
	}
	if (!*key && *val) {
		diag_msg(D_SETTINGS_NO_KEY, t->name, line, colno(t, SE_KEY));
		return;
	}
	if (*key && (!plain(key, "=:;#") || key[0] == '[')) {
		diag_msg(D_SETTINGS_KEY, t->name, line, colno(t, SE_KEY), key);
		return;
	}
	if (!plain(val, "")) {
		diag_msg(D_SETTINGS_VALUE, t->name, line, colno(t, SE_VALUE));
		return;
	}
	if (wb->emitted == NULL || strcmp(wb->emitted, wb->section) != 0) {
		ini_line(wb, line, "[%s]", wb->section);
		free(wb->emitted);
		wb->emitted = xstrdup(wb->section);
	}
	if (*key)
		ini_line(wb, line, "%s = %s", key, val);
}

/* The settings: kaohe.ini, or the workbook's 设置 sheet (not both). */
static bool
wb_config(struct loader *ld, const char *ini_path, const char *ini_name)
{
	struct model *m = ld->m;
	struct workbook *wb = ld->wb;
	struct table t;
	struct config_cols cols;

	if (wb == NULL || wb->x == NULL ||
	    (wb->sheet[DF_INI] < 0 && !wb->whole))
		return config_load(&m->cfg, ini_path, ini_name);
	/* the workbook's settings are its 设置 sheet's, when it has one */
	set_table_label(m, DF_INI, wb->sheet[DF_INI] < 0 ? wb_tables[DF_INI].cn :
	    xlsx_sheet_name(wb->x, (size_t)wb->sheet[DF_INI]), true);
	if (wb->sheet[DF_INI] < 0)
		return config_load_text(&m->cfg, "", 0, wb->path, NULL, 0,
		    NULL);
	table_init(&t, setting_cols, SE_N, setting_row);
	t.ld = ld;
	if (!wb->whole && file_exists(ini_path)) {
		diag_msg(D_WB_SETTINGS_TWICE, sheet_diag_name(m, wb->path,
		    xlsx_sheet_name(wb->x, (size_t)wb->sheet[DF_INI])), 1, 1,
		    ini_path, xlsx_sheet_name(wb->x, (size_t)wb->sheet[DF_INI]));
		config_load(&m->cfg, ini_path, ini_name);
		return false;
	}
	wb_read_sheet(ld, &t, wb->x, (size_t)wb->sheet[DF_INI], wb->path, false);
	ld->settings_name = t.name;
	/* faults of the rows are counted by diag; the loader checks them */
	cols.section = colno(&t, SE_SECTION);
	cols.key = colno(&t, SE_KEY);
	cols.value = colno(&t, SE_VALUE);
	return config_load_text(&m->cfg, wb->ini.s, wb->ini.len, t.name,
	    wb->rows, wb->nrows, &cols);
}

/* --- end of xlsx input --------------------------------------------------- */

/* Splits the wording into the model's lines: comments ('#' first) and
 * blank lines dropped, spaces (and U+3000) trimmed. */
static void
wording_split(struct model *m, const char *text, const char *name)
{
	const char *s = text, *e, *b;
	size_t cap = 0, len, k;
	unsigned line = 0;

	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	while (*s) {
		e = strchr(s, '\n');
		len = e ? (size_t)(e - s) : strlen(s);
		b = s;
		s += len + (e != NULL);
		line++;
		if (*b == '#')
			continue;
		while (len > 0 && is_trim_space(b, len, &k)) {
			b += k;
			len -= k;
		}
		while (len > 0 && (b[len - 1] == ' ' || b[len - 1] == '\t' ||
		    b[len - 1] == '\r'))
			len--;
		while (len >= 3 && memcmp(b + len - 3, "\xE3\x80\x80", 3) == 0)
			len -= 3;
		if (len == 0)
			continue;
		xgrow(&m->wording, &cap, m->nwording + 1, sizeof *m->wording);
		m->wording[m->nwording].text = xstrndup(b, len);
		m->wording[m->nwording].pos.file = name;
		m->wording[m->nwording].pos.line = line;
		m->nwording++;
	}
}

/* The notice's wording: DIR/notice.txt when the data set has one (an
 * office's own wording, same format as templates/notice.txt, UTF-8),
 * otherwise the built-in templates/notice.txt.  A file that is not UTF-8
 * text is an error at its first bad byte. */
static void
wording_load(struct model *m)
{
	char *path, *data;
	const char *name;
	size_t len, bad;
	unsigned line, col;
	int err;

	path = path_join(m->dir, "notice.txt");
	err = file_read(path, &data, &len);
	if (err == ENOENT) {
		const char *t = template_get("notice.txt", &len);

		m->wording_file = intern_file(m, "templates/notice.txt");
		wording_split(m, t ? t : "", m->wording_file);
		m->wording_ok = true;
		free(path);
		return;
	}
	name = m->wording_file = intern_file(m, path);
	free(path);
	if (err != 0) {
		diag_msg(D_CANNOT_READ, name, 1, 1, file_strerror(err));
		return;
	}
	if ((bad = utf8_prefix(data, len)) < len) {
		text_position(data, bad, &line, &col);
		diag_msg(D_NOTICE_NOT_UTF8, name, line, col);
	} else if (memchr(data, '\0', len) != NULL) {
		bad = (size_t)((char *)memchr(data, '\0', len) - data);
		text_position(data, bad, &line, &col);
		diag_msg(D_NOTICE_NUL, name, line, col);
	} else {
		wording_split(m, data, name);
		m->wording_ok = true;
	}
	free(data);
}

const char *const handbook_text_names[HANDBOOK_NTEXTS] = {
	"01-使用说明.md", "02-支部工作制度.md", "03-支部委员工作职责.md",
	"04-常用文件.md",
};

/* The handbook's text parts (SPEC 11): the data set's handbook/NAME where
 * it exists, else the built-in one.  A file that cannot be read, is not
 * UTF-8 or holds a NUL byte is an error at its position. */
static void
handbook_load(struct model *m)
{
	size_t k, bad;
	unsigned line, col;

	for (k = 0; k < HANDBOOK_NTEXTS; k++) {
		struct handbook_text *h = &m->handbook[k];
		char *sub = xasprintf("handbook/%s", handbook_text_names[k]);
		char *path = path_join(m->dir, sub), *data;
		size_t len, off;
		int err = file_read(path, &data, &len);

		if (err == ENOENT) {
			const char *t = template_get(sub, &len);
			char *name = xasprintf("templates/%s", sub);

			h->file = intern_file(m, name);
			h->text = xstrndup(t ? t : "", t ? len : 0);
			h->len = t ? len : 0;
			free(name);
		} else {
			h->file = intern_file(m, path);
			if (err != 0)
				diag_msg(D_CANNOT_READ, h->file, 1, 1,
				    file_strerror(err));
			else if ((bad = utf8_prefix(data, len)) < len ||
			    (bad = (size_t)((char *)memchr(data, '\0', len + 1) -
			    data)) < len) {
				text_position(data, bad, &line, &col);
				diag_msg(D_HANDBOOK_NOT_UTF8, h->file, line, col);
			} else {
				off = len >= 3 && memcmp(data, "\xEF\xBB\xBF",
				    3) == 0 ? 3 : 0;
				h->text = xstrndup(data + off, len - off);
				h->len = len - off;
			}
			if (err == 0)
				free(data);
		}
		free(path);
		free(sub);
	}
}

struct model *
model_load(const char *dir, const struct load_options *opt)
{
	struct model *m;
	struct loader ld = {0};
	struct table t;
	char *ini_path;
	const char *ini_name;
	size_t tlen, i;
	const char *ttext;
	struct stat st;
	bool whole, setup_only = opt && opt->setup_only;

	/* dir NULL (kaohe template alone): the built-in defaults */
	whole = dir && stat(dir, &st) == 0 && S_ISREG(st.st_mode) &&
	    has_xlsx_ext(dir);
	if (dir && !whole && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
		int err = errno;

		/* a workbook named: say what is wrong with the file */
		if (has_xlsx_ext(dir) && stat(dir, &st) != 0 && err == ENOENT)
			diag_msg(D_WORKBOOK_NOT_FOUND, dir, 0, 0);
		else if (has_xlsx_ext(dir) && stat(dir, &st) != 0)
			diag_msg(D_CANNOT_READ, dir, 0, 0, diag_strerror(err));
		else
			diag_msg(D_NOT_DATASET, dir, 0, 0);
		return NULL;
	}
	m = model_new(dir ? dir : ".");
	ld.m = m;
	if (whole) {
		/* xlsx input: the data set is this workbook; notice.txt and
		 * the like are looked for beside it */
		char *slash = strrchr(m->dir, '/');

		if (slash == NULL)
			strcpy(m->dir, ".");
		else
			slash[slash == m->dir] = '\0';
	}
	if (dir && !wb_open(&ld, dir, whole)) {
		wb_free(ld.wb);
		model_free(m);
		return NULL;
	}
	ini_path = dir ? path_join(dir, "kaohe.ini") : NULL;
	ini_name = ini_path ? intern_file(m, ini_path) : NULL;
	wb_config(&ld, ini_path, ini_name);
	free(ini_path);
	if (opt && opt->period) {
		int p = config_find_period(&m->cfg, opt->period);

		if (p < 0) {
			struct buf names = {0};

			for (i = 0; i < m->cfg.nperiods; i++)
				buf_printf(&names, "%s%s", i ? "、" : "",
				    m->cfg.periods[i].name);
			diag_msg(D_UNKNOWN_PERIOD, NULL, 0, 0, opt->period,
			    model_table_label(m, DF_INI) + (*model_table_label(m,
			    DF_INI) == ' '), names.s ? names.s : "");
			buf_free(&names);
			wb_free(ld.wb);
			model_free(m);
			return NULL;
		}
		m->selected_period = p;
	}
	ld.m = m;
	ld.items_valid = true;
	ld.encoding = opt && opt->encoding ? opt->encoding :
	    (*m->cfg.encoding ? m->cfg.encoding : NULL);
	/* rubric.csv, or the built-in default */
	table_init(&t, rubric_cols, RU_N, rubric_row);
	t.ld = &ld;
	{
		const char *fname = *m->cfg.files[DF_RUBRIC] ?
		    m->cfg.files[DF_RUBRIC] : "rubric.csv";
		char *path = dir ? path_join(dir, fname) : NULL;
		struct stat rs;

		/* Without a rubric.csv the built-in default applies; a file
		 * that [files] names otherwise must be there. */
		if (path && (wb_has_rubric(&ld) || (!(ld.wb && ld.wb->whole) &&
		    (stat(path, &rs) == 0 ||
		    strcmp(fname, "rubric.csv") != 0)))) {
			read_table(&ld, &t, DF_RUBRIC, "rubric.csv", true);
		} else {
			ttext = template_get("rubric.csv", &tlen);
			t.name = intern_file(m, "templates/rubric.csv");
			csv_read_mem(ttext, tlen, t.name, NULL, table_row, &t);
		}
		free(path);
	}
	rubric_finish(&ld);
	ld.rubric_ok = !t.failed;
	if (ld.rubric_ok && ld.items_valid && ld.points_sum != m->cfg.rubric_total) {
		char a[32], b[32];

		if (strcmp(t.name, "templates/rubric.csv") == 0) { /* built in */
			/* the place without the spaces set around it for
			 * running text: it stands in brackets here */
			const char *place = wb_has_rubric_place(&ld);
			char *trimmed;
			size_t n;

			while (*place == ' ')
				place++;
			for (n = strlen(place); n > 0 && place[n - 1] == ' ';)
				n--;
			trimmed = xstrndup(place, n);

			diag_msg(D_RUBRIC_TOTAL_BUILTIN, ld.settings_name ?
			    ld.settings_name : ini_name,
			    m->cfg.rubric_total_line, m->cfg.rubric_total_col,
			    fmt_cents(m->cfg.rubric_total, b), trimmed,
			    fmt_cents(ld.points_sum, a));
			free(trimmed);
		} else
			diag_msg(D_RUBRIC_TOTAL, t.name, t.header_line, 1,
			    fmt_cents(ld.points_sum, a),
			    fmt_cents(m->cfg.rubric_total, b));
	}
	if (ld.rubric_ok && m->nitems == 0)
		ld.rubric_ok = false;

	table_init(&t, branch_cols, BR_N, branch_row);
	if (setup_only) {
		/* kaohe template: the settings, rubric, branches and members
		 * of the data set, none of them required */
		if (dir) {
			read_table(&ld, &t, DF_BRANCHES, "branches.csv", false);
			ld.branches_ok = !t.failed;
			table_init(&t, member_cols, ME_N, member_row);
			m->has_members = read_table(&ld, &t, DF_MEMBERS,
			    "members.csv", false);
		}
		m->usable = ld.rubric_ok;
		goto done;
	}
	read_table(&ld, &t, DF_BRANCHES, "branches.csv", true);
	ld.branches_ok = !t.failed;
	if (ld.branches_ok && m->nbranches == 0)
		diag_msg(D_NO_BRANCHES, t.name, t.header_line, 1);

	ld.capnotes = xcalloc(m->nbranches + 1, sizeof *ld.capnotes);
	m->rows_per_ps = xcalloc(m->cfg.nperiods * m->cfg.nsources + 1,
	    sizeof *m->rows_per_ps);
	table_init(&t, score_cols, SC_N, score_row);
	{
		bool optional = opt && opt->scores_optional;
		size_t errors = diag_count(DIAG_ERROR);

		read_table(&ld, &t, DF_SCORES, "scores.csv", !optional);
		m->has_scores = !optional || m->nscores > 0;
		/* optional, missing or empty: no fault of its own */
		if (optional && diag_count(DIAG_ERROR) == errors &&
		    m->nscores == 0)
			t.failed = false;
	}
	m->usable = !t.failed && ld.rubric_ok && ld.branches_ok;
	free(t.wide_item);

	table_init(&t, veto_cols, VE_N, veto_row);
	read_table(&ld, &t, DF_VETOES, "vetoes.csv", false);
	table_init(&t, record_cols, RE_N, record_row);
	read_table(&ld, &t, DF_RECORDS, "records.csv", false);
	table_init(&t, worker_cols, WO_N, worker_row);
	read_table(&ld, &t, DF_WORKERS, "workers.csv", false);
	table_init(&t, member_cols, ME_N, member_row);
	m->has_members = read_table(&ld, &t, DF_MEMBERS, "members.csv", false);
	wording_load(m);
	handbook_load(m);
done:
	wb_free(ld.wb);
	free(ld.capnotes);
	for (i = 0; i < ld.ngroups; i++)
		free(ld.groups[i].pairs);
	free(ld.groups);
	free(ld.ghash);
	for (i = 0; i < ld.nblocks; i++)
		free(ld.blocks[i]);
	free(ld.blocks);
	strmap_free(&ld.branch_ids);
	strmap_free(&ld.item_ids);
	strmap_free(&ld.rater_ids);
	strmap_free(&ld.branch_names);
	buf_free(&ld.memo_branch.key);
	buf_free(&ld.memo_period.key);
	buf_free(&ld.memo_source.key);
	buf_free(&ld.memo_rater.key);
	return m;
}
