#!/bin/sh
# Read aloud (issue 15): every page can be heard, tested on what the
# kiosk plays.  Checked:
#  - the real content builds with its audio (synthesised once, then from
#    the cache: a second build synthesises nothing);
#  - for every rights page and every offer, --read-aloud writes a WAV
#    that is not silent (sox's RMS above a floor), whose length fits its
#    text (0.25 to 0.8 s a word), and --layout-report gives one start
#    per sentence, in order, inside the sound;
#  - a recording beside a page's source replaces its synthesis; an entry
#    of prononciation.csv changes the sound of the pages that use it;
#  - a page without audio (home) and a pack built with --no-audio: exit 2,
#    saying why;
#  - in a window on Xvfb with SDL's disk audio driver: touching "Écouter"
#    writes sound and counts page_ecoutee, "Retour" silences it at once,
#    the idle reset silences it, and a --no-audio pack shows no button.
set -u
. "$ROOT/tests/helpers/kiosklib.sh"
command -v sox >/dev/null || { echo "sox missing (make deps)"; exit 77; }

SRC=$ROOT/assets/content
PACK=$TMP/pack.db
"$K" content build "$SRC" -o "$PACK" >"$TMP/build1.out" 2>&1 ||
	{ cat "$TMP/build1.out"; echo "FAIL: content build"; exit 1; }
"$K" content build "$SRC" -o "$PACK" >"$TMP/build2.out" 2>&1 ||
	{ cat "$TMP/build2.out"; echo "FAIL: content build again"; exit 1; }
grep -q "audio: .* (0 synthesised," "$TMP/build2.out" ||
	fail "a second build synthesised again: $(grep audio: "$TMP/build2.out")"

q() { sqlite3 -batch -noheader "$PACK" "$1"; }

# sox's figures of a WAV: "rms length".
measure() {
	sox "$1" -n stat 2>&1 | awk '/^RMS +amplitude/ { r = $3 }
	    /^Length/ { l = $3 } END { print r, l }'
}

# check PAGE: the WAV and the timings of one page.
check() {
	"$K" --content "$PACK" --page "$1" --read-aloud "$TMP/a.wav" \
	    --layout-report "$TMP/a.txt" 2>"$TMP/a.err" ||
		{ fail "$1: --read-aloud: $(cat "$TMP/a.err")"; return; }
	set -- "$1" $(measure "$TMP/a.wav")
	words=$(sed -n 's/^sentence [0-9]* [0-9]* [0-9]* //p' "$TMP/a.txt" |
	    tr -cs '[:alnum:]\200-\377' '\n' | grep -c .)
	awk -v p="$1" -v r="$2" -v l="$3" -v w="$words" 'BEGIN {
	    if (r < 0.02) { print "FAIL: " p ": RMS " r ", silent?"; exit 1 }
	    if (l < 0.25 * w || l > 0.8 * w) {
		print "FAIL: " p ": " l " s for " w " words"; exit 1 } }' ||
		failed=1
	# Sentences numbered 1..n, starts growing, the last inside the sound.
	awk -v p="$1" -v l="$3" '
	    /^read-aloud / { for (i = 1; i <= NF; i++) if ($i ~ /^sentences=/)
		{ sub(/sentences=/, "", $i); want = $i } }
	    /^sentence / { n++; if ($2 != n) bad = "numbering";
		if (n > 1 && $3 <= last) bad = "start " $3 " after " last;
		last = $3 }
	    END { if (n != want || n == 0) bad = n " sentences of " want;
		if (last / 1000 >= l) bad = "last start " last " ms past the end";
		if (bad) { print "FAIL: " p ": timings: " bad; exit 1 } }' \
	    "$TMP/a.txt" || failed=1
}

