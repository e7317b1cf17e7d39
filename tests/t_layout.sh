#!/bin/sh
# t_layout.sh: typesetting of every document, measured on the PDFs
# (pdftotext -bbox and -layout; tests/layout/check.py): no glyph outside the
# type area (squeezed lines included), no ASCII , ; : between Chinese
# characters on any page, branch names and words never split into a lone
# 部 / 支部, continued tables with their header and a （续） caption,
# numbers aligned on the decimal point.
set -u
: "${KAOHE:?}" "${TOP:?}" "${BUILD:?}"
W=$(mktemp -d "${TMPDIR:-/tmp}/t_layout.XXXXXX")
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
CHECK="python3 $TOP/tests/layout/check.py"
DEMO=$TOP/samples/demo

"$KAOHE" build "$DEMO" -o "$W/demo" -q 2>/dev/null || fail "build demo: exit $?"

# Punctuation: the demo data has notes typed with ASCII , and "" and
# kaohe's own strings have ; and -0.43; none of it shows between Chinese.
for f in "$W"/demo/*.pdf "$W"/demo/sheets/*.pdf; do
	pdftotext "$f" "${f%.pdf}.txt" || fail "pdftotext $f"
done
$CHECK punct "$W"/demo/*.txt "$W"/demo/sheets/*.txt || fail "ASCII punctuation"
cat "$W"/demo/sheets/*.txt | tr -d ' \n' > "$W/sheets.flat"
grep -qF '材料不够完整，已现场指出，要求限期整改' "$W/sheets.flat" ||
    fail "a note's commas are not full width"
grep -qF '“2025年度”' "$W/sheets.flat" || fail "straight quotes not paired"
grep -q '[^0-9A-Za-z]-0\.[0-9]' "$W/demo/report.txt" &&
    fail "a hyphen-minus as the minus sign of a number"
# ... while the CSV output keeps the data as given.
grep -q ',' "$W/demo/results.csv" || fail "results.csv"

# No glyph beyond the type area: GB/T 9704 notice (28/26 mm), report
# (25/20 mm portrait, 20/20 mm landscape), sheets (25/20 mm).
pdftotext -bbox "$W/demo/notice.pdf" "$W/notice.html"
$CHECK margins "$W/notice.html" 28 26 || fail "notice: outside the type area"
pdftotext -bbox "$W/demo/report.pdf" "$W/report.html"
$CHECK margins "$W/report.html" 25 20 20 20 || fail "report: outside the type area"
for f in "$W"/demo/sheets/*.pdf; do
	pdftotext -bbox "$f" "$W/sheet.html"
	$CHECK margins "$W/sheet.html" 25 20 || fail "$f: outside the type area"
done

# Squeezed lines: a paragraph whose full-width marks fall half a
# character past the end of a line (after the indent, 25 characters and a
# half-width digit, then a comma) has them pulled up and set tighter,
# inside the margin of the 28-character grid.
d=$W/squeeze
mkdir "$d"
cp "$DEMO"/* "$d"/
{
	echo '关于表彰{year}年度先进党支部的决定'
	echo '各党支部：'
	printf '一二三四五六七八九十一二三四五六七八九十一二三四五1，'
	printf '一二三四五六七八九十一二三四五六七八九十一二三四五六七8。'
	printf '一二三四五六七八九十一二三四五六七八九十一二三四五六七8”。'
	echo '结束。'
	echo '附件：{year}年度先进党支部和优秀党务工作者名单'
} > "$d/notice.txt"
"$KAOHE" notice "$d" -o "$W/squeeze.pdf" -q 2>/dev/null || fail "squeeze notice: exit $?"
pdftotext -bbox "$W/squeeze.pdf" "$W/squeeze.html"
$CHECK margins "$W/squeeze.html" 28 26 || fail "squeezed notice: outside the type area"
pdftotext -layout "$W/squeeze.pdf" - | grep -q '五1，$' ||
    fail "squeezed notice: the comma is not pulled up"

# Numbers align on the decimal point: the appendix's 分值 4 and 3.5.
$CHECK decimal "$W/report.html" 25 || fail "分值 not aligned on the point"

# A 200-branch report: no lone 部 / 支部 in any table line, and every
# table continued on another page has its header and a （续） caption.
if [ ! -x "$BUILD/gen" ] || [ "$TOP/bench/gen.c" -nt "$BUILD/gen" ]; then
	cc -O2 -o "$BUILD/gen" "$TOP/bench/gen.c" || fail "cannot build gen"
fi
"$BUILD/gen" 200 "$W/b200" "$TOP/templates/rubric.csv" >/dev/null ||
    fail "gen 200 failed"
"$KAOHE" report "$W/b200" -o "$W/b200.pdf" -q 2>/dev/null || fail "report b200: exit $?"
pdftotext -layout "$W/b200.pdf" "$W/b200.txt"
$CHECK lone "$W/b200.txt" || fail "b200: a word split in a table"
$CHECK continued "$W/b200.txt" || fail "b200: a continued table without its header"
grep -q '考核排名（续）' "$W/b200.txt" || fail "b200: no （续） caption"
# ... the repeated captions, header rows and running heads held once, as
# forms the pages paint (the text above comes out of them)
qpdf --qdf --object-streams=disable "$W/b200.pdf" "$W/b200.qdf" 2>/dev/null ||
    fail "b200: qpdf --qdf"
forms=$(grep -a -c '/Subtype /Form' "$W/b200.qdf")
paints=$(grep -a -c '^/X[0-9]* Do$' "$W/b200.qdf")
pages=$(pdfinfo "$W/b200.pdf" | sed -n 's/^Pages: *//p')
[ "$forms" -ge 2 ] && [ "$paints" -gt "$pages" ] ||
    fail "b200: $forms forms painted $paints times on $pages pages"
