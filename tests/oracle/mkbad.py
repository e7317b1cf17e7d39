#!/usr/bin/env python3
"""mkbad.py [DIR]: (re)writes the bad-data corpus tests/bad/<case>/.

Kept so the corpus can be regenerated and reviewed in one place.  The data
files are written from the literal texts below; every `expect` list was
worked out BY HAND from SPEC section 7 "Where errors point" (the line numbers
are annotated next to the rows) and only cross-checked with ref.py.  A case
directory that has a `stderr.expected` (added later by the team) is left
alone apart from the files listed here.

Base data set (every case starts from it):
  kaohe.ini   [weights] 自评 0 / 互评 0 / 考评 100, [periods] 半年 0 / 年终 100,
              [veto] reasons given explicitly (cases do not depend on the
              template's defaults)
  rubric.csv  2 categories, 4 items: 1.1 = 30, 1.2 = 20, 2.1 = 25, 2.2 = 25
  branches.csv  B1 (line 2), B2 (line 3)
  scores.csv  long form, rater 甲 of 考评/年终 for every item, lines 2-9
"""
import os
import shutil
import sys

INI = """[weights]
自评 = 0
互评 = 0
考评 = 100

[periods]
半年 = 0
年终 = 100

[veto]
reasons = 班子不团结; 未完成工作任务; 党员受党纪政纪处分
"""

RUBRIC = """编号,类别,考核内容,分值,评分标准
1.1,班子建设,班子团结,30,团结协作
1.2,班子建设,民主集中制,20,"按制度议事,缺一项扣2分"
2.1,基础工作,三会一课,25,
2.2,基础工作,台账资料,25,
"""

BRANCHES = """支部编号,支部名称
B1,第一党支部
B2,第二党支部
"""

SCORES_HDR = "支部编号,考核期,评价方式,评价人,细则编号,得分,扣分,说明\n"
SCORES_ROWS = [
    "B1,年终,考评,甲,1.1,28,,",      # line 2
    "B1,年终,考评,甲,1.2,18,,",      # line 3
    "B1,年终,考评,甲,2.1,24,,",      # line 4
    "B1,年终,考评,甲,2.2,23.5,,",    # line 5
    "B2,年终,考评,甲,1.1,27,,",      # line 6
    "B2,年终,考评,甲,1.2,,2,少开一次",  # line 7
    "B2,年终,考评,甲,2.1,22,,",      # line 8
    "B2,年终,考评,甲,2.2,25,,",      # line 9
]


def scores(extra=(), rows=None):
    rows = SCORES_ROWS if rows is None else rows
    return SCORES_HDR + "".join(r + "\n" for r in list(rows) + list(extra))


WIDE = """支部编号,考核期,评价方式,评价人,1.1,1.2,2.1,2.2
B1,年终,考评,甲,28,18,24,23.5
B2,年终,考评,甲,27,18,22,25
"""

CASES = {}
DIRECTORY = object()  # the file is a directory (holding a README)


def case(name, expect, note, **files):
    CASES[name] = (expect, note, files)


# --- CSV shape and columns ------------------------------------------------
case("missing-column", ["vetoes.csv:1"],
     "vetoes.csv lacks the required column 否决事项: error at the header line.",
     **{"vetoes.csv": "支部编号,说明\nB1,无\n"})
case("missing-column-header-after-blank-lines", ["vetoes.csv:3"],
     "Two blank lines (one of them spaces and U+3000 only) then a header without "
     "否决事项: the header is the first non-empty row, physical line 3.",
     **{"vetoes.csv": "\n \u3000\n支部编号,日期\nB1,2025-03-07\n"})
case("missing-required-file", ["scores.csv:1"],
     "No scores.csv: scores.csv:1:1 (the branches are not also reported as "
     "having no scores: the missing file is the one error).",
     **{"scores.csv": None})
case("missing-branches-file", ["branches.csv:1"],
     "No branches.csv: branches.csv:1:1; the score rows are not each reported "
     "as naming an unknown branch.",
     **{"branches.csv": None})
case("empty-file", ["scores.csv:1"],
     "scores.csv is 0 bytes: scores.csv:1:1.",
     **{"scores.csv": ""})
