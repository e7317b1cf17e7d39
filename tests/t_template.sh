#!/bin/sh
# t_template.sh: `kaohe template` (SPEC section 9) and build's results.xlsx,
# opened with openpyxl (tests/xlsx_check.py): the sheets, frozen and locked
# header rows, open data cells, data validations, comments on the item
# headers, the rows prefilled from a data set; results.xlsx against
# results.csv cell for cell and 细则得分 against the reference
# implementation; spreadsheet safety; usage and data errors, atomic writes;
# and the round trip through kaohe's own .xlsx reader (a template read back
# unchanged reports only missing scores; filled in as a clerk would, it ranks
# as the same data in CSV).
KAOHE=${KAOHE:-build/kaohe}
TOP=${TOP:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/t_template.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
DEMO=$TOP/samples/demo
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH

# python3 with openpyxl (Debian's python3-openpyxl; a python3 earlier on
# PATH may lack it)
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import openpyxl' >/dev/null 2>&1; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ]; then
	echo "FAIL: no python3 with openpyxl (apt-get install python3-openpyxl)"
	exit 1
fi
check() {
	"$PY" "$TOP/tests/xlsx_check.py" "$@" >"$T/check.out" 2>&1 ||
		fail "xlsx_check $1 $(basename "$2") ${3:-}: $(head -n 20 "$T/check.out")"
}
# A command's exit status must be $1.
status() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq "$want" ] ||
		fail "$* exited $rc, want $want: $(head -n 20 "$T/err")"
}

# --- the template of the built-in defaults ----------------------------------
status 0 "$KAOHE" template -o "$T/default.xlsx"
[ -s "$T/err" ] && fail "template wrote to stderr: $(cat "$T/err")"
check template "$T/default.xlsx" wide -
check settings "$T/default.xlsx" \
	report organization 某某单位党委 report year 2025 \
	report title 2025年度党支部建设目标管理考核结果 report date 2026-01-15 \
	report doc_number "" weights 自评 20 weights 互评 30 weights 考评 50 \
	periods 半年 0 periods 年终 100 \
	rating levels "先进党支部 95; 合格 60; 不合格 0" rating advanced_quota 0 \
	veto reasons "班子不团结; 未完成工作任务; 党员受党纪政纪处分" \
	records 支部党员大会 4 records 支委会 12 records 党小组会 12 \
	records 党课 4 branches term_years 3 rubric total 100 handbook forms ""
status 0 "$KAOHE" template --form long -o "$T/default-long.xlsx"
check template "$T/default-long.xlsx" long -

