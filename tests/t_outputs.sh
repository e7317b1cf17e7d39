#!/bin/sh
# t_outputs.sh: where outputs go and one generation (SPEC section 6): no
# writing through a symlinked sheets/, a device, FIFO or directory; modes;
# short temporary names; --combined onto a sheet; a renamed branch's old
# sheet gone; a late failure (a full disk) leaving the previous set
# untouched; two runs on one OUTDIR; leftovers of killed runs removed.
KAOHE=${KAOHE:-build/kaohe}
TOP=${TOP:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/t_outputs.XXXXXX")
trap 'umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
DEMO=$TOP/samples/demo
SOURCE_DATE_EPOCH=1767225600
export SOURCE_DATE_EPOCH

# Files of an OUTDIR with their sizes, for "untouched" comparisons.
snap() {
	(cd "$1" && find . -print | LC_ALL=C sort | while read -r f; do
		printf '%s %s\n' "$f" "$(cksum < "$f" 2>/dev/null)"
	done)
}
# Temporary files or staging directories left in a tree.
leftovers() {
	find "$1" -name '*kaohe-*' ! -name .kaohe.set
}

# --- a symlinked OUTDIR/sheets is never written through -------------------
mkdir -p "$T/elsewhere" "$T/o1"
ln -s "$T/elsewhere" "$T/o1/sheets"
"$KAOHE" build "$DEMO" -o "$T/o1" -q 2>"$T/err"
rc=$?
[ "$rc" = 3 ] || fail "symlinked sheets/: exit $rc, want 3"
[ -z "$(ls -A "$T/elsewhere")" ] || fail "symlinked sheets/ written through"
grep -q 'sheets: error: 不能写在这里：是符号链接' "$T/err" ||
	fail "symlinked sheets/ message: $(cat "$T/err")"
[ -f "$T/o1/report.pdf" ] && fail "symlinked sheets/: report.pdf written"
[ -n "$(leftovers "$T/o1")" ] && fail "symlinked sheets/: $(leftovers "$T/o1")"

# --- -o onto a device, FIFO, directory, /proc/self/fd/1: exit 3 ------------
# A device of our own (never the system's /dev/null: a kaohe that writes
# through would replace it for everyone).
mkfifo "$T/fifo"
mkdir "$T/adir"
devs=
mknod -m 666 "$T/null" c 1 3 2>/dev/null && devs=$T/null
for target in $devs "$T/fifo" "$T/adir" /proc/self/fd/1; do
	timeout 60 "$KAOHE" report "$DEMO" -o "$target" -q >/dev/null 2>"$T/err"
	rc=$?
	[ "$rc" = 3 ] || fail "report -o $target: exit $rc, want 3"
	grep -q 'error: 不能写在这里' "$T/err" ||
		fail "report -o $target: $(cat "$T/err")"
done
[ -z "$devs" ] || [ -c "$T/null" ] || fail "the device was replaced"
[ -p "$T/fifo" ] || fail "the FIFO was replaced"
[ -z "$(ls -A "$T/adir")" ] || fail "written into a directory given as -o"
# results.csv a FIFO in OUTDIR: refused before anything is written
mkdir "$T/o2"
mkfifo "$T/o2/results.csv"
timeout 60 "$KAOHE" build "$DEMO" -o "$T/o2" -q 2>"$T/err"
rc=$?
[ "$rc" = 3 ] || fail "results.csv a FIFO: exit $rc, want 3"
[ "$(ls -A "$T/o2")" = results.csv ] || fail "results.csv a FIFO: $(ls -A "$T/o2")"

# --- a 249-byte -o name works (short temporary names) ---------------------
long=$(printf 'x%.0s' $(seq 1 245)).pdf
"$KAOHE" notice "$DEMO" -o "$T/$long" -q 2>"$T/err" ||
	fail "-o a 249-byte name: $(cat "$T/err")"
[ -f "$T/$long" ] || fail "-o a 249-byte name: no file"

# --- modes: 0666 minus the umask; a replaced file keeps its mode -----------
(umask 077 && "$KAOHE" build "$DEMO" -o "$T/o3" -q 2>/dev/null) ||
	fail "build under umask 077"
m=$(stat -c %a "$T/o3/report.pdf" "$T/o3/results.csv" "$T/o3/sheets/JG01-办公室党支部.pdf" | sort -u)
[ "$m" = 600 ] || fail "umask 077: modes $m, want 600"
chmod 640 "$T/o3/report.pdf" "$T/o3/sheets/JG01-办公室党支部.pdf"
chmod 750 "$T/o3/sheets"
(umask 022 && "$KAOHE" build "$DEMO" -o "$T/o3" -q 2>/dev/null) ||
	fail "second build"
m=$(stat -c %a "$T/o3/report.pdf" "$T/o3/sheets/JG01-办公室党支部.pdf" "$T/o3/sheets")
[ "$(echo $m)" = "640 640 750" ] || fail "replaced files' modes: $(echo $m)"
[ "$(stat -c %a "$T/o3/notice.pdf")" = 600 ] ||
	fail "replaced notice.pdf: $(stat -c %a "$T/o3/notice.pdf")"

# --- --combined onto a sheet's own path: a usage error ---------------------
"$KAOHE" sheets "$DEMO" -o "$T/o4" --combined "$T/o4/../o4/JG02-财务部党支部.pdf" \
    -q 2>"$T/err"
rc=$?
[ "$rc" = 2 ] || fail "--combined onto a sheet: exit $rc, want 2"
grep -q '正是支部 JG02 的 PDF 的位置' "$T/err" ||
	fail "--combined onto a sheet: $(cat "$T/err")"
[ -e "$T/o4" ] && fail "--combined onto a sheet: $T/o4 made"

# --- one generation: a renamed branch's sheet is gone ----------------------
cp -r "$DEMO" "$T/renamed"
sed -i 's/^JG01,办公室党支部,/JG01,综合办公室党支部,/' "$T/renamed/branches.csv"
for cmd in build sheets; do
	o=$T/gen-$cmd
	"$KAOHE" $cmd "$DEMO" -o "$o" -q 2>/dev/null || fail "$cmd demo"
	"$KAOHE" $cmd "$T/renamed" -o "$o" -q 2>/dev/null || fail "$cmd renamed"
	d=$o
	[ $cmd = build ] && d=$o/sheets
	[ -e "$d/JG01-办公室党支部.pdf" ] && fail "$cmd: the old name's sheet stayed"
	[ -f "$d/JG01-综合办公室党支部.pdf" ] || fail "$cmd: no renamed sheet"
	n=$(ls "$d" | wc -l)
	[ "$n" = 12 ] || fail "$cmd: $n sheets, want 12"
done
# a file of the user's own beside the sheets is kept
echo mine > "$T/gen-sheets/notes.txt"
"$KAOHE" sheets "$DEMO" -o "$T/gen-sheets" -q 2>/dev/null
[ -f "$T/gen-sheets/notes.txt" ] || fail "sheets removed a file it did not make"

# --- leftovers of killed runs are removed by the next run ------------------
o=$T/gen-build
: > "$o/.kaohe-Ab12Cd"
: > "$o/report.pdf.kaohe-Xy34Zw"
mkdir -p "$o/.kaohe-new-QQ11qq/sheets"
: > "$o/.kaohe-new-QQ11qq/report.pdf"
"$KAOHE" build "$DEMO" -o "$o" -q 2>/dev/null || fail "build over leftovers"
[ -n "$(leftovers "$o")" ] && fail "leftovers stayed: $(leftovers "$o")"
# a run killed while committing is completed by the next one
s=$o/.kaohe-new-Commit
mkdir -p "$s/sheets"
echo newer > "$s/results.csv"
echo "JG09-new.pdf" > "$s/sheets/JG09-new.pdf"
printf '+results.csv\n+sheets\n' > "$s/.kaohe-commit"
"$KAOHE" rank "$DEMO" > /dev/null 2>&1
"$KAOHE" sheets "$DEMO" -o "$T/unrelated" -q 2>/dev/null
[ -d "$s" ] || fail "a run on another OUTDIR touched this one"
"$KAOHE" build "$T/renamed" -o "$o" -q 2>/dev/null || fail "build after a killed commit"
[ -n "$(leftovers "$o")" ] && fail "a killed commit stayed: $(leftovers "$o")"
grep -q 综合办公室党支部 "$o/results.csv" || fail "results.csv not of the last run"

# --- a full disk late in the run: the previous set untouched ---------------
mkdir "$T/small"
# room for one set and a half: the second run fills the disk while staging
kb=$(du -sk "$T/gen-build" | cut -f1)
if mount -t tmpfs -o size=$((kb * 3 / 2))k tmpfs "$T/small" 2>/dev/null; then
	"$KAOHE" build "$DEMO" -o "$T/small/o" -q 2>/dev/null ||
		fail "build onto a small tmpfs"
	snap "$T/small/o" > "$T/before"
	"$KAOHE" build "$T/renamed" -o "$T/small/o" -q 2>"$T/err"
	rc=$?
	[ "$rc" = 3 ] || fail "disk full: exit $rc, want 3"
	grep -q '磁盘已满' "$T/err" || fail "disk full message: $(cat "$T/err")"
	snap "$T/small/o" > "$T/after"
	cmp -s "$T/before" "$T/after" || fail "disk full: the previous set changed"
	[ -n "$(leftovers "$T/small")" ] && fail "disk full: $(leftovers "$T/small")"
	umount "$T/small"
else
	# no mount here: /dev/full as the only output
	"$KAOHE" report "$DEMO" -o /dev/full -q 2>/dev/null
	[ $? = 3 ] || fail "report -o /dev/full"
fi

# --- two runs on one OUTDIR: the second waits; never a mix -----------------
o=$T/two
"$KAOHE" build "$DEMO" -o "$o" -q 2>/dev/null &
p1=$!
"$KAOHE" build "$T/renamed" -o "$o" -q 2>/dev/null &
p2=$!
wait $p1 || fail "concurrent build 1"
wait $p2 || fail "concurrent build 2"
if grep -q 综合办公室党支部 "$o/results.csv"; then
	[ -f "$o/sheets/JG01-综合办公室党支部.pdf" ] &&
	    [ ! -e "$o/sheets/JG01-办公室党支部.pdf" ] || fail "concurrent: a mix"
else
	[ -f "$o/sheets/JG01-办公室党支部.pdf" ] &&
	    [ ! -e "$o/sheets/JG01-综合办公室党支部.pdf" ] || fail "concurrent: a mix"
fi
[ "$(ls "$o/sheets" | wc -l)" = 12 ] || fail "concurrent: $(ls "$o/sheets" | wc -l) sheets"
[ -n "$(leftovers "$o")" ] && fail "concurrent: $(leftovers "$o")"

if [ "$fails" -gt 0 ]; then
	echo "t_outputs: $fails failed"
	exit 1
fi
echo "t_outputs: ok"
