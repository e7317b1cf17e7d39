#!/bin/sh
# run.sh BUILD: times kaohe's main jobs on generated data (see bench/README.md).
#
# Builds bench/gen.c into BUILD/gen, writes data sets into BUILD/bench-data
# (kept and reused while gen.c, the rubric and the arguments are unchanged),
# then runs each job of the list at the end and prints its wall time and
# peak memory.  A job whose kaohe subcommand is not there yet is skipped.
set -u
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$BUILD" || exit 3
BUILD=$(cd "$BUILD" && pwd)
KAOHE=$BUILD/kaohe
GEN=$BUILD/gen
DATA=$BUILD/bench-data
RUBRIC=$TOP/templates/rubric.csv
TIME=/usr/bin/time
LOG=$BUILD/bench.log

# GNU time gives the peak RSS; install it where we may.
if ! command -v "$TIME" >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing package time"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1 ||
		    { apt-get update -qq >/dev/null 2>&1 &&
		      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1; }
	fi
	if ! command -v "$TIME" >/dev/null 2>&1; then
		echo "bench: $TIME is missing (Debian package time): no timings" >&2
		exit 3
	fi
fi

${CC:-cc} -std=c11 -Wall -Wextra -O2 -o "$GEN" "$TOP/bench/gen.c" || exit 3
mkdir -p "$DATA" || exit 3

# dataset NAME N [--sheets]: makes $DATA/NAME unless an identical one exists.
dataset() {
	dir=$DATA/$1
	stamp="$(cksum < "$TOP/bench/gen.c") $(cksum < "$RUBRIC") $2 ${3:-}"
	if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
		return 0
	fi
	rm -rf "$dir"
	printf 'generating %s (%s branches) ... ' "$1" "$2"
	"$TIME" -f '%e s' -o "$BUILD/bench.time" "$GEN" "$2" "$dir" "$RUBRIC" ${3:-} || exit 3
	cat "$BUILD/bench.time"
	echo "$stamp" > "$dir/.stamp"
}