case("empty-branches-file-only-blank-rows", ["branches.csv:1"],
     "branches.csv holds only blank rows and Excel's ',,,,' rows: it is empty "
     "(no header row): branches.csv:1:1.",
     **{"branches.csv": "\n,,,\n\u3000,\n"})

# --- numbers -------------------------------------------------------------
case("bad-number-95dot", ["scores.csv:10"],
     "'25.' is not a number ([0-9]+(\\.[0-9]{1,2})?).  The bad row is a second "
     "rater's, so every item stays covered by rater 甲.",
     **{"scores.csv": scores(["B1,年终,考评,乙,1.1,25.,,"])})             # 10
case("bad-number-3-decimals", ["scores.csv:10"],
     "'25.125' has 3 decimals.",
     **{"scores.csv": scores(["B1,年终,考评,乙,1.1,25.125,,"])})          # 10
case("bad-number-forms", ["scores.csv:10", "scores.csv:11", "scores.csv:12",
                          "scores.csv:13", "scores.csv:14", "scores.csv:15"],
     "'.5', '+5', '-1' (in 扣分), '1e2', '95.000', '2 5': all errors; one "
     "per line 10-15.",
     **{"scores.csv": scores([
         "B1,年终,考评,乙,1.1,.5,,",        # 10
         "B1,年终,考评,丙,1.1,+5,,",        # 11
         "B1,年终,考评,丁,1.1,,-1,",        # 12
         "B2,年终,考评,乙,1.1,1e2,,",       # 13
         "B2,年终,考评,丙,1.1,95.000,,",    # 14
         "B2,年终,考评,丁,1.1,2 5,,",       # 15
     ])})
case("fullwidth-3-decimals", ["scores.csv:11"],
     "Full-width digits are accepted ('２５．５' on line 10 is 25.5, valid), "
     "but '２．５５５' in 扣分 (line 11) has 3 decimals.",
     **{"scores.csv": scores(["B1,年终,考评,乙,1.1,２５．５,,",          # 10 ok
                              "B1,年终,考评,丙,1.1,,２．５５５,"])})     # 11
case("bad-whole-number", ["records.csv:2", "records.csv:3"],
     "应到 and 实到 take digits only: '10.0' (line 2) and '+3' (line 3).",
     **{"records.csv": "支部编号,日期,类型,主题,应到,实到\n"
                       "B1,2025-03-07,支部党员大会,学习,10.0,8\n"     # 2
                       "B2,2025-03-08,支委会,学习,5,+3\n"})            # 3
case("nul-byte", ["scores.csv:10"],
     "A NUL byte inside a score ('2<NUL>5'): the field is not a number (and an "
     "implementation that cuts C strings at NUL would wrongly read '2').",
     **{"scores.csv": scores(["B1,年终,考评,乙,1.1,2\x005,,"]).encode("utf-8")})

# --- dates ---------------------------------------------------------------
case("bad-date-feb30", ["records.csv:3", "vetoes.csv:2"],
     "2025-02-30 (vetoes.csv line 2) and 2023年2月29日 (records.csv line 3, 2023 "
     "is no leap year) do not exist; 2024年2月29日 (records.csv line 2) does.",
     **{"vetoes.csv": "支部编号,否决事项,日期\nB1,班子不团结,2025-02-30\n",
        "records.csv": "支部编号,日期,类型\nB1,2024年2月29日,党课\n"
                       "B2,2023年2月29日,党课\n"})
case("bad-date-format", ["vetoes.csv:3", "vetoes.csv:4", "vetoes.csv:5",
                         "vetoes.csv:6", "vetoes.csv:7", "vetoes.csv:8"],
     "Line 2 holds the valid forms' neighbour 2025.3.7; lines 3-8 hold "
     "2025-03, 25/3/7, 2025年3月7, 2025-13-01, 3/7/2025, 2025-003-07.",
     **{"vetoes.csv": "支部编号,否决事项,日期\n"
                      "B1,班子不团结,2025.3.7\n"        # 2 ok
                      "B1,班子不团结,2025-03\n"         # 3
                      "B1,班子不团结,25/3/7\n"          # 4
                      "B1,班子不团结,2025年3月7\n"      # 5
                      "B1,班子不团结,2025-13-01\n"      # 6
                      "B2,班子不团结,3/7/2025\n"        # 7
                      "B2,班子不团结,2025-003-07\n"})   # 8

