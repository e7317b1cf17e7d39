#!/bin/sh
# t_report.sh: kaohe report on samples/demo and a generated 200-branch data
# set: every section and its key figures are in the text, every branch is
# in the ranking once with the rank and score `rank --format csv` gives, the
# ranking header is on every ranking page, vetoes carry their reasons, the
# PDF is valid with all fonts embedded and subset, and --period works.
set -u
. "$(dirname "$0")/lib.sh"
W=$tmp
bad() { fail "$@"; }

# The text of pages $2..$3 of PDF $1, spaces removed (one page per call).
pages_text() {
	pdftotext -layout -f "$2" -l "$3" "$1" - 2>/dev/null
}

# First page (1-based) of PDF $1 whose text (spaces removed) holds $2.
page_of() {
	n=$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')
	p=1
	while [ "$p" -le "$n" ]; do
		if pdftotext -f "$p" -l "$p" "$1" - 2>/dev/null | tr -d ' \n' |
		    grep -qF "$2"; then
			echo "$p"
			return
		fi
		p=$((p + 1))
	done
	echo 0
}

# check_report DIR PDF MINPAGES MAXPAGES [--period P]
check_report() {
	dir=$1 pdf=$2 minp=$3 maxp=$4
	shift 4
	name=$(basename "$dir")${1:+" $*"}
	if ! "$KAOHE" report "$dir" -o "$pdf" -q "$@" 2>"$W/err"; then
		bad "$name: kaohe report failed: $(head -3 "$W/err")"
		return
	fi
	"$KAOHE" rank "$dir" --format csv -q "$@" >"$W/rank.csv" 2>/dev/null ||
	    bad "$name: kaohe rank failed"

	qpdf --check "$pdf" >"$W/qpdf" 2>&1 ||
	    bad "$name: qpdf --check: $(tail -3 "$W/qpdf")"
	pdffonts "$pdf" | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") \
	    { print; bad = 1 } END { exit bad }' >"$W/fonts" ||
	    bad "$name: fonts not embedded and subset: $(cat "$W/fonts")"
	[ "$(pdffonts "$pdf" | awk 'NR > 2' | wc -l)" -ge 1 ] ||
	    bad "$name: no fonts listed"
	npages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
	[ "$npages" -ge "$minp" ] && [ "$npages" -le "$maxp" ] ||
	    bad "$name: $npages pages, expected $minp..$maxp"
	pdfinfo "$pdf" | grep -q '^Author: *[^ ]' || bad "$name: no Author"
	pdfinfo "$pdf" | grep -q '^Title: *[^ ]' || bad "$name: no Title"
	pdfinfo "$pdf" | grep -q '^Subject: *[^ ]' || bad "$name: no Subject"
	pdfinfo "$pdf" | grep -q '^Keywords: *[^ ]' || bad "$name: no Keywords"

	pdftotext "$pdf" - | tr -d ' \n' >"$W/all.txt"
	for h in 一、考核说明 二、总体情况 三、考核排名 四、一票否决情况 \
	    五、表彰名单 六、差距分析 附录 考核细则 "第2页共$npages页" \
	    "第${npages}页共${npages}页"; do
		grep -qF "$h" "$W/all.txt" || bad "$name: no \"$h\" in the text"
	done
	grep -qF "第1页共" "$W/all.txt" && bad "$name: page number on the cover"
	if [ -s "$dir/records.csv" ]; then
		grep -qF 七、基础工作记录 "$W/all.txt" ||
		    bad "$name: no records section"
	fi

	# Key figures against the ranking CSV.
	nb=$(awk 'NR > 1' "$W/rank.csv" | wc -l)
	nv=$(awk -F, 'NR > 1 && $1 == ""' "$W/rank.csv" | wc -l)
	grep -qF "参加考核的党支部共${nb}个，其中参加排名$((nb - nv))个，被一票否决${nv}个" \
	    "$W/all.txt" || bad "$name: branch counts ($nb, $nv) not in the overview"
	ncol=$(head -1 "$W/rank.csv" | awk -F, '{print NF}')
	top=$(head -2 "$W/rank.csv" | tail -1 | awk -F, -v t=$((ncol - 2)) '{print $t}')
	grep -qF "最高分为${top}分" "$W/all.txt" ||
	    bad "$name: the highest score $top is not in the overview"
	for lv in $(awk -F, -v c=$((ncol - 1)) 'NR > 1 {print $c}' "$W/rank.csv" |
	    sort -u); do
		k=$(awk -F, -v c=$((ncol - 1)) -v l="$lv" 'NR > 1 && $c == l' \
		    "$W/rank.csv" | wc -l)
		grep -qF "${lv}${k}个" "$W/all.txt" ||
		    bad "$name: level count \"${lv}${k}个\" not in the text"
	done

	# The ranking: pages from its heading to the page before the vetoes.
	p1=$(page_of "$pdf" 三、考核排名)
	p2=$(( $(page_of "$pdf" 四、一票否决情况) - 1 ))
	[ "$p1" -gt 0 ] && [ "$p2" -ge "$p1" ] ||
	    { bad "$name: ranking pages not found ($p1..$p2)"; return; }
	p=$p1
	while [ "$p" -le "$p2" ]; do
		pdftotext -f "$p" -l "$p" "$pdf" - | tr -d ' \n' >"$W/page.txt"
		for h in 排名 支部编号 支部名称 总分 等次; do
			grep -qF "$h" "$W/page.txt" ||
			    bad "$name: ranking page $p has no header \"$h\""
		done
		p=$((p + 1))
	done
	pages_text "$pdf" "$p1" "$p2" >"$W/ranking.txt"
	# rank,id,total,shared for every branch.
	awk -F, -v t=$((ncol - 2)) 'NR > 1 { r[NR] = $1; id[NR] = $2;
	    s[NR] = $t; if ($1 != "") c[$1]++ }
	    END { for (i = 2; i <= NR; i++)
	        print r[i] "|" id[i] "|" s[i] "|" (r[i] != "" && c[r[i]] > 1) }' \
	    "$W/rank.csv" >"$W/expect"
	awk -v out="$W/ranking-bad" '
	    NR == FNR { split($0, w, "|"); want[w[2]] = $0; next }
	    {
		for (f = 1; f <= NF; f++)
			if ($f in want) { seen[$f]++; line[$f] = $0 }
	    }
	    END {
		for (id in want) {
			split(want[id], w, "|")
			rank = w[1]; total = w[3]; shared = w[4]
			if (seen[id] != 1) {
				print id ": in the ranking " seen[id] + 0 " times" >out
				continue
			}
			n = split(line[id], fld, " +")
			ok = 0
			for (i = 1; i <= n; i++) if (fld[i] == total) ok = 1
			if (!ok) print id ": score " total " not on its row: " line[id] >out
			first = fld[1] == "" ? fld[2] : fld[1]
			want_rank = rank == "" ? "—" : rank (shared ? "（并列）" : "")
			if (first != want_rank)
				print id ": rank " first ", expected " want_rank >out
		}
	    }' "$W/expect" "$W/ranking.txt"
	if [ -s "$W/ranking-bad" ]; then
		bad "$name: ranking differs from rank --format csv:"
		head -10 "$W/ranking-bad"
	fi

	# Vetoed branches carry every reason in the veto section.
	v1=$(page_of "$pdf" 四、一票否决情况)
	v2=$(page_of "$pdf" 五、表彰名单)
	pdftotext -f "$v1" -l "$v2" "$pdf" - | tr -d ' \n' >"$W/vetoes.txt"
	awk -F, -v c="$ncol" 'NR > 1 && $c != "" {print $2, $c}' "$W/rank.csv" |
	while read -r id reasons; do
		grep -qF "$id" "$W/vetoes.txt" ||
		    echo "FAIL: $name: vetoed $id not in the veto section"
		echo "$reasons" | tr ';' '\n' | while read -r reason; do
			grep -qF "$reason" "$W/vetoes.txt" ||
			    echo "FAIL: $name: reason $reason of $id missing"
		done
	done >"$W/veto-bad"
	if [ -s "$W/veto-bad" ]; then
		cat "$W/veto-bad"
		fails=$((fails + 1))
	fi
}

