#!/bin/sh
# t_notice.sh: `kaohe notice` lays out the commendation decision and its
# list to GB/T 9704-2012 (positions measured with pdftotext -bbox by
# tests/notice/check.py), lists every 先进 branch and commended worker in
# ranking order, embeds subset fonts, honours DIR/notice.txt and [fonts]
# file paths, and writes atomically.
. "$(dirname "$0")/lib.sh"

# The demo plus enough nominees for a list of 3 pages: workers in 先进,
# 合格 and vetoed branches (the last must be left out), one without 职务.
d=$tmp/big
mkdir "$d"
cp "$TOP"/samples/demo/*.csv "$TOP"/samples/demo/kaohe.ini "$d"/
for s in 王 李 张 刘 陈 杨 黄 赵 吴 周; do
	for g in 建华 秀英 志强 海燕 国栋; do
		case $s$g in
		王*) b=JG04 ;; 李*) b=SC01 ;; 张*) b=JG02 ;; 刘*) b=SC03 ;;
		陈*) b=JY01 ;; 杨*) b=JG01 ;; 黄*) b=JY03 ;; 赵*) b=SC02 ;;
		吴*) b=SC04 ;; *) b=JG03 ;;
		esac
		echo "$s$g,$b,组织委员,事迹" >> "$d/workers.csv"
	done
done
echo "钱无职,JG05,," >> "$d/workers.csv"

pdf=$tmp/notice.pdf
if ! "$KAOHE" notice "$d" -o "$pdf" -q 2> "$tmp/err"; then
	fail "kaohe notice exited $?"
	cat "$tmp/err"
	exit 1
fi
"$KAOHE" rank "$d" --format csv > "$tmp/rank.csv" 2> /dev/null ||
    fail "kaohe rank failed"
pdftotext -bbox "$pdf" "$tmp/bbox.html" || fail "pdftotext -bbox"
pdftotext "$pdf" "$tmp/text.txt" || fail "pdftotext"
python3 "$TOP/tests/notice/check.py" "$tmp/bbox.html" "$tmp/text.txt" \
    "$tmp/rank.csv" "$d/branches.csv" "$d/workers.csv" ||
    fail "layout or list (see above)"
grep -q '吴建华' "$tmp/text.txt" && fail "a vetoed branch's nominee is listed"
grep -q '钱无职（安全环保部党支部）' "$tmp/text.txt" ||
    fail "a nominee without 职务 is not listed as 姓名（支部）"
qpdf --check "$pdf" > "$tmp/qpdf" 2>&1 || { fail "qpdf --check"; cat "$tmp/qpdf"; }
pdffonts "$pdf" > "$tmp/fonts" || fail "pdffonts"
nf=$(awk 'NR > 2' "$tmp/fonts" | wc -l)
[ "$nf" -ge 3 ] || fail "expected 3+ fonts (仿宋, 黑体, 楷体, 小标宋 roles), got $nf"
awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1 }
    END { exit bad }' "$tmp/fonts" || { fail "a font is not embedded and subset"; cat "$tmp/fonts"; }
# The default faces of the roles, CFF outlines embedded as CIDFontType0C:
# body 仿宋, title 小标宋 (a heavy Song), headings 黑体 and 楷体.
for face in FandolFang-Regular NotoSerifCJKsc-Black NotoSansCJKsc-Regular \
    FandolKai-Regular; do
	grep -q "^[A-Z]\{6\}+$face  *CID Type 0C  *Identity-H  *yes yes yes" \
	    "$tmp/fonts" || { fail "$face not embedded as a CID Type 0C subset"; cat "$tmp/fonts"; }
done
pdfinfo "$pdf" > "$tmp/info" || fail "pdfinfo"
grep -q '^Title: *关于表彰2025年度先进党支部和优秀党务工作者的决定$' "$tmp/info" ||
    fail "PDF Title"
grep -q '^Author: *中共某某能源集团有限公司委员会$' "$tmp/info" ||
    fail "PDF Author"
grep -q '^Page size: *595.* x 841.* (A4)' "$tmp/info" || fail "not A4"
flat=$(tr -d ' \n\f' < "$tmp/text.txt")
for s in 某能党发〔2026〕3号 各党支部： 附件：2025年度先进党支部和优秀党务工作者名单 \
    中共某某能源集团有限公司委员会2026年1月15日; do
	case $flat in
	*"$s"*) ;;
	*) fail "decision lacks $s" ;;
	esac
done
case $flat in
*'{'*) fail "a placeholder was left unfilled" ;;
esac
pdftoppm -png -r 60 -f 1 -l 1 "$pdf" "$tmp/p" || fail "pdftoppm"

# Same input, same bytes.
SOURCE_DATE_EPOCH=1767225600 "$KAOHE" notice "$d" -o "$tmp/r1.pdf" -q 2> /dev/null
SOURCE_DATE_EPOCH=1767225600 "$KAOHE" notice "$d" -o "$tmp/r2.pdf" -q 2> /dev/null
cmp -s "$tmp/r1.pdf" "$tmp/r2.pdf" || fail "not reproducible with SOURCE_DATE_EPOCH"

# No parents, no doc_number: no （一） groups, pure ranking order, no 文号.
d2=$tmp/flat
mkdir "$d2"
cp "$d"/* "$d2"/
awk -F, 'BEGIN { OFS = "," } { $3 = (NR == 1 ? $3 : ""); print }' \
    "$d/branches.csv" > "$d2/branches.csv"
sed -i 's/^doc_number *=.*/doc_number =/' "$d2/kaohe.ini"
"$KAOHE" notice "$d2" -o "$tmp/flat.pdf" -q 2> /dev/null || fail "flat: exit $?"
"$KAOHE" rank "$d2" --format csv > "$tmp/rank2.csv" 2> /dev/null
pdftotext -bbox "$tmp/flat.pdf" "$tmp/bbox2.html"
pdftotext "$tmp/flat.pdf" "$tmp/text2.txt"
python3 "$TOP/tests/notice/check.py" "$tmp/bbox2.html" "$tmp/text2.txt" \
    "$tmp/rank2.csv" "$d2/branches.csv" "$d2/workers.csv" ||
    fail "flat: layout or list"
