#!/bin/sh
# Every page of the kiosk as a real frame (--screenshot, no display):
# home, rights, each rights page, offers, each theme, each offer, each
# feedback question and the thank-you, the staff menu and its theme list, at
# 1920x1080 and 1080x1920 (96 dpi: a 23" screen) and 1280x800 (150 dpi: a
# 10" touch panel), for the fixture pack and, when it lints clean, for the
# real content of assets/content.  For each frame:
#  - the PNG exists and has the window's size;
#  - the state file names the page asked for;
#  - the layout report has no box with overflow=1 (a text that does not
#    fit its box; text too long for the screen is in a scroll box, which
#    is not an overflow);
#  - on an offer page: exactly one QR code, which zbarimg decodes to
#    exactly the offer's qr payload from the pack, with whole pixels per
#    module and a symbol at least 35 mm wide at the given DPI.
# Also: a tap on a glossary word opens its popup (and that frame does
# not overflow either); --page of an unknown page exits 2; the
# questionnaire: --page feedback is its first question, no Retour on a
# question, Tab goes to the first answer and Enter answers, a pack
# without questions offers none (no home button, --page feedback exits
# 2); a screenshot loads no GPU library (no libGL, EGL, DRI driver, LLVM).
set -u
. "$ROOT/tests/helpers/packlib.sh"
nshots=0

command -v zbarimg >/dev/null || { echo "zbarimg missing (zbar-tools)"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 missing"; exit 77; }
# --screenshot needs no display: make sure none is used.
unset DISPLAY WAYLAND_DISPLAY
mkdir -p "$TMP/shots"

# png_size FILE: "W H" from the PNG header (IHDR, big-endian).
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d %d\n",
	    (($1 * 256 + $2) * 256 + $3) * 256 + $4,
	    (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

# shot PACK MSD SIZE DPI PAGE: renders and checks one page.
shot() {
	pack=$1 msd=$2 size=$3 dpi=$4 page=$5
	name=$(basename "$pack" .db)-$size-$(echo "$page" | tr ':/' '__')
	out=$TMP/shots/$name
	nshots=$((nshots + 1))
	if ! "$K" --content "$pack" --msd "$msd" --windowed "$size" --dpi "$dpi" \
	    --page "$page" --screenshot "$out.png" --layout-report "$out.txt" \
	    --state-file "$out.state" >"$out.log" 2>&1; then
		fail "$name: exit $?: $(cat "$out.log")"
		return
	fi
	w=${size%x*} h=${size#*x}
	[ "$(png_size "$out.png")" = "$w $h" ] ||
		fail "$name: PNG is $(png_size "$out.png"), not $w x $h"
	[ "$(head -1 "$out.state")" = "$page" ] ||
		fail "$name: state file says '$(head -1 "$out.state")'"
	head -1 "$out.txt" | grep -q "^screen ${size} dpi=$dpi page=$page\$" ||
		fail "$name: report header: $(head -1 "$out.txt")"
	if grep -q 'overflow=1' "$out.txt"; then
		fail "$name: boxes overflow:"
		grep 'overflow=1' "$out.txt" | sed 's/^/      /'
	fi
	case $page in
	offer:*) check_qr "$pack" "${page#offer:}" "$out" "$dpi" "$w" "$h" ;;
	*) ! grep -q '^qr ' "$out.txt" || fail "$name: a QR code off an offer page" ;;
	esac
}

# check_qr PACK OFFER OUT DPI W H
check_qr() {
	want=$(sqlite3 "$1" "SELECT qr FROM offer WHERE id = '$2'")
	qout=$3
	n=$(grep -c '^qr ' "$3.txt")
	[ "$n" = 1 ] || { fail "$name: $n QR codes in the report"; return; }
	# qr PAYLOAD x y size modules
	set -- $(grep '^qr ' "$3.txt") "$4" "$5" "$6"
	[ "$2" = "$want" ] || fail "$name: report QR '$2', pack says '$want'"
	awk -v x="$3" -v y="$4" -v s="$5" -v m="$6" -v dpi="$7" -v W="$8" \
	    -v H="$9" 'BEGIN {
		mm = s * 25.4 / dpi; q = 4 * s / m
		if (s % m != 0) { print "module is not a whole pixel"; exit 1 }
		if (mm < 35) { printf "symbol is %.1f mm (< 35)\n", mm; exit 1 }
		if (x - q < 0 || y - q < 0 || x + s + q > W || y + s + q > H) {
			print "QR or its quiet zone is off the screen"; exit 1 }
	}' >"$TMP/qr.err" || fail "$name: $(cat "$TMP/qr.err")"
	got=$(zbarimg -q --raw "$qout.png" 2>/dev/null)
	[ "$got" = "$want" ] ||
		fail "$name: zbarimg read '$got', want exactly '$want'"
}

