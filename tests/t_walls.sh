#!/bin/sh
# t_walls.sh: the walls between the stages (README "Source layout"), over
# #include lines and calls (tests/walls/walls.py): only src/pdf/ includes
# libharu, HarfBuzz or fontconfig, and never the model or a stage; src/out/
# includes no ingest, check or score header and does no arithmetic on
# scores or dates; ingest includes no later stage; check, score and derive
# include no ingest or out header; includes resolved as the compiler does; only diag.c writes to stderr;
# only src/out/ and the atomic writer write files.  Then the same check
# must catch each kind of breach planted in a copy of the sources.
. "$(dirname "$0")/lib.sh"
W=$TOP/tests/walls/walls.py

python3 "$W" "$TOP/src" > "$tmp/walls.out" 2>&1 ||
    fail "the walls are crossed: $(cat "$tmp/walls.out")"
n=$(grep -c '' "$tmp/walls.out")
[ "$n" -eq 0 ] || fail "walls.py printed $n lines for a clean tree"

# plant FILE LINE EXPECT: a copy of src/FILE with LINE appended must be
# reported as a breach whose message holds EXPECT (the copy alone, at its
# place in a tree of its own: the walls are per file).
plant() {
	rm -rf "$tmp/src"
	mkdir -p "$tmp/src/$(dirname "$1")"
	cp "$TOP/src/$1" "$tmp/src/$1"
	printf '%s\n' "$2" >> "$tmp/src/$1"
	if python3 "$W" "$tmp/src" > "$tmp/planted.out" 2>&1; then
		fail "a breach in $1 ($2) is not found"
	elif ! grep -qF "$3" "$tmp/planted.out"; then
		fail "a breach in $1 ($2): unexpected report: $(cat "$tmp/planted.out")"
	fi
}
plant out/rank.c '#include <hpdf.h>' 'only src/pdf/ may'
plant check.c '#include <hb.h>' 'only src/pdf/ may'
plant main.c '#include <fontconfig/fontconfig.h>' 'only src/pdf/ may'
plant pdf/pdf_doc.c '#include "model.h"' '(model)'
plant pdf/pdf_font.c '#include "out/out.h"' '(out)'
plant pdf/pdf_table.c '#include "score.h"' '(score)'
plant out/sheet.c '#include "ingest/config.h"' '(ingest)'
plant out/report.c '#include "score.h"' '(score)'
plant ingest/dataset.c '#include "derive.h"' '(derive)'
plant ingest/parse.c '#include "pdf/pdf.h"' '(pdf)'
plant model.h '#include "out/out.h"' '(out)'
plant score.c 'static void f(void) { fprintf(stderr, "x"); }' 'writes to stderr'
plant ingest/config.c 'static void f(void) { perror("x"); }' 'writes to stderr'
plant derive.c 'static void f(void) { (void)write(2, "x", 1); }' 'writes to stderr'
plant check.c 'static void f(void) { fopen("x", "w"); }' 'writes a file'
plant ingest/dataset.c 'static void f(void) { rename("a", "b"); }' 'writes a file'
plant main.c 'static void f(FILE *g) { fputs("x", g); }' 'other than stdout'
plant score.c 'static void f(void) { file_write_atomic("x", "", 0); }' 'atomic writer'
plant out/report.c 'static int64_t f(const struct branch *b) { return b->final * 2; }' 'arithmetic on a score'
plant out/sheet.c 'static double f(const struct stats *s) { return (double)s->mean; }' 'arithmetic on a score'
# includes as the compiler finds them: relative to the file, or to src/
plant out/sheet.c '#include "../ingest/config.h"' '(ingest)'
plant out/report.c '#include "../score.h"' '(score)'
plant pdf/pdf_doc.c '#include "../model.h"' '(model)'
plant ingest/parse.c '#include "../out/out.h"' '(out)'
# the stages between ingest and out include neither
plant score.c '#include "ingest/config.h"' '(ingest)'
plant derive.c '#include "out/out.h"' '(out)'
plant check.c '#include "ingest/parse.h"' '(ingest)'
plant score.c '#include "pdf/pdf.h"' '(pdf)'
plant model.c '#include "ingest/parse.h"' '(ingest)'
# file writers of a library
plant ingest/xlsx.c 'static void f(void) { (void)workbook_new("x.xlsx"); }' 'writes a file'
plant ingest/xlsx.c 'static void f(int *e) { (void)zip_open("x", ZIP_CREATE | ZIP_TRUNCATE, e); }' 'writes a file'
plant main.c 'static void f(FILE *g) { fputs("x", g); fflush(stdout); }' 'other than stdout'
# the figures of the handbook are derive's: a date computed in out/ is found
plant out/handbook.c 'static int f(const struct branch *b, int t) { return b->elected.year + t; }' 'arithmetic on a score'

# clean FILE LINE: a copy of src/FILE with LINE appended is no breach.
clean() {
	rm -rf "$tmp/src"
	mkdir -p "$tmp/src/$(dirname "$1")"
	cp "$TOP/src/$1" "$tmp/src/$1"
	printf '%s\n' "$2" >> "$tmp/src/$1"
	python3 "$W" "$tmp/src" > "$tmp/clean.out" 2>&1 ||
		fail "no breach in $1 ($2) is reported: $(cat "$tmp/clean.out")"
}
clean main.c 'static void f(void) { fputs("x",stdout); fflush(stdout); }'
clean main.c 'static void f(void) { fwrite("x", 1, 1, stdout); }'
clean ingest/xlsx.c 'static void f(int *e) { (void)zip_open("x", ZIP_RDONLY, e); }'

finish
