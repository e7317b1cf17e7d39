# lib.sh: the common preamble of the shell suites, sourced first:
#   . "$(dirname "$0")/lib.sh"
# Sets TOP (the source tree), BUILD and KAOHE (the program under test; a
# missing program is a failure, not a skip), SUITE (the suite's name), tmp
# (a fresh directory removed at exit), fails (0) and fail MESSAGE (prints
# "SUITE: FAIL: MESSAGE" and counts it); finish ends a suite with its
# verdict.  tests/run.sh sets TOP, BUILD and KAOHE; alone, a suite runs as
#   sh tests/t_NAME.sh            (with build/kaohe)
SUITE=$(basename "$0" .sh)
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-build}
KAOHE=${KAOHE:-$TOP/$BUILD/kaohe}
export TOP BUILD KAOHE
if [ ! -x "$KAOHE" ]; then
	echo "$SUITE: FAIL: $KAOHE is not built"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/$SUITE.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
fails=0

fail() {
	echo "$SUITE: FAIL: $*"
	fails=$((fails + 1))
}

# finish: the last line of a suite: "SUITE: ok", or the count of failures
# and exit status 1.
finish() {
	if [ "$fails" -ne 0 ]; then
		echo "$SUITE: $fails failed"
		exit 1
	fi
	echo "$SUITE: ok"
	exit 0
}
