/* pdf_cff.c: reads a CFF font program's Top DICT, strings and charset
 * (Adobe Technical Note #5176), to draw its glyphs by CID. */
#include "pdf/pdf_cff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A CFF INDEX at *p: its count and the offsets of its items' data. */
struct cff_index {
	size_t count;
	size_t data;            /* offset of item 0's data, minus one */
	size_t offsize;
	size_t offs;            /* offset of the offset array */
	size_t end;             /* first byte after the INDEX */
};

static size_t
get_off(const unsigned char *d, size_t sz)
{
	size_t v = 0, i;

	for (i = 0; i < sz; i++)
		v = v << 8 | d[i];
	return v;
}

static int
index_read(const unsigned char *d, size_t len, size_t at,
    struct cff_index *ix)
{
	memset(ix, 0, sizeof *ix);
	if (at + 2 > len)
		return -1;
	ix->count = (size_t)d[at] << 8 | d[at + 1];
	if (ix->count == 0) {
		ix->end = at + 2;
		return 0;
	}
	if (at + 3 > len)
		return -1;
	ix->offsize = d[at + 2];
	ix->offs = at + 3;
	if (ix->offsize < 1 || ix->offsize > 4 ||
	    ix->offs + (ix->count + 1) * ix->offsize > len)
		return -1;
	ix->data = ix->offs + (ix->count + 1) * ix->offsize - 1;
	ix->end = ix->data + get_off(d + ix->offs + ix->count * ix->offsize,
	    ix->offsize);
	return ix->end <= len ? 0 : -1;
}

/* Item i of an INDEX: its start and end offsets. */
static int
index_item(const unsigned char *d, const struct cff_index *ix, size_t i,
    size_t *start, size_t *end)
{
	if (i >= ix->count)
		return -1;
	*start = ix->data + get_off(d + ix->offs + i * ix->offsize,
	    ix->offsize);
	*end = ix->data + get_off(d + ix->offs + (i + 1) * ix->offsize,
	    ix->offsize);
	return *start <= *end && *end <= ix->end ? 0 : -1;
}

/* The Top DICT operators kaohe reads, with their integer operands. */
struct top_dict {
	long charset, charstrings;
	long ros[3];
	int has_ros;
};

static int
dict_read(const unsigned char *d, size_t start, size_t end,
    struct top_dict *td)
{
	long st[48];
	size_t n = 0, i = start;

	while (i < end) {
		unsigned b = d[i];

		if (b <= 21) {
			unsigned op = b;

			if (b == 12) {
				if (i + 1 >= end)
					return -1;
				op = 1200 + d[i + 1];
				i++;
			}
			i++;
			if (op == 15 && n >= 1)
				td->charset = st[n - 1];
			else if (op == 17 && n >= 1)
				td->charstrings = st[n - 1];
			else if (op == 1230 && n >= 3) {
				td->has_ros = 1;
				memcpy(td->ros, st + n - 3, sizeof td->ros);
			}
			n = 0;
			continue;
		}
		if (n == sizeof st / sizeof *st)
			return -1;
		if (b == 28 && i + 2 < end) {
			st[n++] = (int16_t)(d[i + 1] << 8 | d[i + 2]);
			i += 3;
		} else if (b == 29 && i + 4 < end) {
			st[n++] = (int32_t)((uint32_t)d[i + 1] << 24 |
			    (uint32_t)d[i + 2] << 16 | (uint32_t)d[i + 3] << 8 |
			    d[i + 4]);
			i += 5;
		} else if (b == 30) {
			/* A real: skip its nibbles (none of ours are reals). */
			for (i++; i < end; i++)
				if ((d[i] & 0x0f) == 0x0f || (d[i] >> 4) == 0x0f)
					break;
			i++;
			st[n++] = 0;
		} else if (b >= 32 && b <= 246) {
			st[n++] = (long)b - 139;
			i++;
		} else if (b >= 247 && b <= 250 && i + 1 < end) {
			st[n++] = ((long)b - 247) * 256 + d[i + 1] + 108;
			i += 2;
		} else if (b >= 251 && b <= 254 && i + 1 < end) {
			st[n++] = -((long)b - 251) * 256 - d[i + 1] - 108;
			i += 2;
		} else {
			return -1;
		}
	}
	return 0;
}

