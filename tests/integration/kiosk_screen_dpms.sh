#!/bin/sh
# [kiosk] screen_hours with DPMS: the kiosk on a real Xorg server (the
# dummy video driver, no GPU, no monitor) whose screen has a DPMS handler
# (tests/helpers/xorg_dpms_audit.c says why the dummy driver needs one
# given, and how), so that the server has the DPMS extension and `xset q`
# shows the level it holds.  kiosk_screen_hours.sh tests the rest of the
# screen hours, and the black frame, on Xvfb (which has no DPMS).
#  - DPMS disabled in the server (`xset -dpms`, as a server started with
#    -dpms): at closing time the kiosk blanks with DPMS (screen=dpms),
#    the monitor is Off, the server's driver was asked for level 3;
#  - a tap wakes it and presses nothing; the driver is asked for On and
#    DPMS is disabled again, as the kiosk found it.  (Xorg itself wakes the
#    monitor on any input, so the next case is what shows the kiosk's
#    own DPMSForceLevel(On):)
#  - before opening time the monitor is Off, and On at 08:30 with no
#    input at all;
#  - killed (SIGKILL) while blanked, then started again in opening
#    hours: the kiosk wakes the monitor at start, before any input;
#  - stopped (SIGTERM) while blanked, the kiosk wakes the monitor and
#    leaves DPMS as it found it (disabled).
# Needs root (Xorg with the dummy driver), Xorg, its dummy driver, cc and
# xset; skipped (77) otherwise.
set -u
. "$ROOT/tests/helpers/kiosklib.sh"
need_x_tools
DUMMY=/usr/lib/xorg/modules/drivers/dummy_drv.so
for t in Xorg xset cc; do
	command -v $t >/dev/null || { echo "$t missing (Debian: xserver-xorg-core x11-xserver-utils build-essential)"; exit 77; }
done
[ -f $DUMMY ] || { echo "no $DUMMY (Debian: xserver-xorg-video-dummy)"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "Xorg with the dummy driver needs root here"; exit 77; }

cc -std=c17 -Wall -Wextra -Werror -shared -fPIC -o "$TMP/xorg_dpms_audit.so" \
    "$ROOT/tests/helpers/xorg_dpms_audit.c" || { echo "FAIL: cannot build the audit library"; exit 1; }
cat >"$TMP/xorg.conf" <<'EOF'
Section "ServerFlags"
	Option "AutoAddDevices" "false"
	Option "AutoEnableDevices" "false"
	Option "DontVTSwitch" "true"
EndSection
Section "Device"
	Identifier "dummy"
	Driver "dummy"
	VideoRam 16384
EndSection
Section "Monitor"
	Identifier "monitor"
	HorizSync 5.0 - 1000.0
	VertRefresh 5.0 - 200.0
	Modeline "1280x800" 83.46 1280 1344 1480 1680 800 801 804 828
EndSection
Section "Screen"
	Identifier "screen"
	Device "dummy"
	Monitor "monitor"
	DefaultDepth 24
	SubSection "Display"
		Depth 24
		Modes "1280x800"
		Virtual 1280 800
	EndSubSection
EndSection
EOF
_xorg() {
	LD_AUDIT=$TMP/xorg_dpms_audit.so Xorg :$1 -config "$TMP/xorg.conf" \
	    -noreset -nolisten tcp -novtswitch -sharevts \
	    -logfile "$TMP/xorg.log" >"$TMP/x.log" 2>&1 &
}
x_start 290 340 _xorg
. "$ROOT/tests/helpers/screenlib.sh"

[ -n "$(dpms_state)" ] || { cat "$TMP/x.log"; echo "FAIL: Xorg has no DPMS extension"; exit 1; }
echo "Xorg on $DISPLAY: DPMS $(dpms_state), monitor $(dpms_monitor)"
xset -dpms
[ "$(dpms_state)" = Disabled ] || fail "xset -dpms: DPMS $(dpms_state)"
# asked LEVEL: lines "dpms level LEVEL" the server's driver got so far.
asked() { grep -c "^dpms level $1\$" "$TMP/x.log"; }

