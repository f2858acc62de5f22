#!/bin/sh
# The daily statistics upload (one PUT a day to URL/KIOSK/DAY.csv) against
# a real receiver on 127.0.0.1
# (tests/helpers/reportserver.py), through `msd-kiosk stats send` (one
# synchronous pass) and `stats send --wait` (the kiosk's background thread
# itself): while the server fails (HTTP 500, connection closed) nothing is
# marked sent; once it answers, every complete day arrives exactly once,
# with the body of `stats export` for that day and the dedup headers; a
# second run sends nothing; today is never sent; the thread retries with
# backoff until it gets through; stopping it interrupts a PUT that hangs;
# TLS is verified (a self-signed server is refused unless ca_file names it).
set -u
export TZ=Europe/Paris
K=$BIN/msd-kiosk
CONF=$TMP/kiosk.ini
DB=$TMP/stats.db
SRV_PID='' SRV_PORT='' SRV_LOG=$TMP/received.jsonl
TOKEN=tok-7c1d2e9a

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

srv_stop() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
		SRV_PID=
	fi
}
trap srv_stop EXIT
trap 'exit 1' INT TERM

# srv_start ARGS...: the receiver, a fresh log; sets SRV_PORT.
srv_start() {
	srv_stop
	rm -f "$TMP/srv.port"
	: >"$SRV_LOG"
	python3 "$ROOT/tests/helpers/reportserver.py" --log "$SRV_LOG" "$@" \
	    >"$TMP/srv.port" 2>>"$TMP/srv.err" &
	SRV_PID=$!
	i=0
	while [ ! -s "$TMP/srv.port" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "reportserver did not start: $(cat "$TMP/srv.err")"
		sleep 0.1
	done
	SRV_PORT=$(head -1 "$TMP/srv.port")
}

srv_ctl() {
	python3 -c 'import sys, urllib.request
urllib.request.urlopen("http://127.0.0.1:%s/_control?%s" % (sys.argv[1], sys.argv[2]), timeout=10).read()' \
	    "$SRV_PORT" "$1" || fail "reportserver control $1"
}

# py EXPR: a Python expression over the received requests (reqs).
py() {
	python3 -c 'import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ok = [r["day"] for r in reqs if isinstance(r["status"], int) and 200 <= r["status"] < 300]
print(eval(sys.argv[2]))' "$SRV_LOG" "$1"
}

# conf URL [EXTRA]: the kiosk's config.
conf() {
	cat >"$CONF" <<EOF
[kiosk]
msd = chambery
[stats]
path = $DB
[report]
url = $1
interval_s = 1
timeout_s = 30
token_file = $TMP/token
${2:-}
EOF
}

sent_days() {
	sqlite3 -batch "$DB" "select group_concat(day, ',') from (select day from sent_days order by day)"
}

# send ARGS...: stats send; sets RC, output in $TMP/out and $TMP/err.
send() {
	"$K" -c "$CONF" stats send "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	cat "$TMP/err" >>"$TMP/all.err"
}

printf '%s\n' "$TOKEN" >"$TMP/token"
chmod 600 "$TMP/token"

D0=$(date +%F)
D1=$(date -d "-1 day" +%F)
D2=$(date -d "-2 days" +%F)
D3=$(date -d "-3 days" +%F)
D5=$(date -d "-5 days" +%F)
D6=$(date -d "-6 days" +%F)
TOMORROW=$(date -d "+1 day" +%F)

srv_start --fail 1000 --fail-mode 500
conf "http://127.0.0.1:$SRV_PORT/ingest"
rec() {
	"$K" -c "$CONF" stats record "$@" || fail "record $*"
}
for d in "$D3" "$D2" "$D1" "$D0"; do
	rec --day "$d" page home
	rec --day "$d" offre "offre-$d"
done
rec --day "$D2" reponse satisfaction=content
rec --day "$D1" page "été"

echo "== the server answers 500: nothing is marked sent =="
send
[ $RC = 1 ] || fail "500: exit $RC, expected 1"
grep -q "HTTP 500" "$TMP/err" || fail "500: the message does not say it: $(cat "$TMP/err")"
grep -q "^0 days delivered, 3 left" "$TMP/out" || fail "500: $(cat "$TMP/out")"
[ -z "$(sent_days)" ] || fail "500: marked sent: $(sent_days)"
# The pass stops at the first failure, oldest day first.
[ "$(py 'len(reqs)')" = 1 ] || fail "500: $(py 'len(reqs)') requests, expected 1"
[ "$(py 'reqs[0]["day"]')" = "$D3" ] || fail "500: first day sent $(py 'reqs[0]["day"]')"

echo "== the connection is closed without an answer =="
srv_ctl "fail=1000&mode=close"
send
[ $RC = 1 ] || fail "close: exit $RC, expected 1"
[ -z "$(sent_days)" ] || fail "close: marked sent: $(sent_days)"

echo "== the server answers: every complete day once, today never =="
srv_ctl "fail=0"
: >"$SRV_LOG"
send
[ $RC = 0 ] || fail "ok: exit $RC ($(cat "$TMP/err"))"
grep -q "^3 days delivered, 0 left" "$TMP/out" || fail "ok: $(cat "$TMP/out")"
[ "$(sent_days)" = "$D3,$D2,$D1" ] || fail "ok: sent_days $(sent_days)"
[ "$(py 'ok')" = "['$D3', '$D2', '$D1']" ] || fail "ok: days received $(py 'ok')"
[ "$(py "'$D0' in [r['day'] for r in reqs]")" = False ] || fail "today was sent"
[ "$(py 'set(r["kiosk"] for r in reqs)')" = "{'chambery'}" ] || fail "X-MSD-Kiosk"
[ "$(py 'set(r["content_type"] for r in reqs)')" = "{'text/csv; charset=utf-8'}" ] ||
    fail "Content-Type: $(py 'set(r["content_type"] for r in reqs)')"
[ "$(py 'all(r["bom"] for r in reqs)')" = True ] || fail "no BOM in a body"
[ "$(py 'set(r["auth"] for r in reqs)')" = "{'Bearer $TOKEN'}" ] || fail "token"
# One idempotent PUT per kiosk and day: URL/KIOSK/DAY.csv.
[ "$(py 'set(r["method"] for r in reqs)')" = "{'PUT'}" ] || fail "method: $(py 'set(r["method"] for r in reqs)')"
[ "$(py 'all(r["path"] == "/ingest/chambery/%s.csv" % r["day"] for r in reqs)')" = True ] ||
    fail "path: $(py '[r["path"] for r in reqs]')"
# Each body is exactly `stats export` of that day.
for d in "$D3" "$D2" "$D1"; do
	"$K" -c "$CONF" stats export --from "$d" --to "$d" -o "$TMP/$d.csv" >/dev/null ||
	    fail "export $d"
	python3 - "$SRV_LOG" "$d" "$TMP/$d.csv" <<'PY' || fail "body of $d differs from its export"
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
body = [r["body"] for r in reqs if r["day"] == sys.argv[2]][0]
want = open(sys.argv[3], encoding="utf-8-sig", newline="").read()
assert body == want, (body, want)
assert all(line.startswith(sys.argv[2] + ";") for line in body.split("\r\n")[1:-1])
PY
done
grep -q "^$D1;page;été;1" "$TMP/$D1.csv" || fail "accents in the body"

echo "== again: nothing is sent twice =="
: >"$SRV_LOG"
send
[ $RC = 0 ] || fail "again: exit $RC"
grep -q "^0 days delivered, 0 left" "$TMP/out" || fail "again: $(cat "$TMP/out")"
[ "$(py 'len(reqs)')" = 0 ] || fail "again: $(py 'len(reqs)') requests"

echo "== today becomes complete after midnight (and 5 minutes) =="
send --now "$TOMORROW 00:03"
[ $RC = 0 ] && [ "$(py 'len(reqs)')" = 0 ] || fail "sent before the grace: $(py 'ok')"
send --now "$TOMORROW 12:00"
[ $RC = 0 ] || fail "tomorrow: exit $RC"
[ "$(py 'ok')" = "['$D0']" ] || fail "tomorrow: $(py 'ok')"

echo "== the background thread: retries with backoff until it gets through =="
# An older day the server has never seen, and the server failing 3 times.
rec --day "$D5" qr_code "offre-x"
: >"$SRV_LOG"
srv_ctl "fail=3&mode=500"
send --wait 60
[ $RC = 0 ] || fail "thread: exit $RC ($(cat "$TMP/err"))"
[ "$(py '[r["status"] for r in reqs]')" = "[500, 500, 500, 204]" ] ||
    fail "thread: $(py '[(r["day"], r["status"]) for r in reqs]')"
[ "$(py 'ok')" = "['$D5']" ] || fail "thread: $(py 'ok')"
grep -q "HTTP 500" "$TMP/err" || fail "thread: the failure was not logged"
[ "$(grep -c 'HTTP 500' "$TMP/err")" = 1 ] || fail "thread: the same failure logged at every retry"
grep -q "server answers again" "$TMP/err" || fail "thread: recovery not logged"

echo "== stopping the thread interrupts a PUT that hangs =="
rec --day "$D6" page home
: >"$SRV_LOG"
srv_ctl "fail=1&mode=hang"
# timeout_s is 30: --wait 2 must end long before, through the stop.
timeout 25 "$K" -c "$CONF" stats send --wait 2 >"$TMP/out" 2>"$TMP/err"
RC=$?
[ $RC = 124 ] && fail "hang: the stop did not interrupt the POST"
[ $RC = 1 ] || fail "hang: exit $RC, expected 1 ($(cat "$TMP/err"))"
[ "$(py 'len(reqs)')" = 1 ] || fail "hang: the server saw $(py 'len(reqs)') requests"
case ",$(sent_days)," in *",$D6,"*) fail "hang: $D6 marked sent" ;; esac
# The day goes on the next run.
send
[ $RC = 0 ] && [ "$(py 'ok')" = "['$D6']" ] || fail "after hang: $(py 'ok')"

