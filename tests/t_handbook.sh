#!/bin/sh
# t_handbook.sh: kaohe handbook (SPEC section 11) on samples/demo: for every
# branch the parts in order, the 目录's page numbers, the committee, roll and
# statistics against members.csv (counts worked out by hand below), the
# record counts against records.csv, the blank forms, A5 and A4 pages in
# multiples of 4, qpdf; a data set's handbook/ replacing part 1; no
# members.csv; the secretary warning; --combined, --branch, build.
. "$(dirname "$0")/lib.sh"
T=$tmp
DEMO=$TOP/samples/demo
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH

# The demo's members.csv counted by hand: branch, members, 正式, 预备, 男,
# 女, ages on 31 December 2025 (≤35, 36-45, 46-55, 56-60, ≥61), 党龄 of
# the full members from 转正日期 (<5, 5-9, 10-19, 20-29, ≥30 years).
cat >"$T/counts" <<'EOF'
JG01 18 16 2 12 6 2 5 9 2 0 2 4 4 5 1
JG02 11 10 1 4 7 3 5 2 1 0 2 1 5 0 2
JG03 13 11 2 8 5 4 2 6 1 0 1 3 2 5 0
JG04 9 9 0 3 6 3 5 1 0 0 5 0 4 0 0
JG05 15 14 1 8 7 7 7 0 1 0 7 3 3 1 0
SC01 42 41 1 35 7 18 16 7 1 0 12 8 14 6 1
SC02 37 35 2 29 8 12 13 8 4 0 10 7 9 6 3
SC03 29 27 2 17 12 10 9 8 2 0 7 6 7 5 2
SC04 24 22 2 18 6 9 5 8 2 0 8 2 5 5 2
JY01 16 13 3 10 6 4 3 8 1 0 1 4 5 3 0
JY02 12 12 0 6 6 6 3 2 1 0 1 8 3 0 0
JY03 46 46 0 24 22 0 0 0 0 46 0 0 0 11 35
EOF

"$KAOHE" handbook "$DEMO" -o "$T/a5" -q 2>"$T/err" ||
	fail "kaohe handbook samples/demo exited $?: $(cat "$T/err")"
"$KAOHE" handbook "$DEMO" -o "$T/a4" --paper a4 --branch JG01 --branch SC01 \
    -q 2>"$T/err" || fail "kaohe handbook --paper a4 exited $?"
n=$(ls "$T/a4" | wc -l)
[ "$n" -eq 2 ] || fail "--branch JG01 --branch SC01 wrote $n files"

# check.py DIR PAPER [FORMS] -- checks every booklet in DIR; FORMS is
# "TYPE=N,..." (the blank forms expected; default the [records] minimums).
cat >"$T/check.py" <<'EOF'
import csv, os, re, subprocess, sys

top, outdir, paper, counts_file = sys.argv[1:5]
forms = dict(f.split('=') for f in sys.argv[5].split(',')) if len(sys.argv) > 5 and sys.argv[5] else \
    {'支部党员大会': '4', '支委会': '12', '党小组会': '12', '党课': '4'}
demo = os.path.join(top, 'samples', 'demo')
branches = list(csv.DictReader(open(os.path.join(demo, 'branches.csv'), encoding='utf-8')))
members = list(csv.DictReader(open(os.path.join(demo, 'members.csv'), encoding='utf-8')))
records = list(csv.DictReader(open(os.path.join(demo, 'records.csv'), encoding='utf-8')))
counts = {l.split()[0]: list(map(int, l.split()[1:])) for l in open(counts_file, encoding='utf-8')}
ROLES = ['支部书记', '副书记', '组织委员', '宣传委员', '纪检委员', '青年委员', '统战委员', '党小组长', '']
FORM = {'支部党员大会': '支部党员大会记录', '支委会': '支部委员会会议记录', '党小组会': '党小组会记录',
        '党课': '党课记录', '主题党日': '主题党日活动记录', '组织生活会': '组织生活会记录',
        '民主评议党员': '民主评议党员记录', '其他': '其他会议记录'}
PARTS = ['第一部分使用说明', '第二部分支部工作制度', '第三部分支部委员工作职责', '第四部分常用文件',
         '第五部分支部基本情况', '第六部分支部工作记录']
size = {'a5': ('419.528', '595.276'), 'a4': ('595.276', '841.89')}[paper]
bad = []

def flat(s):
    return re.sub(r'\s+', '', s)

