#!/bin/sh
# t_pdfa.sh: every kind of PDF kaohe writes (report, score sheets, a
# combined sheets file, notice, handbook) is a PDF/A-2u file as far as
# tests/pdfa/check.py can tell (nothing in Debian validates PDF/A): XMP
# metadata consistent with the Info dictionary, the sRGB output intent, a
# trailer /ID, no encryption, no transparency, fonts embedded with /W equal
# to the font programs' widths for every glyph drawn; qpdf --check clean;
# and the same input with the same SOURCE_DATE_EPOCH gives the same bytes
# (the dates and IDs are not the clock's).
set -u
. "$(dirname "$0")/lib.sh"
ICC=/usr/share/color/icc/sRGB.icc
D=$TOP/samples/demo
export SOURCE_DATE_EPOCH=1768435200 # 2026-01-15 00:00:00 UTC

"$KAOHE" build "$D" -o "$tmp/out" -q 2>/dev/null || fail "kaohe build: exit $?"
"$KAOHE" sheets "$D" -o "$tmp/sheets" --branch JG01 --branch SC04 \
    --combined "$tmp/combined.pdf" -q 2>/dev/null || fail "kaohe sheets --combined: exit $?"
"$KAOHE" handbook "$D" -o "$tmp/hb" --branch JG01 -q 2>/dev/null ||
    fail "kaohe handbook: exit $?"

n=0
for f in "$tmp"/out/report.pdf "$tmp"/out/notice.pdf "$tmp"/out/sheets/*.pdf \
    "$tmp"/combined.pdf "$tmp"/hb/*.pdf; do
	[ -f "$f" ] || { fail "missing $f"; continue; }
	n=$((n + 1))
	name=${f#"$tmp"/}
	qpdf --check "$f" > "$tmp/qpdf.txt" 2>&1 ||
	    { fail "$name: qpdf --check"; sed -n 1,5p "$tmp/qpdf.txt"; }
	qpdf --qdf --object-streams=disable "$f" "$tmp/qdf.pdf" 2>/dev/null ||
	    { fail "$name: qpdf --qdf"; continue; }
	python3 "$TOP/tests/pdfa/check.py" "$f" "$tmp/qdf.pdf" "$ICC" \
	    > "$tmp/check.txt" 2>&1 || { fail "$name: not PDF/A-2u"; cat "$tmp/check.txt"; }
	grep -q '^pdfa: [1-9][0-9]* fonts, [1-9][0-9]* glyphs checked' "$tmp/check.txt" ||
	    fail "$name: no glyph checked: $(cat "$tmp/check.txt")"
	pdfinfo "$f" | grep -q '^Metadata Stream: *yes' || fail "$name: pdfinfo sees no XMP"
done
[ "$n" -ge 10 ] || fail "only $n PDFs checked"

# Dates from SOURCE_DATE_EPOCH, in Info and XMP alike.
pdfinfo "$tmp/out/notice.pdf" | grep -q '^CreationDate: *Thu Jan 15 00:00:00 2026 UTC' ||
    fail "CreationDate is not SOURCE_DATE_EPOCH's"
pdfinfo -meta "$tmp/out/notice.pdf" | grep -q '<xmp:CreateDate>2026-01-15T00:00:00Z<' ||
    fail "XMP CreateDate is not SOURCE_DATE_EPOCH's"

# Reproducible: the same bytes again; another date, another /ID.
"$KAOHE" notice "$D" -o "$tmp/again.pdf" -q 2>/dev/null
cmp -s "$tmp/out/notice.pdf" "$tmp/again.pdf" || fail "the notice differs when made again"
SOURCE_DATE_EPOCH=1768521600 "$KAOHE" notice "$D" -o "$tmp/later.pdf" -q 2>/dev/null
id1=$(grep -a -o '/ID \[ <[0-9a-f]*>' "$tmp/out/notice.pdf" | tail -n 1)
id2=$(grep -a -o '/ID \[ <[0-9a-f]*>' "$tmp/later.pdf" | tail -n 1)
[ -n "$id1" ] && [ "$id1" != "$id2" ] || fail "/ID does not follow the content: $id1 / $id2"
finish
