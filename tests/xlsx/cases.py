#!/usr/bin/python3
"""cases.py OUTDIR: writes the workbooks of tests/t_xlsx.sh into OUTDIR.

  features.xlsx   a valid data set as Excel and WPS write it: hidden 说明
                  sheet, 设置 with a merged 节 column, rich text with
                  phonetic runs, inline strings, formulas with cached values,
                  date cells (Excel's m/d/yyyy and WPS's yyyy年m月d日),
                  94.99999999999999-like numbers and 0.1+0.2, merged cells,
                  styled empty rows and columns past the data
  features-csv/   the same data set in CSV
  echo.xlsx       records whose 类型 cells echo how the reader shows them
                  (1900 date system), and cells of every kind in used and
                  unused columns
  echo1904.xlsx   the same dates in the 1904 date system
  refusals: cfb.xlsx encrypted.xlsx corrupt.xlsx bomb.xlsx bomb-lying.xlsx
            dtd.xlsx entity.xlsx rows.xlsx cols.xlsx order.xlsx badsst.xlsx
            text.xlsx docx.xlsx empty.xlsx
  noscores.xlsx, emptysheet.xlsx   a missing and an empty 评分 sheet
"""
import os
import struct
import sys
import zipfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkbook import book  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
P = lambda name: os.path.join(out, name)  # noqa: E731

INI = "[weights]\n自评 = 0\n互评 = 0\n考评 = 100\n\n[periods]\n半年 = 0\n年终 = 100\n"
settings = {"A1": "节", "B1": "项", "C1": "值",
            "A2": "weights", "B2": "自评", "C2": 0, "B3": "互评", "C3": 0, "B4": "考评", "C4": ("f", "100-C2-C3", 100),
            "A5": "periods", "B5": "半年", "C5": 0, "B6": "年终", "C6": 100,
            "A7": "report", "B7": "organization", "C7": ("inline", "某某单位党委")}
rubric = {"A1": "编号", "B1": "类别", "C1": "考核内容", "D1": "分值", "E1": ("rich", ["评分", "标准"], None),
          "A2": "1.1", "B2": "班子建设", "C2": ("rich", ["班子", "团结"], "はんし"), "D2": ("f", "10+20", 30), "E2": "团结",
          "A3": "1.2", "B3": "班子建设", "C3": ("inline", " 民主集中制 "), "D3": ("f", "0.1+0.2+19.7", 20.000000000000004),
          "A4": "2.1", "B4": "基础工作", "C4": "台账", "D4": 24.999999999999996,
          "A5": "2.2", "B5": "基础工作", "C5": "阵地", "D5": ("f", "SUM(25)", 25)}
branches = {"A1": "支部编号", "B1": "支部名称", "C1": "换届时间", "D1": "党员人数",
            "A2": "B1", "B2": "第一党支部", "C2": ("date", 45723, 1), "D2": ("f", "10+2", 12),
            "A3": "B2", "B3": ("rich", ["第二", "党支部"], "だいに"), "C3": ("date", 45000, 2), "D3": 8,
            "Z1": ("empty", 1), "Z2": ("empty", 1), "A40": ("empty", 1), "C41": ("empty", 2)}
scores = {"A1": "支部编号", "B1": "考核期", "C1": "评价方式", "D1": "评价人", "E1": "细则编号", "F1": "得分", "G1": "扣分", "H1": "说明"}
rows = [("B1", "1.1", 94.99999999999999 - 66, None, "说明跨两列"),
        ("B1", "1.2", ("f", "0.1+0.2", 0.30000000000000004), None, None),
        ("B1", "2.1", 9.25, None, None),
        ("B1", "2.2", None, ("f", "25-20.5", 4.5), "扣分"),
        ("B2", "1.1", ("f", "30", 30), None, None),
        ("B2", "1.2", 19.999999999999996, None, None),
        ("B2", "2.1", None, 0.1 + 0.2, None),
        ("B2", "2.2", ("inline", "25"), None, None)]
for i, (b, item, sc, de, note) in enumerate(rows):
    r = i + 2
    scores["A%d" % r] = b if r % 2 else ("inline", b)
    scores["B%d" % r] = "年终"
    scores["C%d" % r] = "考评"
    scores["D%d" % r] = "甲"
    scores["E%d" % r] = item
    if sc is not None:
        scores["F%d" % r] = sc
    if de is not None:
        scores["G%d" % r] = de
    if note:
        scores["H%d" % r] = note
