#!/bin/sh
# The kiosk in a real window on a real X server (Xvfb), driven by xdotool
# like a person with a keyboard, a mouse or a finger.  The kiosk writes
# its page, scroll offset and focus to --state-file whenever they change;
# the test reads that file.  Checked:
#  - keyboard only: Tab to a button (a visible focus moves), Enter opens,
#    from home to an offer, then Escape back to home, page by page;
#  - a click (tap) opens a page; a drag that starts on a glossary word
#    scrolls the page and opens nothing (a drag is not a tap);
#  - idle: after idle_s a countdown shows, a touch ends it (and presses
#    nothing under it), and after
#    idle_s + countdown_s the kiosk is back on home with the scroll and
#    focus reset;
#  - staff: 5 taps in the top-left corner open the PIN pad (Escape leaves
#    it); Ctrl+Alt+S opens it too, a wrong PIN is refused, the
#    right one opens the staff menu, which reloads a newer pack put in
#    place meanwhile, and whose "quit" ends the kiosk (exit 0);
#  - SIGTERM (systemd stop) ends it too (exit 0); no sanitizer report;
#  - statistics ([stats] path under $TMP: never /var/lib/msd-kiosk): the
#    staff menu's "Exporter les statistiques" writes its CSV to
#    [stats] export_dir, and the export holds the pages, offer, QR code
#    and glossary word seen, and the idle reset with the page it left.
set -u
K=$BIN/msd-kiosk
failed=0

. "$ROOT/tests/helpers/kiosklib.sh"
TAB_MAX=40	# tab_to gives up after 40 Tabs here (20 by default)
need_x_tools

# ---- an X server of our own on a free display number
xvfb_start 91 140

