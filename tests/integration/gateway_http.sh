#!/bin/sh
# The real daemon against a real HTTP server (tests/helpers/gwserver.py)
# through each HTTP gateway: what the provider receives (accents intact,
# credentials), and what becomes of a reminder when it answers 2xx, 500,
# 429 + Retry-After, 400, nothing (hang), or is not there at all.  The
# number and the password must never appear in the daemon's log.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

T="2026-12-01 10:00"		# a Tuesday, outside quiet hours
T0=$(epoch "$T")
PW=tw-s3cret-token
printf '%s\n' "$PW" >"$TMP/token"
chmod 600 "$TMP/token"

cat >"$TMP/rdv.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu;statut;sms
T1;2026-12-02;09:00;chambery;06 12 34 56 78;Bâtiment É, salle 2;prévu;
T2;02/12/2026;9h30;chambery;07 81 22 33 44;;;
EOF

# conf "GATEWAY LINES" [RETRY_BASE]: a fresh config and database
# (the lines given win over the defaults before them).
conf() {
	cat >"$CONF" <<EOF
[database]
path = $DB
[gateway]
rate = 0
retry_base_s = ${2:-60}
timeout_s = 2
$1
[reminders]
offsets = 24h
[msd.chambery]
name = Maison sociale du bassin chambérien
phone = 04 79 00 00 00
template = Rappel : rendez-vous le {date} à {heure}[, {lieu}]. Fenêtre d'accueil ouverte ; bus 2 € remboursé.
EOF
	rm -f "$DB" "$DB-wal" "$DB-shm"
	daemon import "$TMP/rdv.csv" --now "$T" >/dev/null || fail "import"
	[ "$(q "select count(*) from appointment")" = 2 ] || fail "expected 2 appointments"
}

states() {
	q "select group_concat(state, ',') from (select state from outbox order by id)"
}

expect_states() {
	got=$(states)
	[ "$got" = "$1" ] || fail "$2: outbox states '$got', expected '$1' ($(q "select reason from outbox"))"
}

# Every request carried the text with its accents intact.
check_accents() {	# $1: Python expression of the text in request r
	ok=$(gw_py "all('décembre' in t and 'Fenêtre' in t and '2 €' in t for t in [$1 for r in reqs])")
	[ "$ok" = True ] || fail "accents damaged: $(gw_py "[$1 for r in reqs]")"
}

echo "== http gateway, 200 =="
gw_start --flavor plain --mode ok
conf "type = http
url = http://127.0.0.1:$GW_PORT/send
body = to={to}&text={text}&ref={ref}&from={from}
sender = MSD73
id_field = id"
daemon run --once --now "$T" || fail "run"
expect_states "sent,sent" "http 200"
[ "$(gw_count)" = 2 ] || fail "expected 2 requests, got $(gw_count)"
check_accents "r['form']['text']"
[ "$(gw_py "sorted(r['form']['to'] for r in reqs)")" = "['+33612345678', '+33781223344']" ] \
    || fail "numbers: $(gw_py "[r['form'] for r in reqs]")"
