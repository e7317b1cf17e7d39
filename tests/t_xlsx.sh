#!/bin/sh
# t_xlsx.sh: reading .xlsx workbooks (SPEC section 8).
#
#  - Workbooks written part by part as Excel and WPS write them
#    (tests/xlsx/cases.py, on tests/xlsx/mkbook.py), with openpyxl
#    (tests/xlsx/csv2xlsx.py) and with libxlsxwriter (tests/xlsx/lxwbook.c)
#    rank exactly as the same data in CSV.
#  - Every tests/good data set as one workbook, with English sheet names,
#    and as NAME.xlsx files ranks byte-identically to its CSV form.
#  - Every tests/bad case about a value gives the same messages at the
#    SHEET!CELL of the CSV line and column (the others are about CSV bytes
#    or whole files and are listed below).
#  - The values the reader shows (rich text, dates in both systems, General
#    numbers ...), cells of the wrong kind, and every refusal give exactly
#    the messages of tests/xlsx/expect/NAME.stderr, exit status 1 and
#    nothing on stdout.
# Environment: KAOHE (the binary), TOP (source tree).
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
KAOHE=${KAOHE:-$TOP/build/kaohe}
if [ ! -x "$KAOHE" ]; then
	echo "t_xlsx: FAIL: $KAOHE is not built"
	exit 1
fi
# openpyxl is the Debian package python3-openpyxl, for the system python
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	echo "t_xlsx: FAIL: python3-openpyxl is not installed (make deps)"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/t_xlsx.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
pass=0
fail=0
failed=""
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	failed="$failed $1"
	echo "=== FAIL $1: $2"
}

"$PY" "$TOP/tests/xlsx/cases.py" "$tmp" || { echo "t_xlsx: FAIL: cases.py"; exit 1; }
cd "$tmp" || exit 1

# same_rank NAME PATH REFERENCE [ARGS]: rank of PATH equals that of REFERENCE.
same_rank() {
	sr_name=$1 sr_path=$2 sr_ref=$3
	shift 3
	"$KAOHE" rank "$sr_ref" --format csv "$@" > want.csv 2> /dev/null
	"$KAOHE" rank "$sr_path" --format csv "$@" > got.csv 2> got.err < /dev/null
	rc=$?
	if [ "$rc" = 0 ] && [ -s want.csv ] && cmp -s want.csv got.csv; then
		ok
	else
		bad "$sr_name" "rank $sr_path (exit $rc) differs from rank $sr_ref"
		diff want.csv got.csv | head -n 10
		head -n 10 got.err
	fi
}

# messages NAME PATH: `kaohe check PATH` exits 1, prints nothing on stdout
# and exactly tests/xlsx/expect/NAME.stderr on stderr.
messages() {
	"$KAOHE" check "$2" > out 2> err < /dev/null
	rc=$?
	if [ "$rc" = 1 ] && [ ! -s out ] && cmp -s err "$TOP/tests/xlsx/expect/$1.stderr"; then
		ok
	else
		bad "$1" "kaohe check $2: exit $rc (want 1), stderr (+) against expect/$1.stderr (-)"
		diff "$TOP/tests/xlsx/expect/$1.stderr" err | head -n 20
	fi
}

# --- workbooks made as Excel, WPS, openpyxl and libxlsxwriter make them ---
same_rank features features.xlsx features-csv
"$PY" "$TOP/tests/xlsx/csv2xlsx.py" features-csv per --per-table
same_rank per-table per features-csv
"$PY" "$TOP/tests/xlsx/csv2xlsx.py" features-csv english.xlsx --english
same_rank english-names english.xlsx features-csv
mkdir mixed && "$PY" - <<'PYEOF'
import openpyxl
wb = openpyxl.load_workbook("english.xlsx")
del wb["Scores"]
wb.save("mixed/考核数据.xlsx")
PYEOF
cp features-csv/scores.csv mixed/
same_rank mixed-csv-and-workbook mixed features-csv
# date cells written as date-times: at midnight they are the date (openpyxl's
# datetime, Excel's m/d/yy h:mm); a real time of day in a date column is
# refused as such
"$PY" - <<'PYEOF'
import datetime
import openpyxl
wb = openpyxl.load_workbook("english.xlsx")
ws = wb["Branches"]
ws["C2"] = datetime.datetime(2025, 3, 7)
ws["C2"].number_format = "yyyy-mm-dd h:mm:ss"  # openpyxl's for a datetime
ws["C3"] = datetime.datetime(2023, 3, 15)
ws["C3"].number_format = "m/d/yy h:mm"
wb.save("midnight.xlsx")
ws["C2"] = datetime.datetime(2025, 3, 7, 10, 30)
ws["C3"].number_format = "yyyy-mm-dd h:mm"
ws["C3"] = datetime.datetime(2023, 3, 15, 0, 0, 30)
wb.save("datetime.xlsx")
PYEOF
same_rank date-time-midnight midnight.xlsx features-csv
messages date-time datetime.xlsx
# a workbook without 考核细则 whose 设置 sets [rubric] total: the message
# is at the 设置 row and names the sheet, not kaohe.ini or rubric.csv
"$PY" - <<'PYEOF'
import openpyxl
wb = openpyxl.load_workbook("english.xlsx")
del wb["Rubric"]
wb["settings"].append(["rubric", "total", 90])
wb.save("builtin-total.xlsx")
PYEOF
"$KAOHE" check builtin-total.xlsx > out 2> err < /dev/null
if grep -Fqx 'kaohe: builtin-total.xlsx:settings!C8: error: [rubric] total = 90.00，但数据集没有考核细则（工作表“考核细则”），内置的考核细则合计 100.00 分' err; then
	ok
