#!/bin/sh
# t_browser.sh: kaohe serve in headless Chromium (tests/browser/test_serve.py):
# the upload form with the demo workbook (or CSV files), the ranking, the
# report link, a bad workbook's (or data set's) marked cell, and the CSV
# files without JavaScript.  Screenshots go to SHOTS (default
# BUILD/screens; `make docs` puts them in docs/).
# Run by tests/run.sh with KAOHE (the program) and TOP (the source tree).
set -u
: "${KAOHE:?}" "${TOP:?}"
for p in /usr/bin/chromium /usr/bin/chromedriver; do
	[ -x "$p" ] || { echo "t_browser: $p is missing (make deps)"; exit 1; }
done
# Debian's python3, which has Debian's python3-selenium
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import selenium' 2>/dev/null || { echo "t_browser: python3-selenium is missing (make deps)"; exit 1; }
tmp=$(mktemp -d)
spid=""
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; wait; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
SHOTS=${SHOTS:-${BUILD:-$tmp}/screens}
mkdir -p "$SHOTS"
"$KAOHE" serve --listen 127.0.0.1:0 --state "$tmp/state" 2> "$tmp/log" &
spid=$!
port=""
i=0
while [ -z "$port" ] && [ $i -lt 100 ]; do
	port=$(sed -n 's/.*在 127\.0\.0\.1:\([0-9]*\) 提供服务.*/\1/p' "$tmp/log")
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$port" ] || { echo "t_browser: the server did not start: $(cat "$tmp/log")"; exit 1; }
# The demo as one workbook (and one with a score too high in 评分!F3),
# once kaohe reads workbooks; else the CSV files.
set --
mkdir "$tmp/wb" "$tmp/wbbad"
cp "$TOP/samples/demo/kaohe.ini" "$tmp/wb/"
"$PY" "$TOP/tests/serve/mkbook.py" "$TOP/samples/demo" "$tmp/wb/考核数据.xlsx" &&
    "$PY" "$TOP/tests/serve/mkbook.py" "$TOP/samples/demo" "$tmp/wbbad/考核数据.xlsx" --bad || exit 1
if "$KAOHE" check "$tmp/wb" > /dev/null 2>&1; then
	set -- "$tmp/wb/考核数据.xlsx" "$tmp/wbbad/考核数据.xlsx" "$tmp/wb/kaohe.ini"
else
	echo "t_browser: this kaohe does not read workbooks yet: the demo's CSV files are uploaded"
fi
# a bounded run: the browser test stops itself after 5 minutes
timeout 300 "$PY" "$TOP/tests/browser/test_serve.py" "http://127.0.0.1:$port" "$TOP" "$SHOTS" "$@"
rc=$?
if grep -q 'AddressSanitizer\|runtime error' "$tmp/log"; then
	grep -m 5 'AddressSanitizer\|runtime error' "$tmp/log"
	rc=1
fi
[ $rc = 0 ] && echo "t_browser: ok (screenshots in $SHOTS)"
exit $rc
