#!/usr/bin/env python3
"""gbt.py: the 版头 and 版记 of a notice (GB/T 9704 7.2, 7.4), from
`pdftotext -bbox` and pixels rendered by pdftoppm at 300 dpi.  Prints one
line per fault; exits 1 when there is one.

  gbt.py head PDF yes|no DOCNUMBER ORGANIZATION
      yes: "ORGANIZATION文件" centred, its top edge 35 mm below the type
      area's top (within 1.5 mm), in red; DOCNUMBER centred two blank
      lines (3号 grid) below it; a red rule as wide as the type area 4 mm
      below DOCNUMBER (within 1 mm).  no: no mark, no red pixel, the
      DOCNUMBER where yes puts it (given as "y MM" in a file next to the
      PDF, PDF.docnum, written by the yes run)
  gbt.py record PDF PRINTED_BY DATE [CC]
      on the last page, "抄送：CC" (when given) and PRINTED_BY and
      "DATE印发" on one line: 抄送 and 印发机关 one 4号 character in from
      the left edge of the type area, the date one in from the right;
      black rules as wide as the type area, 0.35 mm first and last,
      0.25 mm between (3 with 抄送, 2 without), the last on the type
      area's bottom edge, the text between them
"""
import html
import os
import re
import subprocess
import sys
import tempfile

MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, 184 * MM, 37 * MM, 262 * MM
PITCH = 225 * MM / 22
DPI = 300
bad = []


def words(pdf, page):
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l",
                          str(page), pdf, "-"], capture_output=True,
                         text=True).stdout
    return [(float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                r'yMax="([\d.]+)">(.*?)</word>', out)]


def npages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True,
                         text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def pixels(pdf, page, y0, y1):
    """Rows y0..y1 (mm) of the page at DPI: (width, height, bytes RGB)."""
    px = lambda mm: int(round(mm / 25.4 * DPI))
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l",
                        str(page), "-y", str(px(y0)), "-H",
                        str(px(y1) - px(y0)), "-W", str(px(210)),
                        pdf, os.path.join(d, "p")], check=True)
        f = [n for n in os.listdir(d) if n.endswith(".ppm")][0]
        data = open(os.path.join(d, f), "rb").read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    return int(m.group(1)), int(m.group(2)), data[m.end():]


def rules(pdf, page, y0, y1, want):
    """Horizontal rules in rows y0..y1 (mm): [(top mm, thickness mm,
    left mm, right mm)] of pixels for which want(r, g, b) holds, a rule
    being rows where they span over 100 mm."""
    w, h, px = pixels(pdf, page, y0, y1)
    rows = []
    for y in range(h):
        line = px[y * w * 3:(y + 1) * w * 3]
        xs = [x for x in range(0, w, 2)
              if want(line[3 * x], line[3 * x + 1], line[3 * x + 2])]
        if len(xs) * 2 > 100 / 25.4 * DPI:
            rows.append((y, xs[0], xs[-1]))
    out = []
    for y, a, b in rows:
        if out and y == out[-1][1] + 1:
            out[-1][1] = y
        else:
            out.append([y, y, a, b])
    mm = lambda p: p * 25.4 / DPI
    return [(y0 + mm(a), mm(b - a + 1), mm(l), mm(r + 2)) for a, b, l, r in out]


def red(r, g, b):
    return r > 150 and g < 90 and b < 90


def black(r, g, b):
    return r < 110 and g < 110 and b < 110


