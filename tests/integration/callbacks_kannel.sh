#!/bin/sh
# The callback listener behind a real Kannel (bearerbox + smsbox, smsc =
# fake, the network end played by tests/helpers/fakesmsc.py): each
# reminder goes out with the dlr-mask and dlr-url the daemon adds, and
# Kannel's delivery report comes back to the listener (sent -> delivered);
# replies from phones ("Stop.", "annuler svp", "OUI") go through the
# sms-service of dist/kannel-msd.conf to /kannel/mo and do what they say;
# a wrong token is refused and changes nothing.
set -u
. "$ROOT/tests/helpers/gwlib.sh"
. "$ROOT/tests/helpers/kannellib.sh"
kannel_need
kannel_ports 1
CBPORT=$EXTRA_PORTS
kannel_cleanup() {
	gw_cleanup
	kannel_stop
}
trap kannel_cleanup EXIT

KPW=k4nnel-s3cret
CBTOK=kannel-cb-token-0123456789
BASE=http://127.0.0.1:$CBPORT
# The sms-service exactly as dist/kannel-msd.conf gives it, with this
# test's port and token.
sed -e "s|127.0.0.1:8091|127.0.0.1:$CBPORT|" -e "s|TOKEN|$CBTOK|" \
    "$ROOT/dist/kannel-msd.conf" | grep -v '^#' >"$TMP/service.conf"
grep -q "get-url" "$TMP/service.conf" || fail "dist/kannel-msd.conf has no get-url"
kannel_conf <<EOF

$(cat "$TMP/service.conf")
EOF

: >"$TMP/mo.txt"
kannel_start "$TMP/mo.txt"

T="2026-12-01 10:00"
printf '%s\n' "$KPW" >"$TMP/kpw"
printf '%s\n' "$CBTOK" >"$TMP/cb.token"
chmod 600 "$TMP/kpw" "$TMP/cb.token"
cat >"$CONF" <<EOF
[database]
path = $DB
[gateway]
type = kannel
url = http://127.0.0.1:$SEND/cgi-bin/sendsms
username = msd
password_file = $TMP/kpw
sender = MSD73
rate = 0
timeout_s = 5
[reminders]
offsets = 24h
[callbacks]
listen = 127.0.0.1:$CBPORT
token_file = $TMP/cb.token
EOF
cat >"$TMP/rdv.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu
K1;2026-12-02;09:00;chambery;06 12 34 56 71;
K2;2026-12-02;09:00;aix;06 12 34 56 72;
K3;2026-12-02;09:00;aix;06 12 34 56 73;
K4;2026-12-05;09:00;aix;06 12 34 56 71;
EOF
daemon import "$TMP/rdv.csv" --now "$T" >/dev/null || fail "import"
"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
DAEMON_PID=$!
state() { q "select o.state from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = '$1' and o.offset_s > 0"; }
wait_for() {	# SQL VALUE WHAT
	i=0
	until [ "$(q "$1")" = "$2" ]; do
		i=$((i + 1))
		[ $i -gt 200 ] && fail "$3: $(q "$1"); $(q "select id, state, dlr_status, reason from outbox"); $(tail -5 "$TMP/daemon.err")"
		sleep 0.1
	done
}

echo "== each reminder's delivery report comes back through Kannel =="
wait_for "select count(*) from outbox where state = 'delivered'" 3 "not delivered"
# Only a report on /kannel/dlr moves a row to delivered; type 1 is the
# phone's (8, the SMSC's acceptance, only notes dlr_status).
[ "$(q "select group_concat(distinct dlr_status) from outbox where state = 'delivered'")" = 1 ] \
    || fail "dlr_status: $(q "select dlr_status from outbox")"
[ "$(state K4)" = planned ] || fail "K4: $(state K4)"

echo "== a wrong token: 403, one log line, nothing changes =="
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/kannel/mo?token=wrong&from=%2B33612345671&text=STOP")
[ "$code" = 403 ] || fail "wrong token: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/kannel/dlr?token=wrong&id=1&type=2&answer=x")
[ "$code" = 403 ] || fail "wrong token on dlr: $code"
[ "$(q "select count(*) from outbox where state = 'delivered'")" = 3 ] || fail "a refused dlr changed a state"
[ -z "$(q "select * from optout")" ] || fail "refused STOP reached the STOP list"
grep -q "callback refused: GET /kannel/mo" "$TMP/daemon.err" || fail "refusal not logged"

echo "== replies from phones through the sms-service =="
printf '+33612345671 MSD73 text Stop.\n' >>"$TMP/mo.txt"
wait_for "select count(*) from optout where phone = '+33612345671'" 1 "Stop. did not reach the STOP list"
wait_for "select o.state from outbox o join appointment a on a.id = o.appt_id where rdv_id = 'K4'" cancelled \
    "K4's pending reminder not cancelled by STOP"
printf '+33612345672 MSD73 text annuler svp\n+33612345673 MSD73 text OUI\n' >>"$TMP/mo.txt"
wait_for "select reply from appointment where rdv_id = 'K2'" cancel_request "annuler svp"
wait_for "select reply from appointment where rdv_id = 'K3'" confirmed "OUI"
[ "$(q "select reply from appointment where rdv_id = 'K1'")" = stop ] || fail "K1 reply"
[ "$(q "select count(*) from reply")" = 3 ] || fail "replies: $(q "select category from reply")"
# max-messages = 0: Kannel answers nobody with the listener's "ok".
sleep 0.5
[ "$(grep -c '"to": "+3361234567[123]"' "$TMP/delivered.jsonl")" = 3 ] \
    || fail "Kannel sent something back to a phone: $(cat "$TMP/delivered.jsonl")"

kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID"; rc=$?
DAEMON_PID=
[ $rc = 0 ] || fail "exit $rc on SIGTERM"
check_no_secrets "$KPW" "$CBTOK" 612345671 612345672 612345673
echo PASS
