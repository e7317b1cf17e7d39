/* pdf_write.c: saving a document: the batch's shared font parts, font
 * objects, content streams and the file, through libharu's object writer
 * with its 2.3.0 defects repaired. */
#include "pdf/pdf_doc.h"

#include <errno.h>
#include <hb-ot.h>
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "diag.h"
#include "pdf/pdf_pack.h"
#include "pdf/pdf_pdfa.h"
#include "pdf/pdf_subset.h"
#include "util.h"

#define TJ_MAX 4096   /* codes in one string of a content stream */

/* ------------------------------------------------------------------ */
/* Saving                                                               */

struct haru_err {
	HPDF_STATUS code, detail;
};

static void
haru_handler(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct haru_err *e = data;

	if (e->code == 0) {
		e->code = code;
		e->detail = detail;
	}
}

/* Appends v with at most two decimals, no trailing zeros. */
static void
put_num(struct buf *b, double v)
{
	long c = lround(v * 100);
	char tmp[32];
	int n;

	if (c < 0) {
		buf_addc(b, '-');
		c = -c;
	}
	n = snprintf(tmp, sizeof tmp, "%ld", c / 100);
	buf_add(b, tmp, (size_t)n);
	c %= 100;
	if (c != 0) {
		buf_addc(b, '.');
		buf_addc(b, (char)('0' + c / 10));
		if (c % 10 != 0)
			buf_addc(b, (char)('0' + c % 10));
	}
}

/* Appends a character spacing to 0.0001 point: it adds up along a run
 * of characters, which must end where the next run starts. */
static void
put_tc(struct buf *b, double v)
{
	long c = lround(v * 10000);

	if (c < 0) {
		buf_addc(b, '-');
		c = -c;
	}
	buf_printf(b, "%ld", c / 10000);
	if (c % 10000 != 0) {
		char tmp[8];
		int n = snprintf(tmp, sizeof tmp, ".%04ld", c % 10000);

		while (n > 1 && tmp[n - 1] == '0')
			n--;
		buf_add(b, tmp, (size_t)n);
	}
}

/* Appends "v " for each of the n coordinates, to 0.1 point (0.035 mm:
 * below what a printer shows, and a tenth the digits of libharu's). */
static void
put_nums(struct buf *b, const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		put_num(b, round(v[i] * 10) / 10);
		buf_addc(b, ' ');
	}
}

/* Appends a colour operator (op "rg" or "RG", or "g"/"G" for greys). */
static void
put_color(struct buf *b, uint32_t c, bool stroke)
{
	double r = (c >> 16 & 0xff) / 255.0, g = (c >> 8 & 0xff) / 255.0,
	    bl = (c & 0xff) / 255.0;
	double rgb[3] = {r, g, bl};

	/* Three decimals: 0.01 steps would shift greys visibly. */
	if ((c >> 16 & 0xff) == (c & 0xff) && (c >> 8 & 0xff) == (c & 0xff)) {
		buf_printf(b, "%.3g %s\n", r, stroke ? "G" : "g");
		return;
	}
	buf_printf(b, "%.3g %.3g %.3g %s\n", rgb[0], rgb[1], rgb[2],
	    stroke ? "RG" : "rg");
}

/* A font of the document: what a face draws from the batch's shared
 * part (odd index) or from the document's own subset (even index). */
struct part {
	const struct pdf_subset *sub; /* NULL: not in the document */
	HPDF_Dict font;
	char name[24];                /* resource name, "F<index + 1>" */
};

/* Appends a 2-byte code to an open literal string. */
static void
put_code(struct buf *b, uint16_t code)
{
	unsigned char by[2] = {(unsigned char)(code >> 8),
	    (unsigned char)(code & 0xff)};
	int j;

	for (j = 0; j < 2; j++) {
		switch (by[j]) {
		case '(': case ')': case '\\':
			buf_addc(b, '\\');
			buf_addc(b, (char)by[j]);
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		default:
			buf_addc(b, (char)by[j]);
		}
	}
}

/* Appends the Tj strings of a text run, switching between the face's
 * shared and own fonts where its characters change between them (the
 * text position runs on by the widths, so no move is needed).  *font and
 * *size are the font and size in force. */
static void
put_text(struct buf *b, const struct pdf_doc *doc, const struct pdf_op *op,
    const struct part *parts, int *font, double *size)
{
	bool open = false;
	size_t k, run = 0;

	for (k = 0; k < op->n; k++) {
		uint32_t cp = doc->pool[op->off + k];
		int pi = 2 * op->face;
		uint16_t code = 0;

		if (parts[pi + 1].sub != NULL &&
		    (code = pdf_subset_code(parts[pi + 1].sub, cp)) != 0)
			pi++;
		else if (parts[pi].sub != NULL)
			code = pdf_subset_code(parts[pi].sub, cp);
		if (parts[pi].font == NULL)
			continue;
		if (pi != *font || op->size != *size) {
			if (open)
				buf_adds(b, ")Tj\n");
			open = false;
			*font = pi;
			*size = op->size;
			buf_printf(b, "/%s ", parts[pi].name);
			put_num(b, *size);
			buf_adds(b, " Tf\n");
		}
		/* Strings of at most TJ_MAX codes: readers' limit on a
		 * string is 32,767 bytes (the position runs on). */
		if (open && ++run > TJ_MAX) {
			buf_adds(b, ")Tj\n");
			open = false;
		}
		if (!open) {
			buf_addc(b, '(');
			run = 1;
		}
		open = true;
		put_code(b, code);
	}
	if (open)
		buf_adds(b, ")Tj\n");
}

static HPDF_STATUS write_flate_key(HPDF_Dict d, HPDF_Stream s);
static HPDF_Dict stream_obj(HPDF_Doc pdf, const char *data, size_t len,
    bool z);

/* Deflates len bytes of data into out at zlib's best compression;
 * 0 or -1. */
static int
zdeflate(const char *data, size_t len, struct buf *out)
{
	uLongf n = compressBound((uLong)len);

	out->len = 0;
	out->s = xrealloc(out->s, (size_t)n + 1);
	out->cap = (size_t)n + 1;
	if (compress2((Bytef *)out->s, &n, (const Bytef *)data, (uLong)len,
	    Z_BEST_COMPRESSION) != Z_OK)
		return -1;
	out->len = (size_t)n;
	out->s[n] = '\0';
	return 0;
}

