#!/bin/sh
# Crash safety of the listener: the daemon is SIGKILLed while a provider
# (tests/helpers/cbclient.py storm, 8 keep-alive connections) sends a
# thousand delivery reports and a thousand replies.  Every callback it
# acknowledged with 2xx is in the database after the kill (the listener
# answers only after the commit); then, with the daemon started again, the
# provider sends everything once more (what was not acknowledged, and
# what was: providers retry): each reply is stored once, every report
# applied once, and the database is sound.
set -u
. "$ROOT/tests/helpers/gwlib.sh"
CB="python3 $ROOT/tests/helpers/cbclient.py"
N=1000

T="2026-12-01 11:30"
CBPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CBTOK=crash-token-0123456789abcdef
printf '%s\n' "$CBTOK" >"$TMP/cb.token"
chmod 600 "$TMP/cb.token"
cat >"$CONF" <<EOF
[database]
path = $DB
[gateway]
type = file
path = $TMP/sms.out
rate = 0
[reminders]
offsets = 24h
[callbacks]
listen = 127.0.0.1:$CBPORT
token_file = $TMP/cb.token
EOF
rdv_csv P $N 2026-12-02 10:00 >"$TMP/rdv.csv"
daemon import "$TMP/rdv.csv" --now "$T" >/dev/null || fail "import"
start() {
	"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
	DAEMON_PID=$!
	i=0
	until [ "$($CB get "http://127.0.0.1:$CBPORT/metrics?token=$CBTOK" 2>/dev/null)" = 200 ]; do
		i=$((i + 1))
		[ $i -gt 300 ] && fail "listener not up: $(tail -5 "$TMP/daemon.err")"
		sleep 0.1
	done
}
start
i=0
until [ "$(q "select count(*) from outbox where state = 'sent'")" = $N ]; do
	i=$((i + 1))
	[ $i -gt 600 ] && fail "reminders not sent: $(q "select state, count(*) from outbox group by state")"
	sleep 0.1
done

# A report and a reply for each appointment, interleaved.
q "select o.id, a.phone from outbox o join appointment a on a.id = o.appt_id order by o.id" |
    python3 -c 'import sys, urllib.parse
tok = sys.argv[1]
for line in sys.stdin:
    ref, phone = line.strip().split("|")
    print("/http/dlr?token=%s&id=%s&status=delivered" % (tok, ref))
    print("/http/mo?token=%s&from=%s&text=oui&id=mo-%s" % (tok, urllib.parse.quote(phone), ref))' \
    "$CBTOK" >"$TMP/paths"
[ "$(wc -l <"$TMP/paths")" = $((2 * N)) ] || fail "paths"

echo "== SIGKILL while the callbacks arrive =="
: >"$TMP/acked1"
$CB storm "$CBPORT" "$TMP/paths" "$TMP/acked1" >"$TMP/storm1.out" &
storm=$!
i=0
until [ "$(wc -l <"$TMP/acked1")" -ge 200 ]; do
	i=$((i + 1))
	[ $i -gt 600 ] && fail "the provider got no answers: $(cat "$TMP/storm1.out")"
	sleep 0.02
done
kill -KILL "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
wait $storm || fail "storm client"
cat "$TMP/storm1.out"
grep -q "not acked [1-9]" "$TMP/storm1.out" || fail "the kill came after the last callback: nothing was tested"

echo "== every acknowledged callback is in the database =="
python3 - "$DB" "$TMP/acked1" <<'PY' || fail "acknowledged callbacks lost"
import sqlite3, sys, urllib.parse
db = sqlite3.connect(sys.argv[1])
dlr = mo = 0
for line in open(sys.argv[2]):
    path, _, qs = line.strip().partition("?")
    f = dict(urllib.parse.parse_qsl(qs))
    if path == "/http/dlr":
        st = db.execute("select state from outbox where id = ?", (f["id"],)).fetchone()[0]
        assert st == "delivered", (line, st)
        dlr += 1
    else:
        n = db.execute("select count(*) from reply where provider_id = ?", (f["id"],)).fetchone()[0]
        assert n == 1, (line, n)
        mo += 1
print("acknowledged and found: %d reports, %d replies" % (dlr, mo))
PY

echo "== restarted, the provider sends everything again: each applied once =="
start
: >"$TMP/acked2"
$CB storm "$CBPORT" "$TMP/paths" "$TMP/acked2" >"$TMP/storm2.out" || fail "storm 2"
cat "$TMP/storm2.out"
[ "$(cat "$TMP/storm2.out")" = "acked $((2 * N)), not acked 0" ] || fail "second pass: $(cat "$TMP/storm2.out")"
[ "$(q "select count(*) from outbox where state = 'delivered'")" = $N ] \
    || fail "delivered: $(q "select state, count(*) from outbox group by state")"
[ "$(q "select count(*) || ' ' || count(distinct provider_id) from reply")" = "$N $N" ] \
    || fail "replies: $(q "select count(*), count(distinct provider_id) from reply")"
[ "$(q "select count(*) from appointment where reply = 'confirmed'")" = $N ] || fail "confirmed"
[ "$(q "pragma integrity_check")" = ok ] || fail "integrity_check: $(q "pragma integrity_check")"
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID" || fail "exit $? on SIGTERM"
DAEMON_PID=
check_no_secrets "$CBTOK" 612000001
echo PASS