else
	bad builtin-rubric-total "no message at settings!C8 (the value) naming the 考核细则 sheet"
	head -n 3 err
fi
if ${CC:-cc} -std=c11 -o lxwbook "$TOP/tests/xlsx/lxwbook.c" \
    $(pkg-config --cflags --libs xlsxwriter) 2> cc.err; then
	./lxwbook lxw.xlsx && same_rank libxlsxwriter lxw.xlsx features-csv
	./lxwbook lxwcm.xlsx --constant-memory &&
	    same_rank libxlsxwriter-inline-strings lxwcm.xlsx features-csv
else
	bad libxlsxwriter "tests/xlsx/lxwbook.c does not build"
	cat cc.err
fi
# samples/demo (with members) as one workbook: the same ranking and the same
# handbook text
mkdir demo && "$PY" "$TOP/tests/xlsx/csv2xlsx.py" "$TOP/samples/demo" demo/考核数据.xlsx
same_rank demo demo/考核数据.xlsx "$TOP/samples/demo"
if "$KAOHE" handbook demo/考核数据.xlsx -o hb-xlsx --branch JG01 -q 2> hb.err &&
    "$KAOHE" handbook "$TOP/samples/demo" -o hb-csv --branch JG01 -q 2>> hb.err &&
    pdftotext hb-xlsx/JG01-*.pdf hb-xlsx.txt && pdftotext hb-csv/JG01-*.pdf hb-csv.txt &&
    cmp -s hb-xlsx.txt hb-csv.txt; then
	ok
else
	bad handbook "the handbook of JG01 from the workbook differs from the CSV one"
	head -n 5 hb.err
fi
# build from a workbook: the same results.csv
if "$KAOHE" build features.xlsx -o out-xlsx -q 2> build.err &&
    "$KAOHE" build features-csv -o out-csv -q 2>> build.err &&
    cmp -s out-xlsx/results.csv out-csv/results.csv; then
	ok
else
	bad build "kaohe build features.xlsx differs from the CSV form"
	head -n 5 build.err
fi

# --- what the reader shows, cells of the wrong kind, refusals ---
messages echo echo.xlsx
messages echo1904 echo1904.xlsx
"$PY" -c 'import openpyxl; openpyxl.load_workbook("features.xlsx").save("resaved.xlsx")'
messages no-cached-values resaved.xlsx
for r in cfb encrypted corrupt text empty docx bomb bomb-lying dtd entity rows cols order badsst; do
	messages "$r" "$r.xlsx"
