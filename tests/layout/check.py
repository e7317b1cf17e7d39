#!/usr/bin/env python3
"""check.py: layout checks over `pdftotext -bbox` and `pdftotext -layout`
output, for t_layout.sh.  Each command prints one line per fault and exits 1
when there is one.

  check.py margins BBOX.html LEFT_MM RIGHT_MM [LLEFT_MM LRIGHT_MM]
      no word passes the left or right edge of the type area (points from
      millimetres; the second pair for landscape pages)
  check.py punct TEXT...
      no ASCII , ; : between (or next to) Chinese characters
  check.py lone LAYOUT.txt
      no table line that is a lone 部 or 支部 (or another piece of a word
      that is never split)
"""
import re
import sys
import html

MM = 72 / 25.4
TOL = 0.6  # points: rounding of positions in the content stream


def pages(path):
    """Yields (width, height, [(xmin, ymin, xmax, ymax, word)]) per page."""
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                         text, re.S):
        words = []
        for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                             r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                             m.group(3)):
            words.append((float(w.group(1)), float(w.group(2)),
                          float(w.group(3)), float(w.group(4)),
                          html.unescape(w.group(5))))
        yield float(m.group(1)), float(m.group(2)), words


def margins(path, left, right, lleft=None, lright=None):
    bad = []
    for n, (w, h, words) in enumerate(pages(path), 1):
        l, r = (left, right)
        if w > h and lleft is not None:
            l, r = (lleft, lright)
        x0, x1 = l * MM - TOL, w - r * MM + TOL
        for (a, _, b, _, t) in words:
            if a < x0 or b > x1:
                bad.append("%s: page %d: \"%s\" at x %.1f-%.1f outside "
                           "%.1f-%.1f" % (path, n, t, a, b, x0, x1))
    return bad


CJK = "\u3400-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff60"
ASCII_PUNCT = re.compile("[%s][,;:]|[,;:][%s]" % (CJK, CJK))


def punct(paths):
    bad = []
    for p in paths:
        for i, line in enumerate(open(p, encoding="utf-8"), 1):
            if ASCII_PUNCT.search(line):
                bad.append("%s:%d: ASCII punctuation: %s" % (p, i, line.strip()))
    return bad


LONE = {"部", "支部", "总支", "委", "小组", "组", "支"}


def lone(path):
    """A table line (several cells apart by 2+ spaces) one of whose cells
    is a lone word piece."""
    bad = []
    for i, line in enumerate(open(path, encoding="utf-8"), 1):
        cells = [c for c in re.split(r"\s{2,}", line.strip()) if c]
        for c in cells:
            if c in LONE:
                bad.append("%s:%d: lone \"%s\": %s" % (path, i, c, line.rstrip()))
    return bad


def main():
    cmd = sys.argv[1]
    if cmd == "margins":
        a = [float(x) for x in sys.argv[3:]]
        bad = margins(sys.argv[2], *a)
    elif cmd == "punct":
        bad = punct(sys.argv[2:])
    elif cmd == "lone":
        bad = lone(sys.argv[2])
    else:
        sys.exit("check.py: unknown command " + cmd)
    for b in bad[:40]:
        print(b)
    if len(bad) > 40:
        print("... %d faults in all" % len(bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
