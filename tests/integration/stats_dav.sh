#!/bin/sh
# The statistics collected by a plain web server: Debian's nginx with its
# DAV module (`dav_methods PUT`, the configuration docs/statistics-server.md
# gives), started here on 127.0.0.1 as an unprivileged user.  Two kiosks
# upload their complete days with `stats send`; each day lands as
# www/msd-stats/KIOSK/DAY.csv, byte for byte its `stats export`; a day sent
# again (a stop between the server's 2xx and the mark) replaces its file;
# the token is checked by nginx; the failures go through the same nginx
# (500, a connection closed without answer, an upstream that hangs, a
# self-signed certificate) and leave every day unsent; and
# `stats merge` makes one CSV of what the server holds.
set -u
export TZ=Europe/Paris
. "$ROOT/tests/helpers/nginxlib.sh"
need_nginx
K=$BIN/msd-kiosk
TOKEN=tok-31f9aa07
WWW=$NGX/www/msd-stats
HANG_PID=

fail() {
	echo "FAIL: $*" >&2
	exit 1
}
cleanup() {
	nginx_stop
	[ -n "$HANG_PID" ] && kill "$HANG_PID" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM

printf '%s\n' "$TOKEN" >"$TMP/token"
printf 'wrong-token\n' >"$TMP/badtoken"
chmod 600 "$TMP/token" "$TMP/badtoken"

# A port that accepts connections (the kernel's backlog) and never answers:
# nginx's upstream for the hang.
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
print(s.getsockname()[1], flush=True); time.sleep(600)' >"$TMP/hang.port" &
HANG_PID=$!
i=0
while [ ! -s "$TMP/hang.port" ]; do
	i=$((i + 1)); [ $i -gt 50 ] && fail "the hanging upstream did not start"
	sleep 0.1
done
HANG_PORT=$(cat "$TMP/hang.port")

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$TMP/key.pem" \
    -out "$TMP/cert.pem" >/dev/null 2>&1 || fail "openssl"
mkdir -p "$NGX"
cp "$TMP/key.pem" "$TMP/cert.pem" "$NGX/"

# The location is docs/statistics-server.md's, word for word but the paths.
nginx_start "
	server {
		listen 127.0.0.1:@PORT@;
		listen 127.0.0.1:@TLSPORT@ ssl;
		ssl_certificate @P@/cert.pem;
		ssl_certificate_key @P@/key.pem;
		root @P@/www;

		location /msd-stats/ {
			dav_methods PUT;
			create_full_put_path on;
			dav_access user:rw group:r all:r;
			client_max_body_size 1m;
			limit_except PUT { deny all; }
			if (\$http_authorization != \"Bearer $TOKEN\") { return 401; }
		}
		location /fail/ { return 500; }
		location /close/ { return 444; }
		location /hang/ {
			proxy_pass http://127.0.0.1:$HANG_PORT;
			proxy_read_timeout 600s;
		}
	}"

# conf NAME URL [EXTRA]: a kiosk's config $TMP/NAME.ini, its database
# $TMP/NAME.db.
conf() {
	cat >"$TMP/$1.ini" <<EOF
[kiosk]
msd = chambery
[stats]
path = $TMP/$1.db
[report]
url = $2
interval_s = 1
timeout_s = 30
token_file = $TMP/token
${3:-}
EOF
}
# send NAME ARGS...: stats send; RC, $TMP/out, $TMP/err.
send() {
	n=$1; shift
	"$K" -c "$TMP/$n.ini" stats send "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}
rec() {
	n=$1; shift
	"$K" -c "$TMP/$n.ini" stats record "$@" || fail "record $*"
}
sent_days() {
	sqlite3 -batch "$TMP/$1.db" "select group_concat(day, ',') from (select day from sent_days order by day)"
}
# same_as_export NAME KIOSK DAY: the server's file is the day's export.
same_as_export() {
	"$K" -c "$TMP/$1.ini" stats export --from "$3" --to "$3" -o "$TMP/exp.csv" >/dev/null ||
	    fail "export $3"
	cmp -s "$TMP/exp.csv" "$WWW/$2/$3.csv" ||
	    fail "$WWW/$2/$3.csv differs from the export of $3: $(od -c "$WWW/$2/$3.csv" | head -5)"
}

D0=$(date +%F)
D1=$(date -d "-1 day" +%F)
D2=$(date -d "-2 days" +%F)
D3=$(date -d "-3 days" +%F)
BASE=http://127.0.0.1:$NGX_PORT

conf a "$BASE/msd-stats/"
conf b "$BASE/msd-stats" "kiosk_id = aix-accueil"
for d in "$D3" "$D2" "$D1" "$D0"; do
	rec a --day "$d" page home
	rec a --day "$d" offre "offre-$d"
done
rec a --day "$D1" page "été"
rec a --day "$D2" reponse satisfaction=content
rec b --day "$D2" page home
rec b --day "$D1" qr_code wimoov-diagnostic

echo "== a wrong token: nginx answers 401, nothing is marked sent =="
conf a "$BASE/msd-stats/" "" && sed -i "s|^token_file = .*|token_file = $TMP/badtoken|" "$TMP/a.ini"
send a
[ $RC = 1 ] && grep -q "HTTP 401" "$TMP/err" || fail "bad token: exit $RC: $(cat "$TMP/err")"
[ -z "$(sent_days a)" ] || fail "bad token: marked sent"
[ -e "$WWW" ] && fail "bad token: nginx stored something: $(ls -R "$WWW")"
conf a "$BASE/msd-stats/"

echo "== nginx answers 500 =="
conf a "$BASE/fail/"
send a
[ $RC = 1 ] && grep -q "HTTP 500" "$TMP/err" || fail "500: exit $RC: $(cat "$TMP/err")"
grep -q "$BASE/fail/chambery/$D3.csv" "$TMP/err" || fail "500: the message names no file: $(cat "$TMP/err")"
[ -z "$(sent_days a)" ] || fail "500: marked sent"

echo "== nginx closes the connection without an answer (444) =="
conf a "$BASE/close"
send a
[ $RC = 1 ] || fail "close: exit $RC"
[ -z "$(sent_days a)" ] || fail "close: marked sent"

echo "== the upstream behind nginx hangs: stopping the thread ends the PUT =="
conf a "$BASE/hang"
timeout 25 "$K" -c "$TMP/a.ini" stats send --wait 2 >"$TMP/out" 2>"$TMP/err"
RC=$?
[ $RC = 124 ] && fail "hang: the stop did not interrupt the PUT"
[ $RC = 1 ] || fail "hang: exit $RC, expected 1 ($(cat "$TMP/err"))"
[ -z "$(sent_days a)" ] || fail "hang: marked sent"

echo "== nginx stores every complete day, once, as the kiosk's export =="
conf a "$BASE/msd-stats/"
send a
[ $RC = 0 ] || fail "send a: exit $RC: $(cat "$TMP/err")"
grep -q "^3 days delivered, 0 left" "$TMP/out" || fail "send a: $(cat "$TMP/out")"
[ "$(sent_days a)" = "$D3,$D2,$D1" ] || fail "sent_days a: $(sent_days a)"
for d in "$D3" "$D2" "$D1"; do same_as_export a chambery "$d"; done
[ -e "$WWW/chambery/$D0.csv" ] && fail "today was sent"
[ "$(ls "$WWW/chambery" | wc -l)" = 3 ] || fail "files: $(ls "$WWW/chambery")"
send b
[ $RC = 0 ] || fail "send b: exit $RC: $(cat "$TMP/err")"
for d in "$D2" "$D1"; do same_as_export b aix-accueil "$d"; done
grep -q "PUT /msd-stats/aix-accueil/$D1.csv HTTP/1.1\" 201" "$NGX/logs/access.log" ||
    fail "access log: $(tail -3 "$NGX/logs/access.log")"

echo "== again: nothing is sent twice =="
send a
[ $RC = 0 ] && grep -q "^0 days delivered, 0 left" "$TMP/out" || fail "again: $(cat "$TMP/out")"

echo "== a day sent again replaces its file (the stop between 2xx and mark) =="
rec a --day "$D1" page home
sqlite3 -batch "$TMP/a.db" "delete from sent_days where day = '$D1'"
send a
[ $RC = 0 ] && grep -q "^1 day delivered, 0 left" "$TMP/out" || fail "resend: $(cat "$TMP/out") $(cat "$TMP/err")"
same_as_export a chambery "$D1"
grep -q "^$D1;page;home;2" "$WWW/chambery/$D1.csv" || fail "resend: not replaced: $(cat "$WWW/chambery/$D1.csv")"
grep -q "PUT /msd-stats/chambery/$D1.csv HTTP/1.1\" 204" "$NGX/logs/access.log" ||
    fail "resend: nginx did not replace: $(tail -3 "$NGX/logs/access.log")"
[ "$(ls "$WWW/chambery" | wc -l)" = 3 ] || fail "resend: files: $(ls "$WWW/chambery")"

echo "== TLS through nginx: self-signed refused, accepted with ca_file =="
D5=$(date -d "-5 days" +%F)
rec a --day "$D5" page home
conf a "https://127.0.0.1:$NGX_TLSPORT/msd-stats"
send a
[ $RC = 1 ] && grep -qi "certificate" "$TMP/err" || fail "self-signed accepted: exit $RC: $(cat "$TMP/err")"
[ -e "$WWW/chambery/$D5.csv" ] && fail "TLS: nginx got the data"
conf a "https://127.0.0.1:$NGX_TLSPORT/msd-stats" "ca_file = $TMP/cert.pem"
send a
[ $RC = 0 ] || fail "TLS with ca_file: exit $RC: $(cat "$TMP/err")"
same_as_export a chambery "$D5"

echo "== stats merge: what nginx holds, one CSV with the kiosk =="
"$K" stats merge "$WWW" -o "$TMP/all.csv" >"$TMP/out" 2>"$TMP/err" ||
    fail "merge: $(cat "$TMP/err")"
grep -q "^11 rows from 6 days of 2 kiosks written to $TMP/all.csv" "$TMP/out" || fail "merge: $(cat "$TMP/out")"
python3 - "$TMP/all.csv" "$D1" "$D2" <<'PY' || fail "merge: the CSV is not what the kiosks sent"
import sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
lines = raw[3:].decode("utf-8").split("\r\n")
assert lines[0] == "borne;jour;type;element;nombre", lines[0]
assert lines[-1] == "", "no CRLF at the end"
rows = [l.split(";") for l in lines[1:-1]]
assert len(rows) == 11, rows
d1, d2 = sys.argv[2], sys.argv[3]
assert ["aix-accueil", d1, "qr_code", "wimoov-diagnostic", "1"] in rows, rows
assert ["chambery", d1, "page", "home", "2"] in rows, rows
assert ["chambery", d1, "page", "été", "1"] in rows, rows
assert ["chambery", d2, "reponse", "satisfaction=content", "1"] in rows, rows
assert [r[0] for r in rows] == sorted(r[0] for r in rows), "kiosks not in order"
PY
echo "stats dav: ok"
