#!/bin/sh
# Every CSV the project writes neutralises formula-looking cells (OWASP CSV
# injection): a cell starting with =, +, -, @ gets a leading ', so that a
# spreadsheet shows it as text instead of running it.  Checked on what the
# two programs write: `msd-reminderd report --csv` and `msd-kiosk stats
# export` (the daily upload writes the same CSV).
set -u
export TZ=Europe/Paris
. "$ROOT/tests/helpers/importlib.sh"

# 1. report --csv: agenda ids and foreign numbers come from the import.
import_conf
cat > in.csv <<'CSV'
rdv_id;date;heure;msd;telephone
=1+2;03/12/2026;10h;chambery;04 79 00 00 01
@SUM(A1);03/12/2026;11h;chambery;04 79 00 00 02
"=HYPERLINK(""http://x.example/"";""clic"")";03/12/2026;12h;chambery;04 79 00 00 03
-2+3;03/12/2026;13h;chambery;04 79 00 00 04
-12;03/12/2026;14h;chambery;04 79 00 00 05
P1;03/12/2026;15h;chambery;+41 22 123 45 67
CSV
"$D" -c r.ini import in.csv --now "$NOW" > out.txt 2>&1 \
	|| { echo "FAIL: import: $(cat out.txt)"; exit 1; }
"$D" -c r.ini report --csv > rep.csv 2> err.txt || fail "report --csv: $(cat err.txt)"
expect() {  # file, exact line (without CRLF)
	grep -qxF -- "$2$(printf '\r')" "$1" || fail "$1: no line '$2' in: $(cat "$1")"
}
expect rep.csv "chambery;'=1+2;03/12/2026;10:00;04 79 00 00 01;pas de numéro de portable"
expect rep.csv "chambery;'@SUM(A1);03/12/2026;11:00;04 79 00 00 02;pas de numéro de portable"
expect rep.csv "chambery;\"'=HYPERLINK(\"\"http://x.example/\"\";\"\"clic\"\")\";03/12/2026;12:00;04 79 00 00 03;pas de numéro de portable"
expect rep.csv "chambery;'-2+3;03/12/2026;13:00;04 79 00 00 04;pas de numéro de portable"
# A plain negative number cannot be a formula: it stays a number.
expect rep.csv "chambery;-12;03/12/2026;14:00;04 79 00 00 05;pas de numéro de portable"
expect rep.csv "chambery;P1;03/12/2026;15:00;'+41221234567;pas de numéro de portable"
# Nothing else anywhere starts a cell with a formula character.
if tr -d '\r' < rep.csv | tr ';' '\n' | grep -vx -- -12 | grep -q '^[=+@-]'; then
	fail "report --csv: a cell still starts like a formula: $(cat rep.csv)"
fi

# 2. msd-kiosk stats export: the counted elements come from the content.
cat > kiosk.ini <<INI
[kiosk]
msd = chambery
[stats]
path = $TMP/stats.db
INI
DAY=$(date -d "-3 days" +%F)
# (An element starting with - would be taken for an option by stats record.)
for what in '=1+2' '+33612345678' '@SUM(A1)' '=HYPERLINK("http://x.example/";"clic")'; do
	"$BIN/msd-kiosk" -c kiosk.ini stats record --day "$DAY" page "$what" \
		|| fail "stats record '$what'"
done
"$BIN/msd-kiosk" -c kiosk.ini stats export -o st.csv > out.txt 2> err.txt || fail "stats export: $(cat err.txt)"
expect st.csv "$DAY;page;'=1+2;1"
expect st.csv "$DAY;page;'+33612345678;1"
expect st.csv "$DAY;page;'@SUM(A1);1"
expect st.csv "$DAY;page;\"'=HYPERLINK(\"\"http://x.example/\"\";\"\"clic\"\")\";1"

end_checks
echo "no CSV cell starts like a formula"
