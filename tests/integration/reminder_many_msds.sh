#!/bin/sh
# A config of 100 MSDs (the status table had room for 64, on the stack):
# import, run, status, report and report --csv show every one of them.
set -u
cd "$TMP" || exit 1
D=$BIN/msd-reminderd
fail() { echo "FAIL: $*" >&2; exit 1; }

{
	printf '[database]\npath = %s/r.db\n[gateway]\ntype = file\npath = %s/sms.txt\nrate = 0\n' "$TMP" "$TMP"
	printf '[reminders]\noffsets = 24h\n'
	i=0
	while [ $i -lt 100 ]; do
		printf '[msd.site-%03d]\nname = Maison sociale numéro %d\nphone = 04 79 00 %02d %02d\n' \
		    $i $i $((i / 10)) $((i % 10))
		i=$((i + 1))
	done
} > many.ini
{
	echo "rdv_id;date;heure;msd;telephone;lieu;statut;sms"
	i=0
	while [ $i -lt 100 ]; do
		# Every MSD: one mobile (sent), and every third a landline (to call).
		printf 'M%03d;2026-12-02;09:%02d;site-%03d;06 12 34 %02d %02d;;prévu;\n' \
		    $i $((i % 60)) $i $((i / 10)) $((i % 10))
		[ $((i % 3)) = 0 ] && printf 'L%03d;2026-12-02;10:00;site-%03d;04 79 11 %02d %02d;;prévu;\n' \
		    $i $i $((i / 10)) $((i % 10))
		i=$((i + 1))
	done
} > rdv.csv

"$D" -c many.ini import rdv.csv --now "2026-11-30 10:00" > out.txt 2> err.txt \
    || fail "import: $(cat err.txt)"
"$D" -c many.ini run --once --now "2026-12-01 10:00" 2> err.txt || fail "run: $(cat err.txt)"
[ "$(grep -c '^--- SMS #' sms.txt)" = 100 ] || fail "expected 100 SMS, got $(grep -c '^--- SMS #' sms.txt)"

"$D" -c many.ini status --now "2026-12-01 10:05" > st.txt 2> err.txt || fail "status: $(cat err.txt)"
# 107 MSD rows: the seven of Savoie and the hundred.
[ "$(grep -c '^site-[0-9][0-9][0-9] ' st.txt)" = 100 ] || fail "status rows: $(cat st.txt)"
grep -q '^site-099 *0 *0 *0 *1 ' st.txt || fail "status of site-099: $(grep site-099 st.txt)"
grep -q '^total *0 *0 *0 *100 ' st.txt || fail "status total: $(grep total st.txt)"

"$D" -c many.ini report > rep.txt 2> err.txt || fail "report: $(cat err.txt)"
[ "$(grep -c '^site-[0-9][0-9][0-9] ' rep.txt)" = 100 ] || fail "report rows: $(head rep.txt)"
"$D" -c many.ini report --stats-csv > stats.csv 2> err.txt || fail "report --stats-csv: $(cat err.txt)"
[ "$(grep -c '^site-' stats.csv)" = 100 ] || fail "stats rows"
"$D" -c many.ini report --csv > call.csv 2> err.txt || fail "report --csv: $(cat err.txt)"
[ "$(grep -c '^site-' call.csv)" = 34 ] || fail "to call: $(grep -c '^site-' call.csv), expected 34"
echo PASS
