#!/usr/bin/env python3
"""check.py: checks that a kaohe PDF is what PDF/A-2u asks for.

    check.py ORIGINAL.pdf QDF.pdf ICC

QDF.pdf is `qpdf --qdf --object-streams=disable ORIGINAL.pdf` (streams
decoded).  Nothing in Debian validates PDF/A; these are the rules kaohe's
files could break: XMP metadata (unfiltered, pdfaid part 2 conformance U,
consistent with the Info dictionary, its document ID the trailer's /ID), an
sRGB output intent holding the ICC profile, a trailer /ID, no encryption, no
transparency, every font embedded with /W equal to the advance widths of the
font program (TrueType hmtx, CFF charstring widths) for every glyph the
pages draw.  Prints every fault; exits 1 when there is one."""
import re
import struct
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, __import__("os").path.dirname(__file__))
from pdfparse import PDF, Keyword, Stream, tokens  # noqa: E402

faults = []


def fault(msg):
    faults.append(msg)
    print("FAIL:", msg)


def text(s):
    if isinstance(s, bytes) and s[:2] == b"\xfe\xff":
        return s[2:].decode("utf-16-be")
    return s.decode("latin-1") if isinstance(s, bytes) else s


def xmp_date(pdfdate):
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z", pdfdate)
    return m and "%s-%s-%sT%s:%s:%sZ" % m.groups()


# ---- CFF ---------------------------------------------------------------
def cff_index(d, p):
    n = struct.unpack(">H", d[p:p + 2])[0]
    if n == 0:
        return [], p + 2
    osz = d[p + 2]
    offs = [int.from_bytes(d[p + 3 + k * osz:p + 3 + (k + 1) * osz], "big")
            for k in range(n + 1)]
    base = p + 3 + (n + 1) * osz - 1
    return [d[base + offs[k]:base + offs[k + 1]] for k in range(n)], \
        base + offs[-1]


def cff_dict(b):
    out, st, i = {}, [], 0
    while i < len(b):
        v = b[i]
        if v <= 21:
            op = v
            if v == 12:
                op = 1200 + b[i + 1]
                i += 1
            i += 1
            out[op] = st
            st = []
        elif v == 28:
            st.append(struct.unpack(">h", b[i + 1:i + 3])[0])
            i += 3
        elif v == 29:
            st.append(struct.unpack(">i", b[i + 1:i + 5])[0])
            i += 5
        elif v == 30:
            s = ""
            i += 1
            while True:
                x = b[i]
                i += 1
                done = False
                for nib in (x >> 4, x & 15):
                    if nib == 15:
                        done = True
                        break
                    s += "0123456789.EE?-"[nib] + ("-" if nib == 12 else "")
                if done:
                    break
            st.append(float(s.replace("E-", "e-").replace("E", "e")))
        elif 32 <= v <= 246:
            st.append(v - 139)
            i += 1
        elif v <= 250:
            st.append((v - 247) * 256 + b[i + 1] + 108)
            i += 2
        else:
            st.append(-(v - 251) * 256 - b[i + 1] - 108)
            i += 2
    return out


def bias(n):
    return 107 if n < 1240 else 1131 if n < 33900 else 32768


def cs_width(cs, gsubrs, lsubrs, nominal, default):
    """The advance of a Type 2 charstring: nominalWidthX plus the extra
    first operand of the first stack-clearing operator, else
    defaultWidthX."""
    stack = []
    nstems = [0]

    def run(b):
        i = 0
        while i < len(b):
            v = b[i]
            if v == 28:
                stack.append(struct.unpack(">h", b[i + 1:i + 3])[0])
                i += 3
            elif v == 255:
                stack.append(struct.unpack(">i", b[i + 1:i + 5])[0] / 65536)
                i += 5
            elif 32 <= v <= 246:
                stack.append(v - 139)
                i += 1
            elif 247 <= v <= 250:
                stack.append((v - 247) * 256 + b[i + 1] + 108)
                i += 2
            elif 251 <= v <= 254:
                stack.append(-(v - 251) * 256 - b[i + 1] - 108)
                i += 2
            elif v in (10, 29):
                k = int(stack.pop())
                subrs = lsubrs if v == 10 else gsubrs
                r = run(subrs[k + bias(len(subrs))])
                if r is not None:
                    return r
                i += 1
            elif v == 11:
                return None
            else:
                n = len(stack)
                if v in (1, 3, 18, 23, 19, 20):
                    odd = n % 2 == 1
                elif v == 21:
                    odd = n == 3
                elif v in (4, 22):
                    odd = n == 2
                elif v == 14:
                    odd = n in (1, 5)
                else:
                    raise ValueError("charstring starts with operator %d" % v)
                return nominal + stack[0] if odd else default
        return None

    w = run(cs)
    if w is None:
        raise ValueError("charstring without a stack-clearing operator")
    return w


