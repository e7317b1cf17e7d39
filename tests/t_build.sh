#!/bin/sh
# t_build.sh: the command line as a user meets it — exit statuses, help,
# the golden rankings of the samples, `kaohe build` writing its four outputs,
# and nothing written for bad data.
# Run by tests/run.sh with KAOHE (the program) and TOP (the source tree).
set -u
. "$(dirname "$0")/lib.sh"
# expect_rc WANT ARGS...: runs kaohe and checks its exit status.
expect_rc() {
	want=$1
	shift
	"$KAOHE" "$@" > "$tmp/stdout" 2> "$tmp/stderr" < /dev/null
	rc=$?
	[ "$rc" = "$want" ] || fail "kaohe $* exited $rc, want $want: $(head -n 3 "$tmp/stderr")"
}

# Usage and help.
expect_rc 0 --help
grep -q 'kaohe build DIR -o OUTDIR' "$tmp/stdout" || fail "--help lacks the build synopsis"
expect_rc 0 --version
grep -q '^kaohe [0-9]' "$tmp/stdout" || fail "--version prints no version"
for c in check rank report sheets notice build; do
	expect_rc 0 "$c" --help
	grep -q "usage: kaohe $c" "$tmp/stdout" || fail "kaohe $c --help"
done
expect_rc 2
expect_rc 2 frobnicate samples/demo
expect_rc 2 rank
expect_rc 2 rank "$TOP/samples/demo" --format xml
expect_rc 2 rank "$TOP/samples/demo" --period 全年
grep -q '全年' "$tmp/stderr" || fail "an unknown period is not named"
expect_rc 2 rank "$TOP/samples/demo" --bogus
expect_rc 2 report "$TOP/samples/demo"
expect_rc 2 sheets "$TOP/samples/demo" -o "$tmp/s" -j 0
expect_rc 2 check "$TOP/samples/demo" --encoding NO-SUCH-ENCODING
expect_rc 1 check "$tmp/no-such-dir"

# check: the summary of a good data set; warnings fail only with --strict.
expect_rc 0 check "$TOP/samples/demo"
grep -q '12 个支部；考核细则 26 项，分 6 类' "$tmp/stdout" || fail "check summary: $(head -n 1 "$tmp/stdout")"
grep -q '年终互评：936 条' "$tmp/stdout" || fail "check summary lacks rows per period and source"
grep -q 'warning: 张堃不予表彰' "$tmp/stderr" || fail "check does not name the nominee left out"
expect_rc 1 check "$TOP/samples/demo" --strict
[ -s "$tmp/stdout" ] && fail "check --strict with warnings printed a summary"
expect_rc 0 check "$TOP/samples/excel"

# rank: the golden rankings of the samples (checked against the reference
# implementation in tests/oracle and the arithmetic in samples/README.md).
for s in demo excel; do
	expect_rc 0 rank "$TOP/samples/$s" --format csv
	cmp -s "$tmp/stdout" "$TOP/tests/samples/$s.rank.csv" ||
	    fail "rank samples/$s differs: $(diff "$TOP/tests/samples/$s.rank.csv" "$tmp/stdout" | head -n 5)"