/* String sid (custom strings only: ROS names are never standard ones). */
static void
sid_string(const unsigned char *d, const struct cff_index *strings, long sid,
    char *out, size_t cap)
{
	size_t s, e, n;

	out[0] = '\0';
	if (sid < 391 || index_item(d, strings, (size_t)(sid - 391), &s, &e))
		return;
	n = e - s < cap - 1 ? e - s : cap - 1;
	memcpy(out, d + s, n);
	out[n] = '\0';
}

int
pdf_cff_read(const unsigned char *d, size_t len, struct pdf_cff *out)
{
	struct cff_index names, tops, strings, cs;
	struct top_dict td = {0, 0, {0, 0, 0}, 0};
	size_t s, e, g, p;

	memset(out, 0, sizeof *out);
	if (len < 4 || d[0] != 1 || index_read(d, len, d[2], &names) ||
	    index_read(d, len, names.end, &tops) ||
	    index_read(d, len, tops.end, &strings) ||
	    index_item(d, &tops, 0, &s, &e) || dict_read(d, s, e, &td) ||
	    td.charstrings <= 0 ||
	    index_read(d, len, (size_t)td.charstrings, &cs) || cs.count == 0)
		return -1;
	out->nglyphs = cs.count;
	out->cid = xcalloc(cs.count, sizeof *out->cid);
	for (g = 0; g < cs.count; g++)
		out->cid[g] = (uint16_t)g;
	if (!td.has_ros)
		return 0;
	out->cid_keyed = 1;
	sid_string(d, &strings, td.ros[0], out->registry,
	    sizeof out->registry);
	sid_string(d, &strings, td.ros[1], out->ordering,
	    sizeof out->ordering);
	out->supplement = (int)td.ros[2];
	/* A CID-keyed font's charset maps glyph indexes to CIDs. */
	if (td.charset <= 2 || (size_t)td.charset >= len)
		return -1;
	p = (size_t)td.charset;
	g = 1;
	switch (d[p++]) {
	case 0:
		for (; g < cs.count; g++, p += 2) {
			if (p + 2 > len)
				return -1;
			out->cid[g] = (uint16_t)(d[p] << 8 | d[p + 1]);
		}
		break;
	case 1:
	case 2: {
		size_t w = d[p - 1] == 1 ? 1 : 2;

		while (g < cs.count) {
			unsigned first, left, k;

			if (p + 2 + w > len)
				return -1;
			first = (unsigned)(d[p] << 8 | d[p + 1]);
			left = w == 1 ? d[p + 2] : (unsigned)(d[p + 2] << 8 |
			    d[p + 3]);
			p += 2 + w;
			for (k = 0; k <= left && g < cs.count; k++, g++)
				out->cid[g] = (uint16_t)(first + k);
		}
		break;
	}
	default:
		return -1;
	}
	return 0;
}

void
pdf_cff_free(struct pdf_cff *c)
{
	free(c->cid);
	memset(c, 0, sizeof *c);
}

/* ------------------------------------------------------------------ */
/* Subsetting                                                           */

/* One Font DICT of the FDArray: its bytes without Private and FontName,
 * and its Private DICT's bytes without Subrs (and with only the widths,
 * for subsets without hints), with the local subrs. */
struct cff_fd {
	unsigned char *font;   /* Font DICT entries kept */
	size_t nfont;
	unsigned char *priv;   /* Private DICT entries kept */
	size_t npriv;
	unsigned char *wpriv;  /* only its widths, for subsets without hints */
	size_t nwpriv;
	struct cff_index subrs;
	int bias;
};

