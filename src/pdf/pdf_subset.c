/* pdf_subset.c: font subsets to embed as they are made: HarfBuzz subset,
 * glyphs drawn by subset glyph id (TrueType) or CID (CFF), only what a
 * viewer reads, and the ToUnicode CMap to go with it. */
#include "pdf/pdf_subset.h"

#include <errno.h>
#include <hb-subset.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf_cff.h"
#include "util.h"

/* Tables not embedded; dropping them makes subsetting faster.  Add a tag
 * here to drop another. */
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
	HB_TAG('n', 'a', 'm', 'e'), HB_TAG('p', 'o', 's', 't'),
	HB_TAG('O', 'S', '/', '2'), HB_TAG('c', 'm', 'a', 'p'),
	HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'),
};

/* The tables of a subset that a viewer reads from an embedded TrueType
 * CIDFont (ISO 32000 9.9): cmap, name, post and OS/2 are not among them,
 * and codes are glyph ids. */
static const hb_tag_t keep_tags[] = {
	HB_TAG('c', 'v', 't', ' '), HB_TAG('f', 'p', 'g', 'm'),
	HB_TAG('g', 'l', 'y', 'f'), HB_TAG('h', 'e', 'a', 'd'),
	HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'),
	HB_TAG('l', 'o', 'c', 'a'), HB_TAG('m', 'a', 'x', 'p'),
	HB_TAG('p', 'r', 'e', 'p'),
};

static int
be16s(const char *p)
{
	return (int16_t)((unsigned char)p[0] << 8 | (unsigned char)p[1]);
}

static int
glyph_cmp(const void *a, const void *b)
{
	const struct pdf_glyph *x = a, *y = b;

	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	return x->cp < y->cp ? -1 : x->cp > y->cp;
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

/* Subset flags for CFF outlines: without hints and with subroutines
 * flattened the deflated subsets are smallest (fonts/README.md has the
 * figures).  KAOHE_CFF_FLAGS overrides, for measuring. */
static unsigned
cff_flags(void)
{
	const char *e = getenv("KAOHE_CFF_FLAGS");

	if (e != NULL && *e != '\0')
		return (unsigned)strtoul(e, NULL, 0);
	return HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE;
}

/* The font program of a TrueType subset: the tables a viewer reads. */
static int
truetype_program(hb_face_t *sub, struct pdf_subset *out)
{
	hb_face_t *builder = hb_face_builder_create();
	hb_blob_t *blob;
	const char *data;
	unsigned t, len;

	for (t = 0; t < ARRAY_LEN(keep_tags); t++) {
		hb_blob_t *tb = hb_face_reference_table(sub, keep_tags[t]);

		if (hb_blob_get_length(tb) > 0)
			hb_face_builder_add_table(builder, keep_tags[t], tb);
		hb_blob_destroy(tb);
	}
	blob = hb_face_reference_blob(builder);
	data = hb_blob_get_data(blob, &len);
	if (len > 0) {
		out->data = xmalloc(len);
		memcpy(out->data, data, len);
		out->size = len;
	}
	hb_blob_destroy(blob);
	hb_face_destroy(builder);
	return out->data != NULL ? 0 : -1;
}

/* The font program of a CFF subset, the bare CFF table, and the code
 * (CID) of each of its glyphs (*cid, nglyphs of them; caller frees). */
static int
cff_program(hb_face_t *sub, struct pdf_subset *out, uint16_t **cid)
{
	hb_blob_t *tb = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F',
	    ' '));
	unsigned len;
	const char *data = hb_blob_get_data(tb, &len);
	struct pdf_cff cff;
	int rc = -1;

	*cid = NULL;
	if (len > 0 && pdf_cff_read((const unsigned char *)data, len,
	    &cff) == 0 && cff.nglyphs == out->nglyphs) {
		out->data = xmalloc(len);
		memcpy(out->data, data, len);
		out->size = len;
		snprintf(out->registry, sizeof out->registry, "%s",
		    cff.cid_keyed ? cff.registry : "Adobe");
		snprintf(out->ordering, sizeof out->ordering, "%s",
		    cff.cid_keyed ? cff.ordering : "Identity");
		out->supplement = cff.cid_keyed ? cff.supplement : 0;
		*cid = cff.cid;
		cff.cid = NULL;
		rc = 0;
	}
	pdf_cff_free(&cff);
	hb_blob_destroy(tb);
	return rc;
}

static int
uint_cmp_cid(const void *a, const void *b, void *ctx)
{
	const struct pdf_cff_font *f = ctx;
	uint16_t x = pdf_cff_cid(f, *(const unsigned *)a);
	uint16_t y = pdf_cff_cid(f, *(const unsigned *)b);

	return x < y ? -1 : x > y;
}

