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
  - check.c, score.c and derive.c (and their headers) include no ingest or
    out header; score and derive no pdf header either (check.c asks the
    engine's fonts about glyphs);
  - model.h, diag.h, fontrole.h and util.h include none of the stages;
    model.c none but ingest/config.h (the model's destructor frees the
    settings with config_free, which the ingest's config.c defines);
  - an include is read as the compiler finds it: "../x.h" or "./x.h" from
    the including file's folder, else from src/;
  - only diag.c writes to stderr;
  - only src/out/ and the atomic writer (util.c) write files, also through
    a library (libxlsxwriter's workbook_new, libzip's zip_open with
    ZIP_CREATE or ZIP_TRUNCATE); the engine saves through the atomic writer
    (pdf_doc_save); the web server (src/serve/) keeps its jobs' files;
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
    (re.compile(r"^(check)\.[ch]$"), ["ingest", "out"]),
    (re.compile(r"^(score|derive)\.[ch]$"), ["ingest", "out", "pdf"]),
    (re.compile(r"^serve/"), ["model", "check", "score", "derive", "out",
                              "pdf"]),
    (re.compile(r"^(model|diag|fontrole|util)\.h$"),
     ["ingest", "check", "score", "derive", "out", "pdf"]),
    (re.compile(r"^model\.c$"),
     ["ingest", "check", "score", "derive", "out", "pdf"]),
]
# The one include a rule above allows: (file, header).
ALLOWED = {("model.c", "ingest/config.h")}

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
    r"ftruncate)\s*\(|"
    r"\bworkbook_new(_opt)?\s*\(|"
    r"\bzip_open\s*\([^;]*ZIP_(CREATE|TRUNCATE)")
# Writing through a FILE * other than stdout.
FILE_PRINT = re.compile(r"\b(fprintf|fputs|fputc|fwrite|vfprintf|putc)\s*\(")
ATOMIC = re.compile(r"\b(file_write_atomic|mkdir_p)\s*\(")


def resolve(src, rel, inc):
    """The path relative to src/ of a quoted include in src/rel, as the
    compiler finds it: beside the including file, else under src/ (-Isrc)."""
    here = os.path.normpath(os.path.join(os.path.dirname(rel), inc))
    if (inc.startswith(".") or os.path.exists(os.path.join(src, here))) \
            and not here.startswith(".."):
        return here
    return os.path.normpath(inc)


def last_argument(code, start):
    """The last top-level argument of the call whose '(' is at start, or
    None when the call does not end on this line."""
    depth, arg = 0, start + 1
    for i in range(start, len(code)):
        c = code[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return code[arg:i]
        elif c == "," and depth == 1:
            arg = i + 1
    return None


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
            if m.group(1) == '"':
                inc = resolve(src, rel, inc)
            if ENGINE_LIBS.match(inc) and not rel.startswith("pdf/"):
                out.append("%s: includes <%s>: only src/pdf/ may" %
                           (where, inc))
            for who, stages in FORBIDDEN:
                if not who.match(rel):
                    continue
                for st in stages:
                    if STAGE[st].match(inc) and (rel, inc) not in ALLOWED:
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
                args = last_argument(code, mt.end() - 1)
                if mt.group(1) in ("fprintf", "vfprintf"):
                    # the stream is the first argument
                    rest = code[mt.end():]
                    target = rest.split(",", 1)[0]
                else:
                    target = args if args is not None else ""
                if target.strip() != "stdout":
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
