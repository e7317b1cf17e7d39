#!/bin/sh
# t_limits.sh: pathological sizes and broken files (STYLE "Hostile input",
# SPEC 2 and 7): a 1 MB 说明, 100,000 score rows, a NUL byte, an empty
# scores.csv, a header-only branches.csv.  Each must give a clear result,
# exit 0 or 1, never a crash; `check` must stay roughly linear in the rows.
# Run by tests/run.sh with KAOHE set; alone: KAOHE=build/kaohe sh tests/t_limits.sh
. "$(dirname "$0")/lib.sh"
T=$tmp

# Milliseconds since the epoch (GNU date).
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# base DIR: a valid data set of 2 branches, 4 items, one source and period.
base() {
	mkdir -p "$1"
	cat > "$1/kaohe.ini" <<'EOF'
[weights]
自评 = 0
互评 = 0
考评 = 100

[periods]
半年 = 0
年终 = 100
EOF
	cat > "$1/rubric.csv" <<'EOF'
编号,类别,考核内容,分值,评分标准
1.1,班子建设,班子团结,30,团结协作
1.2,班子建设,民主集中制,20,"按制度议事,缺一项扣2分"
2.1,基础工作,三会一课,25,
2.2,基础工作,台账资料,25,
EOF
	cat > "$1/branches.csv" <<'EOF'
支部编号,支部名称
B1,第一党支部
B2,第二党支部
EOF
	cat > "$1/scores.csv" <<'EOF'
支部编号,考核期,评价方式,评价人,细则编号,得分,扣分,说明
B1,年终,考评,甲,1.1,28,,
B1,年终,考评,甲,1.2,18,,
B1,年终,考评,甲,2.1,24,,
B1,年终,考评,甲,2.2,23.5,,
B2,年终,考评,甲,1.1,27,,
B2,年终,考评,甲,1.2,,2,少开一次
B2,年终,考评,甲,2.1,22,,
B2,年终,考评,甲,2.2,25,,
EOF
}

# big DIR NBRANCH: NBRANCH branches, 25 raters each scoring 4 items:
# NBRANCH * 100 score rows.
big() {
	base "$1"
	awk -v n="$2" 'BEGIN {
		print "支部编号,支部名称,党员人数"
		for (b = 1; b <= n; b++)
			printf "B%05d,第%d党支部,%d\n", b, b, b % 50
	}' > "$1/branches.csv"
	awk -v n="$2" 'BEGIN {
		split("1.1 1.2 2.1 2.2", it, " ")
		split("30 20 25 25", pt, " ")
		print "支部编号,考核期,评价方式,评价人,细则编号,得分,扣分,说明"
		for (b = 1; b <= n; b++)
			for (r = 1; r <= 25; r++)
				for (i = 1; i <= 4; i++)
					printf "B%05d,年终,考评,评委%d,%s,%d.%d,,评分说明\n", \
					    b, r, it[i], pt[i] - 1 - (b + r + i) % 7, (b * r) % 10
	}' > "$1/scores.csv"
}

# run NAME WANT_EXIT DIR: runs check, keeps stderr in $T/NAME.err, checks the
# exit status and that nothing crashed.
run() {
	name=$1
	want=$2
	"$KAOHE" check "$3" > "$T/$name.out" 2> "$T/$name.err"
	rc=$?
	if [ "$rc" -ge 128 ]; then
		fail "$name: check died with status $rc (signal $((rc - 128)))"
		tail -n 20 "$T/$name.err"
		return
	fi
	if grep -q -e 'Sanitizer' -e 'runtime error' "$T/$name.err"; then
		fail "$name: sanitizer report"
		tail -n 20 "$T/$name.err"
	fi
	if [ "$rc" -ne "$want" ]; then
		fail "$name: exit $rc, want $want"
		tail -n 20 "$T/$name.err"
		return
	fi
	echo "ok: $name (exit $rc)"
}

# expect NAME PATTERN: the stderr of NAME holds the fixed string PATTERN.
expect() {
	if ! grep -q -F -e "$2" "$T/$1.err"; then
		fail "$1: stderr lacks \"$2\":"
		head -n 20 "$T/$1.err"
	fi
}

# --- a 1 MB 说明 (quoted: commas, doubled quotes, Chinese) ------------------
D=$T/longnote
base "$D"
awk 'BEGIN {
	s = "说明，\"\"引号\"\",逗号"
	for (i = 0; i < 16; i++)
		s = s s
	printf "B1,年终,考评,乙,1.1,29,,\"%s\"\n", s
}' >> "$D/scores.csv"
size=$(wc -c < "$D/scores.csv")
[ "$size" -gt 1048576 ] || fail "longnote: scores.csv is only $size bytes"
run longnote 0 "$D"

# the same 1 MB field unquoted, in a branch name (GB18030)
D=$T/longname
base "$D"
awk 'BEGIN {
	s = "第一党支部"
	for (i = 0; i < 16; i++)
		s = s s
	print "支部编号,支部名称"
	print "B1," s
	print "B2,第二党支部"
}' | iconv -f UTF-8 -t GB18030 > "$D/branches.csv"
run longname 0 "$D"

# --- 100,000 score rows -------------------------------------------------
D=$T/rows100k
big "$D" 1000
lines=$(wc -l < "$D/scores.csv")
[ "$lines" -eq 100001 ] || fail "rows100k: scores.csv has $lines lines"
t0=$(now_ms)
run rows100k 0 "$D"
t1=$(now_ms)
echo "time: check of 100,000 score rows: $((t1 - t0)) ms"
grep -q "^评分：100000 条" "$T/rows100k.out" ||
    fail "rows100k: check does not count 100000 scores: $(head -n 3 "$T/rows100k.out")"

