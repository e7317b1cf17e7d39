#!/bin/sh
# t_kill.sh: a 300-branch build killed at random moments (SIGKILL and
# SIGTERM, 20 times; KILL_RUNS overrides) must leave OUTDIR with one whole
# generation: every file a complete PDF, report, notice, results.csv and
# sheets/ all of one run; after SIGTERM no new temporary file; after SIGKILL
# none once the next run has got to OUTDIR.  The two data sets differ in
# one branch's name and in the report title, so that a mix shows.
# KILL_SEED fixes the random moments (printed on failure).
KAOHE=${KAOHE:-build/kaohe}
TOP=${TOP:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/t_kill.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
runs=${KILL_RUNS:-20}
seed=${KILL_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH

${CC:-cc} -O2 -o "$T/gen" "$TOP/bench/gen.c" || { echo "t_kill: cannot build gen"; exit 1; }
"$T/gen" 300 "$T/A" "$TOP/templates/rubric.csv" --sheets || exit 1
cp -r "$T/A" "$T/B"
sed -i 's/^\[report\]$/[report]\ntitle = 第一代/' "$T/A/kaohe.ini"
sed -i 's/^\[report\]$/[report]\ntitle = 第二代/' "$T/B/kaohe.ini"
iconv -f GB18030 -t UTF-8 "$T/A/branches.csv" |
    sed 's/^B000001,[^,]*,/B000001,第二代的支部,/' |
    iconv -f UTF-8 -t GB18030 > "$T/B/branches.csv"

O=$T/out
# The generation in OUTDIR, or a message of what is wrong.
check() {
	python3 - "$1" <<'EOF'
import os, subprocess, sys
o = sys.argv[1]
def bad(msg):
    print(msg); sys.exit(1)
names = sorted(n for n in os.listdir(o) if n != ".kaohe.set" and not n.startswith(".kaohe-new-"))
if not names:
    print("empty"); sys.exit(0)
if names != ["handbooks", "notice.pdf", "report.pdf", "results.csv",
             "results.xlsx", "sheets"]:
    bad("names: %s" % names)
res = open(os.path.join(o, "results.csv"), encoding="utf-8-sig").read()
gen = "B" if "第二代的支部" in res else "A"
if res.count("\n") != 301:
    bad("results.csv has %d lines" % res.count("\n"))
sheets = os.listdir(os.path.join(o, "sheets"))
if len(sheets) != 300:
    bad("%d sheets" % len(sheets))
first = [s for s in sheets if s.startswith("B000001-")]
want = "B000001-第二代的支部.pdf" if gen == "B" else None
if len(first) != 1 or (want and first[0] != want) or (not want and "第二代" in first[0]):
    bad("sheet of B000001 %s in generation %s" % (first, gen))
books = os.listdir(os.path.join(o, "handbooks"))
if sorted(books) != sorted(sheets):
    bad("handbooks and sheets differ: %d, %d" % (len(books), len(sheets)))
pdfs = [os.path.join(o, "sheets", s) for s in sheets] + \
    [os.path.join(o, "handbooks", s) for s in books] + \
    [os.path.join(o, "report.pdf"), os.path.join(o, "notice.pdf")]
for p in pdfs:
    with open(p, "rb") as f:
        head = f.read(5)
        f.seek(max(0, os.path.getsize(p) - 8))
        tail = f.read()
    if head != b"%PDF-" or b"%%EOF" not in tail:
        bad("incomplete PDF %s" % p)
title = subprocess.run(["pdfinfo", os.path.join(o, "report.pdf")],
                       capture_output=True, text=True).stdout
if ("第二代" in title) != (gen == "B"):
    bad("report.pdf of the other generation")
import zipfile
with zipfile.ZipFile(os.path.join(o, "results.xlsx")) as z:
    if z.testzip() is not None:
        bad("results.xlsx damaged")
    strings = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                      if n.endswith(".xml"))
if ("第二代的支部" in strings) != (gen == "B"):
    bad("results.xlsx of the other generation")
print("generation", gen)
EOF
}
leftovers() {
	find "$1" -name '*kaohe-*' ! -name .kaohe.set
}

# One whole run first: its time bounds the random moments.
start=$(date +%s%N)
"$KAOHE" build "$T/A" -o "$O" -q 2>/dev/null || fail "first build"
full=$(( ($(date +%s%N) - start) / 1000000 ))
check "$O" >/dev/null || fail "first build: $(check "$O")"

i=0
pending=0
while [ $i -lt $runs ]; do
	if [ $((i % 2)) = 0 ]; then sig=KILL; else sig=TERM; fi
	if [ $((i / 2 % 2)) = 0 ]; then data=$T/B; else data=$T/A; fi
	ms=$(awk -v s="$seed" -v i="$i" -v f="$full" \
	    'BEGIN { srand(s * 100 + i); printf "%d", 30 + rand() * f }')
	leftovers "$O" > "$T/before"
	"$KAOHE" build "$data" -o "$O" -q 2>/dev/null &
	pid=$!
	sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
	kill -$sig $pid 2>/dev/null
	wait $pid
	rc=$?
	# a SIGKILLed run's leftovers stay until a run gets to OUTDIR
	leftovers "$O" | grep -v -x -F -f "$T/before" > "$T/new"
	if [ $sig = TERM ] && [ -s "$T/new" ]; then
		fail "run $i: SIGTERM at ${ms} ms left $(head -3 "$T/new")"
	fi
	if ls "$O"/.kaohe-new-*/.kaohe-commit >/dev/null 2>&1; then
		pending=$((pending + 1))   # killed while committing
	else
		r=$(check "$O") || fail "run $i: SIG$sig at ${ms} ms (exit $rc): $r"
	fi
	i=$((i + 1))
done
"$KAOHE" build "$T/A" -o "$O" -q 2>/dev/null || fail "the build after the kills"
[ -n "$(leftovers "$O")" ] && fail "after the next run: $(leftovers "$O" | head -3)"
r=$(check "$O") || fail "after the next run: $r"
[ "$r" = "generation A" ] || fail "after the next run: $r"

if [ "$fails" -gt 0 ]; then
	echo "t_kill: $fails failed (KILL_SEED=$seed; a whole build took $full ms)"
	exit 1
fi
echo "t_kill: ok ($runs kills, a whole build $full ms, $pending in the commit)"
