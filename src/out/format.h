/* format.h: how the outputs write numbers, shares and dates: one module
 * for all of them, so that every output says a figure the same way. */
#ifndef KAOHE_FORMAT_H
#define KAOHE_FORMAT_H

#include "model.h"

#define CN_NUMBER_SIZE 64

/* A Chinese numeral (中文数字) into out (CN_NUMBER_SIZE bytes): "〇", "一",
 * "十一", "二十", "一百零五", "一千零一十", "一万二千"; from 10^8 on, Arabic
 * digits.  Returns out. */
char *cn_number(unsigned n, char out[CN_NUMBER_SIZE]);
/* A figure in hundredths without trailing zeros ("30", "12.5", "2.25"):
 * points of the rubric and settings, not scores (fmt_cents()). */
char *fmt_trim(int64_t cents, char out[32]);
/* The share k of n as a percentage with one decimal ("33.3%"), from the
 * counts in integers (permille rounded half up); "—" when n is 0. */
char *fmt_share(size_t k, size_t n, char out[32]);
/* A permille figure as a percentage ("93.5%"); "—" when negative. */
char *fmt_permille(int pm, char out[32]);
/* A figure in cents as a number of points, for the engine's charts. */
double points_value(int64_t cents);

/* A date as "2026年1月15日" into out (at least 32 bytes); "" when absent. */
char *date_format_cn(struct date d, char *out);

#endif