# --- prefilled from samples/demo ---------------------------------------------
DEMO_SETTINGS="report organization 中共某某能源集团有限公司委员会
report year 2025
report title 2025年度党支部建设目标管理考核结果
report date 2026-01-15
report doc_number 某能党发〔2026〕3号
weights 自评 20
weights 互评 30
weights 考评 50
periods 半年 30
periods 年终 70
rating levels 先进党支部 95; 合格 60; 不合格 0
rating advanced_quota 30
veto reasons 班子不团结; 未完成工作任务; 党员受党纪政纪处分
records 支部党员大会 4
records 支委会 12
records 党小组会 12
records 党课 4
branches term_years 3
rubric total 100
handbook forms "
status 0 "$KAOHE" template "$DEMO" -o "$T/demo.xlsx"
check template "$T/demo.xlsx" wide "$DEMO"
# the demo's settings, one row per key (the value may hold spaces)
set --
while IFS= read -r line; do
	sec=${line%% *}
	rest=${line#* }
	key=${rest%% *}
	set -- "$@" "$sec" "$key" "${rest#* }"
done <<EOF
$DEMO_SETTINGS
EOF
check settings "$T/demo.xlsx" "$@"
status 0 "$KAOHE" template "$DEMO" --form long -o "$T/demo-long.xlsx"
check template "$T/demo-long.xlsx" long "$DEMO"
# the same bytes again (SOURCE_DATE_EPOCH)
"$KAOHE" template "$DEMO" -o "$T/demo2.xlsx" 2>/dev/null
cmp -s "$T/demo.xlsx" "$T/demo2.xlsx" || fail "two runs differ"

# --period: rows for that period alone
status 0 "$KAOHE" template "$DEMO" --period 年终 -o "$T/year.xlsx"
"$PY" - "$T/year.xlsx" >"$T/py" 2>&1 <<'EOF' || fail "--period 年终: $(cat "$T/py")"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["评分"]
rows = [[c.value for c in r[:3]] for r in ws.iter_rows(min_row=2)]
assert len(rows) == 36, len(rows)
assert all(r[1] == "年终" for r in rows), rows[:3]
assert [r[2] for r in rows[:3]] == ["自评", "互评", "考评"], rows[:3]
EOF

# a data set of settings alone: the branches are not required
mkdir "$T/only-ini"
cp "$DEMO/kaohe.ini" "$T/only-ini/"
status 0 "$KAOHE" template "$T/only-ini" -o "$T/only-ini.xlsx"
check template "$T/only-ini.xlsx" wide "$T/only-ini"

# the long form past Excel's 1,048,576 rows: refused, the wide form fits
mkdir "$T/many"
cp "$DEMO/kaohe.ini" "$T/many/"
awk 'BEGIN { print "支部编号,支部名称"; for (i = 1; i <= 6722; i++) printf "B%05d,第%d支部\n", i, i }' \
	>"$T/many/branches.csv"
status 1 "$KAOHE" template "$T/many" --form long -o "$T/many-long.xlsx"
grep -q 'error: “评分”表要 1048633 行，超过 Excel 一张表的 1048576 行；请改用 --form wide' "$T/err" ||
	fail "long form past the row limit: $(cat "$T/err")"
[ -e "$T/many-long.xlsx" ] && fail "the refused long form was written"
status 0 "$KAOHE" template "$T/many" -o "$T/many.xlsx"
"$PY" - "$T/many.xlsx" >"$T/py" 2>&1 <<'EOF' || fail "6722 branches, wide: $(cat "$T/py")"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
assert wb["评分"].max_row == 1 + 6722 * 6, wb["评分"].max_row
assert wb["支部"].max_row == 1 + 6722, wb["支部"].max_row
EOF

# --- usage, data and output errors: nothing written --------------------------
status 2 "$KAOHE" template
status 2 "$KAOHE" template "$DEMO"
grep -q -- '-o' "$T/err" || fail "no -o: the message does not say so"
status 2 "$KAOHE" template --form tall -o "$T/u.xlsx"
status 2 "$KAOHE" template "$DEMO" "$DEMO" -o "$T/u.xlsx"
status 2 "$KAOHE" template "$DEMO" --period 季度 -o "$T/u.xlsx"
grep -q '^kaohe: 没有考核期“季度”；kaohe.ini \[periods\] 中的考核期有：半年、年终$' "$T/err" ||
	fail "unknown --period: $(head -n 1 "$T/err")"
status 2 "$KAOHE" rank "$T/demo.xlsx" --period 季度
grep -q '^kaohe: 没有考核期“季度”；工作表“设置”\[periods\] 中的考核期有：半年、年终$' "$T/err" ||
	fail "unknown --period of a workbook: $(head -n 1 "$T/err")"
status 2 "$KAOHE" template --bogus -o "$T/u.xlsx"
[ -e "$T/u.xlsx" ] && fail "a usage error wrote a file"
status 0 "$KAOHE" template --help
grep -q 'template \[DIR\] -o FILE.xlsx' "$T/out" || fail "template --help"
status 0 "$KAOHE" --help
grep -q 'kaohe template \[DIR\]' "$T/out" || fail "--help lacks template"

mkdir "$T/bad"
cp "$DEMO/kaohe.ini" "$T/bad/"
printf '支部编号,支部名称,党员人数\nA1,一支部,12\nA1,二支部,x\n' >"$T/bad/branches.csv"
echo old >"$T/bad.xlsx"
status 1 "$KAOHE" template "$T/bad" -o "$T/bad.xlsx"
grep -q 'branches.csv:3:1: error: 支部编号 A1 在前面已有，重复' "$T/err" ||
	fail "duplicate branch: $(cat "$T/err")"
grep -q 'branches.csv:3:3: error: 党员人数“x”不是整数' "$T/err" ||
	fail "bad 党员人数: $(cat "$T/err")"
[ "$(cat "$T/bad.xlsx")" = old ] || fail "a data error replaced the output"
status 1 "$KAOHE" template "$T/missing" -o "$T/u.xlsx"
[ -e "$T/u.xlsx" ] && fail "a missing DIR wrote a file"

status 3 "$KAOHE" template -o "$T/no/such/dir/t.xlsx"
grep -q '无法写入' "$T/err" || fail "unwritable: $(cat "$T/err")"
mkdir "$T/isdir.xlsx"
status 3 "$KAOHE" template -o "$T/isdir.xlsx"
[ -d "$T/isdir.xlsx" ] || fail "a directory at the output path was replaced"
# replacing a file: atomic, no temporary file left
echo old >"$T/replace.xlsx"
status 0 "$KAOHE" template -o "$T/replace.xlsx"
cmp -s "$T/replace.xlsx" "$T/default.xlsx" || fail "the old file was not replaced"
ls -a "$T" "$T/isdir.xlsx" | grep -q 'kaohe-' && fail "temporary files left: $(ls -a "$T")"

# --- results.xlsx from build -------------------------------------------------
status 0 "$KAOHE" build "$DEMO" -o "$T/build" -q
[ -f "$T/build/results.xlsx" ] || fail "build wrote no results.xlsx"
check results "$T/build/results.xlsx" "$T/build/results.csv" "$DEMO"
ls -a "$T/build" | grep -v '^\.kaohe-set$' | grep -q 'kaohe-' && fail "build left temporary files"
status 0 "$KAOHE" build --help
grep -q 'results.xlsx' "$T/out" || fail "build --help does not name results.xlsx"

# spreadsheet safety (SPEC 6): names that look like formulas get a leading '
mkdir "$T/evil"
cp "$DEMO"/*.csv "$DEMO/kaohe.ini" "$T/evil/"
sed -e 's/^JG01,办公室党支部,/JG01,=1+2,/' -e 's/^JG02,财务部党支部,/JG02,+SUM(A1:A9),/' \
    -e 's/^JG04,党群工作部党支部,/JG04,-2+3,/' -e 's/^SC01,第一车间党支部,/SC01,@NOW(),/' \
    "$DEMO/branches.csv" >"$T/evil/branches.csv"
status 0 "$KAOHE" build "$T/evil" -o "$T/evil-out" -q
check escaped "$T/evil-out/results.xlsx" JG01 "'=1+2" JG02 "'+SUM(A1:A9)" \
	JG04 "'-2+3" SC01 "'@NOW()" JG03 人力资源部党支部

# --- the round trip through kaohe's own reader (SPEC 8) ----------------------
"$PY" "$TOP/tests/xlsx_check.py" fill "$T/demo.xlsx" "$DEMO" "$T/filled.xlsx" ||
	fail "filling the template"
"$PY" "$TOP/tests/xlsx_check.py" fill "$T/demo-long.xlsx" "$DEMO" \
	"$T/filled-long.xlsx" || fail "filling the long template"
status 0 "$KAOHE" check "$T/filled.xlsx"
"$KAOHE" rank "$DEMO" --format csv >"$T/want.csv" 2>/dev/null
for f in filled filled-long; do
	"$KAOHE" rank "$T/$f.xlsx" --format csv >"$T/$f.csv" 2>"$T/err" ||
		fail "rank $f.xlsx: $(head -n 20 "$T/err")"
	cmp -s "$T/want.csv" "$T/$f.csv" ||
		fail "$f.xlsx ranks otherwise: $(diff "$T/want.csv" "$T/$f.csv" | head -n 10)"
done
"$KAOHE" rank "$DEMO" --period 半年 --format csv >"$T/want-half.csv" 2>/dev/null
"$KAOHE" rank "$T/filled.xlsx" --period 半年 --format csv >"$T/half.csv" 2>/dev/null
cmp -s "$T/want-half.csv" "$T/half.csv" || fail "filled.xlsx --period 半年 ranks otherwise"
# a --period 半年 template weighs 半年 100 and 年终 0 in its 设置 sheet:
# filled in, it ranks without --period as the data set does with it
status 0 "$KAOHE" template "$DEMO" --period 半年 -o "$T/half.xlsx"
"$PY" "$TOP/tests/xlsx_check.py" fill "$T/half.xlsx" "$DEMO" "$T/half-filled.xlsx" ||
	fail "filling the --period 半年 template"
"$KAOHE" rank "$T/half-filled.xlsx" --format csv >"$T/half2.csv" 2>"$T/err" ||
	fail "the filled --period 半年 template, no --period: $(head -n 5 "$T/err")"
cmp -s "$T/want-half.csv" "$T/half2.csv" ||
	fail "the filled --period 半年 template ranks otherwise: $(diff "$T/want-half.csv" "$T/half2.csv" | head -n 6)"
# read back unchanged: only "no scores" errors, one per branch
status 1 "$KAOHE" check "$T/demo.xlsx"
n=$(grep -c 'error: .*没有任何评分' "$T/err")
[ "$n" -eq 12 ] || fail "unchanged template: $n 'no scores' errors, want 12: $(head -n 5 "$T/err")"
others=$(grep -E 'error:|warning:' "$T/err" | grep -v '没有任何评分')
[ -z "$others" ] || fail "unchanged template: other complaints: $others"
# the long form's prefilled rows each lack their score, at its cell
status 1 "$KAOHE" check "$T/demo-long.xlsx"
n=$(grep -c 'error: .*没有任何评分' "$T/err")
[ "$n" -eq 12 ] || fail "unchanged long template: $n 'no scores' errors, want 12"
grep 'error: “得分”和“扣分”都没有填，须填一个' "$T/err" |
	sed 's/.*demo-long.xlsx:评分!\(F[0-9]*\): .*/\1/' >"$T/cells"
seq 2 1873 | sed 's/^/F/' | cmp -s - "$T/cells" ||
	fail "unchanged long template: not one 'no score' error per prefilled row"
others=$(grep -E 'error:|warning:' "$T/err" | grep -v -e '没有任何评分' \
	-e '评分!F[0-9]*: error: “得分”和“扣分”都没有填，须填一个')
[ -z "$others" ] || fail "unchanged long template: other complaints: $(echo "$others" | head -n 5)"
# the built-in template has no branches yet: that is all it says
status 1 "$KAOHE" check "$T/default.xlsx"
grep -q 'default.xlsx:支部!A1: error: 没有列出任何支部' "$T/err" ||
	fail "unchanged default template: $(head -n 5 "$T/err")"
others=$(grep -E 'error:|warning:' "$T/err" | grep -v '没有列出任何支部')
[ -z "$others" ] || fail "unchanged default template: $others"
# a template of a workbook: the same prefilled sheets
status 0 "$KAOHE" template "$T/demo.xlsx" -o "$T/again.xlsx"
check template "$T/again.xlsx" wide "$DEMO"
# build from the workbook: results as from the CSV files
status 0 "$KAOHE" build "$T/filled.xlsx" -o "$T/build-x" -q
cmp -s "$T/build/results.csv" "$T/build-x/results.csv" ||
	fail "build from the workbook: results.csv differs"

[ "$fails" -eq 0 ] || exit 1
echo "t_template: ok"
