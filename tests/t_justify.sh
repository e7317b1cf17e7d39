#!/bin/sh
# t_justify.sh: a justified line spreads its slack between Han characters
# and punctuation, never inside a number or a Latin word (clreq 3.8): on
# lines of the report, the notice (its 28-character grid) and a sheet that
# hold numbers such as "93.09", each digit starts where the one before ends
# (positions from mutool's structured text) while the line still ends flush
# at the right margin (tests/justify/check.py).
. "$(dirname "$0")/lib.sh"
check="$TOP/tests/justify/check.py"

# page_of PDF TEXT: the first page whose text holds TEXT (layouts move).
page_of() {
	n=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p')
	p=1
	while [ "$p" -le "${n:-0}" ]; do
		if pdftotext -f "$p" -l "$p" "$1" - 2>/dev/null |
		    tr -d '\n ' | grep -q "$2"; then
			echo "$p"
			return
		fi
		p=$((p + 1))
	done
	echo 1
}

# check_page PDF PAGE TEXT...: the lines holding TEXT on page PAGE.
check_page() {
	pdf=$1 page=$2
	shift 2
	if ! mutool draw -q -F stext -o "$tmp/p.xml" "$pdf" "$page" \
	    2>/dev/null; then
		fail "$pdf: mutool cannot read page $page"
		return
	fi
	python3 "$check" "$tmp/p.xml" "$@" > "$tmp/out" ||
		fail "$(basename "$pdf") page $page: $(head -3 "$tmp/out")"
}

"$KAOHE" report "$TOP/samples/demo" -o "$tmp/r.pdf" -q 2>/dev/null ||
	fail "kaohe report failed"
check_page "$tmp/r.pdf" "$(page_of "$tmp/r.pdf" 平均分为93.09分)" \
    "平均分为93.09分，中位数为94.40分"
check_page "$tmp/r.pdf" "$(page_of "$tmp/r.pdf" 共6个类别、26个项目)" \
    "共6个类别、26个项目"

"$KAOHE" notice "$TOP/samples/demo" -o "$tmp/n.pdf" -q 2>/dev/null ||
	fail "kaohe notice failed"
check_page "$tmp/n.pdf" "$(page_of "$tmp/n.pdf" 2025年，各党支部)" \
    "2025年，各党支部"
check_page "$tmp/n.pdf" "$(page_of "$tmp/n.pdf" 根据2025年度)" \
    "根据2025年度" "授予5名同志"

"$KAOHE" sheets "$TOP/samples/demo" -o "$tmp/s" --branch JG01 -q \
    2>/dev/null || fail "kaohe sheets failed"
check_page "$tmp/s/JG01-办公室党支部.pdf" \
    "$(page_of "$tmp/s/JG01-办公室党支部.pdf" 全年记录46条)" "全年记录46条"

finish
