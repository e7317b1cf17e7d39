#!/bin/sh
# t_sheets.sh: kaohe sheets on samples/demo (names, content, one page each,
# fonts, qpdf), --combined, --branch, and hostile branch names.
. "$(dirname "$0")/lib.sh"
T=$tmp
# Text of a PDF with all white space removed (cells wrap anywhere).
flat() {
	pdftotext -raw "$1" - 2>/dev/null | tr -d ' \n\r\t\f'
}

DEMO=$TOP/samples/demo
OUT=$T/out
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH
"$KAOHE" sheets "$DEMO" -o "$OUT" -q 2>"$T/err" || {
	cat "$T/err"
	fail "kaohe sheets samples/demo exited $?"
}
"$KAOHE" rank "$DEMO" --format csv >"$T/rank.csv" 2>/dev/null ||
	fail "rank --format csv"

# One file per branch, named ID-NAME.pdf.
n=0
tail -n +2 "$DEMO/branches.csv" | while IFS=, read -r id name rest; do
	[ -f "$OUT/$id-$name.pdf" ] || echo "missing $id-$name.pdf"
done >"$T/missing"
[ -s "$T/missing" ] && fail "sheets missing: $(cat "$T/missing")"
n=$(ls "$OUT" | wc -l)
[ "$n" -eq 12 ] || fail "expected 12 sheets, got $n"

# Content of each sheet against rank --format csv.
tail -n +2 "$T/rank.csv" | while IFS=, read -r rank id name c1 c2 c3 c4 c5 \
    c6 total level veto; do
	f="$OUT/$id-$name.pdf"
	[ -f "$f" ] || continue
	txt=$(flat "$f")
	for s in 支部考核评分表 "$name" "$id" "$total" "$level" "$c1" "$c2" \
	    "$c3" "$c4" "$c5" "$c6" 支部书记（签字） 考核组（签字） 党委（盖章） \
	    ; do
		case $txt in *"$s"*) ;; *) echo "$id: no \"$s\"";; esac
	done
	if [ -n "$rank" ]; then
		nr=$(tail -n +2 "$T/rank.csv" | grep -c '^[0-9]')
		shared=$(tail -n +2 "$T/rank.csv" | grep -c "^$rank,")
		want="第${rank}名（共${nr}个）"
		[ "$shared" -gt 1 ] && want="并列$want"
		case $txt in *"$want"*) ;; *) echo "$id: no \"$want\"";; esac
	else
		case $txt in *一票否决*) ;; *) echo "$id: no 一票否决";; esac
		echo "$veto" | tr ';' '\n' | while read -r r; do
			case $txt in *"$r"*) ;; *) echo "$id: no veto \"$r\"";; esac
		done
	fi
	# The demo rubric with the notes takes two pages at 小五 within the
	# binding margins and the signature block (never a third).
	pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
	[ "$pages" = 2 ] || echo "$id: $pages pages, not 2"
	for p in $(seq 1 "$pages"); do
		case $txt in *"第${p}页共${pages}页"*) ;;
		*) echo "$id: no \"第${p}页共${pages}页\"";; esac
	done
	qpdf --check "$f" >/dev/null 2>&1 || echo "$id: qpdf --check failed"
	pdffonts "$f" 2>/dev/null | tail -n +3 | awk -v id="$id" \
	    '$(NF-4) != "yes" || $(NF-3) != "yes" {print id ": font not embedded and subset: " $0}'
done >"$T/content"
[ -s "$T/content" ] && fail "sheet content: $(cat "$T/content")"

# Every item title in every sheet; the notes and veto details where they
# belong (python3 reads the CSV files).
if command -v python3 >/dev/null 2>&1; then
	for f in "$OUT"/*.pdf; do
		id=$(basename "$f" | sed 's/-.*//')
		flat "$f" >"$T/flat-$id"
	done
	python3 - "$DEMO" "$T" >"$T/py" 2>&1 <<'EOF' || fail "items/notes: $(cat "$T/py")"
