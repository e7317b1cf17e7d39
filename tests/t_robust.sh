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
	grep -q "期$p  *期$((p + 1))\|期$p  *综合得" "$T/p10.txt" ||
		fail "ten periods: no column 期$p: $(grep 期0 "$T/p10.txt")"
done
# the total row: each period's total whole (100.00 not cut), then 96.40
grep -q '合计 *100 *100.00 *96.00 *92.00 *100.00 *96.00 *92.00 *100.00 *96.00 *92.00 *100.00 *96.40' \
    "$T/p10.txt" || fail "ten periods: total row: $(grep 合计 "$T/p10.txt")"

if [ "$fails" -gt 0 ]; then
	echo "t_robust: $fails failed"
	exit 1
fi
echo "t_robust: ok"
