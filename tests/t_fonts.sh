#!/bin/sh
# t_fonts.sh: the [fonts] of kaohe.ini.  A role font that lacks most of the
# characters it must set (DejaVu Sans as 楷体) is an environment error (exit
# 3) naming the role, the font and the figures, and nothing is written; a
# user's OpenType/CFF font is taken as readily as a TrueType one, by family
# or by FILE:INDEX of a collection, and embedded as CIDFontType0C.
set -u
. "$(dirname "$0")/lib.sh"
D=$TOP/samples/demo

cp -r "$D" "$tmp/dv"
printf '\n[fonts]\nkai = DejaVu Sans\n' >> "$tmp/dv/kaohe.ini"
"$KAOHE" build "$tmp/dv" -o "$tmp/dvo" 2> "$tmp/err"
rc=$?
[ "$rc" = 3 ] || fail "a role font without Chinese: exit $rc, not 3"
grep -q '^kaohe: error: 字体 kai “DejaVu Sans”：缺少要用它排印的 [0-9]* 个不同字符中的 [0-9]* 个' "$tmp/err" ||
    fail "no error naming the role: $(grep error "$tmp/err" | head -2)"
[ "$(grep -c 'error: 字体' "$tmp/err")" = 1 ] || fail "other roles blamed: $(grep 'error: 字体' "$tmp/err")"
[ -e "$tmp/dvo" ] && fail "something was written: $(ls "$tmp/dvo")"
"$KAOHE" check "$tmp/dv" -q 2>/dev/null
rc=$?
[ "$rc" = 3 ] || fail "kaohe check with that font: exit $rc, not 3"

# Chinese fonts that are not the defaults pass the check.
cp -r "$D" "$tmp/own"
cat >> "$tmp/own/kaohe.ini" <<'INI'

[fonts]
song = /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:2
kai = LXGW WenKai
fangsong = FandolSong
xiaobiaosong = FandolSong:style=Bold
INI
"$KAOHE" report "$tmp/own" -o "$tmp/own.pdf" -q 2> "$tmp/err2" ||
    fail "own fonts: exit $?: $(head -3 "$tmp/err2")"
pdffonts "$tmp/own.pdf" > "$tmp/fonts" 2>&1
grep -q '+NotoSansCJKsc-Regular  *CID Type 0C  *Identity-H  *yes yes yes' "$tmp/fonts" ||
    fail "song = FILE.ttc:2 (an OpenType/CFF collection) not embedded: $(cat "$tmp/fonts")"
grep -q 'NotoSerifCJK' "$tmp/fonts" && fail "the default song face is still used"
"$KAOHE" notice "$tmp/own" -o "$tmp/own-notice.pdf" -q 2>/dev/null || fail "own fonts notice: exit $?"
pdffonts "$tmp/own-notice.pdf" > "$tmp/fonts2" 2>&1
grep -q '+FandolSong-Regular  *CID Type 0C ' "$tmp/fonts2" ||
    fail "fangsong = FandolSong (by family, from TeX Live's folder) not used: $(cat "$tmp/fonts2")"
grep -q '+LXGWWenKai-Regular  *CID TrueType ' "$tmp/fonts2" ||
    fail "kai = LXGW WenKai (TrueType) not used: $(cat "$tmp/fonts2")"
grep -q '+FandolSong-Bold  *CID Type 0C ' "$tmp/fonts2" ||
    fail "xiaobiaosong = FandolSong:style=Bold (a fontconfig pattern) not used: $(cat "$tmp/fonts2")"
finish
