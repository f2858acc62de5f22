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
    --pictos "$ROOT/assets/pictos.csv" >"$TMP/build.log" 2>&1 ||
	{ cat "$TMP/build.log"; echo "FAIL: cannot build the fixture pack"; exit 1; }
# An MSD with offers in two themes: printing one must not print the other.
MSD=aix THEME=mobilite OTHER=emploi
mine=$(sqlite3 "$PACK" "SELECT title FROM offer o JOIN offer_msd m ON m.offer_id = o.id
    WHERE m.msd_code = '$MSD' AND o.theme = '$THEME' LIMIT 1")
other=$(sqlite3 "$PACK" "SELECT title FROM offer o JOIN offer_msd m ON m.offer_id = o.id
    WHERE m.msd_code = '$MSD' AND o.theme = '$OTHER' LIMIT 1")
[ -n "$mine" ] && [ -n "$other" ] || { echo "FAIL: the fixture changed: no offers of $THEME and $OTHER at $MSD"; exit 1; }

# ---------------------------------------------------------------- cupsd
port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PORT=$(port)
CLOSED=$(port)		# nothing listens there
C=$TMP/cups
mkdir -p "$C/root" "$C/spool" "$C/cache" "$C/state" "$C/tmp" "$C/log"
# cupsd runs its filters as user lp: they must reach the spool files
# under $TMP (mktemp made it 0700).
chmod 711 "$TMP" "$C"
id lp >/dev/null 2>&1 || { echo "no user lp for cupsd's filters"; exit 77; }

cat >"$C/cupsd.conf" <<EOF
Listen 127.0.0.1:$PORT
LogLevel debug
Browsing Off
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
EOF
# FileDevice Yes allows file: device URIs (off by default).
cat >"$C/cups-files.conf" <<EOF
ServerRoot $C/root
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/tmp
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
Printcap
FileDevice Yes
User lp
Group lp
SystemGroup root
EOF
# A queue that passes the PDF through unchanged.  Not "-m raw": a raw
# queue with a file: device has no process to copy the job, so CUPS marks
# it completed and writes nothing.  gziptoany copies its input (it only
# unzips gzip files).
cat >"$C/passthrough.ppd" <<'EOF'
*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "MSDTEST.PPD"
*Manufacturer: "msd-kiosk tests"
*Product: "(PDF to file)"
*ModelName: "msd-kiosk test PDF to file"
*ShortNickName: "msd-kiosk test PDF to file"
*NickName: "msd-kiosk test PDF to file"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsFilter: "application/pdf 0 gziptoany"
*OpenUI *PageSize/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: A4
*PageSize A4/A4: "<</PageSize[595 842]>>setpagedevice"
*CloseUI: *PageSize
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
EOF

cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/log/cupsd.out" 2>&1 &
CUPSD=$!
trap 'kill $CUPSD 2>/dev/null; wait $CUPSD 2>/dev/null' EXIT
trap 'exit 1' INT TERM

H=127.0.0.1:$PORT
i=0
until LC_ALL=C lpstat -h "$H" -r 2>/dev/null | grep -q "is running"; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 $CUPSD 2>/dev/null; then
		cat "$C/log/cupsd.out"; tail -20 "$C/log/error_log" 2>/dev/null
		if [ "$(id -u)" != 0 ]; then
			echo "cupsd does not start without root here"
			exit 77
		fi
		echo "FAIL: cupsd did not start"
		exit 1
	fi
	sleep 0.1
done
echo "cupsd $CUPSD listening on $H"

OUT=$TMP/printed.pdf
lpadmin -h "$H" -p testpdf -E -v "file://$OUT" -P "$C/passthrough.ppd" \
    2>"$TMP/lpadmin.err" || { cat "$TMP/lpadmin.err"; echo "FAIL: lpadmin"; exit 1; }
lpstat -h "$H" -v testpdf

export CUPS_SERVER=$H

# wait_printed FILE SIZE: the device file reaches SIZE bytes (10 s).
wait_printed() {
	i=0
	while [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -lt "$2" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
	sleep 0.2	# let the filter finish its last write
	return 0
}


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
rm -f "$OUT"
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