for r in range(10, 30):
    scores["A%d" % r] = ("empty", 4)
features = [
    ("说明", {"A1": "填写说明"}, {"hidden": True}),
    ("设置", settings, {"merges": ["A2:A4", "A5:A6"]}),
    ("考核细则", rubric, {}), ("支部", branches, {"wps": True}),
    ("评分", scores, {"merges": ["H2:I2"], "dimension": "A1:I29"}),
    ("图表数据", {"A1": "不用"}, {}),
]
book(P("features.xlsx"), features)
os.makedirs(P("features-csv"), exist_ok=True)
open(P("features-csv/kaohe.ini"), "w").write(INI + "\n[report]\norganization = 某某单位党委\n")
open(P("features-csv/rubric.csv"), "w").write(
    "编号,类别,考核内容,分值,评分标准\n1.1,班子建设,班子团结,30,团结\n1.2,班子建设,民主集中制,20,\n"
    "2.1,基础工作,台账,25,\n2.2,基础工作,阵地,25,\n")
open(P("features-csv/branches.csv"), "w").write(
    "支部编号,支部名称,换届时间,党员人数\nB1,第一党支部,2025-03-07,12\nB2,第二党支部,2023-03-15,8\n")
open(P("features-csv/scores.csv"), "w").write(
    "支部编号,考核期,评价方式,评价人,细则编号,得分,扣分,说明\n"
    "B1,年终,考评,甲,1.1,29,,说明跨两列\nB1,年终,考评,甲,1.2,0.3,,\nB1,年终,考评,甲,2.1,9.25,,\n"
    "B1,年终,考评,甲,2.2,,4.5,扣分\nB2,年终,考评,甲,1.1,30,,\nB2,年终,考评,甲,1.2,20,,\n"
    "B2,年终,考评,甲,2.1,,0.3,\nB2,年终,考评,甲,2.2,25,,\n")

# echo: 类型 shows each value as the reader turns it into text
echo_types = [
    ("rich", ["党", "课X"], "とう"),      # rich text, phonetic run left out
    ("inline", "  支委会 "),               # trimmed: a valid type
    94.99999999999999, ("f", "0.1+0.2", 0.30000000000000004), 9.25,
    ("date", 60, 1), ("date", 61, 5), ("date", 1, 2), ("date", 45723.5, 3),
    ("date", 0.75, 6), 1e20, 123456789012345678, 0.000001, -0.5,
    ("f", "\"文\"&\"本\"", "文本"), "A_x005F_B_x000D_C", ("date", -1, 1),
    ("e", "#DIV/0!"), ("b", 1), ("f", "A1", None), ("f", "TRUE()", True),
]
records = {"A1": "支部编号", "B1": "日期", "C1": "类型", "D1": "应到", "E1": "实到", "F1": "备注"}
for i, v in enumerate(echo_types):
    r = i + 2
    records["A%d" % r] = "B1"
    records["B%d" % r] = ("date", 45723, 1)
    records["C%d" % r] = v
r = len(echo_types) + 2
# the fake 1900-02-29 is no date; an unused column takes any kind
records.update({"A%d" % r: "B1", "B%d" % r: ("date", 60, 1), "C%d" % r: "党课",
                "D%d" % r: 3, "E%d" % r: 3, "F%d" % r: ("b", 0)})
records.update({"A%d" % (r + 1): "B1", "B%d" % (r + 1): ("f", "TODAY()", None), "C%d" % (r + 1): "党课",
                "F%d" % (r + 1): ("e", "#REF!")})
# a row with a faulty cell reports that cell only (实到 > 应到 is left for later)
records.update({"A%d" % (r + 2): "B1", "B%d" % (r + 2): ("date", 45723, 1), "C%d" % (r + 2): "党课",
                "D%d" % (r + 2): ("e", "#N/A"), "E%d" % (r + 2): ("f", "D%d+1" % (r + 2), 4)})
echo_sheets = [("设置", settings, {}), ("考核细则", rubric, {}), ("支部", branches, {}),
               ("评分", scores, {}), ("工作记录", records, {})]