/* A form painted among a page's ops: before the text of op `at`. */
struct mark {
	size_t at;
	const char *name;
};

/* Appends to s the content of the ops sel[0..n) of page p, as a content
 * stream of its own (no state assumed), with the forms of marks[0..nm)
 * (in op order) painted where their text falls in reading order. */
static void
draw_ops(const struct pdf_doc *doc, const struct pdf_page *p,
    const size_t *sel, size_t n, const struct part *parts, struct buf *s,
    const struct mark *marks, size_t nm)
{
	const struct pdf_op *op;
	double h = p->h, width = 1, cs = 0, size = 0, tx = 0, ty = 0;
	uint32_t fill = 0, stroke = 0;
	bool dash = false, intext = false;
	size_t i, k, *order, nord = 0;
	int font = -1, pass;

	/* Fills first, then rules, then text, each in the order drawn: fills
	 * stay under the rules, and the page's text is one BT block and its
	 * rules a few paths, which deflate the better (a 1,200-page report:
	 * 4 % smaller). */
	order = xmalloc((n + 1) * sizeof *order);
	for (pass = 0; pass < 3; pass++)
		for (k = 0; k < n; k++)
			if (p->ops[sel[k]].kind == (pass == 0 ? PDF_OP_RECT :
			    pass == 1 ? PDF_OP_LINE : PDF_OP_TEXT))
				order[nord++] = sel[k];
	for (k = 0; k <= nord; k++) {
		i = k < nord ? order[k] : SIZE_MAX;
		/* the forms before this text (all of them at the end) */
		while (nm > 0 && (k == nord || (p->ops[i].kind == PDF_OP_TEXT &&
		    marks->at < i))) {
			if (intext)
				buf_adds(s, "ET\n");
			intext = false;
			buf_printf(s, "/%s Do\n", marks->name);
			marks++;
			nm--;
		}
		if (k == nord)
			break;
		op = &p->ops[i];
		if (op->kind != PDF_OP_TEXT && intext) {
			buf_adds(s, "ET\n");
			intext = false;
		}
		switch (op->kind) {
		case PDF_OP_NONE:
			break;
		case PDF_OP_TEXT:
			if (!intext) {
				buf_adds(s, "BT\n");
				intext = true;
				tx = ty = 0;
			}
			if (op->cs != cs) {
				cs = op->cs;
				put_tc(s, cs);
				buf_adds(s, " Tc\n");
			}
			if (op->color != fill) {
				fill = op->color;
				put_color(s, fill, false);
			}
			{
				/* Spaced (justified) runs to 0.01 point, so that a
				 * line's runs meet; others to 0.1 point (0.04 mm),
				 * which keeps a long report's streams 3 % smaller. */
				double x = op->cs != 0 ? round(op->x * 100) / 100 :
				    round(op->x * 10) / 10;
				double y = round((h - op->y) * 10) / 10;

				put_num(s, x - tx);
				buf_addc(s, ' ');
				put_num(s, y - ty);
				buf_adds(s, " Td");
				tx = x;
				ty = y;
			}
			put_text(s, doc, op, parts, &font, &size);
			break;
		case PDF_OP_LINE:
			if (op->size != width) {
				width = op->size;
				put_num(s, width);
				buf_adds(s, " w\n");
			}
			if (op->color != stroke) {
				stroke = op->color;
				put_color(s, stroke, true);
			}
			if (op->dash != dash) {
				dash = op->dash;
				buf_adds(s, dash ? "[4 3] 0 d\n" : "[] 0 d\n");
			}
			{
				double v[4] = {op->x, h - op->y, op->x2,
				    h - op->y2};

				const struct pdf_op *nx = k + 1 < nord ?
				    &p->ops[order[k + 1]] : NULL;

				put_nums(s, v, 2);
				buf_adds(s, "m ");
				put_nums(s, v + 2, 2);
				/* Lines of one look make one path. */
				if (nx != NULL && nx->kind == PDF_OP_LINE &&
				    nx->size == width && nx->color == stroke &&
				    nx->dash == dash)
					buf_adds(s, "l\n");
				else
					buf_adds(s, "l S\n");
			}
			break;
		case PDF_OP_RECT:
			if (op->fill >= 0 && (uint32_t)op->fill != fill) {
				fill = (uint32_t)op->fill;
				put_color(s, fill, false);
			}
			if (op->size > 0 && op->size != width) {
				width = op->size;
				put_num(s, width);
				buf_adds(s, " w\n");
			}
			if (op->size > 0 && stroke != 0) {
				stroke = 0;
				put_color(s, 0, true);
			}
			if (op->size > 0 && dash) {
				dash = false;
				buf_adds(s, "[] 0 d\n");
			}
			{
				double v[4] = {op->x, h - (op->y + op->y2),
				    op->x2, op->y2};

				put_nums(s, v, 4);
			}
			if (op->fill >= 0 && op->size > 0)
				buf_adds(s, "re B\n");
			else if (op->fill >= 0)
				buf_adds(s, "re f\n");
			else
				buf_adds(s, "re S\n");
			break;
		}
	}
	if (intext)
		buf_adds(s, "ET\n");
	free(order);
}

/* A group of ops (pdf_group_begin()) that some pages draw alike, such as
 * a table's repeated caption and header: drawn once as a form XObject
 * that each of those pages paints (ISO 32000-1 8.10).  A long report's
 * pages then hold only their own rows. */
struct form {
	struct buf content;     /* the group's content stream */
	double w, h;            /* the page's size (the form's box) */
	uint64_t hash;
	unsigned count;         /* pages drawing it */
	bool fills;             /* it fills areas */
	HPDF_Dict obj;          /* when count > 1 */
	char name[16];          /* resource name, "X<n>" */
};

struct forms {
	struct form *f;
	size_t n, cap;
	size_t *slot;           /* hash table of f indexes + 1 */
	size_t capslot;
	size_t **page_forms;    /* per page: the form of each run of group
	                           ops, in order, SIZE_MAX ended */
};

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

