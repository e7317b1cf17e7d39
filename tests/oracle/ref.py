#!/usr/bin/env python3
"""ref.py: an independent reference implementation of kaohe's data rules
(SPEC sections 1-4, 5 `rank --format csv`, and 7), for differential testing.

Python 3 stdlib only.  No floating point anywhere: scores are int cents.

    python3 tests/oracle/ref.py rank  DIR [--period P] [--templates T]
    python3 tests/oracle/ref.py check DIR [--period P] [--templates T]

`rank` prints the CSV of SPEC section 5 and exits 0; on data errors it
prints the sorted error positions FILE:LINE to stderr and exits 1.
`check` prints the sorted error positions FILE:LINE (one per line) to stdout
and exits 1 when there are any, else 0.  An unknown --period exits 2.

Where the SPEC is silent the choice made is marked "AMBIGUITY" below.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))

# ---------------------------------------------------------------- defaults
# SPEC section 3, embedded: the SPEC, not kaohe's template, is the authority.
DEFAULT_INI = """
[report]
organization = 某某单位党委
year = 2025
title = 2025年度党支部建设目标管理考核结果
date = 2026-01-15
doc_number =

[weights]
自评 = 20
互评 = 30
考评 = 50

[periods]
半年 = 0
年终 = 100

[rating]
levels = 先进党支部 95; 合格 60; 不合格 0
advanced_quota = 0

[veto]
reasons = 班子不团结; 未完成工作任务; 党员受党纪政纪处分

[records]
支部党员大会 = 4
支委会 = 12
党小组会 = 12
党课 = 4

[branches]
term_years = 3

[rubric]
total = 100

