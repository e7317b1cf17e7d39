/* config.h: kaohe.ini (SPEC sections 3 and 7). */
#ifndef KAOHE_CONFIG_H
#define KAOHE_CONFIG_H

#include <stdbool.h>

#include "model.h"

/* Fills cfg from the built-in templates/kaohe.ini, then from the data set's
 * file at path (shown as `name` in diagnostics) when it exists, key by key,
 * except [weights], [periods] and [records], which the data set's file
 * replaces whole.  Faults go to diag(); returns false when there were
 * errors.  cfg is complete either way and freed with config_free().  With
 * path NULL, the built-in defaults alone. */
bool config_load(struct config *cfg, const char *path, const char *name);
/* The columns (1-based) of a 设置 sheet's 节, 项 and 值. */
struct config_cols {
	unsigned section, key, value;
};
/* xlsx input: the same with the data set's settings given as INI text in
 * memory (len bytes of UTF-8; a workbook's 设置 sheet, one line per row),
 * shown as `name` in diagnostics; line k of the text stands for row
 * rows[k] of the sheet (rows[0] unused; lines from nrows on keep their
 * number), so that messages point at the sheet's rows, and a message
 * about a setting's section, key or value at its cell in the columns cols
 * gives (NULL: column 1). */
bool config_load_text(struct config *cfg, const char *text, size_t len,
    const char *name, const unsigned *rows, size_t nrows,
    const struct config_cols *cols);
void config_free(struct config *cfg);

/* Index of a source or period of that name (or, for the default names, its
 * English alias self/peer/review, half/year, any case), or -1. */
int config_find_source(const struct config *cfg, const char *name);
int config_find_period(const struct config *cfg, const char *name);

/* Whether type is one of the record types of records.csv (SPEC 2). */
bool config_record_type(const char *type);

#endif
