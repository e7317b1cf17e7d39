#!/usr/bin/python3
"""csv2xlsx.py: a kaohe data set in CSV turned into a workbook, as a clerk's
Excel would hold it (SPEC section 8), for the tests of reading .xlsx.

    csv2xlsx.py DATASET OUT.xlsx [--english] [--map MAP]
    csv2xlsx.py DATASET OUTDIR --per-table
    csv2xlsx.py --expect MAP BOOK < stderr.expected

--expect turns kaohe's messages about the CSV data set into the messages
expected for the workbook BOOK made with --map MAP: "FILE:LINE:COL" becomes
"BOOK:SHEET!CELL" (settings lines: their row of 设置, in column 值 (C) for
a message on a setting's value, 项 (B) on its key, else 节 (A)), and the
tables and settings a message names ("不在 branches.csv 中") become the
sheets (工作表“支部”).

One workbook (default): a sheet per table, named 考核细则, 支部, 评分, 一票否决,
工作记录, 推荐人选, 党员 (or rubric, branches ... with --english), the
settings of kaohe.ini as a 设置 sheet (节, 项, 值), and a 说明 sheet in front
that kaohe ignores.  --per-table: OUTDIR/NAME.xlsx for each NAME.csv (first
worksheet), kaohe.ini copied as it is.

A CSV record that starts on physical line L goes to row L, field k to
column k, so that a CSV position FILE:L:k is the cell (L, k).  A field is
written as a number when Excel's General format shows that number as the
same text (95, 9.25, but not 95.50 or 007), as a date cell (yyyy-mm-dd) in
date columns when it is a valid date, else as text.  --map MAP writes one
line per position mapping: "kaohe.ini:LINE 设置!ROW" for settings lines,
"FILE SHEET" for tables.
"""
import csv
import datetime
import io
import os
import re
import sys

import openpyxl

TABLES = [
    ("rubric", "考核细则"), ("branches", "支部"), ("scores", "评分"),
    ("vetoes", "一票否决"), ("records", "工作记录"), ("workers", "推荐人选"),
    ("members", "党员"),
]
DATE_HEADERS = {"日期", "date", "换届时间", "elected", "出生日期", "born",
                "入党日期", "joined", "转正日期", "confirmed"}


def decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def records(text):
    """(start line, fields) of each record, as kaohe counts lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delim = ","
    first = text.split("\n", 1)[0]
    if "\t" in first and "," not in first:
        delim = "\t"
    out = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    prev = 0
    for fields in reader:
        start = prev + 1
        prev = reader.line_num
        if fields and any(f.strip() for f in fields):
            out.append((start, fields))
    return out


def general(x):
    """Excel's General format (15 significant digits), as kaohe reads it."""
    s = "%.14e" % x
    mant, exp = s.split("e")
    exp = int(exp)
    digits = mant.replace("-", "").replace(".", "").rstrip("0") or "0"
    sign = "-" if x < 0 else ""
    if exp < 0:
        return sign + "0." + "0" * (-exp - 1) + digits
    if len(digits) <= exp + 1:
        return sign + digits + "0" * (exp + 1 - len(digits))
    return sign + digits[:exp + 1] + "." + digits[exp + 1:]


DATE_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$|^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def cell_value(text, is_date_col):
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        v = float(text)
        if general(v) == text:
            return int(text) if "." not in text and abs(v) < 2**53 else v
    if is_date_col:
        m = DATE_RE.match(text)
        if m:
            g = [x for x in m.groups() if x is not None]
            try:
                return datetime.datetime(int(g[0]), int(g[1]), int(g[2]))
            except ValueError:
                pass
    return text


def fill(ws, recs):
    header = None
    for line, fields in recs:
        if header is None:
            header = [f.strip() for f in fields]
            dates = {i for i, h in enumerate(header) if h in DATE_HEADERS or h.lower() in DATE_HEADERS}
        for k, f in enumerate(fields):
            if f == "":
                continue
            v = cell_value(f, line != recs[0][0] and k in dates)
            c = ws.cell(row=line, column=k + 1, value=v)
            if isinstance(v, datetime.datetime):
                c.number_format = "yyyy-mm-dd"
            elif isinstance(v, str):
                c.data_type = "s"   # never a formula, even with a leading =


def ini_rows(path):
    """(ini line, section, key, value) per setting, with kaohe.ini's rules."""
    out = []
    section = None
    data = open(path, "rb").read().decode("utf-8-sig")
    data = data.replace("\r\n", "\n").replace("\r", "\n")
    for n, line in enumerate(data.split("\n"), 1):
        s = line.strip()
        if not s or s[0] in ";#":
            continue
        if s.startswith("["):
            section = s[1:s.index("]")].strip()
            out.append((n, section, None, None))
            continue
        key, _, value = s.partition("=")
        m = re.search(r"\s;", value)
        if m:
            value = value[:m.start()]
        out.append((n, section, key.strip(), value.strip()))
    return out