for b in branches:
    bid = b['支部编号']
    path = os.path.join(outdir, '%s-%s.pdf' % (bid, b['支部名称']))
    if not os.path.exists(path):
        if not os.environ.get('ONLY'):
            bad.append('%s: no booklet' % bid)
        continue
    info = subprocess.run(['pdfinfo', path], capture_output=True, text=True).stdout
    npages = int(re.search(r'Pages:\s+(\d+)', info).group(1))
    if npages % 4:
        bad.append('%s: %d pages, not a multiple of 4' % (bid, npages))
    m = re.search(r'Page size:\s+([\d.]+) x ([\d.]+) pts', info)
    if (m.group(1), m.group(2)) != size:
        bad.append('%s: page size %s x %s, want %s x %s' % (bid, m.group(1), m.group(2), *size))
    if subprocess.run(['qpdf', '--check', path], capture_output=True).returncode != 0:
        bad.append('%s: qpdf --check fails' % bid)
    pages = subprocess.run(['pdftotext', '-raw', path, '-'], capture_output=True,
                           text=True).stdout.split('\f')[:npages]
    fp = [flat(p) for p in pages]
    # cover
    for s in ('党支部工作手册', '（2025年度）', b['支部名称'], '中共某某能源集团有限公司委员会'):
        if s not in fp[0]:
            bad.append('%s: cover lacks %s' % (bid, s))
    # page numbers: the printed number of each physical page
    printed = {}
    for i, p in enumerate(pages):
        mm = re.search(r'— (\d+) —', p)
        if mm:
            printed[int(mm.group(1))] = i
    # parts in order: the pages that open with their titles (a page of
    # the 目录 may open with one too: the last one is the part's)
    start = []
    for t in PARTS:
        hits = [i for i in range(2, npages) if fp[i].startswith(t)]
        start.append(hits[-1] if hits else -1)
    if -1 in start or start != sorted(start):
        bad.append('%s: parts not in order: pages %s' % (bid, start))
        continue
    if not fp[2].startswith('目录'):
        bad.append('%s: page 3 is not the 目录' % bid)
    toc_end = start[0] - 1
    # the 目录: each part's number points at its first page
    toc = '\n'.join(pages[2:toc_end + 1])
    for k, t in enumerate(PARTS):
        mm = re.search(re.escape(t[:4]) + r'\s*' + re.escape(t[4:]) + r'\s+(\d+)', toc)
        if not mm:
            bad.append('%s: %s not in the 目录' % (bid, t))
        elif printed.get(int(mm.group(1))) != start[k]:
            bad.append('%s: 目录 says %s is on page %s; it starts on physical page %d' %
                       (bid, t, mm.group(1), start[k] + 1))
    for sec in ('一、支部概况', '三、党员名册', '一、本年度工作记录统计', '三、会议记录'):
        mm = re.search(re.escape(sec) + r'\s+(\d+)', toc)
        if not mm or sec not in fp[printed.get(int(mm.group(1)), 0)]:
            bad.append('%s: 目录 entry %s does not point at its page' % (bid, sec))
    p5 = ''.join(fp[start[4]:start[5]])
    p6 = ''.join(fp[start[5]:])
    # committee and roll against members.csv
    ms = [(i, r) for i, r in enumerate(members) if r['支部编号'] == bid]
    ms.sort(key=lambda x: (ROLES.index(x[1]['党内职务']), x[1]['入党日期'], x[0]))
    for i, r in ms:
        if r['党内职务'] and r['党内职务'] != '党小组长':
            if r['党内职务'] + r['姓名'] + r['性别'] not in p5:
                bad.append('%s: committee lacks %s %s' % (bid, r['党内职务'], r['姓名']))
    roll = p5[p5.find('三、党员名册'):p5.find('四、党员队伍结构')]
    pos = 0
    for k, (i, r) in enumerate(ms):
        row = '%d%s%s%s%s' % (k + 1, r['姓名'], r['性别'], r['民族'], r['出生日期'][:7].replace('-', '.'))
        at = roll.find(row, pos)
        if at < 0:
            bad.append('%s: roll row %d is not %s (in order)' % (bid, k + 1, row))
            break
        pos = at + len(row)
    c = counts[bid]
    want = ['党员总数%d人' % c[0], '正式党员%d人' % c[1], '预备党员%d人' % c[2], '男%d人' % c[3],
            '女%d人' % c[4], '35岁及以下%d人' % c[5], '36至45岁%d人' % c[6], '46至55岁%d人' % c[7],
            '56至60岁%d人' % c[8], '61岁及以上%d人' % c[9], '不满5年%d人' % c[10], '5至9年%d人' % c[11],
            '10至19年%d人' % c[12], '20至29年%d人' % c[13], '30年及以上%d人' % c[14]]
    for w in want:
        if w not in p5:
            bad.append('%s: part 5 lacks %s' % (bid, w))
    # the statistics and the handover table each whole on one page
    for head, last in (('四、党员队伍结构党员总数', '党龄不满5年'), ('七、工作交接记录', '监交人')):
        pg = [p for p in fp[start[4]:start[5]] if head in p]
        if len(pg) != 1 or last not in pg[0]:
            bad.append('%s: %s is not whole on one page' % (bid, head))
    if b['换届时间'] and '应换届时间' not in p5:
        bad.append('%s: no 应换届时间' % bid)
    if '工作交接记录' not in p5 or '监交人' not in p5 or '党员变动记录' not in p5:
        bad.append('%s: no handover or changes table' % bid)
    # records against records.csv
    rs = [r for r in records if r['支部编号'] == bid]
    if '共%d条' % len(rs) not in p6:
        bad.append('%s: part 6 does not say 共%d条' % (bid, len(rs)))
    for t in sorted(set(r['类型'] for r in rs)):
        n = sum(1 for r in rs if r['类型'] == t)
        if '%s（%d次）' % (t, n) not in p6:
            bad.append('%s: part 6 lacks %s（%d次）' % (bid, t, n))
    # blank forms: each on its own page, as many as configured
    for t, title in FORM.items():
        n = sum(1 for p in fp[start[5]:]
                if re.search(re.escape(title) + r'第\d+份，共\d+份', p))
        if n != int(forms.get(t, 0)):
            bad.append('%s: %d blank %s forms, want %s' % (bid, n, t, forms.get(t, 0)))
    for f in ('时间', '地点', '主持人', '记录人', '应到', '实到', '缺席人员及原因', '议题', '记录：'):
        if forms and f not in p6:
            bad.append('%s: forms lack %s' % (bid, f))
    if '四、年度考核情况' not in p6 or '考核总分' not in p6:
        bad.append('%s: no 考核情况' % bid)
