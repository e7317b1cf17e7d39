/* pdf_subset.c: per-document font subsets libharu 2.3.0 can embed: HarfBuzz
 * subset, renumbered glyphs, a rebuilt cmap (codes 1..n for the document's
 * characters), a unique name, and the ToUnicode CMap to go with it. */
#include "pdf_subset.h"

#include <errno.h>
#include <hb-subset.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Tables libharu does not embed or need; dropping them makes subsetting
 * faster.  Add a tag here to drop another. */
static const hb_tag_t drop_tags[] = {
	HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
	HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
	HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
	HB_TAG('m', 'o', 'r', 'x'), HB_TAG('m', 'o', 'r', 't'),
	HB_TAG('k', 'e', 'r', 'x'), HB_TAG('k', 'e', 'r', 'n'),
	HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
	HB_TAG('V', 'O', 'R', 'G'), HB_TAG('E', 'B', 'D', 'T'),
	HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'),
	HB_TAG('b', 'd', 'a', 't'), HB_TAG('b', 'l', 'o', 'c'),
	HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'),
	HB_TAG('V', 'D', 'M', 'X'), HB_TAG('D', 'S', 'I', 'G'),
	HB_TAG('P', 'C', 'L', 'T'), HB_TAG('g', 'a', 's', 'p'),
};

/* The tables of a subset that libharu reads or embeds, besides the cmap
 * and name tables made here. */
static const hb_tag_t keep_tags[] = {
	HB_TAG('O', 'S', '/', '2'), HB_TAG('c', 'v', 't', ' '),
	HB_TAG('f', 'p', 'g', 'm'), HB_TAG('g', 'l', 'y', 'f'),
	HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'),
	HB_TAG('h', 'm', 't', 'x'), HB_TAG('l', 'o', 'c', 'a'),
	HB_TAG('m', 'a', 'x', 'p'), HB_TAG('p', 'o', 's', 't'),
	HB_TAG('p', 'r', 'e', 'p'),
};


static void
put16(struct buf *b, unsigned v)
{
	char c[2] = {(char)(v >> 8 & 0xff), (char)(v & 0xff)};

	buf_add(b, c, 2);
}

static void
put32(struct buf *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b, v & 0xffff);
}

struct map {
	uint16_t code;
	uint16_t gid;
};

/* Whether maps a..z are consecutive codes to consecutive glyphs. */
static bool
seg_is_delta(const struct map *m, size_t a, size_t z)
{
	size_t j;

	for (j = a; j <= z; j++)
		if ((size_t)(m[j].code - m[a].code) != j - a ||
		    (size_t)(m[j].gid - m[a].gid) != j - a)
			return false;
	return true;
}

/* A cmap table with one format 4 subtable (3, 1) for the sorted maps,
 * segments joined across gaps of up to gap codes.  Returns false when the
 * subtable would be too long. */
static bool
cmap_build(const struct map *m, size_t n, unsigned gap, struct buf *out)
{
	size_t *seg_first = xmalloc((n + 1) * sizeof *seg_first);
	size_t nseg = 0, i, j, arr = 0, len;
	unsigned segcount, pow2 = 1, log2 = 0;
	bool ok = true;

	for (i = 0; i < n; i++)
		if (i == 0 || (unsigned)(m[i].code - m[i - 1].code) > gap)
			seg_first[nseg++] = i;
	seg_first[nseg] = n;
	/* Size of the glyph arrays of segments that need one. */
	for (i = 0; i < nseg; i++) {
		size_t a = seg_first[i], z = seg_first[i + 1] - 1;

		if (!seg_is_delta(m, a, z))
			arr += (size_t)(m[z].code - m[a].code + 1);
	}
	segcount = (unsigned)nseg + 1;
	len = 16 + 8 * (size_t)segcount + 2 * arr;
	if (len > 65535) {
		ok = false;
		goto done;
	}
	while (pow2 * 2 <= segcount) {
		pow2 *= 2;
		log2++;
	}
	put16(out, 0);  /* cmap version */
	put16(out, 1);  /* one subtable */
	put16(out, 3);  /* Windows */
	put16(out, 1);  /* Unicode BMP */
	put32(out, 12); /* offset */
	put16(out, 4);
	put16(out, (unsigned)len);
	put16(out, 0);
	put16(out, segcount * 2);
	put16(out, pow2 * 2);
	put16(out, log2);
	put16(out, segcount * 2 - pow2 * 2);
	for (i = 0; i < nseg; i++)
		put16(out, m[seg_first[i + 1] - 1].code);
	put16(out, 0xffff);
	put16(out, 0);
	for (i = 0; i < nseg; i++)
		put16(out, m[seg_first[i]].code);
	put16(out, 0xffff);
	/* idDelta and idRangeOffset of each segment. */
	{
		struct buf delta = {0}, range = {0};
		size_t at = 0;

		for (i = 0; i < nseg; i++) {
			size_t a = seg_first[i], z = seg_first[i + 1] - 1;

			if (seg_is_delta(m, a, z)) {
				put16(&delta, (unsigned)(m[a].gid - m[a].code) &
				    0xffff);
				put16(&range, 0);
			} else {
				put16(&delta, 0);
				put16(&range, (unsigned)(2 * (segcount - i) +
				    2 * at));
				at += (size_t)(m[z].code - m[a].code + 1);
			}
		}
		put16(&delta, 1);
		put16(&range, 0);
		buf_add(out, delta.s, delta.len);
		buf_add(out, range.s, range.len);
		buf_free(&delta);
		buf_free(&range);
	}
	for (i = 0; i < nseg; i++) {
		size_t a = seg_first[i], z = seg_first[i + 1] - 1;
		unsigned c;

		if (seg_is_delta(m, a, z))
			continue;
		for (c = m[a].code, j = a; c <= m[z].code; c++) {
			if (j <= z && m[j].code == c)
				put16(out, m[j++].gid);
			else
				put16(out, 0);
		}
	}
done:
	free(seg_first);
	return ok;
}

