#!/bin/sh
# `make run` writes nothing outside the checkout: tools/demo.sh (what
# `make run` runs) is traced with strace, once without a display (the
# kiosk renders home.png) and once with its kiosk in a real window on an
# Xvfb, where it is touched so that it counts a page view.  Every file
# created, written, renamed or removed must be under the demo's own
# directory in the build tree: a demo kiosk that fell back to the
# production defaults once created /var/lib/msd-kiosk/stats.db, and the
# demo's clicks would have counted in an MSD's statistics.
set -u
. "$ROOT/tests/helpers/kiosklib.sh"
command -v strace >/dev/null || { echo "strace missing"; exit 77; }
need_x_tools
failed=0
demo=$BIN/demo
cd "$ROOT"

# LeakSanitizer cannot run under ptrace; leaks are the other tests' job.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# The read-aloud synthesis (a minute and a half under the sanitizers and
# strace) writes only in the demo's own cache; read_aloud.sh tests it.
export MSD_DEMO_NO_AUDIO=1

trace() {	# trace LOG: tools/demo.sh under strace, output in LOG.out
	strace -f -y -qq -o "$1" -e trace=%file,%process,chdir,fchdir \
	    sh tools/demo.sh "$BIN" >"$1.out" 2>&1
}

check() {	# check LOG WHAT
	if python3 "$ROOT/tests/helpers/write_paths.py" "$1" "$demo" >"$1.paths"; then
		echo "ok    $2: $(tail -1 "$1.paths")"
	else
		fail "$2 wrote outside $demo:"
		grep '^OUTSIDE' "$1.paths"
	fi
}

# 1. No display: the daemon's demo, then the kiosk's home page as a PNG.
(unset DISPLAY WAYLAND_DISPLAY; trace "$TMP/nodisplay.strace") ||
	{ fail "demo without a display exited $?"; tail -20 "$TMP/nodisplay.strace.out"; }
grep -q "The SMS the daemon would have sent" "$TMP/nodisplay.strace.out" ||
	fail "the daemon's demo printed no SMS"
[ "$(head -c 8 "$demo/home.png" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] ||
	fail "no home.png from the demo kiosk"
check "$TMP/nodisplay.strace" "demo without a display"

# 2. A real window: the kiosk with the daemon beside it, touched, then
# stopped as systemd or a closed window would stop it.
xvfb_start 241 290
trace "$TMP/window.strace" &
tpid=$!
W=$(timeout 60 xdotool search --sync --name '^msd-kiosk$' | head -1)
if [ -z "$W" ]; then
	fail "the demo kiosk never opened its window"; tail -20 "$TMP/window.strace.out"
else
	xdotool windowfocus "$W" 2>/dev/null
	sleep 1
	xdotool mousemove --window "$W" 400 400 click 1	# a home button
	sleep 1
	xdotool key Escape
	sleep 1
	kp=$(pgrep -f "^$BIN/msd-kiosk -c kiosk.ini" | head -1)
	[ -n "$kp" ] && kill -TERM "$kp"
fi
i=0
while kill -0 $tpid 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 $tpid 2>/dev/null && { fail "the demo did not stop with its kiosk"; kill $tpid; }
wait $tpid 2>/dev/null
pgrep -f "^$BIN/msd-reminderd -c reminderd.ini run" >/dev/null &&
	fail "the demo daemon still runs after the kiosk stopped"
[ -f "$demo/stats.db" ] || fail "the demo kiosk kept no statistics in $demo (stats.db)"
check "$TMP/window.strace" "demo in a window"

[ $failed = 0 ] || exit 1
echo "the demo writes only under $demo"
