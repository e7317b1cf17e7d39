/* config.h: kaohe.ini (SPEC sections 3 and 7). */
#ifndef KAOHE_CONFIG_H
#define KAOHE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* Fills cfg from the built-in templates/kaohe.ini, then from the data set's
 * file at path (shown as `name` in diagnostics) when it exists, key by key,
 * except [weights], [periods] and [records], which the data set's file
 * replaces whole.  Faults go to diag(); returns false when there were
 * errors.  cfg is complete either way and freed with config_free(). */
bool config_load(struct config *cfg, const char *path, const char *name);
/* The same with the data set's settings given as INI text in memory (len
 * bytes of UTF-8), e.g. a workbook's 设置 sheet written out as lines, shown
 * as `name` in diagnostics.  line_map, when not NULL, holds nlines numbers:
 * a fault on line i of text is reported at line line_map[i - 1] (a sheet's
 * row); lines past nlines keep their own number. */
bool config_load_mem(struct config *cfg, const char *text, size_t len,
    const char *name, const unsigned *line_map, size_t nlines);
void config_free(struct config *cfg);

/* Index of a source or period of that name (or, for the default names, its
 * English alias self/peer/review, half/year, any case), or -1. */
int config_find_source(const struct config *cfg, const char *name);
int config_find_period(const struct config *cfg, const char *name);

/* Whether type is one of the record types of records.csv (SPEC 2). */
bool config_record_type(const char *type);

#endif