# samples/demo
check_report "$TOP/samples/demo" "$W/demo.pdf" 6 40
# key facts of the demo that need no parsing
pdftotext "$W/demo.pdf" - | tr -d ' \n' >"$W/demo.txt"
for s in 中共某某能源集团有限公司委员会 2026年1月15日 自评20%、互评30%、考评50% \
    半年30%、年终70% 先进党支部不超过党支部总数 3（并列） 因得分并列 \
    党员受党纪政纪处分 某党发〔2025〕21号 赵文静 张堃 所在支部被一票否决 \
    距先进党支部线 应换届 平均分为 中位数为 标准差为 各类别得分情况; do
	grep -qF "$s" "$W/demo.txt" || bad "demo: \"$s\" not in the report"
done
# every page renders
pdftoppm -png -r 20 "$W/demo.pdf" "$W/png" 2>"$W/ppm.err" ||
    bad "demo: pdftoppm failed: $(head -3 "$W/ppm.err")"
[ "$(ls "$W"/png*.png 2>/dev/null | wc -l)" -eq \
    "$(pdfinfo "$W/demo.pdf" | awk '/^Pages:/ {print $2}')" ] ||
    bad "demo: not every page rendered"

# --period 半年
check_report "$TOP/samples/demo" "$W/half.pdf" 6 40 --period 半年
pdfinfo "$W/half.pdf" | grep -qF '（半年）' || bad "half: title without （半年）"
pdftotext "$W/half.pdf" - | tr -d ' \n' | grep -qF '仅依据该考核期的评分计算' ||
    bad "half: the method does not say only the half-year scores count"

