#!/usr/bin/env python3
"""xlsx_check.py: checks of kaohe's workbooks with openpyxl, for
tests/t_template.sh.  Each command prints what is wrong and exits 1 if
anything is.

  template FILE.xlsx wide|long DIR|-      sheets, headers, frozen and locked
                                          header rows, open data cells, data
                                          validations, comments, widths, and
                                          the rows prefilled from DIR (- for
                                          the built-in defaults)
  settings FILE.xlsx SECTION KEY VALUE... the 设置 sheet holds exactly these
                                          rows (VALUE triples in order)
  results RESULTS.xlsx RESULTS.csv DIR    results.xlsx against results.csv
                                          (cell for cell) and, for 细则得分,
                                          the item means of tests/oracle/ref.py
  escaped RESULTS.xlsx ID TEXT...         the branch ID's name cell holds TEXT
                                          (pairs), as a text cell
  fill TEMPLATE.xlsx DIR OUT.xlsx         types DIR's scores, vetoes, records
                                          and nominees into a template of DIR,
                                          as a clerk would (numbers as numbers,
                                          dates as dates)
"""
import csv
import datetime
import decimal
import os
import sys

import openpyxl
from openpyxl.utils import get_column_letter

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "oracle"))
import ref  # noqa: E402  the reference implementation

SHEETS = ["说明", "设置", "考核细则", "支部", "评分", "一票否决", "工作记录",
          "推荐人选", "党员"]
HEADERS = {
    "设置": ["节", "项", "值"],
    "考核细则": ["编号", "类别", "考核内容", "分值", "评分标准"],
    "支部": ["支部编号", "支部名称", "上级党组织", "支部书记", "党员人数",
           "换届时间"],
    "一票否决": ["支部编号", "否决事项", "说明", "日期", "文号"],
    "工作记录": ["支部编号", "日期", "类型", "主题", "应到", "实到"],
    "推荐人选": ["姓名", "支部编号", "职务", "事迹"],
    "党员": ["姓名", "支部编号", "性别", "民族", "出生日期", "学历", "入党日期",
           "转正日期", "党内职务", "党小组"],
}
SCORE_KEYS = ["支部编号", "考核期", "评价方式", "评价人"]
SCORE_LONG = ["细则编号", "得分", "扣分", "说明"]

BRANCH_LIST = ("OFFSET('支部'!$A$2,0,0,MAX(1,COUNTA('支部'!$A$2:$A$1048576)),1)")
ITEM_LIST = ("OFFSET('考核细则'!$A$2,0,0,MAX(1,COUNTA('考核细则'!$A$2:$A$1048576)),1)")
RECORD_TYPES = '"支部党员大会,支委会,党小组会,党课,主题党日,组织生活会,民主评议党员,其他"'
ROLES = '"支部书记,副书记,组织委员,宣传委员,纪检委员,青年委员,统战委员,党小组长"'
DATE = ("date", None, "1", "73050")        # 1900-01-01 … 2099-12-31
WHOLE = ("whole", "greaterThanOrEqual", "0", None)

errors = []


def fail(msg):
    errors.append(msg)