import csv, sys, os
demo, tmp = sys.argv[1], sys.argv[2]
rows = lambda f: list(csv.DictReader(open(os.path.join(demo, f), encoding="utf-8-sig")))
titles = [r["考核内容"] for r in csv.DictReader(open(os.path.join(os.environ.get("TOP", "."), "templates/rubric.csv"), encoding="utf-8-sig"))]
bad = []
# The PDF sets ASCII punctuation of the data in its Chinese forms (the
# punctuation checks are in t_layout.sh): compare with both folded.
fold = str.maketrans("，；：？！（）“”‘’−－", ",;:?!()\"\"''--")
for b in rows("branches.csv"):
    txt = open(os.path.join(tmp, "flat-" + b["支部编号"]), encoding="utf-8").read().translate(fold)
    for t in titles:
        if t not in txt:
            bad.append(b["支部编号"] + ": title " + t)
    for s in rows("scores.csv"):
        if s["支部编号"] == b["支部编号"] and s["说明"]:
            note = "".join(s["说明"].split()).translate(fold)
            if note not in txt:
                bad.append(b["支部编号"] + ": note " + note)
    for v in rows("vetoes.csv"):
        if v["支部编号"] == b["支部编号"]:
            for k in ("说明", "文号"):
                if "".join(v[k].split()).translate(fold) not in txt:
                    bad.append(b["支部编号"] + ": veto " + v[k])
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
fi

# --combined: every branch, as many pages as its own file, page numbers
# per sheet.
"$KAOHE" sheets "$DEMO" -o "$T/out2" --combined "$T/all.pdf" -q -j 3 \
    2>/dev/null || fail "--combined exited $?"
