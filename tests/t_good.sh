#!/bin/sh
# t_good.sh: golden tests tests/good/<case>/: small valid data sets whose
# `rank --format csv` output, rank.csv, was computed by hand (the arithmetic
# is in each case's README).  Runs `$KAOHE rank DIR --format csv $(cat args)`
# (args: optional file of extra arguments) and requires exit status 0 and
# stdout identical to rank.csv.
# Environment: KAOHE (the binary), TOP (source tree).
# A missing $KAOHE is a failure, not a skip.
. "$(dirname "$0")/lib.sh"
pass=0

failed=""
for d in "$TOP"/tests/good/*/; do
	d=${d%/}
	name=$(basename "$d")
	[ -f "$d/rank.csv" ] || continue
	args=""
	[ -f "$d/args" ] && args=$(cat "$d/args")
	# shellcheck disable=SC2086
	"$KAOHE" rank "$d" --format csv $args > "$tmp/out" 2> "$tmp/err" < /dev/null
	rc=$?
	if [ "$rc" = 0 ] && cmp -s "$tmp/out" "$d/rank.csv"; then
		pass=$((pass + 1))
		continue
	fi
	fails=$((fails + 1))
	failed="$failed $name"
	echo "=== FAIL $name: kaohe rank DIR --format csv $args: exit status $rc"
	echo "--- rank.csv (-) kaohe (+):"
	diff "$d/rank.csv" "$tmp/out"
	echo "--- kaohe stderr:"
	head -n 15 "$tmp/err"
done
echo "t_good: $pass passed, $fails failed"
[ "$fails" -eq 0 ] || { echo "t_good: FAIL:$failed"; exit 1; }