done
expect_rc 0 rank "$TOP/samples/demo" --format csv --period half
cmp -s "$tmp/stdout" "$TOP/tests/samples/demo-half.rank.csv" || fail "rank --period half differs"
# the same data in another encoding gives the same ranking
mkdir "$tmp/demo16"
cp "$TOP/samples/demo/kaohe.ini" "$tmp/demo16/"
for f in "$TOP"/samples/demo/*.csv; do
	b=$(basename "$f")
	{ printf '\377\376'; sed 's/,/\t/g' "$f" | iconv -f UTF-8 -t UTF-16LE; } > "$tmp/demo16/$b"
done
# (the demo's notes hold commas inside quotes, so only the files without
# quotes are converted to tabs; scores.csv stays UTF-8)
cp "$TOP/samples/demo/scores.csv" "$tmp/demo16/scores.csv"
expect_rc 0 rank "$tmp/demo16" --format csv
cmp -s "$tmp/stdout" "$TOP/tests/samples/demo.rank.csv" || fail "UTF-16 branches.csv ranks differently"
expect_rc 0 rank "$TOP/samples/demo" --format json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["branches"]) == 12 and d["quota"]["exceeded_by_ties"]' < "$tmp/stdout" ||
    fail "rank --format json is not the expected JSON"
expect_rc 0 rank "$TOP/samples/demo"
grep -q '=3  JG02' "$tmp/stdout" || fail "rank text does not show the shared rank"
grep -q '一票否决' "$tmp/stdout" || fail "rank text does not mark vetoed branches"

# build: four outputs, results.csv = BOM + rank csv (progress: below).
expect_rc 0 build "$TOP/samples/demo" -o "$tmp/out"
for f in report.pdf notice.pdf results.csv; do
	[ -s "$tmp/out/$f" ] || fail "build did not write $f"
done
n=$(ls "$tmp/out/sheets" | grep -c '\.pdf$')
[ "$n" = 12 ] || fail "build wrote $n sheets, want 12"
{ printf '\357\273\277'; cat "$TOP/tests/samples/demo.rank.csv"; } > "$tmp/want.csv"
cmp -s "$tmp/out/results.csv" "$tmp/want.csv" || fail "results.csv is not BOM + rank --format csv"
ls -a "$tmp/out" | grep -q 'kaohe-' && fail "build left a temporary file"
expect_rc 0 build "$TOP/samples/demo" -o "$tmp/outq" -q
[ -s "$tmp/stderr" ] && grep -q '^kaohe: report:' "$tmp/stderr" && fail "-q still prints progress"

# OUTDIR and its missing parents are made.
expect_rc 0 build "$TOP/samples/demo" -o "$tmp/a/b/c" -q
[ -s "$tmp/a/b/c/results.csv" ] || fail "build -o a/b/c did not make the directories"

# Bad data: nothing is written, an older file is untouched, exit 1.
expect_rc 1 build "$TOP/tests/bad/unknown-branch" -o "$tmp/bad"
[ -e "$tmp/bad" ] && fail "build with data errors made its output directory"
mkdir "$tmp/old"
echo old > "$tmp/old/results.csv"
expect_rc 1 build "$TOP/tests/bad/unknown-branch" -o "$tmp/old"
[ "$(cat "$tmp/old/results.csv")" = old ] || fail "build with data errors touched an older results.csv"
[ "$(ls "$tmp/old")" = results.csv ] || fail "build with data errors wrote into OUTDIR"
expect_rc 1 report "$TOP/tests/bad/unknown-branch" -o "$tmp/r.pdf"
[ -e "$tmp/r.pdf" ] && fail "report with data errors wrote a file"
expect_rc 1 rank "$TOP/tests/bad/unknown-branch" --format csv
[ -s "$tmp/stdout" ] && fail "rank with data errors wrote to stdout"

# A character no font has: a warning naming it and its line; with --strict
# the run fails.
mkdir "$tmp/pua"
cp "$TOP"/samples/demo/* "$tmp/pua/"
sed 's/^JG01,办公室党支部/JG01,办公室党支部\xee\x80\x80/' "$TOP/samples/demo/branches.csv" > "$tmp/pua/branches.csv"
expect_rc 0 report "$tmp/pua" -o "$tmp/pua.pdf"
grep -q 'branches.csv:2:2: warning: 字符“.*”（U+E000）' "$tmp/stderr" || fail "no warning for a character no font has: $(cat "$tmp/stderr")"
# (without the nominee of a vetoed branch, whose warning would fail the run
# before drawing)
grep -v '^张堃,' "$TOP/samples/demo/workers.csv" > "$tmp/pua/workers.csv"
# The same data gives the same verdict in every command, before anything
# is written: check --strict fails too, and report --strict writes no PDF.
expect_rc 1 check "$tmp/pua" --strict
grep -q 'branches.csv:2:2: warning: 字符“.*”（U+E000）' "$tmp/stderr" || fail "check does not warn of a character no font has"
expect_rc 1 rank "$tmp/pua" --strict
expect_rc 1 report "$tmp/pua" -o "$tmp/pua2.pdf" --strict
grep -q 'strict' "$tmp/stderr" || fail "--strict failure on a drawing warning is not explained"
[ -e "$tmp/pua2.pdf" ] && fail "report --strict with a character no font has wrote the PDF"
expect_rc 1 build "$tmp/pua" -o "$tmp/pua-out" --strict
[ -e "$tmp/pua-out" ] && fail "build --strict with a character no font has wrote $(ls "$tmp/pua-out")"
[ "$(grep -c 'U+E000' "$tmp/stderr")" = 1 ] || fail "the character no font has is not warned exactly once: $(cat "$tmp/stderr")"
expect_rc 0 report "$tmp/pua" -o "$tmp/pua3.pdf"
[ "$(grep -c 'U+E000' "$tmp/stderr")" = 1 ] || fail "report warns of the character more than once: $(cat "$tmp/stderr")"
# the same for a character of members.csv, which only the handbooks print
mkdir "$tmp/pua-m"
cp "$TOP"/samples/demo/* "$tmp/pua-m/"
cp "$tmp/pua/workers.csv" "$tmp/pua-m/workers.csv"
awk -F, 'NR == 2 { sub(/^[^,]*/, $1 "\356\200\201") } { print }' \
    "$TOP/samples/demo/members.csv" > "$tmp/pua-m/members.csv"
