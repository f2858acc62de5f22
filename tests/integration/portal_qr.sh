#!/bin/sh
# The QR codes of the kiosk and of the sheets lead into the portal:
# - the real content built with --portal-url pointing to a real web
#   server on 127.0.0.1 (python3 -m http.server) that serves its site;
# - every offer's screen in the kiosk (--page offer:ID --screenshot, at
#   the kiosk's MSD chambery, or the offer's first MSD), every code of the
#   sheet of every MSD (pdftoppm) and a poster, decoded with zbarimg:
#   each leads to MSD/o/KEY.html of that MSD on that server, which answers
#   and shows the offer's title, and each sheet has one code per offer
#   (tests/helpers/portal_qr_check.py); every code is at QR version 4 or
#   lower at level M (the kiosk's layout report gives its modules);
# - without portal_url the codes are as before (the partner's address or
#   the number), and lint warns (W-PORTAL) for the shipped content, whose
#   portal.txt is empty;
# - a portal_url that is not https (but for this machine), or too long
#   for version 4, is refused by lint (E-URL) and by --portal-url (exit 2).
set -u
. "$ROOT/tests/helpers/portallib.sh"

for t in zbarimg pdftoppm; do
	command -v $t >/dev/null || { echo "$t is not installed (Debian: zbar-tools, poppler-utils)"; exit 77; }
done

portal_port
portal_build --portal-url "$BASE"
grep -q "the QR codes lead to the portal at $BASE" "$TMP/build.out" ||
	fail "content build does not say where the codes lead: $(cat "$TMP/build.out")"
portal_serve

decode() {
	zbarimg -q --raw "$@" 2>/dev/null
}

# ------------------------------------------------------------ kiosk
python3 - "$PACK" >"$TMP/offers" <<'EOF'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
for oid, msds in db.execute("SELECT o.id, group_concat(om.msd_code, ' ') "
                            "FROM offer o JOIN offer_msd om ON om.offer_id = o.id "
                            "GROUP BY o.id ORDER BY o.id"):
    m = msds.split()
    print(oid, "chambery" if "chambery" in m else sorted(m)[0])
EOF
: >"$TMP/codes"
: >"$TMP/versions"
while read -r id msd; do
	"$K" --content "$PACK" --msd "$msd" --page "offer:$id" \
	    --screenshot "$TMP/k.png" --layout-report "$TMP/k.txt" \
	    >"$TMP/k.out" 2>&1 ||
		{ fail "kiosk offer:$id: $(cat "$TMP/k.out")"; continue; }
	code=$(decode "$TMP/k.png")
	[ -n "$code" ] || { fail "kiosk offer:$id: no QR code decoded"; continue; }
	printf 'kiosk:%s\t%s\t%s\n' "$msd" "$id" "$code" >>"$TMP/codes"
	# The layout report gives the code's size in modules: 17 + 4 x
	# its version.
	awk -v want="$code" '$1 == "qr" && $2 == want { print ($NF - 17) / 4 }' \
	    "$TMP/k.txt" >>"$TMP/versions"
done <"$TMP/offers"
[ "$(wc -l <"$TMP/versions")" = "$(wc -l <"$TMP/codes")" ] ||
	fail "the layout report does not show every code the screen shows"
vmax=$(sort -n "$TMP/versions" | tail -1)
[ "${vmax:-99}" -le 4 ] || fail "a kiosk code is at version $vmax"
echo "ok    kiosk: $(wc -l <"$TMP/codes") offer screens decoded; QR versions: $(sort -n "$TMP/versions" | uniq -c | awk '{ printf "%s%d at version %d", sep, $1, $2; sep = ", " }')"

# ------------------------------------------------------------ sheets
for msd in albertville avant-pays aix chambery combe maurienne tarentaise; do
	"$K" sheet --content "$PACK" --msd "$msd" -o "$TMP/$msd.pdf" \
	    >"$TMP/sheet.out" 2>&1 || { fail "sheet $msd: $(cat "$TMP/sheet.out")"; continue; }
	pdftoppm -r 150 -gray "$TMP/$msd.pdf" "$TMP/pg-$msd"
	# zbarimg alone misses some of the many codes of a page: the
	# sheets' own measuring helper crops each code before decoding it.
	python3 "$ROOT/tests/helpers/qr_measure.py" 150 "$TMP"/pg-"$msd"-*.pgm \
	    >"$TMP/measure.out" 2>&1 || fail "sheet $msd: $(tail -1 "$TMP/measure.out")"
	awk -F '\t' -v m="$msd" '$4 == "ok" { printf "sheet:%s\t-\t%s\n", m, $5 }
	    $4 != "ok" { print "FAIL: sheet " m ": " $0 > "/dev/stderr" }' \
	    "$TMP/measure.out" >>"$TMP/codes"
	rm -f "$TMP"/pg-"$msd"-*.pgm
