# tests/helpers/screenlib.sh - sourced after kiosklib.sh by the tests of
# [kiosk] screen_hours (kiosk_screen_hours.sh on Xvfb, kiosk_screen_dpms.sh
# on Xorg with DPMS).  Writes $TMP/kiosk.ini (idle_s 2, the screen hours
# "lun-ven 08:30-12:00,13:30-17:00", the [health] file each second) and
# builds the fixture pack.  Gives:
#   OFFERS              "x y w h" of home's offers button at 1280x800
#   start CLOCK NAME    the kiosk with its clock at CLOCK, on home, log in
#                       $TMP/NAME.log; sets kpid and W, focuses it
#   stop NAME           SIGTERM, checks exit 0 and no sanitizer report
#   until_screen WANT SECONDS  until the state file's screen= is WANT
#                       ("on", or "off" for dpms or black), else fail
#   frames              msd_kiosk_frames_total of the [health] file
#   dpms_monitor        the X server's "Monitor is ..." (On, Off), or empty
#   dpms_state          the X server's "DPMS is ..." (Enabled, Disabled)
export TZ=Europe/Paris
PACK=$TMP/pack.db
MSD=chambery
build_fixture_pack "$PACK"
HOURS="lun-ven 08:30-12:00,13:30-17:00"
cat >"$TMP/kiosk.ini" <<EOI
[kiosk]
idle_s = 2
countdown_s = 1
screen_hours = $HOURS
[stats]
path = $TMP/stats.db
[health]
file = $TMP/health.prom
interval_s = 1
EOI

# box KIND ID PAGE: "x y w h" in the layout of PAGE at 1280x800.
box() {
	"$K" --content "$PACK" --msd $MSD --windowed 1280x800 --dpi 96 \
	    --page "$3" --screenshot "$TMP/box.png" --layout-report "$TMP/box.txt" \
	    >/dev/null 2>&1
	grep "^$1 $2 " "$TMP/box.txt" | head -1 | cut -d' ' -f3-6
}
OFFERS=$(box button home:offers home)
[ -n "$OFFERS" ] || { echo "FAIL: no home:offers button"; exit 1; }

start() {
	rm -f "$ST"
	"$K" -c "$TMP/kiosk.ini" --content "$PACK" --msd $MSD --windowed 1280x800 \
	    --dpi 96 --state-file "$ST" --clock-start "$1" >"$TMP/$2.log" 2>&1 &
	kpid=$!
	wait_page home 30 || { cat "$TMP/$2.log"; exit 1; }
	W=$(xdotool search --sync --name '^msd-kiosk$' | head -1)
	xdotool windowfocus --sync "$W" 2>/dev/null || xdotool windowfocus "$W"
}
stop() {
	kill -TERM "$kpid"
	wait "$kpid"
	rc=$?
	kpid=
	[ $rc = 0 ] || fail "$1: kiosk exit $rc"
	grep -E 'AddressSanitizer|runtime error' "$TMP/$1.log" && fail "$1: sanitizer report"
}
until_screen() {
	i=0
	while :; do
		s=$(field screen)
		case $1:$s in on:on|off:dpms|off:black) return 0 ;; esac
		[ $i -ge $(($2 * 10)) ] && { fail "screen=$s after $2 s, want $1"; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
}
frames() {
	sed -n 's/^msd_kiosk_frames_total \([0-9]*\)$/\1/p' "$TMP/health.prom"
}
# xset prints these only when the server has the DPMS extension.
dpms_monitor() {
	xset q 2>/dev/null | sed -n 's/^ *Monitor is \([A-Za-z]*\).*$/\1/p'
}
dpms_state() {
	xset q 2>/dev/null | sed -n 's/^ *DPMS is \([A-Za-z]*\).*$/\1/p'
}