/* A name table naming the font psname (style Regular). */
static void
name_build(const char *psname, struct buf *out)
{
	static const unsigned ids[] = {1, 2, 4, 6};
	struct buf str = {0};
	size_t i, k, n = strlen(psname);

	put16(out, 0);
	put16(out, 8);
	put16(out, 6 + 8 * 12);
	/* Macintosh Roman records, then Windows Unicode ones. */
	for (k = 0; k < 2; k++)
		for (i = 0; i < ARRAY_LEN(ids); i++) {
			const char *s = ids[i] == 2 ? "Regular" : psname;
			size_t sl = ids[i] == 2 ? 7 : n, c;

			put16(out, k == 0 ? 1 : 3);
			put16(out, k == 0 ? 0 : 1);
			put16(out, k == 0 ? 0 : 0x409);
			put16(out, ids[i]);
			put16(out, (unsigned)(k == 0 ? sl : 2 * sl));
			put16(out, (unsigned)str.len);
			for (c = 0; c < sl; c++) {
				if (k == 1)
					buf_addc(&str, '\0');
				buf_addc(&str, s[c]);
			}
		}
	buf_add(out, str.s, str.len);
	buf_free(&str);
}

/* Six capital letters from a hash of the file: the subset tag of the
 * PDF font name (distinct subsets get distinct tags). */
static void
make_tag(const char *data, size_t len, char tag[7])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)data[i]) * 0x100000001b3ULL;
	for (i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '\0';
}

