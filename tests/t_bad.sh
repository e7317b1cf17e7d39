#!/bin/sh
# t_bad.sh: the bad-data corpus tests/bad/<case>/ (see tests/bad/README).
# For each case runs `$KAOHE check DIR` and requires
#   - exit status 1,
#   - nothing on stdout,
#   - the set of FILE:LINE of its `kaohe: FILE:LINE:COL: error: ...` lines
#     (FILE reduced to its base name) to equal the case's `expect` file,
#   - and, where the case has `stderr.expected`, stderr to equal it exactly
#     after normalization: every occurrence of the case directory as passed
#     to kaohe followed by "/" (that is "$TOP/tests/bad/CASE/") is deleted.
# Environment: KAOHE (the binary), TOP (source tree).  BAD_CASES may hold a
# space-separated list of case names to run only those.
# A missing $KAOHE is a failure, not a skip.
. "$(dirname "$0")/lib.sh"
pass=0

failed=""
for d in "$TOP"/tests/bad/*/; do
	d=${d%/}
	name=$(basename "$d")
	[ -f "$d/expect" ] || continue
	if [ -n "${BAD_CASES:-}" ]; then
		case " $BAD_CASES " in
		*" $name "*) ;;
		*) continue ;;
		esac
	fi
	"$KAOHE" check "$d" > "$tmp/out" 2> "$tmp/err" < /dev/null
	rc=$?
	sed -n 's/^kaohe: \([^:]*\):\([0-9][0-9]*\):[0-9][0-9]*: error: .*/\1:\2/p' \
		"$tmp/err" | sed 's,^.*/,,' | LC_ALL=C sort -u > "$tmp/got"
	LC_ALL=C sort -u "$d/expect" > "$tmp/want"
	why=""
	[ "$rc" = 1 ] || why="$why exit status $rc (want 1);"
	[ -s "$tmp/out" ] && why="$why stdout not empty;"
	cmp -s "$tmp/got" "$tmp/want" || why="$why error positions differ;"
	if [ -f "$d/stderr.expected" ]; then
		awk -v p="$d/" '{
			out = ""; s = $0
			while ((i = index(s, p)) > 0) {
				out = out substr(s, 1, i - 1); s = substr(s, i + length(p))
			}
			print out s
		}' "$tmp/err" > "$tmp/errn"
		cmp -s "$tmp/errn" "$d/stderr.expected" || why="$why stderr differs from stderr.expected;"
	fi
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		continue
	fi
	fails=$((fails + 1))
	failed="$failed $name"
	echo "=== FAIL $name:$why"
	sed 's/^/    /' "$d/NOTE" 2>/dev/null
	if ! cmp -s "$tmp/got" "$tmp/want"; then
		echo "--- positions: expect (-) kaohe (+)"
		diff "$tmp/want" "$tmp/got" | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
	fi
	if [ -f "$d/stderr.expected" ] && ! cmp -s "$tmp/errn" "$d/stderr.expected"; then
		echo "--- stderr: stderr.expected (-) kaohe (+)"
		diff "$d/stderr.expected" "$tmp/errn" | head -n 20
	fi
	echo "--- kaohe stderr:"
	head -n 15 "$tmp/err"
	if [ -s "$tmp/out" ]; then
		echo "--- kaohe stdout:"
		head -n 5 "$tmp/out"
	fi
done
echo "t_bad: $pass passed, $fails failed"
[ "$fails" -eq 0 ] || { echo "t_bad: FAIL:$failed"; exit 1; }