grep -q '（一）' "$tmp/text2.txt" && fail "flat: group headings without parents"
grep -q '党发' "$tmp/text2.txt" && fail "flat: a 发文字号 although doc_number is empty"

# DIR/notice.txt overrides the wording; [fonts] may name font files.
d3=$tmp/own
mkdir "$d3"
cp "$d"/* "$d3"/
cat > "$d3/notice.txt" <<'EOF'
# 本单位自己的措辞
关于表彰{year}年度先进集体的决定
　各基层党组织：
本年度共有{advanced_count}个党支部、{worker_count}名同志受到表彰，特此通报，成文于{date}。
附件：{year}年度先进党支部和优秀党务工作者名单
EOF
cat >> "$d3/kaohe.ini" <<'EOF'

[fonts]
xiaobiaosong = /usr/share/fonts/truetype/arphic/uming.ttc:0
hei = /usr/share/fonts/truetype/arphic/uming.ttc:0
fangsong = /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolSong-Regular.otf
EOF
if "$KAOHE" notice "$d3" -o "$tmp/own.pdf" -q 2> "$tmp/err3"; then
	pdftotext "$tmp/own.pdf" - | tr -d ' \n\f' > "$tmp/own.txt"
	grep -q '某能党发〔2026〕3号关于表彰2025年度先进集体的决定各基层党组织：本年度共有4个党支部、46名同志' \
	    "$tmp/own.txt" || fail "DIR/notice.txt not used: $(head -c 300 "$tmp/own.txt")"
	grep -q '成文于2026年1月15日' "$tmp/own.txt" || fail "own wording: {date}"
	pdffonts "$tmp/own.pdf" > "$tmp/fonts3"
	grep -q '+FandolSong-Regular  *CID Type 0C ' "$tmp/fonts3" ||
	    fail "[fonts] fangsong OpenType (CFF) file path not used"
	grep -q '+UMingCN  *CID TrueType ' "$tmp/fonts3" ||
	    fail "[fonts] hei/xiaobiaosong TrueType file path not used"
	grep -q 'NotoSansCJK\|NotoSerifCJKsc-Black\|FandolFang' "$tmp/fonts3" &&
	    fail "[fonts] a default face is used for a configured role"
	pdftotext -bbox "$tmp/own.pdf" "$tmp/bbox3.html"
	python3 "$TOP/tests/notice/check.py" "$tmp/bbox3.html" "$tmp/own.txt" \
	    "$tmp/rank.csv" "$d3/branches.csv" "$d3/workers.csv" own ||
	    fail "own wording: layout or list"
else
	fail "own wording: exit $?"
	cat "$tmp/err3"
fi

# 版头 and 版记 (GB/T 9704 7.2, 7.4; tests/notice/gbt.py): the red
# 发文机关标志, the 发文字号 and the red rule by default; the 版记 with the
# organization and the date when [notice] names nothing else.
GBT="python3 $TOP/tests/notice/gbt.py"
$GBT head "$pdf" yes 某能党发〔2026〕3号 中共某某能源集团有限公司委员会 >"$tmp/gbt" ||
    fail "版头: $(cat "$tmp/gbt")"
$GBT record "$pdf" 中共某某能源集团有限公司委员会 2026年1月15日 >"$tmp/gbt" ||
    fail "版记: $(cat "$tmp/gbt")"
# letterhead = no: the same space, no mark, no red; 抄送 from [notice] cc
# (separated by ；, joined by ，, ended by 。), printed_by and printed_on.
d6=$tmp/plain
mkdir "$d6"
cp "$d"/* "$d6"/
cat >>"$d6/kaohe.ini" <<'EOF'

[notice]
letterhead = no
cc = 集团公司党委组织部；各党总支; 机关各部门
printed_by = 中共某某能源集团有限公司委员会办公室
printed_on = 2026-01-16
EOF
"$KAOHE" notice "$d6" -o "$tmp/plain.pdf" -q 2>/dev/null || fail "letterhead = no: exit $?"
cp "$pdf.docnum" "$tmp/plain.pdf.docnum"
$GBT head "$tmp/plain.pdf" no 某能党发〔2026〕3号 中共某某能源集团有限公司委员会 >"$tmp/gbt" ||
    fail "letterhead = no: $(cat "$tmp/gbt")"
$GBT record "$tmp/plain.pdf" 中共某某能源集团有限公司委员会办公室 2026年1月16日 \
    集团公司党委组织部，各党总支，机关各部门。 >"$tmp/gbt" ||
    fail "版记 with 抄送: $(cat "$tmp/gbt")"
pdftotext -f 1 -l 1 -bbox "$pdf" - | grep -o 'yMin="[0-9.]*" xMax="[0-9.]*" yMax="[0-9.]*">关于' >"$tmp/t1"
pdftotext -f 1 -l 1 -bbox "$tmp/plain.pdf" - | grep -o 'yMin="[0-9.]*" xMax="[0-9.]*" yMax="[0-9.]*">关于' >"$tmp/t2"
cmp -s "$tmp/t1" "$tmp/t2" || fail "letterhead = no moves the title: $(cat "$tmp/t1" "$tmp/t2")"

# 署名 and 成文日期 (GB/T 9704 7.3.5, tests/notice/sig.py): a 4-character
# issuer centred over the date 4 characters from the right edge, the
# 15-character one 2 characters from the right edge with the date centred
# under it, within 1 mm.
python3 "$TOP/tests/notice/sig.py" "$tmp/bbox.html" 中共某某能源集团有限公司委员会 \
    2026年1月15日 || fail "15-character issuer: 署名 or date misplaced"
d5=$tmp/short
mkdir "$d5"
cp "$d"/* "$d5"/
sed -i 's/^organization *=.*/organization = 某某党委/' "$d5/kaohe.ini"
"$KAOHE" notice "$d5" -o "$tmp/short.pdf" -q 2>/dev/null || fail "short issuer: exit $?"
pdftotext -bbox "$tmp/short.pdf" "$tmp/short.html"
python3 "$TOP/tests/notice/sig.py" "$tmp/short.html" 某某党委 2026年1月15日 ||
    fail "4-character issuer: 署名 or date misplaced"