/* The form with content c on a w × h page (made when new, taking c). */
static size_t
form_find(struct forms *fs, struct buf *c, double w, double h)
{
	uint64_t hash = fnv(c->s, c->len);
	size_t mask, i, k;

	if (2 * (fs->n + 1) > fs->capslot) {
		fs->capslot = fs->capslot ? 2 * fs->capslot : 64;
		free(fs->slot);
		fs->slot = xcalloc(fs->capslot, sizeof *fs->slot);
		for (k = 0; k < fs->n; k++) {
			for (i = fs->f[k].hash & (fs->capslot - 1);
			    fs->slot[i] != 0; i = (i + 1) & (fs->capslot - 1))
				;
			fs->slot[i] = k + 1;
		}
	}
	mask = fs->capslot - 1;
	for (i = hash & mask; fs->slot[i] != 0; i = (i + 1) & mask) {
		struct form *f = &fs->f[fs->slot[i] - 1];

		if (f->hash == hash && f->w == w && f->h == h &&
		    f->content.len == c->len &&
		    memcmp(f->content.s, c->s, c->len) == 0) {
			f->count++;
			return fs->slot[i] - 1;
		}
	}
	xgrow(&fs->f, &fs->cap, fs->n + 1, sizeof *fs->f);
	memset(&fs->f[fs->n], 0, sizeof fs->f[fs->n]);
	fs->f[fs->n].content = *c;
	memset(c, 0, sizeof *c);
	fs->f[fs->n].hash = hash;
	fs->f[fs->n].w = w;
	fs->f[fs->n].h = h;
	fs->f[fs->n].count = 1;
	fs->slot[i] = fs->n + 1;
	return fs->n++;
}

/* Finds each page's groups and their forms; makes the XObjects of those
 * drawn on more than one page and names them in res.  0, or -1. */
static int
forms_make(const struct pdf_doc *doc, HPDF_Doc pdf, HPDF_Dict res,
    const struct part *parts, struct forms *fs)
{
	HPDF_Dict xd = NULL, fres = NULL;
	size_t pg, i, k, *sel = NULL, cap = 0, nx = 0;

	fs->page_forms = xcalloc(doc->npages + 1, sizeof *fs->page_forms);
	for (pg = 0; pg < doc->npages; pg++) {
		const struct pdf_page *p = &doc->pages[pg];
		size_t ng = 0;

		for (i = 0; i < p->nops; i++)
			if (p->ops[i].group != 0 && (i == 0 ||
			    p->ops[i - 1].group != p->ops[i].group))
				ng++;
		fs->page_forms[pg] = xcalloc(ng + 1, sizeof (size_t));
		ng = 0;
		for (i = 0; i < p->nops; i++) {
			uint32_t g = p->ops[i].group;
			struct buf c = {0};
			size_t n = 0;

			if (g == 0 || (i > 0 && p->ops[i - 1].group == g))
				continue;
			for (k = i; k < p->nops && p->ops[k].group == g; k++) {
				xgrow(&sel, &cap, n + 1, sizeof *sel);
				sel[n++] = k;
			}
			/* a form starts from the state of the page that
			 * paints it: set what draw_ops() takes as given */
			buf_adds(&c, "0 g 0 G 1 w [] 0 d 0 Tc\n");
			draw_ops(doc, p, sel, n, parts, &c, NULL, 0);
			fs->page_forms[pg][ng] = form_find(fs, &c, p->w, p->h);
			for (k = 0; k < n; k++)
				if (p->ops[sel[k]].kind == PDF_OP_RECT &&
				    p->ops[sel[k]].fill >= 0)
					fs->f[fs->page_forms[pg][ng]].fills = true;
			ng++;
			buf_free(&c);
		}
		fs->page_forms[pg][ng] = SIZE_MAX;
	}
	free(sel);
	for (k = 0; k < fs->n; k++) {
		struct form *f = &fs->f[k];
		struct buf z = {0};
		HPDF_Array box;

		if (f->count < 2)
			continue;
		/* the forms' resources: the pages' fonts */
		if (xd == NULL && ((xd = HPDF_Dict_New(pdf->mmgr)) == NULL ||
		    HPDF_Dict_Add(res, "XObject", xd) != HPDF_OK ||
		    (fres = HPDF_Dict_New(pdf->mmgr)) == NULL ||
		    HPDF_Xref_Add(pdf->xref, fres) != HPDF_OK ||
		    HPDF_Dict_Add(fres, "Font", HPDF_Dict_GetItem(res, "Font",
		    HPDF_OCLASS_DICT)) != HPDF_OK))
			return -1;
		if (zdeflate(f->content.s, f->content.len, &z) != 0 ||
		    (f->obj = stream_obj(pdf, z.s, z.len, true)) == NULL ||
		    (box = HPDF_Array_New(pdf->mmgr)) == NULL) {
			buf_free(&z);
			return -1;
		}
		buf_free(&z);
		HPDF_Array_AddReal(box, 0);
		HPDF_Array_AddReal(box, 0);
		HPDF_Array_AddReal(box, (HPDF_REAL)f->w);
		HPDF_Array_AddReal(box, (HPDF_REAL)f->h);
		snprintf(f->name, sizeof f->name, "X%zu", ++nx);
		if (HPDF_Dict_AddName(f->obj, "Type", "XObject") != HPDF_OK ||
		    HPDF_Dict_AddName(f->obj, "Subtype", "Form") != HPDF_OK ||
		    HPDF_Dict_Add(f->obj, "BBox", box) != HPDF_OK ||
		    HPDF_Dict_Add(f->obj, "Resources", fres) != HPDF_OK ||
		    HPDF_Dict_Add(xd, f->name, f->obj) != HPDF_OK)
			return -1;
	}
	return 0;
}

static void
forms_free(struct forms *fs, size_t npages)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		buf_free(&fs->f[i].content);
	free(fs->f);
	free(fs->slot);
	for (i = 0; fs->page_forms != NULL && i < npages; i++)
		free(fs->page_forms[i]);
	free(fs->page_forms);
}

/* Writes page pg's display list as a content stream into the page: its
 * ops, and the forms of its groups that other pages share.  A form with
 * fills (a table's header) is painted first, under the page's rules; the
 * others where their text falls in reading order. */
