/* format.c: numbers, shares and dates as the outputs print them. */
#include "out/format.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

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

/* The numeral of 1..9999 (a group of four digits) appended to out: "零"
 * for each run of zeros between digits, none at the end; with lead, a
 * leading 一十 is said 十 (十一, not 一十一). */
static void
cn_group(unsigned n, bool lead, char *out)
{
	static const char *const d[] = {"〇", "一", "二", "三", "四", "五",
	    "六", "七", "八", "九"};
	static const char *const unit[] = {"千", "百", "十", ""};
	static const unsigned pow10[] = {1000, 100, 10, 1};
	bool started = false, zero = false;
	size_t i;

	for (i = 0; i < 4; i++) {
		unsigned digit = n / pow10[i] % 10;

		if (digit == 0) {
			zero = started;
			continue;
		}
		if (zero)
			strcat(out, "零");
		zero = false;
		if (!(lead && !started && i == 2 && digit == 1))
			strcat(out, d[digit]);
		strcat(out, unit[i]);
		started = true;
	}
}

char *
cn_number(unsigned n, char out[CN_NUMBER_SIZE])
{
	unsigned high = n / 10000, low = n % 10000;

	out[0] = '\0';
	if (n == 0) {
		strcpy(out, "〇");
	} else if (n >= 100000000) {
		snprintf(out, CN_NUMBER_SIZE, "%u", n);
	} else if (high > 0) {
		cn_group(high, true, out);
		strcat(out, "万");
		if (low > 0 && low < 1000)
			strcat(out, "零");
		if (low > 0)
			cn_group(low, false, out);
	} else {
		cn_group(low, true, out);
	}
	return out;
}

char *
fmt_trim(int64_t cents, char out[32])
{
	size_t n;

	fmt_cents(cents, out);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
	return out;
}

char *
fmt_share(size_t k, size_t n, char out[32])
{
	unsigned long long pm;

	if (n == 0) {
		snprintf(out, 32, "—");
		return out;
	}
	pm = ((unsigned long long)k * 2000 + n) / (2 * (unsigned long long)n);
	snprintf(out, 32, "%llu.%llu%%", pm / 10, pm % 10);
	return out;
}

char *
fmt_permille(int pm, char out[32])
{
	if (pm < 0)
		snprintf(out, 32, "—");
	else
		snprintf(out, 32, "%d.%d%%", pm / 10, pm % 10);
	return out;
}
