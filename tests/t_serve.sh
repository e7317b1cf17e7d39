#!/bin/sh
# t_serve.sh: `kaohe serve` over HTTP as a browser or a script meets it
# (SPEC section 10), with curl against servers on 127.0.0.1 and free ports:
# uploads of samples/demo, the ranking in the JSON against `kaohe rank`,
# every download, a bad data set's diagnostics against `kaohe check`, the
# limits (413, 400, 404, 403, 405, 503), a job killed by its CPU limit,
# 20 uploads at once, 1,000 malformed requests, restarts and --keep, and the
# server's memory after 200 jobs against after 10.
# Run by tests/run.sh with KAOHE (the program) and TOP (the source tree).
set -u
: "${KAOHE:?}" "${TOP:?}"
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fails=0
fail() {
	echo "t_serve: FAIL: $*"
	fails=$((fails + 1))
}
command -v curl >/dev/null || { echo "t_serve: curl is missing (make deps)"; exit 1; }
DEMO=$TOP/samples/demo

# start NAME ARGS...: starts a server on a free port; sets port and spid.
nstart=0
start() {
	name=$1
	shift
	nstart=$((nstart + 1))
	log=$tmp/$name-$nstart.log
	: > "$log"
	"$KAOHE" serve --listen 127.0.0.1:0 --state "$tmp/$name" "$@" \
	    2> "$log" &
	spid=$!
	pids="$pids $spid"
	port=""
	i=0
	while [ -z "$port" ] && [ $i -lt 100 ]; do
		port=$(sed -n 's/.*在 127\.0\.0\.1:\([0-9]*\) 提供服务.*/\1/p' "$log")
		[ -n "$port" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -n "$port" ] || { fail "server $name did not start: $(cat "$log")"; exit 1; }
	url=http://127.0.0.1:$port
}

# stop: SIGTERM to the server; it must exit 0 within 10 s.
stop() {
	kill "$spid"
	i=0
	while kill -0 "$spid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	wait "$spid"
	rc=$?
	[ "$rc" = 0 ] || fail "server exited $rc on SIGTERM"
}

# token JAR: the upload page's CSRF token (the cookie goes to JAR).
token() {
	curl -s -c "$1" "$url/" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p'
}

# upload JAR FILE...: posts the files as the form does; prints the HTTP
# status and the job id (from the 303 Location), e.g. "303 abc...".
upload() {
	jar=$1
	shift
	tok=$(token "$jar")
	set -- $(for f in "$@"; do printf -- '-F files=@%s ' "$f"; done)
	curl -s -o /dev/null -b "$jar" -H "Origin: $url" -F "csrf=$tok" "$@" \
	    -w '%{http_code} %{redirect_url}' "$url/jobs" | sed 's|http://[^ ]*/jobs/||'
}

# wait_job ID: waits (at most 60 s) until the job is done or failed;
# leaves its JSON in $tmp/ID.json and prints the state.
wait_job() {
	i=0
	while [ $i -lt 600 ]; do
		curl -s "$url/jobs/$1.json" > "$tmp/$1.json"
		st=$(sed -n '1s/^{"state": "\([a-z]*\)".*/\1/p' "$tmp/$1.json")
		case $st in done|failed) echo "$st"; return;; esac
		sleep 0.1
		i=$((i + 1))
	done
	echo timeout
}

# same_ranking JSON: the job's ranking is `kaohe rank --format json` of demo.
same_ranking() {
	python3 - "$1" "$tmp/rank.json" <<'PY'
import json, sys
job = json.load(open(sys.argv[1]))["ranking"]
want = json.load(open(sys.argv[2]))["branches"]
got = [(r["支部编号"], r["排名"], r["总分"], r["等次"], r["一票否决"]) for r in job]
exp = [(b["id"], "" if b["rank"] is None else str(b["rank"]), "%.2f" % b["total"], b["level"],
        ";".join(v["reason"] for v in b["vetoes"])) for b in want]
if got != exp:
    print("got ", got[:3], "\nwant", exp[:3])
    sys.exit(1)
PY
}

