#!/bin/sh
# The kiosk in English, Arabic and Ukrainian, on the real content of
# assets/content (its translations in traductions/LANG/):
#  - every page but the offers (home, rights and each rights page, offers
#    and each theme, the questionnaire) and one offer per theme (every
#    offer with LANG_ALL_OFFERS=1: `make languages-all`), in each
#    language, at 1920x1080, 1080x1920 (96 dpi) and 1280x800 (150 dpi),
#    with --lang: the state file says the language, the layout report
#    has no overflow, and the top bar's buttons do not overlap;
#  - Arabic is mirrored: Retour sits at the right, the page's texts end
#    at the right edge where the French ones start at the left (the same
#    boxes, x' = W - x - w);
#  - OCR (tesseract, with the language's data) of a sample of pages in
#    each language finds most words of the page's translated source, in
#    Arabic script for Arabic and Cyrillic for Ukrainian: real letters in
#    order, not boxes;
#  - bidi: on the Arabic emergency page, OCR reads the Latin and number
#    runs inside Arabic sentences in their own order ("France Travail",
#    "39 49"-style numbers: each number as written in the source);
#  - --large-text: the same pages at the three sizes without overflow,
#    text at 1.5 times, and the offer's QR code still decodes to its
#    payload at the same size;
#  - lint: a French text edited after its translation makes W-STALE in
#    each language; a translation emptied is counted by W-UNTRANSLATED;
#    F1 (sentence length) and F6 (semicolons, the Arabic one too) hold in
#    every language, F5 (French dates and times) in French only;
#  - --lang of a language the pack lacks exits 2 and says which it has.
set -u
. "$ROOT/tests/helpers/packlib.sh"

command -v tesseract >/dev/null || { echo "tesseract missing (tesseract-ocr)"; exit 77; }
command -v zbarimg >/dev/null || { echo "zbarimg missing (zbar-tools)"; exit 77; }
for l in fra eng ara ukr; do
	tesseract --list-langs 2>/dev/null | grep -qx $l ||
		{ echo "tesseract data $l missing (tesseract-ocr-$l)"; exit 77; }
done
unset DISPLAY WAYLAND_DISPLAY
SRC=$ROOT/assets/content
PACK=$TMP/pack.db
"$K" content build "$SRC" -o "$PACK" --no-audio >"$TMP/build.out" 2>&1 ||
	{ cat "$TMP/build.out"; echo "FAIL: content build"; exit 1; }
MSD=chambery
mkdir -p "$TMP/s"

# The release binary beside BIN (make test builds it) for the hundreds of
# screenshots of every page: the sanitized one takes four times as long,
# and draws the pages checked below (mirror, OCR, bidi, large text).
KSHOT=$K
[ -x "$BIN/../msd-kiosk" ] && [ "${SHOTS_SANITIZED:-0}" != 1 ] &&
	KSHOT=$BIN/../msd-kiosk

# shot NAME SIZE DPI PAGE LANG [ARGS...]   (KS: the binary, $K by default)
shot() {
	_n=$1 _size=$2 _dpi=$3 _pg=$4 _lang=$5
	shift 5
	_out=$TMP/s/$_n
	if ! "${KS:-$K}" --content "$PACK" --msd $MSD --windowed "$_size" --dpi "$_dpi" \
	    --page "$_pg" --lang "$_lang" --screenshot "$_out.png" \
	    --layout-report "$_out.txt" --state-file "$_out.st" "$@" \
	    >"$_out.log" 2>&1; then
		fail "$_n: exit $?: $(cat "$_out.log")"
		return 1
	fi
	grep -qx "lang=$_lang" "$_out.st" || fail "$_n: state says $(grep lang= "$_out.st")"
	if grep -q 'overflow=1' "$_out.txt"; then
		fail "$_n: overflow:"
		grep 'overflow=1' "$_out.txt" | head -5 | sed 's/^/      /'
	fi
	# The bar's buttons side by side, none over another (a long
	# language name on a 10" panel).
	grep '^button bar:' "$_out.txt" | sort -n -k3 | awk -v n="$_n" '
	    prev != "" && $3 < end { print n ": " $2 " overlaps " prev; bad = 1 }
	    { if ($3 + $5 > end) { end = $3 + $5; prev = $2 } }
	    END { exit bad }' || fail "$_n: bar buttons overlap"
	return 0
}