# ... and on a page with at least two lines of body text, wherever the
# body ends: a first paragraph of 8 to 21 lines, a last one of 1, 2 or 4.
: >"$tmp/sigbad"
for k in $(seq 8 21); do
	for last in 1 2 4; do
		python3 - "$d5/notice.txt" "$k" "$last" <<'PY'
import sys
path, k, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fill = "各党支部要认真总结经验"
def para(lines):
    n = 28 * lines - 2 - 1          # the indent, one short of full
    return (fill * 200)[:n] + "。"
open(path, "w", encoding="utf-8").write(
    "关于表彰{year}年度先进党支部的决定\n各党支部：\n" + para(k) + "\n" +
    para(last) + "\n附件：{year}年度先进党支部和优秀党务工作者名单\n")
PY
		"$KAOHE" notice "$d5" -o "$tmp/k.pdf" -q 2>/dev/null || echo "$k/$last: exit $?"
		pdftotext -bbox "$tmp/k.pdf" "$tmp/k.html"
		python3 "$TOP/tests/notice/sig.py" "$tmp/k.html" 某某党委 2026年1月15日 |
		    sed "s|^|first $k lines, last $last: |"
	done
done >>"$tmp/sigbad"
[ -s "$tmp/sigbad" ] && fail "署名 page break: $(head -n 5 "$tmp/sigbad")"

