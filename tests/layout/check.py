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
  check.py continued LAYOUT.txt
      every page holding branch rows (B000123) has a table header, and a
      page whose rows continue a table from the page before has the
      caption with （续） above them
  check.py strings QDF.pdf
      no string of a content stream is over 32,767 bytes (readers' limit)
  check.py decimal BBOX.html LEFT_MM
      on the pages from "附录" on, the 分值 numbers (4, 3.5) align on the
      point: the integers end together, the halves end together, an
      integer ends inside a half, not with it
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


HEAD = re.compile(r"支部编号|所在党支部|否决事项")
SECTION = re.compile(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|附录)")


def continued(path):
    bad = []
    text = open(path, encoding="utf-8").read()
    for n, page in enumerate(text.split("\f"), 1):
        lines = page.split("\n")
        rows = [i for i, l in enumerate(lines) if re.search(r"B\d{6}", l)]
        if not rows:
            continue
        before = lines[:rows[0]]
        if not any(HEAD.search(l) for l in before):
            bad.append("%s: page %d: table rows without a header" % (path, n))
            continue
        if not any("（续）" in l or SECTION.search(l) or "上级党组织" in l
                   for l in before):
            bad.append("%s: page %d: a continued table without （续）" % (path, n))
    return bad


def decimal(path, left):
    bad = []
    ints, halves = [], []
    started = False
    col = None
    for n, (w, h, words) in enumerate(pages(path), 1):
        if any(t.startswith("附录") for (_, _, _, _, t) in words):
            started = True
        if not started:
            continue
        for (a, _, b, _, t) in words:
            if t == "分值" and col is None:
                col = (a - 10, b + 10)
        for (a, _, b, _, t) in words:
            if col is None or a < col[0] or b > col[1] or a < left * MM:
                continue
            if re.fullmatch(r"\d", t):
                ints.append((n, a, b, t))
            elif re.fullmatch(r"\d\.5", t):
                halves.append((n, a, b, t))
    if not ints or not halves:
        return ["%s: no 分值 column found (%d integers, %d halves)"
                % (path, len(ints), len(halves))]
    ie = {round(b, 1) for (_, _, b, _) in ints}
    he = {round(b, 1) for (_, _, b, _) in halves}
    if max(ie) - min(ie) > 0.3:
        bad.append("integers end at %s" % sorted(ie))
    if max(he) - min(he) > 0.3:
        bad.append("halves end at %s" % sorted(he))
    hs = min(a for (_, a, _, _) in halves)
    if not (hs < min(ie) and max(ie) < min(he) - 0.5):
        bad.append("not aligned on the point: integers end at %s, halves "
                   "at %.1f-%s" % (sorted(ie), hs, sorted(he)))
    return bad


def strings(path):
    data = open(path, "rb").read()
    most = 0
    for m in re.finditer(rb"\(((?:\\.|[^\\)])*)\)Tj", data, re.S):
        most = max(most, len(m.group(1)))
    for m in re.finditer(rb"<([0-9a-fA-F\s]*)>\s*Tj", data):
        most = max(most, len(re.sub(rb"\s", b"", m.group(1))) // 2)
    if most > 32767:
        return ["%s: a string of %d bytes" % (path, most)]
    if most == 0:
        return ["%s: no text strings found" % path]
    return []


def main():
    cmd = sys.argv[1]
    if cmd == "margins":
        a = [float(x) for x in sys.argv[3:]]
        bad = margins(sys.argv[2], *a)
    elif cmd == "punct":
        bad = punct(sys.argv[2:])
    elif cmd == "continued":
        bad = continued(sys.argv[2])
    elif cmd == "decimal":
        bad = decimal(sys.argv[2], float(sys.argv[3]))
    elif cmd == "strings":
        bad = strings(sys.argv[2])
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
