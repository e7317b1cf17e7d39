/* punct.c: ASCII punctuation in Chinese text to the forms of GB/T 15834
 * (see punct.h for the rules). */
#include "pdf/punct.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MINUS 0x2212
#define FW_MINUS 0xFF0D

/* One character of the text. */
struct ch {
	uint32_t cp;      /* as it will be written (0xFFFD for a bad byte) */
	size_t off;       /* its bytes in the input */
	uint8_t len;
	bool bad;         /* an invalid byte, copied as it is */
	bool changed;     /* cp differs from the input */
	bool prot;        /* inside an e-mail address or URL */
	bool drop;        /* a space removed */
};

bool
punct_is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x2FDF) ||   /* radicals */
	    (cp >= 0x3001 && cp <= 0x303F) ||       /* CJK symbols, punct. */
	    (cp >= 0x3040 && cp <= 0x30FF) ||       /* kana */
	    (cp >= 0x3100 && cp <= 0x312F) ||       /* bopomofo */
	    (cp >= 0x31C0 && cp <= 0x31FF) ||       /* strokes, kana ext. */
	    (cp >= 0x3400 && cp <= 0x4DBF) ||       /* Extension A */
	    (cp >= 0x4E00 && cp <= 0x9FFF) ||       /* URO */
	    (cp >= 0xF900 && cp <= 0xFAFF) ||       /* compatibility */
	    (cp >= 0xFE30 && cp <= 0xFE4F) ||       /* compatibility forms */
	    (cp >= 0xFF01 && cp <= 0xFF60) ||       /* full-width forms */
	    (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	    (cp >= 0x20000 && cp <= 0x3FFFF);       /* Extensions B- */
}

static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000;
}

static bool
is_quote(uint32_t cp)
{
	return cp == '"' || cp == '\'' || (cp >= 0x2018 && cp <= 0x201D);
}

static bool
is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

