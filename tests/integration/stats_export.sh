#!/bin/sh
# `msd-kiosk stats export` on a statistics database filled through the real
# binary (`stats record`, the maintenance/test aid): the CSV byte for byte
# (BOM, `;`, CRLF, French headers, quoting, accents), --from/--to in both
# date forms, nothing finer than a day, and every bad input: bad dates,
# from after to, an output that cannot be written (exit 2, no file), a
# database that is missing or not ours (exit 1, the old file untouched).
set -u
export TZ=Europe/Paris
K=$BIN/msd-kiosk
CONF=$TMP/kiosk.ini
DB=$TMP/var/stats.db

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

cat >"$CONF" <<EOF
[kiosk]
msd = chambery
[stats]
path = $DB
EOF

# Days relative to today: kept (keep_days = 730), and complete.
D1=$(date -d "-10 days" +%F)
D2=$(date -d "-9 days" +%F)
D3=$(date -d "-8 days" +%F)
D2FR=$(date -d "-9 days" +%d/%m/%Y)

rec() {
	"$K" -c "$CONF" stats record "$@" || fail "record $*"
}
rec --day "$D1" page home
rec --day "$D1" page home
rec --day "$D1" offre garage-solidaire
rec --day "$D1" qr_code garage-solidaire
rec --day "$D2FR" reponse satisfaction=content
rec --day "$D2" reponse satisfaction=content
rec --day "$D2" reponse freins=mobilite
rec --day "$D2" avis_commence ""
rec --day "$D2" avis_termine ""
rec --day "$D2" mot_explique 'dit "RSA"; vu'
rec --day "$D3" page "rights:vos-droits"
rec --day "$D3" fiche_imprimee chambery/emploi
rec --day "$D3" retour_accueil_auto "offer:garage-solidaire"
rec --day "$D3" page "été"

[ "$(stat -c %a "$DB")" = 600 ] || fail "database mode $(stat -c %a "$DB"), expected 600"

# Everything.
"$K" -c "$CONF" stats export -o "$TMP/all.csv" >"$TMP/out" 2>"$TMP/err" ||
    fail "export: $(cat "$TMP/err")"
grep -q "^12 rows written to $TMP/all.csv" "$TMP/out" || fail "summary: $(cat "$TMP/out")"
printf '\357\273\277jour;type;element;nombre\r
%s;offre;garage-solidaire;1\r
%s;page;home;2\r
%s;qr_code;garage-solidaire;1\r
%s;avis_commence;;1\r
%s;avis_termine;;1\r
%s;mot_explique;"dit ""RSA""; vu";1\r
%s;reponse;freins=mobilite;1\r
%s;reponse;satisfaction=content;2\r
%s;fiche_imprimee;chambery/emploi;1\r
%s;page;rights:vos-droits;1\r
%s;page;été;1\r
%s;retour_accueil_auto;offer:garage-solidaire;1\r
' "$D1" "$D1" "$D1" "$D2" "$D2" "$D2" "$D2" "$D2" "$D3" "$D3" "$D3" "$D3" \
    >"$TMP/want.csv"
cmp "$TMP/all.csv" "$TMP/want.csv" || {
	diff "$TMP/all.csv" "$TMP/want.csv" | cat -A
	fail "the CSV is not what was counted"
}
[ "$(stat -c %a "$TMP/all.csv")" = 644 ] || fail "export mode"

# As a spreadsheet reads it: 4 columns every row, the day alone.
python3 - "$TMP/all.csv" <<'PY' || fail "the CSV does not read back cleanly"
import csv, re, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF"
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""),
                       delimiter=";"))
assert rows[0] == ["jour", "type", "element", "nombre"], rows[0]
for r in rows[1:]:
    assert len(r) == 4, r
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", r[0]), r
    assert r[3].isdigit(), r
    # Nothing that looks like a time of day anywhere.
    assert not re.search(r"\d\d?[:h]\d\d", ";".join(r)), r
assert rows[6][1:] == ["mot_explique", 'dit "RSA"; vu', "1"], rows[6]
PY

# One day, the two date forms.
"$K" -c "$CONF" stats export --from "$D2FR" --to="$D2" -o "$TMP/d2.csv" \
    >/dev/null || fail "export one day"
[ "$(wc -l <"$TMP/d2.csv")" = 6 ] || fail "one day: $(cat "$TMP/d2.csv")"
[ "$(grep -c "^$D2;" "$TMP/d2.csv")" = 5 ] || fail "one day holds other days"
# Open ends.
"$K" -c "$CONF" stats export --from "$D3" -o "$TMP/d3.csv" >/dev/null || fail "from"
[ "$(grep -c "^$D3;" "$TMP/d3.csv")" = 4 ] && [ "$(wc -l <"$TMP/d3.csv")" = 5 ] ||
    fail "--from only: $(cat "$TMP/d3.csv")"
