/* check.h: every check that can fail before anything is written. */
#ifndef KAOHE_CHECK_H
#define KAOHE_CHECK_H

#include <stdbool.h>

struct model;
struct pdf_fonts;

/* Before scoring: the facts are complete (every branch has every item of
 * each weighted period and source).  Returns whether the model can be
 * scored: it was read without errors and is complete. */
bool check_input(const struct model *m);

/* After scoring and deriving, before writing: nominees left out, the
 * notice's wording, and glyph coverage: every character of every text the
 * outputs print, for every font role, so that a character no font has is
 * a warning now (and --strict fails before anything is written).  fonts
 * may be NULL (no coverage check). */
void check_output(const struct model *m, const struct pdf_fonts *fonts);

#endif
