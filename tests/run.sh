#!/bin/sh
# run.sh BUILD: runs every test of kaohe and prints "N passed, N failed".
# Unit tests are BUILD/tests/test_* (cmocka); scripted tests are tests/t_*.sh,
# run with KAOHE set to the program under test and TOP to the source tree
# (tests/lib.sh).  The tests are independent: they run JOBS at a time (the
# number of processors by default), each with its log in BUILD/NAME.log,
# and the slowest start first.
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
KAOHE=$(cd "$BUILD" && pwd)/kaohe
export KAOHE TOP BUILD
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
results=$(mktemp -d "${TMPDIR:-/tmp}/kaohe-run.XXXXXX") || exit 1
trap 'rm -rf "$results"' EXIT

# The tests, slowest first (those named in SLOW, then the rest in order).
SLOW="t_serve t_oracle t_browser t_report t_limits t_handbook t_sheets t_notice t_build"
list() {
	for s in $SLOW; do
		[ -f "$TOP/tests/$s.sh" ] && echo "sh:$TOP/tests/$s.sh"
	done
	for t in "$TOP"/tests/t_*.sh; do
		[ -f "$t" ] || continue
		case " $SLOW " in *" $(basename "$t" .sh) "*) continue ;; esac
		echo "sh:$t"
	done
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] && echo "bin:$t"
	done
}

# Each KIND:PATH runs with its log in BUILD/NAME.log and its exit status
# in $results/NAME, JOBS at a time.
export results
list | xargs -P "$JOBS" -n 1 sh -c '
	kind=${1%%:*}
	path=${1#*:}
	if [ "$kind" = sh ]; then
		name=$(basename "$path" .sh)
		sh "$path" > "$BUILD/$name.log" 2>&1 < /dev/null
	else
		name=$(basename "$path")
		"$path" > "$BUILD/$name.log" 2>&1 < /dev/null
	fi
	echo $? > "$results/$name"' sh

pass=0
fail=0
failed=""
for t in $(list); do
	path=${t#*:}
	case $t in
	sh:*) name=$(basename "$path" .sh) ;;
	*) name=$(basename "$path") ;;
	esac
	if [ "$(cat "$results/$name" 2>/dev/null)" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $name"
		case $t in
		sh:*) tail -n 40 "$BUILD/$name.log" ;;
		*) cat "$BUILD/$name.log" ;;
		esac
	fi
done
[ -z "$failed" ] || echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