static bool
is_latin(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	    (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

static bool
is_alnum(uint32_t cp)
{
	return is_digit(cp) || is_latin(cp);
}

static bool
is_break(uint32_t cp)
{
	return cp == '\n' || cp == '\r';
}

/* The nearest character before (dir < 0) or after i that is not a space
 * or a quote, within the line; 0 at the line's end. */
static uint32_t
near(const struct ch *c, size_t n, size_t i, int dir)
{
	for (;;) {
		if (dir < 0 && i == 0)
			return 0;
		i = dir < 0 ? i - 1 : i + 1;
		if (i >= n || is_break(c[i].cp))
			return 0;
		if (!is_space(c[i].cp) && !is_quote(c[i].cp))
			return c[i].cp;
	}
}

/* Whether characters (a, b) hold a Chinese character. */
static bool
holds_cjk(const struct ch *c, size_t a, size_t b)
{
	size_t i;

	for (i = a + 1; i < b; i++)
		if (punct_is_cjk(c[i].cp))
			return true;
	return false;
}

static void
set(struct ch *c, uint32_t cp)
{
	if (c->cp != cp) {
		c->cp = cp;
		c->changed = true;
	}
}

/* Marks e-mail addresses and URLs: runs of printable ASCII holding "@" or
 * "://" or starting with "www.", less opening marks before and closing
 * punctuation after. */
static void
protect(struct ch *c, size_t n)
{
	size_t i = 0, j, a, b;

	while (i < n) {
		if (c[i].cp <= 0x20 || c[i].cp >= 0x7F) {
			i++;
			continue;
		}
		for (j = i; j < n && c[j].cp > 0x20 && c[j].cp < 0x7F; j++)
			;
		a = i;
		b = j;
		while (a < b && strchr("(\"'<[,;:?!", (int)c[a].cp) != NULL)
			a++;
		while (b > a && strchr(",;:?!)\"'.>]", (int)c[b - 1].cp) !=
		    NULL) {
			/* A closing paren of the URL's own stays. */
			long bal = 0;
			size_t k;

			for (k = a; c[b - 1].cp == ')' && k < b; k++)
				bal += c[k].cp == '(' ? 1 : c[k].cp == ')' ?
				    -1 : 0;
			if (bal >= 0 && c[b - 1].cp == ')')
				break;
			b--;
		}
		if (b > a) {
			bool url = false;
			size_t k;

			for (k = a; k < b && !url; k++)
				url = c[k].cp == '@' || (k + 2 < b &&
				    c[k].cp == ':' && c[k + 1].cp == '/' &&
				    c[k + 2].cp == '/');
			if (!url && b - a > 4) {
				char w[4];

				for (k = 0; k < 4; k++)
					w[k] = (char)(c[a + k].cp | 0x20);
				url = memcmp(w, "www.", 4) == 0;
			}
			for (k = a; url && k < b; k++)
				c[k].prot = true;
		}
		i = j;
	}
}

/* ( ) as pairs within a line. */
static void
parens(struct ch *c, size_t n)
{
	size_t *stack = xmalloc((n + 1) * sizeof *stack), sp = 0, i, o;

	for (i = 0; i < n; i++) {
		uint32_t cp = c[i].cp;

		if (is_break(cp)) {
			sp = 0;
			continue;
		}
		if (c[i].prot)
			continue;
		if (cp == '(' || cp == 0xFF08) {
			stack[sp++] = i;
			continue;
		}
		if (cp != ')' && cp != 0xFF09)
			continue;
		if (sp == 0) {
			/* Unmatched: by its neighbours. */
			if (cp == ')' && (punct_is_cjk(near(c, n, i, -1)) ||
			    punct_is_cjk(near(c, n, i, 1))))
				set(&c[i], 0xFF09);
			continue;
		}
		o = stack[--sp];
		if (c[o].cp == 0xFF08 || cp == 0xFF09 || holds_cjk(c, o, i) ||
		    punct_is_cjk(near(c, n, o, -1)) ||
		    punct_is_cjk(near(c, n, i, 1))) {
			set(&c[o], 0xFF08);
			set(&c[i], 0xFF09);
		}
	}
	/* Unmatched opening parens: by their neighbours. */
	while (sp > 0) {
		o = stack[--sp];
		if (c[o].cp == '(' && (punct_is_cjk(near(c, n, o, -1)) ||
		    punct_is_cjk(near(c, n, o, 1))))
			set(&c[o], 0xFF08);
	}
	free(stack);
}

/* , ; : ? ! next to Chinese. */
static void
marks(struct ch *c, size_t n)
{
	static const char ascii[] = ",;:?!";
	static const uint32_t full[] = {0xFF0C, 0xFF1B, 0xFF1A, 0xFF1F,
	    0xFF01};
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p;

		if (c[i].prot || c[i].cp == 0 || c[i].cp > 0x7F ||
		    (p = strchr(ascii, (int)c[i].cp)) == NULL)
			continue;
		/* 1,000 and 12:30 */
		if ((c[i].cp == ',' || c[i].cp == ':') && i > 0 && i + 1 < n &&
		    is_digit(c[i - 1].cp) && is_digit(c[i + 1].cp))
			continue;
		if (punct_is_cjk(near(c, n, i, -1)) ||
		    punct_is_cjk(near(c, n, i, 1)))
			set(&c[i], full[p - ascii]);
	}
}

/* Straight quotes q, paired by alternation within each line, become
 * open/close when the pair holds or touches Chinese. */
static void
quotes(struct ch *c, size_t n, uint32_t q, uint32_t open, uint32_t close)
{
	size_t i, o = 0;
	bool have = false;

	for (i = 0; i <= n; i++) {
		if (i == n || is_break(c[i].cp)) {
			if (have && (punct_is_cjk(near(c, n, o, 1)) ||
			    punct_is_cjk(near(c, n, o, -1))))
				set(&c[o], open);
			have = false;
			continue;
		}
		if (c[i].cp != q || c[i].prot)
			continue;
		/* An apostrophe: don't, it's. */
		if (q == '\'' && i > 0 && i + 1 < n && is_latin(c[i - 1].cp) &&
		    is_latin(c[i + 1].cp))
			continue;
		if (!have) {
			o = i;
			have = true;
			continue;
		}
		if (holds_cjk(c, o, i) || punct_is_cjk(near(c, n, o, -1)) ||
		    punct_is_cjk(near(c, n, i, 1))) {
			set(&c[o], open);
			set(&c[i], close);
		}
		have = false;
	}
}

/* A hyphen-minus before a number that is not a hyphen. */
static void
minus(struct ch *c, size_t n, uint32_t sign)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		uint32_t prev = i > 0 ? c[i - 1].cp : 0, next = c[i + 1].cp;

		if (c[i].cp != '-' || c[i].prot)
			continue;
		if (!(is_digit(next) || (next == '.' && i + 2 < n &&
		    is_digit(c[i + 2].cp))))
			continue;
		if (is_alnum(prev) || prev == '.' || prev == '-' ||
		    prev == ')' || prev == 0xFF09 || prev == '_' ||
		    prev == '/' || prev == '+' || prev == MINUS)
			continue;
		set(&c[i], sign);
	}
}