static void
page_draw(const struct pdf_doc *doc, size_t pg, HPDF_Page page,
    const struct part *parts, const struct forms *fs)
{
	const struct pdf_page *p = &doc->pages[pg];
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	struct buf s = {0};
	size_t i, run, n = 0, nm = 0;
	size_t *sel = xmalloc((p->nops + 1) * sizeof *sel);
	struct mark *marks = xmalloc((p->nops + 1) * sizeof *marks);
	const struct form *f = NULL;

	HPDF_Page_SetWidth(page, (float)p->w);
	HPDF_Page_SetHeight(page, (float)p->h);
	/* the page's runs of group ops, in order, and their forms */
	for (i = 0, run = 0; i < p->nops; i++) {
		uint32_t g = p->ops[i].group;

		if (g != 0 && (i == 0 || p->ops[i - 1].group != g)) {
			f = &fs->f[fs->page_forms[pg][run++]];
			if (f->count > 1 && f->fills)
				buf_printf(&s, "/%s Do\n", f->name);
			else if (f->count > 1) {
				marks[nm].at = i;
				marks[nm++].name = f->name;
			}
		}
		if (g == 0 || f->count < 2)
			sel[n++] = i;
	}
	draw_ops(doc, p, sel, n, parts, &s, marks, nm);
	free(sel);
	free(marks);
	if (s.len > 0) {
		/* Deflated here at zlib's best (2 % smaller than libharu's
		 * default level on a long report), sent as it is. */
		struct buf z = {0};

		if (zdeflate(s.s, s.len, &z) == 0) {
			attr->contents->filter = HPDF_STREAM_FILTER_NONE;
			attr->contents->write_fn = write_flate_key;
			HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)z.s,
			    (HPDF_UINT)z.len);
		} else {
			HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)s.s,
			    (HPDF_UINT)s.len);
		}
		buf_free(&z);
	}
	buf_free(&s);
}

/* Writes the filter of a stream whose data is deflated already: libharu
 * writes such data as it is (its filter is none) and would drop a Filter
 * entry of the dictionary, but this is called after the entries. */
static HPDF_STATUS
write_flate_key(HPDF_Dict d, HPDF_Stream s)
{
	(void)d;
	return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

/* A stream object holding len bytes of data: deflated already (z), or
 * to be deflated by libharu.  NULL on failure. */
static HPDF_Dict
stream_obj(HPDF_Doc pdf, const char *data, size_t len, bool z)
{
	HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);

	if (d == NULL)
		return NULL;
	if (z)
		d->write_fn = write_flate_key;
	else
		d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	if (HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data,
	    (HPDF_UINT)len) != HPDF_OK)
		return NULL;
	return d;
}

/* The PDF/A-2u parts of a document (pdf_pdfa.h): the Info dictionary's
 * producer, creator and dates as the XMP metadata stream (not deflated,
 * so that it can be read without the PDF) gives them, the sRGB output
 * intent and the trailer's /ID (zeros, filled by pdf_fix_ids()).
 * Returns 0, or -1 with *err set. */
static int
pdfa_parts(HPDF_Doc pdf, const struct pdf_doc *doc, char *const info[4],
    char **err)
{
	HPDF_MMgr mm = pdf->mmgr;
	struct pdf_meta m;
	struct buf xmp = {0};
	char date[32];
	static const unsigned char zero[16];
	HPDF_Dict meta, icc, oi;
	HPDF_Array ois, id;
	HPDF_STATUS st = HPDF_OK;
	const char *profile;
	size_t plen;

	(void)doc;
	if ((profile = pdf_srgb_icc(&plen, err)) == NULL)
		return -1;
	memset(&m, 0, sizeof m);
	m.title = info[0];
	m.author = info[1];
	m.subject = info[2];
	m.keywords = info[3];
	m.creator = "kaohe " KAOHE_VERSION;
	m.producer = "kaohe " KAOHE_VERSION " (libharu " HPDF_VERSION_TEXT
	    ")";
	m.date = pdf_doc_time();
	pdf_date_pdf(m.date, date);
	st += HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, m.creator);
	st += HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, m.producer);
	st += HPDF_Dict_Add(pdf->info, "CreationDate", HPDF_String_New(mm,
	    date, NULL));
	st += HPDF_Dict_Add(pdf->info, "ModDate", HPDF_String_New(mm, date,
	    NULL));
	pdf_xmp(&m, &xmp);
	meta = HPDF_DictStream_New(mm, pdf->xref);
	icc = stream_obj(pdf, profile, plen, false);
	oi = HPDF_Dict_New(mm);
	ois = HPDF_Array_New(mm);
	id = HPDF_Array_New(mm);
	if (meta == NULL || icc == NULL || oi == NULL || ois == NULL ||
	    id == NULL) {
		buf_free(&xmp);
		*err = xstrdup("out of memory");
		return -1;
	}
	meta->filter = HPDF_STREAM_FILTER_NONE;
	st += HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)xmp.s,
	    (HPDF_UINT)xmp.len);
	buf_free(&xmp);
	st += HPDF_Dict_AddName(meta, "Type", "Metadata");
	st += HPDF_Dict_AddName(meta, "Subtype", "XML");
	st += HPDF_Dict_Add(pdf->catalog, "Metadata", meta);
	st += HPDF_Dict_AddNumber(icc, "N", 3);
	st += HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	st += HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
	st += HPDF_Dict_Add(oi, "OutputConditionIdentifier",
	    HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
	st += HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm,
	    "sRGB IEC61966-2.1", NULL));
	st += HPDF_Dict_Add(oi, "DestOutputProfile", icc);
	st += HPDF_Array_Add(ois, oi);
	st += HPDF_Dict_Add(pdf->catalog, "OutputIntents", ois);
	st += HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)zero, 16));
	st += HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)zero, 16));
	st += HPDF_Dict_Add(pdf->trailer, "ID", id);
	pdf->pdf_version = HPDF_VER_17;
	if (st != HPDF_OK) {
		*err = xstrdup("cannot write the PDF/A metadata");
		return -1;
	}
	return 0;
}

