#!/usr/bin/env python3
"""fuzzgen.py SEED OUTDIR: writes a small random VALID kaohe data set.

It aims at the fine points of SPEC sections 2, 4 and 7: rater means that
round, finals on x.xx5 before rounding, exact ties, 95.00 vs 94.99 edges,
quota cuts through ties, vetoes with repeated reasons, 扣分 instead of 得分,
long and wide score forms, UTF-8 / UTF-8 BOM / GB18030 / UTF-16 (tabs),
LF / CRLF / CR, full-width digits, U+3000 padding, quoted and multi-line
fields, blank and ",,,," rows, English header aliases, period and source
aliases.  Deterministic for a given SEED (stdlib random only)."""
import os
import random
import sys

CATS = ["班子建设", "党员教育和管理", "党风党纪建设", "发展党员工作",
        "职工思想政治工作", "基础工作", "党风,党纪", "“三会一课”"]
REASONS = ["班子不团结", "未完成工作任务", "党员受党纪政纪处分"]


def fw(s):
    return "".join(chr(ord(ch) - ord("0") + 0xFF10) if ch.isdigit() else
                   ("．" if ch == "." else ch) for ch in s)


def cents_str(c, rng, minimal=True):
    """cents -> decimal string with 0-2 decimals (random trailing zeros)."""
    w, f = divmod(c, 100)
    if f == 0:
        return rng.choice([str(w), str(w), "%d.0" % w, "%d.00" % w])
    if f % 10 == 0:
        return rng.choice(["%d.%d" % (w, f // 10), "%d.%02d" % (w, f)])
    return "%d.%02d" % (w, f)


def rhu(num, den):
    return (2 * num + den) // (2 * den)


class Gen:
    def __init__(self, seed, bad=False):
        self.rng = random.Random(seed)
        self.seed = seed
        self.bad = bad  # inject errors (for `check` differential tests)

    # ------------------------------------------------------------ writing
    def write_csv(self, path, rows, numcols=(), multiline_ok=False):
        rng = self.rng
        enc = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030", "gb18030",
                          "utf-16-le", "utf-16-be"])
        if enc.startswith("utf-16") and rng.random() < 0.7:
            enc = "utf-16-le"
        delim = "\t" if enc.startswith("utf-16") else ","
        eol = rng.choice(["\n", "\r\n", "\r"])
        pad_p = rng.choice([0, 0, 0.1, 0.3])
        quote_p = rng.choice([0, 0.1, 0.4])
        fw_p = rng.choice([0, 0, 0.2])
        out = []
        if rng.random() < 0.2:
            out.append(eol)  # blank lines before the header
        for ri, row in enumerate(rows):
            fields = []
            for ci, v in enumerate(row):
                if ri > 0 and ci in numcols and v and rng.random() < fw_p:
                    v = fw(v)
                if v and rng.random() < pad_p:
                    v = rng.choice([" ", "\u3000", "  "]) + v + \
                        rng.choice(["", " ", "\u3000"])
                if any(ch in v for ch in (delim, '"', "\r", "\n")) or \
                        rng.random() < quote_p:
                    v = '"' + v.replace('"', '""') + '"'
                fields.append(v)
            out.append(delim.join(fields) + eol)
            if ri > 0 and rng.random() < 0.05:
                out.append(rng.choice([eol, delim * (len(row) - 1) + eol,
                                       "\u3000" + delim + " " + eol]))
        text = "".join(out)
        if enc == "gb18030":
            data = text.encode("gb18030")
            try:
                data.decode("utf-8")
                enc = "utf-8"  # would be detected as UTF-8: write UTF-8
            except UnicodeDecodeError:
                pass
        if enc == "utf-8":
            data = text.encode("utf-8")
        elif enc == "utf-8-sig":
            data = b"\xef\xbb\xbf" + text.encode("utf-8")
        elif enc == "utf-16-le":
            data = b"\xff\xfe" + text.encode("utf-16-le")
        elif enc == "utf-16-be":
            data = b"\xfe\xff" + text.encode("utf-16-be")
        with open(path, "wb") as f:
            f.write(data)

    def hdr(self, zh, en):
        r = self.rng.random()
        if r < 0.75:
            return zh
        if r < 0.9:
            return en
        return "".join(ch.upper() if self.rng.random() < 0.5 else ch for ch in en)

    # ------------------------------------------------------------ data
    def make(self, out):
        rng = self.rng
        os.makedirs(out, exist_ok=True)
        # rubric
        ncat = rng.randint(2, 4)
        cats = rng.sample(CATS, ncat)
        items = []  # [id, cat, points]
        for k, cat in enumerate(cats):
            for j in range(rng.randint(2, 4)):
                items.append(["%d.%d" % (k + 1, j + 1), cat, 0])
        rng.shuffle(items) if rng.random() < 0.1 else None
        n = len(items)
        g = rng.choice([100, 100, 50, 10, 5, 1])
        while True:
            raw = [rng.randint(1, 10) for _ in items]
            s = sum(raw)
            pts = [max(g, (10000 * r // s) // g * g) for r in raw[:-1]]
            last = 10000 - sum(pts)
            if last > 0:
                break
        pts.append(last)
        for it, p in zip(items, pts):
            it[2] = p
        self.items = items
        rows = [[self.hdr("编号", "id"), self.hdr("类别", "category"),
                 self.hdr("考核内容", "item"), self.hdr("分值", "points"),
                 self.hdr("评分标准", "criteria")]]
        for it in items:
            crit = rng.choice(["", "按要求评分", "每缺一次扣1分，\n扣完为止",
                               '含"引号"与,逗号'])
            rows.append([it[0], it[1], "内容" + it[0], cents_str(it[2], rng), crit])
        self.write_csv(os.path.join(out, "rubric.csv"), rows, numcols=(3,))

        # config
        srcs = ["自评", "互评", "考评"]
        sw = self.split100(3)
        two_periods = rng.random() < 0.6
        if two_periods:
            pw = rng.choice([[0, 100], [0, 100], [30, 70], [50, 50], [40, 60]])
            periods = ["半年", "年终"]
        else:
            pw = [100]
            periods = ["年终"]
        default_weights = rng.random() < 0.15
        if default_weights:
            sw = [20, 30, 50]
        if rng.random() < 0.15:
            levels = [("优秀", 9000), ("良好", 8000), ("合格", 6000), ("不合格", 0)]
        else:
            levels = [("先进党支部", 9500), ("合格", 6000), ("不合格", 0)]
        self.levels = levels
        quota = rng.choice(["0", "0", "10", "25", "33.33", "50", None])
        free_reasons = rng.random() < 0.15
        ini = []
        if rng.random() < 0.2:
            ini.append("\ufeff")
        ini.append("; generated by fuzzgen.py seed %s\n" % self.seed)
        ini.append("[report]\norganization = 测试党委\n\n")
        if not default_weights:
            ini.append("[weights]   ; per source\n")
            for s, w in zip(srcs, sw):
                ini.append("%s = %d\n" % (s, w))
        if two_periods or rng.random() < 0.7:
            ini.append("\n[periods]\n")
            for p, w in zip(periods, pw):
                ini.append("%s = %d   ; weight\n" % (p, w))
        else:
            periods = ["半年", "年终"]
            pw = [0, 100]
        ini.append("\n[rating]\n")
        if levels[0][0] != "先进党支部" or rng.random() < 0.3:
            ini.append("levels = " + "; ".join("%s %s" % (n_, cents_str(m, rng))
                                              for n_, m in levels) + "  ; levels\n")
        if quota is not None:
            ini.append("advanced_quota = %s\n" % quota)
        if free_reasons:
            ini.append("\n[veto]\nreasons =\n")
            reasons = ["班子不团结", "账目不清,被通报", '"双重"问题', "其他情形"]
        else:
            reasons = REASONS
        eol = rng.choice(["\n", "\r\n"])
        with open(os.path.join(out, "kaohe.ini"), "wb") as f:
            f.write("".join(ini).replace("\n", eol).encode("utf-8"))
        self.sw, self.pw = sw, pw

        # branches
        nb = rng.randint(3, 12)
        pool = ["B%02d" % k for k in range(1, 30)] + ["b%d" % k for k in range(1, 12)] + \
               ["Z%d" % k for k in range(1, 12)] + ["支部%d" % k for k in range(1, 9)] + \
               ["A-%d" % k for k in range(1, 9)]
        ids = rng.sample(pool, nb)
        names = {}
        for k, b in enumerate(ids):
            nm = rng.choice(["第%d党支部" % (k + 1), "机关第%d党支部" % (k + 1),
                             "生产,技术%d支部" % (k + 1), '“先锋”%d支部' % (k + 1),
                             'Team "%d"' % (k + 1)])
            names[b] = nm
        rows = [[self.hdr("支部编号", "id"), self.hdr("支部名称", "name"),
                 self.hdr("党员人数", "members"), self.hdr("换届时间", "elected")]]
        for b in ids:
            rows.append([b, names[b], str(rng.randint(3, 80)) if rng.random() < 0.7 else "",
                         rng.choice(["", "2023-03-07", "2024/3/7", "2022.12.31",
                                     "2024年2月29日"])])
        self.write_csv(os.path.join(out, "branches.csv"), rows, numcols=(2,))

        # scores: vals[(b, p, s)] = {rater: {item: cents}}
        raters = {}
        for p in range(len(periods)):
            for s in range(3):
                k = rng.randint(1, 4)
                raters[(p, s)] = rng.sample(["", "甲", "乙", "丙", "丁", "R1", "r1"], k) \
                    if k > 1 else [rng.choice(["", "张三"])]
        vals = {}
        style = {}
        for b in ids:
            style[b] = rng.choice(["high", "high", "mid", "edge", "low"])
        for b in ids:
            for p in range(len(periods)):
                include = pw[p] > 0 or rng.random() < 0.6
                for s in range(3):
                    if not include or (sw[s] == 0 and rng.random() < 0.4):
                        continue
                    d = {}
                    for r in raters[(p, s)]:
                        d[r] = {}
                    rl = raters[(p, s)]
                    for ii, it in enumerate(items):
                        who = [r for r in rl if rng.random() < 0.8] or [rng.choice(rl)]
                        for r in who:
                            d[r][ii] = self.pick(it[2], style[b])
                    vals[(b, p, s)] = d
        # copies to force exact ties
        if nb >= 3 and rng.random() < 0.6:
            for _ in range(rng.randint(1, 3)):
                a, c = rng.sample(ids, 2)
                for p in range(len(periods)):
                    for s in range(3):
                        if (a, p, s) in vals:
                            vals[(c, p, s)] = {r: dict(x) for r, x in vals[(a, p, s)].items()}
        self.periods = periods
        # targeted edges
        for b in ids:
            if rng.random() < 0.35:
                self.target(vals, b, rng.choice(["9500", "9499", "half", "6000", "5999",
                                                 "half", "9000"]))
        if nb >= 2 and rng.random() < 0.3:
            a, c = rng.sample(ids, 2)
            f = self.final(vals, a)
            if f is not None:
                self.target(vals, c, f)

        # write scores
        use_wide = rng.random() < 0.35
        pname = {}
        for p, nm in enumerate(periods):
            pname[p] = nm
        alias_p = {"半年": "half", "年终": "year"}
        alias_s = {"自评": "self", "互评": "peer", "考评": "review"}

        def pv(p):
            nm = periods[p]
            if rng.random() < 0.2:
                a = alias_p[nm]
                return rng.choice([a, a.upper(), a.capitalize()])
            return nm

        def sv(s):
            nm = srcs[s]
            if rng.random() < 0.2:
                a = alias_s[nm]
                return rng.choice([a, a.upper(), a.capitalize()])
            return nm

        keys = list(vals.keys())
        if use_wide:
            rater_col = any(r != "" for d in vals.values() for r in d) or rng.random() < 0.5
            hdr = [self.hdr("支部编号", "branch"), self.hdr("考核期", "period"),
                   self.hdr("评价方式", "source")]
            if rater_col:
                hdr.append(self.hdr("评价人", "rater"))
            order = list(range(len(items)))
            rng.shuffle(order)
            hdr += [items[i][0] for i in order]
            rows = [hdr]
            body = []
            for (b, p, s) in keys:
                for r, d in vals[(b, p, s)].items():
                    row = [b, pv(p), sv(s)] + ([r] if rater_col else [])
                    row += [cents_str(d[i], rng) if i in d else "" for i in order]
                    body.append(row)
            if self.bad:
                self.mutate(body, 3 + rater_col, None, None,
                            {3 + rater_col + k: i for k, i in enumerate(order)})
            rng.shuffle(body)
            rows += body
            ncols = set(range(len(hdr) - len(items), len(hdr)))
            self.write_csv(os.path.join(out, "scores.csv"), rows, numcols=ncols)
        else:
            ded = rng.random() < 0.5
            both_cols = ded and rng.random() < 0.7
            hdr = [self.hdr("支部编号", "branch"), self.hdr("考核期", "period"),
                   self.hdr("评价方式", "source"), self.hdr("评价人", "rater"),
                   self.hdr("细则编号", "item")]
            if both_cols or not ded:
                hdr.append(self.hdr("得分", "score"))
            if ded:
                hdr.append(self.hdr("扣分", "deduction"))
            hdr.append(self.hdr("说明", "note"))
            if rng.random() < 0.3:
                perm = list(range(len(hdr)))
                rng.shuffle(perm)
            else:
                perm = list(range(len(hdr)))
            body = []
            for (b, p, s) in keys:
                for r, d in vals[(b, p, s)].items():
                    for i, v in d.items():
                        pts = items[i][2]
                        row = [b, pv(p), sv(s), r, items[i][0]]
                        use_d = ded and (not both_cols or rng.random() < 0.5)
                        if both_cols or not ded:
                            row.append("" if use_d else cents_str(v, rng))
                        if ded:
                            if use_d:
                                dv = pts - v
                                if v == 0 and rng.random() < 0.5:
                                    dv = pts + rng.randint(1, 500)
                                row.append(cents_str(dv, rng))
                            else:
                                row.append("")
                        row.append(rng.choice(["", "", "", "材料齐全", "缺记录，扣分",
                                               "第一行\n第二行", "说\r\n明", '"引"']))
                        body.append(row)
            if self.bad:
                sc = 5 if (both_cols or not ded) else None
                dc = (6 if sc else 5) if ded else None
                self.mutate(body, 3, sc, dc, None)
            rng.shuffle(body)
            rows = [hdr] + body
            rows = [[row[k] for k in perm] for row in rows]
            numcols = set(perm.index(k) for k in range(5, len(hdr) - 1))
            self.write_csv(os.path.join(out, "scores.csv"), rows, numcols=numcols)

        # vetoes
        if rng.random() < 0.5 or self.bad:
            rows = [[self.hdr("支部编号", "branch"), self.hdr("否决事项", "reason"),
                     self.hdr("说明", "detail"), self.hdr("日期", "date")]]
            for b in rng.sample(ids, rng.randint(0, min(3, nb))):
                for _ in range(rng.randint(1, 3)):
                    rows.append([b, rng.choice(reasons), rng.choice(["", "情况说明"]),
                                 rng.choice(["", "2025-6-1", "2025年7月1日"])])
            rng.shuffle(rows[1:]) if False else None
            body = rows[1:]
            if self.bad and rng.random() < 0.4:
                body.append([rng.choice(["B99", ids[0]]), rng.choice(reasons)
                             if free_reasons else "不存在的事项", "", ""])
            if self.bad and rng.random() < 0.2:
                body.append([ids[-1], rng.choice(reasons), "",
                             rng.choice(["2025-02-30", "2025-3", "2025-6-1"])])
            rng.shuffle(body)
            self.write_csv(os.path.join(out, "vetoes.csv"), [rows[0]] + body)
        # records (do not change scores)
        if rng.random() < 0.3:
            rows = [["支部编号", "日期", "类型", "主题", "应到", "实到"]]
            for b in ids:
                for _ in range(rng.randint(0, 3)):
                    e = rng.randint(1, 30)
                    rows.append([b, "2025-%d-%d" % (rng.randint(1, 12), rng.randint(1, 28)),
                                 rng.choice(["支部党员大会", "支委会", "党课", "其他"]),
                                 "学习", str(e), str(rng.randint(0, e))])
            self.write_csv(os.path.join(out, "records.csv"), rows, numcols=(4, 5))
        if rng.random() < 0.3:
            rows = [["姓名", "支部编号", "职务"]]
            for b in rng.sample(ids, min(2, nb)):
                rows.append(["王" + b, b, "支部书记"])
            self.write_csv(os.path.join(out, "workers.csv"), rows)

    def mutate(self, body, rcol, sc, dc, wide):
        """Adds 1-3 faulty rows to the scores body (or deletes rows).
        rcol: rater column (None if none); sc/dc: 得分/扣分 columns of the long
        form; wide: {column: item index} for the wide form."""
        rng = self.rng
        for n in range(rng.randint(1, 3)):
            kind = rng.choice(["unkbranch", "dup", "range", "badnum", "both",
                               "neither", "unkitem", "unkperiod", "unksource",
                               "delete"])
            if not body:
                return
            row = list(rng.choice(body))
            if rcol is not None and rcol < len(row) and kind not in ("dup", "delete"):
                row[rcol] = "X%d" % n  # a new rater: coverage is unaffected
            if kind == "unkbranch":
                row[0] = "NOPE"
            elif kind == "unkperiod":
                row[1] = "全年"
            elif kind == "unksource":
                row[2] = "上级评"
            elif kind == "delete":
                victim = row[0]
                if wide:
                    body[:] = [r for r in body if r[0] != victim or rng.random() < 0.5]
                else:
                    item = row[4]
                    body[:] = [r for r in body if not (r[0] == victim and r[4] == item)]
                continue
            elif kind == "dup":
                pass
            elif wide:
                cols = [c for c in wide if row[c] != ""]
                if not cols:
                    continue
                c = rng.choice(cols)
                if kind in ("range", "both", "neither", "unkitem"):
                    row[c] = cents_str(self.items[wide[c]][2] + rng.randint(1, 99), rng)
                else:
                    row[c] = rng.choice(["12.", ".5", "1.234", "-1", "1e2"])
            else:
                item = [it for it in self.items if it[0] == row[4]][0]
                if kind == "unkitem":
                    row[4] = "9.9"
                elif kind == "range" and sc is not None:
                    row[sc] = cents_str(item[2] + rng.randint(1, 99), rng)
                    if dc is not None:
                        row[dc] = ""
                elif kind == "both" and sc is not None and dc is not None:
                    row[sc], row[dc] = "1", "1"
                elif kind == "neither":
                    if sc is not None:
                        row[sc] = ""
                    if dc is not None:
                        row[dc] = ""
                    row[-1] = "无分"
                else:
                    col = sc if sc is not None else dc
                    row[col] = rng.choice(["12.", ".5", "1.234", "-1", "1e2", "９５．０００"])
                    if dc is not None and col != dc:
                        row[dc] = ""
            body.append(row)

    def split100(self, k):
        rng = self.rng
        r = rng.random()
        if r < 0.2:
            w = [0] * k
            w[rng.randrange(k)] = 100
            return w
        cuts = sorted(rng.randint(0, 100) for _ in range(k - 1))
        b = [0] + cuts + [100]
        return [b[i + 1] - b[i] for i in range(k)]

    def pick(self, pts, style):
        rng = self.rng
        lo = {"high": 0.9, "mid": 0.6, "edge": 0.93, "low": 0.2}[style]
        v = rng.randint(int(pts * lo), pts)
        g = rng.choice([100, 50, 10, 1, 1])
        v = v // g * g
        return max(0, min(pts, v))

    def raw(self, vals, b):
        tot = 0
        for p, w in enumerate(self.pw):
            if w == 0:
                continue
            for s, ws in enumerate(self.sw):
                if ws == 0:
                    continue
                d = vals.get((b, p, s))
                if d is None:
                    return None
                for i in range(len(self.items)):
                    xs = [x[i] for x in d.values() if i in x]
                    if not xs:
                        return None
                    tot += w * ws * rhu(sum(xs), len(xs))
        return tot

    def final(self, vals, b):
        r = self.raw(vals, b)
        return None if r is None else rhu(r, 10000)

    def target(self, vals, b, goal):
        """tweak one rater's score of one cell so that b's final hits goal
        (cents), or its raw total ends in exactly .5 cent ("half")."""
        rng = self.rng
        cells = []
        for p, w in enumerate(self.pw):
            for s, ws in enumerate(self.sw):
                if w and ws and (b, p, s) in vals:
                    for r, x in vals[(b, p, s)].items():
                        for i in x:
                            cells.append((p, s, r, i))
        rng.shuffle(cells)
        for p, s, r, i in cells[:6]:
            d = vals[(b, p, s)][r]
            base = self.raw(vals, b)
            if base is None:
                return False
            k = self.pw[p] * self.sw[s]
            others = [x[i] for rr, x in vals[(b, p, s)].items() if rr != r and i in x]
            n = len(others) + 1
            base -= k * rhu(sum(others) + d[i], n)
            so = sum(others)
            ok = []
            for v in range(0, self.items[i][2] + 1):
                raw = base + k * rhu(so + v, n)
                if goal == "half":
                    if raw % 10000 == 5000:
                        ok.append(v)
                elif rhu(raw, 10000) == int(goal):
                    ok.append(v)
            if ok:
                d[i] = rng.choice(ok)
                return True
        return False


def main():
    seed, out = sys.argv[1], sys.argv[2]
    Gen(seed, bad="--bad" in sys.argv[3:]).make(out)


if __name__ == "__main__":
    main()
