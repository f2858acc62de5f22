#!/bin/sh
# `msd-kiosk stats merge DIR -o ALL.csv` on a folder laid out as the web
# server keeps the uploads (DIR/KIOSK/YYYY-MM-DD.csv, made here with
# `stats export`, as each PUT's body is): one CSV with the kiosk first,
# byte for byte; a cell a spreadsheet would run is neutralised once, not
# twice; a day re-saved by a spreadsheet (Windows-1252, ',') still reads;
# --from/--to; what is not a kiosk's day is left out and named; a file
# that is not a kiosk's upload stops the merge with FILE:LINE and writes
# nothing (an older output stays as it was).  The chain through a real
# web server is stats_dav.sh.
set -u
export TZ=Europe/Paris
K=$BIN/msd-kiosk
S=$TMP/srv

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# day KIOSK DAY: DIR/KIOSK/DAY.csv from a kiosk database of its own.
mkday() {
	mkdir -p "$S/$1"
	"$K" -c "$TMP/$1.ini" stats export --from "$2" --to "$2" -o "$S/$1/$2.csv" >/dev/null ||
	    fail "export $1 $2"
}
for k in chambery aix; do
	printf '[kiosk]\nmsd = %s\n[stats]\npath = %s/%s.db\n' "$k" "$TMP" "$k" >"$TMP/$k.ini"
done
rec() {
	k=$1; shift
	"$K" -c "$TMP/$k.ini" stats record "$@" || fail "record $*"
}
rec chambery --day 2026-11-30 page home
rec chambery --day 2026-11-30 page home
rec chambery --day 2026-11-30 offre "+remise"
rec chambery --day 2026-12-01 page "été"
rec chambery --day 2026-12-01 reponse "satisfaction=content"
rec aix --day 2026-12-01 qr_code "@moi"
mkday chambery 2026-11-30
mkday chambery 2026-12-01
mkday aix 2026-12-01
grep -q "'@moi" "$S/aix/2026-12-01.csv" || fail "the export did not neutralise @moi"

# What the server may hold beside the days.
echo "collected by nginx" >"$S/README"
echo "x" >"$S/chambery/notes.txt"
cp "$S/chambery/2026-11-30.csv" "$S/chambery/2026-13-40.csv"
mkdir -p "$S/.DAV" "$S/bad name" "$S/aix/.DAV"
echo "x" >"$S/chambery/.davfs.tmp1234"
ln -s "$S/chambery/2026-11-30.csv" "$S/aix/2026-11-29.csv"

echo "== every kiosk's days, one CSV =="
"$K" stats merge "$S" -o "$TMP/all.csv" >"$TMP/out" 2>"$TMP/err" || fail "merge: $(cat "$TMP/err")"
grep -q "^5 rows from 3 days of 2 kiosks written to $TMP/all.csv$" "$TMP/out" || fail "merge: $(cat "$TMP/out")"
printf '\357\273\277borne;jour;type;element;nombre\r
aix;2026-12-01;qr_code;'"'"'@moi;1\r
chambery;2026-11-30;offre;'"'"'+remise;1\r
chambery;2026-11-30;page;home;2\r
chambery;2026-12-01;page;été;1\r
chambery;2026-12-01;reponse;satisfaction=content;1\r
' >"$TMP/want.csv"
cmp "$TMP/want.csv" "$TMP/all.csv" ||
    fail "merge: $(od -c "$TMP/all.csv" | head -20)"
# The others are named, the hidden ones (the server's) are not.
for p in "$S/README" "$S/chambery/notes.txt" "$S/chambery/2026-13-40.csv" \
    "$S/bad name" "$S/aix/2026-11-29.csv"; do
	grep -qF "$p: " "$TMP/err" || fail "not said left out: $p ($(cat "$TMP/err"))"
done
grep -q "DAV\|davfs" "$TMP/err" && fail "hidden entries named: $(cat "$TMP/err")"
[ "$(grep -c 'left out$' "$TMP/err")" = 5 ] || fail "notes: $(cat "$TMP/err")"

echo "== --from / --to, both date forms =="
"$K" stats merge "$S" --from 01/12/2026 --to 2026-12-01 -o "$TMP/d1.csv" >"$TMP/out" 2>/dev/null ||
    fail "merge --from"
