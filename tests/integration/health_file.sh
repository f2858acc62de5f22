#!/bin/sh
# The [health] file of each program, read as node_exporter's textfile
# collector would (tests/helpers/promcheck.py checks the text format:
# HELP and TYPE, names, escaped labels, numeric values):
#  - the daemon: before a send, reminders by state and the lateness of the
#    one that is due; after, the counts have moved, the last send and
#    today's segments are there; a gateway that fails (/dev/full) shows
#    its error as a label, without the phone number;
#  - the file is 0644 whatever the umask, replaced by a rename (a new
#    inode each time, no temporary file left), and a folder that does
#    not exist is logged, not fatal;
#  - the kiosk: pack version, frames, last touch (0, then set by a
#    click), RSS, open fds, and the sync's last error.
set -u
failed=0
K=$BIN/msd-kiosk
D=$BIN/msd-reminderd
. "$ROOT/tests/helpers/kiosklib.sh"
P="python3 $ROOT/tests/helpers/promcheck.py"
H=$TMP/health.prom
dpid=
gwpid=
trap '[ -n "$dpid" ] && kill "$dpid" 2>/dev/null; [ -n "$gwpid" ] && kill "$gwpid" 2>/dev/null; cleanup' EXIT INT TERM

val() { $P "$H" "$@"; }
# Keeps the first file written by a run (before its send) in before.prom.
wait_health_sent() {
	i=0
	until [ -s "$H" ]; do
		i=$((i + 1)); [ $i -gt 300 ] && return 1
		sleep 0.01
	done
	cp "$H" "$TMP/before.prom"
	stat -c '%i %a' "$H" >"$TMP/before.stat"
	wait
}
epoch() { TZ=Europe/Paris date -d "$1" +%s; }

conf() {	# $1 the file gateway's path or an http:// url, $2 interval_s
	case $1 in
	http*) gw="type = http
url = $1" ;;
	*) gw="type = file
path = $1" ;;
	esac
	cat >"$TMP/reminderd.ini" <<EOF
[database]
path = $TMP/reminders.db
[gateway]
$gw
rate = 0
[reminders]
offsets = 2h
[health]
file = $H
interval_s = $2
[msd.chambery]
name = MSD Chambéry
EOF
}
daemon() { "$D" -c "$TMP/reminderd.ini" "$@" 2>>"$TMP/daemon.err"; }

conf "$TMP/sms.txt" 3600
printf 'rdv_id;date;heure;msd;telephone\nS1;2026-12-01;12:00;chambery;06 12 34 56 78\nS2;2026-12-01;16:00;chambery;06 12 34 56 79\n' >"$TMP/a.csv"
daemon import "$TMP/a.csv" --now "2026-12-01 09:00" >/dev/null || fail "import"

# Planned at 09:00 (S1 due at 10:00, S2 at 14:00); at 10:30, S1 is half
# an hour late.  The figures are taken at the first turn (interval_s =
# 3600), before the send, and at the end.
daemon run --once --now "2026-12-01 09:00" || fail "run --once: $(cat "$TMP/daemon.err")"
[ "$(val 'msd_reminders{state="planned"}' msd_reminders_due)" = "$(printf '2\n0')" ] ||
	fail "at 09:00: planned, due = $(val 'msd_reminders{state="planned"}' msd_reminders_due | tr '\n' ' ')"
rm "$H"
# A gateway that takes 5 s: the first figures stay in place meanwhile.
python3 "$ROOT/tests/helpers/gwserver.py" --log "$TMP/gw.jsonl" --mode slow \
    --delay-ms 5000 --flavor plain >"$TMP/gw.port" 2>"$TMP/gw.err" &
gwpid=$!
i=0
until [ -s "$TMP/gw.port" ]; do
	i=$((i + 1)); [ $i -gt 100 ] && { cat "$TMP/gw.err"; fail "gateway server"; exit 1; }
	sleep 0.1
done
conf "http://127.0.0.1:$(head -1 "$TMP/gw.port")/send" 3600
(umask 077; "$D" -c "$TMP/reminderd.ini" run --once --now "2026-12-01 10:30" 2>>"$TMP/daemon.err" &
 wait_health_sent) || fail "run --once: $(cat "$TMP/daemon.err")"