done
"$K" sheet --content "$PACK" --msd maurienne --offer mediation-sante \
    -o "$TMP/poster.pdf" >/dev/null 2>&1 || fail "poster"
pdftoppm -r 150 -gray -f 1 -l 1 "$TMP/poster.pdf" "$TMP/poster"
printf 'poster:maurienne\tmediation-sante\t%s\n' "$(decode "$TMP"/poster-*1.pgm)" >>"$TMP/codes"
pdftotext "$TMP/poster.pdf" - 2>/dev/null | tr '\n' ' ' |
	grep -q "Le code ouvre cette aide sur votre téléphone: 127.0.0.1:$PORT/maurienne/o/" ||
	fail "the poster does not print the address under its code"

python3 "$ROOT/tests/helpers/portal_qr_check.py" "$BASE" "$PACK" "$TMP/codes" \
    >"$TMP/check.out" 2>&1 || fail "codes"
sed 's/^/      /' "$TMP/check.out"

# ------------------------------------------------------------ no portal
"$K" content build "$ROOT/assets/content" -o "$TMP/plain.db" --no-audio >/dev/null 2>&1 ||
	fail "build without portal_url"
"$K" --content "$TMP/plain.db" --msd chambery --page offer:accompagnement-global \
    --screenshot "$TMP/plain.png" >/dev/null 2>&1
[ "$(decode "$TMP/plain.png")" = "tel:3949" ] ||
	fail "without portal_url the code is $(decode "$TMP/plain.png"), not tel:3949"
"$K" content lint "$ROOT/assets/content" >"$TMP/lint.out" 2>&1
grep -q "portal.txt:[0-9]*: W-PORTAL portal_url is empty" "$TMP/lint.out" ||
	fail "lint does not warn that portal_url is empty: $(grep portal "$TMP/lint.out")"
echo "ok    without portal_url: the codes are as before, and lint warns"

# ------------------------------------------------------------ bad addresses
cp -r "$ROOT/assets/content" "$TMP/src"
lint_says() {
	printf '%s\n' "$1" >"$TMP/src/portal.txt"
	"$K" content lint "$TMP/src" >"$TMP/l.out" 2>&1
	rc=$?
	[ $rc = "$2" ] || fail "portal.txt '$1': lint exit $rc, want $2"
	grep -q -- "$3" "$TMP/l.out" || fail "portal.txt '$1': lint does not say '$3': $(grep portal "$TMP/l.out")"
}
lint_says "portal_url: https://www.savoie.fr/rsa/" 0 "0 errors"
lint_says "portal_url: http://www.savoie.fr/rsa/" 2 "E-URL portal_url 'http://www.savoie.fr/rsa/' is not an https"
lint_says "portal_url: https://www.savoie.fr/portail-insertion-rsa-savoie/" 2 "E-URL portal_url .* too long"
lint_says "adresse: https://x.fr/" 2 "E-PORTAL"
for bad in "http://example.fr/" "https://x.fr/?a=1" "https://www.savoie.fr/portail-insertion-rsa-savoie/"; do
	"$K" content build "$ROOT/assets/content" -o "$TMP/bad.db" --portal-url "$bad" \
	    >"$TMP/bad.out" 2>&1
	rc=$?
	[ $rc = 2 ] || fail "--portal-url $bad: exit $rc, want 2"
	grep -q "content build: --portal-url '" "$TMP/bad.out" || fail "--portal-url $bad: $(tail -1 "$TMP/bad.out")"
	[ -e "$TMP/bad.db" ] && fail "--portal-url $bad: a pack was written"
done
echo "ok    bad portal addresses refused by lint and by --portal-url"

[ $failed = 0 ]
