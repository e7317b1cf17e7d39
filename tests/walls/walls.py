#!/usr/bin/env python3
"""walls.py SRC: checks the walls between kaohe's stages over the sources
under SRC (#include lines and calls), prints each breach as FILE:LINE: why,
and exits 1 when there is one.

  - only src/pdf/ includes hpdf.h, HarfBuzz (hb*.h) or fontconfig;
  - src/pdf/ never includes model.h or anything of ingest, check, score,
    derive or out;
  - src/out/ never includes ingest, check or score headers, and does no
    arithmetic on scores (arith.py);
  - src/ingest/ never includes check, score, derive, out or pdf headers;
  - model.h, diag.h, fontrole.h and util.h include none of the stages;
  - only diag.c writes to stderr;
  - only src/out/ and the atomic writer (util.c) write files; the engine
    saves through the atomic writer (pdf_doc_save); the web server
    (src/serve/) keeps its jobs' files;
  - src/serve/ includes no stage but ingest (it runs `kaohe build` as a
    child and only re-reads uploaded rows)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arith  # noqa: E402

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')

STAGE = {
    "ingest": re.compile(r"^ingest/"),
    "check": re.compile(r"^check\.h$"),
    "score": re.compile(r"^score\.h$"),
    "derive": re.compile(r"^derive\.h$"),
    "out": re.compile(r"^out/"),
    "pdf": re.compile(r"^pdf/"),
    "model": re.compile(r"^model\.h$"),
}
ENGINE_LIBS = re.compile(r"^(hpdf[^/]*\.h|hb[^/]*\.h|harfbuzz/|fontconfig/)")

# Who may not include what (by folder or file, relative to src/).
FORBIDDEN = [
    (re.compile(r"^pdf/"), ["model", "ingest", "check", "score", "derive",
                            "out"]),
    (re.compile(r"^out/"), ["ingest", "check", "score"]),
    (re.compile(r"^ingest/"), ["check", "score", "derive", "out", "pdf"]),
    (re.compile(r"^serve/"), ["model", "check", "score", "derive", "out",
                              "pdf"]),
    (re.compile(r"^(model|diag|fontrole|util)\.h$"),
     ["ingest", "check", "score", "derive", "out", "pdf"]),
]

STDERR = re.compile(r"\b(stderr|STDERR_FILENO)\b|"
                    r"\b(perror|psignal|psiginfo|vwarnx?|warnx?|errx?|"
                    r"verrx?|error|error_at_line)\s*\(|"
                    r"\b(write|dprintf)\s*\(\s*2\s*,")
# Primitives that create or change files.
FILE_WRITE = re.compile(
    r"\bfopen\s*\([^;]*,\s*\"[^\"]*[wa+][^\"]*\"|"
    r"\bfreopen\s*\(|\bopen(at)?\s*\([^;]*O_(WRONLY|RDWR|CREAT)|"
    r"\b(creat|mkstemps?|mkostemps?|mkdtemp|mkdir|mkdirat|rename|"
    r"renameat2?|unlink|unlinkat|rmdir|link|symlink|truncate|"
    r"ftruncate)\s*\(")
# Writing through a FILE * other than stdout.
FILE_PRINT = re.compile(r"\b(fprintf|fputs|fputc|fwrite|vfprintf|putc)\s*\(")
ATOMIC = re.compile(r"\b(file_write_atomic|mkdir_p)\s*\(")


def code_lines(path):
    """(line number, code without comments and string contents)."""
    in_comment = False
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw
        if in_comment:
            if "*/" not in line:
                continue
            line = line[line.index("*/") + 2:]
            in_comment = False
        code = arith.strip(line)
        if "/*" in code:
            code = code[:code.index("/*")]
            in_comment = True
        yield n, raw, code


def check_file(src, rel, out):
    path = os.path.join(src, rel)
    for n, raw, code in code_lines(path):
        where = "src/%s:%d" % (rel, n)
        m = INCLUDE.match(raw)
        if m:
            inc = m.group(2)
            if ENGINE_LIBS.match(inc) and not rel.startswith("pdf/"):
                out.append("%s: includes <%s>: only src/pdf/ may" %
                           (where, inc))
            for who, stages in FORBIDDEN:
                if not who.match(rel):
                    continue
                for st in stages:
                    if STAGE[st].match(inc):
                        out.append("%s: includes \"%s\" (%s)" %
                                   (where, inc, st))
            continue
        if rel != "diag.c" and STDERR.search(code):
            out.append("%s: writes to stderr: only diag.c may: %s" %
                       (where, raw.strip()))
        writer = rel.startswith(("out/", "serve/")) or rel == "util.c"
        # (the mode of fopen is a string: looked for in the raw line, once
        # the code without strings shows a call)
        if not writer and FILE_WRITE.search(code.replace('""', '"w"')
                                            if "fopen" in code and
                                            FILE_WRITE.search(raw)
                                            else code):
            out.append("%s: writes a file: only src/out/ and the atomic "
                       "writer may: %s" % (where, raw.strip()))
        if not writer and rel != "diag.c":
            for mt in FILE_PRINT.finditer(code):
                rest = code[mt.end():]
                if mt.group(1) in ("fwrite", "fputs", "fputc", "putc"):
                    target = rest.rsplit(",", 1)[-1] if "," in rest else ""
                else:
                    target = rest
                if not re.match(r"\s*stdout\b", target) and \
                        not re.search(r"\bstdout\s*\)", target):
                    out.append("%s: writes to a FILE other than stdout: "
                               "%s" % (where, raw.strip()))
        if ATOMIC.search(code) and not writer and rel.endswith(".c") \
                and rel not in ("pdf/pdf_doc.c", "pdf/pdf_write.c"):
            out.append("%s: writes files through the atomic writer: only "
                       "src/out/ and the engine's pdf_doc_save may: %s" %
                       (where, raw.strip()))
    if rel.startswith("out/") and rel.endswith(".c"):
        out.extend(f.replace(path, "src/" + rel) + "  (arithmetic on a "
                   "score in src/out/: derive.c computes figures)"
                   for f in arith.faults(path))


def main():
    src = sys.argv[1]
    out = []
    for dirpath, _, files in os.walk(src):
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                rel = os.path.relpath(os.path.join(dirpath, f), src)
                check_file(src, rel, out)
    for line in out:
        print(line)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
