#!/usr/bin/env python3
"""mkbook.py DIR OUT.xlsx [--bad]: writes the CSV tables of data set DIR as one
workbook, the way a clerk keeps them in Excel: one sheet per table, named as
SPEC section 8 says (支部, 评分, ...), numbers in number columns as numbers.
kaohe.ini stays a file of its own (a 设置 sheet and a kaohe.ini together
are an error).  With --bad, the score in 评分!F3 is 99 (too high)."""
import csv
import os
import sys

import openpyxl

SHEETS = [("rubric.csv", "考核细则"), ("branches.csv", "支部"), ("scores.csv", "评分"),
          ("vetoes.csv", "一票否决"), ("records.csv", "工作记录"), ("workers.csv", "推荐人选"),
          ("members.csv", "党员")]
NUMBERS = {"得分", "扣分", "分值", "党员人数", "应到", "实到", "score", "deduction", "points"}

src, out = sys.argv[1], sys.argv[2]
wb = openpyxl.Workbook()
wb.active.title = "说明"
wb.active["A1"] = "考核数据（测试用）"
for fname, title in SHEETS:
    path = os.path.join(src, fname)
    if not os.path.exists(path):
        continue
    ws = wb.create_sheet(title)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for row in rows:
        if not any(c.strip() for c in row):
            continue
        vals = []
        for k, c in enumerate(row):
            if row is not header and k < len(header) and header[k] in NUMBERS and c.strip():
                try:
                    vals.append(float(c) if "." in c else int(c))
                    continue
                except ValueError:
                    pass
            vals.append(c)
        ws.append(vals)
if "--bad" in sys.argv[3:]:
    wb["评分"]["F3"] = 99
wb.save(out)
