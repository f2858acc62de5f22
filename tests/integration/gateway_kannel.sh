#!/bin/sh
# The daemon through a real Kannel from Debian: bearerbox + smsbox with
# its fake SMSC driver (smsc = fake), whose phone-network end is
# tests/helpers/fakesmsc.py.  Checks that each message reaches the
# "network" exactly as the outbox holds it, accents intact, in GSM-7 and
# in UCS-2 (concatenated in 3 parts), that a number Kannel refuses fails
# with Kannel's reason, and that refused credentials lose nothing.
set -u
. "$ROOT/tests/helpers/gwlib.sh"
. "$ROOT/tests/helpers/kannellib.sh"
kannel_need
kannel_ports
kannel_cleanup() {
	kannel_stop
	gw_cleanup
}
trap kannel_cleanup EXIT

KPW=k4nnel-s3cret
kannel_conf <<EOF
black-list-regex = ^\+39

group = sms-service
keyword = default
text = "unused"
EOF

kannel_start

T="2026-12-01 10:00"
printf '%s\n' "$KPW" >"$TMP/kpw"
printf 'wrong\n' >"$TMP/kpw-wrong"
chmod 600 "$TMP/kpw" "$TMP/kpw-wrong"
conf() {	# $1: password file
	cat >"$CONF" <<EOF
[database]
path = $DB
[gateway]
type = kannel
url = http://127.0.0.1:$SEND/cgi-bin/sendsms
username = msd
password_file = $1
sender = MSD73
rate = 0
retry_base_s = 60
timeout_s = 5
[reminders]
offsets = 24h
[msd.chambery]
name = Maison sociale du bassin chambérien
phone = 04 79 00 00 00
template = Rappel : rendez-vous le {date} à {heure}[, {lieu}]. Fenêtre d'accueil ouverte dès 8 h 30 ; ticket de bus 2 € remboursé. Appelez le {tel_msd} si besoin.
[msd.aix]
name = Maison sociale du bassin aixois
phone = 04 79 00 00 01
template = RDV le {date} à {heure}. Bus : 2 €.
EOF
}

# waits until N messages were delivered to the fake SMSC
wait_delivered() {
	i=0
	while [ "$(wc -l 2>/dev/null <"$TMP/delivered.jsonl" || echo 0)" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "only $(wc -l 2>/dev/null <"$TMP/delivered.jsonl") of $1 messages reached the SMSC"
		sleep 0.1
	done
}

echo "== GSM-7 and UCS-2 reminders through Kannel; a number Kannel refuses =="
cat >"$TMP/rdv.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu;statut;sms
K1;2026-12-02;09:00;chambery;06 12 34 56 78;Bâtiment É, 2e étage;prévu;
K2;2026-12-02;09:30;aix;07 81 22 33 44;;prévu;
K3;2026-12-02;10:00;chambery;+39 347 123 4567;;prévu;
EOF
conf "$TMP/kpw"
daemon import "$TMP/rdv.csv" --now "$T" || fail "import"
daemon run --once --now "$T" || fail "run"
states=$(q "select group_concat(state, ',') from (select o.state from outbox o join appointment a on a.id = o.appt_id order by a.rdv_id)")
[ "$states" = "sent,sent,failed" ] || fail "states $states: $(q "select state, reason from outbox")"
q "select reason from outbox o join appointment a on a.id = o.appt_id where rdv_id = 'K3'" \
    | grep -q "Kannel: HTTP 400: Number(s) has/have been denied by white- and/or black-lists" \
    || fail "K3 reason: $(q "select reason from outbox")"
[ "$(q "select count(*) from outbox where ucs2 = 1 and segments = 3")" -ge 1 ] \
    || fail "the chambery reminder should be UCS-2 in 3 segments: $(q "select ucs2, segments from outbox")"
wait_delivered 2
sleep 0.5
echo "--- delivered by Kannel:"
cat "$TMP/delivered.jsonl"

# What the SMSC got is exactly what the outbox says was sent.
python3 - "$DB" "$TMP/delivered.jsonl" <<'EOF' || fail "delivered messages differ from the outbox"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
sent = {p: (t, u, s) for p, t, u, s in db.execute(
    "select a.phone, o.text, o.ucs2, o.segments from outbox o "
    "join appointment a on a.id = o.appt_id where o.state = 'sent'")}
got = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
ok = len(got) == len(sent) == 2
for m in got:
    text, ucs2, segs = sent.get(m["to"], (None, None, None))
    if m["text"] != text or m["from"] != "MSD73" or m["parts"] != segs:
        print("MISMATCH to %s:\n  sent %r (%s parts)\n  got  %r (%s parts)"
              % (m["to"][:4], text, segs, m["text"], m["parts"]))
        ok = False
    else:
        print("ok %s... %d part(s), %s" % (m["to"][:4], m["parts"],
                                          "UCS-2" if ucs2 else "GSM-7"))
accents = "".join(m["text"] for m in got)
for ch in "éêÉà€":
    if ch not in accents:
        print("missing %r in what was delivered" % ch)
        ok = False
sys.exit(0 if ok else 1)
EOF
n=$(grep -c "Sent SMS" "$TMP/access.log")
[ "$n" = 2 ] || fail "Kannel's access log shows $n messages sent, expected 2"

echo "== refused credentials: kept for retry, sent once fixed =="
: >"$TMP/delivered.jsonl"
rm -f "$DB" "$DB-wal" "$DB-shm"
cat >"$TMP/rdv2.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu;statut;sms
K4;2026-12-02;09:45;aix;06 12 34 56 78;;prévu;
EOF
conf "$TMP/kpw-wrong"
daemon import "$TMP/rdv2.csv" --now "$T" || fail "import"
daemon run --once --now "$T"
[ "$(q "select state from outbox")" = retry ] || fail "wrong password: $(q "select state, reason from outbox")"
q "select reason from outbox" | grep -q "HTTP 403: Authorization failed for sendsms (credentials refused" \
    || fail "403 reason: $(q "select reason from outbox")"
conf "$TMP/kpw"
daemon run --once --now "2026-12-01 10:05"
[ "$(q "select state from outbox")" = sent ] || fail "after the fix: $(q "select state, reason from outbox")"
wait_delivered 1

echo "== no number, no password in the daemon's log =="
check_no_secrets "$KPW" 612345678 781223344 3471234567 "347 123 4567"
sort -u "$TMP/daemon.err"
echo PASS