struct pdf_cff_font {
	const unsigned char *d;
	size_t len;
	struct cff_index cs, gsubrs;
	int gbias;
	size_t nglyphs;
	uint16_t *cid;         /* [nglyphs] */
	uint8_t *fd;           /* [nglyphs]: Font DICT of each glyph */
	struct cff_fd *fds;
	size_t nfds;
	long cidcount;
	unsigned char *bbox;   /* FontBBox operands and operator, raw */
	size_t nbbox;
	unsigned char *matrix; /* FontMatrix, raw, or NULL */
	size_t nmatrix;
	char registry[32], ordering[32];
	int supplement;
};

static int
subr_bias(size_t n)
{
	return n < 1240 ? 107 : n < 33900 ? 1131 : 32768;
}

/* Calls fn for each operator of the DICT d[start..end): the operands'
 * first byte, the operator's first byte and the byte after it, and the
 * operator (two-byte ones as 1200 + second byte).  Returns -1 on bad
 * data or when fn does. */
typedef int (*dict_fn)(void *ctx, size_t a, size_t o, size_t e, unsigned op);

static int
dict_walk(const unsigned char *d, size_t start, size_t end, dict_fn fn,
    void *ctx)
{
	size_t i = start, a = start;

	while (i < end) {
		unsigned b = d[i];

		if (b <= 21) {
			unsigned op = b;
			size_t o = i;

			if (b == 12) {
				if (i + 1 >= end)
					return -1;
				op = 1200 + d[++i];
			}
			i++;
			if (fn(ctx, a, o, i, op) != 0)
				return -1;
			a = i;
		} else if (b == 28) {
			i += 3;
		} else if (b == 29) {
			i += 5;
		} else if (b == 30) {
			for (i++; i < end; i++)
				if ((d[i] & 0x0f) == 0x0f || (d[i] >> 4) == 0x0f)
					break;
			i++;
		} else if (b >= 32 && b <= 246) {
			i++;
		} else if (b >= 247 && b <= 254) {
			i += 2;
		} else {
			return -1;
		}
	}
	return i == end ? 0 : -1;
}

/* The integer operands of d[a..o), up to max of them. */
static size_t
dict_ints(const unsigned char *d, size_t a, size_t o, long *v, size_t max)
{
	size_t n = 0, i = a;

	while (i < o && n < max) {
		unsigned b = d[i];

		if (b == 28) {
			v[n++] = (int16_t)(d[i + 1] << 8 | d[i + 2]);
			i += 3;
		} else if (b == 29) {
			v[n++] = (int32_t)((uint32_t)d[i + 1] << 24 |
			    (uint32_t)d[i + 2] << 16 | (uint32_t)d[i + 3] << 8 |
			    d[i + 4]);
			i += 5;
		} else if (b == 30) {
			for (i++; i < o; i++)
				if ((d[i] & 0x0f) == 0x0f || (d[i] >> 4) == 0x0f)
					break;
			i++;
			v[n++] = 0;
		} else if (b >= 32 && b <= 246) {
			v[n++] = (long)b - 139;
			i++;
		} else if (b >= 247 && b <= 250) {
			v[n++] = ((long)b - 247) * 256 + d[i + 1] + 108;
			i += 2;
		} else if (b >= 251 && b <= 254) {
			v[n++] = -((long)b - 251) * 256 - d[i + 1] - 108;
			i += 2;
		} else {
			break;
		}
	}
	return n;
}

struct top_ctx {
	struct pdf_cff_font *f;
	long charset, charstrings, fdarray, fdselect, ros[3];
	int has_ros;
};

static unsigned char *
dup_bytes(const unsigned char *s, size_t n)
{
	unsigned char *p = xmalloc(n ? n : 1);

	memcpy(p, s, n);
	return p;
}