/* Deflates len bytes of data into out with libharu's zlib; 0 or -1. */
static int
haru_deflate(HPDF_MMgr mm, const char *data, size_t len, struct buf *out)
{
	HPDF_Stream src = HPDF_MemStream_New(mm, 65536);
	HPDF_Stream dst = HPDF_MemStream_New(mm, 65536);
	HPDF_BYTE tmp[8192];
	int rc = -1;

	if (src != NULL && dst != NULL && HPDF_Stream_Write(src,
	    (const HPDF_BYTE *)data, (HPDF_UINT)len) == HPDF_OK &&
	    HPDF_Stream_WriteToStream(src, dst,
	    HPDF_STREAM_FILTER_FLATE_DECODE, NULL) == HPDF_OK &&
	    HPDF_Stream_Seek(dst, 0, HPDF_SEEK_SET) == HPDF_OK) {
		for (;;) {
			HPDF_UINT n = sizeof tmp;
			HPDF_STATUS st = HPDF_Stream_Read(dst, tmp, &n);

			buf_add(out, (const char *)tmp, n);
			if (st == HPDF_STREAM_EOF) {
				rc = 0;
				break;
			}
			if (st != HPDF_OK)
				break;
		}
	}
	if (src != NULL)
		HPDF_Stream_Free(src);
	if (dst != NULL)
		HPDF_Stream_Free(dst);
	return rc;
}

static int
width_cmp(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return x < y ? -1 : x > y;
}

/* The W array of a subset's drawn glyphs: ranges of one width, runs of
 * consecutive codes, and nothing for the commonest width (*dw). */
static HPDF_Array
widths_array(HPDF_Doc pdf, const struct pdf_subset *sub, unsigned *dw)
{
	const struct pdf_glyph *g = sub->glyphs;
	size_t n = sub->nglyphs_drawn, i, j, best = 0;
	uint16_t *w = xmalloc((n + 1) * sizeof *w);
	HPDF_Array arr = HPDF_Array_New(pdf->mmgr), part = NULL;
	unsigned next = 0;
	HPDF_STATUS st = HPDF_OK;

	*dw = 1000;
	for (i = 0; i < n; i++)
		w[i] = g[i].width;
	qsort(w, n, sizeof *w, width_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && w[j] == w[i]; j++)
			;
		if (j - i > best) {
			best = j - i;
			*dw = w[i];
		}
	}
	free(w);
	if (arr == NULL)
		return NULL;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && g[j].width == g[i].width &&
		    g[j].code == g[j - 1].code + 1; j++)
			;
		if (g[i].width == *dw) {
			part = NULL;
			continue;
		}
		if (j - i >= 3) {
			st += HPDF_Array_AddNumber(arr, g[i].code);
			st += HPDF_Array_AddNumber(arr, g[j - 1].code);
			st += HPDF_Array_AddNumber(arr, g[i].width);
			part = NULL;
			continue;
		}
		if (part == NULL || g[i].code != next) {
			part = HPDF_Array_New(pdf->mmgr);
			st += HPDF_Array_AddNumber(arr, g[i].code);
			st += HPDF_Array_Add(arr, part);
		}
		for (; i < j; i++)
			st += HPDF_Array_AddNumber(part, g[i].width);
		next = g[j - 1].code + 1u;
	}
	return st == HPDF_OK ? arr : NULL;
}

/* The font objects of a subset (Type0 font, CIDFontType2 or CIDFontType0,
 * descriptor, font file, ToUnicode); font_z and tu_z, when not NULL, are the font file
 * and ToUnicode CMap deflated already.  Returns the Type0 font, or NULL
 * (libharu's error is in its handler). */
static HPDF_Dict
font_objects(HPDF_Doc pdf, const struct pdf_face *face,
    const struct pdf_subset *sub, const struct buf *font_z,
    const struct buf *tu_z)
{
	HPDF_MMgr mm = pdf->mmgr;
	HPDF_Dict type0, cid, desc, ff, tu, si;
	HPDF_Array arr, w;
	struct buf cmap = {0};
	hb_position_t cap = 0;
	unsigned dw;
	char *name;
	HPDF_STATUS st = HPDF_OK;
	size_t i;

	if (font_z != NULL)
		ff = stream_obj(pdf, font_z->s, font_z->len, true);
	else
		ff = stream_obj(pdf, sub->data, sub->size, false);
	if (tu_z != NULL) {
		tu = stream_obj(pdf, tu_z->s, tu_z->len, true);
	} else {
		pdf_subset_tounicode(sub, &cmap);
		tu = stream_obj(pdf, cmap.s, cmap.len, false);
		buf_free(&cmap);
	}
	desc = HPDF_Dict_New(mm);
	cid = HPDF_Dict_New(mm);
	type0 = HPDF_Dict_New(mm);
	si = HPDF_Dict_New(mm);
	w = widths_array(pdf, sub, &dw);
	if (ff == NULL || tu == NULL || desc == NULL || cid == NULL ||
	    type0 == NULL || si == NULL || w == NULL ||
	    HPDF_Xref_Add(pdf->xref, desc) != HPDF_OK ||
	    HPDF_Xref_Add(pdf->xref, cid) != HPDF_OK ||
	    HPDF_Xref_Add(pdf->xref, type0) != HPDF_OK)
		return NULL;
	name = xasprintf("%s+%s", sub->tag, face->psname);
	if (sub->cff)
		st += HPDF_Dict_AddName(ff, "Subtype", "CIDFontType0C");
	else
		st += HPDF_Dict_AddNumber(ff, "Length1",
		    (HPDF_INT32)sub->size);

	if (!hb_ot_metrics_get_position(face->font,
	    HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) || cap <= 0)
		cap = (hb_position_t)(face->ascent * (long)face->upem / 1000);
	st += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	st += HPDF_Dict_AddName(desc, "FontName", name);
	st += HPDF_Dict_AddNumber(desc, "Flags", 32);
	arr = HPDF_Array_New(mm);
	for (i = 0; i < 4; i++)
		st += HPDF_Array_AddNumber(arr, sub->bbox[i]);
	st += HPDF_Dict_Add(desc, "FontBBox", arr);
	st += HPDF_Dict_AddNumber(desc, "ItalicAngle", 0);
	st += HPDF_Dict_AddNumber(desc, "Ascent", face->ascent);
	st += HPDF_Dict_AddNumber(desc, "Descent", face->descent);
	st += HPDF_Dict_AddNumber(desc, "CapHeight",
	    (HPDF_INT32)((long)cap * 1000 / (long)face->upem));
	st += HPDF_Dict_AddNumber(desc, "StemV", 0);
	st += HPDF_Dict_Add(desc, sub->cff ? "FontFile3" : "FontFile2", ff);

	/* A CFF's own ROS (ISO 32000 9.7.3); Adobe-Identity-0 for TrueType. */
	st += HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, sub->cff ?
	    sub->registry : "Adobe", NULL));
	st += HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, sub->cff ?
	    sub->ordering : "Identity", NULL));
	st += HPDF_Dict_AddNumber(si, "Supplement", sub->cff ?
	    sub->supplement : 0);
	st += HPDF_Dict_AddName(cid, "Type", "Font");
	st += HPDF_Dict_AddName(cid, "Subtype", sub->cff ? "CIDFontType0" :
	    "CIDFontType2");
	st += HPDF_Dict_AddName(cid, "BaseFont", name);
	st += HPDF_Dict_Add(cid, "CIDSystemInfo", si);
	st += HPDF_Dict_Add(cid, "FontDescriptor", desc);
	st += HPDF_Dict_AddNumber(cid, "DW", (HPDF_INT32)dw);
	st += HPDF_Dict_Add(cid, "W", w);
	if (!sub->cff)
		st += HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");

	st += HPDF_Dict_AddName(type0, "Type", "Font");
	st += HPDF_Dict_AddName(type0, "Subtype", "Type0");
	st += HPDF_Dict_AddName(type0, "BaseFont", name);
	st += HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
	arr = HPDF_Array_New(mm);
	st += HPDF_Array_Add(arr, cid);
	st += HPDF_Dict_Add(type0, "DescendantFonts", arr);
	st += HPDF_Dict_Add(type0, "ToUnicode", tu);
	free(name);
	return st == HPDF_OK ? type0 : NULL;
}

