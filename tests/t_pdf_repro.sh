#!/bin/sh
# t_pdf_repro.sh: two separate runs with SOURCE_DATE_EPOCH set give
# byte-identical PDFs, and a clean (qpdf, pdftotext) file.
set -u
. "$(dirname "$0")/lib.sh"
T=$BUILD/tests/test_pdf
[ -x "$T" ] || { echo "missing $T"; exit 1; }
out=$tmp
SOURCE_DATE_EPOCH=1767225600 KAOHE_PDF_SAMPLE="$out/a.pdf" "$T" >/dev/null || { echo "run 1 failed"; exit 1; }
sleep 1
SOURCE_DATE_EPOCH=1767225600 KAOHE_PDF_SAMPLE="$out/b.pdf" "$T" >/dev/null || { echo "run 2 failed"; exit 1; }
cmp "$out/a.pdf" "$out/b.pdf" || { echo "PDFs differ between runs"; exit 1; }
qpdf --check "$out/a.pdf" >/dev/null || { echo "qpdf --check failed"; exit 1; }
err=$(pdftotext "$out/a.pdf" "$out/a.txt" 2>&1)
[ -z "$err" ] || { echo "pdftotext: $err"; exit 1; }
grep -q '测试表' "$out/a.txt" || grep -q '第二党支部' "$out/a.txt" || { echo "text missing"; exit 1; }
pdfinfo "$out/a.pdf" | grep -q 'CreationDate:.*2026' || { echo "date not from SOURCE_DATE_EPOCH"; exit 1; }
echo ok
