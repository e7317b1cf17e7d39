#!/bin/sh
# t_robust.sh: hostile input and environment (issue 11): SOURCE_DATE_EPOCH,
# unreadable data files and unknown encodings at FILE:1:1, mojibake, BOMs
# and invisible characters in fields, sheet file names, missing-glyph
# positions, ten periods on the sheet.
KAOHE=${KAOHE:-build/kaohe}
TOP=${TOP:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/t_robust.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
DEMO=$TOP/samples/demo
BASE=$TOP/tests/bad/bad-quota   # the small base data set of tests/bad
# A copy of the base data set (with a valid kaohe.ini) in $T/$1.
base() {
	rm -rf "${T:?}/$1"
	cp -r "$BASE" "$T/$1"
	rm -f "$T/$1/expect" "$T/$1/NOTE" "$T/$1/stderr.expected"
	sed -i '/advanced_quota/d' "$T/$1/kaohe.ini"
}
# Runs kaohe check on $T/$1; stderr (with "$T/$1/" removed) in $T/err.
check() {
	"$KAOHE" check "$T/$1" >/dev/null 2>"$T/err.raw"
	rc=$?
	sed "s,$T/$1/,,g" "$T/err.raw" > "$T/err"
	return $rc
}
# expect_err CASE TEXT: the check fails with exit 1 and says TEXT.
expect_err() {
	check "$1"
	rc=$?
	[ "$rc" = 1 ] || fail "$1: exit $rc, want 1"
	grep -qF -- "$2" "$T/err" || fail "$1: no \"$2\" in: $(cat "$T/err")"
}

# --- SOURCE_DATE_EPOCH: anything but 0..253402300799 is exit 2 -------------
for v in abc -1 1e9 253402300800 1e17 ' 5' 99999999999999999999999; do
	SOURCE_DATE_EPOCH=$v "$KAOHE" report "$DEMO" -o "$T/r.pdf" -q \
	    2>"$T/err" >/dev/null
	rc=$?
	[ "$rc" = 2 ] || fail "SOURCE_DATE_EPOCH='$v': exit $rc, want 2"
	grep -q '^kaohe: SOURCE_DATE_EPOCH=“.*”：须为不小于 0 的整数秒数' "$T/err" ||
		fail "SOURCE_DATE_EPOCH='$v': $(cat "$T/err")"
	[ -e "$T/r.pdf" ] && fail "SOURCE_DATE_EPOCH='$v' wrote the report"
done
SOURCE_DATE_EPOCH=253402300799 "$KAOHE" report "$DEMO" -o "$T/r.pdf" -q \
    2>/dev/null || fail "SOURCE_DATE_EPOCH=253402300799 refused"
pdfinfo -isodates "$T/r.pdf" 2>/dev/null | grep -q '^CreationDate: *9999-12-31T23:59:59' ||
	fail "SOURCE_DATE_EPOCH=253402300799: $(pdfinfo -isodates "$T/r.pdf" | grep Date)"

# --- mojibake: UTF-8 with a few bad bytes is UTF-8; GB18030 stays GB18030 --
base m1
printf 'id,name\nB1,Ren\351e\nB2,Bob\n' > "$T/m1/branches.csv"
expect_err m1 'branches.csv:2:7: error: 偏移量 14 处的字节 0xE9 无法按 UTF-8 读取'
base m2
printf '支部编号,支部名称\nB1,第一党支部\nB2,第二党支部 Caf\351\n' > "$T/m2/branches.csv"
expect_err m2 'branches.csv:3:13: error: 偏移量 67 处的字节 0xE9 无法按 UTF-8 读取'
base m3
iconv -f UTF-8 -t GB18030 "$BASE/branches.csv" > "$T/m3/branches.csv"
check m3 || fail "GB18030 branches.csv: $(cat "$T/err")"
"$KAOHE" rank "$T/m3" --format csv 2>/dev/null | grep -q '^1,B.,第.党支部,' ||
	fail "GB18030 branches.csv: names not read as GB18030"
base m4
printf '支部编号,支部名称\nB1,张\nB2,Bob\n' | iconv -f UTF-8 -t GB18030 > "$T/m4/branches.csv"
check m4 || fail "GB18030 with one Chinese name: $(cat "$T/err")"
"$KAOHE" rank "$T/m4" --format csv 2>/dev/null | grep -q ',B1,张,' ||
	fail "GB18030 with one Chinese name: not read as GB18030"

# --- ten periods of 10 %: the sheet shows every one -----------------------
base p10
python3 - "$T/p10" <<'EOF'
import re, sys
d = sys.argv[1]
ini = open(d + "/kaohe.ini", encoding="utf-8").read()
ini = re.sub(r"\[periods\][^\[]*", "[periods]\n" +
             "".join("期%d = 10\n" % i for i in range(10)) + "\n", ini)
open(d + "/kaohe.ini", "w", encoding="utf-8").write(ini)
pts = {"1.1": 30, "1.2": 20, "2.1": 25, "2.2": 25}
rows = ["支部编号,考核期,评价方式,评价人,细则编号,得分"]
for b in ("B1", "B2"):
    for p in range(10):
        for it, mx in pts.items():
            rows.append("%s,期%d,考评,甲,%s,%d" % (b, p, it, mx - p % 3))
open(d + "/scores.csv", "w", encoding="utf-8").write("\n".join(rows) + "\n")
EOF
"$KAOHE" sheets "$T/p10" -o "$T/p10o" --branch B1 -q 2>"$T/err" ||
	fail "ten periods: $(cat "$T/err")"
pdftotext -layout "$T/p10o/B1-第一党支部.pdf" "$T/p10.txt"
for p in 0 1 2 3 4 5 6 7 8 9; do
	grep -q "期$p  *期$((p + 1))\|期$p  *综合得\|期$p *\$" "$T/p10.txt" ||
		fail "ten periods: no column 期$p: $(grep 期0 "$T/p10.txt")"
done
# the total row: each period's total whole (100.00 not cut), then 96.40
grep -q '合计 *100 *100.00 *96.00 *92.00 *100.00 *96.00 *92.00 *100.00 *96.00 *92.00 *100.00 *96.40' \
    "$T/p10.txt" || fail "ten periods: total row: $(grep 合计 "$T/p10.txt")"

# --- unreadable data files at FILE:1:1; BOMs and invisible characters ------
base u1
rm "$T/u1/branches.csv"
mkdir "$T/u1/branches.csv"
mkfifo "$T/u1/vetoes.csv"
timeout 60 "$KAOHE" check "$T/u1" >/dev/null 2>"$T/err.raw"
rc=$?
sed "s,$T/u1/,,g" "$T/err.raw" > "$T/err"
[ "$rc" = 1 ] || fail "a directory and a FIFO as data files: exit $rc, want 1"
grep -qx 'kaohe: branches.csv:1:1: error: 无法读取：这是目录，不是文件' "$T/err" ||
	fail "directory branches.csv: $(cat "$T/err")"
grep -qx 'kaohe: vetoes.csv:1:1: error: 无法读取：不是普通文件（设备、管道或套接字）' "$T/err" ||
	fail "FIFO vetoes.csv: $(cat "$T/err")"
# a doubled BOM, a BOM before a mid-file field, a zero-width space: invisible
base u2
printf '\357\273\277\357\273\277' > "$T/u2/scores.csv"
bom=$(printf '\357\273\277')
zw=$(printf '\342\200\213')
sed "s/^B2,/${bom}B2,/; s/,甲,1\\.2,/,甲$zw,1.2,/" "$BASE/scores.csv" >> "$T/u2/scores.csv"
grep -c "$zw" "$T/u2/scores.csv" | grep -qx 2 || fail "u2 not made"
check u2 || fail "BOMs and a zero-width space at field ends: $(cat "$T/err")"
grep -q '列' "$T/err" && fail "BOMs: a column complaint: $(cat "$T/err")"
# a number with an invisible character inside names it
base u3
{ cat "$BASE/scores.csv"
  printf 'B1,年终,考评,乙,1.1,2\302\2408,,\n'
  printf 'B1,年终,考评,丙,1.1,2\342\200\2118,,\n'
  printf 'B1,年终,考评,丁,1.1,2\342\200\2138,,\n'
  printf 'B1,年终,考评,戊,1.1,28\302\240,,\n'; } > "$T/u3/scores.csv"
check u3
grep -q 'scores.csv:10:.*“2<U+00A0>8”不是数字' "$T/err" || fail "NBSP: $(cat "$T/err")"
grep -q 'scores.csv:11:.*“2<U+2009>8”不是数字' "$T/err" || fail "thin space: $(cat "$T/err")"
grep -q 'scores.csv:12:.*“2<U+200B>8”不是数字' "$T/err" || fail "ZWSP: $(cat "$T/err")"
grep -q 'scores.csv:13:.*“28<U+00A0>”不是数字' "$T/err" || fail "trailing NBSP: $(cat "$T/err")"
# a wrong [rubric] total without rubric.csv: the user's line, not the template
base u4
rm "$T/u4/rubric.csv"
printf '[rubric]\ntotal = 90\n' >> "$T/u4/kaohe.ini"
check u4
grep -q 'kaohe.ini:15:1: error: \[rubric\] total = 90.00，但数据集没有 rubric.csv，内置的考核细则合计 100.00 分' "$T/err" ||
	fail "[rubric] total: $(cat "$T/err")"
grep -q 'templates/' "$T/err" && fail "[rubric] total blames a template: $(cat "$T/err")"

# --- sheet file names (SPEC 6) ---------------------------------------------
base n1
printf '支部编号,支部名称\nB1,R1-abc\342\200\256fdp.exe\nB2,a:b*c?d"e<f>g|h\342\200\213 ..\n' > "$T/n1/branches.csv"
"$KAOHE" sheets "$T/n1" -o "$T/n1o" -q 2>"$T/err" || fail "hostile names: $(cat "$T/err")"
ls "$T/n1o" | LC_ALL=C sort > "$T/names"
printf '%s\n' 'B1-R1-abcfdp.exe.pdf' 'B2-abcdefgh.pdf' > "$T/want"
cmp -s "$T/names" "$T/want" || fail "sheet names: $(cat "$T/names")"
long=$(printf '长%.0s' $(seq 1 100))
printf '支部编号,支部名称\nB1,%s\nB2,第二党支部\n' "$long" > "$T/n1/branches.csv"
"$KAOHE" sheets "$T/n1" -o "$T/n2o" -q 2>/dev/null || fail "a long name"
n=$(ls "$T/n2o" | grep '^B1-' | head -1)
[ "$(printf '%s' "$n" | wc -c)" -le 200 ] && printf '%s' "$n" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
	fail "a long name: $n"
# a name of only invisible characters: a data error at its line, in check
printf '支部编号,支部名称\nB1,第一党支部\nB2,\342\200\213\342\200\256\n' > "$T/n1/branches.csv"
expect_err n1 'branches.csv:3:'
grep -q '“支部名称”为空' "$T/err" || fail "an invisible name: $(cat "$T/err")"

# --- a character no font has: FILE:LINE:COL, the column of its field -------
rm -rf "$T/g1"
cp -r "$DEMO" "$T/g1"
pua=$(printf '\356\200\201')
sed "2s/,机关党总支,/,机关${pua}党总支,/" "$DEMO/branches.csv" > "$T/g1/branches.csv"
pua2=$(printf '\356\200\202')
awk -F, -v OFS=, -v p="$pua2" 'NR == 2 { $4 = $4 p } { print }' "$DEMO/workers.csv" > "$T/g1/workers.csv"
"$KAOHE" check "$T/g1" >/dev/null 2>"$T/err.raw"
sed "s,$T/g1/,,g" "$T/err.raw" > "$T/err"
grep -q '^kaohe: branches.csv:2:3: warning: 字符“.*”（U+E001）' "$T/err" ||
	fail "missing glyph in 上级党组织: $(grep U+E001 "$T/err")"
grep -q '^kaohe: workers.csv:2:4: warning: 字符“.*”（U+E002）' "$T/err" ||
	fail "missing glyph in 事迹: $(grep U+E002 "$T/err")"

if [ "$fails" -gt 0 ]; then
	echo "t_robust: $fails failed"
	exit 1
fi
echo "t_robust: ok"
