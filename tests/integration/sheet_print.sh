#!/bin/sh
# `msd-kiosk sheet --print` against a real CUPS scheduler started here:
# a private cupsd on 127.0.0.1:PORT whose printer "testpdf" has a file:
# device, so that what would go to paper lands in a file.  The job must
# arrive and be the very PDF (cmp).  Then what staff see when printing
# cannot work: unknown printer, no scheduler, lp missing, a printer that
# refuses jobs: exit 1, a message in plain French that says what to do
# and where the PDF is, and the PDF written all the same.
set -u
K=$BIN/msd-kiosk
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

for tool in cupsd lpadmin lp lpstat cupsreject cupsaccept python3 pdfinfo; do
	command -v $tool >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
	command -v $tool >/dev/null 2>&1 || {
		echo "$tool is missing (make deps: cups cups-client cups-bsd)"
		exit 77
	}
done
LP_DIR=$(dirname "$(command -v lp)")

# ---------------------------------------------------------------- pack
# Hand-made, so that this test depends on the printing side only.
PACK=$TMP/pack.db
V=$(sed -n 's/^#define PACK_SCHEMA_VERSION //p' "$ROOT/kiosk/content/pack.h")
sqlite3 "$PACK" <"$ROOT/schema/content.sql" && sqlite3 "$PACK" "
PRAGMA user_version = $V;
INSERT INTO meta VALUES ('version', '3'), ('built_at', '2026-11-28 10:00');
INSERT INTO picto VALUES ('emploi', 61617, 'une mallette'),
    ('telephone', 61589, 'un téléphone');
INSERT INTO msd VALUES ('chambery', 1, 'Maison sociale du bassin chambérien',
    'Le bassin chambérien.', NULL, '04 79 00 00 00', NULL, 'test');
INSERT INTO theme VALUES ('emploi', 1, 'Trouver un travail', 'emploi',
    'Des aides pour trouver un travail.');
INSERT INTO offer VALUES ('essai', 'emploi', 1, 'Une offre pour essayer',
    'Une phrase qui dit ce que c''est.', 'Tout le monde.', 'C''est gratuit.',
    'Parlez-en à votre référent.', 'France Travail, téléphone 39 49.',
    'https://www.francetravail.fr', 'emploi', '2026-11-28', 'test', NULL);
INSERT INTO offer_msd VALUES ('essai', 'chambery');
" || { echo "FAIL: cannot make the test pack"; exit 1; }

# ---------------------------------------------------------------- cupsd
. "$ROOT/tests/helpers/cupslib.sh"
cups_start
cups_add_printer

# ---------------------------------------------------------------- success
PDF=$TMP/sheet.pdf
"$K" sheet --content "$PACK" --msd chambery -o "$PDF" --print \
    --printer testpdf >"$TMP/ok.out" 2>"$TMP/ok.err"
rc=$?
cat "$TMP/ok.out" "$TMP/ok.err"
[ $rc -eq 0 ] || fail "print to testpdf: exit $rc"
grep -qE "^Feuille envoyée à l'imprimante testpdf \(travail testpdf-[0-9]+\)$" \
    "$TMP/ok.out" || fail "print to testpdf: unexpected message"
if wait_printed "$OUT" "$(stat -c %s "$PDF")"; then
	cmp "$OUT" "$PDF" && echo "ok: the printer's device received the PDF, byte for byte"
	cmp -s "$OUT" "$PDF" || fail "what the printer received is not the PDF"
else
	tail -30 "$C/log/error_log"
	fail "nothing arrived at the printer's device $OUT"
fi

# The default printer, when --printer is not given: named in the message.
lpadmin -h "$H" -d testpdf
cups_new_output
"$K" sheet --content "$PACK" --msd chambery --theme emploi -o "$TMP/theme.pdf" \
    --print >"$TMP/ok.out" 2>&1 || fail "print to the default printer: exit $?"
cat "$TMP/ok.out"
grep -q "imprimante testpdf (travail testpdf-" "$TMP/ok.out" ||
    fail "default printer: the message does not name testpdf"
wait_printed "$OUT" "$(stat -c %s "$TMP/theme.pdf")" && cmp -s "$OUT" "$TMP/theme.pdf" ||
    fail "default printer: the job is not the theme PDF"

# ---------------------------------------------------------------- failures
# cannot NAME WORDS ARGS...: exit 1, "Impression impossible", the words,
# the PDF's path in the message, and the PDF written (a real PDF).
cannot() {
	name=$1 words=$2
	shift 2
	pdf=$TMP/$(echo "$name" | tr " ," "--").pdf
	rm -f "$pdf"
	"$@" --content "$PACK" --msd chambery -o "$pdf" >"$TMP/f.out" 2>"$TMP/f.err"
	rc=$?
	[ $rc -eq 1 ] || fail "$name: exit $rc, expected 1"
	grep -qF "Impression impossible : " "$TMP/f.err" ||
	    fail "$name: no 'Impression impossible' in: $(cat "$TMP/f.err")"
	grep -qF "$words" "$TMP/f.err" ||
	    fail "$name: the message does not say '$words': $(cat "$TMP/f.err")"
	grep -qF "Le fichier PDF est enregistré ici : $pdf" "$TMP/f.err" ||
	    fail "$name: the message does not say where the PDF is"
	pdfinfo "$pdf" >/dev/null 2>&1 || fail "$name: the PDF was not kept"
	echo "ok: $name -> $(cat "$TMP/f.err")"
}

cannot "unknown printer" "l'imprimante « pas-d-imprimante » n'existe pas" \
    "$K" sheet --print --printer pas-d-imprimante

cupsreject -h "$H" testpdf
cannot "printer refusing jobs" "refuse les impressions" \
    "$K" sheet --print --printer testpdf
cupsaccept -h "$H" testpdf

cannot "no scheduler" "le service d'impression CUPS ne fonctionne pas" \
    env CUPS_SERVER=127.0.0.1:$CLOSED "$K" sheet --print --printer testpdf
cannot "no scheduler, default printer" \
    "le service d'impression CUPS ne fonctionne pas" \
    env CUPS_SERVER=127.0.0.1:$CLOSED "$K" sheet --print

mkdir -p "$TMP/nolp"
cannot "lp missing" "la commande d'impression lp n'est pas installée" \
    env PATH="$TMP/nolp" "$K" sheet --print --printer testpdf

# lp really was found before: the failures above are not a PATH problem.
[ -x "$LP_DIR/lp" ] || fail "lp vanished"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all printing checks passed"