# describe NAME: one line on the size of a data set.
describe() {
	dir=$DATA/$1
	rows=$(($(wc -l < "$dir/scores.csv") - 1))
	bytes=$(cat "$dir"/*.csv | wc -c)
	printf '\n== %s: %s branches, %s score rows, %s MB of CSV (GB18030, CRLF)\n' \
	    "$1" "$(($(wc -l < "$dir/branches.csv") - 1))" "$rows" \
	    "$(((bytes + 524288) / 1048576))"
}

# measure LABEL COMMAND...: runs COMMAND with stdout discarded and prints
# its wall time and peak resident memory.
measure() {
	label=$1
	shift
	if "$TIME" -f '%e s %M KB' -o "$BUILD/bench.time" "$@" >/dev/null 2>"$LOG"; then
		printf '  %-34s %s\n' "$label" "$(cat "$BUILD/bench.time")"
	else
		printf '  %-34s failed: %s\n' "$label" "$(grep -v '^Command exited' "$BUILD/bench.time" | tail -n 1)"
		sed -n '1,5s/^/    /p' "$LOG"
	fi
}

# job LABEL SUBCOMMAND ARGS...: measures `kaohe SUBCOMMAND ARGS...`, or says
# why it cannot.
job() {
	label=$1
	shift
	if [ ! -x "$KAOHE" ]; then
		printf '  %-34s skipped: %s not built\n' "$label" "$KAOHE"
	elif ! "$KAOHE" "$1" --help >/dev/null 2>&1; then
		printf '  %-34s skipped: kaohe %s is not available yet\n' "$label" "$1"
	else
		measure "$label" "$KAOHE" "$@"
	fi
}

OUT=$BUILD/bench-out
mkdir -p "$OUT"

# The data sets and jobs.  Add a job as one more line.
for n in 1000 10000; do
	dataset "b$n" "$n"
	describe "b$n"
	D=$DATA/b$n
	measure "iconv decode of scores.csv" iconv -f GB18030 -t UTF-8 "$D/scores.csv"
	job "kaohe rank --format csv" rank "$D" --format csv
	job "kaohe report" report "$D" -o "$OUT/report-$n.pdf" -q
	printf '  %-34s %s KB\n' "report size" "$(( ($(wc -c < "$OUT/report-$n.pdf" 2>/dev/null || echo 0) + 512) / 1024 ))"
done

# Score sheets: 自评, three 互评 and two 考评 raters per item.
dataset s1000 1000 --sheets
describe s1000
rm -rf "$OUT/sheets-1000"
job "kaohe report" report "$DATA/s1000" -o "$OUT/report-s1000.pdf" -q
job "kaohe sheets -j 2" sheets "$DATA/s1000" -o "$OUT/sheets-1000" -j 2 -q
"$TIME" -f '%U %S' -o "$BUILD/bench.cpu" "$KAOHE" sheets "$DATA/s1000" \
    -o "$OUT/sheets-1000" -j 2 -q >/dev/null 2>&1 &&
    printf '  %-34s %s s user, %s s system\n' "sheets CPU time" \
    $(cat "$BUILD/bench.cpu")
if ls "$OUT/sheets-1000"/*.pdf >/dev/null 2>&1; then
	set -- $(wc -c "$OUT/sheets-1000"/*.pdf | grep -v ' total$' |
	    awk '{ s += $1; if ($1 > m) m = $1 } END { print int(s / NR / 1024 + 0.5), int(m / 1024 + 0.5), NR }')
	printf '  %-34s %s KB mean, %s KB largest (%s sheets)\n' "sheet size" "$1" "$2" "$3"
fi

# Handbooks: the b1000 data set with a members.csv of 30 members per branch
# (UTF-8, made here: a fixed 支部书记 from branches.csv, a committee of four,
# two 党小组, two 预备党员), default [handbook] forms (32 per booklet).
H=$DATA/h1000
if [ ! -f "$H/members.csv" ] || [ "$(cat "$H/.stamp" 2>/dev/null)" != "$(cat "$DATA/b1000/.stamp")" ]; then
	rm -rf "$H" && cp -r "$DATA/b1000" "$H" || exit 3
	iconv -f GB18030 -t UTF-8 "$H/branches.csv" | tr -d '\r' | awk -F, '
	BEGIN {
		OFS = ","; seed = 7
		ns = split("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗", sur, " ")
		ng = split("建国 志明 海军 丽华 秀英 淑芬 晓玉 春兰 永德 振文 红 伟 静 敏 强 磊 洋 勇 艳 杰", giv, " ")
		split("支部书记 组织委员 宣传委员 纪检委员 党小组长 党小组长", role, " ")
		split("研究生 大学本科 大学本科 大学专科 中专 高中", edu, " ")
		print "姓名,支部编号,性别,民族,出生日期,学历,入党日期,转正日期,党内职务,党小组"
	}
	function rnd(n) { seed = (seed * 1103515245 + 12345) % 2147483648; return int(seed / 65536) % n }
	NR > 1 {
		for (k = 1; k <= 30; k++) {
			name = k == 1 ? $4 : sur[1 + rnd(ns)] giv[1 + rnd(ng)]
			by = 1960 + rnd(40); jy = by + 20 + rnd(20); if (jy > 2023) jy = 2023
			m = 1 + rnd(12); d = 1 + rnd(28)
			joined = sprintf("%d-%02d-%02d", jy, m, d)
			conf = sprintf("%d-%02d-%02d", jy + 1, m, d)
			if (k > 28) { joined = sprintf("2025-%02d-%02d", m, d); conf = "" }
			print name, $1, rnd(3) ? "男" : "女", "汉", sprintf("%d-%02d-%02d", by, 1 + rnd(12), 1 + rnd(28)),
			    edu[1 + rnd(6)], joined, conf, k <= 6 ? role[k] : "", k % 2 ? "第一党小组" : "第二党小组"
		}
	}' >"$H/members.csv" || exit 3
	cp "$DATA/b1000/.stamp" "$H/.stamp"
fi
describe h1000
rm -rf "$OUT/handbooks-1000"
job "kaohe handbook -j 2" handbook "$H" -o "$OUT/handbooks-1000" -j 2 -q
"$TIME" -f '%U %S' -o "$BUILD/bench.cpu" "$KAOHE" handbook "$H" \
    -o "$OUT/handbooks-1000" -j 2 -q >/dev/null 2>&1 &&
    printf '  %-34s %s s user, %s s system\n' "handbook CPU time" \
    $(cat "$BUILD/bench.cpu")
if ls "$OUT/handbooks-1000"/*.pdf >/dev/null 2>&1; then
	set -- $(wc -c "$OUT/handbooks-1000"/*.pdf | grep -v ' total$' |
	    awk '{ s += $1; if ($1 > m) m = $1 } END { print int(s / NR / 1024 + 0.5), int(m / 1024 + 0.5), NR }')
	printf '  %-34s %s KB mean, %s KB largest (%s booklets, %s pages each)\n' "handbook size" "$1" "$2" "$3" \
	    "$(pdfinfo "$(ls "$OUT/handbooks-1000"/*.pdf | head -n 1)" | sed -n 's/^Pages: *//p')"
fi

# A workbook against CSV: the same 10,000 branches in the wide form, 300,000
# rows (bench/wide.c, with libxlsxwriter), read by `kaohe rank`.
W=$DATA/w10000
if ${CC:-cc} -std=c11 -Wall -O2 -o "$BUILD/wide" "$TOP/bench/wide.c" \
    $(pkg-config --cflags --libs xlsxwriter) 2>"$LOG"; then
	stamp="$(cksum < "$TOP/bench/wide.c") $(cksum < "$RUBRIC")"
	if [ ! -f "$W/.stamp" ] || [ "$(cat "$W/.stamp")" != "$stamp" ]; then
		rm -rf "$W" "$W.xlsx"
		printf 'generating w10000 ... '
		"$TIME" -f '%e s' -o "$BUILD/bench.time" "$BUILD/wide" 10000 "$W" \
		    "$W.xlsx" "$RUBRIC" || exit 3
		cat "$BUILD/bench.time"
		echo "$stamp" > "$W/.stamp"
	fi
	printf '\n== w10000: 10000 branches, %s rows of wide-form scores, %s MB of CSV (UTF-8), a %s MB workbook\n' \
	    "$(($(wc -l < "$W/scores.csv") - 1))" \
	    "$((($(cat "$W"/*.csv | wc -c) + 524288) / 1048576))" \
	    "$((($(wc -c < "$W.xlsx") + 524288) / 1048576))"
	for f in "$W" "$W.xlsx"; do
		case $f in *.xlsx) what=workbook ;; *) what=CSV ;; esac
		job "kaohe rank ($what)" rank "$f" --format csv
		"$TIME" -f '%U %S' -o "$BUILD/bench.cpu" "$KAOHE" rank "$f" \
		    --format csv >/dev/null 2>&1 &&
		    printf '  %-34s %s s user, %s s system\n' "rank CPU time ($what)" \
		    $(cat "$BUILD/bench.cpu")
	done
else
	echo "bench: bench/wide.c does not build (libxlsxwriter-dev): no workbook timing"
fi
exit 0
