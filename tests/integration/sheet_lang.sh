#!/bin/sh
# `msd-kiosk sheet --lang LANG` (issue 16): for English, Arabic and
# Ukrainian, the sheet of the MSD with the most offers and one poster,
# from the real content pack, read back against the French ones
# (tests/helpers/sheet_lang_check.py): every QR code decodes to the French
# payloads, tesseract reads the translated title and summary, and in
# Arabic the text is right-aligned, the codes on the mirrored side and
# not mirrored themselves.  The checker is shown to fail on a French
# poster checked as Arabic.  `--lang de` exits 2 naming the languages.
set -u
K=$BIN/msd-kiosk
CHECK="python3 $ROOT/tests/helpers/sheet_lang_check.py"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for tool in pdftoppm zbarimg tesseract sqlite3 python3; do
	command -v $tool >/dev/null 2>&1 || {
		echo "$tool is missing (make deps)"
		exit 77
	}
done
for l in eng ara ukr; do
	tesseract --list-langs 2>/dev/null | grep -qx $l || {
		echo "tesseract has no '$l' (make deps: tesseract-ocr-$l)"
		exit 77
	}
done
export SOURCE_DATE_EPOCH=1795867200

PACK=$TMP/pack.db
"$K" content build "$ROOT/assets/content" -o "$PACK" --no-audio \
    --pictos "$ROOT/assets/content/pictos.csv" >"$TMP/build.log" 2>&1 || {
	cat "$TMP/build.log"
	echo "FAIL: content build assets/content"
	exit 1
}
q() { sqlite3 "$PACK" "$1"; }
MSD=$(q "SELECT msd_code FROM offer_msd GROUP BY msd_code
    ORDER BY count(*) DESC, msd_code LIMIT 1")
# A poster whose title and summary are translated in the three languages.
OFFER=$(q "SELECT o.id FROM offer o JOIN offer_msd m ON m.offer_id = o.id
    WHERE m.msd_code = '$MSD' AND (SELECT count(*) FROM translation t
    WHERE t.lang IN ('en', 'ar', 'uk') AND t.key IN ('offre.' || o.id ||
    '.titre', 'offre.' || o.id || '.resume')) = 6 ORDER BY o.id LIMIT 1")
[ -n "$MSD" ] && [ -n "$OFFER" ] || {
	echo "FAIL: no MSD, or no offer translated in en, ar and uk"
	exit 1
}
echo "MSD $MSD, poster $OFFER"

O=$TMP/out
mkdir -p "$O"
"$K" sheet --content "$PACK" --msd "$MSD" -o "$O/sheet-fr.pdf" >/dev/null &&
"$K" sheet --content "$PACK" --msd "$MSD" --offer "$OFFER" \
    -o "$O/poster-fr.pdf" >/dev/null || { echo "FAIL: the French sheet"; exit 1; }
for l in en ar uk; do
	rtl=0
	[ $l = ar ] && rtl=1
	"$K" sheet --content "$PACK" --msd "$MSD" --lang $l \
	    -o "$O/sheet-$l.pdf" >/dev/null &&
	"$K" sheet --content "$PACK" --msd "$MSD" --offer "$OFFER" --lang $l \
	    -o "$O/poster-$l.pdf" >/dev/null || {
		fail "sheet --lang $l: exit $?"
		continue
	}
	$CHECK "$PACK" $l $rtl "$MSD" "$OFFER" "$O/sheet-$l.pdf" \
	    "$O/poster-$l.pdf" "$O/sheet-fr.pdf" "$O/poster-fr.pdf" \
	    "$TMP/work-$l" || fail "the $l sheet and poster"
done

# The check can fail: the French poster checked as an Arabic one (text
# left, code left) must not pass.
if $CHECK "$PACK" fr 1 "$MSD" "$OFFER" "$O/sheet-fr.pdf" "$O/poster-fr.pdf" \
    "$O/sheet-fr.pdf" "$O/poster-fr.pdf" "$TMP/work-planted" \
    >"$TMP/planted.log" 2>&1; then
	fail "the French sheet passed as a right-to-left one"
else
	grep -q "first line of ink .*right aligned expected" "$TMP/planted.log" &&
	    grep -q "QR code of .* is on the" "$TMP/planted.log" ||
	    fail "the French sheet as Arabic fails for another reason: $(cat "$TMP/planted.log")"
	echo "ok: the French sheet checked as Arabic fails: $(grep -c FAIL "$TMP/planted.log") faults"
fi

# An unknown language: exit 2, the languages named, no file.
"$K" sheet --content "$PACK" --msd "$MSD" --lang de -o "$O/de.pdf" \
    >"$TMP/de.out" 2>"$TMP/de.err"
rc=$?
[ $rc = 2 ] || fail "--lang de: exit $rc, expected 2"
for l in fr en ar uk; do
	grep -q "$l (" "$TMP/de.err" || fail "--lang de: '$l' not named: $(cat "$TMP/de.err")"
done
[ -e "$O/de.pdf" ] && fail "--lang de left $O/de.pdf"
echo "ok: --lang de -> $(cat "$TMP/de.err")"

[ $fails = 0 ] || exit 1
echo "sheets in en, ar, uk read back; the check fails on a planted fault"
