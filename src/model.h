/* model.h: the one model of a data set: its facts, set by ingestion
 * (src/ingest/), the scores of SPEC section 4, set by score.c, and every
 * other figure an output prints, set by derive.c; read by the checks
 * (check.c) and every output (src/out/).
 *
 * Outputs take `const struct model *` and never do arithmetic on scores:
 * every figure they print is a field here.  Scores are integers in
 * hundredths of a point ("cents"): 95.50 points is 9550.  Percentages are
 * whole percent unless a field says otherwise.  Everything is owned by the
 * model and freed by model_free(). */
#ifndef KAOHE_MODEL_H
#define KAOHE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"     /* struct srcpos */
#include "fontrole.h" /* enum font_role */

/* A calendar date; all zero when absent. */
struct date {
	int year, month, day;
};

struct named_weight {
	char *name;
	int weight; /* whole percent */
	unsigned line; /* line in the kaohe.ini that set it */
};

struct level {
	char *name;
	int64_t min; /* cents */
};

struct record_min {
	char *type;
	int min; /* per year */
};

/* Settings of kaohe.ini (SPEC section 3), defaults merged in. */
struct config {
	char *organization, *title, *doc_number;
	int year;
	struct date date;                 /* 成文日期 */
	struct named_weight *sources;     /* [weights], in file order */
	size_t nsources;
	struct named_weight *periods;     /* [periods], in file order */
	size_t nperiods;
	struct level *levels;             /* highest first; the last is the lowest */
	size_t nlevels;
	int64_t advanced_quota;           /* percent × 100; 0 = no limit */
	char **veto_reasons;              /* empty: any text */
	size_t nveto_reasons;
	struct record_min *record_mins;   /* [records], in file order */
	size_t nrecord_mins;
	int term_years;
	int64_t rubric_total;             /* cents */
	unsigned rubric_total_line;       /* its line in the data set's kaohe.ini; 0 = the template's */
	unsigned rubric_total_col;        /* and its column (a 设置 sheet's 值) */
	char *fonts[FONT_NROLES];         /* NULL or "" = default */
	char *encoding;                   /* NULL or "" = detect */
	char *files[8];                   /* indexed by enum dataset_file */
	bool letterhead;                  /* [notice] letterhead: print the 版头 */
	char *cc;                         /* [notice] cc: 抄送, "" = none */
	char *printed_by;                 /* [notice] printed_by (default: organization) */
	struct date printed_on;           /* [notice] printed_on (default: date) */
	int handbook_forms;               /* [handbook] forms; -1 = the yearly minimum */
};

enum dataset_file {
	DF_INI, DF_RUBRIC, DF_BRANCHES, DF_SCORES, DF_VETOES, DF_RECORDS,
	DF_WORKERS, DF_MEMBERS
};

struct category {
	char *name;
	int64_t points;     /* cents: sum of its items' points */
	size_t first, n;    /* its items are items[first .. first+n-1] */
};

struct item {
	char *id, *category, *title, *criteria; /* criteria may be "" */
	int64_t points;  /* cents */
	size_t cat;      /* index into categories */
	struct srcpos pos;
};

/* The score of one (period, source, item) of a branch. */
struct cell {
	int64_t mean;    /* cents, mean over raters rounded half up */
	unsigned n;      /* number of raters; 0 = no score */
};

/* One score of scores.csv as read: one rater's score or deduction of one
 * item of a branch, period and source.  Scoring turns them into cells. */
struct score_value {
	uint32_t branch, period, source, item;
	int64_t value;   /* cents as written */
	bool deduction;  /* 扣分: the item's points less value, not below 0 */
};

/* A line of the notice's wording (notice.txt or the built-in one): comment
 * and blank lines dropped, spaces trimmed, {placeholders} not filled. */
struct wording_line {
	char *text;
	struct srcpos pos;
};

/* A note (说明) given with a score. */
struct note {
	size_t item, period, source;
	char *rater;     /* "" when none */
	char *text;
};

struct veto {
	size_t branch;
	char *reason, *detail, *reference; /* detail, reference may be "" */
	struct date date;
	struct srcpos pos;
};

struct record {
	size_t branch;
	struct date date;
	char *type, *topic;
	int expected, present; /* -1 when not given */
	struct srcpos pos;
};

struct worker {
	char *name, *role, *deeds;
	size_t branch;
	bool commended;
	const char *left_out_reason; /* when !commended: static text */
	struct srcpos pos;
};

/* --- members.csv, the roll of Party members (SPEC section 11) --- */
/* 党内职务 in the order rolls list them; MEMBER_ROLE_NONE sorts last. */
enum member_role {
	MEMBER_SECRETARY, MEMBER_DEPUTY, MEMBER_ORGANIZATION,
	MEMBER_PROPAGANDA, MEMBER_DISCIPLINE, MEMBER_YOUTH,
	MEMBER_UNITED_FRONT, MEMBER_GROUP_LEADER, MEMBER_ROLE_NONE
};
/* The names of enum member_role (MEMBER_ROLE_NONE: ""). */
extern const char *const member_role_names[MEMBER_ROLE_NONE + 1];
/* The record types of records.csv (SPEC section 2), NULL-terminated. */
extern const char *const record_type_names[];

