#!/usr/bin/env python3
"""check.py STEXT TEXT...: each line of a page (mutool draw -F stext) that
holds one of the TEXTs (every TEXT must be found) is a justified line: it
ends flush with the page's longest lines, and the characters of each run of
digits and Latin letters in it stand at their natural advances (each starts
where the one before ends).  Prints one line per fault; exit 1 on any."""
import sys
import xml.etree.ElementTree as ET

TOL = 0.06  # the writer puts text positions to 0.1 pt
FLUSH = 0.35  # line ends: glyph widths as the reader rounds them


def western(c):
    o = ord(c)
    return (0x20 < o < 0x7f) or (0xc0 <= o < 0x250) or (0x370 <= o < 0x530)


def main():
    tree = ET.parse(sys.argv[1])
    numbers = sys.argv[2:]
    lines = []
    for line in tree.iter('line'):
        chars = []
        for ch in line.iter('char'):
            q = [float(v) for v in ch.get('quad').split()]
            chars.append((ch.get('c'), q[0], q[2]))
        if chars:
            lines.append(chars)
    right = max(c[-1][2] for c in lines)
    faults = []
    for n in numbers:
        hits = [c for c in lines if n in ''.join(x[0] for x in c)]
        if not hits:
            faults.append('no line holds %s' % n)
        for chars in hits:
            text = ''.join(c[0] for c in chars)
            if abs(chars[-1][2] - right) > FLUSH:
                faults.append('%s: ends at %.2f pt, not flush at %.2f' %
                              (text, chars[-1][2], right))
            for a, b in zip(chars, chars[1:]):
                gap = b[1] - a[2]
                if western(a[0]) and western(b[0]) and abs(gap) > TOL:
                    faults.append('%s: %s|%s %.3f pt apart, not at '
                                  'their natural advance' %
                                  (text, a[0], b[0], gap))
    for f in faults:
        print(f)
    return 1 if faults else 0


if __name__ == '__main__':
    sys.exit(main())