def head(pdf, mode, docnum, org):
    ws = words(pdf, 1)
    mark = [w for w in ws if w[4] == org + "文件"]
    num = [w for w in ws if w[4] == docnum]
    store = pdf + ".docnum"
    if not num:
        bad.append("no 发文字号 %r on page 1" % docnum)
        return
    n = num[0]
    if abs((n[0] + n[2]) / 2 - (LEFT + RIGHT) / 2) > MM:
        bad.append("发文字号 not centred")
    reds = rules(pdf, 1, 37, 140, red)
    if mode == "no":
        if mark:
            bad.append("a 发文机关标志 with letterhead = no")
        if reds:
            bad.append("red rules with letterhead = no: %r" % reds)
        w, h, px = pixels(pdf, 1, 37, 140)
        if any(red(px[i], px[i + 1], px[i + 2])
               for i in range(0, len(px), 3 * 7)):
            bad.append("red pixels with letterhead = no")
        want = float(open(store).read().split()[1])
        if abs(n[1] / MM - want) > 0.2:
            bad.append("发文字号 at %.2f mm, at %.2f mm with the letterhead" %
                       (n[1] / MM, want))
        return
    open(store, "w").write("y %.3f\n" % (n[1] / MM))
    if len(mark) != 1:
        bad.append("no single 发文机关标志 %r" % (org + "文件"))
        return
    m = mark[0]
    if abs((m[0] + m[2]) / 2 - (LEFT + RIGHT) / 2) > MM:
        bad.append("发文机关标志 not centred")
    if m[0] < LEFT - 0.5 or m[2] > RIGHT + 0.5:
        bad.append("发文机关标志 wider than the type area")
    if abs(m[1] - (TOP + 35 * MM)) > 1.5 * MM:
        bad.append("发文机关标志 top at %.2f mm, not %.2f" %
                   (m[1] / MM, (TOP + 35 * MM) / MM))
    gap = n[1] - m[3]
    if abs(gap - 2 * PITCH) > 3 * MM:
        bad.append("发文字号 %.2f mm below the mark, not two lines "
                   "(%.2f mm)" % (gap / MM, 2 * PITCH / MM))
    mr = rules(pdf, 1, m[1] / MM - 2, m[3] / MM + 2, red)
    w, h, px = pixels(pdf, 1, m[1] / MM, m[3] / MM)
    if sum(1 for i in range(0, len(px), 3 * 5)
           if red(px[i], px[i + 1], px[i + 2])) < 100:
        bad.append("the 发文机关标志 is not red")
    if len(reds) != 1:
        bad.append("not one red rule but %r" % reds)
        return
    top, thick, l, r = reds[0]
    if abs(l - 28) > 0.5 or abs(r - 184) > 0.5:
        bad.append("red rule from %.1f to %.1f mm, not the type area" % (l, r))
    if abs(top - n[3] / MM - 4) > 1:
        bad.append("red rule %.2f mm below the 发文字号, not 4" %
                   (top - n[3] / MM))
    _ = mr


def record(pdf, by, date, cc=None):
    last = npages(pdf)
    ws = words(pdf, last)
    issued = date + "印发"
    lines = []
    if cc:
        c = [w for w in ws if w[4] == "抄送：" + cc]
        if not c:
            bad.append("no 抄送 line %r" % ("抄送：" + cc))
        else:
            lines.append(c[0])
    b = [w for w in ws if w[4] == by]
    d = [w for w in ws if w[4] == issued]
    if not b or not d:
        bad.append("no 印发机关 %r or 印发日期 %r on the last page" %
                   (by, issued))
        return
    b, d = b[0], d[0]
    if abs(b[1] - d[1]) > 0.5:
        bad.append("印发机关 and 印发日期 not on one line")
    lines.append(b)
    for w in lines:
        if abs(w[0] - LEFT - 14) > MM:
            bad.append("%r starts %.2f mm in, not one 4号 character" %
                       (w[4], (w[0] - LEFT) / MM))
    if abs(RIGHT - 14 - d[2]) > MM:
        bad.append("印发日期 ends %.2f mm from the right edge, not one "
                   "4号 character" % ((RIGHT - d[2]) / MM))
    rs = rules(pdf, last, min(w[1] for w in lines) / MM - 15, 265, black)
    want = 3 if cc else 2
    if len(rs) != want:
        bad.append("%d rules, not %d: %r" % (len(rs), want, rs))
        return
    for k, (top, thick, l, r) in enumerate(rs):
        if abs(l - 28) > 0.5 or abs(r - 184) > 0.5:
            bad.append("rule %d from %.1f to %.1f mm" % (k + 1, l, r))
        thin = 0 < k < len(rs) - 1
        if thin and not 0.17 <= thick <= 0.3:
            bad.append("middle rule %.2f mm thick, not 0.25" % thick)
        if not thin and not 0.27 <= thick <= 0.45:
            bad.append("rule %d %.2f mm thick, not 0.35" % (k + 1, thick))
    if cc and not rs[1][1] < min(rs[0][1], rs[2][1]):
        bad.append("the middle rule is not the thinnest")
    if abs(rs[-1][0] + rs[-1][1] / 2 - 262) > 0.3:
        bad.append("last rule at %.2f mm, not on the type area's bottom "
                   "edge (262 mm)" % (rs[-1][0] + rs[-1][1] / 2))
    for k, w in enumerate(lines):
        if not rs[k][0] < w[1] / MM and w[3] / MM < rs[k + 1][0]:
            bad.append("%r not between its rules" % w[4])


if __name__ == "__main__":
    if sys.argv[1] == "head":
        head(*sys.argv[2:6])
    else:
        record(*sys.argv[2:6])
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)