for x in bad:
    print(x)
EOF

python3 "$T/check.py" "$TOP" "$T/a5" a5 "$T/counts" >"$T/bad" || fail "check.py a5"
[ -s "$T/bad" ] && fail "A5 booklets: $(head -n 20 "$T/bad")"
ONLY=1 python3 "$T/check.py" "$TOP" "$T/a4" a4 "$T/counts" >"$T/bad" || fail "check.py a4"
[ -s "$T/bad" ] && fail "A4 booklets: $(head -n 20 "$T/bad")"

# The scores in 考核情况 are the ranking's figures.
"$KAOHE" rank "$DEMO" --format csv >"$T/rank.csv" 2>/dev/null
tail -n +2 "$T/rank.csv" | while IFS=, read -r rank id name c1 c2 c3 c4 c5 c6 \
    total level veto; do
	txt=$(pdftotext -raw "$T/a5/$id-$name.pdf" - 2>/dev/null | tr -d ' \n')
	case $txt in *"考核总分${total}分"*"考核等次为“${level}”"*) ;;
	*) echo "$id: 考核情况 lacks 总分 $total / $level" ;; esac
	for c in "$c1" "$c2" "$c3" "$c4" "$c5" "$c6"; do
		case $txt in *"$c"*) ;; *) echo "$id: no category score $c" ;; esac
	done
done >"$T/scores"
[ -s "$T/scores" ] && fail "考核情况: $(head -n 5 "$T/scores")"