static int
top_op(void *vctx, size_t a, size_t o, size_t e, unsigned op)
{
	struct top_ctx *c = vctx;
	const unsigned char *d = c->f->d;
	long v[3];
	size_t n = dict_ints(d, a, o, v, 3);

	switch (op) {
	case 15: if (n >= 1) c->charset = v[0]; break;
	case 17: if (n >= 1) c->charstrings = v[0]; break;
	case 1236: if (n >= 1) c->fdarray = v[0]; break;
	case 1237: if (n >= 1) c->fdselect = v[0]; break;
	case 1234: if (n >= 1) c->f->cidcount = v[0]; break;
	case 1230:
		if (n >= 3) {
			memcpy(c->ros, v, sizeof c->ros);
			c->has_ros = 1;
		}
		break;
	case 5:
		c->f->bbox = dup_bytes(d + a, e - a);
		c->f->nbbox = e - a;
		break;
	case 1207:
		c->f->matrix = dup_bytes(d + a, e - a);
		c->f->nmatrix = e - a;
		break;
	}
	return 0;
}

/* Reading a Font DICT: the Private DICT's place; the rest is kept. */
struct fd_ctx {
	const unsigned char *d;
	struct buf keep;
	long psize, poff;
};

static int
fd_op(void *vctx, size_t a, size_t o, size_t e, unsigned op)
{
	struct fd_ctx *c = vctx;
	long v[2];

	(void)o;
	if (op == 18 && dict_ints(c->d, a, o, v, 2) == 2) {
		c->psize = v[0];
		c->poff = v[1];
	} else if (op != 18 && op != 1238) {
		buf_add(&c->keep, (const char *)c->d + a, e - a);
	}
	return 0;
}

/* Reading a Private DICT: Subrs' offset; the rest is kept. */
struct priv_ctx {
	const unsigned char *d;
	struct buf keep;
	struct buf widths;     /* defaultWidthX and nominalWidthX only */
	long subrs;
};

static int
priv_op(void *vctx, size_t a, size_t o, size_t e, unsigned op)
{
	struct priv_ctx *c = vctx;
	long v[1];

	if (op == 19 && dict_ints(c->d, a, o, v, 1) == 1)
		c->subrs = v[0];
	else if (op != 19)
		buf_add(&c->keep, (const char *)c->d + a, e - a);
	if (op == 20 || op == 21)
		buf_add(&c->widths, (const char *)c->d + a, e - a);
	return 0;
}

