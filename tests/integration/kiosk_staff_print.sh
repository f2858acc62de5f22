#!/bin/sh
# The staff menu's printing, in the kiosk itself (frames built with
# --screenshot and --tap, the same code as on screen), against a real
# CUPS scheduler started here (as in sheet_print.sh: a private cupsd on
# 127.0.0.1 whose printer "testpdf" writes its jobs to a file).  Checked:
#  - the theme list of an MSD shows the themes that have offers there;
#    a touch on one prints that theme's sheet: the job arrives and its
#    text is exactly that of `msd-kiosk sheet --theme` (that theme's
#    offers, not the others'); the screen says what was sent to which
#    printer (and the log the same), no PDF is left behind;
#  - "Imprimer la feuille des offres" prints the whole MSD's sheet;
#  - CUPS not running: the screen says so, names the theme and where the
#    PDF is kept (and it is there, a real PDF), no overflow;
#  - no sanitizer report.
set -u
K=$BIN/msd-kiosk
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

for tool in cupsd lpadmin lp lpstat python3 pdfinfo pdftotext; do
	command -v $tool >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
	command -v $tool >/dev/null 2>&1 || {
		echo "$tool is missing (make deps: cups cups-client cups-bsd poppler-utils)"
		exit 77
	}
done
unset DISPLAY WAYLAND_DISPLAY

PACK=$TMP/pack.db
"$K" content build "$ROOT/tests/fixtures/content-ok" -o "$PACK" \
    --pictos "$ROOT/assets/content/pictos.csv" >"$TMP/build.log" 2>&1 ||
	{ cat "$TMP/build.log"; echo "FAIL: cannot build the fixture pack"; exit 1; }
# An MSD with offers in two themes: printing one must not print the other.
MSD=aix THEME=mobilite OTHER=emploi
mine=$(sqlite3 "$PACK" "SELECT title FROM offer o JOIN offer_msd m ON m.offer_id = o.id
    WHERE m.msd_code = '$MSD' AND o.theme = '$THEME' LIMIT 1")
other=$(sqlite3 "$PACK" "SELECT title FROM offer o JOIN offer_msd m ON m.offer_id = o.id
    WHERE m.msd_code = '$MSD' AND o.theme = '$OTHER' LIMIT 1")
[ -n "$mine" ] && [ -n "$other" ] || { echo "FAIL: the fixture changed: no offers of $THEME and $OTHER at $MSD"; exit 1; }

# ---------------------------------------------------------------- cupsd
. "$ROOT/tests/helpers/cupslib.sh"
cups_start
cups_add_printer


# kiosk NAME PAGE TAP_ID: the kiosk on PAGE, a tap in the middle of the
# button TAP_ID (from the layout report of the same frame), the result
# as $TMP/NAME.png, .txt (layout report), .log; the PDFs go to $TMP/spool.
mkdir -p "$TMP/spool"
kiosk() {
	"$K" --content "$PACK" --msd $MSD --windowed 1280x800 --dpi 96 \
	    --page "$2" --screenshot "$TMP/$1-0.png" --layout-report "$TMP/$1-0.txt" \
	    >/dev/null 2>&1 || fail "$1: --page $2: exit $?"
	set -- "$1" "$2" $(grep "^button $3 " "$TMP/$1-0.txt" | cut -d' ' -f3-6)
	[ $# = 6 ] || { fail "$1: no button on $2: $(cat "$TMP/$1-0.txt")"; return; }
	TMPDIR=$TMP/spool "$K" --content "$PACK" --msd $MSD --windowed 1280x800 \
	    --dpi 96 --page "$2" --tap $(($3 + $5 / 2)),$(($4 + $6 / 2)) \
	    --screenshot "$TMP/$1.png" --layout-report "$TMP/$1.txt" \
	    --state-file "$TMP/$1.state" >"$TMP/$1.log" 2>&1 ||
		fail "$1: exit $?: $(cat "$TMP/$1.log")"
	if grep -E 'AddressSanitizer|runtime error' "$TMP/$1.log"; then
		fail "$1: sanitizer report"
	fi
	! grep 'overflow=1' "$TMP/$1.txt" || fail "$1: the screen overflows"
}

# ---------------------------------------------------------------- one theme
lpadmin -h "$H" -d testpdf
kiosk theme staff-themes "staff-themes:$THEME"
grep -q "^button staff-themes:$OTHER " "$TMP/theme-0.txt" ||
	fail "the theme list has no $OTHER"
[ "$(head -1 "$TMP/theme.state")" = staff-themes ] ||
	fail "printing left the theme list: $(head -1 "$TMP/theme.state")"
grep -q '^text staff-themes:msg ' "$TMP/theme.txt" || fail "no message on screen"
grep -qE "staff sheet $MSD/$THEME: Feuille envoyée à l'imprimante testpdf \(travail testpdf-[0-9]+\)" \
    "$TMP/theme.log" || fail "theme: the log says: $(cat "$TMP/theme.log")"
"$K" sheet --content "$PACK" --msd $MSD --theme $THEME -o "$TMP/ref.pdf" \
    >/dev/null 2>&1 || fail "sheet --theme $THEME"
if wait_printed "$OUT" "$(stat -c %s "$TMP/ref.pdf")"; then
	pdftotext "$OUT" "$TMP/got.txt" && pdftotext "$TMP/ref.pdf" "$TMP/ref.txt"
	cmp -s "$TMP/got.txt" "$TMP/ref.txt" ||
		fail "the printed sheet is not that of sheet --theme $THEME"
	grep -qF "$mine" "$TMP/got.txt" || fail "the printed sheet lacks '$mine'"
	! grep -qF "$other" "$TMP/got.txt" ||
		fail "the sheet of $THEME printed '$other' ($OTHER)"
else
	tail -30 "$C/log/error_log"
	fail "nothing arrived at the printer's device $OUT"
fi
[ -z "$(ls "$TMP/spool")" ] || fail "PDF left behind after printing: $(ls "$TMP/spool")"

# ---------------------------------------------------------------- the whole MSD
cups_new_output
kiosk all staff staff:sheet
grep -qE "staff sheet $MSD: Feuille envoyée à l'imprimante testpdf" "$TMP/all.log" ||
	fail "whole sheet: the log says: $(cat "$TMP/all.log")"
if wait_printed "$OUT" 1000; then
	pdftotext "$OUT" "$TMP/all.txt"
	grep -qF "$mine" "$TMP/all.txt" && grep -qF "$other" "$TMP/all.txt" ||
		fail "the whole sheet lacks an offer: $(cat "$TMP/all.txt")"
else
	fail "the whole sheet never arrived"
fi

# ---------------------------------------------------------------- no CUPS
rm -rf "$TMP/spool"/*
export CUPS_SERVER=127.0.0.1:$CLOSED
kiosk nocups staff-themes "staff-themes:$THEME"
grep -q "staff sheet $MSD/$THEME: Impression impossible : le service d'impression CUPS ne fonctionne pas" \
    "$TMP/nocups.log" || fail "no CUPS: the log says: $(cat "$TMP/nocups.log")"
kept=$(ls "$TMP/spool"/*.pdf 2>/dev/null | head -1)
[ -n "$kept" ] && pdfinfo "$kept" >/dev/null 2>&1 || fail "no CUPS: the PDF was not kept"
[ -n "$kept" ] && grep -qF "Le fichier PDF est enregistré ici : $kept" "$TMP/nocups.log" ||
	fail "no CUPS: the message does not say where the PDF is"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "staff printing checks passed"
