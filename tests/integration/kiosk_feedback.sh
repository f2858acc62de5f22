#!/bin/sh
# The feedback questionnaire answered through the real window (Xvfb +
# xdotool, as a person would), then what the statistics database and
# its export hold.  Checked:
#  - person 1: home -> "Donner votre avis", an answer by a click, a
#    question skipped ("Passer"), the last answer with Tab + Enter, the
#    thank-you, which goes home by itself; the WAL is empty after the
#    thank-you (the order of the answers is not kept on disk);
#  - person 2: other answers by clicks, the thank-you's button home,
#    then offers and back home (page views);
#  - person 3 (short idle_s): one answer, then nobody: the idle reset
#    goes home, nothing of the answer on screen, nothing more counted;
#  - `stats export` holds EXACTLY the expected rows: feedback started 3,
#    finished 2, one `reponse` per answer given (two people's answers add
#    up, nothing ties them), the page views crossed (not the start page),
#    the idle reset; no time of day anywhere (CSV and `sqlite3 .dump`),
#    and the counts table has only (day, kind, what, n);
#  - the kiosk's log holds no answer; no sanitizer report; exit 0;
#  - a statistics database that cannot be opened: one line in the log,
#    and the kiosk runs (the questionnaire too) without counting.
set -u
K=$BIN/msd-kiosk
failed=0
# The kiosk counts per local day; the expected rows use the same clock.
TZ=Europe/Paris LC_ALL=C
export TZ LC_ALL

. "$ROOT/tests/helpers/kiosklib.sh"
need_x_tools

# ---- an X server of our own on a free display number
xvfb_start 141 190

# ---- a pack with three questions (the fixture has one)
cp -r "$ROOT/tests/fixtures/content-ok" "$TMP/src"
cat >"$TMP/src/questions.csv" <<'EOF'
id;ordre;question;reponses
utile;1;Cette borne vous a-t-elle aidé?;content:Oui|moyen:Un peu|pas-content:Non
atelier;2;Avez-vous participé à un atelier?;oui:Oui|non:Non
besoin;3;De quoi avez-vous besoin?;emploi:Un travail|formation:Une formation|logement:Un logement|sante:Des soins
EOF
PACK=$TMP/pack.db
"$K" content build "$TMP/src" -o "$PACK" --pictos "$ROOT/assets/content/pictos.csv" \
    >"$TMP/build.log" 2>&1 ||
	{ cat "$TMP/build.log"; echo "FAIL: cannot build the pack"; exit 1; }
MSD=chambery
DB=$TMP/stats.db
cat >"$TMP/kiosk.ini" <<EOF
[kiosk]
idle_s = 600
[stats]
path = $DB
EOF
cat >"$TMP/idle.ini" <<EOF
[kiosk]
idle_s = 2
countdown_s = 2
[stats]
path = $DB
EOF

# box KIND ID PAGE: "x y w h" of a box in the layout of PAGE at 1280x800.
box() {
	"$K" --content "$PACK" --msd $MSD --windowed 1280x800 --dpi 96 \
	    --page "$3" --screenshot "$TMP/box.png" --layout-report "$TMP/box.txt" \
	    >/dev/null 2>&1
	b=$(grep "^$1 $2 " "$TMP/box.txt" | head -1 | cut -d' ' -f3-6)
	[ -n "$b" ] || fail "no $1 $2 on page $3"
	echo "$b"
}

stop_kiosk() {	# stop_kiosk NAME [STATS_OFF]: SIGTERM, wait, check the log
	kill -TERM "$kpid"
	wait "$kpid"
	rc=$?
	kpid=
	[ $rc = 0 ] || fail "$1: kiosk exit $rc"
	if grep -E 'AddressSanitizer|runtime error' "$TMP/$1.log"; then
		fail "$1: sanitizer report"
	fi
	off=$(grep -c "statistics off" "$TMP/$1.log")
	[ "$off" = "${2:-0}" ] ||
		fail "$1: $off 'statistics off' lines, want ${2:-0}: $(cat "$TMP/$1.log")"
}

# The boxes, from the same layout as the window's.
HOME_FB=$(box button home:feedback home)
HOME_OFFERS=$(box button home:offers home)
Q1_CONTENT=$(box button feedback:content feedback:1)
Q1_PAS=$(box button feedback:pas-content feedback:1)
Q1_MOYEN=$(box button feedback:moyen feedback:1)
Q2_SKIP=$(box button feedback:skip feedback:2)
Q2_OUI=$(box button feedback:oui feedback:2)
Q3_LOGEMENT=$(box button feedback:logement feedback:3)
THANKS_HOME=$(box button thanks:home feedback:merci)
BAR_HOME=$(box button bar:home offers)
grep -q '^button bar:back ' "$TMP/box.txt" || fail "offers page has no Retour?"
box button feedback:skip feedback:1 >/dev/null
! grep -q '^button bar:back ' "$TMP/box.txt" ||
	fail "a question has a Retour button (answers are counted at the touch)"

DAY0=$(date +%F)

