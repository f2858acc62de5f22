#!/bin/sh
# systemd's watchdog, played by a fake NOTIFY_SOCKET
# (tests/helpers/notifysock.py): each program says READY=1 with a STATUS=
# line once it runs, then pings WATCHDOG=1 while its loop turns; frozen
# (SIGSTOP) it stops pinging, thawed (SIGCONT) it pings again.
#  - the daemon, with the file gateway, on an abstract socket (@name);
#  - a WATCHDOG_PID that is another process: READY=1 but no ping;
#  - the kiosk under Xvfb, on a path socket; a frozen X server (a display
#    that takes no frame) stops its pings too;
#  - the units are Type=notify with WatchdogSec=, and pass
#    systemd-analyze verify when it is installed.
set -u
failed=0
K=$BIN/msd-kiosk
D=$BIN/msd-reminderd
. "$ROOT/tests/helpers/kiosklib.sh"
. "$ROOT/tests/helpers/notifylib.sh"
dpid=
cleanup2() {
	[ -n "$dpid" ] && kill -CONT "$dpid" 2>/dev/null && kill "$dpid" 2>/dev/null
	[ -n "$xpid" ] && kill -CONT "$xpid" 2>/dev/null
	for p in $NOTIFY_PIDS; do kill "$p" 2>/dev/null; done
	cleanup
}
trap cleanup2 EXIT INT TERM

# Frozen, then thawed: $1 the log, $2 the pid to freeze, $3 what.
freeze_thaw() {
	kill -STOP "$2"
	sleep 0.5	# a ping already on its way may still come
	n1=$(pings "$1")
	sleep 3		# six intervals of 0.5 s
	n2=$(pings "$1")
	[ "$n2" = "$n1" ] || fail "$3 frozen, yet $((n2 - n1)) pings came"
	kill -CONT "$2"
	wait_pings "$1" $((n2 + 3)) ||
		fail "$3 thawed: pings did not resume ($(pings "$1"), was $n2)"
}

# ---------------------------------------------------------------- daemon
cat >"$TMP/reminderd.ini" <<EOF
[database]
path = $TMP/reminders.db
[gateway]
type = file
path = $TMP/sms.txt
rate = 0
[reminders]
offsets = 2h
[msd.chambery]
name = MSD Chambéry
EOF
printf 'rdv_id;date;heure;msd;telephone\nS1;2026-12-01;12:00;chambery;06 12 34 56 78\n' >"$TMP/a.csv"
"$D" -c "$TMP/reminderd.ini" import "$TMP/a.csv" --now "2026-12-01 10:00" \
    >/dev/null 2>"$TMP/import.err" || { cat "$TMP/import.err"; fail "import"; }

notify_start daemon "@msd-watchdog-$$"
DLOG=$NLOG
NOTIFY_SOCKET="@msd-watchdog-$$" WATCHDOG_USEC=1000000 \
    "$D" -c "$TMP/reminderd.ini" run --now "2026-12-01 10:00" 2>"$TMP/daemon.err" &
dpid=$!
wait_pings "$DLOG" 3 ||
	fail "daemon: fewer than 3 pings: $(cat "$DLOG") $(cat "$TMP/daemon.err")"
has "$DLOG" "READY=1" || fail "daemon: no READY=1"
i=0
until last_status "$DLOG" | grep -q "1 SMS today"; do
	i=$((i + 1))
	[ $i -gt 300 ] && { fail "daemon: STATUS never showed the send: '$(last_status "$DLOG")'"; break; }
	sleep 0.1
done
last_status "$DLOG" | grep -q "^queue: 0 due, 0 pending; last send: 2026-12-01 10:0.; 1 SMS today$" ||
	fail "daemon: STATUS is '$(last_status "$DLOG")'"
freeze_thaw "$DLOG" "$dpid" daemon
kill -TERM "$dpid"; wait "$dpid"; rc=$?; dpid=
[ $rc = 0 ] || fail "daemon: exit $rc after SIGTERM: $(cat "$TMP/daemon.err")"
has "$DLOG" "STOPPING=1" || fail "daemon: no STOPPING=1"

