#!/bin/sh
# `msd-kiosk sheet` writes real PDFs that people can use: for several MSDs,
# one theme and one poster, the pages are rendered (pdftoppm, 150 dpi) and
# read back: every QR code decodes to exactly the offers of that MSD, each
# at least 25 mm (60 mm on the poster), each on the page of its title and
# summary; pdftotext finds the titles, the header, the page numbers and
# the footer; pdffonts shows every font embedded.  tests/helpers/
# sheet_check.py does the reading.  Then bad input: exit 2, a message that
# names the bad value, and no file at -o (an old one stays as it was).
set -u
K=$BIN/msd-kiosk
CHECK="python3 $ROOT/tests/helpers/sheet_check.py"
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

for tool in pdftoppm pdftotext pdffonts pdfinfo zbarimg sqlite3 python3; do
	command -v $tool >/dev/null 2>&1 || {
		echo "$tool is missing (make deps)"
		exit 77
	}
done

# A fixed day, so that the header's date can be checked:
# 2026-11-28 12:00 UTC.
export SOURCE_DATE_EPOCH=1795867200
TODAY="28 novembre 2026"

# The pack: the real content when it lints clean, else the fixture.
PICTOS=$ROOT/assets/content/pictos.csv
SRC=$ROOT/assets/content
if ! "$K" content lint "$SRC" --pictos "$PICTOS" >"$TMP/lint.log" 2>&1; then
	echo "assets/content does not lint clean: using tests/fixtures/content-ok"
	SRC=$ROOT/tests/fixtures/content-ok
fi
PACK=$TMP/pack.db
"$K" content build "$SRC" -o "$PACK" --pictos "$PICTOS" --no-audio >"$TMP/build.log" 2>&1 || {
	cat "$TMP/build.log"
	echo "FAIL: content build $SRC"
	exit 1
}
q() { sqlite3 "$PACK" "$1"; }