for id in $(q "SELECT id FROM page ORDER BY position"); do
	check "rights:$id"
	n=$(q "SELECT length(sentences) - length(replace(sentences, char(10), '')) + 1
	    FROM audio WHERE lang = 'fr' AND kind = 'page' AND id = '$id'")
	[ "$(grep -c '^sentence ' "$TMP/a.txt")" = "$n" ] ||
		fail "rights:$id: $(grep -c '^sentence ' "$TMP/a.txt") sentences timed, the pack has $n"
done
for id in $(q "SELECT id FROM offer ORDER BY theme, position"); do
	check "offer:$id"
done
for p in rights offers offers:emploi feedback feedback:2; do
	check "$p"
done

# ---- a page without audio, a pack without audio
"$K" --content "$PACK" --page home --read-aloud "$TMP/h.wav" 2>"$TMP/h.err"
rc=$?
[ $rc = 2 ] && grep -q "nothing to read aloud" "$TMP/h.err" ||
	fail "home: exit $rc, $(cat "$TMP/h.err")"
NOAUDIO=$TMP/noaudio.db
"$K" content build "$SRC" -o "$NOAUDIO" --no-audio >"$TMP/b.out" 2>&1 ||
	{ cat "$TMP/b.out"; fail "build --no-audio"; }
[ "$(sqlite3 "$NOAUDIO" "SELECT count(*) FROM sqlite_master WHERE name = 'audio'")" = 0 ] ||
	fail "--no-audio: the pack has an audio table"
"$K" --content "$NOAUDIO" --page rights:le-rsa --read-aloud "$TMP/n.wav" 2>"$TMP/n.err"
rc=$?
[ $rc = 2 ] && grep -q "built with --no-audio" "$TMP/n.err" ||
	fail "--no-audio pack: exit $rc, $(cat "$TMP/n.err")"
"$K" --content "$NOAUDIO" --page rights:le-rsa --screenshot "$TMP/n.png" ||
	fail "--no-audio pack: no screenshot"

# ---- a recording wins, a pronunciation counts
cp -r "$SRC" "$TMP/src"
"$K" --content "$PACK" --page rights:le-rsa --read-aloud "$TMP/before.wav"
sox -n -r 22050 -b 16 -c 1 "$TMP/src/pages/01-le-rsa.wav" synth 2.5 sine 440 vol 0.5
sed -i 's/^rSa;.*/rSa;revenu de solidarité active/' "$TMP/src/prononciation.csv"
grep -q '^rSa;revenu' "$TMP/src/prononciation.csv" || fail "no rSa in prononciation.csv"
"$K" content build "$TMP/src" -o "$TMP/rec.db" >"$TMP/rec.out" 2>&1 ||
	{ cat "$TMP/rec.out"; fail "build with a recording"; }
grep -q ", 1 recorded)" "$TMP/rec.out" || fail "no recording used: $(grep audio: "$TMP/rec.out")"
"$K" --content "$TMP/rec.db" --page rights:le-rsa --read-aloud "$TMP/rec.wav" ||
	fail "read-aloud of the recorded page"
set -- $(measure "$TMP/rec.wav")
freq=$(sox "$TMP/rec.wav" -n stat 2>&1 | awk '/^Rough +frequency/ { print $3 }')
awk -v l="$2" -v f="$freq" 'BEGIN { exit !(l > 2.4 && l < 2.6 && f > 400 && f < 480) }' ||
	fail "the recording is not what plays: $2 s, $freq Hz"
# rSa said in full: a page that has it is longer, an offer without it
# is the same.
"$K" --content "$PACK" --page offer:accompagnement-global --read-aloud "$TMP/o1.wav"
"$K" --content "$TMP/rec.db" --page offer:accompagnement-global --read-aloud "$TMP/o2.wav"
"$K" --content "$PACK" --page rights:vos-droits --read-aloud "$TMP/d1.wav"
"$K" --content "$TMP/rec.db" --page rights:vos-droits --read-aloud "$TMP/d2.wav"
l1=$(measure "$TMP/d1.wav" | cut -d' ' -f2)
l2=$(measure "$TMP/d2.wav" | cut -d' ' -f2)
awk -v a="$l1" -v b="$l2" 'BEGIN { exit !(b > a + 1) }' ||
	fail "the pronunciation of rSa changed nothing: $l1 s, then $l2 s"
cmp -s "$TMP/o1.wav" "$TMP/o2.wav" ||
	fail "an offer without rSa sounds different after the change"

# ---- in a window, with SDL's disk audio driver
need_x_tools
xvfb_start 140 190
export SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=$TMP/audio.raw
MSD=chambery
cat >"$TMP/kiosk.ini" <<EOT
[kiosk]
idle_s = 4
countdown_s = 1
[stats]
path = $TMP/stats.db
EOT
"$K" --content "$PACK" --page rights:le-rsa --windowed 1280x800 --dpi 96 \
    --screenshot "$TMP/s.png" --layout-report "$TMP/s.txt"
set -- $(awk '$2 == "bar:home" { print $3, $4, $5, $6 }' "$TMP/s.txt")
# "Écouter" is at the left of "Accueil", as high.
LX=$(($1 - 60)) LY=$(($2 + $4 / 2))
set -- $(awk '$2 == "bar:back" { print $3, $4, $5, $6 }' "$TMP/s.txt")
BX=$(($1 + $3 / 2)) BY=$(($2 + $4 / 2))

# Bytes of the disk device that are not silence, from byte $1 on.
loud_after() {
	tail -c +$(($1 + 1)) "$SDL_DISKAUDIOFILE" | od -An -v -td2 -w2 |
	    awk '$1 > 300 || $1 < -300 { n++ } END { print n + 0 }'
}
tap() { xdotool mousemove --window "$W" "$1" "$2" click 1; }

# Opened on the page by --page (not counted: a start), then touched as
# a person does.
rm -f "$ST" "$SDL_DISKAUDIOFILE"
"$K" -c "$TMP/kiosk.ini" --content "$PACK" --msd $MSD --windowed 1280x800 \
    --dpi 96 --page rights:le-rsa --state-file "$ST" >"$TMP/k2.log" 2>&1 &
kpid=$!
wait_page rights:le-rsa 30 || { cat "$TMP/k2.log"; exit 1; }
W=$(xdotool search --sync --name '^msd-kiosk$' | head -1)
xdotool windowfocus --sync "$W" 2>/dev/null || xdotool windowfocus "$W"
# By the keyboard: the bar's buttons beside "Écouter" (A+, the language)
# must not be touched by a tap that guesses its place.
tab_to bar:listen && xdotool key Return
i=0
while [ "$(field audio)" = "" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(field audio | cut -d' ' -f1)" = rights:le-rsa ] ||
	fail "Écouter: the state says audio='$(field audio)'"
sleep 2
[ "$(loud_after 0)" -gt 4800 ] || fail "Écouter: no sound written ($(loud_after 0) loud samples)"
tap $BX $BY
wait_page rights 5
sleep 0.2
at=$(stat -c %s "$SDL_DISKAUDIOFILE")
sleep 1.5
[ "$(loud_after "$at")" = 0 ] || fail "Retour: still $(loud_after "$at") loud samples after it"
[ -z "$(field audio)" ] || fail "Retour: the state still says audio=$(field audio)"

# The idle reset silences it too (idle_s = 4, countdown_s = 1).
kill "$kpid"; wait "$kpid" 2>/dev/null; kpid=
rm -f "$ST" "$SDL_DISKAUDIOFILE"
"$K" -c "$TMP/kiosk.ini" --content "$PACK" --msd $MSD --windowed 1280x800 \
    --dpi 96 --page rights:le-rsa --state-file "$ST" >"$TMP/k3.log" 2>&1 &
kpid=$!
wait_page rights:le-rsa 30 || { cat "$TMP/k3.log"; exit 1; }
W=$(xdotool search --sync --name '^msd-kiosk$' | head -1)
xdotool windowfocus --sync "$W" 2>/dev/null || xdotool windowfocus "$W"
tab_to bar:listen && xdotool key Return
sleep 1
[ "$(field audio | cut -d' ' -f1)" = rights:le-rsa ] || fail "idle: not reading"
wait_page home 15
sleep 0.2
at=$(stat -c %s "$SDL_DISKAUDIOFILE")
sleep 1.5
[ "$(loud_after "$at")" = 0 ] || fail "idle reset: still $(loud_after "$at") loud samples after it"
kill "$kpid"; wait "$kpid" 2>/dev/null; kpid=
[ "$(sqlite3 "$TMP/stats.db" "SELECT sum(n) FROM counts WHERE kind = 'page_ecoutee' AND what = 'rights:le-rsa'")" = 2 ] ||
	fail "page_ecoutee: $(sqlite3 "$TMP/stats.db" "SELECT * FROM counts WHERE kind = 'page_ecoutee'")"

# A pack without audio: no button (its place is empty: the tap does nothing).
rm -f "$ST"
"$K" -c "$TMP/kiosk.ini" --content "$NOAUDIO" --msd $MSD --windowed 1280x800 \
    --dpi 96 --page rights:le-rsa --state-file "$ST" >"$TMP/k4.log" 2>&1 &
kpid=$!
wait_page rights:le-rsa 30 || { cat "$TMP/k4.log"; exit 1; }
W=$(xdotool search --sync --name '^msd-kiosk$' | head -1)
tap $LX $LY
sleep 0.5
[ -z "$(field audio)" ] || fail "--no-audio pack: Écouter was there ($(field audio))"
[ "$(page)" = rights:le-rsa ] || fail "--no-audio pack: the tap went to $(page)"
for f in "$TMP"/k*.log; do
	grep -q "ERROR: AddressSanitizer\|runtime error" "$f" && { fail "sanitizer: $f"; cat "$f"; }
done
[ $failed = 0 ]
