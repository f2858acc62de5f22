#!/bin/sh
# The callback listener with the Twilio backend: every reminder asks for
# a StatusCallback on the listener; status callbacks and incoming
# messages signed exactly as Twilio signs them (tests/helpers/cbclient.py)
# move the outbox and record replies; a badly signed one gets 403 and
# changes nothing; reports out of order, twice, or for an unknown message
# do what the state machine says; bad input (oversized body, broken form
# encoding, invalid UTF-8, 1,000 connections at once) is answered and the
# listener stays up.  Twilio's 21610 puts the number on the STOP list.
set -u
. "$ROOT/tests/helpers/gwlib.sh"
CB="python3 $ROOT/tests/helpers/cbclient.py"

T="2026-12-01 11:30"
CBPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TOK=Tw1l10-auth-t0ken
CBTOK=cb-token-0123456789abcdef
printf '%s\n' "$TOK" >"$TMP/twilio.pw"
printf '%s\n' "$CBTOK" >"$TMP/cb.token"
chmod 600 "$TMP/twilio.pw" "$TMP/cb.token"
BASE=http://127.0.0.1:$CBPORT
gw_start --flavor twilio --mode ok
cat >"$CONF" <<EOF
[database]
path = $DB
[gateway]
type = twilio
url = http://127.0.0.1:$GW_PORT/2010-04-01/Accounts/{username}/Messages.json
username = ACtest
password_file = $TMP/twilio.pw
sender = +33700000000
rate = 0
[reminders]
offsets = 24h
[callbacks]
listen = 127.0.0.1:$CBPORT
public_url = $BASE
token_file = $TMP/cb.token
max_body_kb = 8
EOF
cat >"$TMP/rdv.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu
T1;2026-12-02;11:00;chambery;06 12 34 56 01;
T2;2026-12-02;11:00;chambery;06 12 34 56 02;
T3;2026-12-02;11:00;chambery;06 12 34 56 03;
T4;2026-12-02;11:00;aix;06 12 34 56 04;
T5;2026-12-02;11:00;aix;06 12 34 56 05;
T6;2026-12-03;11:00;aix;06 12 34 56 05;
EOF
daemon import "$TMP/rdv.csv" --now "$T" >/dev/null || fail "import"
"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
DAEMON_PID=$!
i=0
until [ "$(q "select count(*) from outbox where state = 'sent'")" = 5 ]; do
	i=$((i + 1))
	[ $i -gt 300 ] && fail "reminders not sent: $(q "select state, reason from outbox"); $(tail -5 "$TMP/daemon.err")"
	sleep 0.1
done
grep -q "callbacks: listening on 127.0.0.1:$CBPORT" "$TMP/daemon.err" || fail "no listening line"

echo "== each send asked for a StatusCallback with its outbox id =="
[ "$(gw_py "sum(1 for r in reqs if r['form'].get('StatusCallback', '').startswith('$BASE/twilio/status?ref='))")" = 5 ] \
    || fail "StatusCallback missing: $(gw_py "[r['form'].get('StatusCallback') for r in reqs]")"
id() { q "select o.id from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = '$1' and o.offset_s > 0"; }
sid() { q "select o.provider_id from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = '$1'"; }
state() { q "select o.state from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = '$1'"; }
status() {	# rdv, MessageStatus, [ErrorCode]: posts, prints the HTTP status
	$CB post "$BASE/twilio/status?ref=$(id "$1")" "$TOK" MessageSid="$(sid "$1")" \
	    MessageStatus="$2" ${3:+ErrorCode=$3} AccountSid=ACtest
}

echo "== delivered, then a late 'sent' and a second 'delivered' change nothing =="
[ "$(status T1 delivered)" = 200 ] || fail "delivered refused"
[ "$(state T1)" = delivered ] || fail "T1: $(state T1)"
[ "$(status T1 sent)" = 200 ] || fail "late sent refused"
[ "$(status T1 delivered)" = 200 ] || fail "duplicate refused"
[ "$(state T1)" = delivered ] || fail "T1 after a late sent: $(state T1)"

echo "== undelivered (with the reason), then delivered: delivered wins =="
[ "$(status T2 undelivered 30003)" = 200 ] || fail "undelivered refused"
[ "$(state T2)" = undelivered ] || fail "T2: $(state T2)"
q "select reason from outbox where id = $(id T2)" | grep -q "Twilio undelivered, error 30003" \
    || fail "reason: $(q "select reason from outbox where id = $(id T2)")"
