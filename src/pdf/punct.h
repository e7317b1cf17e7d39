/* punct.h: punctuation of Chinese text as GB/T 15834 sets it.  Pure: knows
 * nothing of PDFs; which characters a font holds comes from a callback.
 *
 * Text typed with an English input method reaches the page with ASCII
 * punctuation between Chinese characters ("材料不够完整,已现场指出",
 * "\"三会一课\"", "-0.43").  punct_normalize() gives the forms a Chinese
 * typesetter sets:
 *
 * - ASCII , ; : ? ! next to Chinese (the nearest character on either side,
 *   spaces and quotes skipped, is Han, kana, a CJK or full-width mark)
 *   become ， ； ： ？ ！; a , or : between two digits (1,000  12:30) stays.
 * - ( ) become （ ） as a pair when the pair holds Chinese or stands next
 *   to Chinese; a pair of one ASCII and one full-width paren is made whole.
 * - Straight quotes are paired within a paragraph (a line): " " become “ ”
 *   and ' ' become ‘ ’ when the pair holds Chinese or stands next to it; an
 *   apostrophe between two Latin letters (don't) stays.
 * - A hyphen-minus before a number (-0.43, （-3）) that is not a hyphen
 *   (B-12, 2020-2021) becomes the minus sign U+2212, or the full-width
 *   hyphen-minus U+FF0D when the font lacks U+2212.
 * - ASCII spaces between such a converted mark and Chinese are dropped (the
 *   full-width mark holds its own space).
 * - Latin-only runs are left alone: e-mail addresses and URLs (a run of
 *   printable ASCII holding "@", "://" or starting with "www.") are never
 *   touched, and neither is punctuation between Latin letters or digits
 *   ("2.1", "95.50", "A, B", "f(x)").
 *
 * Normalising normalised text changes nothing. */
#ifndef KAOHE_PUNCT_H
#define KAOHE_PUNCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether the font that will draw the text has cp. */
typedef bool (*punct_has_fn)(uint32_t cp, void *ctx);

/* Normalises len bytes of UTF-8 text s (invalid bytes are copied as they
 * are).  Returns NULL when nothing changes (the common case, without
 * allocating), else a malloc'd NUL-terminated string whose length is
 * stored in *outlen.  has may be NULL (every character is available). */
char *punct_normalize(const char *s, size_t len, punct_has_fn has, void *ctx,
    size_t *outlen);

/* Whether cp is Chinese for the rule above: Han (with the extensions and
 * compatibility ideographs), kana, CJK symbols and punctuation (not the
 * ideographic space), full-width forms. */
bool punct_is_cjk(uint32_t cp);

#endif
