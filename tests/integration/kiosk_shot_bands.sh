#!/bin/sh
# A screenshot is drawn band by band into a surface of 2 MB and each band
# encoded before the next (kiosk/app/shot.c); --bench-page-changes draws the
# same page as one whole frame.  Both must give the same pixels, at sizes
# where the bands fall differently (1920x1080: 4 bands, the last shorter;
# 800x3000: 5; 4000x1000: 8), with a popup over the page, and the PNG
# must be valid: every chunk's CRC, the zlib stream, the filters (read
# here by Python's zlib, not by our writer).
set -u
K=$BIN/msd-kiosk
failed=0
fail() { echo "FAIL: $*"; failed=1; }
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }

PACK=$TMP/pack.db
"$K" content build "$ROOT/tests/fixtures/content-ok" -o "$PACK" \
    --pictos "$ROOT/assets/content/pictos.csv" >"$TMP/build.log" 2>&1 ||
	{ cat "$TMP/build.log"; echo "FAIL: cannot build the fixture pack"; exit 1; }

cat >"$TMP/pixels.py" <<'PY'
import struct, sys, zlib
def pixels(path):
    d = open(path, "rb").read()
    assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, seen = 8, b"", []
    while pos < len(d):
        n, t = struct.unpack(">I4s", d[pos:pos + 8])
        body = d[pos + 8:pos + 8 + n]
        crc, = struct.unpack(">I", d[pos + 8 + n:pos + 12 + n])
        assert zlib.crc32(t + body) == crc, "bad CRC in %r" % t
        seen.append(t)
        if t == b"IHDR":
            w, h, bd, ct, _, _, il = struct.unpack(">IIBBBBB", body)
        elif t == b"IDAT":
            idat += body
        pos += 12 + n
    assert seen[0] == b"IHDR" and seen[-1] == b"IEND", seen
    assert bd == 8 and ct == 2 and il == 0, (bd, ct, il)
    raw, stride = zlib.decompress(idat), w * 3
    assert len(raw) == h * (stride + 1), "%d bytes for %dx%d" % (len(raw), w, h)
    out, prev = bytearray(), bytearray(stride)
    for y in range(h):
        f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        assert f in (0, 1, 2), "filter %d" % f
        if f == 1:
            for i in range(3, stride):
                row[i] = (row[i] + row[i - 3]) & 255
        elif f == 2:
            for i in range(stride):
                row[i] = (row[i] + prev[i]) & 255
        out += row
        prev = row
    return w, h, bytes(out)
a, b = pixels(sys.argv[1]), pixels(sys.argv[2])
assert a[:2] == b[:2], "sizes %r %r" % (a[:2], b[:2])
if a[2] != b[2]:
    i = next(i for i in range(len(a[2])) if a[2][i] != b[2][i])
    sys.exit("pixels differ first at x=%d y=%d" % (i // 3 % a[0], i // 3 // a[0]))
PY

shot() {	# shot NAME ARGS...: banded and whole, then compared
	name=$1; shift
	"$K" --content "$PACK" --msd chambery --dpi 96 "$@" \
	    --screenshot "$TMP/$name-bands.png" >"$TMP/$name.log" 2>&1 ||
		{ fail "$name: $(cat "$TMP/$name.log")"; return; }
	"$K" --content "$PACK" --msd chambery --dpi 96 "$@" \
	    --bench-page-changes 1 --screenshot "$TMP/$name-whole.png" \
	    >"$TMP/$name-whole.log" 2>&1 ||
		{ fail "$name (whole): $(cat "$TMP/$name-whole.log")"; return; }
	python3 "$TMP/pixels.py" "$TMP/$name-bands.png" "$TMP/$name-whole.png" ||
		fail "$name: the banded screenshot is not the whole frame"
}

shot home --windowed 1920x1080
shot offers-tall --windowed 800x3000 --page offers
shot rights-wide --windowed 4000x1000 --page rights
shot countdown --windowed 1280x800 --page rights --countdown 5
[ $failed = 0 ]