[ "$(status T3 undelivered 30005)" = 200 ] || fail "undelivered T3"
[ "$(status T3 delivered)" = 200 ] || fail "delivered T3"
[ "$(state T3)" = delivered ] || fail "delivered after undelivered: $(state T3)"
[ "$(status T3 undelivered 30005)" = 200 ] || fail "late undelivered T3"
[ "$(state T3)" = delivered ] || fail "undelivered after delivered: $(state T3)"

echo "== an unknown message: acknowledged, nothing changes =="
before=$(q "select group_concat(state) from outbox")
[ "$($CB post "$BASE/twilio/status?ref=99999" "$TOK" MessageSid=SMnope MessageStatus=delivered)" = 200 ] \
    || fail "unknown id"
[ "$($CB post "$BASE/twilio/status" "$TOK" MessageSid=SMnope MessageStatus=delivered)" = 200 ] \
    || fail "unknown sid"
[ "$before" = "$(q "select group_concat(state) from outbox")" ] || fail "unknown id changed something"

echo "== badly signed, unsigned, wrong token: 403, no change =="
[ "$($CB post "$BASE/twilio/status?ref=$(id T4)" "$TOK" --bad-sig MessageSid="$(sid T4)" MessageStatus=undelivered)" = 403 ] \
    || fail "bad signature accepted"
[ "$($CB post "$BASE/twilio/sms" "$TOK" --bad-sig From=+33612345604 Body=STOP MessageSid=SMx1)" = 403 ] \
    || fail "bad signature accepted for a reply"
# Signed for another URL (a replayed request to another ref).
sig=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import cbclient; print(cbclient.twilio_signature(sys.argv[2], sys.argv[3], [("MessageStatus", "undelivered")]))' \
    "$ROOT/tests/helpers" "$TOK" "$BASE/twilio/status?ref=1")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Twilio-Signature: $sig" \
    --data MessageStatus=undelivered "$BASE/twilio/status?ref=$(id T4)")
[ "$code" = 403 ] || fail "signature of another URL accepted ($code)"
[ "$($CB get "$BASE/kannel/mo?token=wrong-token-000000&from=%2B33612345604&text=STOP")" = 403 ] \
    || fail "wrong token accepted"
[ "$($CB get "$BASE/kannel/mo?from=%2B33612345604&text=STOP")" = 403 ] || fail "no token accepted"
[ "$(state T4)" = sent ] || fail "T4 changed by refused callbacks: $(state T4)"
[ -z "$(q "select * from optout")" ] || fail "refused STOP reached the STOP list"
[ "$(grep -c 'callback refused' "$TMP/daemon.err")" -ge 5 ] || fail "refusals not logged"

echo "== replies: Stop., annuler svp, OUI; a retried webhook counts once =="
[ "$($CB post "$BASE/twilio/sms" "$TOK" From=+33612345604 To=+33700000000 Body="Stop." MessageSid=SMr1)" = 200 ] \
    || fail "STOP reply"
[ "$(q "select count(*) from optout where phone = '+33612345604'")" = 1 ] || fail "STOP list"
[ "$($CB post "$BASE/twilio/sms" "$TOK" From=+33612345605 Body="annuler svp" MessageSid=SMr2)" = 200 ] \
    || fail "cancel reply"
[ "$($CB post "$BASE/twilio/sms" "$TOK" From=+33612345605 Body="annuler svp" MessageSid=SMr2)" = 200 ] \
    || fail "retried reply"
[ "$(q "select count(*) from reply where provider_id = 'SMr2'")" = 1 ] || fail "retried reply stored twice"
# T5 was reminded (T6 not yet): the reply is T5's.
[ "$(q "select reply from appointment where rdv_id = 'T5'")" = cancel_request ] \
    || fail "T5 reply: $(q "select rdv_id, reply from appointment")"
[ "$($CB post "$BASE/twilio/sms" "$TOK" From=0612345601 Body="Oui je serai là" MessageSid=SMr3)" = 200 ] \
    || fail "OUI reply"