struct pdf_cff_font *
pdf_cff_open(const unsigned char *d, size_t len)
{
	struct pdf_cff_font *f = xcalloc(1, sizeof *f);
	struct cff_index names, tops, strings, fda;
	struct top_ctx tc;
	struct pdf_cff cs;
	size_t s, e, i, p;

	f->d = d;
	f->len = len;
	memset(&tc, 0, sizeof tc);
	tc.f = f;
	if (len < 4 || d[0] != 1 || index_read(d, len, d[2], &names) ||
	    index_read(d, len, names.end, &tops) ||
	    index_read(d, len, tops.end, &strings) ||
	    index_read(d, len, strings.end, &f->gsubrs) ||
	    index_item(d, &tops, 0, &s, &e) ||
	    dict_walk(d, s, e, top_op, &tc) || !tc.has_ros ||
	    tc.charstrings <= 0 || tc.fdarray <= 0 || tc.fdselect <= 0 ||
	    f->bbox == NULL ||
	    index_read(d, len, (size_t)tc.charstrings, &f->cs) ||
	    f->cs.count == 0 || pdf_cff_read(d, len, &cs) != 0) {
		pdf_cff_close(f);
		return NULL;
	}
	f->nglyphs = f->cs.count;
	f->cid = cs.cid;
	snprintf(f->registry, sizeof f->registry, "%s", cs.registry);
	snprintf(f->ordering, sizeof f->ordering, "%s", cs.ordering);
	f->supplement = cs.supplement;
	f->gbias = subr_bias(f->gsubrs.count);
	if (f->cidcount <= 0)
		f->cidcount = 8720;
	/* FDArray: each Font DICT and its Private DICT. */
	if (index_read(d, len, (size_t)tc.fdarray, &fda) || fda.count == 0 ||
	    fda.count > 255) {
		pdf_cff_close(f);
		return NULL;
	}
	f->fds = xcalloc(fda.count, sizeof *f->fds);
	f->nfds = fda.count;
	for (i = 0; i < fda.count; i++) {
		struct fd_ctx fc = {d, {0}, 0, 0};
		struct priv_ctx pc = {d, {0}, {0}, 0};
		struct cff_fd *fd = &f->fds[i];

		if (index_item(d, &fda, i, &s, &e) ||
		    dict_walk(d, s, e, fd_op, &fc) || fc.poff <= 0 ||
		    (size_t)(fc.poff + fc.psize) > len ||
		    dict_walk(d, (size_t)fc.poff, (size_t)(fc.poff + fc.psize),
		    priv_op, &pc) ||
		    (pc.subrs > 0 && index_read(d, len, (size_t)(fc.poff +
		    pc.subrs), &fd->subrs))) {
			buf_free(&fc.keep);
			buf_free(&pc.keep);
			buf_free(&pc.widths);
			pdf_cff_close(f);
			return NULL;
		}
		fd->nfont = fc.keep.len;
		fd->font = (unsigned char *)buf_take(&fc.keep);
		fd->npriv = pc.keep.len;
		fd->priv = (unsigned char *)buf_take(&pc.keep);
		fd->nwpriv = pc.widths.len;
		fd->wpriv = (unsigned char *)buf_take(&pc.widths);
		fd->bias = subr_bias(fd->subrs.count);
	}
	/* FDSelect, formats 0 and 3. */
	f->fd = xcalloc(f->nglyphs, 1);
	p = (size_t)tc.fdselect;
	if (p >= len) {
		pdf_cff_close(f);
		return NULL;
	}
	if (d[p] == 0) {
		if (p + 1 + f->nglyphs > len) {
			pdf_cff_close(f);
			return NULL;
		}
		memcpy(f->fd, d + p + 1, f->nglyphs);
	} else if (d[p] == 3 && p + 3 <= len) {
		size_t nr = (size_t)(d[p + 1] << 8 | d[p + 2]), r, g;

		if (p + 3 + nr * 3 + 2 > len) {
			pdf_cff_close(f);
			return NULL;
		}
		for (r = 0; r < nr; r++) {
			const unsigned char *q = d + p + 3 + 3 * r;
			size_t first = (size_t)(q[0] << 8 | q[1]);
			size_t next = (size_t)(q[3] << 8 | q[4]);

			for (g = first; g < next && g < f->nglyphs; g++)
				f->fd[g] = q[2];
		}
	} else {
		pdf_cff_close(f);
		return NULL;
	}
	for (i = 0; i < f->nglyphs; i++)
		if (f->fd[i] >= f->nfds) {
			pdf_cff_close(f);
			return NULL;
		}
	return f;
}

void
pdf_cff_close(struct pdf_cff_font *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nfds; i++) {
		free(f->fds[i].font);
		free(f->fds[i].priv);
		free(f->fds[i].wpriv);
	}
	free(f->fds);
	free(f->cid);
	free(f->fd);
	free(f->bbox);
	free(f->matrix);
	free(f);
}

size_t
pdf_cff_nglyphs(const struct pdf_cff_font *f)
{
	return f->nglyphs;
}

uint16_t
pdf_cff_cid(const struct pdf_cff_font *f, unsigned gid)
{
	return gid < f->nglyphs ? f->cid[gid] : 0;
}

const char *
pdf_cff_registry(const struct pdf_cff_font *f)
{
	return f->registry;
}

const char *
pdf_cff_ordering(const struct pdf_cff_font *f)
{
	return f->ordering;
}

int
pdf_cff_supplement(const struct pdf_cff_font *f)
{
	return f->supplement;
}

/* Flattening a Type 2 charstring: operands are copied to out as they
 * come, with where each starts (to take back a subroutine number, or the
 * operands of a dropped hint). */
struct cs_ctx {
	const struct pdf_cff_font *f;
	const struct cff_fd *fd;
	struct buf *out;
	size_t arg[48];        /* out offsets of the operands on the stack */
	int nargs;
	int nstems;
	int first;             /* no stack-clearing operator yet */
	int hints;             /* keep hints */
	int ended;             /* endchar seen */
};