def settings_sheet(ws, path, mapping):
    ws.append(["节", "项", "值"])
    row = 1
    pending = None   # a section header not yet given a row
    for n, section, key, value in ini_rows(path):
        if key is None:
            if pending is not None:
                row += 1
                ws.cell(row=row, column=1, value=pending[1])
                mapping.append("kaohe.ini:%d 设置!%d" % (pending[0], row))
            pending = (n, section)
            continue
        row += 1
        ws.cell(row=row, column=1, value=section)
        ws.cell(row=row, column=2, value=key).data_type = "s"
        v = cell_value(value, False)
        c = ws.cell(row=row, column=3, value=v)
        if isinstance(v, str):
            c.data_type = "s"
        if pending is not None:
            mapping.append("kaohe.ini:%d 设置!%d" % (pending[0], row))
            pending = None
        mapping.append("kaohe.ini:%d 设置!%d" % (n, row))
    if pending is not None:
        row += 1
        ws.cell(row=row, column=1, value=pending[1])
        mapping.append("kaohe.ini:%d 设置!%d" % (pending[0], row))


def col_name(c):
    s = ""
    while c > 0:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def expect(mapfile, book):
    ini, sheets = {}, {}
    for line in open(mapfile, encoding="utf-8"):
        a, b = line.split()
        if a.startswith("kaohe.ini:"):
            ini[int(a.split(":")[1])] = int(b.split("!")[1])
        else:
            sheets[a] = b
    pos = re.compile(r"^kaohe: ([^:]+):(\d+):(\d+): (.*)$")
    for line in sys.stdin:
        m = pos.match(line.rstrip("\n"))
        if m and m.group(1) == "kaohe.ini" and int(m.group(2)) in ini:
            text = m.group(4)
            if " = “" in text or "[rating] levels：" in text:
                col = "C"
            elif "不是记录类型" in text or "中不认识的设置" in text or "重复设置" in text:
                col = "B"
            else:
                col = "A"
            line = "kaohe: %s:设置!%s%d: %s\n" % (book, col, ini[int(m.group(2))], text)
        elif m and m.group(1) in sheets:
            line = "kaohe: %s:%s!%s%s: %s\n" % (book, sheets[m.group(1)],
                col_name(int(m.group(3))), m.group(2), m.group(4))
        # messages name the sheets the workbook has, not the CSV files
        for name, sheet in sheets.items():
            line = line.replace(" %s " % name, "工作表“%s”" % sheet)
        line = line.replace("不在 kaohe.ini 的 [", "不在工作表“设置”的 [")
        line = line.replace("不是 kaohe.ini [veto]", "不是工作表“设置”[veto]")
        sys.stdout.write(line)


def main():
    args = sys.argv[1:]
    if args and args[0] == "--expect":
        expect(args[1], args[2])
        return
    english = "--english" in args
    per_table = "--per-table" in args
    mapfile = None
    if "--map" in args:
        mapfile = args[args.index("--map") + 1]
        del args[args.index("--map"):args.index("--map") + 2]
    args = [a for a in args if not a.startswith("--")]
    src, out = args
    mapping = []
    if per_table:
        os.makedirs(out, exist_ok=True)
        for name, cn in TABLES:
            p = os.path.join(src, name + ".csv")
            if not os.path.exists(p):
                continue
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = cn
            fill(ws, records(decode(open(p, "rb").read())))
            wb.save(os.path.join(out, name + ".xlsx"))
        ini = os.path.join(src, "kaohe.ini")
        if os.path.exists(ini):
            with open(ini, "rb") as f, open(os.path.join(out, "kaohe.ini"), "wb") as g:
                g.write(f.read())
        return
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws["A1"] = "本工作簿由测试生成；kaohe 不读这一页。"
    ini = os.path.join(src, "kaohe.ini")
    if os.path.exists(ini):
        settings_sheet(wb.create_sheet("settings" if english else "设置"), ini, mapping)
    for name, cn in TABLES:
        p = os.path.join(src, name + ".csv")
        if not os.path.exists(p):
            continue
        ws = wb.create_sheet(name.capitalize() if english else cn)
        fill(ws, records(decode(open(p, "rb").read())))
        mapping.append("%s.csv %s" % (name, ws.title))
    wb.save(out)
    if mapfile:
        with open(mapfile, "w") as f:
            f.write("\n".join(mapping) + "\n")


if __name__ == "__main__":
    main()