/* A subset of a CID-keyed CFF face made by kaohe's own subsetter
 * (pdf_cff.h): out->cps and out->glyphs hold the characters and their
 * original glyphs (in .code) already. */
static int
cff_own_subset(const struct pdf_face *face, struct pdf_subset *out,
    char **err)
{
	const struct pdf_cff_font *f = face->cffsub;
	unsigned *g = xmalloc((out->n + 1) * sizeof *g);
	const char *e = getenv("KAOHE_CFF_HINTS");
	struct buf b = {0};
	hb_blob_t *head;
	const char *data;
	unsigned len;
	size_t i, n = 0;

	for (i = 0; i < out->n; i++)
		if (out->glyphs[i].code != 0 &&
		    out->glyphs[i].code < pdf_cff_nglyphs(f))
			g[n++] = out->glyphs[i].code;
	qsort_r(g, n, sizeof *g, uint_cmp_cid, (void *)f);
	for (i = 0; i + 1 < n; ) {
		if (pdf_cff_cid(f, g[i]) == pdf_cff_cid(f, g[i + 1]))
			memmove(g + i + 1, g + i + 2, (n - i - 2) * sizeof *g),
			    n--;
		else
			i++;
	}
	if (pdf_cff_subset(f, face->psname, g, n, e != NULL && *e == '1',
	    &b) != 0) {
		free(g);
		buf_free(&b);
		*err = xasprintf("cannot read the CFF outlines of %s",
		    face->path);
		return -1;
	}
	free(g);
	out->nglyphs = n + 1;
	out->size = b.len;
	out->data = buf_take(&b);
	snprintf(out->registry, sizeof out->registry, "%s",
	    pdf_cff_registry(f));
	snprintf(out->ordering, sizeof out->ordering, "%s",
	    pdf_cff_ordering(f));
	out->supplement = pdf_cff_supplement(f);
	head = hb_face_reference_table(face->face, HB_TAG('h', 'e', 'a',
	    'd'));
	data = hb_blob_get_data(head, &len);
	if (len >= 44)
		for (i = 0; i < 4; i++)
			out->bbox[i] = be16s(data + 36 + 2 * i) * 1000 /
			    (int)(face->upem ? face->upem : 1000);
	hb_blob_destroy(head);
	for (i = 0; i < out->n; i++) {
		hb_codepoint_t og = out->glyphs[i].code;

		out->codes[i] = og < pdf_cff_nglyphs(f) ? pdf_cff_cid(f,
		    (unsigned)og) : 0;
		out->glyphs[i].code = out->codes[i];
	}
	return 0;
}

int
pdf_subset_make(const struct pdf_face *face, const hb_set_t *cps,
    struct pdf_subset *out, char **err)
{
	hb_subset_input_t *in;
	hb_subset_plan_t *plan;
	const hb_map_t *old2new;
	hb_face_t *sub;
	hb_blob_t *head;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	uint16_t *cid = NULL;
	const char *data;
	unsigned len, upem = face->upem ? face->upem : 1000;
	size_t i, j, n;
	int rc;

