/* format.h: how the outputs write numbers, shares and dates: one module
 * for all of them, so that every output says a figure the same way. */
#ifndef KAOHE_FORMAT_H
#define KAOHE_FORMAT_H

#include "model.h"

/* A figure in cents as a number of points, for the engine's charts. */
double points_value(int64_t cents);

/* A date as "2026年1月15日" into out (at least 32 bytes); "" when absent. */
char *date_format_cn(struct date d, char *out);

#endif