# a generated data set of 200 branches
if [ ! -x "$BUILD/gen" ] || [ "$TOP/bench/gen.c" -nt "$BUILD/gen" ]; then
	cc -O2 -o "$BUILD/gen" "$TOP/bench/gen.c" || bad "cannot build gen"
fi
"$BUILD/gen" 200 "$W/b200" "$TOP/templates/rubric.csv" >/dev/null ||
    bad "gen 200 failed"
check_report "$W/b200" "$W/b200.pdf" 15 200
pdftotext "$W/b200.pdf" - | tr -d ' \n' | grep -qF '最终得分分布' ||
    bad "b200: no score distribution chart"
# The band chart counts what the 等次分布 table beside it counts
# (tests/report/bands.py): ranked branches by score, vetoed ones apart.
pdftotext -bbox "$W/b200.pdf" "$W/b200.html"
python3 "$TOP/tests/report/bands.py" "$W/b200.html" "$W/rank.csv" 95.00 \
    >"$W/bands" || bad "b200: band chart: $(head -n 5 "$W/bands")"

# Landscape pages are turned with their top to the binding: every word
# at least 25 mm from their top edge and 20 mm from the others.
python3 - "$W/b200.html" >"$W/land" <<'PY' || bad "b200: landscape margins: $(head -n 5 "$W/land")"
import html, re, sys
MM = 72 / 25.4
bad = 0
text = open(sys.argv[1], encoding="utf-8").read()
for n, m in enumerate(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', text, re.S), 1):
    w, h = float(m.group(1)), float(m.group(2))
    if w < h:
        continue
    for x0, y0, x1, y1, t in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', m.group(3)):
        x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
        if y0 < 25 * MM - 0.6 or x0 < 20 * MM - 0.6 or x1 > w - 20 * MM + 0.6 or y1 > h - 10 * MM:
            print("page %d: %r at %.1f,%.1f mm" % (n, html.unescape(t), x0 / MM, y0 / MM))
            bad = 1
sys.exit(bad)
PY
grep -q 'page width="841' "$W/b200.html" || bad "b200: no landscape page"

# Wording: numbers in Chinese text without spaces; the 发文字号 only on
# the notice; one weighted period said as such; a nominee left out for
# the level says the level.
pdftotext -f 1 -l 1 "$W/demo.pdf" - | tr -d '\n' >"$W/cover.txt"
grep -qF '参加考核党支部12个' "$W/cover.txt" || bad "cover: not \"参加考核党支部12个\": $(cat "$W/cover.txt")"
grep -q '〔' "$W/cover.txt" && bad "cover: a 发文字号 on the report"
d1=$W/year-only
mkdir "$d1"
cp "$TOP"/samples/demo/* "$d1"/
python3 - "$d1/kaohe.ini" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = re.sub(r"\[periods\][^\[]*", "[periods]\n半年 = 0\n年终 = 100\n\n", s)
s = re.sub(r"(?m)^levels *=.*$", "levels = 先进党支部 95; 合格 92; 不合格 0", s)
open(p, "w", encoding="utf-8").write(s)
PY
low=$("$KAOHE" rank "$d1" --format csv 2>/dev/null | awk -F, '$1 != "" {id = $2} END {print id}')
echo "孙一,$low,组织委员,事迹" >>"$d1/workers.csv"
"$KAOHE" rank "$d1" --format csv 2>/dev/null | grep -q "^[0-9]*,$low,.*,不合格," ||
    bad "year-only: $low is not rated 不合格 without a veto"
"$KAOHE" report "$d1" -o "$W/year.pdf" -q 2>/dev/null || bad "year-only: exit $?"
pdftotext "$W/year.pdf" - | tr -d ' \n' >"$W/year.txt"
grep -qF '本次仅进行年终考核。' "$W/year.txt" || bad "year-only: no 本次仅进行年终考核"
grep -qF '半年0%' "$W/year.txt" && bad "year-only: 半年0% still said"
grep -qF '所在支部考核等次为不合格' "$W/year.txt" ||
    bad "year-only: no \"所在支部考核等次为不合格\""
grep -qF '最低等次' "$W/year.txt" && bad "year-only: \"最低等次\" in the text"

# an unwritable output is an environment error, and leaves nothing behind
"$KAOHE" report "$TOP/samples/demo" -o "$W/no/such/dir/r.pdf" -q 2>/dev/null
[ $? -eq 3 ] || bad "unwritable output: exit status is not 3"

finish