/* A metadata value libharu and readers accept: at most INFO_MAX bytes of
 * UTF-8 (a string of at most twice that in UTF-16, under the 32,767
 * bytes of PDF's implementation limits and libharu's 65,535), cut at a
 * character and ended with "…" when longer.  Caller frees. */
#define INFO_MAX 16000
static char *
info_value(const char *s)
{
	size_t len = strlen(s), cut;
	char *v;

	if (len <= INFO_MAX)
		return xstrdup(s);
	for (cut = INFO_MAX - 3; cut > 0 && ((unsigned char)s[cut] & 0xC0) ==
	    0x80; cut--)
		;
	v = xmalloc(cut + 4);
	memcpy(v, s, cut);
	memcpy(v + cut, "\xE2\x80\xA6", 4);
	return v;
}

/* Calls the furniture callback for every page. */
static void
furnish(struct pdf_doc *doc)
{
	size_t i, n = doc->npages, cur = doc->cur;
	double y = doc->y;

	if (doc->furniture == NULL)
		return;
	for (i = 0; i < n; i++) {
		doc->cur = i;
		doc->furniture(doc, (unsigned)i + 1, (unsigned)n,
		    doc->furniture_ctx);
	}
	doc->cur = cur < doc->npages ? cur : doc->npages - 1;
	doc->y = y;
}

/* ------------------------------------------------------------------ */
/* The batch's shared font parts                                        */

struct pdf_common *
pdf_common_new(const struct pdf_fonts *fonts)
{
	struct pdf_common *c = xcalloc(1, sizeof *c);

	c->fonts = fonts;
	c->sf = xcalloc(fonts->nfaces, sizeof *c->sf);
	return c;
}

void
pdf_common_add(struct pdf_common *c, enum font_role role, const char *utf8)
{
	struct pdf_style st = {.role = role};
	size_t i = 0, k, len = strlen(utf8);
	uint32_t cp;
	char *own;
	int face;

	if (c->built)
		return;
	/* The characters as the document sets them. */
	utf8 = pdf_norm(c->fonts, &st, utf8, &len, &own);
	while (i < len) {
		if ((k = utf8_decode(utf8 + i, len - i, &cp)) == 0) {
			i++;
			continue;
		}
		i += k;
		cp = pdf_resolve(c->fonts, role, cp, &face);
		if (face < 0)
			continue;
		if (c->sf[face].chars == NULL)
			c->sf[face].chars = hb_set_create();
		hb_set_add(c->sf[face].chars, cp);
	}
	free(own);
}

void
pdf_common_add_doc(struct pdf_common *c, const struct pdf_doc *doc)
{
	size_t i;

	if (c->built || doc->fonts != c->fonts)
		return;
	c->ndocs++;
	for (i = 0; i < c->fonts->nfaces; i++) {
		hb_codepoint_t cp = HB_SET_VALUE_INVALID;
		hb_map_t *m;

		if (doc->used[i] == NULL)
			continue;
		if (c->sf[i].count == NULL) {
			c->sf[i].count = hb_map_create();
			c->sf[i].seen = hb_set_create();
		}
		m = c->sf[i].count;
		hb_set_union(c->sf[i].seen, doc->used[i]);
		while (hb_set_next(doc->used[i], &cp))
			hb_map_set(m, cp, hb_map_has(m, cp) ?
			    hb_map_get(m, cp) + 1 : 1);
	}
}

int
pdf_common_build(struct pdf_common *c, double min_share)
{
	struct haru_err herr = {0, 0};
	HPDF_Doc tmp;
	struct buf cmap = {0};
	char *err = NULL;
	size_t i;
	int rc = 0;

	if (c->built)
		return 0;
	c->built = true;
	/* The characters most sample documents draw join those given. */
	for (i = 0; i < c->fonts->nfaces && c->ndocs > 0; i++) {
		hb_codepoint_t cp = HB_SET_VALUE_INVALID;
		unsigned need = (unsigned)ceil(min_share * c->ndocs);

		if (c->sf[i].count == NULL)
			continue;
		while (hb_set_next(c->sf[i].seen, &cp)) {
			if (hb_map_get(c->sf[i].count, cp) < (need ? need : 1))
				continue;
			if (c->sf[i].chars == NULL)
				c->sf[i].chars = hb_set_create();
			hb_set_add(c->sf[i].chars, cp);
		}
	}
	tmp = HPDF_New(haru_handler, &herr);
	if (tmp == NULL) {
		err = xstrdup("libharu cannot start (out of memory)");
		rc = -1;
	}
	for (i = 0; i < c->fonts->nfaces && rc == 0; i++) {
		struct pdf_shared_font *sf = &c->sf[i];

		if (sf->chars == NULL)
			continue;
		if (pdf_subset_make(&c->fonts->faces[i], sf->chars, &sf->sub,
		    &err) != 0) {
			rc = -1;
			break;
		}
		pdf_subset_tounicode(&sf->sub, &cmap);
		if (haru_deflate(tmp->mmgr, sf->sub.data, sf->sub.size,
		    &sf->font_z) != 0 || haru_deflate(tmp->mmgr, cmap.s,
		    cmap.len, &sf->tu_z) != 0) {
			err = xasprintf("the PDF library failed (error 0x%04X)",
			    (unsigned)herr.code);
			rc = -1;
		}
		buf_free(&cmap);
	}
	if (tmp != NULL)
		HPDF_Free(tmp);
	if (rc != 0) {
		diag_msg(D_FONT_COMMON, NULL, 0, 0, err);
		for (i = 0; i < c->fonts->nfaces; i++) {
			pdf_subset_free(&c->sf[i].sub);
			buf_free(&c->sf[i].font_z);
			buf_free(&c->sf[i].tu_z);
		}
	}
	free(err);
	return rc;
}

