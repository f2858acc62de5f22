# tests/helpers/kiosklib.sh - sourced by the integration tests that drive
# the kiosk in a real window on an Xvfb of their own with xdotool
# (kiosk_xvfb.sh, kiosk_feedback.sh).
#
# Needs BIN, ROOT, TMP (see tests/run.sh) and, for start_kiosk, PACK and
# MSD.  Sources packlib.sh (K, failed=0, fail, build_fixture_pack).  Gives:
#   need_x_tools        exit 77 if Xvfb, xdotool or sqlite3 is missing
#   xvfb_start FIRST LAST  an Xvfb on the first free display number in
#                       [FIRST, LAST); exports DISPLAY and the SDL settings
#                       for software rendering; exits 1 if none starts
#   x_start FIRST LAST CMD  the same with another X server (CMD N starts it)
#   ST                  the kiosk's --state-file ($TMP/state)
#   page                its first line (the page shown)
#   field NAME          the value of NAME= in it (focus, scroll)
#   wait_page WANT [SECONDS]  until page is WANT (15 s), else fail
#   start_kiosk CONF NAME  the kiosk in a 1280x800 window with -c CONF,
#                       its log in $TMP/NAME.log; waits for home, sets
#                       kpid and W (its window), focuses it
#   click X Y W H       a tap in the middle of the box
#   tab_to ID           Tab until the focus is on ID (at most $TAB_MAX
#                       times, 20 unless the caller sets it), else fail
# and a trap that stops the kiosk ($kpid) and the X server on exit.

xpid= kpid=
ST=$TMP/state
TAB_MAX=${TAB_MAX:-20}

# fail, K, failed=0 and build_fixture_pack, as for the tests without a
# display.
. "$ROOT/tests/helpers/packlib.sh"

need_x_tools() {
	for t in Xvfb xdotool sqlite3; do
		command -v $t >/dev/null || { echo "$t missing"; exit 77; }
	done
}

cleanup() {
	[ -n "$kpid" ] && kill "$kpid" 2>/dev/null
	[ -n "$xpid" ] && kill "$xpid" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT INT TERM

# x_start FIRST LAST CMD: `CMD N` (a function) starts an X server on
# display :N in the background; the first free N in [FIRST, LAST) where it
# answers within 10 s is kept: xpid, DISPLAY.  Exits 1 if none starts.
x_start() {
	n=$1
	while [ $n -lt $2 ]; do
		if [ ! -e /tmp/.X$n-lock ] && [ ! -e /tmp/.X11-unix/X$n ]; then
			$3 $n
			xpid=$!
			i=0
			while [ $i -lt 100 ] && ! DISPLAY=:$n xdotool getdisplaygeometry \
			    >/dev/null 2>&1; do
				sleep 0.1
				i=$((i + 1))
			done
			DISPLAY=:$n xdotool getdisplaygeometry >/dev/null 2>&1 && break
			kill $xpid 2>/dev/null
			xpid=
		fi
		n=$((n + 1))
	done
	[ -n "$xpid" ] || { cat "$TMP/x.log"; echo "FAIL: cannot start the X server ($3)"; exit 1; }
	export DISPLAY=:$n
	# Software rendering all the way (no GL for the window surface either).
	export SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=software
	export SDL_FRAMEBUFFER_ACCELERATION=0
}

_xvfb() {
	Xvfb :$1 -screen 0 1280x800x24 -nolisten tcp >"$TMP/x.log" 2>&1 &
}
# The caller gives the range of display numbers (each test its own).
xvfb_start() {
	x_start "$1" "$2" _xvfb
}

page() { head -1 "$ST" 2>/dev/null; }
field() { sed -n "s/^$1=//p" "$ST" 2>/dev/null; }

wait_page() {
	i=0 max=$((${2:-15} * 10))
	while [ "$(page)" != "$1" ]; do
		[ $i -ge $max ] && { fail "waited for page '$1', still '$(page)'"; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
	return 0
}

start_kiosk() {
	rm -f "$ST"
	"$K" -c "$1" --content "$PACK" --msd $MSD --windowed 1280x800 --dpi 96 \
	    --state-file "$ST" >"$TMP/$2.log" 2>&1 &
	kpid=$!
	wait_page home 30 || { cat "$TMP/$2.log"; exit 1; }
	W=$(xdotool search --sync --name '^msd-kiosk$' | head -1)
	xdotool windowfocus --sync "$W" 2>/dev/null || xdotool windowfocus "$W"
}

click() {
	xdotool mousemove --window "$W" $(($1 + $3 / 2)) $(($2 + $4 / 2)) click 1
}

tab_to() {
	i=0
	while [ "$(field focus)" != "$1" ]; do
		[ $i -ge $TAB_MAX ] && { fail "Tab never reached $1 (focus '$(field focus)')"; return 1; }
		xdotool key Tab
		sleep 0.15
		i=$((i + 1))
	done
}