t0=$(date +%s)
lap() { echo "t_serve: $1 done at $(($(date +%s) - t0)) s"; }
"$KAOHE" rank "$DEMO" --format json > "$tmp/rank.json" 2>/dev/null
"$KAOHE" serve --help | grep -q 'kaohe serve \[--listen' || fail "serve --help"
"$KAOHE" serve --jobs 0 2>/dev/null; [ $? = 2 ] || fail "serve --jobs 0 is not a usage error"
"$KAOHE" serve --listen nonsense 2>/dev/null; [ $? = 2 ] || fail "serve --listen nonsense is not a usage error"

start main --max-upload 4M --jobs 2 --queue 40

# The upload page: the form, its token, the template link, the headers.
curl -s -D "$tmp/h" -c "$tmp/jar" "$url/" > "$tmp/up.html"
grep -q '<form id="upload" method="post" action="/jobs" enctype="multipart/form-data">' "$tmp/up.html" || fail "no upload form"
grep -q 'href="/template.xlsx"' "$tmp/up.html" || fail "no template link"
grep -q 'scores.csv 或 评分.csv' "$tmp/up.html" || fail "no line on what each file is"
grep -qi "^Content-Security-Policy: default-src 'self'" "$tmp/h" || fail "no CSP header"
grep -qi '^X-Content-Type-Options: nosniff' "$tmp/h" || fail "no nosniff header"
grep -qi '^Set-Cookie: kaohe_csrf=[0-9a-f]\{32\}; Path=/; HttpOnly; SameSite=Strict' "$tmp/h" || fail "no CSRF cookie"
grep -q '<script>' "$tmp/up.html" && fail "inline script on the upload page"
curl -s -D "$tmp/h" "$url/style.css" -o "$tmp/style.css"
grep -qi '^Content-Type: text/css' "$tmp/h" || fail "style.css type"
grep -q '@media print' "$tmp/style.css" || fail "style.css has no print rules"

# The template: `kaohe template` once kaohe has it, else a clear 503.
if "$KAOHE" template --help > /dev/null 2>&1; then
	curl -s -D "$tmp/h" -o "$tmp/template.xlsx" "$url/template.xlsx"
	grep -q '^HTTP/1.1 200' "$tmp/h" || fail "template.xlsx: $(head -n 1 "$tmp/h")"
	grep -qi "^Content-Disposition: attachment; filename=\"template.xlsx\"; filename\*=UTF-8''" "$tmp/h" ||
	    fail "template.xlsx has no UTF-8 file name"
	python3 -c 'import sys, zipfile; assert "xl/workbook.xml" in zipfile.ZipFile(sys.argv[1]).namelist()' "$tmp/template.xlsx" ||
	    fail "template.xlsx is not a workbook"
else
	[ "$(curl -s -o "$tmp/t.html" -w '%{http_code}' "$url/template.xlsx")" = 503 ] || fail "template.xlsx without kaohe template is not 503"
	grep -q '模板暂不可用' "$tmp/t.html" || fail "template.xlsx without kaohe template says nothing"
fi