# Another process's WATCHDOG_PID: systemd watches that one, not us.
notify_start other "@msd-watchdog-other-$$"
NOTIFY_SOCKET="@msd-watchdog-other-$$" WATCHDOG_USEC=1000000 WATCHDOG_PID=1 \
    "$D" -c "$TMP/reminderd.ini" run --now "2026-12-01 10:00" 2>>"$TMP/daemon.err" &
dpid=$!
i=0
until has "$NLOG" "READY=1"; do
	i=$((i + 1)); [ $i -gt 100 ] && { fail "WATCHDOG_PID=1: no READY=1"; break; }
	sleep 0.1
done
sleep 2
[ "$(pings "$NLOG")" = 0 ] || fail "WATCHDOG_PID=1 (not the daemon): it pinged anyway"
kill -TERM "$dpid"; wait "$dpid"; dpid=

# ---------------------------------------------------------------- kiosk
need_x_tools
xvfb_start 341 390
PACK=$TMP/pack.db
MSD=chambery
build_fixture_pack "$PACK"
cat >"$TMP/kiosk.ini" <<EOF
[kiosk]
msd = chambery
[stats]
path = $TMP/stats.db
EOF
notify_start kiosk "$TMP/notify.sock"
KLOG=$NLOG
export NOTIFY_SOCKET="$TMP/notify.sock" WATCHDOG_USEC=1000000
start_kiosk "$TMP/kiosk.ini" kiosk
unset NOTIFY_SOCKET WATCHDOG_USEC
wait_pings "$KLOG" 3 || fail "kiosk: fewer than 3 pings: $(cat "$KLOG")"
has "$KLOG" "READY=1" || fail "kiosk: no READY=1"
v=$(sqlite3 "$PACK" "SELECT value FROM meta WHERE key = 'version'")
last_status "$KLOG" | grep -q "^content version $v; last sync: off$" ||
	fail "kiosk: STATUS is '$(last_status "$KLOG")' (pack version $v)"
freeze_thaw "$KLOG" "$kpid" kiosk
# A display that takes no frame: the kiosk's present waits on it, and the
# pings stop until it answers again.
freeze_thaw "$KLOG" "$xpid" "X server (the kiosk's display)"
kill -0 "$kpid" 2>/dev/null || fail "kiosk died with its display frozen: $(cat "$TMP/kiosk.log")"
kill -TERM "$kpid"; wait "$kpid"; rc=$?; kpid=
[ $rc = 0 ] || fail "kiosk: exit $rc after SIGTERM: $(cat "$TMP/kiosk.log")"
has "$KLOG" "STOPPING=1" || fail "kiosk: no STOPPING=1"
grep -q "ERROR: AddressSanitizer\|runtime error" "$TMP/kiosk.log" "$TMP/daemon.err" &&
	fail "sanitizer report: $(cat "$TMP/kiosk.log" "$TMP/daemon.err")"

# ---------------------------------------------------------------- units
for u in "$ROOT"/dist/*.service; do
	grep -q '^Type=notify$' "$u" || fail "$u: not Type=notify"
	grep -q '^WatchdogSec=' "$u" || fail "$u: no WatchdogSec="
done
grep -q '^NotifyAccess=all$' "$ROOT/dist/msd-kiosk.service" ||
	fail "msd-kiosk.service: the kiosk is cage's child: NotifyAccess=all needed"
if command -v systemd-analyze >/dev/null 2>&1; then
	for u in "$ROOT"/dist/*.service; do
		# This machine lacks the users and binaries: only the unit's
		# own syntax and settings count.
		systemd-analyze verify "$u" 2>&1 | grep -v "is not executable\|No such file\|resolve user\|resolve group\|bound to inactive\|Failed to connect\|Failed to open\|bus" \
		    >"$TMP/verify.log"
		[ -s "$TMP/verify.log" ] && fail "systemd-analyze verify $u: $(cat "$TMP/verify.log")"
	done
else
	echo "systemd-analyze not installed: unit syntax not verified"
fi
[ $failed = 0 ]
