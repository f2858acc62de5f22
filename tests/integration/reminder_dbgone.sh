#!/bin/sh
# The database deleted or replaced under a running daemon.  SQLite keeps
# writing to the open (deleted) file, so the daemon must notice it itself:
# at its next loop turn it says so and exits 1 (systemd starts it again on
# whatever file is at the path now).  It must never claim "nothing is
# lost" then: what it wrote to the deleted file is gone.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

T="2026-12-01 10:00"
gw_start --flavor plain --mode ok
gw_conf 'rate = 0'
# Due at 10:30, so the daemon idles (naps) at 10:00.
cat >"$TMP/a.csv" <<'EOF'
rdv_id;date;heure;msd;telephone
G1;2026-12-01;12:30;chambery;06 12 34 56 78
EOF

start() {	# a fresh database, the daemon running on it
	rm -f "$DB" "$DB-wal" "$DB-shm"
	daemon import "$TMP/a.csv" --now "$T" >/dev/null || fail "import"
	: >"$TMP/run.err"
	"$D" -c "$CONF" run --now "$T" 2>"$TMP/run.err" &
	DAEMON_PID=$!
	i=0
	until grep -q "running with" "$TMP/run.err"; do
		i=$((i + 1)); [ $i -gt 200 ] && fail "the daemon never said it was running: $(cat "$TMP/run.err")"
		sleep 0.05
	done
	sleep 0.3	# let it plan and go to sleep
}

# Waits for the daemon to exit (at most 20 s) and checks its status, its
# log line, and that it does not say nothing is lost.
expect_exit() {	# $1 = words the log must have
	i=0
	while kill -0 "$DAEMON_PID" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 200 ] && fail "the daemon still runs 20 s after: $(cat "$TMP/run.err")"
		sleep 0.1
	done
	wait "$DAEMON_PID"; rc=$?
	DAEMON_PID=
	cat "$TMP/run.err"; cat "$TMP/run.err" >>"$TMP/daemon.err"
	[ $rc = 1 ] || fail "exit $rc, expected 1"
	grep -F "$DB" "$TMP/run.err" | grep -q -F "$1" || fail "no log line saying '$1' about $DB"
	if grep -q -i "nothing is lost" "$TMP/run.err"; then fail "it claims nothing is lost"; fi
}

echo "== deleted, then the next loop turn (a SIGHUP wakes it) =="
start
rm -f "$DB" "$DB-wal" "$DB-shm"
kill -HUP "$DAEMON_PID"
expect_exit "was deleted"

echo "== replaced by another file (renamed over it) =="
start
sqlite3 "$DB" ".backup '$TMP/copy.db'"
mv "$TMP/copy.db" "$DB"
kill -HUP "$DAEMON_PID"
expect_exit "was replaced"
# Started again, it runs on the new file.
daemon run --once --now "2026-12-01 10:31" || fail "run on the new file"
[ "$(q "select state from outbox")" = sent ] || fail "the new file was not used: $(q "select state, reason from outbox")"

echo "== deleted, then SIGTERM before the next turn =="
start
rm -f "$DB" "$DB-wal" "$DB-shm"
kill -TERM "$DAEMON_PID"
expect_exit "was deleted"
echo PASS
