#!/usr/bin/python3
"""mkbook.py: writes .xlsx workbooks part by part, the way Excel and WPS
write them, for the tests of kaohe's reader: shared strings (plain and rich
text with phonetic runs), inline strings, formulas with and without cached
values, booleans, error values, date cells in the 1900 and 1904 systems,
merged cells, hidden sheets, styled empty rows and columns.

    from mkbook import book
    book(path, [("评分", {"A1": "支部编号", "B2": 9.25, ...}, opts)], ...)

A cell value is a str (shared string), an int or float (number), or a tuple:
  ("inline", text)             inline string (t="inlineStr")
  ("rich", [run, ...], ph)     shared rich text; ph: phonetic text (rPh)
  ("date", serial, style)      number with cell style `style` (see STYLES)
  ("f", formula, cached)       formula; cached None (no value), str, number, bool
  ("b", 0 or 1)                boolean
  ("e", "#N/A")                error value
  ("empty", style)             a styled cell with no value
Sheet options: hidden, merges ["A1:B2"], dimension, wps (row spans).
"""
import zipfile
from xml.sax.saxutils import escape

# cellXfs: 0 General, 1 built-in 14 (m/d/yyyy; shown as 2025/3/7 on a
# Chinese system), 2 custom yyyy"年"m"月"d"日" (WPS), 3 built-in 22 (date and
# time), 4 0.00, 5 custom yyyy-mm-dd;@ (Excel), 6 built-in 20 (h:mm)
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="yyyy\\-mm\\-dd;@"/></numFmts><fonts count="2"><font><sz val="11"/><color theme="1"/><name val="等线"/><family val="2"/><charset val="134"/><scheme val="minor"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="177" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/></styleSheet>"""

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def split_ref(ref):
    i = 0
    while ref[i].isalpha():
        i += 1
    col = 0
    for ch in ref[:i]:
        col = col * 26 + ord(ch) - 64
    return int(ref[i:]), col


def num(v):
    r = repr(float(v)) if isinstance(v, float) else str(v)
    return r[:-2] if r.endswith(".0") else r


def tx(text):
    sp = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return "<t%s>%s</t>" % (sp, escape(text))


class Strings:
    def __init__(self):
        self.items, self.index, self.refs = [], {}, 0

    def add(self, xml):
        self.refs += 1
        if xml not in self.index:
            self.index[xml] = len(self.items)
            self.items.append(xml)
        return self.index[xml]


def cell_xml(ref, v, sst):
    if isinstance(v, bool):
        v = ("b", int(v))
    if isinstance(v, str):
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, sst.add(tx(v)))
    if isinstance(v, (int, float)):
        return '<c r="%s"><v>%s</v></c>' % (ref, num(v))
    kind = v[0]
    if kind == "inline":
        return '<c r="%s" t="inlineStr"><is>%s</is></c>' % (ref, tx(v[1]))
    if kind == "rich":
        runs = "".join('<r><rPr><b/><sz val="11"/><rFont val="等线"/></rPr>%s</r>' % tx(t) for t in v[1])
        ph = ""
        if len(v) > 2 and v[2]:
            ph = '<rPh sb="0" eb="1">%s</rPh><phoneticPr fontId="1" type="noConversion"/>' % tx(v[2])
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, sst.add(runs + ph))
    if kind == "date":
        return '<c r="%s" s="%d"><v>%s</v></c>' % (ref, v[2], num(v[1]))
    if kind == "f":
        f, cached = v[1], v[2]
        if cached is None:
            return '<c r="%s"><f>%s</f></c>' % (ref, escape(f))
        if isinstance(cached, bool):
            return '<c r="%s" t="b"><f>%s</f><v>%d</v></c>' % (ref, escape(f), cached)
        if isinstance(cached, str):
            return '<c r="%s" t="str"><f>%s</f><v>%s</v></c>' % (ref, escape(f), escape(cached))
        return '<c r="%s"><f>%s</f><v>%s</v></c>' % (ref, escape(f), num(cached))
    if kind == "b":
        return '<c r="%s" t="b"><v>%d</v></c>' % (ref, v[1])
    if kind == "e":
        return '<c r="%s" t="e"><v>%s</v></c>' % (ref, escape(v[1]))
    if kind == "empty":
        return '<c r="%s" s="%d"/>' % (ref, v[1])
    raise ValueError(v)


def sheet_xml(cells, opts, sst):
    rows = {}
    for ref, v in cells.items():
        r, c = split_ref(ref)
        rows.setdefault(r, []).append((c, ref, v))
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s>' % NS]
    if "dimension" in opts:
        out.append('<dimension ref="%s"/>' % opts["dimension"])
    out.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="14.25"/><sheetData>')
    for r in sorted(rows):
        cs = sorted(rows[r])
        spans = ' spans="%d:%d"' % (cs[0][0], cs[-1][0]) if opts.get("wps") else ""
        out.append('<row r="%d"%s>' % (r, spans))
        out.extend(cell_xml(ref, v, sst) for _, ref, v in cs)
        out.append("</row>")
    out.append("</sheetData>")
    if opts.get("merges"):
        out.append('<mergeCells count="%d">%s</mergeCells>' % (
            len(opts["merges"]), "".join('<mergeCell ref="%s"/>' % m for m in opts["merges"])))
    out.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
    return "".join(out)


def book(path, sheets, date1904=False, stored=False, extra=None):
    """sheets: [(name, cells, opts)]; extra: {part: bytes} added or replacing."""
    sst = Strings()
    parts = {}
    wsx = [sheet_xml(cells, opts, sst) for _, cells, opts in sheets]
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    for i in range(len(sheets)):
        ct.append('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1))
    ct.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["[Content_Types].xml"] = "".join(ct)
    parts["_rels/.rels"] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % REL
    wb = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook %s><workbookPr%s defaultThemeVersion="166925"/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets>' % (NS, ' date1904="1"' if date1904 else "")]
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for i, (name, _, opts) in enumerate(sheets):
        state = ' state="hidden"' if opts.get("hidden") else ""
        wb.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (escape(name, {'"': "&quot;"}), i + 1, state, i + 1))
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, REL, i + 1))
        parts["xl/worksheets/sheet%d.xml" % (i + 1)] = wsx[i]
    n = len(sheets)
    rels.append('<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (n + 1, REL))
    rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (n + 2, REL))
    wb.append('</sheets><calcPr calcId="191029"/></workbook>')
    parts["xl/workbook.xml"] = "".join(wb)
    parts["xl/_rels/workbook.xml.rels"] = "".join(rels)
    parts["xl/styles.xml"] = STYLES
    parts["xl/sharedStrings.xml"] = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (
        sst.refs, len(sst.items), "".join("<si>%s</si>" % x for x in sst.items))
    for k, v in (extra or {}).items():
        parts[k] = v
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as z:
        for k, v in parts.items():
            z.writestr(k, v if isinstance(v, bytes) else v.encode("utf-8"))