# [handbook] forms as configured.
mkdir -p "$T/forms"
cp "$DEMO"/*.csv "$T/forms/"
cp "$DEMO/kaohe.ini" "$T/forms/"
printf '\n[handbook]\nforms = 2\n' >>"$T/forms/kaohe.ini"
"$KAOHE" handbook "$T/forms" -o "$T/forms-out" --branch JG02 -q 2>/dev/null ||
	fail "[handbook] forms: exited $?"
ONLY=1 python3 "$T/check.py" "$TOP" "$T/forms-out" a5 "$T/counts" '支部党员大会=2,支委会=2,党小组会=2,党课=2' \
    >"$T/bad" || fail "check.py forms"
[ -s "$T/bad" ] && fail "[handbook] forms: $(head -n 5 "$T/bad")"

# A data set's handbook/ replaces part 1 only.
mkdir -p "$T/own/handbook"
cp "$DEMO"/*.csv "$DEMO/kaohe.ini" "$T/own/"
cat >"$T/own/handbook/01-使用说明.md" <<'EOF'
<!-- 本单位自编的使用说明 -->
# 使用须知

本手册由本单位党委组织部统一编印，请妥善保管。

1. 按时记录。
2. 换届时移交。
EOF
"$KAOHE" handbook "$T/own" -o "$T/own-out" --branch JG01 -q 2>/dev/null ||
	fail "own handbook/: exited $?"
own=$(pdftotext -raw "$T/own-out/JG01-办公室党支部.pdf" - 2>/dev/null | tr -d ' \n')
def=$(pdftotext -raw "$T/a5/JG01-办公室党支部.pdf" - 2>/dev/null | tr -d ' \n')
case $own in *第一部分使用须知*本手册由本单位党委组织部统一编印*换届时移交*) ;;
*) fail "handbook/01-使用说明.md: its text is not part 1" ;; esac
case $own in *手册的用途*) fail "handbook/01: the default part 1 is still there" ;; esac
case $own in *本单位自编*) fail "handbook/01: the HTML comment was printed" ;; esac
case $def in *手册的用途*) ;; *) fail "the default part 1 lacks 手册的用途" ;; esac
case $own in *党支部的基本任务*组织委员*党费交纳标准*) ;;
*) fail "handbook/01 changed parts 2-4" ;; esac

# A text part that is not UTF-8 is a data error at its position, before
# anything is written.
mkdir -p "$T/gbk/handbook"
cp "$DEMO"/*.csv "$DEMO/kaohe.ini" "$T/gbk/"
printf '# \344\275\277\347\224\250\n\n\326\320\316\304\n' >"$T/gbk/handbook/03-支部委员工作职责.md"
"$KAOHE" build "$T/gbk" -o "$T/gbk-out" -q 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || fail "non-UTF-8 handbook/ part: build exited $rc (want 1)"
[ -e "$T/gbk-out" ] && fail "non-UTF-8 handbook/ part: build wrote $(ls "$T/gbk-out")"
grep -q "^kaohe: $T/gbk/handbook/03-支部委员工作职责.md:3:1: error: 手册文字须保存为 UTF-8 编码" "$T/err" ||
	fail "non-UTF-8 handbook/ part: $(cat "$T/err")"
"$KAOHE" check "$T/gbk" >/dev/null 2>&1 && fail "non-UTF-8 handbook/ part: check passes"

# Without members.csv: a blank roll to fill in, no names.
mkdir -p "$T/nomem"
cp "$DEMO"/kaohe.ini "$T/nomem/"
for f in branches scores vetoes records workers; do cp "$DEMO/$f.csv" "$T/nomem/"; done
"$KAOHE" handbook "$T/nomem" -o "$T/nomem-out" --branch JG04 -q 2>/dev/null ||
	fail "no members.csv: exited $?"
nm=$(pdftotext -raw "$T/nomem-out/JG04-党群工作部党支部.pdf" - 2>/dev/null | tr -d ' \n')
# the roll's row numbers: 党员人数 9 of branches.csv and 5 spare rows
rows=$(echo "$nm" | sed 's/.*三、党员名册//; s/四、党员队伍结构.*//; s/—[0-9]*—//g; s/[^0-9]//g')
[ "$rows" = 1234567891011121314 ] ||
	fail "no members.csv: the blank roll is numbered $rows, want 1 to 14"
case $nm in *党员总数人*正式党员人*) ;; *) fail "no members.csv: statistics not blank" ;; esac
grep '^[^,]*,JG04,' "$DEMO/members.csv" | cut -d, -f1 | grep -v 赵文静 | while read -r who; do
	case $nm in *"$who"*) echo "$who" ;; esac
done >"$T/names"
[ -s "$T/names" ] && fail "no members.csv: names printed: $(cat "$T/names")"

