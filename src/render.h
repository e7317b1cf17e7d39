/* render.h: the outputs kaohe makes from a scored model, one entry point
 * each.  This is the whole contract between the driver (main.c) and the
 * back ends; each back end only reads the model. */
#ifndef KAOHE_RENDER_H
#define KAOHE_RENDER_H

#include <stdbool.h>

#include "model.h"
#include "util.h"

/* rank --format csv (SPEC section 5), appended to out; with bom, a UTF-8
 * byte-order mark first (results.csv, for Excel). */
void rank_csv(const struct model *m, struct buf *out, bool bom);
/* rank --format json: the same facts plus categories, vetoes with details,
 * levels, shared ranks and the quota; stable key order. */
void rank_json(const struct model *m, struct buf *out);
/* rank --format text: a table for a terminal, columns aligned for Chinese
 * (wide characters count two columns), with a footer of the rules used. */
void rank_text(const struct model *m, struct buf *out);

#endif