pages_of() {
	echo home
	echo rights
	sqlite3 "$1" "SELECT 'rights:' || id FROM page ORDER BY position"
	echo offers
	sqlite3 "$1" "SELECT 'offers:' || id FROM theme ORDER BY position"
	sqlite3 "$1" "SELECT 'offer:' || id FROM offer ORDER BY theme, position"
	sqlite3 "$1" "SELECT 'feedback:' || row_number() OVER (ORDER BY position)
	    FROM question"
	[ "$(sqlite3 "$1" "SELECT count(*) FROM question")" = 0 ] ||
		echo feedback:merci
	echo staff
	echo staff-themes
}

all_pages() {
	pack=$1
	msd=$(sqlite3 "$pack" "SELECT code FROM msd ORDER BY position LIMIT 1")
	for spec in 1920x1080:96 1080x1920:96 1280x800:150; do
		for page in $(pages_of "$pack"); do
			shot "$pack" "$msd" "${spec%:*}" "${spec#*:}" "$page"
		done
	done
}

# ---- the fixture pack
build_fixture_pack "$TMP/fixture.db"
all_pages "$TMP/fixture.db"

# ---- the real content, if it is in a state to build
if [ -f "$ROOT/assets/content/offers.csv" ] &&
    "$K" content build "$ROOT/assets/content" -o "$TMP/assets.db" --no-audio \
    --pictos "$ROOT/assets/content/pictos.csv" >"$TMP/build2.log" 2>&1; then
	all_pages "$TMP/assets.db"
else
	echo "note: assets/content does not build yet, only the fixture checked"
	cat "$TMP/build2.log" 2>/dev/null | tail -3
fi

# ---- a tap on a glossary word opens its explanation
P=$TMP/fixture.db
page=rights:$(sqlite3 "$P" "SELECT id FROM page ORDER BY position LIMIT 1")
"$K" --content "$P" --windowed 1280x800 --dpi 96 --page "$page" \
    --screenshot "$TMP/g0.png" --layout-report "$TMP/g0.txt" >/dev/null 2>&1
