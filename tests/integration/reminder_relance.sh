#!/bin/sh
# The relance: an appointment re-imported with statut = absent gets one
# SMS from its MSD's relance_template (through a real HTTP gateway), at
# the next allowed time, and never a second one: not when the same file
# is imported again (twice at once, then once more), not from a second
# daemon on the database, not after a SIGKILL of the daemon that sent it.
# None to a landline, a number on the STOP list, an MSD whose
# relance_template is empty, or a person with a newer appointment (one
# already there, or one a later import brings: it cancels the relance).
# `venu` after `absent` cancels it; it expires after relance_within, and
# waits for the end of quiet hours.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

gw_start --flavor plain --mode ok
gw_conf -o 24h "rate = 0" - <<'EOF'
[msd.chambery]
name = Maison sociale du bassin chambérien
phone = 04 79 00 00 00
[msd.aix]
name = Maison sociale du bassin aixois
relance_template =
EOF
cat >"$TMP/rdv.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu
R1;2026-12-02;10:30;chambery;06 12 34 56 01;Bureau 2
R2;2026-12-02;10:30;chambery;06 12 34 56 02;
R3;2026-12-02;10:30;chambery;06 12 34 56 03;
R4;2026-12-02;10:30;chambery;06 12 34 56 04;
R5;2026-12-02;10:30;aix;06 12 34 56 05;
R6;2026-12-02;10:30;chambery;06 12 34 56 06;
L1;2026-12-02;10:30;chambery;04 79 11 22 33;
EOF
daemon import "$TMP/rdv.csv" --now "2026-12-01 09:00" >/dev/null || fail "import"
daemon run --once --now "2026-12-01 10:30" || fail "run (reminders)"
[ "$(gw_count)" = 6 ] || fail "reminders: $(gw_count) requests, expected 6"
daemon optout "06 12 34 56 06" >/dev/null || fail "optout"
sms_to() { gw_py "sum(1 for r in reqs if r['form']['to'] == '$1')"; }
relance() {	# rdv_id: state of its relance (empty: none)
	q "select o.state from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = '$1' and o.offset_s = -1"
}

echo "== absent: one relance each, the same file imported three times =="
cat >"$TMP/after.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu;statut
R1;2026-12-02;10:30;chambery;06 12 34 56 01;Bureau 2;absent
R2;2026-12-02;10:30;chambery;06 12 34 56 02;;Absente
R3;2026-12-02;10:30;chambery;06 12 34 56 03;;non venu
R4;2026-12-02;10:30;chambery;06 12 34 56 04;;venu
R5;2026-12-02;10:30;aix;06 12 34 56 05;;absent
R6;2026-12-02;10:30;chambery;06 12 34 56 06;;absent
L1;2026-12-02;10:30;chambery;04 79 11 22 33;;absent
EOF
daemon import "$TMP/after.csv" --now "2026-12-02 18:00" >"$TMP/imp1.out" &
p1=$!
daemon import "$TMP/after.csv" --now "2026-12-02 18:00" >"$TMP/imp2.out" &
p2=$!
wait $p1 || fail "first import"
wait $p2 || fail "second import"
daemon import "$TMP/after.csv" --now "2026-12-02 18:00" >"$TMP/imp3.out" || fail "third import"
cat "$TMP/imp1.out" "$TMP/imp2.out" "$TMP/imp3.out"
[ "$(cat "$TMP/imp1.out" "$TMP/imp2.out" | grep -c '; 3 relances planned')" = 1 ] \
    || fail "one of the two imports plans the 3 relances: $(cat "$TMP/imp1.out" "$TMP/imp2.out")"
grep -q "relances\{0,1\} planned" "$TMP/imp3.out" && fail "the third import planned relances again"
[ "$(q "select count(*) from outbox where offset_s = -1")" = 3 ] \
    || fail "relance rows: $(q "select appt_id, state from outbox where offset_s = -1")"
for r in R1 R2 R3; do
	[ "$(relance $r)" = planned ] || fail "$r: relance '$(relance $r)'"
done
for r in R4 R5 R6 L1; do
	[ -z "$(relance $r)" ] || fail "$r (venu, relances off, STOP, landline) has a relance: $(relance $r)"
done
[ "$(q "select group_concat(distinct due_at) from outbox where offset_s = -1")" = "$(epoch "2026-12-02 18:00")" ] \
    || fail "relances not due at the import: $(q "select due_at from outbox where offset_s = -1")"

echo "== a new appointment for R2's number cancels its relance =="
printf 'rdv_id;date;heure;msd;telephone\nN2;2026-12-09;10:00;chambery;06 12 34 56 02\n' >"$TMP/new.csv"
daemon import "$TMP/new.csv" --now "2026-12-02 18:05" >/dev/null || fail "import N2"