book(P("echo.xlsx"), echo_sheets)
records1904 = {"A1": "支部编号", "B1": "日期", "C1": "类型",
               "A2": "B1", "B2": ("date", 0, 1), "C2": ("date", 0, 1),
               "A3": "B1", "B3": ("date", 44261, 5), "C3": ("date", 44261, 2),
               "A4": "B1", "B4": ("date", 60, 1), "C4": ("date", 60, 1)}
book(P("echo1904.xlsx"), [("设置", settings, {}), ("考核细则", rubric, {}), ("支部", branches, {}),
                          ("评分", scores, {}), ("工作记录", records1904, {})], date1904=True)

# --- refusals ---


def cfb(entries):
    """A compound file (as .xls and encrypted OOXML are): a header and one
    directory sector with the given entry names."""
    hdr = bytearray(512)
    hdr[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHH", hdr, 24, 0x3E, 3, 0xFFFE, 9)
    struct.pack_into("<I", hdr, 48, 0)      # first directory sector
    d = bytearray(512)
    for k, name in enumerate(["Root Entry"] + entries):
        e = name.encode("utf-16-le") + b"\0\0"
        d[128 * k:128 * k + len(e)] = e
        struct.pack_into("<H", d, 128 * k + 64, len(e))
        d[128 * k + 66] = 5 if k == 0 else 2
    return bytes(hdr) + bytes(d)


open(P("cfb.xlsx"), "wb").write(cfb(["Workbook", "\x05SummaryInformation"]))
open(P("encrypted.xlsx"), "wb").write(cfb(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
good = open(P("features.xlsx"), "rb").read()
open(P("corrupt.xlsx"), "wb").write(good[:len(good) // 2])
open(P("text.xlsx"), "w").write("支部编号,支部名称\nB1,第一党支部\n")
open(P("empty.xlsx"), "wb").write(b"")
with zipfile.ZipFile(P("docx.xlsx"), "w") as z:
    z.writestr("word/document.xml", "<document/>")

# a sheet of 64 MB of one repeated row: deflates about 1000 to 1
bomb_sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              + '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1300000 + "</sheetData></worksheet>")
NSX = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
book(P("bomb.xlsx"), features, extra={"xl/worksheets/sheet5.xml": bomb_sheet})
book(P("dtd.xlsx"), features, extra={
    "xl/sharedStrings.xml": '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><sst %s><si><t>&b;</t></si></sst>' % NSX})
book(P("entity.xlsx"), features, extra={
    "xl/worksheets/sheet4.xml": '<?xml version="1.0"?><!DOCTYPE worksheet SYSTEM "file:///etc/passwd"><worksheet %s><sheetData/></worksheet>' % NSX})
book(P("rows.xlsx"), features, extra={
    "xl/worksheets/sheet4.xml": '<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>支部编号</t></is></c></row><row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData></worksheet>' % NSX})
book(P("cols.xlsx"), features, extra={
    "xl/worksheets/sheet4.xml": '<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>支部编号</t></is></c><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>' % NSX})
book(P("order.xlsx"), features, extra={
    "xl/worksheets/sheet4.xml": '<worksheet %s><sheetData><row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>' % NSX})
book(P("badsst.xlsx"), features, extra={
    "xl/worksheets/sheet4.xml": '<worksheet %s><sheetData><row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData></worksheet>' % NSX})
# a workbook without its 评分 sheet; one whose 评分 sheet is empty
book(P("noscores.xlsx"), [sh for sh in features if sh[0] != "评分"])
book(P("emptysheet.xlsx"), [sh if sh[0] != "评分" else ("评分", {"A3": ("empty", 1)}, {}) for sh in features])
# the bomb with headers that say its sheet inflates to 1000 bytes: the
# limit holds on what inflates, not on what the headers say
lying = bytearray(open(P("bomb.xlsx"), "rb").read())
for sig, name_len_at, size_at, name_at in ((b"PK\x03\x04", 26, 22, 30), (b"PK\x01\x02", 28, 24, 46)):
    i = lying.find(sig)
    while i >= 0:
        nl = struct.unpack_from("<H", lying, i + name_len_at)[0]
        if lying[i + name_at:i + name_at + nl] == b"xl/worksheets/sheet5.xml":
            struct.pack_into("<I", lying, i + size_at, 1000)
        i = lying.find(sig, i + 4)
open(P("bomb-lying.xlsx"), "wb").write(lying)