def cff_widths(d):
    """{CID: advance in font units} of a CID-keyed CFF font."""
    hs = d[2]
    _, p = cff_index(d, hs)
    tops, p = cff_index(d, p)
    _, p = cff_index(d, p)
    gsubrs, p = cff_index(d, p)
    top = cff_dict(tops[0])
    css, _ = cff_index(d, top[17][0])
    n = len(css)
    cid = [0] * n
    if 1230 in top:
        q = top[15][0]
        fmt = d[q]
        q += 1
        g = 1
        while g < n:
            if fmt == 0:
                cid[g] = struct.unpack(">H", d[q:q + 2])[0]
                q += 2
                g += 1
            else:
                first = struct.unpack(">H", d[q:q + 2])[0]
                left = d[q + 2] if fmt == 1 else \
                    struct.unpack(">H", d[q + 2:q + 4])[0]
                q += 3 if fmt == 1 else 4
                for k in range(left + 1):
                    if g < n:
                        cid[g] = first + k
                        g += 1
        fds, _ = cff_index(d, top[1236][0])
        q = top[1237][0]
        fdsel = [0] * n
        if d[q] == 0:
            fdsel = list(d[q + 1:q + 1 + n])
        else:
            nr = struct.unpack(">H", d[q + 1:q + 3])[0]
            for r in range(nr):
                a, f = struct.unpack(">HB", d[q + 3 + 3 * r:q + 6 + 3 * r])
                b = struct.unpack(">H", d[q + 6 + 3 * r:q + 8 + 3 * r])[0]
                for g in range(a, min(b, n)):
                    fdsel[g] = f
        privs = [cff_dict(f)[18] for f in map(cff_dict, fds)] if False \
            else [cff_dict(f).get(18) for f in fds]
    else:
        cid = list(range(n))
        fdsel = [0] * n
        privs = [top.get(18)]
    out = {}
    pinfo = []
    for pr in privs:
        size, off = pr
        pd = cff_dict(d[off:off + size])
        subrs = cff_index(d, off + pd[19][0])[0] if 19 in pd else []
        pinfo.append((subrs, pd.get(21, [0])[0], pd.get(20, [0])[0]))
    for g in range(n):
        subrs, nominal, default = pinfo[fdsel[g]]
        out[cid[g]] = cs_width(css[g], gsubrs, subrs, nominal, default)
    return out


def tt_widths(d):
    """{glyph id: advance in font units} and units per em of a TrueType
    font."""
    num = struct.unpack(">H", d[4:6])[0]
    t = {}
    for k in range(num):
        tag, _, off, ln = struct.unpack(">4sIII", d[12 + 16 * k:28 + 16 * k])
        t[tag] = (off, ln)
    upem = struct.unpack(">H", d[t[b"head"][0] + 18:t[b"head"][0] + 20])[0]
    nh = struct.unpack(">H", d[t[b"hhea"][0] + 34:t[b"hhea"][0] + 36])[0]
    ng = struct.unpack(">H", d[t[b"maxp"][0] + 4:t[b"maxp"][0] + 6])[0]
    hm = t[b"hmtx"][0]
    w = {}
    last = 0
    for g in range(ng):
        if g < nh:
            last = struct.unpack(">H", d[hm + 4 * g:hm + 4 * g + 2])[0]
        w[g] = last
    return w, upem


