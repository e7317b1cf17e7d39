/* derive.h: every figure an output prints that SPEC section 4 does not
 * define: statistics, shares, bands, subtotals and counts, computed once
 * from a scored model so that outputs only print. */
#ifndef KAOHE_DERIVE_H
#define KAOHE_DERIVE_H

struct model;

/* Fills the fields model.h marks "filled by derive.c".  After
 * model_score(). */
void derive(struct model *m);

#endif
