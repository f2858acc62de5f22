#!/bin/sh
# Which renderer the windowed kiosk uses, as the systemd unit starts it:
# no SDL_RENDER_DRIVER or SDL_FRAMEBUFFER_ACCELERATION in its environment
# (kiosklib exports both for the other tests; this one removes them).
#  - by default ([kiosk] renderer unset, or = software) the kiosk sets
#    SDL's hints itself: on its home page no OpenGL library is mapped
#    (libGL, libGLX, Mesa's swrast_dri, libLLVM; /proc/PID/maps), and its
#    log names the software renderer;
#  - renderer = gpu is accepted: the kiosk starts and shows its home page
#    (whichever accelerated driver SDL finds; Xvfb's is Mesa's swrast);
#  - any other value: exit 2, the file, line and key named, no window
#    (an empty value is the default, as for every key).
set -u
: "${ASAN_OPTIONS:=}"
K=$BIN/msd-kiosk
failed=0

. "$ROOT/tests/helpers/kiosklib.sh"
need_x_tools
xvfb_start 291 341
unset SDL_RENDER_DRIVER SDL_FRAMEBUFFER_ACCELERATION

PACK=$TMP/pack.db
build_fixture_pack "$PACK"
MSD=chambery
STATS="[stats]
path = $TMP/stats.db"

gl_maps() {	# the OpenGL libraries mapped into $kpid, one a line
	grep -E 'libGL|libGLX|libEGL|swrast_dri|_dri\.so|libLLVM' \
	    "/proc/$kpid/maps" | awk '{print $6}' | sort -u
}

stop() {	# stop NAME: SIGTERM, exit 0, no sanitizer report
	kill -TERM "$kpid"
	wait "$kpid"
	rc=$?
	kpid=
	[ $rc = 0 ] || fail "$1: kiosk exit $rc: $(tail -3 "$TMP/$1.log")"
	if grep -E 'AddressSanitizer|runtime error' "$TMP/$1.log"; then
		fail "$1: sanitizer report"
	fi
}

# ======== default: software, no GL library
for how in default software; do
	{ echo "[kiosk]"; [ $how = software ] && echo "renderer = software"
	  echo "$STATS"; } >"$TMP/$how.ini"
	start_kiosk "$TMP/$how.ini" $how
	[ -r "/proc/$kpid/maps" ] || fail "$how: no /proc/$kpid/maps"
	gl=$(gl_maps)
	[ -z "$gl" ] || fail "$how: OpenGL libraries mapped: $gl"
	grep -q 'software renderer' "$TMP/$how.log" ||
		fail "$how: the log does not name the software renderer: $(cat "$TMP/$how.log")"
	stop $how
done

# ======== gpu: accepted, the kiosk runs
{ echo "[kiosk]"; echo "renderer = gpu"; echo "$STATS"; } >"$TMP/gpu.ini"
# Mesa's own caches are not the kiosk's leaks: only the exit code and
# ASan/UBSan errors are checked for this run.
asan_saved=$ASAN_OPTIONS
export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
start_kiosk "$TMP/gpu.ini" gpu
grep -q 'renderer' "$TMP/gpu.log" ||
	fail "gpu: the log does not name its renderer: $(cat "$TMP/gpu.log")"
echo "gpu: $(grep -o '[a-z0-9]* renderer' "$TMP/gpu.log"); mapped: $(gl_maps | tr '\n' ' ')"
stop gpu
export ASAN_OPTIONS="$asan_saved"

# ======== a bad value
for bad in vulkan GPU opengl; do
	{ echo "[kiosk]"; echo "renderer = $bad"; echo "$STATS"; } >"$TMP/bad.ini"
	rm -f "$ST"
	timeout 30 "$K" -c "$TMP/bad.ini" --content "$PACK" --msd $MSD --windowed 1280x800 \
	    --state-file "$ST" >"$TMP/bad.log" 2>&1
	rc=$?
	[ $rc = 2 ] || fail "renderer = '$bad': exit $rc, not 2"
	grep -q "bad.ini:2: \[kiosk\] renderer = $bad: expected software" \
	    "$TMP/bad.log" || fail "renderer = '$bad': message: $(cat "$TMP/bad.log")"
	[ ! -e "$ST" ] || fail "renderer = '$bad': the kiosk showed a page"
done

[ $failed = 0 ]