echo "== one daemon sends them; a second one is refused; SIGKILL, restart: nothing again =="
"$D" -c "$CONF" run --now "2026-12-02 18:30" 2>>"$TMP/daemon.err" &
DAEMON_PID=$!
i=0
until [ "$(q "select count(*) from outbox where offset_s = -1 and state = 'sent'")" = 2 ]; do
	i=$((i + 1))
	[ $i -gt 300 ] && fail "relances not sent: $(q "select appt_id, state, reason from outbox where offset_s = -1"); $(tail -5 "$TMP/daemon.err")"
	sleep 0.1
done
if daemon run --once --now "2026-12-02 18:30"; then
	fail "a second daemon ran on the same database"
fi
kill -KILL "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
daemon run --once --now "2026-12-02 18:40" || fail "run after the SIGKILL"
daemon import "$TMP/after.csv" --now "2026-12-02 18:45" >/dev/null || fail "import again"
daemon run --once --now "2026-12-02 18:50" || fail "run after the import"
[ "$(gw_count)" = 8 ] || fail "$(gw_count) requests, expected 6 reminders and 2 relances"
for n in +33612345601 +33612345603; do
	[ "$(sms_to $n)" = 2 ] || fail "$n got $(sms_to $n) SMS, expected the reminder and one relance"
done
[ "$(sms_to +33612345602)" = 1 ] || fail "R2's number got a relance despite its new appointment"
[ "$(relance R2)" = cancelled ] || fail "R2: $(relance R2)"
q "select o.reason from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = 'R2' and o.offset_s = -1" |
    grep -qx "a newer appointment was imported for the same number" || fail "R2's reason (from the planner)"
text=$(gw_py "[r['form']['text'] for r in reqs if r['form']['to'] == '+33612345601'][-1]")
[ "$text" = "Vous n'avez pas pu venir au rendez-vous du mercredi 2 décembre à 10 h 30. Appelez le 04 79 00 00 00 pour en prendre un autre." ] \
    || fail "relance text: $text"
grep -q "relance [0-9]* sent to +33 6•• •• •• 01" "$TMP/daemon.err" || fail "no log line for the relance"

echo "== expiry, quiet hours, venu after absent, a newer appointment already there =="
gw_stop
DB=$TMP/b.db
cat >"$CONF" <<EOF
[database]
path = $DB
[gateway]
type = file
path = $TMP/b.sms
[reminders]
offsets = 24h
relance_within = 3d
EOF
cat >"$TMP/b.csv" <<'EOF'
rdv_id;date;heure;msd;telephone
E1;2026-12-02;10:00;chambery;06 12 34 56 11
E2;2026-12-02;10:00;chambery;06 12 34 56 12
E3;2026-12-02;10:00;chambery;06 12 34 56 13
E4;2026-12-02;10:00;chambery;06 12 34 56 14
F4;2026-12-10;10:00;chambery;06 12 34 56 14
EOF
daemon import "$TMP/b.csv" --now "2026-12-01 09:00" >/dev/null || fail "import b"
absent() {	# rdv_id, now, [statut]
	printf 'rdv_id;date;heure;msd;telephone;statut\n%s;2026-12-02;10:00;chambery;%s;%s\n' \
	    "$1" "$(q "select phone from appointment where rdv_id = '$1'")" "${3:-absent}" >"$TMP/one.csv"
	daemon import "$TMP/one.csv" --now "$2" >/dev/null || fail "import $1 $3"
}
state_reason() { q "select o.state || ': ' || coalesce(o.reason, '') from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = '$1' and o.offset_s = -1"; }
# Saturday noon: more than 3 days after Wednesday 10:00.
absent E1 "2026-12-05 12:00"
state_reason E1 | grep -q "^expired: too late: more than relance_within" || fail "E1: $(state_reason E1)"
# 21:00 is in quiet hours: due at 08:30 the next morning.
absent E2 "2026-12-02 21:00"
[ "$(q "select o.due_at from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = 'E2' and o.offset_s = -1")" = "$(epoch "2026-12-03 08:30")" ] \
    || fail "E2 not due at 08:30: $(state_reason E2)"
absent E3 "2026-12-02 21:00"
absent E3 "2026-12-03 08:00" venu
state_reason E3 | grep -q "^cancelled: the agenda now says the person came" || fail "E3: $(state_reason E3)"
absent E4 "2026-12-02 21:00"
[ -z "$(state_reason E4)" ] || fail "E4 has an appointment on 10 December: $(state_reason E4)"
# Nobody ran the daemon until Saturday 11:00: E2's relance is too late.
daemon run --once --now "2026-12-05 11:00" || fail "run b"
state_reason E2 | grep -q "^expired: too late: more than relance_within" || fail "E2: $(state_reason E2)"
[ ! -s "$TMP/b.sms" ] || fail "something was sent: $(cat "$TMP/b.sms")"
check_no_secrets 612345601 612345603
echo PASS