# --- rubric and branches -------------------------------------------------
case("rubric-not-100", ["rubric.csv:1"],
     "Item 2.2 is worth 24, the rubric adds up to 99: error at the header line. "
     "(B2's 2.2 is scored 24 so that no score is out of range.)",
     **{"rubric.csv": RUBRIC.replace("2.2,基础工作,台账资料,25", "2.2,基础工作,台账资料,24"),
        "scores.csv": scores(rows=SCORES_ROWS[:7] + ["B2,年终,考评,甲,2.2,24,,"])})
case("duplicate-rubric-id", ["rubric.csv:4"],
     "Item 1.2 appears on lines 3 and 4: the later one is the error.  The "
     "items without the duplicate row add up to 100 (10 + 20 + 45 + 25).  "
     "AMBIGUITY: we take it that the rejected duplicate row is not an item, "
     "so the rubric total is not also reported (with it the sum would be 120).",
     **{"rubric.csv": "编号,类别,考核内容,分值\n"
                      "1.1,班子建设,班子团结,10\n"       # 2
                      "1.2,班子建设,民主集中制,20\n"     # 3
                      "1.2,班子建设,重复,20\n"           # 4 duplicate
                      "2.1,基础工作,三会一课,45\n"       # 5
                      "2.2,基础工作,台账资料,25\n",      # 6
        "scores.csv": scores(rows=[r.replace(",1.1,28,", ",1.1,8,").replace(",1.1,27,", ",1.1,7,")
                                   for r in SCORES_ROWS])})
case("duplicate-branch-id", ["branches.csv:4"],
     "B1 appears on lines 2 and 4: the later occurrence is the error.",
     **{"branches.csv": BRANCHES + "B1,又一个第一党支部\n"})
case("branch-without-scores", ["branches.csv:4"],
     "B3 (branches.csv line 4) has no score at all: its row in branches.csv.",
     **{"branches.csv": BRANCHES + "B3,第三党支部\n"})
case("missing-items", ["branches.csv:3"],
     "B2 lacks items 2.1 and 2.2 of 年终/考评 (weighted): B2's row, line 3.",
     **{"scores.csv": scores(rows=SCORES_ROWS[:6])})

# --- scores --------------------------------------------------------------
case("unknown-branch", ["scores.csv:10"],
     "B9 is not in branches.csv.",
     **{"scores.csv": scores(["B9,年终,考评,甲,1.1,20,,"])})
case("unknown-period", ["scores.csv:10"],
     "全年 is not a period of [periods].",
     **{"scores.csv": scores(["B1,全年,考评,乙,1.1,20,,"])})
case("unknown-source", ["scores.csv:10"],
     "上级评 is not a source of [weights].",
     **{"scores.csv": scores(["B1,年终,上级评,乙,1.1,20,,"])})
case("unknown-item", ["scores.csv:10"],
     "3.1 is not a rubric item.",
     **{"scores.csv": scores(["B1,年终,考评,乙,3.1,5,,"])})
case("score-out-of-range", ["scores.csv:10", "scores.csv:11"],
     "20.5 > 20 points of item 1.2 (line 10); 30.01 > 30 of item 1.1 "
     "(line 11).  30 (the maximum, line 12) and 扣分 45 > 30 (gives 0, line 13) "
     "are valid.",
     **{"scores.csv": scores(["B1,年终,考评,乙,1.2,20.5,,",    # 10
                              "B2,年终,考评,乙,1.1,30.01,,",   # 11
                              "B2,年终,考评,丙,1.1,30,,",      # 12 ok
                              "B2,年终,考评,丁,1.1,,45,"])})   # 13 ok
case("both-score-and-deduction", ["scores.csv:10"],
     "Both 得分 and 扣分 given.",
     **{"scores.csv": scores(["B1,年终,考评,乙,2.1,20,5,"])})
