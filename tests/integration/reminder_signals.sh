#!/bin/sh
# The daemon as systemd runs it: SIGTERM lets the request in flight finish
# and exits 0; SIGHUP reloads the config (a broken one is refused and the
# daemon keeps running on the old one); an import made while it runs is
# picked up.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

T="2026-12-01 10:00"
gw_start --mode slow --delay-ms 1500 --flavor plain
conf() {	# $1 = template
	gw_conf 'rate = 0' 'timeout_s = 10' - <<EOF
[msd.chambery]
name = MSD Chambéry
template = $1
EOF
}
conf "Rappel : rendez-vous le {date} à {heure}."
cat >"$TMP/a.csv" <<'EOF'
rdv_id;date;heure;msd;telephone
S1;2026-12-01;12:00;chambery;06 12 34 56 78
EOF
daemon import "$TMP/a.csv" --now "$T" >/dev/null || fail "import"

# Continuous mode; the 2h reminder of S1 is due at once, the server takes 1.5 s.
"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
DAEMON_PID=$!
i=0
until [ "$(q "select state from outbox")" = sending ]; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "never sending: $(cat "$TMP/daemon.err")"
	sleep 0.05
done
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID"; rc=$?
DAEMON_PID=
[ $rc -eq 0 ] || fail "SIGTERM: exit $rc"
[ "$(q "select state from outbox")" = sent ] || fail "the request in flight was not finished: $(q "select state, reason from outbox")"
[ "$(gw_count)" = 1 ] || fail "expected 1 request, got $(gw_count)"
grep -q "stopping on request" "$TMP/daemon.err" || fail "no stop message"

# SIGHUP: a new template is used for what is sent after the reload.
gw_ctl "mode=ok"
"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
DAEMON_PID=$!
sleep 0.5
conf "Nouveau modèle : {date} à {heure}."
kill -HUP "$DAEMON_PID"
i=0
until grep -q "config reloaded" "$TMP/daemon.err"; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "no reload: $(cat "$TMP/daemon.err")"
	sleep 0.05
done
cat >"$TMP/b.csv" <<'EOF'
rdv_id;date;heure;msd;telephone
S2;2026-12-01;11:45;chambery;07 81 22 33 44
EOF
daemon import "$TMP/b.csv" --now "$T" >/dev/null || fail "import while running"
# The daemon looks for new work at least every 30 s; a SIGHUP wakes it now.
kill -HUP "$DAEMON_PID"
i=0
until [ "$(gw_count)" = 2 ]; do
	i=$((i + 1)); [ $i -gt 400 ] && fail "the import made while running was not sent"
	sleep 0.1
done
gw_py "reqs[1]['body']" | grep -q "Nouveau" || fail "new template not used: $(gw_py "reqs[1]")"

# A broken config on SIGHUP: refused, the daemon keeps running.
printf '[reminders]\nquiet_hours = never\n' > "$CONF"
kill -HUP "$DAEMON_PID"
i=0
until grep -q "reload refused" "$TMP/daemon.err"; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "broken config not reported: $(tail -3 "$TMP/daemon.err")"
	sleep 0.05
done
kill -0 "$DAEMON_PID" || fail "the daemon died on a broken config"
kill -TERM "$DAEMON_PID"; wait "$DAEMON_PID"; rc=$?; DAEMON_PID=
[ $rc -eq 0 ] || fail "exit $rc"
check_no_secrets "0612345678" "+33612345678" "+33781223344"
echo "signals ok"
