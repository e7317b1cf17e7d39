/* score.h: SPEC section 4 over a model whose facts are read and checked
 * (check_input() passed). */
#ifndef KAOHE_SCORE_H
#define KAOHE_SCORE_H

struct model;

/* Sets the period weights, every cell's rater mean, the finals, category,
 * item and period scores, levels, ranks, the quota and who is commended:
 * the fields model.h marks "filled by scoring". */
void model_score(struct model *m);

#endif