grep -q "^3 rows from 2 days of 2 kiosks" "$TMP/out" || fail "--from: $(cat "$TMP/out")"
grep -q "2026-11-30" "$TMP/d1.csv" && fail "--from kept 2026-11-30"
"$K" stats merge "$S" --to 2026-11-30 -o "$TMP/d0.csv" >"$TMP/out" 2>/dev/null || fail "merge --to"
grep -q "^2 rows from 1 day of 1 kiosk " "$TMP/out" || fail "--to: $(cat "$TMP/out")"

echo "== a day re-saved by a spreadsheet (Windows-1252, ',') =="
rm -f "$S/chambery/2026-13-40.csv"
printf 'jour,type,element,nombre\r\n2026-12-02,page,\351t\351,3\r\n' >"$S/chambery/2026-12-02.csv"
"$K" stats merge "$S" --from 2026-12-02 -o "$TMP/w.csv" >/dev/null 2>&1 || fail "Windows-1252 day refused"
grep -q "^chambery;2026-12-02;page;été;3" "$TMP/w.csv" || fail "Windows-1252: $(cat "$TMP/w.csv")"

echo "== not a kiosk's upload: FILE:LINE, exit 2, nothing written =="
cp "$TMP/all.csv" "$TMP/keep.csv"
bad() {
	printf "$2" >"$S/chambery/2026-12-03.csv"
	"$K" stats merge "$S" -o "$TMP/keep.csv" >/dev/null 2>"$TMP/err"
	rc=$?
	[ $rc = 2 ] || fail "$1: exit $rc"
	grep -q "$S/chambery/2026-12-03.csv:$3" "$TMP/err" || fail "$1: $(cat "$TMP/err")"
	cmp -s "$TMP/all.csv" "$TMP/keep.csv" || fail "$1: the old output was changed"
	ls "$TMP" | grep -q "keep.csv.tmp" && fail "$1: a temporary file is left"
}
bad "another day inside" 'jour;type;element;nombre\r\n2026-12-03;page;home;1\r\n2026-12-04;page;home;1\r\n' "3: jour '2026-12-04'"
bad "a count that is not one" 'jour;type;element;nombre\r\n2026-12-03;page;home;beaucoup\r\n' "2: nombre 'beaucoup'"
bad "a zero count" 'jour;type;element;nombre\r\n2026-12-03;page;home;0\r\n' "2: nombre '0'"
bad "a missing column" 'jour;type;nombre\r\n2026-12-03;page;1\r\n' "1: no column 'element'"
rm -f "$S/chambery/2026-12-03.csv"

echo "== bad usage =="
mkdir -p "$TMP/empty"
"$K" stats merge "$TMP/empty" -o "$TMP/e.csv" >/dev/null 2>"$TMP/err"
[ $? = 2 ] && grep -q "holds no KIOSK/YYYY-MM-DD.csv" "$TMP/err" || fail "empty folder: $(cat "$TMP/err")"
[ -e "$TMP/e.csv" ] && fail "empty folder: a file was written"
"$K" stats merge "$TMP/none" -o "$TMP/e.csv" >/dev/null 2>"$TMP/err"
[ $? = 2 ] && grep -q "cannot read the folder $TMP/none" "$TMP/err" || fail "no folder: $(cat "$TMP/err")"
"$K" stats merge "$S" >/dev/null 2>&1; [ $? = 2 ] || fail "no -o"
"$K" stats merge -o "$TMP/x.csv" >/dev/null 2>&1; [ $? = 2 ] || fail "no DIR"
"$K" stats merge "$S" "$S" -o "$TMP/x.csv" >/dev/null 2>&1; [ $? = 2 ] || fail "two DIRs"
"$K" stats merge "$S" --from demain -o "$TMP/x.csv" >/dev/null 2>&1; [ $? = 2 ] || fail "bad --from"
"$K" stats merge "$S" --from 2026-12-02 --to 2026-12-01 -o "$TMP/x.csv" >/dev/null 2>&1; [ $? = 2 ] || fail "from after to"
"$K" stats merge "$S" -o "$TMP/nodir/x.csv" >/dev/null 2>&1; [ $? = 2 ] || fail "unwritable output"
echo "stats merge: ok"
