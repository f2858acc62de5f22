#!/bin/sh
# The daemon's import on real files: good ones in every French-spreadsheet
# form, bad ones each rejected with FILE:LINE and the database unchanged.
set -eu
. "$ROOT/tests/helpers/importlib.sh"
import_conf - <<INI
[msd.chambery]
name = Maison sociale du bassin chambérien
phone = 04 79 00 00 00
INI
fail() { echo "FAIL: $*"; exit 1; }	# set -e: the first failure ends the test
dump() { sqlite3 r.db "SELECT * FROM appointment ORDER BY id; SELECT * FROM outbox ORDER BY id;" | md5sum; }

# 1. UTF-8 with BOM, ';', every way of writing dates, times and numbers.
printf '\357\273\277' > good.csv
cat >> good.csv <<CSV
RDV_ID;Date;Heure;MSD;Téléphone;Lieu;Statut;SMS
G1;2026-12-03;14:30;chambery;06 12 34 56 78;Bureau 3;prévu;oui
G2;03/12/2026;14h30;chambery;+33 (0)7 81 22 33 44;"Salle ""Dent du Chat""; 2e";Prévu;
G3;4/12/2026;9h;aix;0033 6 98 76 54 32;;;
G4;04/12/2026;9 h 15;tarentaise;04 79 00 00 01;Accueil;;
G5;05/12/2026;10h;maurienne;+41 79 123 45 67;Modane;;non
G6;05/12/2026;11h;combe;0645678901;;annulé;
CSV
"$D" -c r.ini import good.csv --now "$NOW" > out.txt || fail "good.csv refused: $(cat out.txt)"
grep -q "6 rows: 5 new, 0 changed, 1 cancelled" out.txt || fail "summary: $(cat out.txt)"
grep -q "1 with no mobile number, 1 refused SMS" out.txt || fail "summary counts: $(cat out.txt)"
[ "$(stat -c %a r.db)" = 600 ] || fail "database mode is $(stat -c %a r.db), not 600"
[ "$(sqlite3 r.db "SELECT place FROM appointment WHERE rdv_id='G2'")" = 'Salle "Dent du Chat"; 2e' ] || fail "quoted cell"
[ "$(sqlite3 r.db "SELECT phone FROM appointment WHERE rdv_id='G2'")" = "+33781223344" ] || fail "G2 phone"
[ "$(sqlite3 r.db "SELECT phone_kind FROM appointment WHERE rdv_id='G4'")" = landline ] || fail "G4 landline"
[ "$(sqlite3 r.db "SELECT phone FROM appointment WHERE rdv_id='G5'")" = "+41791234567" ] || fail "G5 kept as given"

# 2. Re-import: nothing changes.
before=$(dump)
"$D" -c r.ini import good.csv --now "$NOW" > out.txt
grep -q "0 new, 0 changed, 0 cancelled, 6 unchanged" out.txt || fail "re-import: $(cat out.txt)"
[ "$(dump)" = "$before" ] || fail "re-import changed the database"

# 3. Windows-1252, ',' separated (French Excel, older versions).
python3 - <<PY
open("cp1252.csv", "wb").write("rdv_id,date,heure,msd,telephone,lieu\r\nW1,07/12/2026,10h,chambery,06 11 22 33 44,Salle Émile Zola à côté\r\n".encode("cp1252"))
PY
"$D" -c r.ini import cp1252.csv --now "$NOW" > out.txt || fail "cp1252 refused"
[ "$(sqlite3 r.db "SELECT place FROM appointment WHERE rdv_id='W1'")" = "Salle Émile Zola à côté" ] || fail "cp1252 accents"

# 4. Bad files: each rejected (exit 2) with its line, the database unchanged.
before=$(dump)
bad() {  # name, expected text in stderr, content ("-": NAME.csv is written)
	[ "$3" = - ] || printf '%s' "$3" > "$1.csv"
	set +e
	"$D" -c r.ini import "$1.csv" --now "$NOW" > /dev/null 2> err.txt
	rc=$?
	set -e
	[ $rc -eq 2 ] || fail "$1: exit $rc, expected 2"
	grep -qF -- "$2" err.txt || fail "$1: expected '$2' in: $(cat err.txt)"
	[ "$(dump)" = "$before" ] || fail "$1 changed the database"
}
H='rdv_id;date;heure;msd;telephone'
bad date "date.csv:3: date '31/11/2026'" "$H
B1;01/12/2026;10h;chambery;0612345678
B2;31/11/2026;10h;chambery;0612345678
"
bad time "time.csv:2: heure '25h'" "$H
B1;01/12/2026;25h;chambery;0612345678
"
bad msd "msd.csv:2: msd 'lyon'" "$H
B1;01/12/2026;10h;lyon;0612345678
"
bad phone "phone.csv:2: telephone:" "$H
B1;01/12/2026;10h;chambery;06 12 34
"
bad dup "dup.csv:3: rdv_id 'B1' of MSD chambery is already on line 2" "$H
B1;01/12/2026;10h;chambery;0612345678
B1;02/12/2026;10h;chambery;0612345678
"
bad column "column.csv:1: no 'telephone' column" "rdv_id;date;heure;msd
B1;01/12/2026;10h;chambery
"
bad quote "quote.csv:3:" "$H
B1;01/12/2026;10h;chambery;0612345678
B2;01/12/2026;10h;\"chambery;0612345678
"
bad statut "statut.csv:2: statut 'peut-être'" "$H;statut
B1;01/12/2026;10h;chambery;0612345678;peut-être
"
bad sms "sms.csv:2: sms 'bof'" "$H;sms
B1;01/12/2026;10h;chambery;0612345678;bof
"
bad empty "empty.csv: the file is empty" ""
printf 'rdv_id;date\0\1\2\3garbage' > bin.csv
bad bin "bin.csv: contains a NUL byte" -
# Several bad rows: every one reported, nothing imported.
bad many "many.csv: 3 bad rows: nothing imported" "$H
B1;01/12/2026;10h;chambery;0612345678
B2;32/12/2026;10h;chambery;0612345678
B3;02/12/2026;10h;nowhere;0612345678
B4;02/12/2026;10h;chambery;0612345678
B5;02/12/2026;10h;chambery;12
"
grep -q "many.csv:3:" err.txt && grep -q "many.csv:4:" err.txt && grep -q "many.csv:6:" err.txt \
	|| fail "not every bad row reported: $(cat err.txt)"
