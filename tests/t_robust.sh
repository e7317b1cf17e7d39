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

if [ "$fails" -gt 0 ]; then
	echo "t_robust: $fails failed"
	exit 1
fi
echo "t_robust: ok"