/* The value of the integer operand starting at out offset at. */
static long
cs_int(const struct buf *out, size_t at, int *ok)
{
	const unsigned char *q = (const unsigned char *)out->s + at;
	unsigned b = q[0];

	*ok = 1;
	if (b == 28)
		return (int16_t)(q[1] << 8 | q[2]);
	if (b >= 32 && b <= 246)
		return (long)b - 139;
	if (b >= 247 && b <= 250)
		return ((long)b - 247) * 256 + q[1] + 108;
	if (b >= 251 && b <= 254)
		return -((long)b - 251) * 256 - q[1] - 108;
	*ok = 0;
	return 0;
}

/* A hint operator with the operands on the stack: counts the stems and
 * drops the operands (but the width, which belongs to the first
 * stack-clearing operator that is kept). */
static void
cs_drop_args(struct cs_ctx *c)
{
	if (c->nargs == 0)
		return;
	if (!c->first || c->nargs % 2 == 0)
		c->out->len = c->arg[0];
	else if (c->nargs > 1)
		c->out->len = c->arg[1];
}

static int
cs_run(struct cs_ctx *c, const unsigned char *p, size_t len, int depth)
{
	size_t i = 0;

	if (depth > 10)
		return -1;
	while (i < len && !c->ended) {
		unsigned b = p[i];
		size_t n = 0;

		if (b == 28)
			n = 3;
		else if (b >= 32 && b <= 246)
			n = 1;
		else if (b >= 247 && b <= 254)
			n = 2;
		else if (b == 255)
			n = 5;
		if (n > 0) {
			if (i + n > len || c->nargs == 48)
				return -1;
			c->arg[c->nargs++] = c->out->len;
			buf_add(c->out, (const char *)p + i, n);
			i += n;
			continue;
		}
		i++;
		switch (b) {
		case 10: /* callsubr */
		case 29: { /* callgsubr */
			const struct cff_index *ix = b == 10 ? &c->fd->subrs :
			    &c->f->gsubrs;
			long k;
			int ok;
			size_t s, e;

			if (c->nargs == 0)
				return -1;
			k = cs_int(c->out, c->arg[c->nargs - 1], &ok) +
			    (b == 10 ? c->fd->bias : c->f->gbias);
			if (!ok || k < 0)
				return -1;
			c->out->len = c->arg[--c->nargs];
			if (index_item(c->f->d, ix, (size_t)k, &s, &e) ||
			    cs_run(c, c->f->d + s, e - s, depth + 1) != 0)
				return -1;
			break;
		}
		case 11: /* return */
			return 0;
		case 14: /* endchar */
			buf_addc(c->out, (char)b);
			c->ended = 1;
			return 0;
		case 1: case 3: case 18: case 23: /* stem hints */
			c->nstems += c->nargs / 2;
			if (c->hints)
				buf_addc(c->out, (char)b);
			else
				cs_drop_args(c);
			c->nargs = 0;
			c->first = 0;
			break;
		case 19: case 20: { /* hintmask, cntrmask */
			size_t m;

			c->nstems += c->nargs / 2;
			m = (size_t)(c->nstems + 7) / 8;
			if (i + m > len)
				return -1;
			if (c->hints) {
				buf_addc(c->out, (char)b);
				buf_add(c->out, (const char *)p + i, m);
			} else {
				cs_drop_args(c);
			}
			i += m;
			c->nargs = 0;
			c->first = 0;
			break;
		}
		case 12:
			if (i >= len)
				return -1;
			buf_addc(c->out, (char)b);
			buf_addc(c->out, (char)p[i++]);
			c->nargs = 0;
			c->first = 0;
			break;
		default:
			buf_addc(c->out, (char)b);
			c->nargs = 0;
			c->first = 0;
		}
	}
	return 0;
}