# Three MSDs: the one with the most offers, the one with the fewest, and
# one in between.
set -- $(q "SELECT msd_code FROM offer_msd GROUP BY msd_code
    ORDER BY count(*) DESC, msd_code")
[ $# -ge 1 ] || { echo "FAIL: no offer in any MSD in the pack"; exit 1; }
eval "LAST=\${$#}"
MID=$(q "SELECT msd_code FROM offer_msd GROUP BY msd_code
    ORDER BY count(*) DESC, msd_code LIMIT 1 OFFSET $(( $# / 2 ))")
MSDS=$(printf '%s\n' "$1" "$MID" "$LAST" | awk '!seen[$0]++')
BIG=$1

mkdir -p "$TMP/out"
for m in $MSDS; do
	pdf=$TMP/out/sheet-$m.pdf
	"$K" sheet --content "$PACK" --msd "$m" -o "$pdf" ||
	    { fail "sheet --msd $m: exit $?"; continue; }
	$CHECK "$PACK" "$pdf" "$m" - - 25 "$TMP/work-$m" "$TODAY" ||
	    fail "sheet of $m"
done

# One theme: the one with the most offers at the biggest MSD.
THEME=$(q "SELECT o.theme FROM offer o JOIN offer_msd m ON m.offer_id = o.id
    WHERE m.msd_code = '$BIG' GROUP BY o.theme ORDER BY count(*) DESC,
    o.theme LIMIT 1")
pdf=$TMP/out/theme-$THEME.pdf
if "$K" sheet --content "$PACK" --msd "$BIG" --theme "$THEME" -o "$pdf"; then
	$CHECK "$PACK" "$pdf" "$BIG" "$THEME" - 25 "$TMP/work-theme" "$TODAY" ||
	    fail "theme sheet $THEME at $BIG"
	# Only that theme: no other theme's title in the text.
	other=$(q "SELECT title FROM theme WHERE id <> '$THEME' LIMIT 1")
	pdftotext "$pdf" - | grep -qF "$other" &&
	    fail "theme sheet $THEME shows the theme '$other'"
else
	fail "sheet --theme $THEME: exit $?"
fi

# One poster: the offer with the longest text at the biggest MSD (the
# hardest to fit on one page).
OFFER=$(q "SELECT o.id FROM offer o JOIN offer_msd m ON m.offer_id = o.id
    WHERE m.msd_code = '$BIG' ORDER BY length(coalesce(o.body, '')) +
    length(o.for_whom) + length(o.how) + length(o.title) DESC, o.id LIMIT 1")
pdf=$TMP/out/poster-$OFFER.pdf
if "$K" sheet --content "$PACK" --msd "$BIG" --offer "$OFFER" -o "$pdf"; then
	$CHECK "$PACK" "$pdf" "$BIG" - "$OFFER" 60 "$TMP/work-poster" "$TODAY" ||
	    fail "poster $OFFER"
	[ "$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')" = 1 ] ||
	    fail "poster $OFFER is not one page"
else
	fail "sheet --offer $OFFER: exit $?"
fi

echo "PDF sizes:"
ls -l "$TMP"/out/*.pdf | awk '{ printf "  %7d bytes  %s\n", $5, $NF }'

# ---------------------------------------------------------------- bad input
# bad NAME EXPECTED_WORD ARGS...: exit 2, the message names EXPECTED_WORD,
# no file at -o and no temporary file left beside it.
BAD=$TMP/bad
mkdir -p "$BAD"
bad() {
	name=$1 word=$2
	shift 2
	rm -f "$BAD"/*
	"$K" sheet "$@" >"$TMP/bad.out" 2>"$TMP/bad.err"
	rc=$?
	[ $rc -eq 2 ] || fail "$name: exit $rc, expected 2"
	grep -qF -- "$word" "$TMP/bad.err" ||
	    fail "$name: the message does not name '$word': $(cat "$TMP/bad.err")"
	[ -z "$(ls -A "$BAD")" ] || fail "$name: left $(ls -A "$BAD")"
	echo "ok: $name -> $(head -1 "$TMP/bad.err")"
}
P="--content $PACK"
bad "unknown MSD" "nulle-part" $P --msd nulle-part -o "$BAD/x.pdf"
grep -qF "$BIG" "$TMP/bad.err" || fail "unknown MSD: the valid codes are not listed"
bad "unknown theme" "pas-un-theme" $P --msd "$BIG" --theme pas-un-theme -o "$BAD/x.pdf"
grep -qF "$THEME" "$TMP/bad.err" || fail "unknown theme: the themes are not listed"
bad "unknown offer" "pas-une-offre" $P --msd "$BIG" --offer pas-une-offre -o "$BAD/x.pdf"
bad "theme and offer" "--theme" $P --msd "$BIG" --theme "$THEME" --offer "$OFFER" -o "$BAD/x.pdf"
bad "no -o" "-o" $P --msd "$BIG"
bad "no --msd" "--msd" $P -o "$BAD/x.pdf"
bad "--msd without its value" "--msd" $P --msd -o "$BAD/x.pdf"
bad "unknown option" "--colour" $P --msd "$BIG" --colour -o "$BAD/x.pdf"
bad "directory that does not exist" "$BAD/nowhere/x.pdf" $P --msd "$BIG" -o "$BAD/nowhere/x.pdf"
mkdir "$TMP/adir"
bad "output is a directory" "$TMP/adir" $P --msd "$BIG" -o "$TMP/adir"
[ -z "$(ls -A "$TMP/adir")" ] || fail "output is a directory: wrote $(ls -A "$TMP/adir")"
# An offer that exists but not at this MSD, when the pack has one.
ELSEWHERE=$(q "SELECT id FROM offer WHERE id NOT IN (SELECT offer_id FROM
    offer_msd WHERE msd_code = '$LAST') LIMIT 1")
[ -n "$ELSEWHERE" ] &&
    bad "offer not at this MSD" "$ELSEWHERE" $P --msd "$LAST" --offer "$ELSEWHERE" -o "$BAD/x.pdf"

# A failed run leaves the previous sheet as it was (atomic replace).
good=$TMP/out/sheet-$BIG.pdf
cp "$good" "$TMP/before.pdf"
"$K" sheet $P --msd "$BIG" --theme pas-un-theme -o "$good" 2>/dev/null
[ $? -eq 2 ] || fail "bad theme over an existing file: exit not 2"
cmp -s "$good" "$TMP/before.pdf" || fail "a failed run changed the existing PDF"
[ -z "$(ls "$TMP/out" | grep '\.tmp')" ] || fail "temporary file left: $(ls "$TMP/out")"

# A pack that cannot be read: exit 1 (not the operator's typing).
printf 'not a pack' >"$TMP/bad.db"
"$K" sheet --content "$TMP/bad.db" --msd "$BIG" -o "$BAD/x.pdf" 2>"$TMP/bad.err"
rc=$?
[ $rc -eq 1 ] || fail "unreadable pack: exit $rc, expected 1"
[ ! -e "$BAD/x.pdf" ] || fail "unreadable pack: a PDF was written"
echo "ok: unreadable pack -> $(head -1 "$TMP/bad.err")"

# --content comes from the config ([kiosk] content) when not given.
printf '[kiosk]\ncontent = %s\n' "$PACK" >"$TMP/kiosk.ini"
"$K" -c "$TMP/kiosk.ini" sheet --msd "$BIG" --theme "$THEME" -o "$TMP/out/from-config.pdf" ||
    fail "sheet with the pack from the config: exit $?"
cmp -s "$TMP/out/from-config.pdf" "$TMP/out/theme-$THEME.pdf" ||
    fail "the pack from the config gives another PDF"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all sheet checks passed"