/* Whether cp is a full-width mark this file makes. */
static bool
made_mark(const struct ch *c)
{
	return c->changed && c->cp != MINUS && c->cp != FW_MINUS;
}

/* Drops ASCII spaces between a converted mark and Chinese. */
static void
spaces(struct ch *c, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i = j) {
		if (c[i].cp != ' ') {
			j = i + 1;
			continue;
		}
		for (j = i; j < n && c[j].cp == ' '; j++)
			;
		if (i == 0 || j == n)
			continue;
		if ((made_mark(&c[i - 1]) && punct_is_cjk(c[j].cp)) ||
		    (made_mark(&c[j]) && punct_is_cjk(c[i - 1].cp))) {
			size_t k;

			for (k = i; k < j; k++)
				c[k].drop = true;
		}
	}
}

/* Whether s has a byte that a rule could change. */
static bool
candidate(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		switch (s[i]) {
		case ',': case ';': case ':': case '?': case '!': case '(':
		case ')': case '"': case '\'': case '-':
			return true;
		default:
			break;
		}
	for (i = 0; i + 2 < len; i++)  /* （ ） beside an ASCII paren */
		if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] ==
		    0xBC && ((unsigned char)s[i + 2] == 0x88 ||
		    (unsigned char)s[i + 2] == 0x89))
			return memchr(s, '(', len) || memchr(s, ')', len);
	return false;
}

char *
punct_normalize(const char *s, size_t len, punct_has_fn has, void *ctx,
    size_t *outlen)
{
	struct ch *c;
	struct buf b = {0};
	size_t n = 0, i, k;
	bool any = false;
	uint32_t sign = MINUS;

	if (s == NULL || !candidate(s, len))
		return NULL;
	c = xcalloc(len + 1, sizeof *c);
	for (i = 0; i < len; i += k, n++) {
		uint32_t cp;

		c[n].off = i;
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0) {
			k = 1;
			cp = 0xFFFD;
			c[n].bad = true;
		}
		c[n].cp = cp;
		c[n].len = (uint8_t)k;
	}
	if (has != NULL && !has(MINUS, ctx))
		sign = has(FW_MINUS, ctx) ? FW_MINUS : '-';
	protect(c, n);
	parens(c, n);
	marks(c, n);
	quotes(c, n, '"', 0x201C, 0x201D);
	quotes(c, n, '\'', 0x2018, 0x2019);
	minus(c, n, sign);
	spaces(c, n);
	for (i = 0; i < n && !any; i++)
		any = c[i].changed || c[i].drop;
	if (!any) {
		free(c);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		char u[8];

		if (c[i].drop)
			continue;
		if (c[i].changed)
			buf_add(&b, u, utf8_encode(c[i].cp, u));
		else
			buf_add(&b, s + c[i].off, c[i].len);
	}
	free(c);
	if (b.s == NULL)
		buf_add(&b, "", 0);
	*outlen = b.len;
	return buf_take(&b);
}