case("neither-score-nor-deduction", ["scores.csv:10"],
     "Neither 得分 nor 扣分 given (the 说明 is not empty, so the row is not "
     "skipped as empty).",
     **{"scores.csv": scores(["B2,年终,考评,乙,2.1,,,没打分"])})
case("duplicate-score", ["scores.csv:10", "scores.csv:11"],
     "Line 10 repeats line 2's (B1, 年终, 考评, 甲, 1.1); line 11 repeats line 9's "
     "key written with the aliases 'year' and 'REVIEW'.  The later occurrence "
     "is the error.",
     **{"scores.csv": scores(["B1,年终,考评,甲,1.1,27,,",      # 10
                              "B2,year,REVIEW,甲,2.2,25,,"])})  # 11
case("weight0-validated", ["scores.csv:10", "scores.csv:11", "scores.csv:13"],
     "Scores of the weight-0 period 半年 and the weight-0 source 自评 are "
     "validated though not used: line 10 scores 35 > 30; line 11 names the "
     "unknown branch B7; lines 12 and 13 give the same (B1, 半年, 自评, no "
     "rater, 1.2), line 12 with the aliases 'half' and 'self': 13 is the "
     "duplicate.",
     **{"scores.csv": scores(["B1,半年,自评,,1.1,35,,",      # 10 out of range
                              "B7,半年,考评,,1.1,3,,",       # 11 unknown branch
                              "B1,half,self,,1.2,3,,",       # 12 ok
                              "B1,半年,自评,,1.2,4,,"])})    # 13 duplicate
case("wide-unknown-header", ["scores.csv:1"],
     "Wide form (header has rubric ids, no 细则编号) with a column 备注 that is "
     "neither a known column nor a rubric id: error at the header line.",
     **{"scores.csv": WIDE.replace("2.1,2.2\n", "2.1,2.2,备注\n")
        .replace("23.5\n", "23.5,好\n").replace(",25\n", ",25,\n")})
case("wide-errors", ["scores.csv:4", "scores.csv:5", "scores.csv:6"],
     "Wide form: line 4 (rater 乙) scores 1.1 = 31 > 30; line 5 gives '9.999'; "
     "line 6 repeats line 2's (B1, 年终, 考评, 甲) so all its cells are "
     "duplicates (one error line).  Empty cells are no score.",
     **{"scores.csv": WIDE +
        "B1,年终,考评,乙,31,,,\n"           # 4
        "B2,年终,考评,乙,,9.999,,\n"        # 5
        "B1,年终,考评,甲,28,,,\n"})         # 6

# --- vetoes, records, workers --------------------------------------------
case("unknown-veto-reason", ["vetoes.csv:3"],
     "不团结 is not one of [veto] reasons (line 2's 班子不团结 is).",
     **{"vetoes.csv": "支部编号,否决事项,说明\nB1,班子不团结,\nB2,不团结,\n"})
case("unknown-branch-other-files", ["records.csv:3", "vetoes.csv:2", "workers.csv:3"],
     "B9 named in vetoes.csv line 2, records.csv line 3, workers.csv line 3.",
     **{"vetoes.csv": "branch,reason\nB9,班子不团结\n",
        "records.csv": "支部编号,日期,类型\nB1,2025-1-5,党课\nB9,2025-1-5,党课\n",
        "workers.csv": "姓名,支部编号,职务\n张三,B1,支部书记\n李四,B9,组织委员\n"})
case("present-gt-expected", ["records.csv:2"],
     "实到 12 > 应到 10.  Line 3 (实到 = 应到) is valid.",
     **{"records.csv": "支部编号,日期,类型,主题,应到,实到\n"
                       "B1,2025-03-07,支部党员大会,学习,10,12\n"
                       "B2,2025-03-07,支部党员大会,学习,10,10\n"})
case("unknown-record-type", ["records.csv:3"],
     "党员大会 is not a record type (支部党员大会 is).",
     **{"records.csv": "支部编号,日期,类型\nB1,2025-03-07,支部党员大会\n"
                       "B2,2025-03-07,党员大会\n"})