# Rows spanning lines keep their real line number.
bad multiline "multiline.csv:4: date" "$H;lieu
B1;01/12/2026;10h;chambery;0612345678;\"Bâtiment A
2e étage\"
B2;xx;10h;chambery;0612345678;ici
"
# A missing file or a broken config: clear messages.
set +e
"$D" -c r.ini import nosuch.csv 2> err.txt; rc=$?
[ $rc -eq 2 ] && grep -q "cannot read nosuch.csv" err.txt || fail "missing file: $rc $(cat err.txt)"
printf '[reminders]\nquiet_hours = 8h-20h-\n' > broken.ini
"$D" -c broken.ini import good.csv 2> err.txt; rc=$?
[ $rc -eq 2 ] && grep -q "broken.ini:2: \[reminders\] quiet_hours" err.txt || fail "broken config: $rc $(cat err.txt)"
printf 'offsets = 48h\n' > broken2.ini
"$D" -c broken2.ini status 2> err.txt; rc=$?
[ $rc -eq 2 ] && grep -q "broken2.ini:1: 'offsets' comes before any \[section\]" err.txt || fail "no section: $(cat err.txt)"
"$D" -c nosuch.ini status 2> err.txt; rc=$?
[ $rc -eq 2 ] && grep -q "cannot read config nosuch.ini" err.txt || fail "missing config: $(cat err.txt)"
set -e

# 5. Sending: never to a landline, to nobody who refused, not for a cancelled
#    appointment; numbers never in the log.
"$D" -c r.ini run --once --now "2026-12-02 15:00" 2> log.txt
grep -q "+33 6•• •• •• 78" sms.txt || fail "G1 not sent"
if grep -E "0612345678|612345678|79 00 00 01|123 45 67|1234567" log.txt sms.txt; then fail "a number in clear"; fi
[ "$(sqlite3 r.db "SELECT count(*) FROM outbox o JOIN appointment a ON a.id=o.appt_id WHERE a.rdv_id IN ('G4','G5','G6')")" = 0 ] \
	|| fail "reminders planned for a landline, a refusal or a cancellation"

# 6. report --csv: French spreadsheet CSV listing the landline to call.
"$D" -c r.ini report --csv > rep.csv
head -c 3 rep.csv | od -An -tx1 | grep -q "ef bb bf" || fail "no BOM"
grep -q "^tarentaise;G4;04/12/2026;09:15;04 79 00 00 01;pas de numéro de portable" rep.csv || fail "report csv: $(cat rep.csv)"
"$D" -c r.ini report --from 2026-12-01 --to 31/12/2026 > rep.txt
grep -q "^chambery" rep.txt || fail "report: $(cat rep.txt)"
"$D" -c r.ini report --stats-csv > stats.csv
head -c 3 stats.csv | od -An -tx1 | grep -q "ef bb bf" || fail "stats: no BOM"
grep -q "msd;mois;rendez_vous;part_sans_portable_pct" stats.csv || fail "stats header: $(head -1 stats.csv)"
# tarentaise: 1 appointment (G4), a landline: 100 % without a mobile.
grep -q "^tarentaise;2026-12;1;100,0;0,0;" stats.csv || fail "stats row: $(cat stats.csv)"
"$D" -c r.ini status --now "2026-12-05 09:30" > st.txt
grep -q "^total" st.txt || fail "status"

# 7. STOP: the number's pending reminders are cancelled.
"$D" -c r.ini optout "07 81 22 33 44" > out.txt
grep -q "on the STOP list" out.txt || fail "optout: $(cat out.txt)"
set +e; "$D" -c r.ini optout "hello" 2>/dev/null; rc=$?; set -e
[ $rc -eq 2 ] || fail "optout of garbage: exit $rc"
# 8. The example config of dist/ is valid as shipped (database path aside).
sed "s|^path = /var/lib/msd-reminderd/reminders.db|path = $TMP/dist.db|" "$ROOT/dist/reminderd.ini" > dist.ini
"$D" -c dist.ini status > /dev/null || fail "dist/reminderd.ini does not load"
echo "all import checks passed"