echo "== over the whole test, every complete day arrived exactly once =="
# (the server's log was emptied between steps; sent_days holds them all)
[ "$(sent_days)" = "$D6,$D5,$D3,$D2,$D1,$D0" ] || fail "sent_days $(sent_days)"

echo "== TLS is verified =="
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	    -addext "subjectAltName=IP:127.0.0.1" -keyout "$TMP/key.pem" \
	    -out "$TMP/cert.pem" >/dev/null 2>&1 || fail "openssl"
	srv_start --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem"
	conf "https://127.0.0.1:$SRV_PORT/ingest"
	D7=$(date -d "-7 days" +%F)
	rec --day "$D7" page home
	send
	[ $RC = 1 ] || fail "self-signed accepted without ca_file: exit $RC"
	grep -qi "certificate" "$TMP/err" || fail "TLS: the message does not say why: $(cat "$TMP/err")"
	[ "$(py 'len(reqs)')" = 0 ] || fail "TLS: the server got the data"
	conf "https://127.0.0.1:$SRV_PORT/ingest" "ca_file = $TMP/cert.pem"
	send
	[ $RC = 0 ] && [ "$(py 'ok')" = "['$D7']" ] || fail "TLS with ca_file: $RC $(py 'ok') $(cat "$TMP/err")"
