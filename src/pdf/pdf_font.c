/* pdf_font.c: finds and opens the [fonts] roles once per run (fontconfig,
 * HarfBuzz) and answers coverage and metrics questions about them. */
#include "pdf/pdf_int.h"

#include <ctype.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

/* Defaults of the roles (fonts/README.md says why these). */
static const char *const role_default[FONT_NROLES] = {
	[FONT_SONG] = "Noto Serif CJK SC",
	[FONT_HEI] = "Noto Sans CJK SC",
	[FONT_KAI] = "FandolKai",
	[FONT_FANGSONG] = "FandolFang",
	[FONT_XIAOBIAOSONG] = "Noto Serif CJK SC Black",
	[FONT_FALLBACK] = "HanaMinA;HanaMinB",
};

/* Where Debian's texlive-lang-chinese puts the Fandol fonts: fontconfig
 * does not search TeX Live's tree, kaohe adds it to its own configuration. */
#define FANDOL_DIR "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"

/* The [fonts] key of each role, for messages. */
static const char *const role_key[FONT_NROLES] = {
	[FONT_SONG] = "song",
	[FONT_HEI] = "hei",
	[FONT_KAI] = "kai",
	[FONT_FANGSONG] = "fangsong",
	[FONT_XIAOBIAOSONG] = "xiaobiaosong",
	[FONT_FALLBACK] = "fallback",
};

/* The Debian package that provides a default font, for messages. */
static const struct {
	const char *family, *package;
} default_package[] = {
	{"Noto Serif CJK SC", "fonts-noto-cjk"},
	{"Noto Sans CJK SC", "fonts-noto-cjk"},
	{"Noto Serif CJK SC Black", "fonts-noto-cjk-extra"},
	{"Noto Sans CJK SC Black", "fonts-noto-cjk-extra"},
	{"FandolFang", "texlive-lang-chinese"},
	{"FandolKai", "texlive-lang-chinese"},
	{"FandolSong", "texlive-lang-chinese"},
	{"FandolHei", "texlive-lang-chinese"},
	{"LXGW WenKai", "fonts-lxgw-wenkai"},
	{"AR PL UMing CN", "fonts-arphic-uming"},
	{"AR PL UKai CN", "fonts-arphic-ukai"},
	{"WenQuanYi Zen Hei", "fonts-wqy-zenhei"},
	{"WenQuanYi Micro Hei", "fonts-wqy-microhei"},
	{"HanaMinA", "fonts-hanazono"},
	{"HanaMinB", "fonts-hanazono"},
};

static void
font_error(enum font_role role, const char *name, const char *what)
{
	const char *pkg = NULL;
	char *advice;
	size_t i;

	for (i = 0; i < ARRAY_LEN(default_package); i++)
		if (strcmp(default_package[i].family, name) == 0)
			pkg = default_package[i].package;
	advice = pkg != NULL ? xasprintf("请安装 %s，或", pkg) : xstrdup("");
	diag_msg(D_FONT, NULL, 0, 0, role_key[role], name, what, advice,
	    role_key[role]);
	free(advice);
}

/* Finds a font with fontconfig: a family name (its regular style), or a
 * fontconfig pattern such as "FandolSong:style=Bold".  Returns the file
 * (caller frees) and index, or NULL when no installed family has that
 * name. */
