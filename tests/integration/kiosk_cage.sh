#!/bin/sh
# The production path: the kiosk under cage (Wayland), as
# dist/msd-kiosk.service starts it, on wlroots' headless backend
# (WLR_BACKENDS=headless, WLR_LIBINPUT_NO_DEVICES=1, the pixman renderer:
# no GPU here), with no SDL variable, as the unit sets none: cage starts
# Xwayland and SDL (2.26) takes X11 when DISPLAY is set, where the
# kiosk's software renderer presents through shared memory.  (Forced onto
# SDL's Wayland driver, which has no software framebuffer in SDL 2, the
# kiosk fell back to OpenGL and its frames never reached the headless
# output: grim saw one colour.)  Every other window test uses Xvfb.
# Checked:
#  - the kiosk comes up fullscreen on cage's output (its window is the
#    size of grim's screenshot of that output), with SDL's software
#    renderer, and draws (the screenshot is not one colour);
#  - started on the offers page, it survives an idle reset (back on home
#    by itself) and, at that return to home, a pack swap: the sync
#    fetches version 11 from a server on 127.0.0.1 and the kiosk opens
#    it;
#  - it stops cleanly on SIGTERM.
# cage refuses to run as root: the test runs it as nobody when root.
# Skipped (77) when cage, grim or Xwayland (which Debian's cage needs to
# start at all) is missing.
set -u
. "$ROOT/tests/helpers/synclib.sh"
for t in cage grim Xwayland sqlite3 python3 openssl; do
	command -v $t >/dev/null || { echo "$t missing (Debian: cage grim xwayland)"; exit 77; }
done
CAGE_PID=
cage_cleanup() {
	[ -n "$CAGE_PID" ] && kill "$CAGE_PID" 2>/dev/null
	srv_stop
	wait 2>/dev/null
}
trap cage_cleanup EXIT
trap 'exit 1' INT TERM

W=$TMP/cage
RUN=$W/run
mkdir -p "$W" "$RUN" "$TMP/www"
chmod 0700 "$RUN"
build 10 "$W/pack.db"
build 11 "$TMP/p11.db"
"$K" content keygen -o "$KEYS" >/dev/null || fail "keygen"
publish "$TMP/p11.db" "$TMP/www"
srv_start "$TMP/www"
cat >"$W/kiosk.ini" <<EOF
[kiosk]
idle_s = 2
countdown_s = 1
[stats]
path = $W/stats.db
[sync]
url = http://127.0.0.1:$SRV_PORT/
public_key = $KEYS/pack.pub
interval_s = 1
timeout_s = 5
status_file = $W/status.txt
EOF
AS=
if [ "$(id -u)" = 0 ]; then
	chmod o+x "$TMP"
	chmod o+rx "$KEYS" && chmod o+r "$KEYS/pack.pub"
	chown -R nobody:nogroup "$W"
	AS="setpriv --reuid=nobody --regid=nogroup --clear-groups --"
fi
# shellcheck disable=SC2086
$AS env -i PATH="$PATH" HOME="$W" XDG_RUNTIME_DIR="$RUN" TZ=Europe/Paris \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
    LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
    cage -- "$K" -c "$W/kiosk.ini" --content "$W/pack.db" --msd chambery \
    --state-file "$W/state" --page offers >"$TMP/cage.log" 2>&1 &
CAGE_PID=$!
st() { head -1 "$W/state" 2>/dev/null; }
wait_until "the kiosk's first page under cage ($(tail -3 "$TMP/cage.log"))" \
    sh -c "[ \"\$(head -1 '$W/state' 2>/dev/null)\" = offers ]"

echo "== the idle reset brings it home, with the new pack =="
wait_until "home after the idle reset" sh -c "[ \"\$(head -1 '$W/state' 2>/dev/null)\" = home ]"
wait_until "pack 11 opened" grep -q "new content pack: version 11" "$TMP/cage.log"
[ "$(pack_version "$W/pack.db")" = 11 ] || fail "pack on disk: $(pack_version "$W/pack.db")"
sleep 1
kill -0 "$CAGE_PID" 2>/dev/null || fail "cage ended: $(tail -5 "$TMP/cage.log")"

echo "== drawn on cage's output (grim) =="
sock=$(ls "$RUN" | grep '^wayland-[0-9]*$' | head -1)
[ -n "$sock" ] || fail "no Wayland socket in $RUN"
$AS env XDG_RUNTIME_DIR="$RUN" WAYLAND_DISPLAY="$sock" grim "$W/shot.png" ||
    fail "grim: no screenshot"
python3 - "$W/shot.png" >"$TMP/shot.txt" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
w, h = struct.unpack(">II", data[16:24])
idat, i = b"", 8
while i < len(data):
    n, t = struct.unpack(">I4s", data[i:i + 8])
    if t == b"IDAT":
        idat += data[i + 8:i + 8 + n]
    i += 12 + n
raw = zlib.decompress(idat)
# Filter bytes aside, a screen of one colour holds one or two values.
print("%dx%d %d" % (w, h, len(set(raw))))
PY
read -r size colours <"$TMP/shot.txt"
echo "cage's output: $size, $colours distinct byte values"
WIN=$(sed -n 's/.*window \([0-9]*x[0-9]*\) at .*renderer.*/\1/p' "$TMP/cage.log" | head -1)
REN=$(sed -n 's/.* at [0-9]* dpi, \([a-z0-9]*\) renderer.*/\1/p' "$TMP/cage.log" | head -1)
[ "${colours:-0}" -gt 2 ] || fail "the kiosk's frames do not reach cage's headless output: grim sees $size of one colour; window ${WIN:-?} with SDL's ${REN:-?} renderer ($(tail -3 "$TMP/cage.log"))"
[ "$REN" = software ] || fail "the kiosk under cage draws with SDL's ${REN:-?} renderer, not software ([kiosk] renderer): $(grep renderer "$TMP/cage.log" | head -1)"
[ "$size" = "$WIN" ] || fail "cage's output is $size, the kiosk's window $WIN: not fullscreen"

echo "== SIGTERM: the kiosk stops =="
KP=$(pgrep -P "$CAGE_PID" -f msd-kiosk | head -1)
[ -n "$KP" ] || fail "no kiosk process under cage"
kill -TERM "$KP"
wait "$CAGE_PID"
CAGE_PID=
grep -q "kiosk stopped" "$TMP/cage.log" || fail "no clean stop: $(tail -5 "$TMP/cage.log")"
echo "kiosk under cage: ok"