void
pdf_common_free(struct pdf_common *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->fonts->nfaces; i++) {
		hb_set_destroy(c->sf[i].chars);
		hb_map_destroy(c->sf[i].count);
		hb_set_destroy(c->sf[i].seen);
		pdf_subset_free(&c->sf[i].sub);
		buf_free(&c->sf[i].font_z);
		buf_free(&c->sf[i].tu_z);
	}
	free(c->sf);
	free(c);
}

void
pdf_doc_set_common(struct pdf_doc *doc, const struct pdf_common *c)
{
	doc->common = c != NULL && c->fonts == doc->fonts && c->built ? c :
	    NULL;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                            */

/* The shared part of face i for doc, or NULL. */
static const struct pdf_shared_font *
shared_of(const struct pdf_doc *doc, size_t i)
{
	const struct pdf_shared_font *sf;

	if (doc->common == NULL || !doc->common->built)
		return NULL;
	sf = &doc->common->sf[i];
	return sf->chars != NULL && sf->sub.data != NULL ? sf : NULL;
}

/* The font subsets of a document: own[i], what face i draws that the
 * batch's shared part (if any) lacks; shared_used[i], whether it draws
 * from the shared part.  Returns 0, or -1 with *err set. */
static int
render_subsets(const struct pdf_doc *doc, struct pdf_subset *own,
    bool *shared_used, char **err)
{
	const struct pdf_fonts *f = doc->fonts;
	size_t i;

	for (i = 0; i < f->nfaces; i++) {
		const struct pdf_shared_font *sf = shared_of(doc, i);
		hb_set_t *mine;

		if (doc->used[i] == NULL)
			continue;
		mine = hb_set_copy(doc->used[i]);
		if (sf != NULL) {
			hb_set_t *both = hb_set_copy(doc->used[i]);

			hb_set_intersect(both, sf->chars);
			shared_used[i] = !hb_set_is_empty(both);
			hb_set_destroy(both);
			hb_set_subtract(mine, sf->chars);
		}
		if (!hb_set_is_empty(mine) && pdf_subset_make(&f->faces[i],
		    mine, &own[i], err) != 0) {
			hb_set_destroy(mine);
			return -1;
		}
		hb_set_destroy(mine);
	}
	return 0;
}

/* The font objects of every part (own and shared) and the one resource
 * dictionary all pages share; NULL when libharu failed (herr says so). */
static HPDF_Dict
render_fonts(const struct pdf_doc *doc, HPDF_Doc pdf,
    struct pdf_subset *own, const bool *shared_used, struct part *parts,
    struct haru_err *herr)
{
	const struct pdf_fonts *f = doc->fonts;
	HPDF_Dict res = NULL;
	size_t i;

	for (i = 0; i < f->nfaces && herr->code == 0; i++) {
		const struct pdf_shared_font *sf = shared_of(doc, i);

		if (own[i].data != NULL) {
			parts[2 * i].sub = &own[i];
			parts[2 * i].font = font_objects(pdf, &f->faces[i],
			    &own[i], NULL, NULL);
			if (parts[2 * i].font == NULL && herr->code == 0)
				herr->code = HPDF_FAILD_TO_ALLOC_MEM;
		}
		if (shared_used[i]) {
			parts[2 * i + 1].sub = &sf->sub;
			parts[2 * i + 1].font = font_objects(pdf, &f->faces[i],
			    &sf->sub, &sf->font_z, &sf->tu_z);
			if (parts[2 * i + 1].font == NULL && herr->code == 0)
				herr->code = HPDF_FAILD_TO_ALLOC_MEM;
		}
	}
	/* One resource dictionary for all pages, not one per page. */
	if (herr->code == 0 && (res = HPDF_Dict_New(pdf->mmgr)) != NULL &&
	    HPDF_Xref_Add(pdf->xref, res) == HPDF_OK) {
		HPDF_Dict fd = HPDF_Dict_New(pdf->mmgr);
		HPDF_Array ps = HPDF_Array_New(pdf->mmgr);

		for (i = 0; i < 2 * f->nfaces && fd != NULL; i++)
			if (parts[i].font != NULL) {
				snprintf(parts[i].name, sizeof parts[i].name,
				    "F%zu", i + 1);
				HPDF_Dict_Add(fd, parts[i].name,
				    parts[i].font);
			}
		HPDF_Array_AddName(ps, "PDF");
		HPDF_Array_AddName(ps, "Text");
		HPDF_Dict_Add(res, "ProcSet", ps);
		/* indirect: the forms' resources name it too */
		if (fd != NULL && HPDF_Xref_Add(pdf->xref, fd) == HPDF_OK)
			HPDF_Dict_Add(res, "Font", fd);
	}
	return res;
}

/* The document information: title, author, subject, keywords, and the
 * PDF/A parts (creator, producer, dates, XMP, output intent, /ID).
 * Returns 0, or -1 with *err set. */
static int
render_info(const struct pdf_doc *doc, HPDF_Doc pdf, char **err)
{
	static const HPDF_InfoType info_type[4] = {HPDF_INFO_TITLE,
	    HPDF_INFO_AUTHOR, HPDF_INFO_SUBJECT, HPDF_INFO_KEYWORDS};
	char *info[4];
	size_t i;
	int rc;

	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	for (i = 0; i < 4; i++) {
		info[i] = doc->info[i] != NULL ? info_value(doc->info[i]) :
		    NULL;
		if (info[i] != NULL)
			HPDF_SetInfoAttr(pdf, info_type[i], info[i]);
	}
	rc = pdfa_parts(pdf, doc, info, err);
	for (i = 0; i < 4; i++)
		free(info[i]);
	return rc;
}

/* The file libharu made, read back from its stream, packed (pdf_pack())
 * into *data and *len with its /ID and XMP IDs filled in.  Returns 0, -1
 * when libharu's stream cannot be read, -2 when it cannot be packed. */
static int
render_bytes(HPDF_Doc pdf, char **data, size_t *len)
{
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	size_t got = 0;
	struct buf packed = {0};

	*data = xmalloc((size_t)size + 1);
	HPDF_ResetStream(pdf);
	while (got < size) {
		HPDF_UINT32 n = size - (HPDF_UINT32)got;
		HPDF_STATUS st = HPDF_ReadFromStream(pdf,
		    (HPDF_BYTE *)*data + got, &n);

		got += n;
		if (st != HPDF_OK || n == 0)
			break;
	}
	if (got != size) {
		free(*data);
		*data = NULL;
		return -1;
	}
	if (pdf_pack(*data, got, &packed) != 0) {
		free(*data);
		*data = NULL;
		buf_free(&packed);
		return -2;
	}
	free(*data);
	*len = packed.len;
	*data = buf_take(&packed);
	pdf_fix_ids(*data, *len);
	return 0;
}

/* The page size most pages have goes into the page tree's root, whence
 * the pages inherit it, instead of into every page (1,200 pages: 48 KB). */
static void
share_mediabox(const struct pdf_doc *doc, HPDF_Doc pdf)
{
	HPDF_List kids = pdf->page_list;
	size_t i, k, best = 0, bestn = 0;
	HPDF_Array box;

	for (i = 0; i < doc->npages; i++) {
		size_t n = 0;

		for (k = 0; k < doc->npages; k++)
			if (doc->pages[k].w == doc->pages[i].w &&
			    doc->pages[k].h == doc->pages[i].h)
				n++;
		if (n > bestn) {
			bestn = n;
			best = i;
		}
		if (n * 2 > doc->npages)
			break;
	}
	if (bestn < 2 || kids == NULL || kids->count != doc->npages ||
	    (box = HPDF_Array_New(pdf->mmgr)) == NULL)
		return;
	HPDF_Array_AddNumber(box, 0);
	HPDF_Array_AddNumber(box, 0);
	HPDF_Array_AddReal(box, (HPDF_REAL)doc->pages[best].w);
	HPDF_Array_AddReal(box, (HPDF_REAL)doc->pages[best].h);
	if (HPDF_Dict_Add(pdf->root_pages, "MediaBox", box) != HPDF_OK)
		return;
	for (i = 0; i < doc->npages; i++)
		if (doc->pages[i].w == doc->pages[best].w &&
		    doc->pages[i].h == doc->pages[best].h)
			HPDF_Dict_RemoveElement((HPDF_Dict)HPDF_List_ItemAt(kids,
			    (HPDF_UINT)i), "MediaBox");
}

int
pdf_doc_render(struct pdf_doc *doc, char **data, size_t *len)
{
	const struct pdf_fonts *f = doc->fonts;
	struct pdf_subset *own = xcalloc(f->nfaces, sizeof *own);
	struct part *parts = xcalloc(2 * f->nfaces, sizeof *parts);
	bool *shared_used = xcalloc(f->nfaces, sizeof *shared_used);
	struct haru_err herr = {0, 0};
	struct forms forms;
	HPDF_Doc pdf = NULL;
	HPDF_Dict res;
	char *err = NULL;
	size_t i;
	int rc = -1;

	*data = NULL;
	*len = 0;
	memset(&forms, 0, sizeof forms);
	if (doc->rendered) {
		err = xstrdup("the document was rendered already");
		goto out;
	}
	doc->rendered = true;
	furnish(doc);
	/* Subsets first: each document's own font holds what it uses and
	 * the batch's shared part (if any) lacks. */
	if (render_subsets(doc, own, shared_used, &err) != 0)
		goto out;
	pdf = HPDF_New(haru_handler, &herr);
	if (pdf == NULL) {
		err = xstrdup("libharu cannot start (out of memory)");
		goto out;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	res = render_fonts(doc, pdf, own, shared_used, parts, &herr);
	if (res != NULL && herr.code == 0 &&
	    forms_make(doc, pdf, res, parts, &forms) != 0 && herr.code == 0)
		herr.code = HPDF_FAILD_TO_ALLOC_MEM;
	for (i = 0; i < doc->npages && herr.code == 0; i++) {
		HPDF_Page page = HPDF_AddPage(pdf);

		if (page == NULL || HPDF_Dict_Add(page, "Resources", res) !=
		    HPDF_OK)
			break;
		page_draw(doc, i, page, parts, &forms);
	}
	if (herr.code == 0)
		share_mediabox(doc, pdf);
	if (herr.code == 0 && render_info(doc, pdf, &err) != 0)
		herr.code = HPDF_INVALID_OBJECT;
	if (herr.code == 0 && HPDF_SaveToStream(pdf) == HPDF_OK &&
	    herr.code == 0 && (rc = render_bytes(pdf, data, len)) == -2) {
		err = xstrdup("the file libharu wrote cannot be packed");
		rc = -1;
	}
	if (rc != 0 && err == NULL)
		err = xasprintf("the PDF library failed (error 0x%04X, "
		    "detail %u)", (unsigned)herr.code,
		    (unsigned)herr.detail);
out:
	forms_free(&forms, doc->npages);
	if (pdf != NULL)
		HPDF_Free(pdf);
	for (i = 0; i < f->nfaces; i++)
		pdf_subset_free(&own[i]);
	free(own);
	free(parts);
	free(shared_used);
	if (rc != 0) {
		free(*data);
		*data = NULL;
		*len = 0;
		diag_msg(D_PDF, NULL, 0, 0, err);
	}
	free(err);
	return rc;
}

int
pdf_doc_save(struct pdf_doc *doc, const char *path)
{
	char *data;
	size_t len;
	int e;

	if (pdf_doc_render(doc, &data, &len) != 0)
		return -1;
	e = file_write_atomic(path, data, len);
	free(data);
	if (e != 0) {
		diag_msg(D_WRITE, NULL, 0, 0, path, file_strerror(e));
		return -1;
	}
	return 0;
}
