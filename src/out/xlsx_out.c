/* xlsx_out.c: the plumbing kaohe's workbooks share (see xlsx_out.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "out/xlsx_out.h"
#include "util.h"

bool
xlsx_out_open(struct xlsx_out *x, const char *path, const char *title,
    const struct model *m, bool streaming)
{
	lxw_workbook_options opt = {0};
	lxw_doc_properties props = {0};
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	int fd;

	memset(x, 0, sizeof *x);
	x->path = path;
	/* beside the output, so that the final rename stays on one file
	 * system; the name is the one util.c gives its temporary files */
	x->tmp = xasprintf("%s.kaohe-" "XX" "XX" "XX", path);
	if ((fd = mkstemp(x->tmp)) < 0) {
		diag_msg(D_WRITE, NULL, 0, 0, path, strerror(errno));
		free(x->tmp);
		x->tmp = NULL;
		return false;
	}
	close(fd);
	tmp_track_file(x->tmp, true);
	opt.constant_memory = streaming;
	if ((x->wb = workbook_new_opt(x->tmp, &opt)) == NULL) {
		diag_msg(D_WRITE, NULL, 0, 0, path, "libxlsxwriter");
		unlink(x->tmp);
		tmp_track_file(x->tmp, false);
		free(x->tmp);
		x->tmp = NULL;
		return false;
	}
	props.title = (char *)title;
	if (m && m->cfg.organization && *m->cfg.organization) {
		props.author = m->cfg.organization;
		props.company = m->cfg.organization;
	}
	if (epoch && *epoch) {
		char *end;
		long long t = strtoll(epoch, &end, 10);

		if (*end == '\0' && t > 0)
			props.created = (time_t)t;
	}
	workbook_set_properties(x->wb, &props);
	return true;
}

int
xlsx_out_close(struct xlsx_out *x)
{
	lxw_error e = workbook_close(x->wb);
	char *data = NULL;
	size_t len = 0;
	int err = 0, rc = EXIT_OK;

	x->wb = NULL;
	if (e != LXW_NO_ERROR) {
		diag_msg(D_WRITE, NULL, 0, 0, x->path, lxw_strerror(e));
		rc = EXIT_ENV;
	} else if ((err = file_read(x->tmp, &data, &len)) != 0 ||
	    (err = file_write_atomic(x->path, data, len)) != 0) {
		diag_msg(D_WRITE, NULL, 0, 0, x->path, strerror(err));
		rc = EXIT_ENV;
	}
	unlink(x->tmp);
	tmp_track_file(x->tmp, false);
	free(x->tmp);
	x->tmp = NULL;
	free(data);
	return rc;
}

void
xlsx_out_fit(struct xlsx_out_widths *w, size_t col, const char *s, double max)
{
	double width = 0, best = 0;
	size_t n = strlen(s), k;
	uint32_t cp;

	if (col >= w->n) {
		size_t cap = w->n;

		xgrow(&w->w, &cap, col + 1, sizeof *w->w);
		memset(w->w + w->n, 0, (cap - w->n) * sizeof *w->w);
		w->n = cap;
	}
	while (n > 0) {
		if ((k = utf8_decode(s, n, &cp)) == 0) {
			k = 1;
			cp = '?';
		}
		if (cp == '\n') {
			width = 0;
		} else {
			/* a CJK character is about 2.2 widths of "0" in
			 * Excel's default font and its CJK fallback */
			int cw = utf8_cp_width(cp);
			width += cw == 2 ? 2.2 : cw;
		}
		if (width > best)
			best = width;
		s += k;
		n -= k;
	}
	best += 2; /* the margins and a filter button's room */
	if (best > max)
		best = max;
	if (best > w->w[col])
		w->w[col] = best;
}

double
xlsx_out_width(const struct xlsx_out_widths *w, size_t col, double min)
{
	return col < w->n && w->w[col] > min ? w->w[col] : min;
}

void
xlsx_out_widths_free(struct xlsx_out_widths *w)
{
	free(w->w);
	w->w = NULL;
	w->n = 0;
}

size_t
xlsx_out_prefix(const char *s, size_t max)
{
	size_t n = strlen(s), off = 0, chars = 0, k;
	uint32_t cp;

	while (off < n && chars < max) {
		if ((k = utf8_decode(s + off, n - off, &cp)) == 0)
			k = 1;
		off += k;
		chars++;
	}
	return off;
}

const char *
xlsx_out_text(const char *s, char **cut)
{
	size_t keep;

	*cut = NULL;
	if (strlen(s) <= XLSX_OUT_TEXT_MAX)
		return s;
	keep = xlsx_out_prefix(s, XLSX_OUT_TEXT_MAX);
	if (s[keep] == '\0')
		return s;
	*cut = xstrndup(s, keep);
	return *cut;
}

const char *
xlsx_out_safe(const char *s, char **copy)
{
	*copy = NULL;
	if (cell_formula_like(s)) {
		*copy = xasprintf("'%s", s);
		return *copy;
	}
	return s;
}

double
xlsx_out_cents(int64_t cents)
{
	char num[32];

	return strtod(fmt_cents(cents, num), NULL);
}
