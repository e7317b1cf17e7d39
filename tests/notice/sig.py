#!/usr/bin/env python3
"""sig.py: the 署名 and 成文日期 of a notice (GB/T 9704 7.3.5), measured
with `pdftotext -bbox`.  Prints one line per fault; exits 1 when there is
one.

  sig.py BBOX.html ISSUER DATE
      the decision's last ISSUER line and the DATE line under it: with a
      署名 no wider than the date, the date ends 4 characters from the
      right edge of the type area and the 署名 is centred over it; with a
      longer 署名, the 署名 ends 2 characters from the right edge and the
      date is centred under it (each within 1 mm); both on one page with
      at least two lines of body text above them
"""
import html
import re
import sys

MM = 72 / 25.4
RIGHT = 184 * MM
TOP = 37 * MM
BOTTOM = (297 - 35) * MM
PITCH = (156 * MM - 28 * 16) / 27 + 16   # body character pitch


def lines(path):
    """Per page, its lines [x0, y0, x1, y1, text] (words joined)."""
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'<page [^>]*>(.*?)</page>', text, re.S):
        ws = [(float(a), float(b), float(c), float(d), html.unescape(t))
              for a, b, c, d, t in re.findall(
                  r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                  r'yMax="([\d.]+)">(.*?)</word>', m.group(1))]
        out = []
        for w in sorted(ws, key=lambda w: (round(w[3]), w[0])):
            if out and abs(out[-1][3] - w[3]) < 2:
                l = out[-1]
                l[0], l[2] = min(l[0], w[0]), max(l[2], w[2])
                l[4] += w[4]
            else:
                out.append(list(w))
        yield out


def main(path, issuer, date):
    bad = []
    found = None
    for no, ls in enumerate(lines(path), 1):
        for i, l in enumerate(ls):
            if l[4] == issuer and i + 1 < len(ls) and ls[i + 1][4] == date:
                found = (no, ls, i)
        if any(l[4] == "附件" for l in ls):
            break   # the attachment: the decision is over
    if found is None:
        print("no %r line over a %r line in the decision" % (issuer, date))
        return 1
    no, ls, i = found
    s, d = ls[i], ls[i + 1]
    sw, dw = s[2] - s[0], d[2] - d[0]
    sc, dc = (s[0] + s[2]) / 2, (d[0] + d[2]) / 2
    if sw <= dw + 1:
        if abs(RIGHT - d[2] - 4 * PITCH) > MM:
            bad.append("date ends %.2f mm from the right edge, not 4 "
                       "characters (%.2f mm)" % ((RIGHT - d[2]) / MM,
                                                 4 * PITCH / MM))
    else:
        if abs(RIGHT - s[2] - 2 * PITCH) > MM:
            bad.append("署名 ends %.2f mm from the right edge, not 2 "
                       "characters (%.2f mm)" % ((RIGHT - s[2]) / MM,
                                                 2 * PITCH / MM))
    if abs(sc - dc) > MM:
        bad.append("署名 centred at %.2f mm, date at %.2f mm" %
                   (sc / MM, dc / MM))
    if d[3] > BOTTOM + 0.5:
        bad.append("date below the type area")
    body = [l for l in ls[:i] if l[1] >= TOP - 1 and
            not l[4].startswith("附件")]
    if len(body) < 2:
        bad.append("page %d: %d lines of text above the 署名, not 2" %
                   (no, len(body)))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