[ "$(q "select reply from appointment where rdv_id = 'T1'")" = confirmed ] || fail "T1 not confirmed"
[ "$($CB post "$BASE/twilio/sms" "$TOK" From=+33699999999 Body=OUI MessageSid=SMr4)" = 200 ] \
    || fail "unknown number"
[ "$(q "select count(*) from reply")" = 3 ] || fail "replies: $(q "select * from reply")"

echo "== report --csv: the cancellation request first, then SMS non reçu =="
daemon report --csv --from 2026-12-01 --to 2026-12-31 >"$TMP/calls.csv" || fail "report --csv"
cat "$TMP/calls.csv"
python3 - "$TMP/calls.csv" <<'PY' || fail "call list"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=";"))[1:]
ids = [r[1] for r in rows]
assert ids == ["T5", "T2"], ids
assert "annulation" in rows[0][5] and "SMS non reçu" in rows[1][5], rows
PY

echo "== bad input: the right status, the listener stays up =="
big=$(python3 -c 'print("A" * 20000)')
[ "$($CB post "$BASE/twilio/sms" "$TOK" From=+33612345601 Body="$big" MessageSid=SMbig)" = 413 ] \
    || fail "oversized body"
[ "$($CB raw "$CBPORT" "b'POST /twilio/sms HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 16\r\n\r\nFrom=%zz&Body=%4'")" = 400 ] \
    || fail "broken form encoding"
[ "$($CB get "$BASE/kannel/mo?token=$CBTOK&from=%2B33612345603&text=oui%ff%fe%c3")" = 200 ] \
    || fail "invalid UTF-8 in a reply"
python3 - "$DB" <<'PY' || fail "invalid UTF-8 stored as such"
import sqlite3, sys
t = sqlite3.connect(sys.argv[1]).execute("select cast(text as blob) from reply order by id desc limit 1").fetchone()[0]
assert "\ufffd" in t.decode("utf-8"), t
PY
# An empty body with a signature: nothing to sign but the URL (the
# signature of no parameters once made the sanitized daemon abort).
[ "$($CB raw "$CBPORT" "b'POST /twilio/status HTTP/1.1\r\nHost: x\r\nX-Twilio-Signature: abc\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n'")" = 403 ] \
    || fail "empty signed POST"
$CB flood "$CBPORT" 1000 "/kannel/mo?token=wrong" >"$TMP/flood.out" || fail "flood client"
cat "$TMP/flood.out"
grep -q '^403 ' "$TMP/flood.out" || fail "no answer under 1000 connections"
[ -z "$(grep -v '^403 \|^closed ' "$TMP/flood.out")" ] || fail "unexpected answers under load"
kill -0 "$DAEMON_PID" || fail "daemon died"
[ "$(status T4 delivered)" = 200 ] || fail "listener not answering after the bad input"
[ "$(state T4)" = delivered ] || fail "T4 after the flood: $(state T4)"

echo "== a SIGTERM stops the listener with the daemon =="
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID"; rc=$?
DAEMON_PID=
[ $rc = 0 ] || fail "exit $rc on SIGTERM"

echo "== Twilio 21610 on send puts the number on the STOP list =="
gw_ctl "mode=21610"
printf 'rdv_id;date;heure;msd;telephone;lieu\nS1;2026-12-02;11:00;aix;07 81 00 00 01;\nS2;2026-12-04;12:00;aix;07 81 00 00 01;\n' >"$TMP/s.csv"
daemon import "$TMP/s.csv" --now "$T" >/dev/null || fail "import S"
daemon run --once --now "$T" || fail "run 21610"
[ "$(q "select count(*) from optout where phone = '+33781000001'")" = 1 ] \
    || fail "21610 did not reach the STOP list: $(q "select state, reason from outbox o join appointment a on a.id = o.appt_id where rdv_id like 'S%'")"
[ "$(q "select o.state from outbox o join appointment a on a.id = o.appt_id where rdv_id = 'S1'")" = failed ] || fail "S1 state"
# S2's reminder, not yet due, is not tried and failed later: cancelled.
[ "$(q "select o.state from outbox o join appointment a on a.id = o.appt_id where rdv_id = 'S2'")" = cancelled ] \
    || fail "S2 after 21610: $(q "select o.state, o.reason from outbox o join appointment a on a.id = o.appt_id where rdv_id = 'S2'")"
check_no_secrets "$TOK" "$CBTOK" 612345601 612345604 781000001
echo PASS
