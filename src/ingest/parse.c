/* parse.c: the value syntaxes of kaohe's inputs (SPEC sections 2 and 7). */
#include "ingest/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void
parse_ascii_digits(const char *s, char *out)
{
	while (*s) {
		const unsigned char *u = (const unsigned char *)s;

		/* U+FF10..U+FF19 are EF BC 90..99; U+FF0E is EF BC 8E */
		if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
			*out++ = (char)('0' + (u[2] - 0x90));
			s += 3;
		} else if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8E) {
			*out++ = '.';
			s += 3;
		} else
			*out++ = *s++;
	}
	*out = '\0';
}

/* A value with full-width digits made ASCII: in the caller's small buffer
 * when it fits (the common case: no allocation per value), else on the
 * heap.  Release with ascii_free(). */
static char *
ascii_copy(const char *s, char *small, size_t cap)
{
	size_t n = strlen(s) + 1;
	char *t = n <= cap ? small : xmalloc(n);

	parse_ascii_digits(s, t);
	return t;
}

static void
ascii_free(char *t, const char *small)
{
	if (t != small)
		free(t);
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
parse_number(const char *s, int64_t *cents)
{
	char small[64], *t = ascii_copy(s, small, sizeof small), *p = t;
	int64_t whole = 0, frac = 0;
	int nd = 0, nf = 0;
	bool ok = false;

	while (is_digit(*p) && nd < 14) {
		whole = whole * 10 + (*p++ - '0');
		nd++;
	}
	if (nd == 0 || nd > 13)
		goto out;
	if (*p == '.') {
		p++;
		while (is_digit(*p) && nf < 3) {
			frac = frac * 10 + (*p++ - '0');
			nf++;
		}
		if (nf == 0 || nf > 2)
			goto out;
		if (nf == 1)
			frac *= 10;
	}
	if (*p != '\0')
		goto out;
	*cents = whole * 100 + frac;
	ok = true;
out:
	ascii_free(t, small);
	return ok;
}

bool
parse_whole(const char *s, int *value)
{
	char small[64], *t = ascii_copy(s, small, sizeof small), *p = t;
	long v = 0;
	int nd = 0;
	bool ok;

	while (is_digit(*p) && nd < 10) {
		v = v * 10 + (*p++ - '0');
		nd++;
	}
	ok = nd > 0 && nd <= 9 && *p == '\0';
	if (ok)
		*value = (int)v;
	ascii_free(t, small);
	return ok;
}

bool
date_valid(struct date d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int n;

	if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1)
		return false;
	n = mdays[d.month - 1];
	if (d.month == 2 && ((d.year % 4 == 0 && d.year % 100 != 0) ||
	    d.year % 400 == 0))
		n = 29;
	return d.day <= n;
}

long
date_days(struct date d)
{
	long y = d.year, m = d.month;

	if (m <= 2) {
		y--;
		m += 12;
	}
	return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 +
	    d.day - 1;
}

/* Reads 1..max digits at *p into *v. */
static bool
digits(const char **p, int min, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (is_digit(**p) && n < max) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= min && !is_digit(**p);
}

bool
parse_date(const char *s, struct date *d)
{
	char small[64], *t = ascii_copy(s, small, sizeof small);
	const char *p = t;
	struct date r;
	bool ok = false;

	if (!digits(&p, 4, 4, &r.year))
		goto out;
	if (strncmp(p, "年", strlen("年")) == 0) {
		p += strlen("年");
		if (!digits(&p, 1, 2, &r.month) ||
		    strncmp(p, "月", strlen("月")) != 0)
			goto out;
		p += strlen("月");
		if (!digits(&p, 1, 2, &r.day) ||
		    strcmp(p, "日") != 0)
			goto out;
	} else {
		char sep = *p;

		if (sep != '-' && sep != '/' && sep != '.')
			goto out;
		p++;
		if (!digits(&p, 1, 2, &r.month) || *p != sep)
			goto out;
		p++;
		if (!digits(&p, 1, 2, &r.day) || *p != '\0')
			goto out;
	}
	if (!date_valid(r))
		goto out;
	*d = r;
	ok = true;
out:
	ascii_free(t, small);
	return ok;
}