# ======== person 1: click, skip, keyboard, the thank-you goes home
start_kiosk "$TMP/kiosk.ini" main
click $HOME_FB
wait_page feedback:1
click $Q1_CONTENT
wait_page feedback:2
click $Q2_SKIP
wait_page feedback:3
# Keyboard: the first Tab goes to the answers, not to the bar.
xdotool key Tab
sleep 0.3
[ "$(field focus)" = feedback:emploi ] ||
	fail "first Tab on a question: focus '$(field focus)', want feedback:emploi"
tab_to feedback:logement && xdotool key Return
wait_page feedback:merci
# Counted at the thank-you, and the WAL checkpointed and truncated.
i=0
while [ -s "$DB-wal" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ ! -s "$DB-wal" ] || fail "after the thank-you, $DB-wal holds $(wc -c <"$DB-wal") bytes"
wait_page home 30

# ======== person 2: other answers, the thank-you's button, offers
click $HOME_FB
wait_page feedback:1
click $Q1_PAS
wait_page feedback:2
click $Q2_OUI
wait_page feedback:3
click $Q3_LOGEMENT
wait_page feedback:merci
click $THANKS_HOME
wait_page home
click $HOME_OFFERS
wait_page offers
click $BAR_HOME
wait_page home
stop_kiosk main

# ======== person 3: one answer, then nobody: idle reset
start_kiosk "$TMP/idle.ini" idle
click $HOME_FB
wait_page feedback:1
click $Q1_MOYEN
wait_page feedback:2
wait_page home 30
[ -z "$(field focus)" ] || fail "after the idle reset, focus=$(field focus)"
stop_kiosk idle

# ======== a database that cannot be opened: the kiosk runs without it
: >"$TMP/afile"
cat >"$TMP/nostats.ini" <<EOF
[kiosk]
idle_s = 600
[stats]
path = $TMP/afile/stats.db
EOF
start_kiosk "$TMP/nostats.ini" nostats
click $HOME_FB
wait_page feedback:1
click $Q1_CONTENT
wait_page feedback:2
stop_kiosk nostats 1

# ======== what was counted
"$K" -c "$TMP/kiosk.ini" stats export -o "$TMP/s.csv" >"$TMP/export.log" 2>&1 ||
	fail "stats export: $(cat "$TMP/export.log")"
DAY1=$(date +%F)
# CSV for a French spreadsheet: BOM, ';', CRLF.
head -c 3 "$TMP/s.csv" | od -An -tx1 | grep -q 'ef bb bf' || fail "no BOM in the CSV"
grep -q "$(printf '\r')\$" "$TMP/s.csv" || fail "the CSV lines do not end in CRLF"
sed '1s/^\xEF\xBB\xBF//' "$TMP/s.csv" | tr -d '\r' >"$TMP/got.csv"
# The day of every row is today (or yesterday if midnight passed).
day=$(sed -n '2p' "$TMP/got.csv" | cut -d';' -f1)
[ "$day" = "$DAY0" ] || [ "$day" = "$DAY1" ] || fail "rows are for day '$day'"
{
	echo "jour;type;element;nombre"
	cat <<EOF | sed "s/^/$day;/" | sort
avis_commence;;3
avis_termine;;2
langue;fr;4
page;home;3
page;offers;1
reponse;utile=content;1
reponse;utile=pas-content;1
reponse;utile=moyen;1
reponse;atelier=oui;1
reponse;besoin=logement;2
retour_accueil_auto;feedback:2;1
EOF
} >"$TMP/want.csv"
{ head -1 "$TMP/got.csv"; sed 1d "$TMP/got.csv" | sort; } >"$TMP/got-sorted.csv"
if ! cmp -s "$TMP/want.csv" "$TMP/got-sorted.csv"; then
	fail "the export is not exactly what was done:"
	diff "$TMP/want.csv" "$TMP/got-sorted.csv" | sed 's/^/      /'
fi
# Nothing finer than the day: no time of day, no column for one.
if grep -n '[0-9][0-9]:[0-9][0-9]' "$TMP/got.csv"; then
	fail "a time of day in the CSV"
fi
sqlite3 "$DB" .dump >"$TMP/dump.sql" 2>&1 || fail "sqlite3 .dump: $(cat "$TMP/dump.sql")"
if grep -n '[0-9][0-9]:[0-9][0-9]' "$TMP/dump.sql"; then
	fail "a time of day in the database"
fi
cols=$(sqlite3 "$DB" "SELECT group_concat(name, ',') FROM pragma_table_info('counts')")
[ "$cols" = "day,kind,what,n" ] || fail "counts has columns '$cols'"
tables=$(sqlite3 "$DB" "SELECT group_concat(name, ',') FROM sqlite_master WHERE type = 'table' ORDER BY name")
[ "$tables" = "counts,sent_days" ] || fail "the statistics database has tables '$tables'"
# No answer in the logs (question ids and answer pictograms).
for f in "$TMP/main.log" "$TMP/idle.log"; do
	if grep -n 'utile\|atelier\|besoin\|logement\|pas-content\|moyen\|=oui' "$f"; then
		fail "$f tells an answer"
	fi
done
[ $failed = 0 ]