static char *
fc_find(FcConfig *fc, const char *spec, unsigned *index)
{
	FcPattern *pat, *match;
	FcResult res;
	FcChar8 *file, *fam, *want;
	char *path = NULL;
	int idx = 0, i;
	bool same = false;

	if (strchr(spec, ':') != NULL) {
		pat = FcNameParse((const FcChar8 *)spec);
		if (pat == NULL)
			return NULL;
	} else {
		pat = FcPatternCreate();
		FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)spec);
		/* Some families (Fandol) give their bold the regular
		 * weight: the style name tells them apart. */
		FcPatternAddString(pat, FC_STYLE, (const FcChar8 *)"Regular");
	}
	if (FcPatternGetString(pat, FC_FAMILY, 0, &want) != FcResultMatch) {
		FcPatternDestroy(pat);
		return NULL;
	}
	want = (FcChar8 *)xstrdup((const char *)want);
	FcConfigSubstitute(fc, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(fc, pat, &res);
	FcPatternDestroy(pat);
	if (match == NULL) {
		free(want);
		return NULL;
	}
	/* fontconfig always finds something: accept it only when one of its
	 * family names is the one asked for. */
	for (i = 0; FcPatternGetString(match, FC_FAMILY, i, &fam) ==
	    FcResultMatch; i++)
		if (strcasecmp((const char *)fam, (const char *)want) == 0)
			same = true;
	free(want);
	if (same && FcPatternGetString(match, FC_FILE, 0, &file) ==
	    FcResultMatch) {
		path = xstrdup((const char *)file);
		if (FcPatternGetInteger(match, FC_INDEX, 0, &idx) !=
		    FcResultMatch)
			idx = 0;
		*index = (unsigned)idx & 0xffff;
	}
	FcPatternDestroy(match);
	return path;
}