# --- many raters on one item: 1,000,000 rows for one branch -------------
# raters DIR N: one branch scored by N raters, each scoring its 4 items.
raters() {
	base "$1"
	printf '支部编号,支部名称\nB1,第一党支部\n' > "$1/branches.csv"
	awk -v n="$2" 'BEGIN {
		split("1.1 1.2 2.1 2.2", it, " ")
		print "支部编号,考核期,评价方式,评价人,细则编号,得分,扣分,说明"
		for (r = 1; r <= n; r++)
			for (i = 1; i <= 4; i++)
				printf "B1,年终,考评,评委%d,%s,%d,,\n", r, it[i], 10 + (r + i) % 7
	}' > "$1/scores.csv"
}
D=$T/raters1m
raters "$D" 250000
run raters1m 0 "$D"
grep -q "^评分：1000000 条" "$T/raters1m.out" ||
    fail "raters1m: check does not count 1000000 scores: $(head -n 3 "$T/raters1m.out")"
# a rater twice on one item is still found, at its line, among them all
printf 'B1,年终,考评,评委123456,2.1,12,,\n' >> "$D/scores.csv"
run raters1m-dup 1 "$D"
expect raters1m-dup "scores.csv:1000002:5: error: 重复评分：支部 B1、年终、考评、评价人 评委123456、细则 2.1 与第 493824 行重复"

# --- broken files ---------------------------------------------------------
D=$T/nul
base "$D"
printf 'B3,第三\000党支部\n' >> "$D/branches.csv"
run nul 1 "$D"
expect nul "branches.csv:4:1: error"
expect nul "NUL"

D=$T/nul-scores
base "$D"
printf 'B1,年终,考评,乙,1.1,2\0005,,\n' >> "$D/scores.csv"
run nul-scores 1 "$D"
expect nul-scores "scores.csv:10:1: error"

D=$T/empty-scores
base "$D"
: > "$D/scores.csv"
run empty-scores 1 "$D"
expect empty-scores "scores.csv:1:1: error"

D=$T/blank-scores
base "$D"
printf '\r\n\r\n,,,,\r\n' > "$D/scores.csv"
run blank-scores 1 "$D"
expect blank-scores "scores.csv:1:1: error"

D=$T/header-only-branches
base "$D"
printf '支部编号,支部名称\r\n' > "$D/branches.csv"
run header-only-branches 1 "$D"
expect header-only-branches "branches.csv:1:1: error"

D=$T/missing-scores
base "$D"
rm "$D/scores.csv"
run missing-scores 1 "$D"
expect missing-scores "scores.csv:1:1: error"

D=$T/unterminated-quote
base "$D"
printf 'B1,年终,考评,乙,1.1,"29,,\n' >> "$D/scores.csv"
run unterminated-quote 1 "$D"
expect unterminated-quote "scores.csv:10:1: error: 引号没有配对"

D=$T/binary
base "$D"
head -c 65536 /dev/urandom > "$D/vetoes.csv"
"$KAOHE" check "$D" > /dev/null 2> "$T/binary.err"
rc=$?
[ "$rc" -le 1 ] || fail "binary: check of random bytes exited $rc"

# --- linearity ----------------------------------------------------------
# Wall-clock milliseconds of `check DIR`, best of five runs (the minimum
# filters out a busy machine).
best_ms() {
	best=
	for k in 1 2 3 4 5; do
		t0=$(now_ms)
		"$KAOHE" check "$1" > /dev/null 2>&1
		t1=$(now_ms)
		t=$((t1 - t0))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then
			best=$t
		fi
	done
	echo "$best"
}
big "$T/rows50k" 500
# A sanity guard, not a timed target: doubling the rows must not much more
# than double the time.  Below 100 ms the ratio is mostly noise (a quadratic
# check of 100,000 rows would take far longer); a ratio over 3.5 is measured
# again up to three times before it counts.
for attempt in 1 2 3; do
	t50=$(best_ms "$T/rows50k")
	t100=$(best_ms "$T/rows100k")
	echo "time: check, best of 5: 50,000 rows $t50 ms, 100,000 rows $t100 ms"
	if [ "$t100" -lt 100 ] || [ "$t100" -le $((t50 * 35 / 10)) ]; then
		break
	fi
	if [ "$attempt" -eq 3 ]; then
		fail "check is superlinear: 100,000 rows take $t100 ms, 50,000 $t50 ms (> 3.5x)"
	fi
done

# Many raters on one item: eight times the raters must not take much more
# than eight times as long (a duplicate check per rater made it quadratic:
# 64 times).  Best of three; a ratio over 20 is measured again.
raters "$T/raters125k" 31250
for attempt in 1 2 3; do
	t1=$(best_ms "$T/raters125k")
	t8=$(best_ms "$T/raters1m")
	echo "time: check, one branch: 125,000 rows $t1 ms, 1,000,000 rows $t8 ms"
	if [ "$t8" -lt 300 ] || [ "$t8" -le $((t1 * 20)) ]; then
		break
	fi
	if [ "$attempt" -eq 3 ]; then
		fail "many raters are superlinear: 1,000,000 rows take $t8 ms, 125,000 $t1 ms (> 20x)"
	fi
done

finish