PAGES="home rights offers feedback"
PAGES="$PAGES $(sqlite3 "$PACK" "SELECT 'rights:' || id FROM page ORDER BY position")"
PAGES="$PAGES $(sqlite3 "$PACK" "SELECT 'offers:' || id FROM theme ORDER BY position")"
# One offer per theme (every offer page has the same layout); every offer
# with LANG_ALL_OFFERS=1 (`make languages-all`).
if [ "${LANG_ALL_OFFERS:-0}" = 1 ]; then
	PAGES="$PAGES $(sqlite3 "$PACK" "SELECT 'offer:' || o.id FROM offer o
	    JOIN offer_msd m ON m.offer_id = o.id AND m.msd_code = '$MSD'")"
else
	PAGES="$PAGES $(sqlite3 "$PACK" "SELECT 'offer:' || MIN(o.id) FROM offer o
	    JOIN offer_msd m ON m.offer_id = o.id AND m.msd_code = '$MSD' GROUP BY o.theme")"
fi
nshots=0
KS=$KSHOT
for lang in en ar uk; do
	for sz in "1920x1080 96" "1080x1920 96" "1280x800 150"; do
		set -- $sz
		for pg in $PAGES; do
			shot "$lang-$1-$(echo "$pg" | tr ':' '_')" $1 $2 "$pg" $lang
			nshots=$((nshots + 1))
		done
	done
done
KS=$K
echo "$nshots screenshots in 3 languages ($KSHOT)"

# ---- Arabic is mirrored: the same boxes as in French, x' = W - x - w
# (the bar's buttons aside: their neighbours' words differ in width).
for pg in home rights:vos-droits offer:mission-locale; do
	f=$(echo "$pg" | tr ':' '_')
	shot "fr-$f" 1920x1080 96 "$pg" fr
	[ -f "$TMP/s/ar-1920x1080-$f.txt" ] || shot "ar-1920x1080-$f" 1920x1080 96 "$pg" ar
	awk -v W=1920 'NR == FNR { if ($1 == "button" || $1 == "text" ||
	    $1 == "qr") fr[$1 " " $2] = $3 " " $5; next }
	    ($1 == "button" || $1 == "text") && ($1 " " $2) in fr &&
	    $2 !~ /^bar:/ {
		split(fr[$1 " " $2], a, " ")
		if ($5 == a[2] && $3 != W - a[1] - a[2]) {
			print "not mirrored: " $0 " (French x " a[1] ")"; bad++ }
		n++ }
	    END { if (n == 0) print "no box to compare"; exit bad > 0 || n == 0 }' \
	    "$TMP/s/fr-$f.txt" "$TMP/s/ar-1920x1080-$f.txt" ||
		fail "Arabic $pg is not the mirror of French"