struct member {
	char *name, *sex, *ethnicity, *education, *group; /* "" if not given */
	size_t branch;
	struct date born, joined, confirmed; /* confirmed zero: 预备党员 */
	enum member_role role;
	struct srcpos pos;
};

/* The handbook's text parts (SPEC 11) as read: a data set's handbook/NAME,
 * else the built-in templates/handbook/NAME. */
#define HANDBOOK_NTEXTS 4
extern const char *const handbook_text_names[HANDBOOK_NTEXTS];
struct handbook_text {
	const char *file;  /* as shown in messages (the model's file list) */
	char *text;        /* UTF-8 CommonMark, NUL-terminated; NULL when it
	                      could not be read (an error was reported) */
	size_t len;        /* bytes, a UTF-8 byte-order mark left out */
};
/* The statistics of a branch's roll (SPEC 11), by derive.c: per dimension
 * its bands in the order printed.  Without members.csv the bands are those
 * of a blank form (counts 0, printed as blanks to fill in). */
struct roll_band {
	const char *name;  /* static, or a member's education (the model's) */
	size_t n;
	int permille;      /* n / total × 1000, rounded; -1 if total is 0 */
};
enum roll_dim { ROLL_KIND, ROLL_SEX, ROLL_AGE, ROLL_EDU, ROLL_TENURE,
	ROLL_NDIMS };
struct roll_stats {
	size_t total;                        /* the branch's members */
	struct roll_band *band[ROLL_NDIMS];
	size_t nband[ROLL_NDIMS];
};
/* --- end of members.csv and the handbook --- */

/* Per branch and [records] type. */
struct record_count {
	int count;
	int min;
	bool short_of_min;
};

struct branch {
	char *id, *name, *parent, *secretary; /* parent, secretary may be "" */
	int members;        /* -1 when not given */
	struct date elected;
	struct srcpos pos;

	/* --- filled by scoring (score.c) --- */
	/* cells[(p * nsources + s) * nitems + i] for every period p, source s,
	 * item i of the config and rubric: rater means (SPEC 4.1). */
	struct cell *cells;
	struct note *notes; /* in file order */
	size_t nnotes;
	int64_t final;      /* cents, rounded half up */
	int64_t *cat_score; /* cents, per category, rounded once */
	int64_t *item_score;/* cents, per item, combined, rounded once */
	int64_t *item_lost; /* cents, per item: points - item_score */
	/* per period, weighted or not: the branch's score in that period
	 * alone, weighted over sources, rounded; and per category.  -1 where
	 * the branch lacks an item of a weighted source in that period. */
	int64_t *period_final;   /* [nperiods] */
	int64_t *period_cat;     /* [nperiods * ncategories] */
	size_t level;            /* index into config.levels */
	bool vetoed;
	size_t *vetoes;          /* indexes into model.vetoes, file order */
	size_t nvetoes;
	char *veto_reasons;      /* distinct reasons joined by ';' ("" if none) */
	int rank;                /* 1-based; 0 for vetoed branches */
	bool rank_shared;        /* 并列 */
	bool lost_top_by_quota;  /* met the top minimum but the quota cut it */

	/* --- filled by derive.c --- */
	size_t top_lost[3];      /* items losing most points, most first */
	size_t ntop_lost;        /* 0..3: only items that lost > 0 */
	int64_t gap_to_top;      /* cents to the top level's minimum; 0 if met */
	unsigned *raters;        /* [nperiods * nsources]: the raters of every
	                            item when all items have the same number,
	                            else 0 */
	int64_t *cat_source;     /* [(p * nsources + s) * ncategories + c]:
	                            cents, the sum of the item means of
	                            category c in period p and source s (SPEC
	                            4.2, exact); -1 when an item has no score */
	struct record_count *records; /* [config.nrecord_mins] */
	int nrecords;            /* records of any type */
	int attendance_permille; /* sum present / sum expected × 1000, rounded;
	                            -1 when no record has both */
	bool election_due;       /* elected + term_years < config.date */
	struct date election_next; /* elected + term_years (29 February: 28);
	                              zero when elected is */
	struct roll_stats roll;  /* the handbook's statistics of the roll */
};

/* A band of final scores for the report's distribution chart. */
struct score_band {
	int64_t lo;               /* cents, included */
	int64_t hi;               /* cents, included; -1 for the top band
	                             ("lo and above") */
	size_t count;             /* ranked branches whose final is in it */
	size_t level;             /* the level the whole band lies in */
};

struct stats {
	size_t n;                 /* branches */
	int64_t mean, median, min, max, stddev; /* cents (population stddev) */
	size_t *level_count;      /* [nlevels], vetoed ones in the lowest */
	size_t vetoed;
	int64_t *cat_mean;        /* [ncategories], cents */
	int64_t *item_mean;       /* [nitems], cents */
	/* the distribution of the ranked branches' finals (vetoed ones are
	 * counted in `vetoed` only): band edges at round numbers of points
	 * (1, 2, 5, 10, 20 or 50 wide, the narrowest giving at most 16 bands
	 * over their range) and at every level's minimum, so that each band
	 * lies within one level's score range; highest first; none when no
	 * branch is ranked */
	struct score_band *bands;
	size_t nbands;
	/* the axis of the chart of finals: from axis_base (a multiple of 10
	 * points at least 5 below the lowest final, or 0) to the rubric's
	 * total, a tick every axis_step; the top level's minimum is marked
	 * when it lies on the axis (axis_marks_top) */
	int64_t axis_base, axis_step;
	bool axis_marks_top;
};