# --- kaohe.ini -----------------------------------------------------------
case("weights-not-100", ["kaohe.ini:1"],
     "[weights] (line 1) adds up to 90.  (考评 stays the only weighted source "
     "so that no score goes missing.)",
     **{"kaohe.ini": INI.replace("考评 = 100", "考评 = 90")})
case("periods-not-100", ["kaohe.ini:6"],
     "[periods] (line 6) adds up to 99.",
     **{"kaohe.ini": INI.replace("年终 = 100", "年终 = 99")})
case("bad-quota", ["kaohe.ini:14"],
     "advanced_quota = 33.333 has 3 decimals (the key's line, 14).",
     **{"kaohe.ini": INI + "\n[rating]\nadvanced_quota = 33.333\n"})

# --- kaohe.ini faults (issue 11) -----------------------------------------
case("ini-directory", ["kaohe.ini:1"],
     "kaohe.ini is a directory: it cannot be read, which is an error at "
     "kaohe.ini:1:1 (never skipped as if there were no file); the checks that "
     "depend on its settings (weights, veto reasons) are off, so nothing "
     "cascades.",
     **{"kaohe.ini": DIRECTORY})
case("ini-not-utf8", ["kaohe.ini:2"],
     "kaohe.ini saved as GB18030: one error at the first byte that is not "
     "UTF-8 (line 2, column 1); the template's weights 20/30/50 are not used "
     "to report every branch's 自评 and 互评 scores as missing.",
     **{"kaohe.ini": INI.encode("gb18030")})
case("ini-duplicates", ["kaohe.ini:15", "kaohe.ini:19"],
     "[rating] comes twice (lines 13 and 15) and [branches] sets term_years "
     "twice, the second time as TERM_YEARS (lines 18 and 19; keys compare "
     "without case): each later occurrence is an error, never a silent merge.",
     **{"kaohe.ini": INI + "\n[rating]\nadvanced_quota = 10\n[rating]\n"
        "levels = 先进 95; 合格 60; 不合格 0\n[branches]\nterm_years = 3\n"
        "TERM_YEARS = 5\n"})
case("ini-nul", ["kaohe.ini:14"],
     "A NUL byte on line 14 of kaohe.ini (inside a value): an error at its "
     "line and column, the line is not used (never cut at the NUL).",
     **{"kaohe.ini": (INI + "\n[rating]\nadvanced_quota = 5\0 0\n").encode()})
case("ini-level-over-total", ["kaohe.ini:14"],
     "A level minimum of 1000 with a rubric total of 100: no branch can reach "
     "it; an error at the levels line.",
     **{"kaohe.ini": INI + "\n[rating]\nlevels = 先进党支部 1000; 合格 60; "
        "不合格 0\n"})

# --- encodings and line ends ---------------------------------------------
case("bad-bytes-gb18030", ["vetoes.csv:3"],
     "vetoes.csv is GB18030 (not valid UTF-8); line 3 holds the byte 0xFF, "
     "which does not decode under GB18030 either.",
     **{"vetoes.csv": "支部编号,否决事项,说明\nB1,班子不团结,正常\n".encode("gb18030")
        + "B2,未完成工作任务,坏".encode("gb18030") + b"\xff" + "字节\n".encode("gb18030")})
case("bad-bytes-utf8-bom", ["vetoes.csv:4"],
     "vetoes.csv has a UTF-8 BOM, so it is UTF-8 (no GB18030 fallback); line 4 "
     "holds the invalid sequence C3 28.",
     **{"vetoes.csv": b"\xef\xbb\xbf" + "支部编号,否决事项,说明\nB1,班子不团结,\nB2,班子不团结,\n".encode()
        + b"B2,\xe7\x8f\xad\xe5\xad\x90\xe4\xb8\x8d\xe5\x9b\xa2\xe7\xbb\x93,\xc3(\n"})
case("embedded-newline-line-count", ["scores.csv:12"],
     "Line 2's 说明 is quoted and spans 3 physical lines (a CRLF and a lone CR "
     "inside), so the rows after it start 2 lines later: the unknown item 9.9 "
     "is record 10 but physical line 12.",
     **{"scores.csv": SCORES_HDR + "B1,年终,考评,甲,1.1,28,,\"第一行\r\n第二行\r第三行\"\n"
        + "".join(r + "\n" for r in SCORES_ROWS[1:]) + "B1,年终,考评,乙,9.9,1,,\n"})
