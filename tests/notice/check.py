#!/usr/bin/env python3
"""check.py: checks a `kaohe notice` PDF against GB/T 9704-2012 and the data.

    check.py BBOX.html TEXT.txt RANK.csv BRANCHES.csv WORKERS.csv [own]

BBOX.html is `pdftotext -bbox` output, TEXT.txt plain `pdftotext` output,
RANK.csv `kaohe rank --format csv`; BRANCHES.csv and WORKERS.csv the data
set's (UTF-8).  With "own" (a data set's own notice.txt) the checks of the
default wording (28-character lines, 授予N个) are skipped.  Prints every fault; exits 1 when there is one."""
import csv
import re
import sys

MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, 184 * MM, 37 * MM, 262 * MM
PITCH = 225 * MM / 22
CENTRE = (LEFT + RIGHT) / 2
faults = []


def fault(msg):
    faults.append(msg)
    print("FAIL:", msg)


def pages_of(html):
    out = []
    for page in re.findall(r"<page .*?</page>", html, re.S):
        words = []
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                             r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                             page):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            words.append((x0, y0, x1, y1, m.group(5)))
        out.append(words)
    return out


def lines_of(words):
    """Words grouped by baseline (yMax), top to bottom: (x0, y0, x1, y1, text)."""
    byy = {}
    for w in words:
        byy.setdefault(round(w[3], 1), []).append(w)
    out = []
    for y in sorted(byy):
        ws = sorted(byy[y])
        out.append((ws[0][0], min(w[1] for w in ws), ws[-1][2], y,
                    "".join(w[4] for w in ws)))
    return out


