#!/bin/sh
# Languages and text size in a real window (Xvfb, xdotool), on the real
# content of assets/content:
#  - the language button, then "العربية" in its list, by touch: the state
#    file says lang=ar and the bar's Retour/Accueil sit mirrored;
#  - in Arabic, by touch (positions from the Arabic layout report, which
#    is mirrored) to "Trouver de l'aide", then by keyboard (Tab, Enter)
#    to a theme and an offer;
#  - left alone, the kiosk counts down and goes back to home in French;
#  - A+ by keyboard: large=1, and the idle reset brings normal text back;
#  - the statistics count pages per language (kind `langue`), Arabic
#    among them.
set -u
. "$ROOT/tests/helpers/kiosklib.sh"
TAB_MAX=40
need_x_tools
xvfb_start 130 170

PACK=$TMP/pack.db
"$K" content build "$ROOT/assets/content" -o "$PACK" --no-audio \
    >"$TMP/build.out" 2>&1 || { cat "$TMP/build.out"; echo "FAIL: content build"; exit 1; }
MSD=chambery
set -- $(sqlite3 -separator ' ' "$PACK" "SELECT o.theme, o.id FROM offer o
    JOIN offer_msd m ON m.offer_id = o.id AND m.msd_code = '$MSD'
    JOIN theme t ON t.id = o.theme ORDER BY t.position, o.position LIMIT 1")
THEME=$1 OFFER=$2
{ echo "[kiosk]"; echo "idle_s = 12"; echo "countdown_s = 2"
  echo "[stats]"; echo "path = $TMP/stats.db"; } >"$TMP/kiosk.ini"

# box KIND ID PAGE LANG [ARGS]: "x y w h" in that page's layout at 1280x800.
box() {
	_k=$1 _i=$2 _p=$3 _l=$4
	shift 4
	"$K" --content "$PACK" --msd $MSD --windowed 1280x800 --dpi 96 \
	    --page "$_p" --lang "$_l" --screenshot "$TMP/box.png" \
	    --layout-report "$TMP/box.txt" "$@" >/dev/null 2>&1
	grep "^$_k $_i " "$TMP/box.txt" | head -1 | cut -d' ' -f3-6
}

wait_field() {	# wait_field NAME VALUE SECONDS
	i=0
	while [ "$(field "$1")" != "$2" ]; do
		[ $i -ge $(($3 * 10)) ] && { fail "$1 is '$(field "$1")', not '$2'"; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
}

start_kiosk "$TMP/kiosk.ini" main
[ "$(field lang)" = fr ] || fail "start: lang=$(field lang)"

# ---- touch: the language button, then Arabic in the list.
LB=$(box button bar:lang home fr)
[ -n "$LB" ] || fail "no language button on home"
click $LB
set -- $LB
# The list is a popup: its buttons' places come from a screenshot with
# the same tap.
AB=$(box button lang:ar home fr --tap $(($1 + $3 / 2)),$(($2 + $4 / 2)))
[ -n "$AB" ] || fail "no Arabic in the language list"
sleep 0.5
click $AB
wait_field lang ar 5

# ---- in Arabic: touch to the offers, keyboard to an offer.
OB=$(box button home:offers home ar)
set -- $OB
[ $# = 4 ] || fail "no home:offers in the Arabic layout"
FB=$(box button home:offers home fr)
set -- $OB $FB
[ $# = 8 ] && [ "$1" = $((1280 - $5 - $7)) ] ||
	fail "home:offers not mirrored in Arabic: $OB (French $FB)"
click $OB
wait_page offers
tab_to "offers:$THEME" && xdotool key Return
wait_page "offers:$THEME"
tab_to "offer:$OFFER" && xdotool key Return
wait_page "offer:$OFFER"
[ "$(field lang)" = ar ] || fail "the offer is not in Arabic: lang=$(field lang)"
xdotool mousemove --window "$W" 5 400	# away from every button

# ---- left alone: countdown, then home in French.
wait_page home 25
wait_field lang fr 3

# ---- A+ by keyboard, then the idle reset.
tab_to bar:large && xdotool key Return
wait_field large 1 5
wait_field large 0 25
[ "$(page)" = home ] || fail "after idle: page '$(page)'"

kill "$kpid"; wait "$kpid" 2>/dev/null; kpid=
if grep -E 'AddressSanitizer|LeakSanitizer|runtime error' "$TMP/main.log"; then
	fail "sanitizer report"
fi
n=$(sqlite3 "$TMP/stats.db" "SELECT SUM(n) FROM counts WHERE kind = 'langue' AND what = 'ar'" 2>/dev/null)
[ "${n:-0}" -ge 3 ] || fail "pages counted in Arabic: '${n:-}' (want 3: offers, theme, offer)"
[ $failed = 0 ]