[ "$(gw_py "sorted(r['form']['ref'] for r in reqs)")" = "$(q "select '[''' || group_concat(id, ''', ''') || ''']' from outbox")" ] \
    || fail "ref is not the outbox id"
q "select provider_id from outbox" | grep -q '^msg-' || fail "provider id not stored"
gw_py "reqs[0]['form']['text']"
gw_stop

echo "== twilio gateway, 201, basic auth from a 0600 password_file =="
gw_start --flavor twilio --mode ok
conf "type = twilio
url = http://127.0.0.1:$GW_PORT/2010-04-01/Accounts/{username}/Messages.json
username = AC42
password_file = $TMP/token
sender = +33700000000"
daemon run --once --now "$T" || fail "run"
expect_states "sent,sent" "twilio 201"
check_accents "r['form']['Body']"
auth=$(python3 -c 'import base64,sys; print("Basic " + base64.b64encode(sys.argv[1].encode()).decode())' "AC42:$PW")
[ "$(gw_py "set(r['headers']['authorization'] for r in reqs)")" = "{'$auth'}" ] || fail "twilio auth"
[ "$(gw_py "set(r['path'] for r in reqs)")" = "{'/2010-04-01/Accounts/AC42/Messages.json'}" ] || fail "twilio path"
[ "$(q "select count(*) from outbox where provider_id like 'SM%'")" = 2 ] || fail "twilio sid not stored"

echo "== twilio 400 (21211): failed with Twilio's reason =="
gw_ctl "reset=1&mode=400"
conf "type = twilio
url = http://127.0.0.1:$GW_PORT/2010-04-01/Accounts/{username}/Messages.json
username = AC42
password_file = $TMP/token
sender = +33700000000"
daemon run --once --now "$T"
expect_states "failed,failed" "twilio 400"
q "select reason from outbox" | grep -q "error 21211: The 'To' number \[number\] is not a valid phone number" \
    || fail "twilio reason: $(q "select reason from outbox")"
gw_stop

echo "== kannel gateway, 202 =="
gw_start --flavor kannel --mode ok
MSD_GATEWAY_PASSWORD=k4nnel-pw
export MSD_GATEWAY_PASSWORD
conf "type = kannel
url = http://127.0.0.1:$GW_PORT/cgi-bin/sendsms
username = msd
sender = MSD73"
daemon run --once --now "$T" || fail "run"
unset MSD_GATEWAY_PASSWORD
expect_states "sent,sent" "kannel 202"
check_accents "r['query']['text']"
[ "$(gw_py "set((r['query']['coding'], r['query']['charset'], r['query']['password']) for r in reqs)")" = "{('2', 'UTF-8', 'k4nnel-pw')}" ] \
    || fail "kannel parameters: $(gw_py "reqs[0]['query']")"
gw_stop

echo "== 500: retried later, then sent; never lost =="
gw_start --flavor plain --mode 500
conf "type = http
url = http://127.0.0.1:$GW_PORT/send"
daemon run --once --now "$T"
expect_states "retry,retry" "500"
[ "$(q "select count(*) from outbox where attempts = 1 and reason like '%HTTP 500%' and due_at >= $T0 + 60")" = 2 ] \
    || fail "500: $(q "select attempts, due_at - $T0, reason from outbox")"
gw_ctl "mode=ok"
daemon run --once --now "$T"	# not due yet: nothing sent
[ "$(gw_count)" = 2 ] || fail "retried before its time"
daemon run --once --now "2026-12-01 10:02"
expect_states "sent,sent" "500 then ok"
[ "$(gw_count)" = 4 ] || fail "expected 4 requests, got $(gw_count)"

echo "== 429 with Retry-After: 30: not retried before =="
gw_ctl "reset=1&mode=429&retry_after=30"
: >"$GW_LOG"
conf "type = http
url = http://127.0.0.1:$GW_PORT/send" 1	# backoff 1 s: only Retry-After can say 30
daemon run --once --now "$T"
expect_states "retry,retry" "429"
[ "$(q "select count(*) from outbox where due_at >= $T0 + 30 and reason like '%429%'")" = 2 ] \
    || fail "Retry-After ignored: $(q "select due_at - $T0, reason from outbox")"
n=$(gw_count)
sleep 2		# past the 1 s backoff, well before the 30 s
daemon run --once --now "$T"
[ "$(gw_count)" = "$n" ] || fail "retried before Retry-After"
gw_ctl "mode=ok"
daemon run --once --now "2026-12-01 10:01"
expect_states "sent,sent" "429 then ok"

echo "== 400: failed, with the provider's reason (number hidden) =="
gw_ctl "reset=1&mode=400"
conf "type = http
url = http://127.0.0.1:$GW_PORT/send"
daemon run --once --now "$T"
expect_states "failed,failed" "400"
[ "$(q "select count(*) from outbox where reason like '%HTTP 400: invalid recipient [number]: not a mobile number%'")" = 2 ] \
    || fail "400 reason: $(q "select reason from outbox")"
daemon run --once --now "2026-12-01 11:00"
expect_states "failed,failed" "failed is final"

echo "== no answer (hang): timeout, retried, then sent =="
gw_ctl "reset=1&mode=hang&hang_s=20"
: >"$GW_LOG"
conf "type = http
url = http://127.0.0.1:$GW_PORT/send
timeout_s = 1"
daemon run --once --now "$T"
expect_states "retry,retry" "hang"
[ "$(q "select count(*) from outbox where reason like '%no answer within 1 s%'")" = 2 ] \
    || fail "hang reason: $(q "select reason from outbox")"
gw_ctl "mode=ok"
daemon run --once --now "2026-12-01 10:02"
expect_states "sent,sent" "hang then ok"
sleep 0.5
[ "$(gw_py "sorted(r['complete'] for r in reqs)")" = "[False, False, True, True]" ] \
    || fail "hang log: $(gw_py "[(r['status'], r['complete']) for r in reqs]")"

echo "== provider down (connection refused): retried =="
port=$GW_PORT
gw_stop
conf "type = http
url = http://127.0.0.1:$port/send"
daemon run --once --now "$T"
expect_states "retry,retry" "refused"
q "select reason from outbox" | grep -q "cannot connect" || fail "refused reason: $(q "select reason from outbox")"

echo "== https: certificate verification is always on =="
gw_start --flavor plain --mode ok --tls-cert "$ROOT/tests/fixtures/gateway/selfsigned.pem" \
    --tls-key "$ROOT/tests/fixtures/gateway/selfsigned.key"
conf "type = http
url = https://127.0.0.1:$GW_PORT/send"
daemon run --once --now "$T"
expect_states "retry,retry" "self-signed"
q "select reason from outbox" | grep -q "TLS certificate not trusted" || fail "TLS reason: $(q "select reason from outbox")"
[ "$(gw_count)" = 0 ] || fail "a request went through an untrusted TLS connection"
gw_stop

echo "== a password file readable by others is refused =="
chmod 644 "$TMP/token"
cat >"$TMP/bad.ini" <<EOF
[database]
path = $TMP/bad.db
[gateway]
type = twilio
username = AC42
password_file = $TMP/token
sender = MSD
EOF
"$D" -c "$TMP/bad.ini" run --once --now "$T" 2>"$TMP/bad.err"
rc=$?
[ $rc = 2 ] || fail "exit $rc with a 0644 password file, expected 2"
grep -q "chmod 600" "$TMP/bad.err" || fail "no advice: $(cat "$TMP/bad.err")"
cat "$TMP/bad.err" >>"$TMP/daemon.err"

echo "== every outcome has a reason; no number, no password in the log =="
check_no_secrets "$PW" k4nnel-pw 612345678 "6 12 34 56 78" 781223344 "7 81 22 33 44"
grep -q "sent to +33 6•• •• •• 78" "$TMP/daemon.err" || fail "the log does not show the masked number"
echo "--- daemon log (excerpt)"
sort -u "$TMP/daemon.err" | head -20
echo "PASS"