case("cr-line-ends", ["scores.csv:10"],
     "scores.csv uses CR line ends only; B9 (unknown) is on line 10.",
     **{"scores.csv": scores(["B9,年终,考评,甲,1.1,20,,"]).replace("\n", "\r")})
case("crlf-blank-rows", ["scores.csv:13"],
     "CRLF line ends, a blank line and an Excel ',,,,,,,' row and a U+3000-only "
     "row among the data: LINE counts them; the unknown branch B9 is on line 13.",
     **{"scores.csv": (SCORES_HDR + "\n" + "".join(r + "\n" for r in SCORES_ROWS[:4])
                       + ",,,,,,,\n" + "".join(r + "\n" for r in SCORES_ROWS[4:])
                       + "\u3000\n" + "B9,年终,考评,甲,1.1,20,,\n").replace("\n", "\r\n")})
case("utf16-tab", ["scores.csv:10", "scores.csv:11"],
     "scores.csv is UTF-16LE with a BOM and TAB delimiters (Excel's Unicode "
     "text); line 10 scores 25.5 > 25 for item 2.1, line 11 names B9.",
     **{"scores.csv": b"\xff\xfe" + scores(["B1\t年终\t考评\t乙\t2.1\t25.5\t\t",
                                            "B9\t年终\t考评\t乙\t2.1\t20\t\t"])
        .replace(",", "\t").encode("utf-16-le")})

case("unterminated-quote", ["vetoes.csv:3"],
     "The 说明 of vetoes.csv line 3 opens a quote that is never closed: not "
     "RFC 4180 (SPEC 2 'Shape'), an error at the line where the record "
     "starts, rather than silently taking the rest of the file as one field.",
     **{"vetoes.csv": "支部编号,否决事项,说明\nB1,班子不团结,正常\n"
                      "B2,班子不团结,\"未闭合的引号\n"})

# --- several errors in one run -------------------------------------------
case("multiple-errors", ["branches.csv:4", "records.csv:2", "scores.csv:10",
                         "scores.csv:11", "scores.csv:12", "vetoes.csv:3"],
     "All errors are reported in one run: B3 without scores (branches.csv 4), "
     "实到 > 应到 (records.csv 2), unknown branch (scores.csv 10), out of range "
     "(11), duplicate of line 3 (12), unknown veto reason (vetoes.csv 3).",
     **{"branches.csv": BRANCHES + "B3,第三党支部\n",
        "scores.csv": scores(["B9,年终,考评,甲,1.1,20,,",       # 10
                              "B1,年终,考评,乙,2.2,26,,",       # 11
                              "B1,年终,考评,甲,1.2,17,,"]),     # 12
        "vetoes.csv": "支部编号,否决事项\nB1,班子不团结\nB2,班子不和\n",
        "records.csv": "支部编号,日期,类型,应到,实到\nB1,2025-03-07,党课,3,4\n"})

# --- members.csv (SPEC section 11) -----------------------------------------
MEMBERS_HDR = "姓名,支部编号,性别,出生日期,入党日期,转正日期,党内职务\n"
case("members-unknown-branch", ["members.csv:3"],
     "Line 3 names branch B9, which branches.csv does not have.",
     **{"members.csv": MEMBERS_HDR +
        "张明,B1,男,1980-01-02,2005-07-01,2006-07-01,支部书记\n"   # 2
        "李华,B9,女,1985-03-04,2010-06-01,2011-06-01,\n"})         # 3
case("members-confirmed-before-joined", ["members.csv:3"],
     "Line 3: 转正日期 2019-05-01 comes before 入党日期 2020-05-01; line 2 "
     "(转正 on the day a year later) and line 4 (预备党员, no 转正日期) are "
     "fine.",
     **{"members.csv": MEMBERS_HDR +
        "张明,B1,男,1980-01-02,2005-07-01,2006-07-01,\n"           # 2
        "李华,B1,女,1985-03-04,2020-05-01,2019-05-01,\n"           # 3
        "王强,B2,男,1999-09-09,2025-05-01,,\n"})                   # 4