def main():
    html = open(sys.argv[1], encoding="utf-8").read()
    html = html.replace("&amp;", "&")
    text = open(sys.argv[2], encoding="utf-8").read()
    rank = list(csv.DictReader(open(sys.argv[3], encoding="utf-8")))
    branches = {r["支部编号"]: r for r in
                csv.DictReader(open(sys.argv[4], encoding="utf-8-sig"))}
    workers = list(csv.DictReader(open(sys.argv[5], encoding="utf-8-sig")))
    pages = [lines_of(w) for w in pages_of(html)]
    if len(pages) < 4:
        fault("expected at least 4 pages, got %d" % len(pages))

    # Every glyph in the type area; the page number below it.
    for no, lines in enumerate(pages, 1):
        body = [l for l in lines if l[1] < BOTTOM]
        folio = [l for l in lines if l[1] >= BOTTOM]
        for l in body:
            if (l[0] < LEFT - 0.5 or l[2] > RIGHT + 0.5 or l[1] < TOP - 0.5
                    or l[3] > BOTTOM + 0.5):
                fault("page %d: %r outside the type area (%.2f-%.2f mm, "
                      "y %.2f-%.2f mm)" % (no, l[4], l[0] / MM, l[2] / MM,
                                           l[1] / MM, l[3] / MM))
        if len(folio) != 1 or folio[0][4] != "—%d—" % no:
            fault("page %d: page number %r" % (no, [l[4] for l in folio]))
            continue
        f = folio[0]
        if not (BOTTOM + 3 * MM <= f[1] and f[3] <= BOTTOM + 12 * MM):
            fault("page %d: page number at y %.2f-%.2f mm" %
                  (no, f[1] / MM, f[3] / MM))
        if no % 2 and abs(f[2] - (RIGHT - 14)) > 1:
            fault("page %d: odd page number ends at %.2f mm, not one "
                  "character from the right edge" % (no, f[2] / MM))
        if no % 2 == 0 and abs(f[0] - (LEFT + 14)) > 1:
            fault("page %d: even page number starts at %.2f mm, not one "
                  "character from the left edge" % (no, f[0] / MM))

    own = len(sys.argv) > 6 and sys.argv[6] == "own"
    # The decision: line pitch and 28 characters a line.
    # (the 版头 and the title above the body are off the body's grid)
    big = [l[3] for l in pages[0] if l[3] - l[1] >= 20 and l[1] < BOTTOM]
    first = [l for l in pages[0] if l[1] < BOTTOM and l[3] - l[1] < 20
             and l[1] > max(big or [0])]
    steps = [b[3] - a[3] for a, b in zip(first, first[1:])]
    ones = [s for s in steps if abs(s - PITCH) <= 0.5]
    if len(ones) < (1 if own else 8):
        fault("page 1: only %d consecutive lines %.3f pt apart: %r" %
              (len(ones), PITCH, [round(s, 2) for s in steps]))
    for s in steps:
        k = round(s / PITCH)
        if k < 1 or abs(s - k * PITCH) > 0.5:
            fault("page 1: line step %.2f pt is off the %.3f pt grid" %
                  (s, PITCH))
    full = [l for l in first if len(l[4]) == 28 and not
            re.search(r"[ -~]", l[4]) and abs(l[0] - LEFT) <= 1 and
            abs(l[2] - RIGHT) <= 1]
    if not full and not own:
        fault("page 1: no line of 28 characters from 28 mm to 184 mm")

    # The attachment: "附件" on line 1 at the left edge, title centred on
    # line 3.
    att = [i for i, p in enumerate(pages) if p and p[0][4] == "附件"]
    if len(att) != 1:
        fault("no single page starting with 附件: %r" % att)
        return
    a = att[0]
    if len(pages) - a < 2:
        fault("the list should span 2+ pages, it has %d" % (len(pages) - a))
    lab = pages[a][0]
    if abs(lab[0] - LEFT) > 1 or not (TOP - 0.5 <= lab[1] and
                                      lab[3] <= TOP + PITCH):
        fault("附件 at x %.2f mm, y %.2f-%.2f mm: not line 1 at the left" %
              (lab[0] / MM, lab[1] / MM, lab[3] / MM))
    title = []
    for l in pages[a][1:]:
        if l[4].startswith("一、"):
            break
        title.append(l)
    if not title:
        fault("no attachment title")
    elif not (TOP + 2 * PITCH - 0.5 <= title[0][1] and
              title[0][3] <= TOP + 3 * PITCH):
        fault("attachment title not on line 3 (y %.2f mm)" % (title[0][1] / MM))
    for l in title:
        c = (l[0] + l[2]) / 2
        if abs(c - CENTRE) > 1:
            fault("attachment title line %r centred at %.2f mm, not %.2f" %
                  (l[4], c / MM, CENTRE / MM))

    # The list: every 先进 branch and every commended worker, in ranking
    # order, grouped by 上级党组织.
    items = [l[4] for p in pages[a:] for l in p if l[1] < BOTTOM and
             not l[4].endswith("印发") and not l[4].startswith("抄送：")]
    items = items[1 + len(title):]
    try:
        i2 = next(i for i, t in enumerate(items) if t.startswith("二、"))
    except StopIteration:
        fault("no 二、 heading")
        return
    sec1, sec2 = items[:i2], items[i2:]
    pos = {r["支部编号"]: i for i, r in enumerate(rank)}
    adv = [r for r in rank if r["等次"] == "先进党支部"]
    lowest = rank[-1]["等次"] if rank else ""
    ok_branch = {r["支部编号"] for r in rank
                 if r["等次"] != "不合格" and not r["一票否决"]}
    name_of = {r["支部编号"]: r["支部名称"] for r in rank}
    wk = [(pos[w["支部编号"]], i, w) for i, w in enumerate(workers)
          if w["支部编号"] in ok_branch]
    wk.sort(key=lambda t: (t[0], t[1]))
    want1 = [(r["支部编号"], r["支部名称"]) for r in adv]
    want2 = [(w["支部编号"], "%s（%s）" % (w["姓名"], one_title(
        name_of[w["支部编号"]], w["职务"]))) for _, _, w in wk]
    check_section("一、先进党支部（%d个）" % len(want1), sec1, want1, branches)
    check_section("二、优秀党务工作者（%d名）" % len(want2), sec2, want2,
                  branches)

    flat = re.sub(r"\s", "", text)
    for must in ([] if own else ("授予%d个党支部" % len(want1),
                                 "授予%d名同志" % len(want2))):
        if must not in flat:
            fault("decision text lacks %r" % must)


def one_title(branch, role):
    """The branch and role as one title: the words both end and start
    with said once (党群工作部党支部 + 支部书记 = 党群工作部党支部书记)."""
    for k in range(min(len(branch), len(role) - 1), 0, -1):
        if branch.endswith(role[:k]):
            return branch + role[k:]
    return branch + role


def cn_number(k):
    d = " 一二三四五六七八九"
    if k < 10:
        return d[k]
    if k < 100:
        return ("" if k // 10 == 1 else d[k // 10]) + "十" + d[k % 10].strip()
    return str(k)


def check_section(heading, got, want, branches):
    if not got or got[0] != heading:
        fault("section heading %r, want %r" % (got[:1], heading))
        return
    got = got[1:]
    parents = [branches[b]["上级党组织"] or "直属党支部" for b, _ in want]
    grouped = any(branches[b]["上级党组织"] for b, _ in want)
    exp = []
    if grouped:
        order = []
        for p in parents:
            if p not in order:
                order.append(p)
        for gi, p in enumerate(order):
            exp.append("（%s）%s" % (cn_number(gi + 1), p))
            exp += [t for (b, t), q in zip(want, parents) if q == p]
    else:
        exp = [t for _, t in want]
    if not want:
        exp = ["无。"]
    if got != exp:
        fault("%s lists\n  %r\nwant\n  %r" % (heading, got, exp))


main()
sys.exit(1 if faults else 0)
