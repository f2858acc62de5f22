#!/bin/sh
# [kiosk] screen_hours under Xvfb, with the kiosk's clock set by
# --clock-start (the screen hours' wall clock starts there and runs):
#  - at closing time (Tuesday 17:00 for "lun-ven 08:30-12:00,13:30-17:00")
#    the kiosk, on home, blanks its display: Xvfb has no DPMS, so with a
#    black frame (kiosk_screen_dpms.sh tests DPMS on Xorg);
#  - while blanked nothing is drawn (frames_total of the [health] file
#    stays put) and almost no CPU is used;
#  - a tap wakes it and does nothing else (the button under it is not
#    pressed); left alone for idle_s it blanks again; used, it stays on
#    until the idle reset, then blanks;
#  - before opening time it blanks, and wakes by itself at 08:30;
#  - a Saturday is closed all day;
#  - a malformed screen_hours or --clock-start is refused (exit 2) with
#    the file, the line and what to write.
set -u
. "$ROOT/tests/helpers/kiosklib.sh"
need_x_tools
command -v xset >/dev/null || { echo "xset missing (x11-xserver-utils)"; exit 77; }
xvfb_start 240 290
. "$ROOT/tests/helpers/screenlib.sh"
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$kpid/stat"
}

echo "== closing time: the screen goes off =="
start "2026-12-01 16:59:55" close
[ "$(field screen)" = on ] || fail "open hours: screen=$(field screen)"
until_screen off 15
HOW=$(field screen)
echo "blanked with: $HOW"
# Xvfb has no DPMS (kiosk_screen_dpms.sh tests that path on Xorg).
if [ -n "$(dpms_monitor)" ]; then
	[ "$HOW" = dpms ] || fail "the X server has DPMS, the kiosk used '$HOW'"
	[ "$(dpms_monitor)" = Off ] || fail "DPMS: the monitor is '$(dpms_monitor)'"
else
	[ "$HOW" = black ] || fail "no DPMS in the X server, the kiosk used '$HOW'"
fi
grep -q "screen hours: the screen is off" "$TMP/close.log" || fail "not logged"

echo "== blanked: no frame drawn, almost no CPU =="
sleep 1.5
f0=$(frames) c0=$(cpu_ticks)
sleep 4
f1=$(frames) c1=$(cpu_ticks)
[ -n "$f0" ] && [ "$f0" = "$f1" ] || fail "frames drawn while blanked: $f0 -> $f1"
# clock ticks (1/100 s): the [health] file each second and nothing else.
[ $((c1 - c0)) -le 20 ] || fail "CPU while blanked: $((c1 - c0)) ticks in 4 s"
echo "blanked 4 s: frames $f0 -> $f1, CPU $((c1 - c0)) ticks"

echo "== a tap wakes it, and presses nothing =="
click $OFFERS
until_screen on 5
sleep 1
[ "$(page)" = home ] || fail "the waking tap opened '$(page)'"
[ "$HOW" = dpms ] && { [ "$(dpms_monitor)" = On ] || fail "DPMS after waking: '$(dpms_monitor)'"; }
[ "$(frames)" -gt "$f1" ] 2>/dev/null || sleep 1.5
[ "$(frames)" -gt "$f1" ] || fail "no frame after waking"

echo "== left alone for idle_s, off again =="
until_screen off 10

echo "== used after waking: on until the idle reset, then off =="
click $OFFERS
until_screen on 5
click $OFFERS
wait_page offers 5
sleep 1.5
[ "$(field screen)" = on ] || fail "blanked under the visitor's eyes (page $(page))"
wait_page home 15
until_screen off 10
stop close

echo "== before opening time: off, then on by itself at 08:30 =="
start "2026-12-02 08:29:53" open
until_screen off 10
until_screen on 15
[ "$(page)" = home ] || fail "opening: page '$(page)'"
grep -q "screen hours: the screen is on" "$TMP/open.log" || fail "opening not logged"
sleep 3
[ "$(field screen)" = on ] || fail "off again during the opening hours"
stop open

echo "== Saturday: closed all day =="
start "2026-12-05 10:00:00" saturday
until_screen off 10
stop saturday

echo "== malformed settings are refused =="
bad() {
	printf '[kiosk]\nidle_s = 5\nscreen_hours = %s\n' "$1" >"$TMP/bad.ini"
	"$K" -c "$TMP/bad.ini" --content "$PACK" --windowed 1280x800 >/dev/null 2>"$TMP/bad.err"
	rc=$?
	[ $rc = 2 ] || fail "screen_hours = $1: exit $rc"
	grep -q "bad.ini:3: \[kiosk\] screen_hours = .*$2" "$TMP/bad.err" ||
	    fail "screen_hours = $1: $(cat "$TMP/bad.err")"
}
bad "lux-ven 08:30-12:00" "'lux' is not a day"
bad "lun-ven 12:00-08:30" "the end is not after the start"
bad "lun-ven" "no hours after the days"
bad "08:30-12:00" "no day before the hours"
bad "lun 8h30-midi" "'midi': not a time"
bad "lun 08:30" "'08:30' is not a range"
"$K" --content "$PACK" --windowed 1280x800 --clock-start "demain" >/dev/null 2>"$TMP/bad.err"
[ $? = 2 ] && grep -q -- "--clock-start demain: expected" "$TMP/bad.err" ||
    fail "bad --clock-start: $(cat "$TMP/bad.err")"
[ $failed = 0 ]
