"""pdfparse.py: reads the objects of a PDF written by `qpdf --qdf
--object-streams=disable` (streams decoded), enough for kaohe's checks."""
import re

WS = b" \t\r\n\f\0"
DELIM = b"()<>[]{}/%"


class Ref:
    def __init__(self, num):
        self.num = num

    def __repr__(self):
        return "Ref(%d)" % self.num


class Name(str):
    pass


class Keyword(bytes):
    """An operator or other bare word (strings are plain bytes)."""


class Stream:
    def __init__(self, d, data):
        self.dict = d
        self.data = data


def _skip(b, i):
    while i < len(b):
        if b[i] in WS:
            i += 1
        elif b[i] == 0x25:  # comment
            while i < len(b) and b[i] not in b"\r\n":
                i += 1
        else:
            break
    return i


def _literal(b, i):
    out = bytearray()
    depth = 1
    i += 1
    while depth:
        c = b[i]
        if c == 0x5C:
            n = b[i + 1]
            esc = {0x6E: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12}
            if n in esc:
                out.append(esc[n])
                i += 2
            elif 0x30 <= n <= 0x37:
                j = i + 1
                v = 0
                while j < i + 4 and 0x30 <= b[j] <= 0x37:
                    v = v * 8 + b[j] - 0x30
                    j += 1
                out.append(v & 0xFF)
                i = j
            elif n in b"\r\n":
                i += 2
                if n == 13 and b[i] == 10:
                    i += 1
            else:
                out.append(n)
                i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                i += 1
                break
        out.append(c)
        i += 1
    return bytes(out), i


def parse(b, i=0):
    """The object at b[i:] and the offset after it."""
    i = _skip(b, i)
    c = b[i:i + 1]
    if b[i:i + 2] == b"<<":
        d = {}
        i += 2
        while True:
            i = _skip(b, i)
            if b[i:i + 2] == b">>":
                return d, i + 2
            k, i = parse(b, i)
            v, i = parse(b, i)
            d[str(k)] = v
    if c == b"[":
        a = []
        i += 1
        while True:
            i = _skip(b, i)
            if b[i:i + 1] == b"]":
                return a, i + 1
            v, i = parse(b, i)
            a.append(v)
    if c == b"(":
        return _literal(b, i)
    if c == b"<":
        j = b.index(b">", i)
        h = re.sub(rb"\s", b"", b[i + 1:j])
        if len(h) % 2:
            h += b"0"
        return bytes.fromhex(h.decode()), j + 1
    if c == b"/":
        j = i + 1
        while j < len(b) and b[j] not in WS and b[j] not in DELIM:
            j += 1
        return Name(b[i + 1:j].decode("latin-1")), j
    j = i
    while j < len(b) and b[j] not in WS and b[j] not in DELIM:
        j += 1
    tok = b[i:j]
    if re.fullmatch(rb"[+-]?\d+", tok):
        # "N G R"?
        m = re.match(rb"\s+(\d+)\s+R(?![A-Za-z])", b[j:j + 20])
        if m:
            return Ref(int(tok)), j + m.end()
        return int(tok), j
    if re.fullmatch(rb"[+-]?(\d+\.?\d*|\.\d+)", tok):
        return float(tok), j
    if tok == b"true":
        return True, j
    if tok == b"false":
        return False, j
    if tok == b"null":
        return None, j
    return Keyword(tok), j  # an operator (content streams)


class PDF:
    def __init__(self, data):
        self.raw = data
        self.objs = {}
        offs = [(int(m.group(1)), m.end())
                for m in re.finditer(rb"(?m)^(\d+) 0 obj\s", data)]
        for num, at in offs:
            self.objs[num] = at
        self.cache = {}
        t = data.rindex(b"trailer")
        self.trailer, _ = parse(data, t + 7)

    def get(self, o):
        """o resolved when a reference (streams as Stream)."""
        if not isinstance(o, Ref):
            return o
        if o.num in self.cache:
            return self.cache[o.num]
        at = self.objs[o.num]
        v, i = parse(self.raw, at)
        i = _skip(self.raw, i)
        if isinstance(v, dict) and self.raw[i:i + 6] == b"stream":
            i += 6
            if self.raw[i:i + 2] == b"\r\n":
                i += 2
            else:
                i += 1
            n = self.get(v["Length"])
            v = Stream(v, self.raw[i:i + n])
        self.cache[o.num] = v
        return v


def tokens(content):
    """The tokens of a content stream (operands and operators)."""
    i = 0
    n = len(content)
    while True:
        i = _skip(content, i)
        if i >= n:
            return
        v, i = parse(content, i)
        yield v