echo "== closing time: DPMS off =="
start "2026-12-01 16:59:55" close
[ "$(field screen)" = on ] || fail "open hours: screen=$(field screen)"
until_screen off 15
[ "$(field screen)" = dpms ] || fail "the server has DPMS, the kiosk blanked with '$(field screen)'"
[ "$(dpms_monitor)" = Off ] || fail "blanked: monitor $(dpms_monitor)"
[ "$(asked 3)" -ge 1 ] || fail "the server's driver was never asked for level 3 (Off)"
grep -q "screen hours: the screen is off (DPMS)" "$TMP/close.log" || fail "not logged"
echo "blanked: screen=$(field screen), monitor $(dpms_monitor), DPMS $(dpms_state)"
sleep 1.5
f0=$(frames)
sleep 2
[ -n "$f0" ] && [ "$f0" = "$(frames)" ] || fail "frames drawn while blanked: $f0 -> $(frames)"

echo "== a tap wakes it, and presses nothing =="
click $OFFERS
until_screen on 5
sleep 1
[ "$(page)" = home ] || fail "the waking tap opened '$(page)'"
# Disabled, xset prints no level: the server holds On then (DPMSDisable
# sets it), and its driver was asked for it.
[ "$(dpms_state)" = Disabled ] || fail "woken: DPMS $(dpms_state), was Disabled before"
[ "$(asked 0)" -ge 1 ] || fail "woken: the server's driver was not asked for level 0 (On)"
echo "woken: page $(page), DPMS $(dpms_state), driver asked for On $(asked 0) times"

echo "== left alone: off again, then SIGTERM while blanked =="
until_screen off 10
[ "$(dpms_monitor)" = Off ] || fail "blanked again: monitor $(dpms_monitor)"
on0=$(asked 0)
stop close
[ "$(dpms_state)" = Disabled ] || fail "stopped while blanked: DPMS $(dpms_state)"
[ "$(asked 0)" -gt "$on0" ] || fail "stopped while blanked: the driver was not asked for level 0 (On)"
grep -q "screen hours: the screen is on" "$TMP/close.log" || fail "stop while blanked: not woken"
echo "stopped: DPMS $(dpms_state), driver asked for On $(asked 0) times"

echo "== before opening time: off, then on at 08:30 with no input =="
xset +dpms
on0=$(asked 0)
start "2026-12-02 08:29:53" open
until_screen off 10
[ "$(dpms_monitor)" = Off ] || fail "before opening: monitor $(dpms_monitor)"
until_screen on 15
[ "$(dpms_monitor)" = On ] || fail "opened: monitor $(dpms_monitor)"
[ "$(asked 0)" -gt "$on0" ] || fail "the server's driver was not asked for level 0 (On)"
[ "$(dpms_state)" = Enabled ] || fail "opened: DPMS $(dpms_state), was Enabled before"
grep -q "screen hours: the screen is on" "$TMP/open.log" || fail "opening not logged"
echo "opened: monitor $(dpms_monitor), DPMS $(dpms_state)"
stop open

echo "== killed while blanked, started again in opening hours: woken =="
start "2026-12-01 16:59:55" crash
until_screen off 15
[ "$(dpms_monitor)" = Off ] || fail "before the crash: monitor $(dpms_monitor)"
kill -KILL "$kpid"; wait "$kpid" 2>/dev/null; kpid=
[ "$(dpms_monitor)" = Off ] || fail "after SIGKILL the monitor is $(dpms_monitor): nothing to test"
start "2026-12-02 10:00:00" restart
i=0
while [ "$(dpms_monitor)" != On ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(dpms_monitor)" = On ] || fail "restarted in opening hours: monitor $(dpms_monitor), no input yet"
grep -q "the monitor was asleep at start" "$TMP/restart.log" || fail "the wake at start is not logged"
echo "restarted after SIGKILL: monitor $(dpms_monitor)"
stop restart
grep -E 'AddressSanitizer|runtime error' "$TMP/x.log" && fail "sanitizer report"
[ $failed = 0 ]
