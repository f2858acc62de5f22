#!/bin/sh
# A question that takes several answers (questions.csv `plusieurs = oui`),
# answered through the real window (Xvfb + xdotool), with the real
# content's "Est-ce que quelque chose vous empêche de travailler ?":
#  - touching answers chooses them and touching one again lets it go;
#    "Rien" goes alone (it clears the others, they clear it); nothing is
#    counted before "Valider";
#  - "Valider" counts each chosen answer on its own, then the next
#    question; "Passer" counts nothing of what was chosen;
#  - `stats export` holds exactly those answers.
set -u
K=$BIN/msd-kiosk
TZ=Europe/Paris LC_ALL=C
export TZ LC_ALL

. "$ROOT/tests/helpers/kiosklib.sh"
need_x_tools
command -v sqlite3 >/dev/null || { echo "sqlite3 missing"; exit 77; }
xvfb_start 191 240

PACK=$TMP/pack.db
"$K" content build "$ROOT/assets/content" -o "$PACK" >"$TMP/build.log" 2>&1 ||
	{ cat "$TMP/build.log"; echo "FAIL: cannot build the real content"; exit 1; }
[ "$(sqlite3 "$PACK" "SELECT multiple FROM question WHERE id = 'freins'")" = 1 ] ||
	fail "the question 'freins' does not take several answers in the pack"
Q=$(sqlite3 "$PACK" "SELECT position FROM question WHERE id = 'freins'")
N=$(sqlite3 "$PACK" "SELECT count(*) FROM question WHERE position < $Q")
Q=$((N + 1))	# its number in feedback:N
MSD=chambery
DB=$TMP/stats.db
cat >"$TMP/kiosk.ini" <<EOF
[kiosk]
idle_s = 600
[stats]
path = $DB
EOF

box() {	# box ID PAGE: "x y w h" at 1280x800
	"$K" --content "$PACK" --msd $MSD --windowed 1280x800 --dpi 96 \
	    --page "$2" --screenshot "$TMP/box.png" --layout-report "$TMP/box.txt" \
	    >/dev/null 2>&1
	b=$(grep "^button $1 " "$TMP/box.txt" | head -1 | cut -d' ' -f3-6)
	[ -n "$b" ] || fail "no button $1 on page $2"
	echo "$b"
}
RIEN=$(box feedback:rien feedback:$Q)
SANTE=$(box feedback:sante feedback:$Q)
MOBILITE=$(box feedback:mobilite feedback:$Q)
AGE=$(box feedback:age feedback:$Q)
DONE=$(box feedback:done feedback:$Q)
SKIP=$(box feedback:skip feedback:$Q)
HOME_FB=$(box home:feedback home)

wait_picked() {	# wait_picked WANT
	i=0
	while [ "$(field picked)" != "$1" ]; do
		[ $i -ge 50 ] && { fail "picked '$(field picked)', want '$1'"; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
}

start_kiosk "$TMP/kiosk.ini" main
# Person 1: santé, mobilité, âge; âge again lets it go; Valider.
click $HOME_FB
i=1
while [ $i -lt $Q ]; do
	wait_page feedback:$i
	click $(box feedback:skip feedback:$i)
	i=$((i + 1))
done
wait_page feedback:$Q
click $SANTE; wait_picked sante
click $MOBILITE; wait_picked sante,mobilite
click $AGE; wait_picked sante,mobilite,age
click $AGE; wait_picked sante,mobilite
# Rien alone, then santé clears it.
click $RIEN; wait_picked rien
click $SANTE; wait_picked sante
click $MOBILITE; wait_picked sante,mobilite
[ "$(page)" = feedback:$Q ] || fail "a chosen answer left the question: $(page)"
click $DONE
wait_page feedback:$((Q + 1))
[ "$(field picked)" = "" ] || fail "the next question starts with '$(field picked)' chosen"
# Person 2 (the same questionnaire again): Rien, then Passer.
xdotool key Escape
wait_page home
click $HOME_FB
i=1
while [ $i -lt $Q ]; do
	wait_page feedback:$i
	click $(box feedback:skip feedback:$i)
	i=$((i + 1))
done
wait_page feedback:$Q
click $RIEN; wait_picked rien
click $SKIP
wait_page feedback:$((Q + 1))
kill -TERM "$kpid"; wait "$kpid"; kpid=
if grep -E 'AddressSanitizer|runtime error' "$TMP/main.log"; then
	fail "sanitizer report"
fi

"$K" -c "$TMP/kiosk.ini" stats export -o "$TMP/s.csv" >"$TMP/export.log" 2>&1 ||
	fail "stats export: $(cat "$TMP/export.log")"
got=$(sed '1s/^\xEF\xBB\xBF//' "$TMP/s.csv" | tr -d '\r' | grep ';reponse;freins=' |
    cut -d';' -f3- | sort | tr '\n' ' ')
[ "$got" = "freins=mobilite;1 freins=sante;1 " ] ||
	fail "answers counted: '$got', want freins=mobilite;1 freins=sante;1"
[ $failed = 0 ] || exit 1
echo "several answers: chosen, let go, Rien alone, counted at Valider only"
