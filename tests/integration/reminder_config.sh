#!/bin/sh
# A config the daemon cannot trust is refused with exit 2 and a message
# naming the file and the key, before anything is created or sent: no
# [database] or [gateway], a -c that is not a regular file, a timezone
# that is not a zone, durations out of range, credentials over plain
# http to another machine, --now with junk.  The shipped configs load.
set -u
cd "$TMP" || exit 1
D=$BIN/msd-reminderd
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > rdv.csv <<'EOF'
rdv_id;date;heure;msd;telephone;lieu;statut;sms
C1;2026-12-02;09:00;chambery;06 12 34 56 78;;prévu;
EOF
GOOD="[database]
path = $TMP/r.db
[gateway]
type = file
path = $TMP/sms.txt
rate = 0"

# expect2 FILE WORDS... -- COMMAND...: exit 2, a message with each word.
expect2() {
	cfg=$1; shift
	words=""
	while [ "$1" != -- ]; do words="$words
$1"; shift; done
	shift
	"$D" -c "$cfg" "$@" >out.txt 2>err.txt </dev/null
	rc=$?
	[ $rc = 2 ] || fail "$cfg $*: exit $rc, expected 2 ($(cat err.txt))"
	echo "$words" | while IFS= read -r w; do
		[ -z "$w" ] && continue
		grep -q -F -- "$w" err.txt || { echo "FAIL: $cfg $*: no '$w' in: $(cat err.txt)" >&2; exit 1; }
	done || exit 1
	[ ! -s out.txt ] || fail "$cfg $*: printed $(cat out.txt)"
}

echo "== an empty config: refused by every command, nothing created =="
: > empty.ini
for cmd in "import rdv.csv" "run --once --now 2026-12-01T10:00" status report; do
	# shellcheck disable=SC2086
	expect2 empty.ini "empty.ini" "[database]" -- $cmd
done
[ ! -e reminders.db ] || fail "an empty config created reminders.db in the current directory"
[ ! -e sms.txt ] || fail "an empty config sent"

echo "== no [gateway], no [database], no path, no type =="
printf '[database]\npath = %s/r.db\n' "$TMP" > nogw.ini
expect2 nogw.ini "nogw.ini" "[gateway]" "type" -- run --once
expect2 nogw.ini "nogw.ini" "[gateway]" -- status
printf '[gateway]\ntype = file\npath = -\n' > nodb.ini
expect2 nodb.ini "nodb.ini" "[database]" "path" -- run --once
printf '[database]\npath = %s/r.db\n[gateway]\ntype = file\n' "$TMP" > nopath.ini
expect2 nopath.ini "nopath.ini" "path = -" -- run --once
[ ! -e r.db ] || fail "a refused config created the database"

echo "== -c a directory, a FIFO with no writer, a missing file =="
mkdir confdir
expect2 confdir "confdir" "not a regular file" -- status
mkfifo fifo.ini
timeout 20 "$D" -c fifo.ini status >out.txt 2>err.txt
rc=$?
[ $rc = 124 ] && fail "-c FIFO: blocked"
[ $rc = 2 ] && grep -q "fifo.ini is not a regular file" err.txt || fail "-c FIFO: exit $rc: $(cat err.txt)"
expect2 nosuch.ini "nosuch.ini" -- status

echo "== timezone: a directory, a typo =="
printf '%s\n[reminders]\ntimezone = Europe\n' "$GOOD" > tz.ini
expect2 tz.ini "tz.ini" "timezone" "Europe/Paris" "directory" -- status
printf '%s\n[reminders]\ntimezone = Europe/Pariss\n' "$GOOD" > tz2.ini
expect2 tz2.ini "tz2.ini" "Europe/Pariss" -- run --once

echo "== durations and numbers out of range =="
for kv in "offsets = 9999999999999999h" "offsets = 48h, 9999999999999999h" \
    "min_notice = 9999999999999999h" "min_notice = 30d" "offsets = 0s" \
    "retention_days = 99999999999999999999" "quiet_hours = 20:00-08:61"; do
	printf '%s\n[reminders]\n%s\n' "$GOOD" "$kv" > dur.ini
	expect2 dur.ini "dur.ini:8" "${kv%% =*}" -- status
done
for kv in "rate = -5" "retry_base_s = 0" "retry_max_s = 99999999999" \
    "timeout_s = 100000" "retry_base_s = 600
retry_max_s = 60"; do
	printf '%s\n%s\n' "$GOOD" "$kv" > num.ini
	expect2 num.ini "num.ini" "$(echo "$kv" | tail -1 | sed 's/ =.*//')" -- run --once
done

echo "== credentials over plain http to another machine =="
printf 's3cret\n' > pw; chmod 600 pw
for gw in "type = kannel
url = http://192.0.2.10:13013/cgi-bin/sendsms
username = msd" "type = http
url = http://sms.example/send
auth = basic
username = api" "type = twilio
url = http://api.example/{username}/Messages.json
username = AC42
sender = MSD"; do
	printf '[database]\npath = %s/r.db\n[gateway]\npassword_file = %s/pw\n%s\n' \
	    "$TMP" "$TMP" "$gw" > http.ini
	expect2 http.ini "http.ini" "allow_insecure_http" "https" -- run --once --now "2026-12-01 10:00"
	grep -q s3cret err.txt && fail "the password is in the message"
	# Allowed on a trusted network: nothing due, so nothing is sent
	# and no request leaves the machine.
	printf 'allow_insecure_http = yes\n' >> http.ini
	"$D" -c http.ini run --once --now "2026-12-01 10:00" 2>err.txt \
	    || fail "allow_insecure_http = yes refused: $(cat err.txt)"
	grep -q "allow_insecure_http = yes" err.txt || fail "no warning: $(cat err.txt)"
	rm -f r.db r.db-wal r.db-shm r.db.lock
done

echo "== --now: junk after the time, bad seconds =="
printf '%s\n' "$GOOD" > good.ini
long="2026-12-01 10:00$(printf '%60s' '')junk"
for now in "$long" "2026-12-01 10:00:60" "2026-12-01 10:00 x" "2026-12-01 25:00"; do
	"$D" -c good.ini status --now "$now" >out.txt 2>err.txt
	rc=$?
	[ $rc = 2 ] || fail "--now '$now': exit $rc"
	grep -q -- "--now" err.txt || fail "--now '$now': $(cat err.txt)"
done
"$D" -c good.ini status --now "2026-12-01 10:00:59" >/dev/null || fail "--now with seconds refused"

echo "== the shipped configs and a good one load =="
sed "s|^path = /var/lib/msd-reminderd/reminders.db|path = $TMP/dist.db|" \
    "$ROOT/dist/reminderd.ini" > dist.ini
"$D" -c dist.ini status >/dev/null 2>err.txt || fail "dist/reminderd.ini: $(cat err.txt)"
mkdir demo && cp "$ROOT/assets/demo/reminderd.ini" demo/
(cd demo && "$D" -c reminderd.ini status >/dev/null 2>err.txt) || fail "assets/demo/reminderd.ini: $(cat demo/err.txt)"
"$D" -c good.ini import rdv.csv --now "2026-11-30 10:00" >/dev/null || fail "import"
"$D" -c good.ini run --once --now "2026-12-01 10:00" 2>/dev/null || fail "run"
grep -q "SMS #" sms.txt || fail "the good config did not send"
echo PASS
