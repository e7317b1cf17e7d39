#!/bin/sh
# t_oracle.sh: differential test of `kaohe rank --format csv [--period P]`
# against the reference implementation tests/oracle/ref.py on random valid
# data sets made by tests/oracle/fuzzgen.py (driven by tests/oracle/batch.py).
#
# Environment: KAOHE (the binary), TOP (source tree).  ORACLE_SEEDS (default
# 200) and ORACLE_FIRST (default 1) choose the seeds.  To replay one seed:
#   python3 tests/oracle/fuzzgen.py SEED /tmp/d
#   python3 tests/oracle/ref.py rank /tmp/d; build/kaohe rank /tmp/d --format csv
# A missing $KAOHE is a failure, not a skip.
. "$(dirname "$0")/lib.sh"
N=${ORACLE_SEEDS:-200}
FIRST=${ORACLE_FIRST:-1}
if ! python3 "$TOP/tests/oracle/batch.py" "$tmp" "$FIRST" "$N"; then
	echo "t_oracle: FAIL: the generator or ref.py crashed"
	exit 1
fi
fails=0
runs=0
last=$((FIRST + N - 1))
seed=$FIRST
while [ "$seed" -le "$last" ]; do
	dir=$tmp/$seed
	n=0
	while IFS= read -r args; do
		n=$((n + 1))
		runs=$((runs + 1))
		want_rc=$(cat "$tmp/$seed.$n.rc")
		# shellcheck disable=SC2086
		"$KAOHE" rank "$dir" $args > "$tmp/out" 2> "$tmp/err" < /dev/null
		rc=$?
		bad=""
		if [ "$rc" != "$want_rc" ]; then
			bad="exit status $rc, want $want_rc"
		elif [ "$want_rc" = 0 ]; then
			if ! cmp -s "$tmp/out" "$tmp/$seed.$n.out"; then
				bad="output differs"
			fi
		elif [ -s "$tmp/out" ]; then
			bad="data errors but stdout not empty"
		fi
		if [ -z "$bad" ] && [ "$n" = 1 ] && [ "$want_rc" = 0 ]; then
			"$KAOHE" check "$dir" > /dev/null 2> "$tmp/cerr" < /dev/null
			crc=$?
			if [ "$crc" != 0 ]; then
				bad="kaohe check exits $crc on valid data"
				cat "$tmp/cerr" >> "$tmp/err"
			fi
		fi
		if [ -n "$bad" ]; then
			fails=$((fails + 1))
			if [ "$fails" -le 5 ]; then
				echo "=== MISMATCH seed $seed: kaohe rank DIR $args: $bad"
				echo "--- replay: python3 tests/oracle/fuzzgen.py $seed /tmp/d"
				if [ "$want_rc" = 0 ]; then
					echo "--- diff ref.py (-) kaohe (+):"
					diff "$tmp/$seed.$n.out" "$tmp/out" | head -n 20
				else
					echo "--- ref.py errors:"
					head -n 10 "$tmp/$seed.$n.err"
				fi
				echo "--- kaohe stderr:"
				head -n 10 "$tmp/err"
			fi
		fi
	done < "$tmp/$seed.args"
	# even seeds: the same kind of data set with injected errors; the error
	# positions of `kaohe check` must be those of ref.py.
	if [ -d "$tmp/$seed-bad" ]; then
		runs=$((runs + 1))
		"$KAOHE" check "$tmp/$seed-bad" > "$tmp/out" 2> "$tmp/err" < /dev/null
		rc=$?
		sed -n 's/^kaohe: \([^:]*\):\([0-9][0-9]*\):[0-9][0-9]*: error: .*/\1:\2/p' \
			"$tmp/err" | sed 's,^.*/,,' | LC_ALL=C sort -u > "$tmp/got"
		LC_ALL=C sort -u "$tmp/$seed-bad.expect" > "$tmp/want"
		want_rc=1
		[ -s "$tmp/want" ] || want_rc=0
		bad=""
		[ "$rc" = "$want_rc" ] || bad="exit status $rc, want $want_rc"
		cmp -s "$tmp/got" "$tmp/want" || bad="$bad error positions differ"
		if [ -n "$bad" ]; then
			fails=$((fails + 1))
			if [ "$fails" -le 5 ]; then
				echo "=== MISMATCH seed $seed (errors injected): kaohe check DIR: $bad"
				echo "--- replay: python3 tests/oracle/fuzzgen.py $seed /tmp/d --bad;" \
					"REF_VERBOSE=1 python3 tests/oracle/ref.py check /tmp/d"
				echo "--- positions: ref.py (-) kaohe (+):"
				diff "$tmp/want" "$tmp/got" | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
				echo "--- kaohe stderr:"
				head -n 10 "$tmp/err"
			fi
		fi
	fi
	seed=$((seed + 1))
done
if [ "$fails" -gt 0 ]; then
	echo "t_oracle: FAIL: $fails of $runs runs differ (seeds $FIRST..$last)"
	exit 1
fi
echo "t_oracle: ok: $runs runs agree (seeds $FIRST..$last)"