$P "$H" >/dev/null || fail "health file is not in the text format"
H0=$H H=$TMP/before.prom
[ "$(val 'msd_reminders{state="planned"}' 'msd_reminders{state="sent"}' msd_reminders_due)" = "$(printf '2\n0\n1')" ] ||
	fail "before the send: planned, sent, due = $(val 'msd_reminders{state="planned"}' 'msd_reminders{state="sent"}' msd_reminders_due | tr '\n' ' ')"
late=$(val msd_reminders_oldest_due_lateness_seconds)
[ "$late" -ge 1800 ] && [ "$late" -lt 1900 ] || fail "lateness $late, expected 1800 (and a few seconds)"
[ "$(val msd_reminderd_last_send_timestamp_seconds)" = 0 ] || fail "a last send before any"
H=$H0
kill $gwpid
read ino1 mode <"$TMP/before.stat"
[ "$mode" = 644 ] || fail "mode $mode under umask 077, expected 644 (the collector is another user)"

# At the end of that run (its last figures): S1 was sent, the counts
# have moved.
[ "$(val 'msd_reminders{state="planned"}' 'msd_reminders{state="sent"}' msd_reminders_due msd_reminders_oldest_due_lateness_seconds)" = "$(printf '1\n1\n0\n0')" ] ||
	fail "after the send: planned, sent, due, lateness = $(val 'msd_reminders{state="planned"}' 'msd_reminders{state="sent"}' msd_reminders_due msd_reminders_oldest_due_lateness_seconds | tr '\n' ' ')"
last=$(val msd_reminderd_last_send_timestamp_seconds)
t0=$(epoch "2026-12-01 10:30")
[ "$last" -ge "$t0" ] && [ "$last" -lt $((t0 + 60)) ] || fail "last send $last, expected about $t0"
[ "$(val msd_reminderd_sms_sent_today msd_reminderd_segments_sent_today)" = "$(printf '1\n1')" ] ||
	fail "today: $(val msd_reminderd_sms_sent_today msd_reminderd_segments_sent_today | tr '\n' ' ')"
# SQLite's heap: something (the schema, the statements), under its cap.
sq=$(val msd_reminderd_sqlite_memory_bytes)
[ "${sq%.*}" -gt 0 ] 2>/dev/null && [ "${sq%.*}" -lt $((18 * 1024 * 1024)) ] ||
	fail "msd_reminderd_sqlite_memory_bytes: '$sq'"
[ "$(stat -c %i "$H")" != "$ino1" ] || fail "the file was rewritten in place, not replaced"
ls "$TMP" | grep -q 'health.prom.tmp' && fail "temporary file left: $(ls "$TMP")"

# A gateway that fails: S2 (due 14:00) meets a full disk.
conf /dev/full 1
daemon run --once --now "2026-12-01 14:00"
$P "$H" >/dev/null || fail "health file with an error is not in the text format: $(cat "$H")"
reason=$($P "$H" --label msd_reminderd_last_error_timestamp_seconds reason)
echo "$reason" | grep -q "/dev/full" || fail "last error label: '$reason'"
echo "$reason" | grep -q "56 79\|5679" && fail "the phone number is in the error label: $reason"
[ "$(val msd_reminderd_gateway_errors_total 'msd_reminders{state="retry"}')" = "$(printf '1\n1')" ] ||
	fail "errors, retry: $(val msd_reminderd_gateway_errors_total 'msd_reminders{state="retry"}' | tr '\n' ' ')"
[ "$(val msd_reminderd_last_error_timestamp_seconds)" -gt 0 ] 2>/dev/null ||
	fail "no time for the last error: $(grep last_error "$H")"

# Continuous, every second: the file is replaced again and again.
conf "$TMP/sms.txt" 1
ino1=$(stat -c %i "$H")
"$D" -c "$TMP/reminderd.ini" run --now "2026-12-01 10:32" 2>>"$TMP/daemon.err" &
dpid=$!
ino=$(stat -c %i "$H") i=0
while [ "$(stat -c %i "$H")" = "$ino" ]; do
	i=$((i + 1)); [ $i -gt 200 ] && { fail "the file was not replaced in 20 s"; break; }
	sleep 0.1