done
set -- $(grep '^button bar:back ' "$TMP/s/ar-1920x1080-rights_vos-droits.txt" | cut -d' ' -f3-6)
[ $# = 4 ] && [ $(($1 + $3)) -gt 1700 ] || fail "Arabic Retour not at the right: $*"
set -- $(grep '^button bar:back ' "$TMP/s/fr-rights_vos-droits.txt" | cut -d' ' -f3-6)
[ $# = 4 ] && [ "$1" -lt 200 ] || fail "French Retour not at the left: $*"

# ---- OCR: most words of the source, in the right script.
# ocr_match NAME TESSLANG SOURCE_FILE: words of the source found on screen.
ocr_match() {
	tesseract "$TMP/s/$1.png" "$TMP/s/$1.ocr" -l "$2" >/dev/null 2>&1
	python3 - "$TMP/s/$1.ocr.txt" "$3" "$1" <<'EOF'
import re, sys, unicodedata
def words(t):
    t = unicodedata.normalize("NFKC", t)
    t = re.sub(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640\u200e\u200f]", "", t)
    return [w.lower() for w in re.findall(r"\w{3,}", t)]
ocr = set(words(open(sys.argv[1], encoding="utf-8").read()))
src = open(sys.argv[2], encoding="utf-8").read()
body = src.split("\n\n", 1)[1] if "\n\n" in src else src
# The first screenful: what a 1920x1080 frame shows of the page.
want = words(body)[:60]
got = [w for w in want if w in ocr]
ratio = len(got) / max(1, len(want))
print("%s: %d of %d source words read back (%.0f %%)" % (sys.argv[3],
      len(got), len(want), 100 * ratio))
sys.exit(0 if ratio >= 0.6 else 1)
EOF
}
for pair in "en eng" "ar ara" "uk ukr"; do
	set -- $pair
	for p in 02-vos-droits 03-vos-devoirs 09-en-cas-d-urgence; do
		id=${p#*-}
		ocr_match "$1-1920x1080-rights_$id" "$2" \
		    "$SRC/traductions/$1/pages/$p.txt" ||
			fail "OCR of $1 rights:$id does not match its source"
	done
done
# In the right script: Arabic letters in Arabic, Cyrillic in Ukrainian.
# script FILE FIRST LAST: 1 if FILE holds letters in [FIRST, LAST].
script() {
	python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read()
sys.exit(0 if sum(int(sys.argv[2], 16) <= ord(c) <= int(sys.argv[3], 16)
    for c in t) >= 20 else 1)' "$@"
}
script "$TMP/s/ar-1920x1080-rights_vos-droits.ocr.txt" 0621 064A ||
	fail "no Arabic letters read on the Arabic page"
script "$TMP/s/uk-1920x1080-rights_vos-droits.ocr.txt" 0430 045F ||
	fail "no Cyrillic letters read on the Ukrainian page"

# ---- bidi: Latin names and numbers keep their order inside Arabic.
AR=$TMP/s/ar-1920x1080-rights_en-cas-d-urgence.ocr.txt
for run in 112 115 119; do
	grep -q "$run" "$AR" || fail "bidi: '$run' not read on the Arabic emergency page"
done
shot ar-bidi 1920x1080 96 offer:mission-locale ar
tesseract "$TMP/s/ar-bidi.png" "$TMP/s/ar-bidi" -l ara+fra >/dev/null 2>&1
grep -q 'mission locale' "$TMP/s/ar-bidi.txt" ||
	fail "bidi: 'mission locale' not read in order inside Arabic: $(head -5 "$TMP/s/ar-bidi.txt")"
grep -q 'Aix-les-Bains' "$TMP/s/ar-bidi.txt" ||
	fail "bidi: 'Aix-les-Bains' not read in order inside Arabic"

# ---- text plus grand: no overflow, larger text, the QR code unchanged.
OFFER=offer:mission-locale
PAYLOAD=$(sqlite3 "$PACK" "SELECT qr FROM offer WHERE id = 'mission-locale'")
for sz in "1920x1080 96" "1080x1920 96" "1280x800 150"; do
	set -- $sz
	for pg in home rights:vos-droits offers $OFFER; do
		f=$(echo "$pg" | tr ':' '_')
		shot "large-$1-$f" $1 $2 "$pg" fr --large-text
	done
	shot "normal-$1-offer" $1 $2 $OFFER fr
	grep -qx 'large=1' "$TMP/s/large-$1-$(echo $OFFER | tr ':' '_').st" ||
		fail "$1: --large-text not in the state file"
	q1=$(grep '^qr ' "$TMP/s/normal-$1-offer.txt" | cut -d' ' -f5,6)
	q2=$(grep '^qr ' "$TMP/s/large-$1-$(echo $OFFER | tr ':' '_').txt" | cut -d' ' -f5,6)
	[ -n "$q1" ] && [ "$q1" = "$q2" ] || fail "$1: QR size $q1 became $q2 with large text"
	got=$(zbarimg -q --raw "$TMP/s/large-$1-$(echo $OFFER | tr ':' '_').png" 2>/dev/null)
	[ "$got" = "$PAYLOAD" ] || fail "$1: large text QR reads '$got', not '$PAYLOAD'"
	# The page title, 1.5 times as tall.
	h1=$(grep '^text page.title ' "$TMP/s/normal-$1-offer.txt" | cut -d' ' -f6)
	h2=$(grep '^text page.title ' "$TMP/s/large-$1-$(echo $OFFER | tr ':' '_').txt" | cut -d' ' -f6)
	if [ -n "$h1" ] && [ -n "$h2" ]; then
		[ $((h2 * 10)) -ge $((h1 * 13)) ] || fail "$1: large title $h2 px vs $h1 px"
	fi
done

# ---- lint: stale and missing translations.
cp -r "$SRC" "$TMP/src"
python3 - "$TMP/src" <<'EOF'
import csv, io, sys
d = sys.argv[1]

def edit(path, change):
    """The CSV at path, each row given to change, written back."""
    p = d + "/" + path
    rows = list(csv.reader(open(p, encoding="utf-8", newline=""),
                           delimiter=";"))
    for i, r in enumerate(rows):
        change(i, r)
    b = io.StringIO()
    csv.writer(b, delimiter=";", lineterminator="\n").writerows(rows)
    open(p, "w", encoding="utf-8", newline="").write(b.getvalue())

def cells(texts):
    """A change that puts texts[key] in the `texte` cell of the key's row."""
    def change(i, r):
        if r[0] in texts:
            r[2] = texts[r[0]]
    return change

def first_title(i, r):
    if i == 1:                             # the first theme's title
        r[1] = r[1] + " vite"
edit("themes.csv", first_title)
edit("traductions/en/textes.csv", cells({
    "theme.creer.resume": "",
    # F1 and F6 hold in every language; F5 (14h30) is a French rule.
    "theme.sante.resume": "One two three four five six seven eight nine ten "
                          "eleven twelve thirteen fourteen fifteen sixteen.",
    "theme.logement.resume": "Come at 14h30; bring your papers.",
}))
edit("traductions/ar/textes.csv", cells({
    "theme.emploi.resume": "تعال غدا؛ أحضر أوراقك.",
    "theme.sante.resume": "",
}))
EOF
FIRST=$(sed -n 2p "$SRC/themes.csv" | cut -d';' -f1)
"$K" content lint "$TMP/src" >"$TMP/lint.out" 2>&1
for lang in en ar uk; do
	grep -q "traductions/$lang/textes.csv:[0-9]*: W-STALE 'theme.$FIRST.titre'" "$TMP/lint.out" ||
		fail "lint: no W-STALE for theme.$FIRST.titre in $lang"
done
grep -q "traductions/en: W-UNTRANSLATED .*theme.\*.resume 1" "$TMP/lint.out" ||
	fail "lint: the emptied translation is not counted: $(grep 'en: W-UNTR' "$TMP/lint.out")"
grep -q "traductions/en/textes.csv:[0-9]*: F1 sentence has 16 words" "$TMP/lint.out" ||
	fail "lint: a 16-word English sentence is not F1"
grep -q "traductions/en/textes.csv:[0-9]*: F6 semicolon" "$TMP/lint.out" ||
	fail "lint: ';' in English is not F6"
grep -q "traductions/ar/textes.csv:[0-9]*: F6 semicolon" "$TMP/lint.out" ||
	fail "lint: the Arabic semicolon is not F6"
! grep -q "traductions/en/textes.csv:[0-9]*: F5" "$TMP/lint.out" ||
	fail "lint: F5, a French rule, applied to English"
[ "$("$K" content lint "$SRC" 2>&1 | grep -c ': F[0-9]')" = 0 ] ||
	fail "lint: the shipped translations break a FALC rule"

# ---- --lang of a language the pack lacks.
"$K" --content "$PACK" --windowed 1280x800 --lang de --screenshot "$TMP/de.png" \
    >/dev/null 2>"$TMP/de.err"
rc=$?
[ $rc = 2 ] || fail "--lang de: exit $rc"
grep -q "has: fr" "$TMP/de.err" || fail "--lang de: $(cat "$TMP/de.err")"

[ $failed = 0 ]