	memset(out, 0, sizeof *out);
	out->cff = face->cff;
	in = hb_subset_input_create_or_fail();
	if (in == NULL) {
		*err = xstrdup("out of memory in the font subsetter");
		return -1;
	}
	n = hb_set_get_population(cps);
	out->cps = xmalloc((n + 1) * sizeof *out->cps);
	out->codes = xmalloc((n + 1) * sizeof *out->codes);
	out->glyphs = xmalloc((n + 1) * sizeof *out->glyphs);
	i = 0;
	while (hb_set_next(cps, &cp)) {
		hb_codepoint_t g = pdf_face_glyph(face, cp);

		out->cps[i] = cp;
		out->glyphs[i].cp = cp;
		/* The original glyph for now; its code below. */
		out->glyphs[i].code = (uint16_t)g;
		out->glyphs[i].width = (uint16_t)((unsigned long)
		    hb_font_get_glyph_h_advance(face->font, g) * 1000 / upem);
		hb_set_add(hb_subset_input_glyph_set(in), g);
		i++;
	}
	out->n = i;
	if (face->cffsub != NULL) {
		hb_subset_input_destroy(in);
		if (cff_own_subset(face, out, err) != 0) {
			pdf_subset_free(out);
			return -1;
		}
		goto done;
	}
	for (i = 0; i < ARRAY_LEN(drop_tags); i++)
		hb_set_add(hb_subset_input_set(in,
		    HB_SUBSET_SETS_DROP_TABLE_TAG), drop_tags[i]);
	if (face->cff)
		hb_subset_input_set_flags(in, cff_flags());
	plan = hb_subset_plan_create_or_fail(face->face, in);
	hb_subset_input_destroy(in);
	sub = plan != NULL ? hb_subset_plan_execute_or_fail(plan) : NULL;
	if (sub == NULL) {
		hb_subset_plan_destroy(plan);
		*err = xasprintf("cannot subset %s", face->path);
		return -1;
	}
	out->nglyphs = hb_face_get_glyph_count(sub);
	old2new = hb_subset_plan_old_to_new_glyph_mapping(plan);
	if (out->nglyphs > 65535) {
		*err = xasprintf("a document uses too many characters of %s "
		    "(%zu glyphs; at most 65535)", face->path, out->nglyphs);
		rc = -1;
	} else if (face->cff) {
		rc = cff_program(sub, out, &cid);
		if (rc != 0)
			*err = xasprintf("cannot read the CFF subset of %s",
			    face->path);
	} else {
		rc = truetype_program(sub, out);
		if (rc != 0)
			*err = xasprintf("cannot make a font file for %s",
			    face->path);
	}
	head = hb_face_reference_table(sub, HB_TAG('h', 'e', 'a', 'd'));
	data = hb_blob_get_data(head, &len);
	if (len >= 44)
		for (j = 0; j < 4; j++)
			out->bbox[j] = be16s(data + 36 + 2 * j) * 1000 /
			    (int)upem;
	hb_blob_destroy(head);
	/* Codes: the subset glyph id, or its CID. */
	for (i = 0; rc == 0 && i < out->n; i++) {
		hb_codepoint_t ng = out->glyphs[i].code == 0 ? 0 :
		    hb_map_get(old2new, out->glyphs[i].code);

		if (ng == HB_MAP_VALUE_INVALID || ng >= out->nglyphs)
			ng = 0;
		out->codes[i] = (uint16_t)(cid != NULL ? cid[ng] : ng);
		if (ng == 0)
			out->codes[i] = 0;
		out->glyphs[i].code = out->codes[i];
	}
	free(cid);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	if (rc != 0) {
		pdf_subset_free(out);
		return -1;
	}
done:
	make_tag(out->data, out->size, out->tag);
	/* Glyphs by code, each once (two characters may share one). */
	qsort(out->glyphs, out->n, sizeof *out->glyphs, glyph_cmp);
	for (i = j = 0; i < out->n; i++)
		if (out->glyphs[i].code != 0 && (j == 0 ||
		    out->glyphs[j - 1].code != out->glyphs[i].code))
			out->glyphs[j++] = out->glyphs[i];
	out->nglyphs_drawn = j;
	return 0;
}

void
pdf_subset_free(struct pdf_subset *s)
{
	free(s->data);
	free(s->cps);
	free(s->codes);
	free(s->glyphs);
	memset(s, 0, sizeof *s);
}

uint16_t
pdf_subset_code(const struct pdf_subset *s, uint32_t cp)
{
	size_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->cps[mid] == cp)
			return s->codes[mid];
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
	const struct pdf_glyph *g = s->glyphs;
	size_t n = s->nglyphs_drawn, i, k, *run = xmalloc((n + 1) *
	    sizeof *run);
	size_t nrun = 0, nchar = 0, m;

	buf_adds(out, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* Runs of consecutive codes for consecutive BMP characters become
	 * bfrange entries, within one last-byte block of code and character;
	 * the rest bfchar entries.  run[i] = length of the run at i. */
	for (i = 0; i < n; i += run[i]) {
		k = i + 1;
		while (k < n && g[k].code == g[k - 1].code + 1 &&
		    g[k].cp == g[k - 1].cp + 1 && g[k].cp <= 0xffff &&
		    (g[k].code & 0xff) != 0 && (g[k].cp & 0xff) != 0)
			k++;
		run[i] = k - i;
		if (run[i] > 1)
			nrun++;
		else
			nchar++;
	}
	for (i = 0, m = 0; i < n; i += run[i]) {
		if (run[i] == 1)
			continue;
		if (m % 100 == 0)
			buf_printf(out, "%zu beginbfrange\n",
			    nrun - m < 100 ? nrun - m : 100);
		buf_printf(out, "<%04X> <%04X> <%04X>\n", g[i].code,
		    g[i + run[i] - 1].code, g[i].cp);
		if (++m % 100 == 0 || m == nrun)
			buf_adds(out, "endbfrange\n");
	}
	for (i = 0, m = 0; i < n; i += run[i]) {
		if (run[i] != 1)
			continue;
		if (m % 100 == 0)
			buf_printf(out, "%zu beginbfchar\n",
			    nchar - m < 100 ? nchar - m : 100);
		buf_printf(out, "<%04X> <", g[i].code);
		utf16_hex(out, g[i].cp);
		buf_adds(out, ">\n");
		if (++m % 100 == 0 || m == nchar)
			buf_adds(out, "endbfchar\n");
	}
	free(run);
	buf_adds(out, "endcmap\nCMapName currentdict /CMap defineresource "
	    "pop\nend\nend\n");
}