# samples/demo as CSV files: 303, done, the ranking of `kaohe rank`.
set -- $(upload "$tmp/jar" "$DEMO"/*.csv "$DEMO/kaohe.ini")
[ "$1" = 303 ] || fail "upload of samples/demo answered $1"
id=$2
echo "$id" | grep -q '^[0-9a-f]\{32\}$' || fail "job id $id is not 128 bits of hex"
[ "$(wait_job "$id")" = done ] || fail "demo job: $(cat "$tmp/$id.json")"
same_ranking "$tmp/$id.json" || fail "the job's ranking differs from kaohe rank"
[ "$(ls "$tmp/main/jobs/$id/in")" = "$(ls "$DEMO")" ] ||
    fail "uploads not stored under fixed names: $(ls "$tmp/main/jobs/$id/in")"

# samples/demo as one workbook, once kaohe reads workbooks (SPEC section
# 8): the same ranking; a wrong score is shown at its cell, as `kaohe check`
# says, with its row.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
mkdir "$tmp/wb" "$tmp/wbbad"
cp "$DEMO/kaohe.ini" "$tmp/wb/"
cp "$DEMO/kaohe.ini" "$tmp/wbbad/"
"$PY" "$TOP/tests/serve/mkbook.py" "$DEMO" "$tmp/wb/考核数据.xlsx" ||
    fail "cannot write the demo workbook (python3-openpyxl)"
if "$KAOHE" check "$tmp/wb" > /dev/null 2>&1; then
	cp "$tmp/wb/考核数据.xlsx" "$tmp/wb/2025年考核表.xlsx"
	set -- $(upload "$tmp/jar" "$tmp/wb/2025年考核表.xlsx" "$tmp/wb/kaohe.ini")
	[ "$1" = 303 ] || fail "upload of the demo workbook answered $1"
	[ "$(wait_job "$2")" = done ] || fail "workbook job: $(head -c 400 "$tmp/$2.json")"
	same_ranking "$tmp/$2.json" || fail "the workbook ranks differently"
	[ -f "$tmp/main/jobs/$2/in/考核数据.xlsx" ] || fail "the workbook is not stored as 考核数据.xlsx"
	"$PY" "$TOP/tests/serve/mkbook.py" "$DEMO" "$tmp/wbbad/考核数据.xlsx" --bad
	"$KAOHE" check "$tmp/wbbad" 2>&1 >/dev/null | sed -n "s|^kaohe: $tmp/wbbad/考核数据.xlsx:\([^:]*\): \([a-z]*\): .*|\2 \1|p" > "$tmp/wcheck.pos"
	set -- $(upload "$tmp/jar" "$tmp/wbbad/考核数据.xlsx" "$tmp/wbbad/kaohe.ini")
	[ "$(wait_job "$2")" = failed ] || fail "bad workbook job not failed"
	python3 -c '
import json, sys
for d in json.load(sys.stdin)["diagnostics"]:
    if d["file"] == "考核数据.xlsx":
        print(d["severity"], d["cell"])' < "$tmp/$2.json" > "$tmp/wjob.pos"
	grep -q '评分!F3' "$tmp/wcheck.pos" || fail "kaohe check does not point at 评分!F3: $(cat "$tmp/wcheck.pos")"
	cmp -s "$tmp/wcheck.pos" "$tmp/wjob.pos" || fail "workbook diagnostics differ from kaohe check: $(diff "$tmp/wcheck.pos" "$tmp/wjob.pos")"
	curl -s "$url/jobs/$2" > "$tmp/wbad.html"
	grep -q '<td class="pos">评分!F3</td><td class="col">F（得分）</td>' "$tmp/wbad.html" || fail "评分!F3 not shown with its column"
	grep -q '<th>3</th>.*<td class="bad"><mark>99</mark></td>' "$tmp/wbad.html" || fail "the bad cell 评分!F3 is not marked"
else
	echo "t_serve: this kaohe does not read workbooks yet: the workbook upload is not tested"
fi

# The job page: the ranking with tie marks and the vetoed rows, the links.
curl -s "$url/jobs/$id" > "$tmp/job.html"
grep -q '<td class="rank"><span class="tie" title="并列">=</span>3</td><td>JG02</td>' "$tmp/job.html" || fail "no tie mark for JG02"
grep -q '<tr class="veto"><td class="rank">—</td><td>JG03</td>' "$tmp/job.html" || fail "JG03 not marked vetoed"
grep -q '<strong>一票否决：</strong>班子不团结；未完成工作任务' "$tmp/job.html" || fail "SC04's veto reasons not shown"
grep -q 'refresh' "$tmp/job.html" && fail "a finished job page still refreshes"
for f in report.pdf notice.pdf sheets.zip results.csv; do
	grep -q "href=\"/jobs/$id/$f\"" "$tmp/job.html" || fail "job page lacks a link to $f"
done
grep -q 'handbooks.zip' "$tmp/job.html" && [ ! -d "$tmp/main/jobs/$id/out/handbooks" ] &&
    fail "handbooks.zip linked without handbooks"

# Every output: PDFs pass qpdf, the zip holds one PDF per branch, the CSV is
# the ranking; downloads carry an RFC 6266 UTF-8 name.
outputs=$(python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["outputs"]))' < "$tmp/$id.json")
for f in report.pdf notice.pdf sheets.zip results.csv; do
	echo " $outputs " | grep -q " $f " || fail "outputs lacks $f: $outputs"
done
if [ -d "$tmp/main/jobs/$id/out/handbooks" ]; then
	echo " $outputs " | grep -q " handbooks.zip " || fail "outputs lacks handbooks.zip: $outputs"
	grep -q "href=\"/jobs/$id/handbooks.zip\"" "$tmp/job.html" || fail "job page lacks a link to handbooks.zip"
fi
for f in $outputs; do
	curl -s -f -D "$tmp/h" -o "$tmp/dl-$f" "$url/jobs/$id/$f" || fail "download $f"
	grep -qi "^Content-Disposition: .*; filename=\"$f\"; filename\*=UTF-8''%" "$tmp/h" || fail "$f: no UTF-8 file name"
	case $f in
	*.pdf) qpdf --check "$tmp/dl-$f" > /dev/null 2>&1 || fail "$f fails qpdf --check";;
	esac
done
grep -qi "^Content-Disposition: attachment; filename=\"results.csv\"; filename\*=UTF-8''%E8%80%83%E6%A0%B8%E7%BB%93%E6%9E%9C.csv" "$tmp/h" ||
    fail "results.csv is not 考核结果.csv: $(grep -i disposition "$tmp/h")"
{ printf '\357\273\277'; cat "$TOP/tests/samples/demo.rank.csv"; } > "$tmp/want.csv"
cmp -s "$tmp/dl-results.csv" "$tmp/want.csv" || fail "results.csv download differs"
python3 - "$tmp/dl-sheets.zip" "$tmp/rank.json" "$tmp/unz" <<'PY' || fail "sheets.zip"
import json, os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = sorted(z.namelist())
ids = sorted(b["id"] for b in json.load(open(sys.argv[2]))["branches"])
assert [n.split("-")[0] for n in names] == ids, names
assert all(n.endswith(".pdf") for n in names), names
z.extractall(sys.argv[3])
PY
if [ -f "$tmp/dl-handbooks.zip" ]; then
	python3 - "$tmp/dl-handbooks.zip" "$tmp/rank.json" "$tmp/unz-hb" <<'PY' || fail "handbooks.zip"
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = sorted(z.namelist())
ids = sorted(b["id"] for b in json.load(open(sys.argv[2]))["branches"])
assert [n.split("-")[0] for n in names] == ids, names
z.extractall(sys.argv[3])
PY
	for f in "$tmp"/unz-hb/*.pdf; do
		qpdf --check "$f" > /dev/null 2>&1 || fail "$(basename "$f") in handbooks.zip fails qpdf --check"
	done
fi
for f in "$tmp"/unz/*.pdf; do
	qpdf --check "$f" > /dev/null 2>&1 || fail "$(basename "$f") in sheets.zip fails qpdf --check"
done
pdftotext "$tmp/dl-report.pdf" - | grep -q '党群工作部党支部' || fail "report.pdf lacks the first branch"
curl -s -o /dev/null -w '%{http_code}' "$url/jobs/$id/out" | grep -q 404 || fail "a job's directory is listed"
curl -s -o /dev/null -w '%{http_code}' "$url/jobs/$id/stderr.log" | grep -q 404 || fail "stderr.log is served"
curl -s -o /dev/null -w '%{http_code}' "$url/jobs/$id/../../main.log" | grep -q 404 || fail "dot-dot path"

lap "demo upload and downloads"
# A bad data set: the same positions as `kaohe check`, each row shown and
# its bad cell marked.
BAD=$TOP/tests/bad/multiple-errors
set -- $(upload "$tmp/jar" "$BAD"/*.csv "$BAD/kaohe.ini")
bid=$2
[ "$(wait_job "$bid")" = failed ] || fail "bad data set not failed"
"$KAOHE" check "$BAD" 2>&1 >/dev/null | sed -n "s|^kaohe: $BAD/\([^:]*\):\([0-9]*\):\([0-9]*\): \([a-z]*\): .*|\4 \1 \2 \3|p" > "$tmp/check.pos"
python3 -c '
import json, sys
for d in json.load(sys.stdin)["diagnostics"]:
    print(d["severity"], d["file"], d["line"], d["col"])' < "$tmp/$bid.json" > "$tmp/job.pos"
[ -s "$tmp/check.pos" ] || fail "kaohe check gave no positions"
cmp -s "$tmp/check.pos" "$tmp/job.pos" || fail "diagnostics differ from kaohe check: $(diff "$tmp/check.pos" "$tmp/job.pos")"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["exit"] == 1 and d["ranking"] == [] and d["outputs"] == []' < "$tmp/$bid.json" ||
    fail "failed job JSON"
curl -s "$url/jobs/$bid" > "$tmp/bad.html"
grep -q '<h1>数据有错误</h1>' "$tmp/bad.html" || fail "bad job page title"
grep -q '<td class="pos">第 11 行</td><td class="col">F（得分）</td><td class="msg">得分 26 超过细则 2.2 的分值 25.00</td>' "$tmp/bad.html" ||
    fail "scores.csv:11:6 not shown with its column"
grep -q '<th>11</th><td>B1</td>.*<td class="bad"><mark>26</mark></td>' "$tmp/bad.html" || fail "the bad cell of scores.csv line 11 is not marked"
curl -s "$url/jobs/$bid/report.pdf" -o /dev/null -w '%{http_code}' | grep -q 404 || fail "a failed job serves report.pdf"

# Values from the data are escaped; uploaded names never become paths.
mkdir "$tmp/xss"
cp "$DEMO"/* "$tmp/xss/"
sed 's/^JG01,办公室党支部/JG01,<script>alert(1)<\/script>/' "$DEMO/branches.csv" > "$tmp/xss/branches.csv"
mv "$tmp/xss/branches.csv" "$tmp/xss/b.txt"
set -- $(upload "$tmp/jar" "$tmp/xss"/*.csv "$tmp/xss/kaohe.ini" "$tmp/xss/b.txt;filename=../../evil.csv")
xid=$2
[ "$(wait_job "$xid")" = done ] || fail "xss job: $(head -c 300 "$tmp/$xid.json")"
curl -s "$url/jobs/$xid" > "$tmp/xss.html"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/xss.html" || fail "branch name not escaped"
grep -q '<script>alert' "$tmp/xss.html" && fail "branch name reached the page as HTML"
[ -f "$tmp/main/jobs/$xid/in/branches.csv" ] || fail "a branches file with an odd name was not stored as branches.csv"
find "$tmp" -name 'evil*' | grep -q . && fail "an uploaded name became a path"

lap "bad data set, escaping"
# Limits and refusals.
njobs=$(ls "$tmp/main/jobs" | wc -l)
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
tok=$(token "$tmp/jar")
head -c 5000000 /dev/zero | tr '\0' 'a' > "$tmp/big.csv"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -F "csrf=$tok" -F "files=@$tmp/big.csv" "$url/jobs")" = 413 ] || fail "oversize upload not 413"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -H 'Transfer-Encoding: chunked' -F "csrf=$tok" -F "files=@$tmp/big.csv" "$url/jobs")" = 413 ] ||
    fail "oversize chunked upload not 413"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n--XyZ\r\nContent-Disposition: form-data; name="files"; filename="scores.csv"\r\n\r\n1,2,3' "$tok" > "$tmp/trunc"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary "@$tmp/trunc" "$url/jobs")" = 400 ] ||
    fail "truncated multipart not 400"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -H 'Content-Type: multipart/form-data' --data-binary "@$tmp/trunc" "$url/jobs")" = 400 ] ||
    fail "multipart without boundary not 400"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -H 'Content-Type: text/plain' --data-binary "@$tmp/trunc" "$url/jobs")" = 400 ] ||
    fail "a text body not 400"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -F "csrf=$tok" "$url/jobs")" = 400 ] || fail "an upload without files not 400"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -F "csrf=$tok" -F "files=@$TOP/README.md" "$url/jobs")" = 400 ] || fail "a .md file not refused"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -F "csrf=$tok" -F "files=@$DEMO/scores.csv" -F "files=@$DEMO/scores.csv;filename=评分.csv" "$url/jobs")" = 400 ] ||
    fail "two score files not refused"
printf '[files]\nscores = /etc/passwd\n' > "$tmp/kaohe.ini"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -F "csrf=$tok" -F "files=@$DEMO/scores.csv" -F "files=@$tmp/kaohe.ini" "$url/jobs")" = 400 ] ||
    fail "a kaohe.ini naming a path not refused"
[ "$(code -b "$tmp/jar" -F "csrf=$tok" -F "files=@$DEMO/scores.csv" "$url/jobs")" = 403 ] || fail "POST without Origin not 403"
[ "$(code -b "$tmp/jar" -H "Origin: http://evil.example" -F "csrf=$tok" -F "files=@$DEMO/scores.csv" "$url/jobs")" = 403 ] ||
    fail "cross-origin POST not 403"
[ "$(code -b "$tmp/jar" -H "Origin: $url" -F "csrf=0123456789abcdef0123456789abcdef" -F "files=@$DEMO/scores.csv" "$url/jobs")" = 403 ] ||
    fail "POST with a wrong token not 403"
[ "$(code -H "Origin: $url" -F "csrf=$tok" -F "files=@$DEMO/scores.csv" "$url/jobs")" = 403 ] || fail "POST without the cookie not 403"
[ "$(code "$url/jobs/0123456789abcdef0123456789abcdef")" = 404 ] || fail "unknown job not 404"
[ "$(code "$url/jobs/0123456789abcdef0123456789abcdef.json")" = 404 ] || fail "unknown job JSON not 404"
[ "$(code "$url/jobs/xyz")" = 404 ] || fail "malformed job id not 404"
[ "$(code "$url/jobs/")" = 404 ] || fail "/jobs/ is listed"
[ "$(code "$url/jobs")" = 404 ] || fail "GET /jobs is not 404"
[ "$(code -X PUT "$url/")" = 405 ] || fail "PUT not 405"
[ "$(code -X DELETE "$url/jobs/$id")" = 405 ] || fail "DELETE not 405"
[ "$(code -I "$url/")" = 200 ] || fail "HEAD / not 200"
[ "$(code -H "X-Big: $(head -c 100000 /dev/zero | tr '\0' a)" "$url/")" = 431 ] || fail "a 100 kB header not refused with 431"
[ "$(ls "$tmp/main/jobs" | wc -l)" = "$njobs" ] || fail "refused uploads left job directories: $(ls "$tmp/main/jobs")"

lap "limits"
# 20 uploads at once: all complete with the right ranking.
i=0
upids=""
while [ $i -lt 20 ]; do
	upload "$tmp/jar$i" "$DEMO"/*.csv "$DEMO/kaohe.ini" > "$tmp/up$i" &
	upids="$upids $!"
	i=$((i + 1))
done
wait $upids
i=0
ok20=0
while [ $i -lt 20 ]; do
	set -- $(cat "$tmp/up$i")
	if [ "${1:-}" = 303 ] && [ "$(wait_job "$2")" = done ] && same_ranking "$tmp/$2.json"; then
		ok20=$((ok20 + 1))
	fi
	i=$((i + 1))
done
[ $ok20 = 20 ] || fail "only $ok20 of 20 concurrent uploads completed correctly"

lap "20 uploads"
# 1,000 malformed requests leave it serving (and, under make asan, clean).
python3 "$TOP/tests/serve/hammer.py" "$port" 1000 1 || fail "malformed requests"
set -- $(upload "$tmp/jar" "$DEMO"/*.csv "$DEMO/kaohe.ini")
[ "$(wait_job "$2")" = done ] && same_ranking "$tmp/$2.json" || fail "no good job after the malformed requests"

lap "malformed requests"
# A restart keeps finished jobs; --keep removes old ones.
stop
lap "stop"
touch -d '10 days ago' "$tmp/main/jobs/$bid"
start main --keep 7
lap "start"
[ "$(code "$url/jobs/$id.json")" = 200 ] || fail "a finished job is lost on restart"
sleep 0.2
[ "$(code "$url/jobs/$bid.json")" = 404 ] || fail "a job older than --keep is still there"
[ -d "$tmp/main/jobs/$bid" ] && fail "a job older than --keep still has its directory"
stop
grep -q 'AddressSanitizer\|runtime error' "$tmp"/main-*.log && fail "sanitizer report: $(grep -h -m 3 'AddressSanitizer\|runtime error' "$tmp"/main-*.log)"
grep -q '^kaohe serve: POST /jobs 303 [0-9]* [0-9]*ms$' "$tmp/main-1.log" || fail "no request log line"
grep -q 'csrf\|办公室' "$tmp"/main-*.log && fail "the log holds data"

lap "restart"
# A job killed by its CPU limit is failed; the server still answers; a
# full queue is 503.
cc -O2 -o "$tmp/gen" "$TOP/bench/gen.c" && "$tmp/gen" 1000 "$tmp/big" "$TOP/templates/rubric.csv" ||
    fail "cannot generate a large data set"
start cpu --cpu-limit 1 --jobs 1 --queue 1
set -- $(upload "$tmp/jar" "$tmp/big"/*.csv "$tmp/big/kaohe.ini")
kid=$2
set -- $(upload "$tmp/jar" "$DEMO"/*.csv "$DEMO/kaohe.ini")
[ "$1" = 303 ] || fail "a second job is not queued: $1"
qid=${2:-}
set -- $(upload "$tmp/jar" "$DEMO"/*.csv "$DEMO/kaohe.ini")
[ "$1" = 503 ] || fail "a full queue answered $1, not 503"
[ "$(wait_job "$kid")" = failed ] || fail "a job over its CPU limit did not fail"
grep -q '超出 CPU 时间限制（1 秒）' "$tmp/$kid.json" || fail "no CPU-limit message: $(head -c 300 "$tmp/$kid.json")"
curl -s "$url/jobs/$kid" | grep -q '<h1>生成失败</h1>' || fail "killed job page"
[ "$(wait_job "$qid")" = done ] || fail "the job after a killed one did not run"
[ "$(code "$url/")" = 200 ] || fail "server not answering after a killed job"
stop

lap "CPU limit and queue"
# Memory: the server's RSS after 200 jobs within 10 MB of after 10.
case $BUILD in
*asan*) echo "t_serve: memory figure skipped under AddressSanitizer";;
*)
	SMALL=$TOP/tests/good/vetoes
	start mem --jobs 2 --queue 300
	rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$spid/status"; }
	n=0
	last=""
	for k in 10 200; do
		while [ $n -lt $k ]; do
			# one in four builds PDFs, the others fail on bad data;
			# each job's page is read once it is finished
			if [ $((n % 4)) = 0 ]; then
				set -- $(upload "$tmp/jar" "$SMALL/branches.csv" "$SMALL/scores.csv" \
				    "$SMALL/vetoes.csv" "$SMALL/rubric.csv" "$SMALL/kaohe.ini")
			else
				set -- $(upload "$tmp/jar" "$BAD"/*.csv "$BAD/kaohe.ini")
			fi
			[ -n "$last" ] && curl -s "$url/jobs/$last" > /dev/null
			last=${2:-}
			n=$((n + 1))
		done
		case $(wait_job "$last") in done|failed) ;; *) fail "memory job $n";; esac
		curl -s "$url/jobs/$last" > /dev/null
		eval "rss$k=\$(rss)"
	done
	echo "t_serve: server RSS after 10 jobs ${rss10} kB, after 200 jobs ${rss200} kB"
	[ $((rss200 - rss10)) -lt 10240 ] || fail "memory grew by $((rss200 - rss10)) kB from 10 to 200 jobs"
	stop;;
esac

lap "memory"
if [ "$fails" -ne 0 ]; then
	echo "t_serve: $fails failed"
	exit 1
fi
echo "t_serve: ok"