else
	echo "(openssl missing: TLS part not run)"
fi

echo "== bad usage and settings =="
printf '[stats]\npath = %s\n' "$DB" >"$TMP/nourl.ini"
"$K" -c "$TMP/nourl.ini" stats send >/dev/null 2>"$TMP/err"
[ $? = 2 ] && grep -q "url" "$TMP/err" || fail "no url: $(cat "$TMP/err")"
"$K" -c "$CONF" stats send --now "demain" >/dev/null 2>&1
[ $? = 2 ] || fail "bad --now"
"$K" -c "$CONF" stats send --wait 0 >/dev/null 2>&1
[ $? = 2 ] || fail "bad --wait"
"$K" -c "$CONF" stats send --bogus >/dev/null 2>&1
[ $? = 2 ] || fail "unknown option"
printf '[stats]\npath = %s/none.db\n[report]\nurl = http://127.0.0.1:%s/\n' "$TMP" "$SRV_PORT" >"$TMP/nodb.ini"
"$K" -c "$TMP/nodb.ini" stats send >/dev/null 2>"$TMP/err"
[ $? = 1 ] && grep -q "none.db" "$TMP/err" || fail "no database: $(cat "$TMP/err")"

# The token never appears in what the kiosk says.
grep -q "$TOKEN" "$TMP/all.err" && fail "the token was logged"
echo "stats post: ok"