/* The branches of one 上级党组织 (parent), for the report's ranking by
 * group, and the group's subtotal. */
struct group {
	const char *name;         /* the parent (a branch's string; "" none) */
	size_t *members;          /* branch indexes in ranking order */
	size_t n;
	size_t *level_count;      /* [nlevels] */
	size_t vetoed;
	const struct branch *best, *worst; /* ranked members with the highest
	                                      and lowest finals; NULL if none */
};

struct model {
	struct config cfg;
	char *dir;                 /* the data set directory */
	char **filenames;          /* every file name used in a srcpos */
	size_t nfilenames;
	/* Where the known columns of each data file are, by their Chinese
	 * name (1-based; see model_column()), for messages about one field. */
	struct column_at {
		const char *name;  /* static */
		unsigned col;      /* 0: the file lacks it */
	} *columns[8];             /* indexed by enum dataset_file */
	size_t ncolumns[8];
	/* How messages name each table (enum dataset_file; DF_INI the
	 * settings) where the user has it, spaced for the Chinese around it:
	 * " scores.csv ", " scores.xlsx ", "工作表“评分”"; NULL before it is
	 * read (model_table_label() gives the CSV name then). */
	char *table_label[8];

	struct category *categories;
	size_t ncategories;
	struct item *items;
	size_t nitems;
	struct branch *branches;   /* in branches.csv order */
	size_t nbranches;
	struct veto *vetoes;
	size_t nvetoes;
	struct record *records;
	size_t nrecords;
	struct worker *workers;
	size_t nworkers;
	struct member *members;    /* members.csv in file order (SPEC 11) */
	size_t nmembers;
	bool has_members;          /* members.csv was given */
	bool has_scores;           /* scores.csv gave scores, or they are
	                              required (then their lack is an error);
	                              false: no scoring, no assessment */
	struct handbook_text handbook[HANDBOOK_NTEXTS]; /* SPEC 11 */
	size_t score_rows;         /* score values read */
	size_t *rows_per_ps;       /* [nperiods * nsources]: values read */
	struct score_value *scores;/* [nscores], in file order */
	size_t nscores;
	int selected_period;       /* index of --period, or -1 */
	struct wording_line *wording; /* the notice's wording */
	size_t nwording;
	const char *wording_file;  /* where it came from, for messages */
	bool wording_ok;           /* read without errors */
	bool usable;               /* the facts can be checked and scored: the
	                              settings, rubric, branches and scores
	                              were read without errors */

	/* --- filled by scoring (score.c) --- */
	/* period weights in force: config weights, or 100 for --period's one */
	int *period_weight;        /* [nperiods] */
	size_t *order;             /* branch indexes in ranking order (SPEC 4.7) */
	size_t nranked;            /* branches with a rank (not vetoed) */
	size_t quota_cap;          /* floor(quota × n); meaningful if quota set */
	size_t quota_top;          /* branches at the top level */
	bool quota_exceeded;       /* ties at the cut kept more than quota_cap */

	/* --- filled by derive.c --- */
	struct stats stats;
	struct group *groups;      /* by parent, in the order of each group's
	                              best-ranked branch */
	size_t ngroups;
	size_t nadvanced;          /* branches at the top level (先进) */
	size_t nbelow_top;         /* branches below the top level */
	size_t nlost_top_by_quota; /* branches the quota cut from the top */
	size_t nshort_of_records;  /* branches short of a [records] minimum */
	size_t nelection_due;      /* branches whose election is due */
	size_t ncommended;         /* workers commended */
	size_t nleft_out;          /* workers not commended */
};

/* A new empty model of the data set in dir (the ingest fills it). */
struct model *model_new(const char *dir);
/* Frees the model and everything it owns; accepts NULL. */
void model_free(struct model *m);

/* How messages name table `which` (see table_label). */
const char *model_table_label(const struct model *m, enum dataset_file which);
/* Index of the period/source/item/branch of that name, or -1. */
int model_find_branch(const struct model *m, const char *id);
/* The column (1-based) of the column called name (its Chinese name, as
 * SPEC section 2 gives it) in data file f, or 0 when unknown. */
unsigned model_column(const struct model *m, enum dataset_file f,
    const char *name);
/* The cell of branch b for period p, source s, item i. */
const struct cell *model_cell(const struct model *m, const struct branch *b,
    size_t p, size_t s, size_t i);
/* Whether period p and source s carry weight in this run. */
bool model_period_used(const struct model *m, size_t p);
bool model_source_used(const struct model *m, size_t s);
/* The lowest level (不合格 by default). */
size_t model_lowest_level(const struct model *m);

#endif
