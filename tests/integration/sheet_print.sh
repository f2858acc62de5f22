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
sqlite3 "$PACK" <"$ROOT/schema/content.sql" && sqlite3 "$PACK" "
PRAGMA user_version = 1;
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
rm -f "$OUT"
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
