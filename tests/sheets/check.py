#!/usr/bin/env python3
"""check.py: layout checks of a score sheet over `pdftotext -bbox` output,
for t_sheets.sh.  Prints one line per fault; exits 1 when there is one.

  check.py BBOX.html
      every word at least 25 mm from the bound edge (the left one; a
      landscape page's top) and 20 mm from the others, but the page footer,
      which sits in the bottom margin at least 10 mm above the bottom edge;
      "综合得分" whole on one line wherever it stands; on the last page,
      at least 20 mm free under each "（签字）：" down to its "年 月 日",
      and under "党委（盖章）：" a 42 mm square free of any word
  check.py subtotals BBOX.html
      in the item table, each category row ("…小计") holds the sum of its
      items' 分值 and, in every score column, the sum of its items' scores
      (the per-source subtotals are exact sums); prints the number of
      categories checked on stdout as "categories N"
"""
import html
import re
import sys

MM = 72 / 25.4
TOL = 0.6  # points


def pages(path):
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


def main(path):
    bad = []
    allp = list(pages(path))
    whole = 0
    for n, (w, h, words) in enumerate(allp, 1):
        land = w > h
        left = (20 if land else 25) * MM
        top = (25 if land else 20) * MM
        for x0, y0, x1, y1, t in words:
            footer = y0 > h - 20 * MM
            if footer:
                if y1 > h - 10 * MM + TOL:
                    bad.append("page %d: footer word %r %.1f mm above the "
                               "bottom edge" % (n, t, (h - y1) / MM))
                continue
            if x0 < left - TOL or x1 > w - 20 * MM + TOL or \
                    y0 < top - TOL:
                bad.append("page %d: word %r at %.1f,%.1f-%.1f,%.1f mm "
                           "inside the margins" % (n, t, x0 / MM, y0 / MM,
                                                  x1 / MM, y1 / MM))
            if t == "综合得分":
                whole += 1
            if "综合得" in t and "综合得分" not in t or \
                    t.endswith("综合"):
                bad.append("page %d: 综合得分 broken after %r" % (n, t))
    if whole < 2:
        bad.append("综合得分 whole on one line %d times, not at least twice"
                   " (the table head and the result)" % whole)
    w, h, words = allp[-1]
    dates = [u for u in words if u[4] == "年"]
    for x0, y0, x1, y1, t in words:
        if not (t.endswith("（签字）：") or t.endswith("（盖章）：")):
            continue
        below = [d for d in dates if d[1] > y1 and x0 - 1 < d[0] <
                 x0 + (w - 45 * MM) / 3]
        if not below:
            bad.append("no date line under %r" % t)
            continue
        gap = min(d[1] for d in below) - y1
        if gap < 20 * MM - TOL:
            bad.append("%r: %.1f mm to sign in, not 20" % (t, gap / MM))
        if t.endswith("（盖章）："):
            # a 42 mm square under the line, from its left edge
            ax0, ay0, ax1, ay1 = x0, y1, x0 + 42 * MM, y1 + 42 * MM
            if ax1 > w - 20 * MM + TOL:
                bad.append("seal area passes the right margin")
            for u in words:
                if u[0] < ax1 and u[2] > ax0 and u[1] < ay1 and u[3] > ay0:
                    bad.append("word %r in the 42 mm seal area" % u[4])
    if not any(u[4].endswith("（盖章）：") for u in words):
        bad.append("no 党委（盖章）： on the last page")
    for b in bad:
        print(b)
    return 1 if bad else 0


CAT = re.compile(r"^[一二三四五六七八九十]+、")
NUM = re.compile(r"^(\d+(\.\d+)?|—)$")


def cents(t):
    if t == "—":
        return None
    a, _, b = t.partition(".")
    return int(a) * 100 + int((b + "00")[:2])


def subtotals(path):
    bad = []
    cat = None      # [label, anchors, values, sums]
    checked = 0

    def close():
        nonlocal checked
        if cat is None:
            return
        label, anchors, values, sums = cat
        # the last anchor is 综合得分 (rounded once): not a sum
        for k in range(len(anchors) - 1):
            if values[k] is not None and sums[k] != values[k]:
                bad.append("%s: column %d: items sum to %d, row says %d" %
                           (label, k, sums[k], values[k]))
        checked += 1

    for n, (w, h, words) in enumerate(pages(path), 1):
        labels = [u for u in words if CAT.match(u[4])]
        # numbers right of the 考核内容 column (not item ids like 2.1),
        # in rows of one baseline (2 points of tolerance)
        edge = min([u[0] for u in words if u[4] == "分值"] or [0]) - 2
        rows = {}
        for u in sorted(words, key=lambda u: u[1]):
            if not NUM.match(u[4]) or u[0] <= edge:
                continue
            near = [y for y in rows if abs(y - u[1]) < 2]
            rows.setdefault(near[0] if near else u[1], []).append(u)
        heads = [u for u in words if u[4] == "合计"]
        stop = min([u[1] for u in heads] or [h])
        for y in sorted(rows):
            if y >= stop - 1:
                break
            nums = sorted(rows[y], key=lambda u: u[0])
            if any(abs(u[1] - y) < 3 for u in labels):
                close()
                name = [u[4] for u in labels if abs(u[1] - y) < 3]
                cat = [name[0] if name else "?",
                       [(u[0] + u[2]) / 2 for u in nums],
                       [cents(u[4]) for u in nums], [0] * len(nums)]
                continue
            if cat is None or len(nums) != len(cat[1]):
                continue
            for k, u in enumerate(nums):
                x = (u[0] + u[2]) / 2
                if abs(x - cat[1][k]) > 12:
                    bad.append("page %d: %r off its column" % (n, u[4]))
                v = cents(u[4])
                if v is not None:
                    cat[3][k] += v
        if heads:
            close()
            cat = None
    for b in bad:
        print(b)
    print("categories %d" % checked)
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "subtotals":
        sys.exit(subtotals(sys.argv[2]))
    sys.exit(main(sys.argv[1]))
