#!/bin/sh
# The crash test: 40 reminders all due, the daemon (continuous mode)
# sending to a slow provider (150 ms a request), killed with SIGKILL at
# random moments 8 times and restarted each time.  In the end every
# reminder must be sent, and the duplicates the provider saw must not
# exceed the kills that hit a request in flight (rows found in state
# `sending` right after the kill: the only ones that may go twice).
# CRASH_SEED=N replays a run.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

N=40
KILLS=8
T="2026-12-01 10:00"
SEED=${CRASH_SEED:-$(date +%s)}
echo "seed $SEED (CRASH_SEED=$SEED replays these kill times)"

gw_start --flavor plain --mode slow --delay-ms 150
gw_conf -o 24h 'body = to={to}&text={text}&ref={ref}' 'rate = 0' 'retry_base_s = 1' 'timeout_s = 5' - <<EOF
[msd.chambery]
name = Maison sociale du bassin chambérien
phone = 04 79 00 00 00
EOF
# N appointments the next morning: all reminders due at T.
rdv_csv C "$N" 2026-12-02 09:00 >"$TMP/rdv.csv" || fail "rdv.csv"
daemon import "$TMP/rdv.csv" --now "$T" || fail "import"

pending() {
	q "select count(*) from outbox where state in ('planned', 'sending', 'retry')"
}

set -- $(python3 -c 'import random, sys
random.seed(int(sys.argv[1]))
print(" ".join("%.2f" % random.uniform(0.3, 1.4) for _ in range(int(sys.argv[2]))))' "$SEED" "$KILLS")
inflight=0 kill_no=0
for delay in "$@"; do
	kill_no=$((kill_no + 1))
	"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
	DAEMON_PID=$!
	sleep "$delay"
	kill -9 "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=
	echo "--- SIGKILL" >>"$TMP/daemon.err"
	sending=$(q "select count(*) from outbox where state = 'sending'")
	inflight=$((inflight + sending))
	echo "kill $kill_no after ${delay}s: $sending in flight, $(q "select count(*) from outbox where state = 'sent'") sent, $(gw_count) requests so far"
done

# Last start: let it finish, then stop it the polite way.
runs=$(grep -c "running with" "$TMP/daemon.err")
"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
DAEMON_PID=$!
i=0
while [ "$(q "select count(*) from outbox")" -lt $N ] || [ "$(pending)" != 0 ]; do
	i=$((i + 1))
	[ $i -gt 600 ] && fail "still $(pending) reminders pending after 60 s: $(q "select state, count(*) from outbox group by state")"
	kill -0 "$DAEMON_PID" 2>/dev/null || fail "the daemon died: $(tail -5 "$TMP/daemon.err")"
	sleep 0.1
done
# Stop it once it is running (a signal before its handlers are set is
# the shell's default action, not the daemon's).
i=0
until [ "$(grep -c "running with" "$TMP/daemon.err")" -gt "$runs" ]; do
	i=$((i + 1)); [ $i -gt 200 ] && fail "the daemon never said it was running"
	sleep 0.05
done
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID"
rc=$?
DAEMON_PID=
[ $rc = 0 ] || fail "after SIGTERM the daemon exited $rc"

echo "== every reminder terminal and sent =="
q "select state, count(*) from outbox group by state"
[ "$(q "select count(*) from outbox where state = 'sent'")" = $N ] || fail "not all sent"
[ "$(q "pragma integrity_check")" = ok ] || fail "database damaged"
[ "$(q "select count(*) from outbox where reason is null or reason = ''")" = 0 ] || fail "a row without a reason"

echo "== duplicates within the bound =="
sleep 0.3	# the server logs a request after answering it
python3 - "$GW_LOG" "$DB" "$inflight" <<'EOF' || fail "duplicate bound"
import collections, json, sqlite3, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ids = {str(r[0]) for r in sqlite3.connect(sys.argv[2]).execute("select id from outbox")}
inflight = int(sys.argv[3])
per_ref = collections.Counter(r["form"]["ref"] for r in reqs)
dups = sum(c - 1 for c in per_ref.values())
unanswered = sum(1 for r in reqs if not r["complete"])
answered = {r["form"]["ref"] for r in reqs if r["complete"]}
print("requests %d, distinct reminders %d, duplicates %d, kills in flight %d, "
      "requests the daemon died waiting for %d"
      % (len(reqs), len(per_ref), dups, inflight, unanswered))
ok = True
if set(per_ref) != ids:
    print("the provider did not see exactly the outbox rows:",
          sorted(ids - set(per_ref)), sorted(set(per_ref) - ids))
    ok = False
if answered != ids:
    print("sent without an answer from the provider:", sorted(ids - answered))
    ok = False
if dups > inflight:
    print("more duplicates (%d) than kills in flight (%d)" % (dups, inflight))
    ok = False
if inflight == 0:
    print("no kill hit a request in flight: the test proved nothing")
    ok = False
sys.exit(0 if ok else 1)
EOF

check_no_secrets 61234 "06 12 34"
grep -q "interrupted by a stop while sending" "$TMP/daemon.err" \
    || fail "the daemon never said it recovered interrupted reminders"
echo PASS
