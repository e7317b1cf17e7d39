/* format.c: numbers, shares and dates as the outputs print them. */
#include "out/format.h"

#include <stdio.h>

char *
date_format_cn(struct date d, char *out)
{
	if (d.year == 0)
		out[0] = '\0';
	else
		snprintf(out, 32, "%d年%d月%d日", d.year, d.month, d.day);
	return out;
}


double
points_value(int64_t cents)
{
	return (double)cents / 100.0;
}