pages=$(pdfinfo "$T/all.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
want=0
for f in "$OUT"/*.pdf; do
	want=$((want + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')))
done
[ "$pages" = "$want" ] || fail "--combined: $pages pages, not $want"
txt=$(flat "$T/all.pdf")
tail -n +2 "$DEMO/branches.csv" | while IFS=, read -r id name rest; do
	case $txt in *"$name"*) ;; *) echo "no $name";; esac
done >"$T/comb"
[ -s "$T/comb" ] && fail "--combined: $(cat "$T/comb")"
c=$(pdftotext -raw "$T/all.pdf" - | tr -d ' ' | grep -c '第1页共[0-9]*页')
[ "$c" -eq 12 ] || fail "--combined: $c pages numbered 第1页, not 12"
qpdf --check "$T/all.pdf" >/dev/null 2>&1 || fail "--combined: qpdf --check"
cmp -s "$T/out2/JG01-办公室党支部.pdf" "$OUT/JG01-办公室党支部.pdf" ||
	fail "-j 3 and the default -j gave different bytes"

# --branch limits; an unknown one writes nothing and exits 2.
"$KAOHE" sheets "$DEMO" -o "$T/out3" --branch SC04 --branch JG03 -q \
    2>/dev/null || fail "--branch exited $?"
n=$(ls "$T/out3" | wc -l)
[ "$n" -eq 2 ] || fail "--branch SC04 --branch JG03 wrote $n files"
"$KAOHE" sheets "$DEMO" -o "$T/out4" --branch JG01 --branch NOPE \
    --combined "$T/none.pdf" 2>"$T/err"
rc=$?
[ "$rc" -eq 2 ] || fail "unknown --branch exited $rc, not 2"
grep -q 'kaohe: 没有支部编号为“NOPE”的支部' "$T/err" ||
	fail "unknown --branch message: $(cat "$T/err")"
[ -e "$T/out4" ] && fail "unknown --branch made $T/out4"
[ -e "$T/none.pdf" ] && fail "unknown --branch wrote the combined file"

# Hostile names stay inside OUTDIR; colliding safe names do not overwrite.
H=$T/hostile
mkdir -p "$H"
cp "$DEMO"/*.csv "$DEMO"/kaohe.ini "$H"/
rm -f "$H/members.csv" # its branch ids are the demo's, renamed below
long=$(printf '很长的名字%.0s' $(seq 1 20))   # 300 bytes
python3 - "$H" "$long" <<'EOF' || fail "cannot make the hostile data set"
import csv, sys, os
h, long = sys.argv[1], sys.argv[2]
ren = {"JG01": "A/B", "JG02": "A_B", "JG03": ".."}
names = {"A/B": "../../逃逸", "A_B": "../../逃逸", "..": "点/点",
         "JG04": "\t甲\t乙\x01丙", "JG05": "\\反斜杠\\", "SC01": long,
         "SC02": ".隐藏"}
for f in ("branches.csv", "scores.csv", "vetoes.csv", "records.csv",
          "workers.csv"):
    p = os.path.join(h, f)
    rows = list(csv.reader(open(p, encoding="utf-8-sig")))
    col = rows[0].index("支部编号")
    for r in rows[1:]:
        r[col] = ren.get(r[col], r[col])
        if f == "branches.csv":
            r[1] = names.get(r[col], r[1])
    csv.writer(open(p, "w", encoding="utf-8", newline="")).writerows(rows)
EOF
mkdir -p "$T/h/a/b"
"$KAOHE" sheets "$H" -o "$T/h/a/b/out" -q 2>"$T/err" ||
	fail "hostile names: exited $?: $(cat "$T/err")"
n=$(find "$T/h" -type f ! -name .kaohe.set | wc -l)
m=$(find "$T/h/a/b/out" -maxdepth 1 -type f -name '*.pdf' | wc -l)
[ "$n" -eq 12 ] && [ "$m" -eq 12 ] ||
	fail "hostile names: $m of 12 sheets in OUTDIR, $n files in all: $(find "$T/h" -type f)"
ls "$T/h/a/b/out" | while IFS= read -r f; do
	len=$(printf '%s' "$f" | wc -c)
	[ "$len" -le 200 ] || echo "name of $len bytes: $f"
	case $f in .*) echo "leading dot: $f";; esac
	case $f in *.pdf) ;; *) echo "not .pdf: $f";; esac
	printf '%s' "$f" | LC_ALL=C grep -q '[[:cntrl:]\\]' &&
		echo "control or backslash: $f"
	printf '%s' "$f" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
		echo "not UTF-8: $f"
done >"$T/names"
[ -s "$T/names" ] && fail "hostile names: $(cat "$T/names")"
[ -f "$T/h/a/b/out/A_B-.._.._逃逸.pdf" ] &&
	[ -f "$T/h/a/b/out/A_B-.._.._逃逸-2.pdf" ] ||
	fail "colliding names: $(ls "$T/h/a/b/out")"
# Names do not depend on --branch.
"$KAOHE" sheets "$H" -o "$T/h2" --branch A_B -q 2>/dev/null
[ -f "$T/h2/A_B-.._.._逃逸-2.pdf" ] || fail "--branch A_B: $(ls "$T/h2")"
for f in "$T/h/a/b/out"/*.pdf; do
	qpdf --check "$f" >/dev/null 2>&1 || echo "qpdf: $f"
done >"$T/q"
[ -s "$T/q" ] && fail "hostile names: $(cat "$T/q")"

# Layout (tests/sheets/check.py over pdftotext -bbox): every word 25 mm
# from the bound edge and 20 mm from the others, the footer 10 mm above
# the bottom edge, 综合得分 on one line, 20 mm to sign under each
# （签字）, a 42 mm seal area free of text under 党委（盖章）; every
# category row holds the exact sums of its items in each score column.
SCHECK="python3 $TOP/tests/sheets/check.py"
for f in "$OUT"/*.pdf; do
	pdftotext -bbox "$f" "$T/sheet.html"
	$SCHECK "$T/sheet.html" | sed "s|^|$(basename "$f"): |"
	$SCHECK subtotals "$T/sheet.html" >"$T/sub" ||
		sed "s|^|$(basename "$f"): |" "$T/sub"
	grep -qx 'categories 6' "$T/sub" || echo "$f: $(tail -n 1 "$T/sub")"
done >"$T/layout"
[ -s "$T/layout" ] && fail "sheet layout: $(head -n 20 "$T/layout")"
# The subtotal rows as printed, against rank's category scores: the
# 综合得分 of a category row is the category's score.
grep -q '注：类别小计为各项得分之和' "$T/flat-JG01" 2>/dev/null ||
    flat "$OUT/JG01-办公室党支部.pdf" | grep -q '注：类别小计为各项得分之和' ||
    fail "no line on how the total is rounded"

# The longest sheet of a 200-branch set: the same layout rules on every
# page, its table header on every page.
cc -O2 -o "$T/gen" "$TOP/bench/gen.c" || fail "cannot build gen"
"$T/gen" 200 "$T/b200" "$TOP/templates/rubric.csv" >/dev/null ||
    fail "gen 200 failed"
"$KAOHE" sheets "$T/b200" -o "$T/b200out" -q 2>/dev/null || fail "sheets b200: exit $?"
long=$(for f in "$T"/b200out/*.pdf; do
	echo "$(pdfinfo "$f" | awk '/^Pages:/ {print $2}') $(stat -c %s "$f") $f"
done | sort -n -k1,1 -k2,2 | tail -n 1 | cut -d' ' -f3-)
pdftotext -bbox "$long" "$T/long.html"
$SCHECK "$T/long.html" >"$T/longbad" || fail "longest b200 sheet: $(head -n 5 "$T/longbad")"
np=$(pdfinfo "$long" | awk '/^Pages:/ {print $2}')
for p in $(seq 1 "$np"); do
	pt=$(pdftotext -raw -f "$p" -l "$p" "$long" - | tr -d ' ')
	case $pt in *小计*|*合计*)
		case $pt in *考核内容*) ;; *) fail "longest b200 sheet: page $p: table rows without the header";; esac
	esac
done

# A landscape sheet (ten periods): bound on its top edge, 25 mm there.
cp -r "$TOP/tests/bad/bad-quota" "$T/land"
rm -f "$T/land/expect" "$T/land/NOTE" "$T/land/stderr.expected"
sed -i '/advanced_quota/d' "$T/land/kaohe.ini"
python3 - "$T/land" <<'PY'
import re, sys
d = sys.argv[1]
ini = open(d + "/kaohe.ini", encoding="utf-8").read()
ini = re.sub(r"\[periods\][^\[]*", "[periods]\n" +
             "".join("期%d = 10\n" % i for i in range(10)) + "\n", ini)
open(d + "/kaohe.ini", "w", encoding="utf-8").write(ini)
rows = ["支部编号,考核期,评价方式,评价人,细则编号,得分"]
for b in ("B1", "B2"):
    for p in range(10):
        for it, mx in {"1.1": 30, "1.2": 20, "2.1": 25, "2.2": 25}.items():
            rows.append("%s,期%d,考评,甲,%s,%d" % (b, p, it, mx - p % 3))
open(d + "/scores.csv", "w", encoding="utf-8").write("\n".join(rows) + "\n")
PY
"$KAOHE" sheets "$T/land" -o "$T/landout" --branch B1 -q 2>/dev/null || fail "landscape sheet: exit $?"
f=$(ls "$T"/landout/B1-*.pdf)
pdfinfo "$f" | grep -q '^Page size: *841.* x 595' || fail "landscape sheet: not landscape"
pdftotext -bbox "$f" "$T/land.html"
$SCHECK "$T/land.html" >"$T/landbad" || fail "landscape sheet: $(head -n 5 "$T/landbad")"
$SCHECK subtotals "$T/land.html" | grep -qx 'categories 2' || fail "landscape sheet: subtotals"

# OUTDIR that cannot be made (under a plain file): exit 3.
: > "$T/plainfile"
"$KAOHE" sheets "$DEMO" -o "$T/plainfile/x/y" -q 2>/dev/null
rc=$?
[ "$rc" -eq 3 ] || fail "unmakeable OUTDIR exited $rc, not 3"

finish
