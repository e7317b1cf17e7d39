/* parse.h: the value syntaxes of kaohe's inputs (SPEC sections 2 and 7). */
#ifndef KAOHE_PARSE_H
#define KAOHE_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* Copies s to out (at least strlen(s) + 1 bytes) with full-width digits
 * ０-９ and the full-width point ． made ASCII. */
void parse_ascii_digits(const char *s, char *out);
/* A decimal with at most two decimals, [0-9]+(\.[0-9]{1,2})? after
 * full-width digits become ASCII; stores hundredths.  At most 13 digits
 * before the point. */
bool parse_number(const char *s, int64_t *cents);
/* A whole number: digits only (full-width allowed), at most 9 of them. */
bool parse_whole(const char *s, int *value);
/* 2025-03-07, 2025/3/7, 2025.3.7 or 2025年3月7日; the date must exist. */
bool parse_date(const char *s, struct date *d);
/* Whether the date exists in the Gregorian calendar. */
bool date_valid(struct date d);
/* Days since 0000-03-01, for comparing and subtracting dates. */
long date_days(struct date d);

#endif