"$K" -c "$CONF" stats export --to "$D1" -o "$TMP/d1.csv" >/dev/null || fail "to"
[ "$(wc -l <"$TMP/d1.csv")" = 4 ] || fail "--to only: $(cat "$TMP/d1.csv")"
# A range with nothing: the header alone.
"$K" -c "$CONF" stats export --from 2001-01-01 --to 2001-12-31 -o "$TMP/none.csv" \
    >/dev/null || fail "empty range"
printf '\357\273\277jour;type;element;nombre\r\n' | cmp - "$TMP/none.csv" || fail "empty range CSV"

# expect_rc RC LABEL ARGS...: exit status and a message on stderr.
expect_rc() {
	want=$1 label=$2
	shift 2
	"$K" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ $rc = "$want" ] || fail "$label: exit $rc, expected $want ($(cat "$TMP/err"))"
	[ -s "$TMP/err" ] || fail "$label: no message"
}
expect_rc 2 "bad month" -c "$CONF" stats export --from 2026-13-01 -o "$TMP/x.csv"
grep -q "2026-13-01" "$TMP/err" || fail "the message does not name the bad date"
expect_rc 2 "31 April" -c "$CONF" stats export --to 31/04/2026 -o "$TMP/x.csv"
expect_rc 2 "a word" -c "$CONF" stats export --from demain -o "$TMP/x.csv"
expect_rc 2 "from after to" -c "$CONF" stats export --from "$D3" --to "$D1" -o "$TMP/x.csv"
expect_rc 2 "no -o" -c "$CONF" stats export
expect_rc 2 "-o without a value" -c "$CONF" stats export -o
expect_rc 2 "unknown option" -c "$CONF" stats export --csv -o "$TMP/x.csv"
expect_rc 2 "no subcommand" -c "$CONF" stats
expect_rc 2 "unknown subcommand" -c "$CONF" stats import x
expect_rc 2 "missing config" -c "$TMP/nope.ini" stats export -o "$TMP/x.csv"
[ -e "$TMP/x.csv" ] && fail "a file was written after bad usage"

# An output that cannot be written: exit 2, no file, no temporary.
expect_rc 2 "no such directory" -c "$CONF" stats export -o "$TMP/nodir/x.csv"
grep -q "$TMP/nodir/x.csv" "$TMP/err" || fail "the message does not name the output"
[ -e "$TMP/nodir" ] && fail "the output directory was created"
mkdir "$TMP/adir"
expect_rc 2 "a directory" -c "$CONF" stats export -o "$TMP/adir"
[ -z "$(ls "$TMP/adir")" ] || fail "something was left in the directory"
ls "$TMP" | grep -q '\.tmp\.' && fail "a temporary file was left: $(ls "$TMP")"

# A database that cannot be read: exit 1, says which, the old file stays.
printf 'old\n' >"$TMP/keep.csv"
printf '[stats]\npath = %s\n' "$TMP/var/missing.db" >"$TMP/missing.ini"
expect_rc 1 "missing database" -c "$TMP/missing.ini" stats export -o "$TMP/keep.csv"
grep -q "missing.db" "$TMP/err" || fail "the message does not name the database"
[ -e "$TMP/var/missing.db" ] && fail "export created the database"
for i in 1 2 3 4 5 6 7 8 9 10; do
	echo "not a database at all, just text"
done >"$TMP/var/junk.db"
printf '[stats]\npath = %s\n' "$TMP/var/junk.db" >"$TMP/junk.ini"
expect_rc 1 "not a database" -c "$TMP/junk.ini" stats export -o "$TMP/keep.csv"
[ "$(cat "$TMP/keep.csv")" = old ] || fail "a failed export touched the old file"
# A new output replaces an old one whole.
"$K" -c "$CONF" stats export -o "$TMP/keep.csv" >/dev/null || fail "replace"
cmp "$TMP/keep.csv" "$TMP/want.csv" || fail "replaced file"

# record refuses what it cannot count.
expect_rc 2 "record: bad type" -c "$CONF" stats record --day "$D1" visite home
expect_rc 2 "record: bad day" -c "$CONF" stats record --day 2026-02-30 page home
expect_rc 2 "record: answer without =" -c "$CONF" stats record --day "$D1" reponse satisfaction
expect_rc 2 "record: no day" -c "$CONF" stats record page home
"$K" -c "$CONF" stats export -o "$TMP/again.csv" >/dev/null || fail "export again"
cmp "$TMP/again.csv" "$TMP/want.csv" || fail "a refused record changed the counts"
echo "stats export: ok"
