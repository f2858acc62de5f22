#!/usr/bin/env python3
"""qr_measure.py DPI PAGE.pgm... : finds the QR codes on rendered pages and
prints one line per code: "PAGE<TAB>WIDTH_MM<TAB>HEIGHT_MM<TAB>STATUS<TAB>PAYLOAD"
with STATUS "ok", or "undecoded" (and no payload).

zbarimg 0.23 in Debian does not report where a code is, so this finds the
codes itself: dark pixels are grouped into clusters (gaps up to 3 mm are
bridged, larger than a QR module, smaller than the white quiet zone every
code must have), and a cluster that is square, large and about half dark
is a QR code candidate.  Each candidate is cropped (with a white border)
and given to zbarimg, so every size printed belongs to a code that really
decodes, and the payload tells which one.  A candidate that does not
decode is printed as "undecoded" so that the caller fails.

Pages are binary PGM files (pdftoppm -gray).  Standard library only.
"""
import os
import re
import subprocess
import sys
import tempfile

DARK = re.compile(rb'[\x00-\x7f]+')     # luminance below 50 %


def read_pgm(path):
    with open(path, 'rb') as f:
        data = f.read()
    # P5 header: magic, width, height, maxval, then one whitespace.
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b'P5' or int(fields[3]) != 255:
        sys.exit('%s: not an 8-bit binary PGM' % path)
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def clusters(w, h, px, tol):
    """Union-find over per-row dark segments (runs closer than tol merged);
    a segment joins the segments of the tol rows above that overlap it."""
    parent = []

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    segs = []           # (y, x0, x1, dark pixels)
    rows = []           # per row: list of segment ids
    for y in range(h):
        row = px[y * w:(y + 1) * w]
        mine = []
        cur = None
        for m in DARK.finditer(row):
            x0, x1 = m.start(), m.end()
            if cur and x0 - cur[1] <= tol:
                cur = [cur[0], x1, cur[2] + (x1 - x0)]
            else:
                if cur:
                    mine.append(cur)
                cur = [x0, x1, x1 - x0]
        if cur:
            mine.append(cur)
        ids = []
        for x0, x1, n in mine:
            i = len(segs)
            segs.append((y, x0, x1, n))
            parent.append(i)
            ids.append(i)
            for yy in range(max(0, y - tol), y):
                for j in rows[yy]:
                    _, a0, a1, _ = segs[j]
                    if a0 <= x1 + tol and x0 <= a1 + tol:
                        ri, rj = find(i), find(j)
                        if ri != rj:
                            parent[ri] = rj
        rows.append(ids)
    box = {}
    for i, (y, x0, x1, n) in enumerate(segs):
        r = find(i)
        b = box.get(r)
        if b is None:
            box[r] = [x0, y, x1, y + 1, n]
        else:
            b[0] = min(b[0], x0)
            b[1] = min(b[1], y)
            b[2] = max(b[2], x1)
            b[3] = max(b[3], y + 1)
            b[4] += n
    return list(box.values())


def decode(w, px, b, tmp):
    """Crops box b with a white border and decodes it with zbarimg."""
    x0, y0, x1, y1 = b[:4]
    pad = max(x1 - x0, y1 - y0) // 4 + 8
    cw, ch = x1 - x0 + 2 * pad, y1 - y0 + 2 * pad
    out = bytearray(b'\xff' * (cw * ch))
    for y in range(y0, y1):
        line = px[y * w + x0:y * w + x1]
        off = (y - y0 + pad) * cw + pad
        out[off:off + len(line)] = line
    path = os.path.join(tmp, 'crop.pgm')
    with open(path, 'wb') as f:
        f.write(b'P5\n%d %d\n255\n' % (cw, ch))
        f.write(out)
    r = subprocess.run(['zbarimg', '-q', '--raw', '--nodbus', path],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    found = r.stdout.decode('utf-8', 'replace').splitlines()
    return found[0] if len(found) == 1 else None


def codes(dpi, pages):
    """[(page, (x0, y0, x1, y1) in pixels, payload or None)] for every QR
    code candidate on the pages."""
    mm = dpi / 25.4
    tol = int(round(3 * mm))
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            w, h, px = read_pgm(page)
            for b in clusters(w, h, px, tol):
                bw, bh, dark = b[2] - b[0], b[3] - b[1], b[4]
                # A QR code: at least 15 mm, square within 8 %, 30-70 %
                # dark.  Text blocks are neither square nor that dark.
                if min(bw, bh) < 15 * mm:
                    continue
                if abs(bw - bh) > 0.08 * max(bw, bh):
                    continue
                if not 0.3 <= dark / float(bw * bh) <= 0.7:
                    continue
                found.append((page, tuple(b[:4]), decode(w, px, b, tmp)))
    return found


def measure(dpi, pages):
    """[(page, width_mm, height_mm, payload or None)] for every QR code
    candidate on the pages."""
    mm = dpi / 25.4
    return [(page, (b[2] - b[0]) / mm, (b[3] - b[1]) / mm, payload)
            for page, b, payload in codes(dpi, pages)]


def main():
    if len(sys.argv) < 3:
        sys.exit('usage: qr_measure.py DPI PAGE.pgm...')
    for page, w, h, payload in measure(float(sys.argv[1]), sys.argv[2:]):
        print('%s\t%.1f\t%.1f\t%s\t%s' % (os.path.basename(page), w, h,
              'ok' if payload is not None else 'undecoded', payload or ''))


if __name__ == '__main__':
    main()