set -- $(grep '^link ' "$TMP/g0.txt" | head -1)
if [ $# -lt 6 ]; then
	fail "no glossary word on $page (the fixture has some)"
else
	x=$(($3 + $5 / 2)) y=$(($4 + $6 / 2))
	"$K" --content "$P" --windowed 1280x800 --dpi 96 --page "$page" \
	    --tap "$x,$y" --screenshot "$TMP/g1.png" --layout-report "$TMP/g1.txt" \
	    --state-file "$TMP/g1.state" >"$TMP/g1.log" 2>&1 ||
		fail "tap on a glossary word: $(cat "$TMP/g1.log")"
	head -1 "$TMP/g1.state" | grep -q "^$page gloss:" ||
		fail "tap at $x,$y on a glossary word: state '$(head -1 "$TMP/g1.state")'"
	! grep -q 'overflow=1' "$TMP/g1.txt" || fail "glossary popup overflows"
	# A tap beside any word opens nothing.
	"$K" --content "$P" --windowed 1280x800 --dpi 96 --page "$page" \
	    --tap "5,790" --screenshot "$TMP/g2.png" --state-file "$TMP/g2.state" \
	    >/dev/null 2>&1
	[ "$(head -1 "$TMP/g2.state")" = "$page" ] ||
		fail "a tap on nothing changed the page: $(head -1 "$TMP/g2.state")"
fi

# ---- the questionnaire
# --page feedback is the first question; a question has no Retour (an
# answer is counted at its touch: going back would count it twice).
"$K" --content "$P" --page feedback --screenshot "$TMP/f0.png" \
    --layout-report "$TMP/f0.txt" --state-file "$TMP/f0.state" >/dev/null 2>&1 ||
	fail "--page feedback: exit $?"
[ "$(head -1 "$TMP/f0.state")" = feedback:1 ] ||
	fail "--page feedback opened '$(head -1 "$TMP/f0.state")'"
! grep -q '^button bar:back ' "$TMP/f0.txt" || fail "a question has a Retour button"
grep -q '^button feedback:skip ' "$TMP/f0.txt" || fail "a question has no Passer button"
grep -q '^label feedback:progress ' "$TMP/f0.txt" || fail "no 'Question 1 sur N'"
first=$(sqlite3 "$P" "SELECT picto FROM answer a JOIN question q ON q.id = a.question_id
    ORDER BY q.position, a.position LIMIT 1")
# Keyboard: the first Tab is on the first answer, Enter answers it.
"$K" --content "$P" --page feedback --key tab --screenshot "$TMP/f1.png" \
    --state-file "$TMP/f1.state" >/dev/null 2>&1
[ "$(sed -n 's/^focus=//p' "$TMP/f1.state")" = "feedback:$first" ] ||
	fail "Tab on a question: focus '$(sed -n 's/^focus=//p' "$TMP/f1.state")', want feedback:$first"
nq=$(sqlite3 "$P" "SELECT count(*) FROM question")
want=feedback:2
[ "$nq" = 1 ] && want=feedback:merci
"$K" --content "$P" --page feedback --key tab --key enter --screenshot "$TMP/f2.png" \
    --state-file "$TMP/f2.state" >/dev/null 2>&1
[ "$(head -1 "$TMP/f2.state")" = "$want" ] ||
	fail "Tab, Enter on a question: page '$(head -1 "$TMP/f2.state")', want $want"
# After a keyboard answer the focus is on the next page's first answer
# (or the thank-you's button), not on the bar.
case $(sed -n 's/^focus=//p' "$TMP/f2.state") in
feedback:*|thanks:home) ;;
*) fail "after Enter on an answer, focus on '$(sed -n 's/^focus=//p' "$TMP/f2.state")'" ;;
esac
# A pack without questions: no home button, no questionnaire.
cp -r "$ROOT/tests/fixtures/content-ok" "$TMP/noq"
head -1 "$ROOT/tests/fixtures/content-ok/questions.csv" >"$TMP/noq/questions.csv"
if "$K" content build "$TMP/noq" -o "$TMP/noq.db" --pictos "$ROOT/assets/content/pictos.csv" \
    >"$TMP/noq.log" 2>&1; then
	"$K" --content "$TMP/noq.db" --screenshot "$TMP/noq.png" \
	    --layout-report "$TMP/noq.txt" >/dev/null 2>&1
	! grep -q '^button home:feedback ' "$TMP/noq.txt" ||
		fail "home offers the questionnaire of a pack without questions"
	grep -q '^button home:feedback ' "$TMP/shots/fixture-1920x1080-home.txt" ||
		fail "home does not offer the questionnaire"
	"$K" --content "$TMP/noq.db" --page feedback --screenshot "$TMP/noq.png" \
	    >"$TMP/noq.log" 2>&1
	rc=$?
	[ $rc = 2 ] || fail "--page feedback without questions: exit $rc, want 2"
	grep -q "no feedback questions" "$TMP/noq.log" ||
		fail "--page feedback without questions: $(cat "$TMP/noq.log")"
else
	echo "note: a pack without questions does not build: $(tail -1 "$TMP/noq.log")"
fi

# ---- bad pages: exit 2 and say why
for bad in feedback:0 feedback:99 feedback:x offer:no-such-offer rights:nope bogus; do
	"$K" --content "$P" --page "$bad" --screenshot "$TMP/bad.png" \
	    >"$TMP/bad.log" 2>&1
	rc=$?
	[ $rc = 2 ] || fail "--page $bad: exit $rc, want 2"
	grep -q "page '$bad'" "$TMP/bad.log" || fail "--page $bad: $(cat "$TMP/bad.log")"
done

# ---- no GPU library in a screenshot (DESIGN.md: Mesa + LLVM, 90 MB)
LD_DEBUG=files "$K" --content "$P" --screenshot "$TMP/ld.png" \
    >"$TMP/ld.log" 2>&1 || fail "screenshot under LD_DEBUG failed"
if grep -E 'file=[^ ]*(libGL|libEGL|_dri\.so|libLLVM|libvulkan)' "$TMP/ld.log" |
    head -3 | grep .; then
	fail "a screenshot loaded GPU libraries"
fi
grep -q 'file=libSDL2' "$TMP/ld.log" || fail "LD_DEBUG saw no library at all?"

echo "$nshots screenshots checked"
[ $failed = 0 ]