# Without scores (the booklet is handed out at the start of the year): no
# scores.csv, or one with its header only, gives every booklet without its
# 考核情况; everything else is still checked; build still needs scores.
for how in none header; do
	mkdir -p "$T/nosc-$how"
	cp "$DEMO"/*.csv "$DEMO/kaohe.ini" "$T/nosc-$how/"
	case $how in
	none) rm "$T/nosc-$how/scores.csv" ;;
	header) head -n 1 "$DEMO/scores.csv" >"$T/nosc-$how/scores.csv" ;;
	esac
	"$KAOHE" handbook "$T/nosc-$how" -o "$T/nosc-$how-out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 0 ] || fail "handbook without scores ($how): exit $rc: $(cat "$T/err")"
	[ -s "$T/err" ] && fail "handbook without scores ($how): messages: $(cat "$T/err")"
	n=$(ls "$T/nosc-$how-out" 2>/dev/null | wc -l)
	[ "$n" -eq 12 ] || fail "handbook without scores ($how): $n booklets, want 12"
	ns=$(pdftotext -raw "$T/nosc-$how-out/JG01-办公室党支部.pdf" - 2>/dev/null | tr -d ' \n')
	case $ns in *四、年度考核情况*|*考核总分*) fail "handbook without scores ($how): an assessment is printed" ;; esac
	case $ns in *三、会议记录*) ;; *) fail "handbook without scores ($how): part 6 lacks its forms" ;; esac
	"$KAOHE" build "$T/nosc-$how" -o "$T/nosc-$how-build" -q 2>/dev/null
	rc=$?
	[ "$rc" -eq 1 ] || fail "build without scores ($how): exit $rc (want 1)"
	[ -e "$T/nosc-$how-build" ] && fail "build without scores ($how) wrote $(ls "$T/nosc-$how-build")"
done
# still checked without scores: a member of an unknown branch
sed -i '2s/^\([^,]*\),JG01,/\1,XX99,/' "$T/nosc-none/members.csv"
"$KAOHE" handbook "$T/nosc-none" -o "$T/nosc-bad" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || fail "handbook without scores, bad members.csv: exit $rc (want 1)"
grep -q "members.csv:2:.*error" "$T/err" || fail "handbook without scores, bad members.csv: $(cat "$T/err")"
[ -e "$T/nosc-bad" ] && fail "handbook without scores, bad members.csv: wrote $(ls "$T/nosc-bad")"

# A 支部书记 who differs from branches.csv is a warning at its cell.
mkdir -p "$T/sec"
cp "$DEMO"/*.csv "$DEMO/kaohe.ini" "$T/sec/"
line=$(grep -n ',JG02,.*,支部书记,' "$DEMO/members.csv" | cut -d: -f1)
sed -i "${line}s/^李淑芬,/李淑华,/" "$T/sec/members.csv"
"$KAOHE" check "$T/sec" >/dev/null 2>"$T/err" || fail "secretary differs: exit $? (want 0)"
grep -q "^kaohe: $T/sec/members.csv:$line:1: warning: 支部书记 李淑华 与 $T/sec/branches.csv 第 3 行的支部书记 李淑芬 不同\$" "$T/err" ||
	fail "secretary differs: $(cat "$T/err")"

# A member who joined before eighteen: a warning at 入党日期 (one day short
# of the birthday, then on it: no warning).
mkdir -p "$T/young"
cp "$DEMO"/*.csv "$DEMO/kaohe.ini" "$T/young/"
sed -i '2s/^\([^,]*,[^,]*,[^,]*,[^,]*\),[^,]*,\([^,]*\),[^,]*,[^,]*,/\1,1990-03-15,\2,2008-03-14,2009-03-14,/' "$T/young/members.csv"
"$KAOHE" check "$T/young" >/dev/null 2>"$T/err" || fail "young member: exit $? (want 0)"
grep -q "^kaohe: $T/young/members.csv:2:7: warning: 入党日期 2008-03-14 时未满十八岁（出生日期 1990-03-15），请核对这两个日期\$" "$T/err" ||
	fail "young member: $(cat "$T/err")"
sed -i '2s/,2008-03-14,/,2008-03-15,/' "$T/young/members.csv"
"$KAOHE" check "$T/young" >/dev/null 2>"$T/err" || fail "member at eighteen: exit $? (want 0)"
grep -q 未满十八岁 "$T/err" && fail "member at eighteen: $(cat "$T/err")"

# --combined holds every booklet; build writes handbooks/.
"$KAOHE" handbook "$DEMO" -o "$T/c" --combined "$T/all.pdf" -q 2>/dev/null ||
	fail "--combined exited $?"
sum=0
for f in "$T/a5"/*.pdf; do
	sum=$((sum + $(pdfinfo "$f" | sed -n 's/^Pages: *//p')))
done
all=$(pdfinfo "$T/all.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "$all" = "$sum" ] || fail "--combined has $all pages, the booklets $sum"
qpdf --check "$T/all.pdf" >/dev/null 2>&1 || fail "--combined: qpdf --check"
"$KAOHE" build "$DEMO" -o "$T/build" -q 2>/dev/null || fail "build exited $?"
n=$(ls "$T/build/handbooks" 2>/dev/null | wc -l)
[ "$n" -eq 12 ] || fail "build: $n handbooks, want 12"
"$KAOHE" handbook "$DEMO" -o "$T/x" --paper b5 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--paper b5 is not a usage error"

finish