case("members-two-secretaries", ["members.csv:4"],
     "B1 has 支部书记 张明 on line 2 and 李华 on line 4: the later one is "
     "the error.  B2's 支部书记 on line 3 is another branch's.",
     **{"members.csv": MEMBERS_HDR +
        "张明,B1,男,1980-01-02,2005-07-01,2006-07-01,支部书记\n"   # 2
        "王强,B2,男,1979-09-09,2001-05-01,2002-05-01,支部书记\n"   # 3
        "李华,B1,女,1985-03-04,2010-06-01,2011-06-01,支部书记\n"})  # 4
case("members-unknown-role", ["members.csv:3"],
     "Line 3: 支部委员 is not a 党内职务 of SPEC 11.  Line 2's 书记 is read "
     "as 支部书记, line 4's 党小组长 is valid.",
     **{"members.csv": MEMBERS_HDR +
        "张明,B1,男,1980-01-02,2005-07-01,2006-07-01,书记\n"       # 2
        "李华,B1,女,1985-03-04,2010-06-01,2011-06-01,支部委员\n"   # 3
        "王强,B2,男,1979-09-09,2001-05-01,2002-05-01,党小组长\n"})  # 4
case("members-bad-dates", ["members.csv:2", "members.csv:3", "members.csv:4",
                           "members.csv:5"],
     "Line 2: 出生日期 1990-02-30 does not exist; line 3: 入党日期 empty "
     "(required); line 4: 入党日期 month 13; line 5: 转正日期 2021/5 has no "
     "day.",
     **{"members.csv": MEMBERS_HDR +
        "张明,B1,男,1990-02-30,2015-07-01,2016-07-01,\n"           # 2
        "李华,B1,女,1985-03-04,,2011-06-01,\n"                     # 3
        "王强,B2,男,1979-09-09,2020年13月1日,,\n"                  # 4
        "赵静,B2,女,1988-08-08,2020-05-01,2021/5,\n"})             # 5
case("members-bad-sex", ["members.csv:2"],
     "Line 2: 性别 男性 is neither 男 nor 女; line 3 leaves it empty, which "
     "is allowed.",
     **{"members.csv": MEMBERS_HDR +
        "张明,B1,男性,1980-01-02,2005-07-01,2006-07-01,\n"         # 2
        "李华,B1,,1985-03-04,2010-06-01,2011-06-01,\n"})           # 3
case("members-missing-column", ["members.csv:1"],
     "members.csv has no 入党日期 column (required): reported at the header.",
     **{"members.csv": "姓名,支部编号,性别\n张明,B1,男\n"})
case("handbook-forms", ["kaohe.ini:14"],
     "[handbook] forms (line 14) is 十二, not a whole number.",
     **{"kaohe.ini": INI + "\n[handbook]\nforms = 十二\n"})


def write(out):
    base = {"kaohe.ini": INI, "rubric.csv": RUBRIC, "branches.csv": BRANCHES,
            "scores.csv": scores()}
    for name, (expect, note, files) in sorted(CASES.items()):
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        allf = dict(base)
        allf.update(files)
        for fn in ("kaohe.ini", "rubric.csv", "branches.csv", "scores.csv",
                   "vetoes.csv", "records.csv", "workers.csv", "members.csv"):
            p = os.path.join(d, fn)
            if os.path.isdir(p):
                shutil.rmtree(p)
            elif os.path.exists(p):
                os.remove(p)
        for fn, content in allf.items():
            if content is None:
                continue
            if content is DIRECTORY:
                os.makedirs(os.path.join(d, fn))
                with open(os.path.join(d, fn, "README"), "w") as f:
                    f.write("A directory where a file is expected.\n")
                continue
            with open(os.path.join(d, fn), "wb") as f:
                f.write(content if isinstance(content, bytes) else content.encode("utf-8"))
        with open(os.path.join(d, "expect"), "w") as f:
            f.write("".join(e + "\n" for e in sorted(expect)))
        with open(os.path.join(d, "NOTE"), "w") as f:
            f.write(note + "\n")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    write(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "bad"))
