#!/bin/sh
# The gateway's password, full of the characters every encoding changes,
# against a provider whose error pages (500, 503, 400) echo the whole
# request: its url, headers, body, the decoded values, as JSON, as HTML.
# No encoding of it may reach the daemon's log, outbox.reason, `report`,
# `report --csv` or `status`.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

T="2026-12-01 10:00"		# a Tuesday, outside quiet hours
PW='S3cr@t+pw!&=%/ :?#"'"'"
export PW
printf '%s\n' "$PW" >"$TMP/secret"
chmod 600 "$TMP/secret"

cat >"$TMP/rdv.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu;statut;sms
S1;2026-12-02;09:00;chambery;06 12 34 56 78;Bâtiment É, salle 2;prévu;
EOF

# Every form of the password a page may show, one a line, for grep -F:
# raw, percent-encoded (both cases, with %20 or +), doubly encoded,
# JSON- and HTML-escaped, base64 of "user:password" and the pieces of the
# password that no escaping changes.
python3 - "$PW" >"$TMP/forms" <<'EOF'
import base64, html, json, sys, urllib.parse
pw = sys.argv[1]
q = urllib.parse.quote(pw, safe="")
forms = {pw, q, q.lower(), urllib.parse.quote_plus(pw),
         urllib.parse.quote_plus(pw).lower(), urllib.parse.quote(q, safe=""),
         json.dumps(pw)[1:-1], html.escape(pw), html.escape(pw, quote=False),
         "S3cr", "pw!", "pw%21"}
for user in ("msd", "AC42", "api"):
    forms.add(base64.b64encode(("%s:%s" % (user, pw)).encode()).decode()[8:])
forms.add(base64.b64encode(pw.encode()).decode())
print("\n".join(sorted(forms)))
EOF

# check WHAT FILE: no form of the password in FILE.
check() {
	if grep -F -n -f "$TMP/forms" "$2" >"$TMP/hits"; then
		head -3 "$TMP/hits" >&2
		fail "$1: the password appears"
	fi
}

# run_one GATEWAY-LINES FLAVOR STATUS PART
run_one() {
	gw_ctl "reset=1&mode=echo&flavor=$2&echo_status=$3&echo_part=$4"
	cat >"$CONF" <<EOF
[database]
path = $DB
[gateway]
rate = 0
timeout_s = 5
password_file = $TMP/secret
$1
[reminders]
offsets = 24h
[msd.chambery]
name = Maison sociale du bassin chambérien
EOF
	rm -f "$DB" "$DB-wal" "$DB-shm"
	daemon import "$TMP/rdv.csv" --now "$T" >/dev/null || fail "import"
	daemon run --once --now "$T"
	[ "$(q "select count(*) from outbox where state in ('retry', 'failed')")" = 1 ] \
	    || fail "$2 $3 $4: not refused: $(q "select state, reason from outbox")"
	q "select reason from outbox" | grep -q "HTTP $3" \
	    || fail "$2 $3 $4: the page was not read: $(q "select reason from outbox")"
	where="$(echo "$1" | head -1), $2 page, $3, $4 first"
	q "select reason from outbox" >"$TMP/reason"
	check "$where: outbox.reason" "$TMP/reason"
	{ daemon report && daemon report --csv && daemon status --now "$T"; } \
	    >"$TMP/report" || fail "$where: report or status failed"
	check "$where: report/status" "$TMP/report"
	check "$where: log" "$TMP/daemon.err"
}

gw_start --flavor plain --mode echo
for gw in kannel twilio basic bearer; do
	case $gw in
	kannel) lines="type = kannel
url = http://127.0.0.1:$GW_PORT/cgi-bin/sendsms
username = msd" ;;
	twilio) lines="type = twilio
url = http://127.0.0.1:$GW_PORT/Accounts/{username}/Messages.json
username = AC42
sender = MSD73" ;;
	basic) lines="type = http
url = http://127.0.0.1:$GW_PORT/send
auth = basic
username = api" ;;
	bearer) lines="type = http
url = http://127.0.0.1:$GW_PORT/v1/sms
auth = bearer
content_type = application/json
body = {\"to\": \"{to}\", \"text\": \"{text}\"}" ;;
	esac
	echo "== $gw =="
	# Each part first, each status, the three kinds of page in turn.
	i=0
	for st in 500 503 400; do
		for part in line headers body decoded json html plus; do
			set -- plain kannel twilio
			shift $((i % 3))
			i=$((i + 1))
			run_one "$lines" "$1" "$st" "$part"
		done
	done
done
# The test can fail: the server did get the password.
[ "$(gw_py "sum(1 for r in reqs if r['query'].get('password') == __import__('os').environ['PW'])")" -gt 0 ] \
    || fail "kannel requests did not carry the password"
check_no_secrets 612345678 "6 12 34 56 78"
echo "--- reasons (excerpt)"
sort -u "$TMP/daemon.err" | grep -i "http 5\|http 4" | head -5
echo "PASS"
