#!/usr/bin/python3
"""mkxlsxcorpus.py: writes the seed corpus of fuzz_xlsx (tests/fuzz/xlsx-corpus):
small workbooks with stored (not deflated) parts, so that mutations reach
the XML.  Run from the top of the tree: python3 tests/fuzz/mkxlsxcorpus.py"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "xlsx"))
from mkbook import book  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "xlsx-corpus")
os.makedirs(OUT, exist_ok=True)

settings = {"A1": "节", "B1": "项", "C1": "值", "A2": "weights", "B2": "考评", "C2": 100,
            "B3": "自评", "C3": 0, "B4": "互评", "C4": 0, "A5": "periods", "B5": "年终", "C5": 100,
            "B6": "半年", "C6": 0}
rubric = {"A1": "编号", "B1": "类别", "C1": "考核内容", "D1": "分值",
          "A2": "1.1", "B2": "班子建设", "C2": ("rich", ["班子", "团结"], "はんし"), "D2": ("f", "30+20", 50),
          "A3": "1.2", "B3": "基础工作", "C3": ("inline", "台账"), "D3": ("f", "0.1+0.2", 0.30000000000000004)}
branches = {"A1": "支部编号", "B1": "支部名称", "C1": "换届时间", "A2": "B1", "B2": "第一党支部",
            "C2": ("date", 45723, 1), "A3": 2, "B3": "第二党支部", "C3": ("date", 60, 2)}
scores = {"A1": "支部编号", "B1": "考核期", "C1": "评价方式", "D1": "1.1", "E1": "1.2",
          "A2": "B1", "B2": "年终", "C2": "考评", "D2": 49.99999999999999, "E2": ("f", "E3", None),
          "A3": 2, "B3": "年终", "C3": "考评", "D3": ("b", 1), "E3": ("e", "#N/A")}
records = {"A1": "支部编号", "B1": "日期", "C1": "类型", "A2": "B1", "B2": ("date", 45723.5, 3),
           "C2": "党课", "A3": "B1", "B3": ("date", 0.25, 6), "C3": ("empty", 1)}

book(os.path.join(OUT, "dataset.xlsx"), [
    ("说明", {"A1": "说明"}, {"hidden": True}),
    ("设置", settings, {}), ("考核细则", rubric, {"merges": ["B2:B3"]}),
    ("支部", branches, {"wps": True}), ("评分", scores, {"dimension": "A1:E3"}),
    ("工作记录", records, {}),
], stored=True)
book(os.path.join(OUT, "date1904.xlsx"), [("Records", records, {})], date1904=True, stored=True)
book(os.path.join(OUT, "wide.xlsx"), [("Scores", scores, {}), ("Branches", branches, {})], stored=True)
book(os.path.join(OUT, "tiny.xlsx"), [("Sheet1", {"A1": 1, "XFD3": "x"}, {})], stored=True)
