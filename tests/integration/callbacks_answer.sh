#!/bin/sh
# The automatic answer to a reply, off by default: an MSD with
# reply_answer sends it (through a real HTTP gateway, from the running
# daemon, woken by the listener) to a cancellation request and to a reply
# not understood, once per appointment: a second reply, the same webhook
# again, get nothing more.  None after OUI or STOP, none from an MSD
# without reply_answer.  A reply in quiet hours is answered when they end,
# and an answer not sent within two days of the reply expires.
set -u
. "$ROOT/tests/helpers/gwlib.sh"
CB="python3 $ROOT/tests/helpers/cbclient.py"

T="2026-12-01 11:30"
CBPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CBTOK=answer-token-0123456789abcdef
printf '%s\n' "$CBTOK" >"$TMP/cb.token"
chmod 600 "$TMP/cb.token"
BASE=http://127.0.0.1:$CBPORT
gw_start --flavor plain --mode ok
gw_conf -o 24h "rate = 0" - <<EOF
[callbacks]
listen = 127.0.0.1:$CBPORT
token_file = $TMP/cb.token
[msd.chambery]
name = Maison sociale du bassin chambérien
phone = 04 79 00 00 00
reply_answer = Merci, la maison sociale va vous appeler[ au {tel_msd}].
EOF
cat >"$TMP/rdv.csv" <<'EOF'
rdv_id;date;heure;msd;telephone
A1;2026-12-02;10:00;chambery;06 12 34 56 01
A2;2026-12-02;10:00;chambery;06 12 34 56 02
A3;2026-12-02;10:00;chambery;06 12 34 56 03
A4;2026-12-02;10:00;chambery;06 12 34 56 04
B1;2026-12-02;10:00;aix;06 12 34 56 05
A6;2026-12-02;10:00;chambery;06 12 34 56 06
EOF
daemon import "$TMP/rdv.csv" --now "$T" >/dev/null || fail "import"
start() {	# --now TIME
	"$D" -c "$CONF" run --now "$1" 2>>"$TMP/daemon.err" &
	DAEMON_PID=$!
	i=0
	until [ "$($CB get "$BASE/metrics?token=$CBTOK")" = 200 ]; do
		i=$((i + 1))
		[ $i -gt 300 ] && fail "listener not up: $(tail -5 "$TMP/daemon.err")"
		sleep 0.1
	done
}
stop() {
	kill -TERM "$DAEMON_PID"
	wait "$DAEMON_PID" || fail "daemon exit $?"
	DAEMON_PID=
}
mo() {	# from text id
	[ "$($CB get "$BASE/http/mo?token=$CBTOK&from=$1&text=$2&id=$3")" = 200 ] || fail "reply $3 refused"
}
answers() { q "select count(*) from outbox where offset_s = -2 and state = '$1'"; }
start "$T"
i=0
until [ "$(q "select count(*) from outbox where state = 'sent'")" = 6 ]; do
	i=$((i + 1))
	[ $i -gt 300 ] && fail "reminders not sent: $(q "select state, reason from outbox")"
	sleep 0.1
done

echo "== a cancellation request and a reply not understood are answered, once =="
mo %2B33612345601 annuler m1
mo %2B33612345601 "annuler+svp" m1b
mo %2B33612345601 annuler m1
mo %2B33612345602 "oui+ok" m2
mo %2B33612345603 Stop. m3
mo %2B33612345604 "c+est+ou+%3F" m4
mo %2B33612345605 annuler m5
i=0
until [ "$(answers sent)" = 2 ]; do
	i=$((i + 1))
	[ $i -gt 300 ] && fail "answers not sent: $(q "select appt_id, state, reason from outbox where offset_s = -2"); $(tail -5 "$TMP/daemon.err")"
	sleep 0.1
done
stop
daemon run --once --now "2026-12-01 12:00" || fail "run --once"
[ "$(q "select count(*) from outbox where offset_s = -2")" = 2 ] \
    || fail "answer rows: $(q "select appt_id, state from outbox where offset_s = -2")"
[ "$(gw_count)" = 8 ] || fail "$(gw_count) requests: expected 6 reminders and 2 answers"
to=$(gw_py "sorted(r['form']['to'] for r in reqs[6:])")
[ "$to" = "['+33612345601', '+33612345604']" ] || fail "answered: $to"
text=$(gw_py "reqs[-1]['form']['text']")
[ "$text" = "Merci, la maison sociale va vous appeler au 04 79 00 00 00." ] || fail "answer text: $text"
grep -q "automatic answer.* planned" "$TMP/daemon.err" || fail "no log line"

echo "== a reply at 21:00 is answered at 08:30; two days later it has expired =="
start "2026-12-01 21:00"
mo %2B33612345606 "je+ne+peux+pas+venir" m6
i=0
until [ "$(answers planned)" = 1 ]; do
	i=$((i + 1))
	[ $i -gt 300 ] && fail "A6's answer not planned: $(q "select appt_id, state from outbox where offset_s = -2")"
	sleep 0.1
done
stop
[ "$(q "select due_at from outbox where offset_s = -2 and state = 'planned'")" = "$(epoch "2026-12-02 08:30")" ] \
    || fail "A6's answer not due at 08:30"
daemon run --once --now "2026-12-03 22:00" || fail "run two days later"
[ "$(q "select state || ': ' || reason from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = 'A6' and o.offset_s = -2")" = \
    "expired: too late: more than 2 days after the reply" ] \
    || fail "A6: $(q "select state, reason from outbox where offset_s = -2")"
[ "$(gw_count)" = 8 ] || fail "something more was sent"
check_no_secrets "$CBTOK" 612345601 612345604
echo PASS