def done():
    for e in errors[:60]:
        print("FAIL:", e)
    if len(errors) > 60:
        print("FAIL: … and %d more" % (len(errors) - 60))
    sys.exit(1 if errors else 0)


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def short(cents):
    """Cents as the shortest decimal: 400 -> '4', 450 -> '4.5'."""
    s = "%d.%02d" % (cents // 100, cents % 100)
    return s.rstrip("0").rstrip(".")


def dataset(d):
    """ref.py's model of data set d (or of the defaults), without scores."""
    m = ref.Model()
    errs = ref.Errors()
    m.cfg = ref.build_config(d or os.path.join(TOP, "templates"), errs)
    return m


def rubric(d):
    path = os.path.join(d, "rubric.csv") if d else None
    if not path or not os.path.exists(path):
        path = os.path.join(TOP, "templates", "rubric.csv")
    return csv_rows(path)


def cents(s):
    return int((decimal.Decimal(s) * 100).to_integral_value())


def check_dv(ws, col, header, want, errs_needed=True):
    """The one validation of column col (rows 2 …) is want = (type,
    operator, formula1, formula2)."""
    letter = get_column_letter(col)
    sq = "%s2:%s1048576" % (letter, letter)
    found = [dv for dv in ws.data_validations.dataValidation
             if str(dv.sqref) == sq]
    where = "%s!%s (%s)" % (ws.title, letter, header)
    if len(found) != 1:
        fail("%s: %d validations on %s, want 1" % (where, len(found), sq))
        return
    dv = found[0]
    got = (dv.type, dv.operator, dv.formula1, dv.formula2)
    if got != want:
        fail("%s: validation %r, want %r" % (where, got, want))
    if not dv.promptTitle or not dv.prompt or not any(
            ord(ch) > 0x2e80 for ch in dv.prompt):
        fail("%s: no Chinese input message" % where)
    if not dv.showInputMessage:
        fail("%s: the input message is not shown" % where)
    if want[0] is not None and errs_needed:
        if not dv.showErrorMessage or not dv.error or not any(
                ord(ch) > 0x2e80 for ch in dv.error):
            fail("%s: no Chinese error message" % where)
        if dv.errorStyle not in (None, "stop"):
            fail("%s: error style %s, want stop" % (where, dv.errorStyle))
    if dv.allow_blank is not True:
        fail("%s: an empty cell is refused" % where)


def expected_validations(sheet, cfg, items, form):
    """(header, (type, operator, formula1, formula2)) per column."""
    periods = '"%s"' % ",".join(n for n, _ in cfg.periods)
    sources = '"%s"' % ",".join(n for n, _ in cfg.sources)
    reasons = ('"%s"' % ",".join(cfg.veto_reasons) if cfg.veto_reasons
               else None)
    cols = []

    def custom(f):
        return ("custom", None, f, None)
    if sheet == "设置":
        cols = [(h, (None, None, None, None)) for h in HEADERS[sheet]]
    elif sheet == "考核细则":
        cols = [("编号", custom("COUNTIF($A:$A,A2)=1")),
                ("类别", (None,) * 4), ("考核内容", (None,) * 4),
                ("分值", custom("AND(ISNUMBER(D2),D2>0,ROUND(D2,2)=D2)")),
                ("评分标准", (None,) * 4)]
    elif sheet == "支部":
        cols = [("支部编号", custom("COUNTIF($A:$A,A2)=1")),
                ("支部名称", (None,) * 4), ("上级党组织", (None,) * 4),
                ("支部书记", (None,) * 4), ("党员人数", WHOLE),
                ("换届时间", DATE)]
    elif sheet == "评分":
        cols = [("支部编号", ("list", None, BRANCH_LIST, None)),
                ("考核期", ("list", None, periods, None)),
                ("评价方式", ("list", None, sources, None)),
                ("评价人", (None,) * 4)]
        if form == "long":
            cols += [("细则编号", ("list", None, ITEM_LIST, None)),
                     ("得分", custom("AND(ISNUMBER(F2),F2>=0,F2<=VLOOKUP($E2,"
                                   "'考核细则'!$A:$D,4,FALSE),ROUND(F2,2)=F2)")),
                     ("扣分", custom("AND(ISNUMBER(G2),G2>=0,ROUND(G2,2)=G2)")),
                     ("说明", (None,) * 4)]
        else:
            for k, it in enumerate(items):
                c = get_column_letter(5 + k) + "2"
                cols.append((it["编号"], custom(
                    "AND(ISNUMBER(%s),%s>=0,%s<=%s,ROUND(%s,2)=%s)" %
                    (c, c, c, short(cents(it["分值"])), c, c))))
    elif sheet == "一票否决":
        cols = [("支部编号", ("list", None, BRANCH_LIST, None)),
                ("否决事项", ("list", None, reasons, None) if reasons
                 else (None,) * 4),
                ("说明", (None,) * 4), ("日期", DATE), ("文号", (None,) * 4)]
    elif sheet == "工作记录":
        cols = [("支部编号", ("list", None, BRANCH_LIST, None)),
                ("日期", DATE), ("类型", ("list", None, RECORD_TYPES, None)),
                ("主题", (None,) * 4), ("应到", WHOLE), ("实到", WHOLE)]
    elif sheet == "推荐人选":
        cols = [("姓名", (None,) * 4),
                ("支部编号", ("list", None, BRANCH_LIST, None)),
                ("职务", ("list", None, ROLES, None)), ("事迹", (None,) * 4)]
    elif sheet == "党员":
        cols = [("姓名", (None,) * 4),
                ("支部编号", ("list", None, BRANCH_LIST, None)),
                ("性别", ("list", None, '"男,女"', None)),
                ("民族", (None,) * 4), ("出生日期", DATE), ("学历", (None,) * 4),
                ("入党日期", DATE), ("转正日期", DATE),
                ("党内职务", ("list", None, ROLES, None)),
                ("党小组", (None,) * 4)]
    return cols


def text_width(s):
    return sum(2 if ord(ch) > 0x2e80 else 1 for ch in str(s))


def check_template(path, form, d):
    d = None if d == "-" else d
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != SHEETS:
        fail("sheets %s, want %s" % (wb.sheetnames, SHEETS))
        return
    m = dataset(d)
    cfg = m.cfg
    items = rubric(d)
    bpath = os.path.join(d, "branches.csv") if d else None
    branches = csv_rows(bpath) if bpath and os.path.exists(bpath) else []
    for name in SHEETS:
        ws = wb[name]
        want_freeze = "E2" if name == "评分" and form == "wide" else "A2"
        if ws.freeze_panes != want_freeze:
            fail("%s: frozen at %s, want %s" % (name, ws.freeze_panes,
                                                 want_freeze))
        if not ws.protection.sheet:
            fail("%s: not protected" % name)
        header = [c.value for c in ws[1]]
        for c in ws[1]:
            if not c.protection.locked:
                fail("%s!%s: the header is not locked" % (name, c.coordinate))
        if 1 not in ws.row_dimensions or \
                not ws.row_dimensions[1].protection.locked:
            fail("%s: row 1 is not locked as a whole" % name)
        if name == "说明":
            if header != ["工作表", "填写方法"]:
                fail("说明: header %s" % header)
            listed = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
            for s in SHEETS[1:]:
                if s not in listed:
                    fail("说明 does not explain sheet %s" % s)
            for r in range(2, ws.max_row + 1):
                t = ws.cell(r, 2).value or ""
                if len(t) < 30:
                    fail("说明!B%d: too short: %r" % (r, t))
            continue
        if name == "评分":
            want = SCORE_KEYS + (SCORE_LONG if form == "long"
                                 else [it["编号"] for it in items])
        else:
            want = HEADERS[name]
        if header != want:
            fail("%s: header %s, want %s" % (name, header, want))
            continue
        # rows 2 … open: every column from A to XFD has an unlocked format
        covered = set()
        for key, dim in ws.column_dimensions.items():
            if dim.protection.locked:
                fail("%s: column %s is locked" % (name, key))
            covered.update(range(dim.min, dim.max + 1))
        if covered != set(range(1, 16385)):
            fail("%s: %d columns have no open format" % (
                name, 16384 - len(covered)))
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if c.value is not None and c.protection.locked:
                    fail("%s!%s: a data cell is locked" % (name, c.coordinate))
        # widths: a header fits its column, long text columns are wide
        for k, h in enumerate(header):
            letter = get_column_letter(k + 1)
            w = ws.column_dimensions[letter].width
            if w is None or w < text_width(h):
                fail("%s!%s: width %s does not fit %r" % (name, letter, w, h))
            if h in ("评分标准", "事迹", "说明") and name != "说明" and w < 40:
                fail("%s!%s: long text column only %s wide" % (name, letter, w))
        for k, (h, dv) in enumerate(expected_validations(name, cfg, items,
                                                          form)):
            if dv[0] is None:
                # free text: an input message only (type "any")
                check_dv(ws, k + 1, h, (None, None, None, None), False)
            else:
                check_dv(ws, k + 1, h, dv,
                         errs_needed=not (name == "推荐人选" and h == "职务"))
        if name == "推荐人选":
            dv = [v for v in ws.data_validations.dataValidation
                  if str(v.sqref).startswith("C2:")]
            if dv and dv[0].errorStyle != "information":
                fail("推荐人选!C: 职务 must allow other text (information)")

    # comments of the wide form's item headers
    ws = wb["评分"]
    if form == "wide":
        for k, it in enumerate(items):
            c = ws.cell(1, 5 + k)
            want = "%s %s（%s）\n分值：%s 分" % (it["编号"], it["考核内容"],
                                           it["类别"], short(cents(it["分值"])))
            if c.comment is None or not c.comment.text.startswith(want):
                fail("评分!%s: comment %r, want it to start %r" % (
                    c.coordinate, c.comment and c.comment.text[:60], want))
            elif it.get("评分标准") and it["评分标准"][:20] not in c.comment.text:
                fail("评分!%s: the comment lacks the 评分标准" % c.coordinate)

    # prefilled rows
    ws = wb["考核细则"]
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    want = [[it["编号"], it["类别"], it["考核内容"],
             cents(it["分值"]) / 100, it.get("评分标准") or None] for it in items]
    if got != want:
        fail("考核细则 rows %s…, want %s…" % (got[:2], want[:2]))
    for r in ws.iter_rows(min_row=2, max_col=4):
        if r[3].data_type != "n":
            fail("考核细则!%s: 分值 is not a number" % r[3].coordinate)
        if r[0].number_format != "@":
            fail("考核细则!%s: 编号 is not a text cell" % r[0].coordinate)

    ws = wb["支部"]
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    want = []
    for b in branches:
        el = ref.parse_date(b.get("换届时间", "")) if b.get("换届时间") else None
        want.append([b["支部编号"], b["支部名称"], b.get("上级党组织") or None,
                     b.get("支部书记") or None,
                     int(b["党员人数"]) if b.get("党员人数") else None,
                     datetime.datetime(*el) if el else None])
    if got != want:
        fail("支部 rows %s…, want %s…" % (got[:2], want[:2]))
    for r in ws.iter_rows(min_row=2):
        if r[5].value is not None and r[5].number_format != "yyyy-mm-dd":
            fail("支部!%s: date format %s" % (r[5].coordinate,
                                            r[5].number_format))

    ws = wb["评分"]
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    want = []
    for b in branches:
        for p, pw in cfg.periods:
            if pw == 0:
                continue
            for s, sw in cfg.sources:
                if sw == 0:
                    continue
                if form == "wide":
                    want.append([b["支部编号"], p, s] + [None] * (1 + len(items)))
                else:
                    for it in items:
                        want.append([b["支部编号"], p, s, None, it["编号"],
                                     None, None, None])
    if got != want:
        fail("评分: %d rows %s…, want %d rows %s…" % (
            len(got), got[:1], len(want), want[:1]))
    for name in ("一票否决", "工作记录", "推荐人选"):
        if wb[name].max_row != 1:
            fail("%s: %d rows, want the header only" % (name,
                                                        wb[name].max_row))

    # the members, as members.csv lists them (dates as dates)
    mpath = os.path.join(d, "members.csv") if d else None
    members = csv_rows(mpath) if mpath and os.path.exists(mpath) else []
    ws = wb["党员"]
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    want = []
    for mb in members:
        row = []
        for h in HEADERS["党员"]:
            v = mb.get(h) or None
            if v and h in ("出生日期", "入党日期", "转正日期"):
                v = datetime.datetime(*ref.parse_date(v))
            row.append(v)
        want.append(row)
    if got != want:
        fail("党员: %d rows %s…, want %d rows %s…" % (
            len(got), got[:1], len(want), want[:1]))
    for r in ws.iter_rows(min_row=2):
        for k in (4, 6, 7):
            if r[k].value is not None and (r[k].number_format != "yyyy-mm-dd"
                                           or not r[k].is_date):
                fail("党员!%s: not a date cell" % r[k].coordinate)


def check_settings(path, triples):
    wb = openpyxl.load_workbook(path)
    ws = wb["设置"]
    got = [tuple(c.value if c.value is not None else "" for c in r)
           for r in ws.iter_rows(min_row=2)]
    want = [tuple(triples[i:i + 3]) for i in range(0, len(triples), 3)]
    if got != want:
        for k in range(max(len(got), len(want))):
            g = got[k] if k < len(got) else None
            w = want[k] if k < len(want) else None
            if g != w:
                fail("设置 row %d: %r, want %r" % (k + 2, g, w))
    for r in ws.iter_rows(min_row=2):
        for c in r:
            if c.value is not None and c.data_type != "s":
                fail("设置!%s is not text" % c.coordinate)
    notes = [r[1].comment for r in ws.iter_rows(min_row=2)]
    if any(n is None for n in notes[:5]):
        fail("设置: the report keys have no comment explaining them")


def check_results(xlsx, csvpath, d):
    wb = openpyxl.load_workbook(xlsx)
    if wb.sheetnames != ["考核结果", "细则得分"]:
        fail("results.xlsx sheets %s" % wb.sheetnames)
        return
    rows = list(csv.reader(open(csvpath, encoding="utf-8-sig", newline="")))
    header = rows[0]
    ws = wb["考核结果"]
    if ws.freeze_panes != "A2":
        fail("考核结果: frozen at %s" % ws.freeze_panes)
    got = [[c for c in r] for r in ws.iter_rows()]
    if len(got) != len(rows):
        fail("考核结果: %d rows, results.csv %d" % (len(got), len(rows)))
    ncat = len(header) - 6
    score_cols = set(range(3, 3 + ncat + 1))
    for r, (xr, cr) in enumerate(zip(got, rows)):
        if len(xr) != len(cr):
            fail("考核结果 row %d: %d cells, csv %d" % (r + 1, len(xr), len(cr)))
            continue
        for k, (x, c) in enumerate(zip(xr, cr)):
            where = "考核结果!%s" % x.coordinate
            if r == 0:
                if x.value != c:
                    fail("%s: header %r, want %r" % (where, x.value, c))
                continue
            if k in score_cols:
                if x.data_type != "n" or isinstance(x.value, str):
                    fail("%s: %r is not a number" % (where, x.value))
                elif "%.2f" % x.value != c:
                    fail("%s: %r, csv %s" % (where, x.value, c))
                if x.number_format != "0.00":
                    fail("%s: format %s, want 0.00" % (where, x.number_format))
            elif k == 0:
                want = int(c) if c else None
                if x.value != want or (c and x.data_type != "n"):
                    fail("%s: rank %r, csv %r" % (where, x.value, c))
            elif (x.value or "") != c:
                fail("%s: %r, csv %r" % (where, x.value, c))
    for k in range(len(header)):
        letter = get_column_letter(k + 1)
        w = ws.column_dimensions[letter].width
        longest = max(text_width(r[k]) for r in rows)
        if w is None or w < longest:
            fail("考核结果!%s: width %s for text %d wide" % (letter, w, longest))

    # 细则得分 against ref.py's item means
    m = ref.load(d, None)
    if m.errs:
        fail("ref.py cannot load %s" % d)
        return
    order = ref.score(m)
    c = m.cfg
    ws = wb["细则得分"]
    if ws.freeze_panes != "E2":
        fail("细则得分: frozen at %s" % ws.freeze_panes)
    hdr = [x.value for x in ws[1]]
    want_hdr = ["支部编号", "支部名称", "考核期", "评价方式"] + \
        [it[0] for it in m.items]
    if hdr != want_hdr:
        fail("细则得分 header %s" % hdr)
    want = []
    index = {b["id"]: k for k, b in enumerate(m.branches)}
    for b in order:
        bi = index[b["id"]]
        combined = [0] * len(m.items)
        for pi, (p, _) in enumerate(c.periods):
            for si, (s, _) in enumerate(c.sources):
                means = []
                for ii in range(len(m.items)):
                    v = m.vals.get((bi, pi, si, ii))
                    means.append(ref.div_round_half_up(sum(v), len(v))
                                 if v else None)
                if all(x is None for x in means):
                    continue
                want.append([b["id"], b["name"], p, s] + means)
                for ii, x in enumerate(means):
                    combined[ii] += (m.period_weight[pi] *
                                     m.source_weight[si] * (x or 0))
        want.append([b["id"], b["name"], "综合", None] +
                    [ref.div_round_half_up(x, 10000) for x in combined])
    got = []
    for r in ws.iter_rows(min_row=2):
        row = [x.value for x in r[:4]]
        for x in r[4:]:
            if x.value is None:
                row.append(None)
                continue
            if x.data_type != "n" or x.number_format != "0.00":
                fail("细则得分!%s: not a number shown 0.00" % x.coordinate)
            row.append(int(round(x.value * 100)))
            if abs(x.value * 100 - row[-1]) > 1e-6:
                fail("细则得分!%s: %r is not in cents" % (x.coordinate,
                                                         x.value))
        got.append(row)
    if got != want:
        for k in range(max(len(got), len(want))):
            g = got[k] if k < len(got) else None
            w = want[k] if k < len(want) else None
            if g != w:
                fail("细则得分 row %d: %r, want %r" % (k + 2, g, w))


def check_escaped(xlsx, pairs):
    wb = openpyxl.load_workbook(xlsx)
    for sheet, col in (("考核结果", 3), ("细则得分", 2)):
        ws = wb[sheet]
        by_id = {}
        for r in ws.iter_rows(min_row=2):
            by_id.setdefault(r[col - 2].value, r[col - 1])
        for i in range(0, len(pairs), 2):
            bid, want = pairs[i], pairs[i + 1]
            cell = by_id.get(bid)
            if cell is None:
                fail("%s: no row of %s" % (sheet, bid))
            elif cell.value != want or cell.data_type != "s":
                fail("%s!%s: %r (%s), want the text %r" % (
                    sheet, cell.coordinate, cell.value, cell.data_type, want))


def number(s):
    """A number as a clerk types it: 4 stays 4, 3.5 is 3.5."""
    v = decimal.Decimal(s)
    return int(v) if v == v.to_integral_value() else float(v)


def date(s):
    """A date as Excel stores one typed into a date column: a date serial
    in the column's format (openpyxl writes a datetime.date with
    yyyy-mm-dd)."""
    y, mo, dd = ref.parse_date(s)
    return datetime.date(y, mo, dd)


def fill(template, d, out):
    wb = openpyxl.load_workbook(template)
    ws = wb["评分"]
    header = [c.value for c in ws[1]]
    long_form = "细则编号" in header
    points = {it["编号"]: decimal.Decimal(it["分值"]) for it in rubric(d)}
    rows = csv_rows(os.path.join(d, "scores.csv"))
    free = {}   # the template's empty rows, by key
    for r in range(2, ws.max_row + 1):
        key = tuple(ws.cell(r, k).value for k in (1, 2, 3)) + (
            (ws.cell(r, 5).value,) if long_form else ())
        free.setdefault(key, []).append(r)
    nxt = ws.max_row + 1

    def row_for(key):
        nonlocal nxt
        if free.get(key):
            return free[key].pop(0)
        nxt += 1
        return nxt - 1
    if long_form:
        for s in rows:
            r = row_for((s["支部编号"], s["考核期"], s["评价方式"], s["细则编号"]))
            vals = [s["支部编号"], s["考核期"], s["评价方式"], s["评价人"],
                    s["细则编号"],
                    number(s["得分"]) if s["得分"] else None,
                    number(s["扣分"]) if s["扣分"] else None,
                    s["说明"] or None]
            for k, v in enumerate(vals):
                if v is not None:
                    ws.cell(r, k + 1).value = v
    else:
        col = {h: k + 1 for k, h in enumerate(header)}
        groups = {}
        for s in rows:
            groups.setdefault((s["支部编号"], s["考核期"], s["评价方式"],
                               s["评价人"]), []).append(s)
        for (b, p, src, rater), ss in groups.items():
            r = row_for((b, p, src))
            for k, v in enumerate((b, p, src, rater or None)):
                if v is not None:
                    ws.cell(r, k + 1).value = v
            for s in ss:
                if s["得分"]:
                    v = decimal.Decimal(s["得分"])
                else:
                    v = max(decimal.Decimal(0),
                            points[s["细则编号"]] - decimal.Decimal(s["扣分"]))
                ws.cell(r, col[s["细则编号"]]).value = number(v)

    def append(sheet, fname, conv):
        path = os.path.join(d, fname)
        if not os.path.exists(path):
            return
        w = wb[sheet]
        hdr = [c.value for c in w[1]]
        for k, s in enumerate(csv_rows(path)):
            for j, h in enumerate(hdr):
                v = s.get(h) or ""
                if v:
                    w.cell(2 + k, j + 1).value = conv.get(h, str)(v)
    append("一票否决", "vetoes.csv", {"日期": date})
    append("工作记录", "records.csv", {"日期": date, "应到": int, "实到": int})
    append("推荐人选", "workers.csv", {})
    wb.save(out)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "template":
        check_template(args[0], args[1], args[2])
    elif cmd == "settings":
        check_settings(args[0], args[1:])
    elif cmd == "results":
        check_results(args[0], args[1], args[2])
    elif cmd == "escaped":
        check_escaped(args[0], args[1:])
    elif cmd == "fill":
        fill(args[0], args[1], args[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    done()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