# Output problems: exit 3, nothing written, an older file untouched.
"$KAOHE" notice "$d" -o "$tmp/nodir/x.pdf" -q 2> /dev/null
[ $? -eq 3 ] || fail "unwritable output: exit status not 3"
[ -e "$tmp/nodir/x.pdf" ] && fail "unwritable output: a file appeared"
printf 'old' > "$tmp/old.pdf"
chmod 0555 "$tmp"
"$KAOHE" notice "$d" -o "$tmp/old.pdf" -q 2> /dev/null
rc=$?
chmod 0755 "$tmp"
if [ "$(id -u)" != 0 ]; then
	[ $rc -eq 3 ] || fail "read-only directory: exit $rc, not 3"
	[ "$(cat "$tmp/old.pdf")" = old ] || fail "read-only directory: old file changed"
fi
# A notice.txt that is not UTF-8 is a fault of the data, found when the
# data set is read: `check` fails with its position, and `build` writes
# nothing at all (it used to write the report and every sheet first).
printf '\377\376bad' > "$d3/notice.txt"
"$KAOHE" notice "$d3" -o "$tmp/bad.pdf" -q 2> "$tmp/err4"
[ $? -eq 1 ] || fail "a notice.txt that is not UTF-8: exit status not 1"
grep -q 'notice.txt:1:1: error: 不是 UTF-8' "$tmp/err4" || fail "no message for a non-UTF-8 notice.txt"
[ -e "$tmp/bad.pdf" ] && fail "bad wording: a file appeared"
printf '标题\n主送：各党支部\n正文\377第二句\n' > "$d3/notice.txt"
"$KAOHE" check "$d3" > /dev/null 2> "$tmp/err5"
[ $? -eq 1 ] || fail "check passes a notice.txt that is not UTF-8"
grep -q 'notice.txt:3:3: error: 不是 UTF-8' "$tmp/err5" || fail "check does not give the bad byte's position: $(cat "$tmp/err5")"
"$KAOHE" build "$d3" -o "$tmp/badbuild" -q 2> /dev/null
[ $? -eq 1 ] || fail "build with a non-UTF-8 notice.txt: exit status not 1"
[ -e "$tmp/badbuild" ] && fail "build with a non-UTF-8 notice.txt wrote $(ls -R "$tmp/badbuild" | head -n 3)"

finish