static void
put_u16(struct buf *b, unsigned v)
{
	buf_addc(b, (char)(v >> 8 & 0xff));
	buf_addc(b, (char)(v & 0xff));
}

static void
put_u32(struct buf *b, size_t v)
{
	put_u16(b, (unsigned)(v >> 16 & 0xffff));
	put_u16(b, (unsigned)(v & 0xffff));
}

/* A DICT integer, always 5 bytes (offsets are known only later). */
static void
put_int5(struct buf *b, long v)
{
	buf_addc(b, 29);
	put_u32(b, (size_t)(uint32_t)v);
}

/* An INDEX of n items whose data are the concatenation data with item i
 * ending at ends[i]; 4-byte offsets. */
static void
put_index(struct buf *b, size_t n, const size_t *ends, const char *data)
{
	size_t i;

	put_u16(b, (unsigned)n);
	if (n == 0)
		return;
	buf_addc(b, 4);
	put_u32(b, 1);
	for (i = 0; i < n; i++)
		put_u32(b, ends[i] + 1);
	buf_add(b, data, ends[n - 1]);
}

static size_t
index_size(size_t n, size_t datalen)
{
	return n == 0 ? 2 : 3 + 4 * (n + 1) + datalen;
}

int
pdf_cff_subset(const struct pdf_cff_font *f, const char *name,
    const unsigned *gids, size_t n, int hints, struct buf *out)
{
	struct buf cs = {0}, top = {0}, fdarr = {0}, tmp = {0};
	size_t *ends = xmalloc((n + 2) * sizeof *ends);
	size_t *fdends = NULL, i, nused = 0, r, nranges;
	int newfd[256];
	unsigned char used[256] = {0};
	size_t start, charset_at, fdselect_at, cs_at, fdarray_at, priv_at;
	size_t name_len = strlen(name), str_ends[2];
	int rc = -1;

	/* The charstrings: .notdef (empty: kaohe never draws it) and the
	 * glyphs, subroutines inlined. */
	buf_addc(&cs, 14);
	ends[0] = cs.len;
	used[f->fd[0]] = 1;
	for (i = 1; i <= n; i++) {
		unsigned g = gids[i - 1];
		struct cs_ctx c;
		size_t s, e;

		if (g >= f->nglyphs || index_item(f->d, &f->cs, g, &s, &e))
			goto out;
		memset(&c, 0, sizeof c);
		c.f = f;
		c.fd = &f->fds[f->fd[g]];
		c.out = &cs;
		c.first = 1;
		c.hints = hints;
		if (cs_run(&c, f->d + s, e - s, 0) != 0)
			goto out;
		if (!c.ended)
			buf_addc(&cs, 14);
		ends[i] = cs.len;
		used[f->fd[g]] = 1;
	}
	for (i = 0; i < f->nfds; i++)
		newfd[i] = used[i] ? (int)nused++ : -1;

	/* Layout: header, Name, Top DICT, String and Global Subr INDEXes,
	 * charset, FDSelect, CharStrings, FDArray, Private DICTs. */
	for (nranges = 0, i = 1; i <= n; i++)
		if (i == 1 || f->cid[gids[i - 1]] != f->cid[gids[i - 2]] + 1)
			nranges++;
	/* Top DICT: ROS, CIDCount, FontBBox, FontMatrix and 5-byte offsets. */
	put_int5(&top, 391);
	put_int5(&top, 392);
	put_int5(&top, f->supplement);
	buf_addc(&top, 12);
	buf_addc(&top, 30);
	put_int5(&top, f->cidcount);
	buf_addc(&top, 12);
	buf_addc(&top, 34);
	buf_add(&top, (const char *)f->bbox, f->nbbox);
	if (f->matrix != NULL)
		buf_add(&top, (const char *)f->matrix, f->nmatrix);
	start = 4 + index_size(1, name_len) + index_size(1, top.len + 4 * 5 +
	    1 + 2 + 1 + 2) + index_size(2, strlen(f->registry) +
	    strlen(f->ordering)) + 2;
	charset_at = start;
	fdselect_at = charset_at + 1 + 4 * nranges;
	{
		size_t nfr = 0;

		for (i = 0; i <= n; i++)
			if (i == 0 || f->fd[i ? gids[i - 1] : 0] !=
			    f->fd[i > 1 ? gids[i - 2] : 0])
				nfr++;
		cs_at = fdselect_at + 1 + 2 + 3 * nfr + 2;
	}
	fdarray_at = cs_at + index_size(n + 1, cs.len);
	/* FDArray: the used Font DICTs, each with its Private DICT's size
	 * and offset (after the FDArray). */
	fdends = xmalloc((nused + 1) * sizeof *fdends);
	{
		size_t dlen = 0, k = 0;

		for (i = 0; i < f->nfds; i++)
			if (used[i])
				dlen += f->fds[i].nfont + 11;
		priv_at = fdarray_at + index_size(nused, dlen);
		for (i = 0; i < f->nfds; i++) {
			if (!used[i])
				continue;
			size_t np = hints ? f->fds[i].npriv :
			    f->fds[i].nwpriv;

			buf_add(&fdarr, (const char *)f->fds[i].font,
			    f->fds[i].nfont);
			put_int5(&fdarr, (long)np);
			put_int5(&fdarr, (long)priv_at);
			buf_addc(&fdarr, 18);
			fdends[k++] = fdarr.len;
			priv_at += np;
		}
	}
	put_int5(&top, (long)charset_at);
	buf_addc(&top, 15);
	put_int5(&top, (long)fdselect_at);
	buf_addc(&top, 12);
	buf_addc(&top, 37);
	put_int5(&top, (long)cs_at);
	buf_addc(&top, 17);
	put_int5(&top, (long)fdarray_at);
	buf_addc(&top, 12);
	buf_addc(&top, 36);

	/* Now write. */
	buf_add(out, "\x01\x00\x04\x04", 4);
	put_index(out, 1, &name_len, name);
	put_index(out, 1, &top.len, top.s);
	buf_adds(&tmp, f->registry);
	str_ends[0] = tmp.len;
	buf_adds(&tmp, f->ordering);
	str_ends[1] = tmp.len;
	put_index(out, 2, str_ends, tmp.s ? tmp.s : "");
	put_u16(out, 0); /* no global subroutines */
	/* charset, format 2: ranges of consecutive CIDs. */
	buf_addc(out, 2);
	for (i = 1; i <= n; i = r) {
		for (r = i + 1; r <= n && f->cid[gids[r - 1]] ==
		    f->cid[gids[r - 2]] + 1; r++)
			;
		put_u16(out, f->cid[gids[i - 1]]);
		put_u16(out, (unsigned)(r - i - 1));
	}
	/* FDSelect, format 3. */
	{
		size_t nfr = 0, at;

		buf_addc(out, 3);
		at = out->len;
		put_u16(out, 0);
		for (i = 0; i <= n; i++) {
			unsigned fd = f->fd[i ? gids[i - 1] : 0];

			if (i == 0 || fd != f->fd[i > 1 ? gids[i - 2] : 0]) {
				put_u16(out, (unsigned)i);
				buf_addc(out, (char)newfd[fd]);
				nfr++;
			}
		}
		put_u16(out, (unsigned)(n + 1));
		out->s[at] = (char)(nfr >> 8);
		out->s[at + 1] = (char)(nfr & 0xff);
	}
	put_index(out, n + 1, ends, cs.s);
	put_index(out, nused, fdends, fdarr.s);
	for (i = 0; i < f->nfds; i++)
		if (used[i] && hints)
			buf_add(out, (const char *)f->fds[i].priv,
			    f->fds[i].npriv);
		else if (used[i])
			buf_add(out, (const char *)f->fds[i].wpriv,
			    f->fds[i].nwpriv);
	rc = 0;
out:
	free(ends);
	free(fdends);
	buf_free(&cs);
	buf_free(&top);
	buf_free(&fdarr);
	buf_free(&tmp);
	return rc;
}
