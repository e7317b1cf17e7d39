#!/usr/bin/env python3
"""arith.py FILE...: prints every place where C code does arithmetic on a
score field of the model (a figure in cents: finals, means, points, level
minimums, statistics): the field with + - * / % beside it, or cast to a
floating type.  Used by t_walls.sh on src/out/, whose files only print
figures (src/derive.c computes them)."""
import re
import sys

FIELDS = (r"final|mean|points|min|max|median|stddev|gap_to_top|"
          r"rubric_total|advanced_quota|cat_score|item_score|item_lost|"
          r"period_final|period_cat|cat_mean|item_mean|"
          r"year|term_years|total|permille")
# a member access of a score field (an [index] after it is skipped by
# end_of())
FIELD = re.compile(r"(?:->|\.)(?:%s)\b" % FIELDS)
OPS = set("+-*/%")


def strip(line):
    """The line without string literals and comments."""
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    line = re.sub(r"/\*.*?\*/", "", line)
    return re.sub(r"//.*", "", line)


def start_of(code, i):
    """Index where the primary expression ending in a member access at i
    begins (walks back over names, ->, ., [..] and ->)."""
    j = i
    while j > 0:
        c = code[j - 1]
        if c.isalnum() or c == "_" or c == ".":
            j -= 1
        elif code[j - 2:j] == "->":
            j -= 2
        elif c == "]":
            depth = 0
            while j > 0:
                j -= 1
                if code[j] == "]":
                    depth += 1
                elif code[j] == "[":
                    depth -= 1
                    if depth == 0:
                        break
        else:
            break
    return j


def end_of(code, i):
    """Index after the balanced [index]es that follow i, if any."""
    while True:
        j = i
        while j < len(code) and code[j].isspace():
            j += 1
        if j >= len(code) or code[j] != "[":
            return i
        depth = 0
        while j < len(code):
            if code[j] == "[":
                depth += 1
            elif code[j] == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1


def faults(path):
    out = []
    in_comment = False
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw
        if in_comment:
            if "*/" not in line:
                continue
            line = line[line.index("*/") + 2:]
            in_comment = False
        code = strip(line)
        if "/*" in code:
            code = code[:code.index("/*")]
            in_comment = True
        for mt in FIELD.finditer(code):
            after = code[end_of(code, mt.end()):].lstrip()
            before = code[:start_of(code, mt.start())].rstrip()
            bad = False
            if after[:1] in OPS and after[:2] not in ("->", "++", "--"):
                bad = True
            if before[-1:] in OPS and before[-2:] not in ("++", "--") \
                    and not before.endswith("->"):
                # a unary minus or a pointer's * after ( or , is no
                # arithmetic on a score; a binary operator is
                prev = before[:-1].rstrip()[-1:]
                if prev and (prev.isalnum() or prev in "_)]"):
                    bad = True
            if re.search(r"\(\s*(double|float)\s*\)$", before):
                bad = True
            if bad:
                out.append("%s:%d: %s" % (path, n, raw.strip()))
    return out


def main():
    found = []
    for p in sys.argv[1:]:
        found += faults(p)
    for f in found:
        print(f)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
