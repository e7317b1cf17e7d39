/* pdf_cff.c: reads a CFF font program's Top DICT, strings and charset
 * (Adobe Technical Note #5176), to draw its glyphs by CID. */
#include "pdf/pdf_cff.h"

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