[input]
encoding =
"""

PERIOD_ALIASES = {"半年": "half", "年终": "year"}
SOURCE_ALIASES = {"自评": "self", "互评": "peer", "考评": "review"}
RECORD_TYPES = ["支部党员大会", "支委会", "党小组会", "党课", "主题党日",
                "组织生活会", "民主评议党员", "其他"]

TRIM = " \t\u3000"
NUM_RE = re.compile(r"[0-9]+(\.[0-9]{1,2})?\Z")
INT_RE = re.compile(r"[0-9]+\Z")
FW = {ord("０") + i: ord("0") + i for i in range(10)}
FW[ord("．")] = ord(".")


class Errors:
    def __init__(self):
        self.pos = set()
        self.msgs = []

    def add(self, file, line, msg):
        self.pos.add((file, line))
        self.msgs.append((file, line, msg))

    def __bool__(self):
        return bool(self.pos)

    def sorted(self):
        return ["%s:%d" % p for p in sorted(self.pos)]


# ---------------------------------------------------------------- numbers
def parse_num(s):
    """Decimal with at most 2 decimals -> cents, or None (SPEC 2, 7)."""
    s = s.translate(FW)
    if not NUM_RE.match(s):
        return None
    if "." in s:
        w, f = s.split(".")
        return int(w) * 100 + int(f.ljust(2, "0"))
    return int(s) * 100


def parse_int(s):
    s = s.translate(FW)
    return int(s) if INT_RE.match(s) else None


def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


DATE_RES = [re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z"),
            re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})\Z"),
            re.compile(r"([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})\Z"),
            re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日\Z")]


def parse_date(s):
    # AMBIGUITY: full-width digits in dates; we accept them like numbers.
    s = s.translate(FW)
    for r in DATE_RES:
        m = r.match(s)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            if not 1 <= mo <= 12:
                return None
            days = [31, 29 if is_leap(y) else 28, 31, 30, 31, 30, 31, 31, 30,
                    31, 30, 31][mo - 1]
            if not 1 <= d <= days:
                return None
            return (y, mo, d)
    return None


def fmt_cents(c):
    return "%d.%02d" % (c // 100, c % 100)


def div_round_half_up(num, den):
    """round half up of num/den for num >= 0, den > 0."""
    return (2 * num + den) // (2 * den)


# ---------------------------------------------------------------- INI
def parse_ini(text, fname, errs):
    """-> {section: {'line': n, 'keys': [(key, value, line)]}}."""
    if text.startswith("\ufeff"):
        text = text[1:]
    out = {}
    sec = None
    for no, raw in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        s = raw.strip(" \t")
        if not s or s[0] in ";#":
            continue
        if s.startswith("["):
            # a section header may carry a comment after it
            m = re.match(r"\[([^\]]*)\]\s*(;.*)?\Z", s)
            if not m:
                errs.add(fname, no, "bad section header")
                sec = None
                continue
            sec = m.group(1).strip()
            if sec in out:
                out[sec]["line2"] = no
            else:
                out[sec] = {"line": no, "keys": []}
            continue
        if "=" not in s:
            errs.add(fname, no, "expected key = value")
            continue
        k, v = s.split("=", 1)
        # ';' starts a comment at the start of the value (after white space)
        # or after white space.
        m = re.search(r"(^|[ \t]);", v)
        if m:
            v = v[:m.start()]
        k = k.strip(" \t")
        v = v.strip(" \t")
        if sec is None:
            # AMBIGUITY: a key before any section; we call it an error.
            errs.add(fname, no, "key outside a section")
            continue
        out[sec]["keys"].append((k, v, no))
    return out


def merged_config(dataset_ini, ini_name, errs):
    base = parse_ini(DEFAULT_INI, "<defaults>", Errors())
    cfg = {}
    for sec, d in base.items():
        cfg[sec] = {"line": None, "keys": {k: (v, None) for k, v, _ in d["keys"]},
                    "order": [k for k, v, _ in d["keys"]]}
    for sec, d in dataset_ini.items():
        if sec in ("weights", "periods", "records") or sec not in cfg:
            cfg[sec] = {"line": d["line"], "keys": {}, "order": []}
        else:
            cfg[sec]["line"] = d["line"]
        for k, v, no in d["keys"]:
            if k not in cfg[sec]["keys"]:
                cfg[sec]["order"].append(k)
            cfg[sec]["keys"][k] = (v, no)
    return cfg


class Config:
    pass


def build_config(dirpath, errs):
    c = Config()
    ini_path = os.path.join(dirpath, "kaohe.ini")
    ds = {}
    c.ini_name = "kaohe.ini"
    if os.path.exists(ini_path):
        data = open(ini_path, "rb").read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            errs.add("kaohe.ini", line_of_offset(data, e.start),
                     "not UTF-8 at byte %d" % e.start)
            text = data.decode("utf-8", "replace")
        ds = parse_ini(text, "kaohe.ini", errs)
    cfg = merged_config(ds, "kaohe.ini", errs)
    c.raw = cfg

    def named_weights(sec):
        d = cfg[sec]
        lst = []
        ok = True
        for k in d["order"]:
            v, no = d["keys"][k]
            n = parse_int(v) if not re.search("[０-９]", v) else None
            if n is None:
                errs.add("kaohe.ini", no, "[%s] %s: not a whole percent" % (sec, k))
                ok = False
                n = 0
            lst.append((k, n))
        if ok and sum(n for _, n in lst) != 100 and d["line"] is not None:
            errs.add("kaohe.ini", d["line"], "[%s] does not add up to 100" % sec)
        return lst

    c.sources = named_weights("weights")
    c.periods = named_weights("periods")

    def get(sec, key):
        return cfg.get(sec, {"keys": {}})["keys"].get(key, ("", None))

    lv, lvline = get("rating", "levels")
    c.levels = []
    for part in lv.split(";"):
        part = part.strip(" \t")
        if not part:
            continue
        m = re.match(r"(.*\S)[ \t]+(\S+)\Z", part)
        cents = parse_num(m.group(2)) if m else None
        if cents is None:
            errs.add("kaohe.ini", lvline or 0, "bad levels")
            continue
        c.levels.append((m.group(1).strip(" \t"), cents))
    if not c.levels:
        c.levels = [("不合格", 0)]
    qv, qline = get("rating", "advanced_quota")
    q = parse_num(qv) if qv != "" else 0
    if q is None:
        errs.add("kaohe.ini", qline or 0, "bad advanced_quota")
        q = 0
    c.quota = q  # percent x 100
    rv, _ = get("veto", "reasons")
    c.veto_reasons = [x.strip(" \t") for x in rv.split(";") if x.strip(" \t")]
    tv, tline = get("rubric", "total")
    t = parse_num(tv)
    if t is None:
        errs.add("kaohe.ini", tline or 0, "bad [rubric] total")
        t = 10000
    c.total = t
    c.files = {}
    for k in ("rubric", "branches", "scores", "vetoes", "records", "workers"):
        v, _ = get("files", k)
        c.files[k] = v if v else k + ".csv"
    return c


# ---------------------------------------------------------------- CSV
def line_of_offset(data, off):
    """1-based physical line of byte offset off (LF, CRLF or CR ends)."""
    pre = data[:off]
    return 1 + pre.count(b"\r\n") + pre.replace(b"\r\n", b"").count(b"\r") \
        + pre.replace(b"\r\n", b"").count(b"\n")


def decode(data, fname, errs, forced=None):
    """-> text.  SPEC 2 Encoding, 7 Encodings."""
    if data.startswith(b"\xef\xbb\xbf"):
        enc, body, skip = "utf-8", data[3:], 3
    elif data.startswith(b"\xff\xfe"):
        enc, body, skip = "utf-16-le", data[2:], 2
    elif data.startswith(b"\xfe\xff"):
        enc, body, skip = "utf-16-be", data[2:], 2
    elif forced:
        enc, body, skip = forced, data, 0
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            enc, body, skip = "gb18030", data, 0
    try:
        return body.decode(enc)
    except UnicodeDecodeError as e:
        off = e.start
        if enc.startswith("utf-16"):
            text = body[:off - off % 2].decode(enc, "replace")
            line = 1 + len(re.findall(r"\r\n|\r|\n", text))
        else:
            line = line_of_offset(body, off)
        errs.add(fname, line, "bytes do not decode (%s) at byte %d"
                 % (enc, off + skip))
        # AMBIGUITY: one error per file (the first bad byte); the file is
        # then unusable, like a missing one (no further errors from it, and
        # none that depend on it).
        return None


def parse_csv(text, delim):
    """-> [(start_line, [fields])]; unterminated quote -> (line, None)."""
    recs = []
    i, n, line = 0, len(text), 1
    while i < n:
        start = line
        fields = []
        bad = False
        while True:
            j = i
            while j < n and text[j] in " \t" and text[j] != delim:
                j += 1
            buf = []
            if j < n and text[j] == '"':
                i = j + 1
                closed = False
                while i < n:
                    ch = text[i]
                    if ch == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            buf.append('"')
                            i += 2
                            continue
                        i += 1
                        closed = True
                        break
                    if ch == "\r":
                        line += 1
                        if i + 1 < n and text[i + 1] == "\n":
                            buf.append("\r")
                            i += 1
                            ch = "\n"
                    elif ch == "\n":
                        line += 1
                    buf.append(ch)
                    i += 1
                if not closed:
                    bad = True
                # lenient: text after the closing quote is kept
                while i < n and text[i] not in (delim, "\r", "\n"):
                    buf.append(text[i])
                    i += 1
            else:
                while i < n and text[i] not in (delim, "\r", "\n"):
                    buf.append(text[i])
                    i += 1
            fields.append("".join(buf))
            if i < n and text[i] == delim:
                i += 1
                continue
            if i < n:
                if text[i] == "\r" and i + 1 < n and text[i + 1] == "\n":
                    i += 2
                else:
                    i += 1
                line += 1
            break
        recs.append((start, None if bad else fields))
    return recs


class Table:
    pass


def read_table(dirpath, fname, errs, required, forced=None):
    """-> Table with .header [(name)], .hline, .rows [(line, fields)], or None."""
    path = os.path.join(dirpath, fname)
    if not os.path.exists(path):
        if required:
            errs.add(fname, 1, "missing file")
        return None
    data = open(path, "rb").read()
    text = decode(data, fname, errs, forced)
    if text is None:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    # delimiter: TAB where the header row has tabs and no commas
    delim = ","
    for raw in re.split(r"\r\n|\r|\n", text):
        if raw.strip(TRIM + ","):
            if "\t" in raw and "," not in raw:
                delim = "\t"
            break
    recs = parse_csv(text, delim)
    t = Table()
    t.name = fname
    t.header = None
    t.rows = []
    for line, fields in recs:
        if fields is None:
            errs.add(fname, line, "unterminated quoted field")
            continue
        fields = [f.strip(TRIM) for f in fields]
        if not any(fields):
            continue
        if t.header is None:
            t.header = fields
            t.hline = line
        else:
            t.rows.append((line, fields))
    if t.header is None:
        # AMBIGUITY: an empty file (no header row) is an error at FILE:1:1
        # for the files that must hold rows (rubric, branches, scores); an
        # empty vetoes/records/workers file is taken as no facts.
        if required:
            errs.add(fname, 1, "empty file")
        return None
    return t


def match_col(h, zh, en):
    return h == zh or h.lower() == en.lower()


def columns(t, spec, errs, extra_ok=True):
    """spec: [(zh, en, required)] -> {en: index}; reports missing required."""
    idx = {}
    for zh, en, req in spec:
        for k, h in enumerate(t.header):
            if match_col(h, zh, en):
                if en not in idx:
                    idx[en] = k
        if req and en not in idx:
            errs.add(t.name, t.hline, "missing column %s" % zh)
    return idx


def getf(fields, idx, en):
    k = idx.get(en)
    if k is None or k >= len(fields):
        return ""
    return fields[k]


# ---------------------------------------------------------------- model
class Model:
    pass


def load(dirpath, templates, period_opt=None):
    errs = Errors()
    c = build_config(dirpath, errs)
    m = Model()
    m.cfg = c
    m.errs = errs
    forced = None
    enc = c.raw.get("input", {"keys": {}})["keys"].get("encoding", ("", None))[0]
    if enc:
        forced = enc

    # --- periods / sources / --period
    def canon(value, named, aliases):
        for k, (name, _) in enumerate(named):
            if value == name:
                return k
        for k, (name, _) in enumerate(named):
            al = aliases.get(name)
            if al and value.lower() == al:
                return k
        return None

    m.period_weight = [w for _, w in c.periods]
    m.source_weight = [w for _, w in c.sources]
    if period_opt is not None:
        p = canon(period_opt, c.periods, PERIOD_ALIASES)
        if p is None:
            raise UsageError("unknown period %s" % period_opt)
        m.period_weight = [100 if k == p else 0 for k in range(len(c.periods))]

    # --- rubric
    rubric_name = c.files["rubric"]
    if os.path.exists(os.path.join(dirpath, rubric_name)):
        rt = read_table(dirpath, rubric_name, errs, True, forced)
    else:
        tdir = templates if templates else os.path.join(TOP, "templates")
        if os.path.exists(os.path.join(tdir, "rubric.csv")):
            rt = read_table(tdir, "rubric.csv", Errors(), True)
        else:
            errs.add(rubric_name, 1, "no rubric (data set or templates)")
            rt = None
    # AMBIGUITY (cascades): a file that is missing, empty or lacks a required
    # column is reported once; facts that depend on it are not checked
    # (no "unknown branch" for every score when branches.csv is unusable, no
    # "no scores" for every branch when scores.csv is unusable).
    rubric_ok = branches_ok = scores_ok = False
    m.items = []   # (id, cat, title, points)
    m.cats = []
    ids = {}
    if rt:
        ix = columns(rt, [("编号", "id", True), ("类别", "category", True),
                          ("考核内容", "item", True), ("分值", "points", True),
                          ("评分标准", "criteria", False)], errs)
        if all(k in ix for k in ("id", "category", "item", "points")):
            rubric_ok = True
            total = 0
            allok = True
            for line, f in rt.rows:
                iid = getf(f, ix, "id")
                cat = getf(f, ix, "category")
                pts = parse_num(getf(f, ix, "points"))
                if iid == "" or cat == "" or getf(f, ix, "item") == "":
                    # AMBIGUITY: an empty value in a required column is an
                    # error at its row (all files).
                    errs.add(rt.name, line, "empty id, category or item")
                if pts is None or pts <= 0:
                    # AMBIGUITY (cascades): the item stays known, its scores
                    # are not range-checked and the total is not checked.
                    errs.add(rt.name, line, "bad points")
                    pts = None
                    allok = False
                if iid in ids:
                    errs.add(rt.name, line, "duplicate item id")
                    continue
                if iid == "":
                    continue
                ids[iid] = len(m.items)
                m.items.append((iid, cat, getf(f, ix, "item"), pts))
                if pts is not None:
                    total += pts
                if cat not in m.cats:
                    m.cats.append(cat)
            # AMBIGUITY: the total is checked only when every points value
            # parsed.
            if not m.items:
                errs.add(rt.name, rt.hline, "no items")
                rubric_ok = False
            elif allok and total != c.total:
                errs.add(rt.name, rt.hline, "rubric adds up to %s" % fmt_cents(total))
    m.item_index = ids

    # --- branches
    bt = read_table(dirpath, c.files["branches"], errs, True, forced)
    m.branches = []  # dicts
    bidx = {}
    if bt:
        ix = columns(bt, [("支部编号", "id", True), ("支部名称", "name", True),
                          ("上级党组织", "parent", False), ("支部书记", "secretary", False),
                          ("党员人数", "members", False), ("换届时间", "elected", False)], errs)
        if "id" in ix and "name" in ix:
            branches_ok = True
            for line, f in bt.rows:
                bid = getf(f, ix, "id")
                bad = False
                if bid == "":
                    errs.add(bt.name, line, "empty branch id")
                    bad = True
                if getf(f, ix, "name") == "":
                    errs.add(bt.name, line, "empty branch name")
                elif bid in bidx:
                    errs.add(bt.name, line, "duplicate branch id")
                    bad = True
                mem = getf(f, ix, "members")
                if mem != "" and parse_int(mem) is None:
                    errs.add(bt.name, line, "bad 党员人数")
                el = getf(f, ix, "elected")
                if el != "" and parse_date(el) is None:
                    errs.add(bt.name, line, "bad 换届时间")
                if bad:
                    continue
                bidx[bid] = len(m.branches)
                m.branches.append({"id": bid, "name": getf(f, ix, "name"),
                                   "line": line, "vetoes": []})
    m.bidx = bidx
    if branches_ok and not m.branches:
        # AMBIGUITY: a branches.csv with a header and no rows is an error at
        # FILE:1 (like an empty file); the file is usable, so score rows
        # are still reported as naming unknown branches.
        errs.add(bt.name, 1, "no branches")

    # --- scores
    st = read_table(dirpath, c.files["scores"], errs, True, forced)
    np_, ns, ni = len(c.periods), len(c.sources), len(m.items)
    vals = {}   # (b, p, s, i) -> [cents]
    seen = set()
    has_scores = set()
    if st:
        hdr = st.header
        long_form = any(match_col(h, "细则编号", "item") for h in hdr)
        if not long_form and any(h in ids for h in hdr):
            wide = True
        else:
            wide = False
        rows = []  # (line, branch, period, source, rater, item, kind, value)
        if wide:
            known = [("支部编号", "branch"), ("考核期", "period"),
                     ("评价方式", "source"), ("评价人", "rater")]
            ix = {}
            itemcols = []
            for k, h in enumerate(hdr):
                kn = [en for zh, en in known if match_col(h, zh, en)]
                if kn:
                    ix.setdefault(kn[0], k)
                elif h in ids:
                    itemcols.append((k, h))
                elif h == "":
                    pass  # AMBIGUITY: an empty header cell is ignored
                else:
                    errs.add(st.name, st.hline, "unknown column %s" % h)
            for zh, en in known[:3]:
                if en not in ix:
                    errs.add(st.name, st.hline, "missing column %s" % zh)
            if all(en in ix for _, en in known[:3]):
                scores_ok = True
                for line, f in st.rows:
                    for k, iid in itemcols:
                        v = f[k] if k < len(f) else ""
                        if v == "":
                            continue
                        rows.append((line, getf(f, ix, "branch"), getf(f, ix, "period"),
                                     getf(f, ix, "source"), getf(f, ix, "rater"),
                                     iid, "score", v))
        else:
            ix = columns(st, [("支部编号", "branch", True), ("考核期", "period", True),
                              ("评价方式", "source", True), ("评价人", "rater", False),
                              ("细则编号", "item", True), ("得分", "score", False),
                              ("扣分", "deduction", False), ("说明", "note", False)], errs)
            if "score" not in ix and "deduction" not in ix:
                errs.add(st.name, st.hline, "missing column 得分 or 扣分")
            if all(k in ix for k in ("branch", "period", "source", "item")) and \
                    ("score" in ix or "deduction" in ix):
                scores_ok = True
                for line, f in st.rows:
                    sc = getf(f, ix, "score")
                    de = getf(f, ix, "deduction")
                    if sc != "" and de != "":
                        errs.add(st.name, line, "both 得分 and 扣分")
                        kind, v = None, None
                    elif sc == "" and de == "":
                        errs.add(st.name, line, "neither 得分 nor 扣分")
                        kind, v = None, None
                    elif sc != "":
                        kind, v = "score", sc
                    else:
                        kind, v = "deduction", de
                    rows.append((line, getf(f, ix, "branch"), getf(f, ix, "period"),
                                 getf(f, ix, "source"), getf(f, ix, "rater"),
                                 getf(f, ix, "item"), kind, v))
        for line, b, p, s, r, it, kind, v in rows:
            bad = False
            bi = bidx.get(b)
            if bi is None:
                if branches_ok:
                    errs.add(st.name, line, "unknown branch %s" % b)
                bad = True
            pi = canon(p, c.periods, PERIOD_ALIASES)
            if pi is None:
                errs.add(st.name, line, "unknown period %s" % p)
                bad = True
            si = canon(s, c.sources, SOURCE_ALIASES)
            if si is None:
                errs.add(st.name, line, "unknown source %s" % s)
                bad = True
            ii = ids.get(it)
            if ii is None:
                if rubric_ok:
                    errs.add(st.name, line, "unknown item %s" % it)
                bad = True
            cents = None
            if kind is None:
                bad = True
            else:
                x = parse_num(v)
                if x is None:
                    errs.add(st.name, line, "bad number %s" % v)
                    bad = True
                elif ii is not None and m.items[ii][3] is not None:
                    pts = m.items[ii][3]
                    if kind == "score":
                        if x > pts:
                            errs.add(st.name, line, "score out of range")
                            bad = True
                        cents = x
                    else:
                        cents = max(0, pts - x)
            if bad:
                # AMBIGUITY: a row with any error neither counts as a
                # duplicate's first occurrence nor covers its item.
                continue
            key = (bi, pi, si, r, ii)
            if key in seen:
                errs.add(st.name, line, "duplicate score")
                continue
            seen.add(key)
            vals.setdefault((bi, pi, si, ii), []).append(cents)
            has_scores.add(bi)

    # completeness: rows in branches.csv
    if scores_ok and rubric_ok and branches_ok and ni:
        for bi, b in enumerate(m.branches):
            if bi not in has_scores:
                errs.add(bt.name, b["line"], "no scores at all")
                continue
            missing = []
            for pi in range(np_):
                if m.period_weight[pi] == 0:
                    continue
                for si in range(ns):
                    if m.source_weight[si] == 0:
                        continue
                    for ii in range(ni):
                        if (bi, pi, si, ii) not in vals and \
                                m.items[ii][0] not in missing:
                            missing.append(m.items[ii][0])
            if missing:
                errs.add(bt.name, b["line"], "missing items %s" % " ".join(missing))
    m.vals = vals

    # --- vetoes
    vt = read_table(dirpath, c.files["vetoes"], errs, False, forced)
    if vt:
        ix = columns(vt, [("支部编号", "branch", True), ("否决事项", "reason", True),
                          ("说明", "detail", False), ("日期", "date", False),
                          ("文号", "reference", False)], errs)
        if "branch" in ix and "reason" in ix:
            for line, f in vt.rows:
                bad = False
                bi = bidx.get(getf(f, ix, "branch"))
                if bi is None:
                    if branches_ok:
                        errs.add(vt.name, line, "unknown branch")
                    bad = True
                reason = getf(f, ix, "reason")
                if c.veto_reasons and reason not in c.veto_reasons:
                    errs.add(vt.name, line, "unknown veto reason")
                    bad = True
                elif reason == "":
                    errs.add(vt.name, line, "empty veto reason")
                    bad = True
                d = getf(f, ix, "date")
                if d != "" and parse_date(d) is None:
                    errs.add(vt.name, line, "bad date")
                    bad = True
                if not bad:
                    m.branches[bi]["vetoes"].append(reason)

    # --- records
    rt2 = read_table(dirpath, c.files["records"], errs, False, forced)
    if rt2:
        ix = columns(rt2, [("支部编号", "branch", True), ("日期", "date", True),
                           ("类型", "type", True), ("主题", "topic", False),
                           ("应到", "expected", False), ("实到", "present", False)], errs)
        if all(k in ix for k in ("branch", "date", "type")):
            for line, f in rt2.rows:
                if branches_ok and getf(f, ix, "branch") not in bidx:
                    errs.add(rt2.name, line, "unknown branch")
                if parse_date(getf(f, ix, "date")) is None:
                    errs.add(rt2.name, line, "bad date")
                if getf(f, ix, "type") not in RECORD_TYPES:
                    errs.add(rt2.name, line, "unknown record type")
                e, p = getf(f, ix, "expected"), getf(f, ix, "present")
                ev = parse_int(e) if e != "" else -1
                pv = parse_int(p) if p != "" else -1
                if ev is None:
                    errs.add(rt2.name, line, "bad 应到")
                if pv is None:
                    errs.add(rt2.name, line, "bad 实到")
                if ev is not None and pv is not None and ev >= 0 and pv > ev:
                    errs.add(rt2.name, line, "实到 > 应到")

    # --- workers
    wt = read_table(dirpath, c.files["workers"], errs, False, forced)
    if wt:
        ix = columns(wt, [("姓名", "name", True), ("支部编号", "branch", True),
                          ("职务", "role", False), ("事迹", "deeds", False)], errs)
        if "name" in ix and "branch" in ix:
            for line, f in wt.rows:
                if branches_ok and getf(f, ix, "branch") not in bidx:
                    errs.add(wt.name, line, "unknown branch")
                if getf(f, ix, "name") == "":
                    errs.add(wt.name, line, "empty name")
    return m


# ---------------------------------------------------------------- scoring
def score(m):
    c = m.cfg
    np_, ns, ni = len(c.periods), len(c.sources), len(m.items)
    cat_of = [m.cats.index(it[1]) for it in m.items]
    for bi, b in enumerate(m.branches):
        # mean per (p, s, i), rounded half up to cents
        raw_total = 0
        raw_cat = [0] * len(m.cats)
        for pi in range(np_):
            pw = m.period_weight[pi]
            if pw == 0:
                continue
            for si in range(ns):
                sw = m.source_weight[si]
                if sw == 0:
                    continue
                for ii in range(ni):
                    v = m.vals.get((bi, pi, si, ii))
                    mean = div_round_half_up(sum(v), len(v))
                    raw_total += pw * sw * mean
                    raw_cat[cat_of[ii]] += pw * sw * mean
        b["final"] = div_round_half_up(raw_total, 10000)
        b["cats"] = [div_round_half_up(x, 10000) for x in raw_cat]
        seen = []
        for r in b["vetoes"]:
            if r not in seen:
                seen.append(r)
        b["reasons"] = seen
        b["vetoed"] = bool(seen)
    idkey = lambda b: b["id"].encode("utf-8")
    ranked = [b for b in m.branches if not b["vetoed"]]
    vetoed = [b for b in m.branches if b["vetoed"]]
    for b in ranked:
        b["rank"] = 1 + sum(1 for o in ranked if o["final"] > b["final"])
    ranked.sort(key=lambda b: (b["rank"], idkey(b)))
    vetoed.sort(key=lambda b: (-b["final"], idkey(b)))
    levels = c.levels
    lowest = len(levels) - 1
    cap = c.quota * len(m.branches) // 10000 if c.quota else None
    for b in m.branches:
        if b["vetoed"]:
            b["level"] = lowest
            continue
        lv = lowest
        for k, (_, mn) in enumerate(levels):
            if b["final"] >= mn:
                lv = k
                break
        if lv == 0 and cap is not None and b["rank"] > cap and len(levels) > 1:
            lv = lowest
            for k in range(1, len(levels)):
                if b["final"] >= levels[k][1]:
                    lv = k
                    break
        b["level"] = lv
    return ranked + vetoed


def csv_field(s):
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def rank_csv(m, order):
    out = []
    hdr = ["排名", "支部编号", "支部名称"] + m.cats + ["总分", "等次", "一票否决"]
    out.append(",".join(csv_field(h) for h in hdr))
    for b in order:
        row = ["" if b["vetoed"] else str(b["rank"]), b["id"], b["name"]]
        row += [fmt_cents(x) for x in b["cats"]]
        row += [fmt_cents(b["final"]), m.cfg.levels[b["level"]][0],
                ";".join(b["reasons"])]
        out.append(",".join(csv_field(x) for x in row))
    return "\n".join(out) + "\n"


def main(argv):
    args = argv[1:]
    templates = None
    period = None
    pos = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--period":
            period = args[i + 1]
            i += 2
        elif a == "--templates":
            templates = args[i + 1]
            i += 2
        elif a == "--format":
            if args[i + 1] != "csv":
                sys.stderr.write("ref.py: only --format csv\n")
                return 2
            i += 2
        else:
            pos.append(a)
            i += 1
    if len(pos) != 2 or pos[0] not in ("rank", "check"):
        sys.stderr.write(__doc__)
        return 2
    cmd, d = pos
    rc, out, err = run(cmd, d, period, templates)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return rc


class UsageError(Exception):
    pass


def run(cmd, d, period=None, templates=None):
    """-> (exit status, stdout text, stderr text)."""
    try:
        m = load(d, templates, period)
    except UsageError as e:
        return 2, "", "kaohe: %s\n" % e
    err = ""
    if cmd == "check":
        if os.environ.get("REF_VERBOSE"):
            for f, l, msg in sorted(m.errs.msgs):
                err += "%s:%d: %s\n" % (f, l, msg)
        out = "".join(p + "\n" for p in m.errs.sorted())
        return (1 if m.errs else 0), out, err
    if m.errs:
        for f, l, msg in sorted(m.errs.msgs):
            err += "ref: %s:%d: error: %s\n" % (f, l, msg)
        return 1, "", err
    order = score(m)
    return 0, rank_csv(m, order), err

if __name__ == "__main__":
    sys.stdout = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False)
    sys.stderr = open(sys.stderr.fileno(), "w", encoding="utf-8", newline="\n", closefd=False)
    sys.exit(main(sys.argv))