done
# a part whose XML is broken: expat's error said in Chinese
"$PY" - <<'PYEOF'
import zipfile
src = zipfile.ZipFile("features.xlsx")
with zipfile.ZipFile("badxml.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
    for i in src.infolist():
        data = src.read(i.filename)
        if i.filename == "xl/sharedStrings.xml":
            data = data.replace(b"<si>", b"<si>&", 1)
        out.writestr(i, data)
PYEOF
messages badxml badxml.xlsx
messages no-scores-sheet noscores.xlsx
messages empty-sheet emptysheet.xlsx
mkdir noscores && cp noscores.xlsx noscores/考核数据.xlsx
messages no-scores-anywhere noscores
mkdir per-cfb && cp per/*.xlsx per-cfb/ && cp cfb.xlsx per-cfb/scores.xlsx
messages per-table-refused per-cfb
# tables as NAME.xlsx: messages name those files
mkdir per-names && cp per/* per-names/ && "$PY" - <<'PYEOF'
import openpyxl
wb = openpyxl.load_workbook("per-names/branches.xlsx")
wb.active.delete_rows(3)
wb.save("per-names/branches.xlsx")
PYEOF
messages per-table-names per-names
mkdir twice ini-twice two
cp features.xlsx twice/考核数据.xlsx && cp features-csv/branches.csv twice/
messages table-twice twice
cp features.xlsx ini-twice/考核数据.xlsx && cp features-csv/kaohe.ini ini-twice/
messages settings-twice ini-twice
cp features.xlsx two/a.xlsx && cp features.xlsx two/b.xlsx && : > 'two/~$a.xlsx'
messages two-workbooks two

# --- tests/good as workbooks ---
for d in "$TOP"/tests/good/*/; do
	d=${d%/}
	name=$(basename "$d")
	[ -f "$d/rank.csv" ] || continue
	args=""
	[ -f "$d/args" ] && args=$(cat "$d/args")
	mkdir -p "good/$name"
	"$PY" "$TOP/tests/xlsx/csv2xlsx.py" "$d" "good/$name/考核数据.xlsx"
	# shellcheck disable=SC2086
	same_rank "good-$name" "good/$name/考核数据.xlsx" "$d" $args
	# shellcheck disable=SC2086
	same_rank "good-$name-dir" "good/$name" "$d" $args
done

# --- tests/bad as workbooks: the same messages at SHEET!CELL ---
# Not about values: bytes of a CSV file (encodings, NUL, quotes), and whole
# files (empty or missing), whose workbook messages are tested above.
skip=" bad-bytes-gb18030 bad-bytes-utf8-bom nul-byte unterminated-quote "
skip="$skip empty-file empty-branches-file-only-blank-rows "
skip="$skip missing-branches-file missing-required-file "
# kaohe.ini as bytes or lines (a directory, not UTF-8, a NUL, a section
# given twice, whose message quotes the earlier line's number)
skip="$skip ini-directory ini-not-utf8 ini-nul ini-duplicates "
for d in "$TOP"/tests/bad/*/; do
	d=${d%/}
	name=$(basename "$d")
	[ -f "$d/stderr.expected" ] || continue
	case "$skip" in *" $name "*) continue ;; esac
	"$PY" "$TOP/tests/xlsx/csv2xlsx.py" "$d" "bad-$name.xlsx" --map map
	"$PY" "$TOP/tests/xlsx/csv2xlsx.py" --expect map "bad-$name.xlsx" \
	    < "$d/stderr.expected" > want.err
	"$KAOHE" check "bad-$name.xlsx" > out 2> err < /dev/null
	rc=$?
	if [ "$rc" = 1 ] && [ ! -s out ] && cmp -s want.err err; then
		ok
	else
		bad "bad-$name" "exit $rc; stderr (+) against the CSV case's, moved to cells (-)"
		diff want.err err | head -n 10
	fi
done

# A stray value in the last column (XFD) of every 评分 row: the rows
# still rank as the CSV does (and each row crosses to the checking thread
# as its non-empty cells only).
"$PY" "$TOP/tests/xlsx/csv2xlsx.py" "$TOP/samples/demo" far.xlsx
"$PY" - far.xlsx <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["评分"]
for r in range(2, ws.max_row + 1):
    ws.cell(r, 16384).value = "x"
wb.save(sys.argv[1])
PYEOF
"$KAOHE" rank "$TOP/samples/demo" --format csv > want.csv 2>/dev/null
"$KAOHE" rank far.xlsx --format csv > got.csv 2> err < /dev/null
if cmp -s want.csv got.csv; then
	ok
else
	bad far-column "a value in column XFD changes the ranking: $(head -n 3 err)"
fi

# A 设置 sheet whose columns are 备注, 项, 节, 值: a bad value is named at
# its 值 cell (D), an unknown key at its 项 cell (B), found by their headers.
"$KAOHE" template "$TOP/samples/demo" -o cols.xlsx 2>/dev/null
"$PY" - cols.xlsx <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["设置"]
rows = [[c.value for c in r[:3]] for r in ws.iter_rows()]
for i, (sec, key, val) in enumerate(rows, start=1):
    if key == "year":
        val = "20x5"
    if key == "term_years":
        key = "term_yaers"
    ws.cell(i, 1).value = "备注" if i == 1 else None
    ws.cell(i, 2).value = key
    ws.cell(i, 3).value = sec
    ws.cell(i, 4).value = val
wb.save(sys.argv[1])
PYEOF
year=$("$PY" -c 'import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1])["设置"]; print([r[0].row for r in ws.iter_rows() if r[1].value == "year"][0])' cols.xlsx)
term=$("$PY" -c 'import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1])["设置"]; print([r[0].row for r in ws.iter_rows() if r[1].value == "term_yaers"][0])' cols.xlsx)
"$KAOHE" check cols.xlsx > out 2> err < /dev/null
if grep -q "^kaohe: cols.xlsx:设置!D$year: error: \[report\] year = “20x5”不是年份\$" err &&
    grep -q "^kaohe: cols.xlsx:设置!B$term: warning: \[branches\] 中不认识的设置“term_yaers”" err; then
	ok
else
	bad settings-columns "messages not at the 值 / 项 cells: $(head -n 4 err)"
fi

echo "t_xlsx: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "t_xlsx: FAIL:$failed"; exit 1; }