# ---- pack, config with a PIN, positions from the same layout
PACK=$TMP/pack.db
build_fixture_pack "$PACK"
MSD=chambery
set -- $(sqlite3 -separator ' ' "$PACK" "SELECT o.theme, o.id FROM offer o
    JOIN offer_msd m ON m.offer_id = o.id AND m.msd_code = '$MSD'
    JOIN theme t ON t.id = o.theme ORDER BY t.position, o.position LIMIT 1")
THEME=$1 OFFER=$2
RPAGE=$(sqlite3 "$PACK" "SELECT id FROM page ORDER BY position LIMIT 1")
echo 482193 | "$K" --hash-pin >"$TMP/pin.ini" || { echo "FAIL: --hash-pin"; exit 1; }
STATS="[stats]
path = $TMP/stats.db
export_dir = $TMP/export"
{ echo "[kiosk]"; cat "$TMP/pin.ini"; echo "idle_s = 600"; echo "$STATS"; } >"$TMP/kiosk.ini"
{ echo "[kiosk]"; echo "idle_s = 2"; echo "countdown_s = 3"; echo "$STATS"; } >"$TMP/idle.ini"
mkdir -p "$TMP/export"
export TZ=Europe/Paris

# box KIND ID PAGE: "x y w h" of a box in the layout of PAGE at 1280x800.
box() {
	"$K" --content "$PACK" --msd $MSD --windowed 1280x800 --dpi 96 \
	    --page "$3" --screenshot "$TMP/box.png" --layout-report "$TMP/box.txt" \
	    >/dev/null 2>&1
	grep "^$1 $2 " "$TMP/box.txt" | head -1 | cut -d' ' -f3-6
}

# wait_stable: until the state file stops changing (a glide ends).
wait_stable() {
	prev= i=0
	while [ $i -lt 100 ]; do
		cur=$(cat "$ST" 2>/dev/null)
		[ -n "$cur" ] && [ "$cur" = "$prev" ] && return 0
		prev=$cur
		sleep 0.3
		i=$((i + 1))
	done
}

stop_kiosk() {	# stop_kiosk NAME: waits for the exit, checks the log
	wait "$kpid"
	rc=$?
	kpid=
	[ $rc = 0 ] || fail "$1: kiosk exit $rc"
	if grep -E 'AddressSanitizer|LeakSanitizer|runtime error' "$TMP/$1.log"; then
		fail "$1: sanitizer report"
	fi
}

# ======== keyboard: home -> offer -> back
start_kiosk "$TMP/kiosk.ini" main
[ -z "$(field focus)" ] || fail "focus on start: '$(field focus)'"
tab_to home:offers && xdotool key Return
wait_page offers
tab_to "offers:$THEME" && xdotool key Return
wait_page "offers:$THEME"
tab_to "offer:$OFFER" && xdotool key Return
wait_page "offer:$OFFER"
xdotool key Escape; wait_page "offers:$THEME"
xdotool key Escape; wait_page offers
xdotool key Escape; wait_page home
xdotool key Escape; sleep 0.5
[ "$(page)" = home ] || fail "Escape on home went to '$(page)'"

# ======== tap and drag
click $(box button home:rights home)
wait_page rights
click $(box button "rights:$RPAGE" rights)
wait_page "rights:$RPAGE"
set -- $(box link 'page\.[0-9]*:[0-9]*' "rights:$RPAGE")
if [ $# = 4 ]; then
	x=$(($1 + $3 / 2)) y=$(($2 + $4 / 2))
	# A tap on a glossary word opens its explanation; Escape closes it.
	xdotool mousemove --window "$W" $x $y click 1
	i=0
	while ! page | grep -q "^rights:$RPAGE gloss:"; do
		[ $i -ge 100 ] && { fail "a tap on a glossary word: '$(page)'"; break; }
		sleep 0.1
		i=$((i + 1))
	done
	xdotool key Escape
	wait_page "rights:$RPAGE"
	# A drag from the same word scrolls and opens nothing.
	[ "$(field scroll)" = 0 ] || fail "page not at its top: $(field scroll)"
	xdotool mousemove --window "$W" $x $y mousedown 1
	for d in 20 40 60 80 100 140 180 220 260 300; do
		xdotool mousemove --window "$W" $x $((y - d))
		sleep 0.03
	done
	xdotool mouseup 1
	wait_stable
	[ "$(page)" = "rights:$RPAGE" ] ||
		fail "a drag from a glossary word changed the page: '$(page)'"
	[ "$(field scroll)" -gt 0 ] 2>/dev/null ||
		fail "a drag did not scroll (scroll=$(field scroll))"
else
	fail "no glossary word on rights:$RPAGE to drag from"
fi
click $(box button bar:home "rights:$RPAGE")
wait_page home

# ======== staff: the hidden corner (5 taps), then the keys
xdotool mousemove --window "$W" 6 6 click --repeat 5 --delay 150 1
wait_page staff-pin
xdotool key Escape
wait_page home
# ======== staff: gesture, wrong PIN, right PIN, quit
xdotool key ctrl+alt+s
wait_page staff-pin
xdotool key 1 1 1 1 1 1 Return
sleep 2	# argon2id takes a moment
[ "$(page)" = staff-pin ] || fail "a wrong PIN opened '$(page)'"
xdotool key 4 8 2 1 9 3 Return
wait_page staff 20
# Reload: a newer pack put in place (as `content build` does, atomically)
# is read when staff asks for it.
"$K" content build "$ROOT/tests/fixtures/content-ok" -o "$PACK" --version 777 \
    --pictos "$ROOT/assets/content/pictos.csv" >"$TMP/build777.log" 2>&1 ||
	fail "cannot build version 777: $(cat "$TMP/build777.log")"
tab_to staff:reload && xdotool key Return
i=0
until grep -q 'reloaded from the staff menu: version 777' "$TMP/main.log"; do
	[ $i -ge 100 ] && { fail "staff reload: $(tail -2 "$TMP/main.log")"; break; }
	sleep 0.1
	i=$((i + 1))
done
# The figures so far, exported by staff to [stats] export_dir.
tab_to staff:stats && xdotool key Return
i=0
until ls "$TMP/export" | grep -q '^statistiques-.*\.csv$'; do
	[ $i -ge 100 ] && { fail "staff stats export: nothing in $TMP/export: $(tail -2 "$TMP/main.log")"; break; }
	sleep 0.1
	i=$((i + 1))
done
[ "$(page)" = staff ] || fail "the stats export left the staff menu: '$(page)'"
tab_to staff:quit && xdotool key Return
stop_kiosk main

# ======== idle reset
start_kiosk "$TMP/idle.ini" idle
click $(box button home:rights home)
wait_page rights
click $(box button "rights:$RPAGE" rights)
wait_page "rights:$RPAGE"
xdotool key Tab
i=0
while ! page | grep -q ' countdown:'; do
	[ $i -ge 100 ] && { fail "no countdown after idle_s (page '$(page)')"; break; }
	sleep 0.1
	i=$((i + 1))
done
# Someone is still there and touches the screen, where the Back button
# is under the popup: that touch ends the countdown and does nothing else.
click $(box button bar:back "rights:$RPAGE")
wait_page "rights:$RPAGE" 5
sleep 0.5
[ "$(page)" = "rights:$RPAGE" ] || fail "the touch ending the countdown also went to '$(page)'"
wait_page home 20
[ "$(field scroll)" = 0 ] || fail "after the idle reset, scroll=$(field scroll)"
[ -z "$(field focus)" ] || fail "after the idle reset, focus=$(field focus)"
kill -TERM "$kpid"
stop_kiosk idle

# ======== what was counted (sessions add up in $TMP/stats.db)
[ ! -e /var/lib/msd-kiosk/stats.db ] || [ /var/lib/msd-kiosk/stats.db -ot "$TMP/kiosk.ini" ] ||
	fail "a test wrote /var/lib/msd-kiosk/stats.db"
"$K" -c "$TMP/kiosk.ini" stats export -o "$TMP/s.csv" >"$TMP/export.log" 2>&1 ||
	fail "stats export: $(cat "$TMP/export.log")"
tr -d '\r' <"$TMP/s.csv" | cut -d';' -f2- >"$TMP/s.txt"
for want in "page;offers;" "page;offers:$THEME;" "offre;$OFFER;" "qr_code;$OFFER;" \
    "page;rights;" "page;rights:$RPAGE;" "page;home;" "mot_explique;" \
    "retour_accueil_auto;rights:$RPAGE;1"; do
	grep -q "^$want" "$TMP/s.txt" || fail "the export has no '$want': $(cat "$TMP/s.txt")"
done
# The staff export (during the first session) is the same kind of file.
f=$(ls "$TMP/export"/statistiques-*.csv 2>/dev/null | head -1)
[ -n "$f" ] && ! grep -q "^.\{0,3\}jour;type;element;nombre" "$f" &&
	fail "staff export $f: $(head -2 "$f")"

[ $failed = 0 ]