def w_array(w, dw):
    out = {}
    i = 0
    while i < len(w):
        c = w[i]
        if isinstance(w[i + 1], list):
            for k, v in enumerate(w[i + 1]):
                out[c + k] = v
            i += 2
        else:
            for k in range(c, w[i + 1] + 1):
                out[k] = w[i + 2]
            i += 3
    return lambda code: out.get(code, dw)


def main():
    raw = open(sys.argv[1], "rb").read()
    pdf = PDF(open(sys.argv[2], "rb").read())
    icc = open(sys.argv[3], "rb").read()
    tr = pdf.trailer

    # Header: %PDF-1.n and a comment of four bytes above 127.
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", raw):
        fault("header is not %PDF-1.n and a binary comment line")
    if "Encrypt" in tr:
        fault("the file is encrypted")
    ids = tr.get("ID")
    if not (isinstance(ids, list) and len(ids) == 2 and
            all(isinstance(x, bytes) and len(x) == 16 for x in ids)):
        fault("trailer /ID is not two 16-byte strings: %r" % (ids,))
        ids = [b"", b""]
    elif re.search(rb"/ID\s*\[\s*<0{32}>", raw):
        fault("/ID left as zeros")
    root = pdf.get(tr["Root"])
    info = pdf.get(tr.get("Info")) or {}

    # XMP.
    meta = pdf.get(root.get("Metadata"))
    if not isinstance(meta, Stream):
        fault("no XMP metadata stream in the catalog")
        return
    if meta.dict.get("Type") != "Metadata" or \
            meta.dict.get("Subtype") != "XML":
        fault("metadata stream is not /Type /Metadata /Subtype /XML")
    if meta.data not in raw:
        fault("the metadata stream is filtered (must be readable as is)")
    if re.search(rb"<\?xpacket[^>]*(bytes|encoding)=", meta.data):
        fault("xpacket header with bytes or encoding attribute")
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
          "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
          "dc": "http://purl.org/dc/elements/1.1/",
          "xmp": "http://ns.adobe.com/xap/1.0/",
          "pdf": "http://ns.adobe.com/pdf/1.3/",
          "xmpMM": "http://ns.adobe.com/xap/1.0/mm/"}
    x = ET.fromstring(meta.data)

    def one(path):
        e = x.find(".//" + path, ns)
        return None if e is None else (e.text or "")

    if one("pdfaid:part") != "2" or one("pdfaid:conformance") != "U":
        fault("XMP pdfaid part/conformance not 2/U: %r %r" %
              (one("pdfaid:part"), one("pdfaid:conformance")))
    pairs = [("Title", "dc:title/rdf:Alt/rdf:li"),
             ("Author", "dc:creator/rdf:Seq/rdf:li"),
             ("Subject", "dc:description/rdf:Alt/rdf:li"),
             ("Keywords", "pdf:Keywords"),
             ("Producer", "pdf:Producer"),
             ("Creator", "xmp:CreatorTool")]
    for key, path in pairs:
        iv = text(info[key]) if key in info else None
        xv = one(path)
        if iv != xv:
            fault("Info %s %r but XMP %s %r" % (key, iv, path, xv))
    for key, path in (("CreationDate", "xmp:CreateDate"),
                      ("ModDate", "xmp:ModifyDate")):
        iv = xmp_date(text(info.get(key, b"")))
        if iv is None or iv != one(path):
            fault("Info %s %r but XMP %r" % (key, info.get(key), one(path)))
    h = ids[0].hex()
    uuid = "uuid:%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20],
                                    h[20:])
    if one("xmpMM:DocumentID") != uuid:
        fault("XMP DocumentID %r is not the /ID %r" %
              (one("xmpMM:DocumentID"), uuid))

    # Output intent.
    ois = pdf.get(root.get("OutputIntents")) or []
    oi = [pdf.get(o) for o in ois]
    if len(oi) != 1 or oi[0].get("S") != "GTS_PDFA1":
        fault("not one /GTS_PDFA1 output intent: %r" % oi)
    else:
        prof = pdf.get(oi[0].get("DestOutputProfile"))
        if not isinstance(prof, Stream) or prof.data != icc or \
                prof.dict.get("N") != 3:
            fault("the output intent's profile is not %s (N 3)" %
                  sys.argv[3])

    # Pages: no transparency; fonts and the codes drawn with them.
    used = {}
    fonts = {}

    def walk(node):
        node = pdf.get(node)
        if node.get("Type") == "Pages":
            for k in node["Kids"]:
                walk(k)
            return
        if "Group" in node:
            fault("a page has a transparency group")
        res = pdf.get(node.get("Resources")) or {}
        for gs in (pdf.get(res.get("ExtGState")) or {}).values():
            gs = pdf.get(gs)
            if gs.get("SMask", "None") != "None" or \
                    gs.get("CA", 1) != 1 or gs.get("ca", 1) != 1 or \
                    gs.get("BM", "Normal") not in ("Normal", "Compatible"):
                fault("transparency in an ExtGState: %r" % gs)
        for xo in (pdf.get(res.get("XObject")) or {}).values():
            xo = pdf.get(xo)
            if "SMask" in xo.dict or "Group" in xo.dict:
                fault("an XObject with a soft mask or group")
        fres = pdf.get(res.get("Font")) or {}
        conts = node.get("Contents")
        conts = conts if isinstance(conts, list) else [conts]
        data = b"".join(pdf.get(c).data for c in conts)
        cur = None
        ops = []
        for t in tokens(data):
            if isinstance(t, Keyword):
                if t == b"Tf":
                    cur = fres[ops[0]].num
                    fonts[cur] = fres[ops[0]]
                elif t in (b"Tj", b"'", b'"', b"TJ"):
                    strs = ops[-1] if t == b"TJ" else [ops[-1]]
                    for s in strs:
                        if isinstance(s, bytes):
                            for k in range(0, len(s) - 1, 2):
                                used.setdefault(cur, set()).add(
                                    s[k] << 8 | s[k + 1])
                ops = []
            else:
                ops.append(t)

    walk(root["Pages"])
    if not fonts:
        fault("no text drawn")
    checked = 0
    for num, ref in fonts.items():
        f = pdf.get(ref)
        name = f.get("BaseFont")
        if f.get("Subtype") != "Type0":
            fault("%s: not a Type0 font" % name)
            continue
        cf = pdf.get(f["DescendantFonts"][0])
        desc = pdf.get(cf["FontDescriptor"])
        dw = cf.get("DW", 1000)
        width = w_array(cf.get("W", []), dw)
        if cf["Subtype"] == "CIDFontType2":
            ff = pdf.get(desc.get("FontFile2"))
            if not isinstance(ff, Stream):
                fault("%s: TrueType program not embedded" % name)
                continue
            if cf.get("CIDToGIDMap") != "Identity":
                fault("%s: CIDToGIDMap is not /Identity" % name)
            adv, upem = tt_widths(ff.data)
            prog = {g: a * 1000 / upem for g, a in adv.items()}
        elif cf["Subtype"] == "CIDFontType0":
            ff = pdf.get(desc.get("FontFile3"))
            if not isinstance(ff, Stream) or \
                    ff.dict.get("Subtype") != "CIDFontType0C":
                fault("%s: CFF program not embedded as CIDFontType0C" % name)
                continue
            prog = cff_widths(ff.data)  # font units = 1/1000 em here
        else:
            fault("%s: CIDFont subtype %r" % (name, cf["Subtype"]))
            continue
        for code in sorted(used.get(num, ())):
            if code not in prog:
                fault("%s: code %d drawn but not in the font program" %
                      (name, code))
            elif abs(width(code) - prog[code]) > 1:
                fault("%s: code %d: /W %s, the font program %.1f" %
                      (name, code, width(code), prog[code]))
            checked += 1
    print("pdfa: %d fonts, %d glyphs checked" % (len(fonts), checked))


main()
sys.exit(1 if faults else 0)
