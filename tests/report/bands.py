#!/usr/bin/env python3
"""bands.py: the report's score-band chart against its 等次分布 table and
rank --format csv, from `pdftotext -bbox` of the page holding both.
Prints one line per fault; exits 1 when there is one.

  bands.py BBOX.html RANK.csv TOP_MIN
      the bars count ranked branches only and add up to them; the vetoed
      ones are one bar of their own, equal to the table's 一票否决 row;
      the bars at or above TOP_MIN (the top level's minimum, no quota)
      add up to the table's count of the top level; no bar label names a
      level
"""
import csv
import html
import re
import sys


def words(path):
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'<page [^>]*>(.*?)</page>', text, re.S):
        ws = [(float(a), float(b), float(c), float(d), html.unescape(t))
              for a, b, c, d, t in re.findall(
                  r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                  r'yMax="([\d.]+)">(.*?)</word>', m.group(1))]
        if any("最终得分分布" in w[4] for w in ws):
            return ws
    return []


def cents(s):
    a, b = s.split(".")
    return int(a) * 100 + int(b)


def main(path, rankcsv, top_min):
    bad = []
    ws = words(path)
    rows = list(csv.DictReader(open(rankcsv, encoding="utf-8-sig")))
    top = cents(top_min)
    ranked = [r for r in rows if r["排名"]]
    nveto = len(rows) - len(ranked)
    total_col = list(rows[0].keys())[-3]
    bars, vbar = [], None
    title = min(w[1] for w in ws if "最终得分分布" in w[4])
    for w in ws:
        if w[1] < title:
            continue
        m = re.match(r"^(\d+\.\d\d)(分及以上|～(\d+\.\d\d)分)(.*)$", w[4])
        val = [v for v in ws if abs(v[1] - w[1]) < 3 and v[0] > w[2] and
               re.match(r"^\d+个", v[4])]
        if m:
            if m.group(4):
                bad.append("bar label %r names more than its scores" % w[4])
            if not val:
                bad.append("bar %r without its count" % w[4])
                continue
            bars.append((cents(m.group(1)), int(re.match(r"\d+", val[0][4])
                                                .group(0))))
        elif w[4].startswith("一票否决（") and val:
            vbar = int(re.match(r"\d+", val[0][4]).group(0))
    if not bars:
        print("no score bands found")
        return 1
    if sum(c for _, c in bars) != len(ranked):
        bad.append("bands add up to %d, ranked branches are %d" %
                   (sum(c for _, c in bars), len(ranked)))
    if nveto and vbar != nveto:
        bad.append("vetoed bar %r, vetoed branches %d" % (vbar, nveto))
    if not nveto and vbar is not None:
        bad.append("a vetoed bar with no vetoed branch")
    for lo, c in bars:
        want = sum(1 for r in ranked if cents(r[total_col]) >= lo)
        got = sum(k for l, k in bars if l >= lo)
        if want != got:
            bad.append("bands from %d cents: %d, ranking: %d" % (lo, got, want))
    # the table beside it
    def row(label):
        y = [w for w in ws if w[4] == label]
        if not y:
            return None
        nums = sorted([w for w in ws if abs(w[1] - y[0][1]) < 3 and
                       re.match(r"^\d+$", w[4])], key=lambda w: w[0])
        return int(nums[0][4]) if nums else None
    first = rows[0]["等次"] if rows else ""
    tab_top = row(first) if ranked else None
    tab_veto = row("其中：一票否决（计入不合格）")
    if tab_top != sum(c for lo, c in bars if lo >= top):
        bad.append("table: %s %r, bands from %s: %d" %
                   (first, tab_top, top_min,
                    sum(c for lo, c in bars if lo >= top)))
    if nveto and tab_veto != vbar:
        bad.append("table: 一票否决 %r, chart %r" % (tab_veto, vbar))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