pdftotext -bbox "$W/b200.pdf" "$W/b200.html"
$CHECK margins "$W/b200.html" 25 20 20 20 || fail "b200: outside the type area"
pdftotext "$W/b200.pdf" - | tr -d ' \n' > "$W/b200.flat"
# A branch name and an organization of 70 KB (issue: "the PDF library
# failed" midway): every output is written and valid, the name is set in
# full across pages, the metadata holds its start, no string of a content
# stream passes readers' limit (the report's running head is one line).
d=$W/long
mkdir "$d"
cp "$DEMO"/* "$d"/
python3 - "$d/branches.csv" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8-sig").read().splitlines()
f = lines[1].split(",")
f[1] = "办公室党支部" + "很长的名字" * 5000
lines[1] = ",".join(f)
open(p, "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
sed -i 's/^organization = .*/organization = 中共某某能源集团有限公司委员会'"$(python3 -c 'print("很长的机关名称" * 4000)')"'/' "$d/kaohe.ini"
if "$KAOHE" build "$d" -o "$W/longout" -q 2>"$W/long.err"; then
	for f in "$W"/longout/*.pdf "$W"/longout/sheets/*.pdf; do
		qpdf --check "$f" >/dev/null 2>&1 || fail "long name: qpdf --check $f"
	done
	s=$(ls "$W"/longout/sheets/JG01-*.pdf)
	n=$(pdftotext "$s" - | tr -d ' \n\f' | grep -o '很长的名字' | wc -l)
	[ "$n" -ge 4950 ] || fail "long name: $n of 5000 parts on the sheet"
	pdfinfo "$s" | grep -q '^Title: *支部考核评分表：办公室党支部很长的名字' ||
	    fail "long name: no title metadata"
	for f in "$s" "$W/longout/report.pdf" "$W/longout/notice.pdf"; do
		qpdf --qdf --object-streams=disable "$f" "$W/long-qdf.pdf" 2>/dev/null
		$CHECK strings "$W/long-qdf.pdf" || fail "long name: $f: a string over 32,767 bytes"
	done
else
	fail "long name: build exited $?: $(head -c 300 "$W/long.err")"
fi

if [ "$fails" -ne 0 ]; then
	echo "t_layout: $fails failure(s)"
	exit 1
fi
echo "t_layout: ok"