done
kill "$dpid"; wait "$dpid"; dpid=
# A folder that does not exist: said in the log, and the daemon goes on.
sed -i "s|^file = .*|file = $TMP/none/health.prom|" "$TMP/reminderd.ini"
daemon run --once --now "2026-12-01 10:33" || fail "a missing [health] folder stopped the daemon"
grep -q "\[health\] file: cannot write $TMP/none/health.prom" "$TMP/daemon.err" ||
	fail "no message for the missing folder: $(cat "$TMP/daemon.err")"
grep -q "ERROR: AddressSanitizer\|runtime error" "$TMP/daemon.err" && fail "sanitizer: $(cat "$TMP/daemon.err")"

# ---------------------------------------------------------------- kiosk
need_x_tools
xvfb_start 341 390
PACK=$TMP/pack.db
MSD=chambery
build_fixture_pack "$PACK"
"$K" content keygen -o "$TMP/keys" >"$TMP/keygen.log" 2>&1 ||
	{ cat "$TMP/keygen.log"; fail "content keygen"; exit 1; }
H=$TMP/kiosk.prom
# The sync asks a port where nothing listens: its error is a figure.
cat >"$TMP/kiosk.ini" <<EOF
[kiosk]
msd = chambery
[stats]
path = $TMP/stats.db
[sync]
url = http://127.0.0.1:9/packs
public_key = $TMP/keys/pack.pub
[health]
file = $H
interval_s = 1
EOF
start_kiosk "$TMP/kiosk.ini" kiosk
i=0
until [ -s "$H" ] && [ "$(val msd_kiosk_last_sync_error)" = 1 ]; do
	i=$((i + 1)); [ $i -gt 300 ] && { fail "kiosk: no sync error in 30 s: $(cat "$H" "$TMP/kiosk.log")"; break; }
	sleep 0.1
done
$P "$H" >/dev/null || fail "kiosk health file is not in the text format"
v=$(sqlite3 "$PACK" "SELECT value FROM meta WHERE key = 'version'")
[ "$(val msd_kiosk_pack_version)" = "$v" ] || fail "pack version $(val msd_kiosk_pack_version), expected $v"
$P "$H" --label msd_kiosk_last_sync_error error | grep -q "127.0.0.1" ||
	fail "sync error label: '$($P "$H" --label msd_kiosk_last_sync_error error)'"
[ "$(val msd_kiosk_last_touch_timestamp_seconds msd_kiosk_sync_enabled)" = "$(printf '0\n1')" ] ||
	fail "before a touch: $(val msd_kiosk_last_touch_timestamp_seconds msd_kiosk_sync_enabled | tr '\n' ' ')"
[ "$(val msd_kiosk_resident_memory_bytes)" -gt 1000000 ] || fail "RSS $(val msd_kiosk_resident_memory_bytes)"
[ "$(val msd_kiosk_open_fds)" -gt 2 ] || fail "open fds $(val msd_kiosk_open_fds)"
f1=$(val msd_kiosk_frames_total)
[ "$f1" -ge 1 ] || fail "frames $f1"
xdotool mousemove --window "$W" 640 400 click 1
i=0
until [ "$(val msd_kiosk_last_touch_timestamp_seconds)" != 0 ]; do
	i=$((i + 1)); [ $i -gt 100 ] && { fail "kiosk: the click is not a touch in the figures"; break; }
	sleep 0.1
done
[ "$(val msd_kiosk_frames_total)" -gt "$f1" ] || fail "frames did not grow after a click ($f1)"
[ "$(stat -c %a "$H")" = 644 ] || fail "kiosk health file mode $(stat -c %a "$H")"
kill -TERM "$kpid"; wait "$kpid"; kpid=
grep -q "ERROR: AddressSanitizer\|runtime error" "$TMP/kiosk.log" && fail "sanitizer: $(cat "$TMP/kiosk.log")"
[ $failed = 0 ]