int
pdf_subset_make(const struct pdf_face *face, const hb_set_t *cps,
    const char *psname, struct pdf_subset *out, char **err)
{
	hb_subset_input_t *in;
	hb_face_t *sub, *builder;
	hb_font_t *font;
	hb_blob_t *blob;
	unsigned t, len, upem;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID, g;
	struct buf cmap = {0}, name = {0};
	struct map *maps;
	const char *data;
	size_t i, n;
	bool has_prep = false;

	memset(out, 0, sizeof *out);
	in = hb_subset_input_create_or_fail();
	if (in == NULL) {
		*err = xstrdup("out of memory in the font subsetter");
		return -1;
	}
	hb_set_union(hb_subset_input_unicode_set(in), cps);
	for (i = 0; i < ARRAY_LEN(drop_tags); i++)
		hb_set_add(hb_subset_input_set(in,
		    HB_SUBSET_SETS_DROP_TABLE_TAG), drop_tags[i]);
	sub = hb_subset_or_fail(face->face, in);
	hb_subset_input_destroy(in);
	if (sub == NULL) {
		*err = xasprintf("cannot subset %s", face->path);
		return -1;
	}
	if (hb_face_get_glyph_count(sub) >= 32768) {
		*err = xasprintf("a document uses too many characters of %s "
		    "(%u glyphs; at most 32767)", face->path,
		    hb_face_get_glyph_count(sub));
		hb_face_destroy(sub);
		return -1;
	}
	/* Code i + 1 for the i-th character: one cmap segment, whatever the
	 * characters (astral ones included). */
	n = hb_set_get_population(cps);
	out->cps = xmalloc((n + 1) * sizeof *out->cps);
	out->gids = xmalloc((n + 1) * sizeof *out->gids);
	out->widths = xmalloc((n + 1) * sizeof *out->widths);
	maps = xmalloc((n + 1) * sizeof *maps);
	font = hb_font_create(sub);
	upem = hb_face_get_upem(sub);
	i = 0;
	while (hb_set_next(cps, &cp) && i < 65534) {
		if (!hb_font_get_nominal_glyph(font, cp, &g))
			g = 0;
		out->cps[i] = cp;
		out->gids[i] = (uint16_t)g;
		out->widths[i] = (uint16_t)((unsigned long)
		    hb_font_get_glyph_h_advance(font, g) * 1000 / upem);
		maps[i].code = (uint16_t)(i + 1);
		maps[i].gid = (uint16_t)g;
		i++;
	}
	out->n = i;
	hb_font_destroy(font);
	if (!cmap_build(maps, out->n, 65535, &cmap)) {
		buf_free(&cmap);
		cmap_build(maps, out->n, 0, &cmap);
	}
	free(maps);
	name_build(psname, &name);

	/* libharu reads and embeds only these tables; cmap and name are
	 * ours. */
	builder = hb_face_builder_create();
	for (t = 0; t < ARRAY_LEN(keep_tags); t++) {
		hb_blob_t *tb = hb_face_reference_table(sub, keep_tags[t]);

		if (hb_blob_get_length(tb) > 0) {
			hb_face_builder_add_table(builder, keep_tags[t], tb);
			if (keep_tags[t] == HB_TAG('p', 'r', 'e', 'p'))
				has_prep = true;
		}
		hb_blob_destroy(tb);
	}
	blob = hb_blob_create(cmap.s, (unsigned)cmap.len,
	    HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_builder_add_table(builder, HB_TAG('c', 'm', 'a', 'p'), blob);
	hb_blob_destroy(blob);
	blob = hb_blob_create(name.s, (unsigned)name.len,
	    HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_builder_add_table(builder, HB_TAG('n', 'a', 'm', 'e'), blob);
	hb_blob_destroy(blob);
	if (!has_prep) {
		/* libharu 2.3.0 fails at random without a prep table (notes,
		 * defect 2): a no-op program, PUSHB[0] 0, POP. */
		static const char prep[] = {(char)0xb0, 0x00, 0x21};

		blob = hb_blob_create(prep, sizeof prep,
		    HB_MEMORY_MODE_READONLY, NULL, NULL);
		hb_face_builder_add_table(builder, HB_TAG('p', 'r', 'e', 'p'),
		    blob);
		hb_blob_destroy(blob);
	}
	blob = hb_face_reference_blob(builder);
	data = hb_blob_get_data(blob, &len);
	out->nglyphs = hb_face_get_glyph_count(sub);
	if (len > 0) {
		out->data = xmalloc(len);
		memcpy(out->data, data, len);
		out->size = len;
		make_tag(out->data, out->size, out->tag);
	}
	hb_blob_destroy(blob);
	hb_face_destroy(builder);
	hb_face_destroy(sub);
	buf_free(&cmap);
	buf_free(&name);
	if (out->data == NULL) {
		*err = xasprintf("cannot make a font file for %s", face->path);
		pdf_subset_free(out);
		return -1;
	}
	return 0;
}

void
pdf_subset_free(struct pdf_subset *s)
{
	free(s->data);
	free(s->cps);
	free(s->gids);
	free(s->widths);
	memset(s, 0, sizeof *s);
}

uint16_t
pdf_subset_code(const struct pdf_subset *s, uint32_t cp)
{
	size_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->cps[mid] == cp)
			return (uint16_t)(mid + 1);
		if (s->cps[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The UTF-16 of cp as hex digits. */
static void
utf16_hex(struct buf *out, uint32_t cp)
{
	if (cp > 0xffff)
		buf_printf(out, "%04X%04X", 0xD800 + ((cp - 0x10000) >> 10),
		    0xDC00 + ((cp - 0x10000) & 0x3ff));
	else
		buf_printf(out, "%04X", cp);
}

void
pdf_subset_tounicode(const struct pdf_subset *s, struct buf *out)
{
	size_t i, k, *run = xmalloc((s->n + 1) * sizeof *run);
	size_t nrun = 0, nchar = 0, m;

	buf_adds(out, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* Runs of consecutive BMP characters (codes are consecutive) become
	 * bfrange entries, within one last-byte block of code and character;
	 * the rest bfchar entries.  run[i] = length of the run at i. */
	for (i = 0; i < s->n; i += run[i]) {
		k = i + 1;
		while (k < s->n && s->cps[k] == s->cps[k - 1] + 1 &&
		    s->cps[k] <= 0xffff && ((k + 1) & 0xff) != 0 &&
		    (s->cps[k] & 0xff) != 0)
			k++;
		run[i] = k - i;
		if (run[i] > 1)
			nrun++;
		else
			nchar++;
	}
	for (i = 0, m = 0; i < s->n; i += run[i]) {
		if (run[i] == 1)
			continue;
		if (m % 100 == 0)
			buf_printf(out, "%zu beginbfrange\n",
			    nrun - m < 100 ? nrun - m : 100);
		buf_printf(out, "<%04zX> <%04zX> <%04X>\n", i + 1, i + run[i],
		    s->cps[i]);
		if (++m % 100 == 0 || m == nrun)
			buf_adds(out, "endbfrange\n");
	}
	for (i = 0, m = 0; i < s->n; i += run[i]) {
		if (run[i] != 1)
			continue;
		if (m % 100 == 0)
			buf_printf(out, "%zu beginbfchar\n",
			    nchar - m < 100 ? nchar - m : 100);
		buf_printf(out, "<%04zX> <", i + 1);
		utf16_hex(out, s->cps[i]);
		buf_adds(out, ">\n");
		if (++m % 100 == 0 || m == nchar)
			buf_adds(out, "endbfchar\n");
	}
	free(run);
	buf_adds(out, "endcmap\nCMapName currentdict /CMap defineresource "
	    "pop\nend\nend\n");
}
