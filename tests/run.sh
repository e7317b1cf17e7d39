#!/bin/sh
# run.sh BUILD: runs every test of kaohe and prints "N passed, N failed".
# Unit tests are BUILD/tests/test_* (cmocka); scripted tests are tests/t_*.sh,
# run with KAOHE set to the program under test and TOP to the source tree.
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
KAOHE=$(cd "$BUILD" && pwd)/kaohe
export KAOHE TOP BUILD
pass=0
fail=0
failed=""
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	if "$t" > "$BUILD/$(basename "$t").log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $(basename "$t")"
		cat "$BUILD/$(basename "$t").log"
	fi
done
for t in "$TOP"/tests/t_*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	if sh "$t" > "$BUILD/$name.log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $name"
		tail -n 40 "$BUILD/$name.log"
	fi
done
[ -z "$failed" ] || echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
