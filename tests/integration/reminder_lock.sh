#!/bin/sh
# One daemon per database.  Two `run --once` started together on 300 due
# reminders: one sends, the other refuses with exit 1 and names the pid
# that holds DB.lock, and the provider sees every reminder exactly once
# (without the lock both sent, and the second one's start-up recovery
# re-sent the first one's request in flight).  While a daemon runs, a
# second run is refused, but import, optout and status work (the agenda
# is imported while the daemon runs), and two writers wait for each other.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

N=300
T="2026-12-01 10:00"
gw_start --flavor plain --mode slow --delay-ms 10
gw_conf 'body = to={to}&text={text}&ref={ref}' 'rate = 0' 'timeout_s = 10'
rdv_csv L "$N" >"$TMP/rdv.csv" || fail "rdv.csv"
daemon import "$TMP/rdv.csv" --now "$T" >/dev/null || fail "import"
[ "$(q "select count(*) from appointment")" = $N ] || fail "expected $N appointments"

echo "== two run --once together =="
"$D" -c "$CONF" run --once --now "$T" 2>"$TMP/a.err" & pa=$!
"$D" -c "$CONF" run --once --now "$T" 2>"$TMP/b.err" & pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
echo "exit $ra and $rb"
cat "$TMP/a.err" "$TMP/b.err" >>"$TMP/daemon.err"
if [ $ra = 0 ] && [ $rb = 1 ]; then loser=$TMP/b.err holder=$pa
elif [ $ra = 1 ] && [ $rb = 0 ]; then loser=$TMP/a.err holder=$pb
else fail "expected one run to send and the other to refuse, got exits $ra and $rb: $(tail -3 "$TMP/a.err") / $(tail -3 "$TMP/b.err")"
fi
cat "$loser"
grep -F -q "another msd-reminderd (pid $holder) uses $DB" "$loser" \
    || fail "the refusal does not name pid $holder and $DB"
[ "$(q "select count(*) from outbox where state = 'sent'")" = $N ] \
    || fail "not all sent: $(q "select state, count(*) from outbox group by state")"
python3 - "$GW_LOG" "$N" <<'EOF' || fail "duplicates"
import collections, json, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
per_ref = collections.Counter(r["form"]["ref"] for r in reqs)
dups = {k: c for k, c in per_ref.items() if c > 1}
print("requests %d, distinct %d, sent twice %d" % (len(reqs), len(per_ref), len(dups)))
sys.exit(0 if len(per_ref) == int(sys.argv[2]) and not dups else 1)
EOF

echo "== writers while a daemon runs =="
gw_ctl "mode=ok"
"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
DAEMON_PID=$!
i=0
until grep -q "running with" "$TMP/daemon.err"; do
	i=$((i + 1)); [ $i -gt 200 ] && fail "the daemon never said it was running"
	sleep 0.05
done
[ "$(tr -d ' \n' <"$DB.lock")" = "$DAEMON_PID" ] || fail "$DB.lock does not hold the daemon's pid: $(cat "$DB.lock")"
"$D" -c "$CONF" run --once --now "$T" 2>"$TMP/c.err"; rc=$?
cat "$TMP/c.err"
[ $rc = 1 ] || fail "a second run while the daemon runs exited $rc"
grep -F -q "another msd-reminderd (pid $DAEMON_PID) uses $DB" "$TMP/c.err" || fail "no refusal message"
daemon status --now "$T" >/dev/null || fail "status while the daemon runs"
cat >"$TMP/b.csv" <<'EOF'
rdv_id;date;heure;msd;telephone
M1;2026-12-01;11:50;chambery;07 81 22 33 44
M2;2026-12-01;11:55;chambery;07 81 22 33 45
EOF
daemon import "$TMP/b.csv" --now "$T" >/dev/null || fail "import while the daemon runs"
daemon optout "06 12 00 00 10" >/dev/null || fail "optout while the daemon runs"
kill -HUP "$DAEMON_PID"	# look at the queue now, not in 30 s
i=0
until [ "$(gw_count)" = $((N + 2)) ]; do
	i=$((i + 1)); [ $i -gt 300 ] && fail "the import made while running was not sent: $(gw_count) requests"
	sleep 0.1
done

# A writer waits for the one writing (here a process holding the writer
# lock, byte 1 of DB.lock, for 2 s), then goes on.
python3 - "$DB.lock" "$TMP/held" <<'EOF' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX, 1, 1)
open(sys.argv[2], "w").close()
time.sleep(2)
EOF
holder=$!
i=0
until [ -e "$TMP/held" ]; do i=$((i + 1)); [ $i -gt 100 ] && fail "no holder"; sleep 0.05; done
"$D" -c "$CONF" import "$TMP/b.csv" --now "$T" >/dev/null 2>"$TMP/w.err"; rc=$?
wait $holder
cat "$TMP/w.err"
[ $rc = 0 ] || fail "the import that waited exited $rc"
grep -F -q "(pid $holder) is writing $DB: waiting" "$TMP/w.err" || fail "the import did not say it waited for pid $holder"

kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID"; rc=$?
DAEMON_PID=
[ $rc = 0 ] || fail "SIGTERM: exit $rc"
python3 - "$GW_LOG" <<'EOF' || fail "duplicates"
import collections, json, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
per_ref = collections.Counter(r["form"]["ref"] for r in reqs)
sys.exit(0 if max(per_ref.values()) == 1 else 1)
EOF
# The lock dies with its holder: after SIGKILL the next run starts.
"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
DAEMON_PID=$!
sleep 0.5
kill -9 "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null; DAEMON_PID=
daemon run --once --now "$T" || fail "a run after a SIGKILLed one was refused"
[ "$(q "pragma integrity_check")" = ok ] || fail "database damaged"
check_no_secrets 61234 "06 12"
echo PASS