/* Splits "FILE.ttc:INDEX" into a path (caller frees) and index. */
static char *
split_index(const char *spec, unsigned *index)
{
	const char *colon = strrchr(spec, ':');
	const char *p;

	*index = 0;
	if (colon == NULL || colon[1] == '\0' || access(spec, F_OK) == 0)
		return xstrdup(spec);
	for (p = colon + 1; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return xstrdup(spec);
	*index = (unsigned)strtoul(colon + 1, NULL, 10);
	return xstrndup(spec, (size_t)(colon - spec));
}

static uint16_t
be16(const char *p)
{
	return (uint16_t)((unsigned char)p[0] << 8 | (unsigned char)p[1]);
}

static bool
has_table(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *b = hb_face_reference_table(face, tag);
	bool yes = hb_blob_get_length(b) > 0;

	hb_blob_destroy(b);
	return yes;
}

/* Checks that a face can be embedded; returns NULL or what is wrong, and
 * whether its outlines are CFF. */
static const char *
face_check(hb_face_t *face, bool *cff)
{
	hb_blob_t *os2;
	const char *data;
	unsigned len;
	uint16_t fstype = 0;

	*cff = false;
	if (hb_face_get_glyph_count(face) == 0)
		return "不是 kaohe 能读取的字体文件";
	if (!has_table(face, HB_TAG('g', 'l', 'y', 'f'))) {
		if (has_table(face, HB_TAG('C', 'F', 'F', '2')) &&
		    !has_table(face, HB_TAG('C', 'F', 'F', ' ')))
			return "是 CFF2（可变 OpenType）字体，kaohe 只能嵌入"
			    "TrueType 或 CFF 轮廓的静态字体";
		if (!has_table(face, HB_TAG('C', 'F', 'F', ' ')))
			return "没有字形轮廓（缺 glyf 与 CFF 表）";
		*cff = true;
	}
	if (!has_table(face, HB_TAG('h', 'm', 't', 'x')))
		return "没有字宽表（hmtx）";
	os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
	data = hb_blob_get_data(os2, &len);
	if (len >= 10)
		fstype = be16(data + 8);
	hb_blob_destroy(os2);
	if ((fstype & 0x000f) == 0x0002)
		return "字体许可禁止嵌入（OS/2 fsType 为受限许可）";
	if (fstype & 0x0200)
		return "字体许可只允许嵌入位图（OS/2 fsType）";
	if (fstype & 0x0100)
		return "字体许可禁止子集化（OS/2 fsType）";
	return NULL;
}

/* The mainland Chinese forms of the face: for each character whose glyph
 * the zh-Hans `locl` lookups of the Han script replace (Noto CJK is a
 * pan-CJK font: its em dash, for one, has a zh-Hans form), the glyph that
 * replaces it.  NULL when there are none. */
static hb_map_t *
face_locl(hb_face_t *face, hb_font_t *font)
{
	hb_tag_t scripts[HB_OT_MAX_TAGS_PER_SCRIPT + 1] = {0};
	hb_tag_t langs[HB_OT_MAX_TAGS_PER_LANGUAGE + 1] = {0};
	unsigned ns = HB_OT_MAX_TAGS_PER_SCRIPT, nl =
	    HB_OT_MAX_TAGS_PER_LANGUAGE;
	static const hb_tag_t feats[] = {HB_TAG('l', 'o', 'c', 'l'), 0};
	static const hb_feature_t only_locl[] = {
		{HB_TAG('l', 'o', 'c', 'l'), 1, 0, (unsigned)-1},
		{HB_TAG('c', 'c', 'm', 'p'), 0, 0, (unsigned)-1},
		{HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
		{HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
		{HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
		{HB_TAG('r', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
	};
	hb_language_t zh = hb_language_from_string("zh-Hans", -1);
	hb_set_t *lookups, *in, *cps;
	hb_map_t *m = NULL;
	hb_buffer_t *buf;
	hb_codepoint_t li = HB_SET_VALUE_INVALID, cp = HB_SET_VALUE_INVALID, g;

	if (!hb_ot_layout_has_substitution(face))
		return NULL;
	hb_ot_tags_from_script_and_language(HB_SCRIPT_HAN, zh, &ns, scripts,
	    &nl, langs);
	lookups = hb_set_create();
	hb_ot_layout_collect_lookups(face, HB_OT_TAG_GSUB, scripts, langs,
	    feats, lookups);
	in = hb_set_create();
	while (hb_set_next(lookups, &li))
		hb_ot_layout_lookup_collect_glyphs(face, HB_OT_TAG_GSUB, li,
		    NULL, in, NULL, NULL);
	hb_set_destroy(lookups);
	if (hb_set_is_empty(in)) {
		hb_set_destroy(in);
		return NULL;
	}
	/* Shape each character whose glyph a lookup takes, as zh-Hans. */
	cps = hb_set_create();
	hb_face_collect_unicodes(face, cps);
	buf = hb_buffer_create();
	while (hb_set_next(cps, &cp)) {
		hb_glyph_info_t *gi;
		unsigned n;
		uint32_t c = cp;

		if (!hb_font_get_nominal_glyph(font, cp, &g) ||
		    !hb_set_has(in, g))
			continue;
		hb_buffer_clear_contents(buf);
		hb_buffer_add_utf32(buf, &c, 1, 0, 1);
		hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
		hb_buffer_set_script(buf, HB_SCRIPT_HAN);
		hb_buffer_set_language(buf, zh);
		hb_shape(font, buf, only_locl, ARRAY_LEN(only_locl));
		gi = hb_buffer_get_glyph_infos(buf, &n);
		if (n == 1 && gi[0].codepoint != g && gi[0].codepoint != 0) {
			if (m == NULL)
				m = hb_map_create();
			hb_map_set(m, cp, gi[0].codepoint);
		}
	}
	hb_buffer_destroy(buf);
	hb_set_destroy(cps);
	hb_set_destroy(in);
	return m;
}

/* The PostScript name of a face, made of [A-Za-z0-9-] (caller frees). */
static char *
face_psname(hb_face_t *face, const char *path)
{
	char buf[128], *out;
	unsigned n = sizeof buf, i, j;

	buf[0] = '\0';
	if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
	    HB_LANGUAGE_INVALID, &n, buf) == 0) {
		const char *base = strrchr(path, '/');

		snprintf(buf, sizeof buf, "%s", base ? base + 1 : path);
	}
	out = xmalloc(strlen(buf) + 2);
	for (i = j = 0; buf[i] != '\0' && j < 60; i++)
		if (isalnum((unsigned char)buf[i]) || buf[i] == '-')
			out[j++] = buf[i];
	if (j == 0)
		out[j++] = 'F';
	out[j] = '\0';
	return out;
}

/* The ascent and descent of a face as PDF font descriptors give them,
 * which text extraction measures lines by: OS/2's typographic ascender and
 * descender when they span the em, as in CJK fonts (the ideographic em
 * box, so a line's box is its em), else hhea's ascender and descender,
 * else head's yMax and yMin. */
static void
face_extent(struct pdf_face *pf)
{
	hb_blob_t *b = hb_face_reference_table(pf->face,
	    HB_TAG('O', 'S', '/', '2'));
	const char *d;
	unsigned len;
	int a = 0, de = 0, upem = (int)(pf->upem ? pf->upem : 1000);

	d = hb_blob_get_data(b, &len);
	if (len >= 74) {
		a = (int16_t)be16(d + 68);
		de = (int16_t)be16(d + 70);
		if (a - de != upem)
			a = de = 0;
	}
	hb_blob_destroy(b);
	if (a == 0 && de == 0) {
		b = hb_face_reference_table(pf->face,
		    HB_TAG('h', 'h', 'e', 'a'));
		d = hb_blob_get_data(b, &len);
		if (len >= 8) {
			a = (int16_t)be16(d + 4);
			de = (int16_t)be16(d + 6);
		}
		hb_blob_destroy(b);
	}
	if (a == 0 && de == 0) {
		b = hb_face_reference_table(pf->face, HB_TAG('h', 'e', 'a', 'd'));
		d = hb_blob_get_data(b, &len);
		if (len >= 44) {
			a = (int16_t)be16(d + 42);
			de = (int16_t)be16(d + 38);
		}
		hb_blob_destroy(b);
	}
	pf->ascent = a * 1000 / upem;
	pf->descent = de * 1000 / upem;
}

/* Opens one font given by name or path for role; returns its index in
 * f->faces, or -1 after printing the error. */
static int
face_open(struct pdf_fonts *f, FcConfig *fc, enum font_role role,
    const char *spec)
{
	struct pdf_face *pf;
	hb_blob_t *blob;
	hb_face_t *face;
	const char *what;
	char *path, *msg;
	unsigned index = 0;
	size_t i;
	bool cff;

	if (strchr(spec, '/') != NULL) {
		path = split_index(spec, &index);
		if (access(path, R_OK) != 0) {
			msg = xasprintf("无法读取 %s：%s", path,
			    strerror(errno));
			font_error(role, spec, msg);
			free(msg);
			free(path);
			return -1;
		}
	} else if ((path = fc_find(fc, spec, &index)) == NULL) {
		font_error(role, spec, "系统中没有这个字体（可用 fc-list "
		    "查看已安装的字体）");
		return -1;
	}
	for (i = 0; i < f->nfaces; i++)
		if (strcmp(f->faces[i].path, path) == 0 &&
		    f->faces[i].index == index) {
			free(path);
			return (int)i;
		}
	blob = hb_blob_create_from_file_or_fail(path);
	if (blob == NULL) {
		font_error(role, spec, "无法读取该文件");
		free(path);
		return -1;
	}
	if (index >= hb_face_count(blob)) {
		msg = xasprintf("%s 中没有第 %u 个字体", path, index);
		font_error(role, spec, msg);
		free(msg);
		hb_blob_destroy(blob);
		free(path);
		return -1;
	}
	face = hb_face_create(blob, index);
	hb_blob_destroy(blob);
	if ((what = face_check(face, &cff)) != NULL) {
		font_error(role, spec, what);
		hb_face_destroy(face);
		free(path);
		return -1;
	}
	hb_face_make_immutable(face);
	f->faces = xrealloc(f->faces, (f->nfaces + 1) * sizeof *f->faces);
	pf = &f->faces[f->nfaces];
	pf->path = path;
	pf->index = index;
	pf->face = face;
	pf->upem = hb_face_get_upem(face);
	pf->font = hb_font_create(face);
	hb_font_make_immutable(pf->font);
	pf->cff = cff;
	pf->locl = face_locl(face, pf->font);
	pf->cffblob = NULL;
	pf->cffsub = NULL;
	if (cff) {
		unsigned len;
		const char *data;

		pf->cffblob = hb_face_reference_table(face, HB_TAG('C', 'F',
		    'F', ' '));
		data = hb_blob_get_data(pf->cffblob, &len);
		pf->cffsub = pdf_cff_open((const unsigned char *)data, len);
	}

	pf->psname = face_psname(face, path);
	face_extent(pf);
	return (int)f->nfaces++;
}

struct pdf_fonts *
pdf_fonts_open(const char *const names[FONT_NROLES])
{
	static atomic_uint_fast64_t serial;
	struct pdf_fonts *f = xcalloc(1, sizeof *f);
	FcConfig *fc;
	const char *spec;
	char *list, *item, *save;
	size_t fb[PDF_MAX_CHAIN], nfb = 0, i;
	int r, ix;
	bool ok = true;

	f->serial = (uint64_t)atomic_fetch_add(&serial, 1) + 1;
	fc = FcInitLoadConfigAndFonts();
	if (access(FANDOL_DIR, R_OK) == 0)
		FcConfigAppFontAddDir(fc, (const FcChar8 *)FANDOL_DIR);
	/* Fallback list first: every role's chain ends with it. */
	spec = names && names[FONT_FALLBACK] && *names[FONT_FALLBACK] ?
	    names[FONT_FALLBACK] : role_default[FONT_FALLBACK];
	list = xstrdup(spec);
	for (item = strtok_r(list, ";", &save); item != NULL;
	    item = strtok_r(NULL, ";", &save)) {
		while (*item == ' ' || *item == '\t')
			item++;
		for (i = strlen(item); i > 0 && (item[i - 1] == ' ' ||
		    item[i - 1] == '\t'); i--)
			item[i - 1] = '\0';
		if (*item == '\0')
			continue;
		if ((ix = face_open(f, fc, FONT_FALLBACK, item)) < 0)
			ok = false;
		else if (nfb < PDF_MAX_CHAIN - 1)
			fb[nfb++] = (size_t)ix;
	}
	free(list);
	for (r = 0; r < FONT_NROLES; r++) {
		if (r == FONT_FALLBACK) {
			memcpy(f->chain[r], fb, nfb * sizeof *fb);
			f->nchain[r] = nfb;
			continue;
		}
		spec = names && names[r] && *names[r] ?
		    names[r] : role_default[r];
		if ((ix = face_open(f, fc, (enum font_role)r, spec)) < 0) {
			ok = false;
			continue;
		}
		f->chain[r][0] = (size_t)ix;
		f->spec[r] = xstrdup(spec);
		f->nchain[r] = 1;
		for (i = 0; i < nfb; i++)
			if (fb[i] != (size_t)ix)
				f->chain[r][f->nchain[r]++] = fb[i];
	}
	FcConfigDestroy(fc);
	if (!ok) {
		pdf_fonts_free(f);
		return NULL;
	}
	return f;
}

void
pdf_fonts_free(struct pdf_fonts *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nfaces; i++) {
		hb_font_destroy(f->faces[i].font);
		hb_face_destroy(f->faces[i].face);
		hb_map_destroy(f->faces[i].locl);
		pdf_cff_close(f->faces[i].cffsub);
		hb_blob_destroy(f->faces[i].cffblob);
		free(f->faces[i].path);
		free(f->faces[i].psname);
	}
	free(f->faces);
	for (i = 0; i < FONT_NROLES; i++)
		free(f->spec[i]);
	free(f);
}

int
pdf_fonts_face_for(const struct pdf_fonts *f, enum font_role role,
    uint32_t cp)
{
	hb_codepoint_t g;
	size_t i;

	for (i = 0; i < f->nchain[role]; i++)
		if (hb_font_get_nominal_glyph(f->faces[f->chain[role][i]].font,
		    cp, &g) && g != 0)
			return (int)f->chain[role][i];
	return -1;
}

long
pdf_fonts_missing(const struct pdf_fonts *f, enum font_role role,
    const char *utf8, size_t len, uint32_t *cp)
{
	size_t i = 0, k;
	uint32_t c;

	while (i < len) {
		if ((k = utf8_decode(utf8 + i, len - i, &c)) == 0) {
			i++;
			continue;
		}
		/* as the drawing's resolve(): these are never drawn */
		if (!(c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xfeff ||
		    c == 0x200b) && pdf_fonts_face_for(f, role, c) < 0) {
			*cp = c;
			return (long)i;
		}
		i += k;
	}
	return -1;
}

hb_codepoint_t
pdf_face_glyph(const struct pdf_face *face, uint32_t cp)
{
	hb_codepoint_t g = 0;

	if (face->locl != NULL && hb_map_has(face->locl, cp))
		return hb_map_get(face->locl, cp);
	if (!hb_font_get_nominal_glyph(face->font, cp, &g))
		g = 0;
	return g;
}

int
pdf_face_advance(const struct pdf_face *face, uint32_t cp)
{
	hb_codepoint_t g = pdf_face_glyph(face, cp);
	hb_position_t adv;

	adv = hb_font_get_glyph_h_advance(face->font, g);
	return (int)((long)adv * 1000 / (long)face->upem);
}

/* ------------------------------------------------------------------ */
/* Coverage of a run's texts by each role's own font                   */

struct pdf_coverage {
	const struct pdf_fonts *fonts;
	hb_set_t *chars;   /* the distinct characters drawn */
};

/* The roles that set text (the fallback list is not one). */
static const enum font_role text_role[] = {
	FONT_SONG, FONT_HEI, FONT_KAI, FONT_FANGSONG, FONT_XIAOBIAOSONG,
};

struct pdf_coverage *
pdf_coverage_new(const struct pdf_fonts *f)
{
	struct pdf_coverage *c = xcalloc(1, sizeof *c);

	c->fonts = f;
	c->chars = hb_set_create();
	return c;
}

void
pdf_coverage_add(struct pdf_coverage *c, const char *utf8)
{
	size_t i = 0, k, len;
	uint32_t cp;

	if (utf8 == NULL)
		return;
	len = strlen(utf8);
	while (i < len) {
		if ((k = utf8_decode(utf8 + i, len - i, &cp)) == 0) {
			i++;
			continue;
		}
		i += k;
		/* as drawing: controls are not drawn, a tab is a space */
		if (cp <= 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfeff ||
		    cp == 0x200b)
			continue;
		hb_set_add(c->chars, cp);
	}
}

size_t
pdf_coverage_missing(const struct pdf_coverage *c, enum font_role role,
    size_t *distinct, uint32_t *example)
{
	hb_codepoint_t cp = HB_SET_VALUE_INVALID, g;
	const struct pdf_face *face;
	size_t miss = 0;

	*distinct = hb_set_get_population(c->chars);
	*example = 0;
	if (c->fonts->nchain[role] == 0)
		return 0;
	face = &c->fonts->faces[c->fonts->chain[role][0]];
	while (hb_set_next(c->chars, &cp))
		if (!hb_font_get_nominal_glyph(face->font, cp, &g) || g == 0) {
			if (miss++ == 0)
				*example = cp;
		}
	return miss;
}

int
pdf_coverage_check(const struct pdf_coverage *c)
{
	size_t r, d, miss;
	uint32_t ex;
	int bad = 0;

	for (r = 0; r < ARRAY_LEN(text_role); r++) {
		enum font_role role = text_role[r];
		char u[8] = "", *what;

		miss = pdf_coverage_missing(c, role, &d, &ex);
		if (miss * 10 <= d || c->fonts->spec[role] == NULL)
			continue;
		u[utf8_encode(ex, u)] = '\0';
		what = xasprintf("缺少要用它排印的 %zu 个不同字符中的 %zu 个"
		    "（如“%s”，U+%04X），不是适合这个角色的中文字体", d, miss,
		    u, (unsigned)ex);
		font_error(role, c->fonts->spec[role], what);
		free(what);
		bad++;
	}
	return bad;
}

void
pdf_coverage_free(struct pdf_coverage *c)
{
	if (c == NULL)
		return;
	hb_set_destroy(c->chars);
	free(c);
}