expect_rc 1 build "$tmp/pua-m" -o "$tmp/pua-m-out" --strict
grep -q 'members.csv:2: warning: 字符“.*”（U+E001）' "$tmp/stderr" || fail "no warning for a character no font has in members.csv: $(cat "$tmp/stderr")"
[ -e "$tmp/pua-m-out" ] && fail "build --strict with a character no font has in members.csv wrote $(ls "$tmp/pua-m-out")"
# the same for a character of a handbook text part (a data set's
# handbook/NAME), which only the handbooks print: check --strict fails, and
# build --strict writes nothing.
mkdir "$tmp/pua-h" "$tmp/pua-h/handbook"
cp "$TOP"/samples/demo/* "$tmp/pua-h/"
cp "$tmp/pua/workers.csv" "$tmp/pua-h/workers.csv"
printf '# 使用说明\n\n本手册由党委印发。\n\n第三段有一个字\356\200\202。\n' \
    > "$tmp/pua-h/handbook/01-使用说明.md"
expect_rc 1 check "$tmp/pua-h" --strict
grep -q '01-使用说明.md:5: warning: 字符“.*”（U+E002）' "$tmp/stderr" || fail "check does not warn of a character no font has in a handbook text: $(cat "$tmp/stderr")"
expect_rc 1 build "$tmp/pua-h" -o "$tmp/pua-h-out" --strict
[ -e "$tmp/pua-h-out" ] && fail "build --strict with a character no font has in a handbook text wrote $(ls "$tmp/pua-h-out")"
[ "$(grep -c 'U+E002' "$tmp/stderr")" = 1 ] || fail "the character of the handbook text is not warned exactly once: $(cat "$tmp/stderr")"
expect_rc 1 handbook "$tmp/pua-h" -o "$tmp/pua-h-hb" --strict
[ -e "$tmp/pua-h-hb" ] && fail "handbook --strict with a character no font has wrote $(ls "$tmp/pua-h-hb")"
# a handbook text that is not UTF-8: an error at its position
mkdir "$tmp/bad-h" "$tmp/bad-h/handbook"
cp "$TOP"/samples/demo/* "$tmp/bad-h/"
printf '# 使用说明\n\n一二\377三\n' > "$tmp/bad-h/handbook/01-使用说明.md"
expect_rc 1 check "$tmp/bad-h"
grep -q '01-使用说明.md:3:3: error' "$tmp/stderr" || fail "a handbook text that is not UTF-8 is not an error at its position: $(cat "$tmp/stderr")"
# System errors are said in Chinese: a text part that is a directory, an
# output directory under a file.
mkdir -p "$tmp/dir-h/handbook/01-使用说明.md"
cp "$TOP"/samples/demo/* "$tmp/dir-h/" 2>/dev/null
expect_rc 1 check "$tmp/dir-h"
grep -q '01-使用说明.md:1:1: error: 无法读取这个文件：这是目录，不是文件$' "$tmp/stderr" || fail "a text part that is a directory: $(cat "$tmp/stderr")"
: > "$tmp/plain"
expect_rc 3 handbook "$TOP/samples/demo" -o "$tmp/plain/hb" -q
grep -q "$tmp/plain/hb: error: 无法创建输出目录：不是目录（或路径中有一段不是目录）\$" "$tmp/stderr" || fail "an output directory under a file: $(cat "$tmp/stderr")"
grep -q '[A-Za-z]\{4,\} [a-z]\{2,\}' "$tmp/stderr" && fail "an English system error: $(cat "$tmp/stderr")"
# A workbook that does not exist is a file not found, not a folder.
expect_rc 1 check "$tmp/nonexist.xlsx"
grep -q "^kaohe: $tmp/nonexist.xlsx: error: 找不到这个工作簿文件\$" "$tmp/stderr" || fail "a missing workbook: $(cat "$tmp/stderr")"
expect_rc 1 check "$tmp/nonexist"
grep -q "^kaohe: $tmp/nonexist: error: 不是数据集目录（找不到这个文件夹）\$" "$tmp/stderr" || fail "a missing folder: $(cat "$tmp/stderr")"
# Progress only on a terminal (SPEC 5): build into a file's stderr, without
# -q, prints the diagnostics and no progress line.
expect_rc 0 build "$TOP/samples/demo" -o "$tmp/noprog"
grep -q '^kaohe: \(report\|sheets\|notice\|handbooks\|results\):' "$tmp/stderr" && fail "build printed progress to a stderr that is no terminal: $(cat "$tmp/stderr")"
[ "$(grep -c '' "$tmp/stderr")" = 1 ] || fail "build without a terminal printed more than its one warning: $(cat "$tmp/stderr")"
if command -v script >/dev/null 2>&1; then
	# on a terminal: a line per output, none with -q
	script -qec "\"$KAOHE\" build \"$TOP/samples/demo\" -o \"$tmp/prog\"" /dev/null > "$tmp/tty.out" 2>&1 < /dev/null
	for stage in report sheets notice handbooks results; do
		grep -q "kaohe: $stage: " "$tmp/tty.out" || fail "build on a terminal printed no progress line for $stage: $(cat "$tmp/tty.out")"
	done
	script -qec "\"$KAOHE\" build \"$TOP/samples/demo\" -o \"$tmp/prog-q\" -q" /dev/null > "$tmp/tty.out" 2>&1 < /dev/null
	grep -q 'kaohe: report: ' "$tmp/tty.out" && fail "build -q on a terminal printed progress"
fi
# build --strict on the demo (a nominee of a vetoed branch: a warning)
# fails before writing, as check --strict does.
expect_rc 1 build "$TOP/samples/demo" -o "$tmp/demo-strict" --strict
[ -e "$tmp/demo-strict" ] && fail "build --strict with warnings wrote $(ls "$tmp/demo-strict")"

# With SOURCE_DATE_EPOCH, two builds of the same data are the same bytes,
# every file (the handbooks read flags of pages that were never set).
for k in 1 2; do
	SOURCE_DATE_EPOCH=1767225600 "$KAOHE" build "$TOP/samples/demo" \
	    -o "$tmp/repro$k" -q -j 2 2> /dev/null ||
	    fail "build for reproducibility $k exited $?"
done
diff -r "$tmp/repro1" "$tmp/repro2" > "$tmp/repro.diff" 2>&1 ||
    fail "two builds differ: $(head -n 3 "$tmp/repro.diff")"

# Standard output that cannot be written (a full disk): every write and
# the final close are checked, exit 3, whatever the output's size.
if [ -w /dev/full ]; then
	for args in "rank $TOP/samples/demo --format csv" \
	    "rank $TOP/samples/demo --format json" "rank $TOP/samples/demo" \
	    "check $TOP/samples/demo" "--help" "rank --help" "--version"; do
		# shellcheck disable=SC2086
		"$KAOHE" $args > /dev/full 2> "$tmp/stderr" < /dev/null
		rc=$?
		[ "$rc" = 3 ] || fail "kaohe $args > /dev/full exited $rc, want 3"
		grep -q 'error: 无法写出到标准输出' "$tmp/stderr" || fail "kaohe $args > /dev/full: no message"
	done
fi

# An output that cannot be written: exit 3.
expect_rc 3 build "$TOP/samples/demo" -o /proc/kaohe-cannot-write
expect_rc 3 report "$TOP/samples/demo" -o "$tmp/no/such/dir/r.pdf"

finish
