#!/bin/sh
# Read aloud in each language (issue 16), tested on what the kiosk plays.
# The content is the real one cut to two pages and the offers of one
# theme: the first run synthesises about 20 minutes of speech a
# language (half a minute of the machine each), the next ones take it
# from the cache.  Checked:
#  - --read-aloud --lang en / ar / uk of a rights page writes a WAV that
#    is not silent, whose length fits the words of the translated text
#    (the report's sentences are the translation's), and that differs
#    from the French reading (sox's RMS of the difference);
#  - the pack names espeak-ng's voice of each language (audio_voice);
#  - a text left untranslated is read by the French voice: a glossary
#    explanation in an English clip, a theme with no English text at all
#    (no English row: the French clip is read);
#  - an offer's full text is read in French only: offer:ID in English
#    has no audio (exit 2, saying why), its title and summary are heard
#    on the theme's list in English;
#  - prononciation.csv without a `langue` column is French only: the
#    English reading of a page is the same with and without a French
#    entry for one of its words; a row of `langue` en changes it;
#  - a language whose voice this machine lacks (--audio-voice
#    uk=VOICE-THAT-IS-NOT): the build says so, the pack has no
#    Ukrainian audio, --read-aloud --lang uk says why (exit 2), and the
#    kiosk's bar in Ukrainian has no "Écouter" (layout report, with
#    SDL's dummy audio driver: a sound device, as in read_aloud.sh).
set -u
. "$ROOT/tests/helpers/kiosklib.sh"
command -v sox >/dev/null || { echo "sox missing (make deps)"; exit 77; }

SRC=$TMP/src
cp -r "$ROOT/assets/content" "$SRC"
python3 - "$SRC" <<'EOF'
import csv, glob, os, sys
src = sys.argv[1]
def cut(path, keep):
    with open(path, newline='') as f:
        rows = list(csv.reader(f, delimiter=';'))
    out = [rows[0]] + [r for r in rows[1:] if keep(dict(zip(rows[0], r)))]
    with open(path, 'w', newline='') as f:
        csv.writer(f, delimiter=';', lineterminator='\n').writerows(out)
cut(src + '/offers.csv', lambda r: r['theme'] == 'emploi')
for p in glob.glob(src + '/pages/*.txt') + \
        glob.glob(src + '/traductions/*/pages/*.txt'):
    if not os.path.basename(p).startswith(('01-', '02-')):
        os.remove(p)
EOF
# Left untranslated in English: one glossary explanation, one theme.
for key in glossaire.CAF.explication theme.emploi.titre theme.emploi.resume; do
	sed -i "/^$key;/s/^\([^;]*;[^;]*;\)[^;]*;/\1;/" "$SRC/traductions/en/textes.csv"
	grep -q "^$key;[^;]*;;" "$SRC/traductions/en/textes.csv" ||
		fail "could not untranslate $key"
done

PACK=$TMP/pack.db
"$K" content build "$SRC" -o "$PACK" >"$TMP/build.out" 2>"$TMP/build.err" ||
	{ cat "$TMP/build.out" "$TMP/build.err"; echo "FAIL: content build"; exit 1; }
cat "$TMP/build.out"
q() { sqlite3 -batch -noheader "$1" "$2"; }
[ "$(q "$PACK" "SELECT group_concat(lang || '=' || voice, ' ') FROM
    (SELECT * FROM audio_voice ORDER BY lang)")" = "ar=ar en=en fr=fr uk=uk" ] ||
	fail "voices: $(q "$PACK" "SELECT * FROM audio_voice")"

measure() {
	sox "$1" -n stat 2>&1 | awk '/^RMS +amplitude/ { r = $3 }
	    /^Length/ { l = $3 } END { print r, l }'
}

# read LANG PAGE OUT: the WAV and report of PAGE in LANG.
read_in() {
	"$K" --content "$PACK" --lang "$1" --page "$2" --read-aloud "$3.wav" \
	    --layout-report "$3.txt" 2>"$3.err" ||
		{ fail "$1 $2: --read-aloud: $(cat "$3.err")"; return 1; }
}

PAGE=rights:vos-droits
read_in fr $PAGE "$TMP/fr" || exit 1
set -- $(measure "$TMP/fr.wav")
FR_LEN=$2
for l in en ar uk; do
	read_in $l $PAGE "$TMP/$l" || continue
	set -- $(measure "$TMP/$l.wav")
	# Words of the sentences read (the translation's): 0.2 to 1 s each
	# (espeak-ng is slower in Arabic and Ukrainian than in French).
	words=$(sed -n 's/^sentence [0-9]* [0-9]* [0-9]* //p' "$TMP/$l.txt" |
	    tr -cs '[:alnum:]\200-\377' '\n' | grep -c .)
	awk -v p="$l" -v r="$1" -v len="$2" -v w="$words" 'BEGIN {
	    if (r < 0.02) { print "FAIL: " p ": RMS " r ", silent?"; exit 1 }
	    if (len < 0.2 * w || len > 1.0 * w) {
		print "FAIL: " p ": " len " s for " w " words"; exit 1 } }' ||
		failed=1
	# The sentences are the translation's, not the French ones.
	if cmp -s "$TMP/fr.txt" "$TMP/$l.txt"; then
		fail "$l: the report has the French sentences"
	fi
	# Another sound than the French: the difference is loud.
	sox -m -v 1 "$TMP/fr.wav" -v -1 "$TMP/$l.wav" "$TMP/d.wav" 2>/dev/null
	d=$(measure "$TMP/d.wav" | cut -d' ' -f1)
	awk -v d="$d" 'BEGIN { exit !(d > 0.02) }' ||
		fail "$l: sounds like the French reading (RMS of the difference $d)"
	# The translation's sentences in the report, one start each.
	n=$(q "$PACK" "SELECT length(sentences) - length(replace(sentences, char(10), '')) + 1
	    FROM audio WHERE lang = '$l' AND kind = 'page' AND id = 'vos-droits'")
	[ "$(grep -c '^sentence ' "$TMP/$l.txt")" = "$n" ] ||
		fail "$l: $(grep -c '^sentence ' "$TMP/$l.txt") sentences timed, the pack has $n"
done
grep -q "^sentence 1 0 [0-9]* Your rights" "$TMP/en.txt" ||
	fail "en: the first sentence is not the English title: $(sed -n 2p "$TMP/en.txt")"

# ---- what stayed French is read by the French voice
# The glossary word CAF: its word in English, its explanation in French.
# The English clip has both; the French sentence lasts as long as in
# the French clip (same voice, same text; espeak-ng's pause after the
# sentence before differs by a few ms), which the English voice reading
# French would not.
gloss_tail() {
	q "$PACK" "SELECT duration_ms, starts FROM audio WHERE lang = '$1'
	    AND kind = 'gloss' AND id = 'CAF'" |
	    awk -F'|' '{ split($2, s, " "); print $1 - s[2] }'
}
[ "$(q "$PACK" "SELECT substr(sentences, instr(sentences, char(10)) + 1)
    FROM audio WHERE lang = 'en' AND kind = 'gloss' AND id = 'CAF'")" = \
  "$(q "$PACK" "SELECT substr(sentences, instr(sentences, char(10)) + 1)
    FROM audio WHERE lang = 'fr' AND kind = 'gloss' AND id = 'CAF'")" ] ||
	fail "gloss CAF in English: the untranslated explanation is not the French one"
awk -v a="$(gloss_tail en)" -v b="$(gloss_tail fr)" \
    'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a > 0 && d < 0.02 * b) }' ||
	fail "gloss CAF: its French explanation lasts $(gloss_tail en) ms in English, $(gloss_tail fr) ms in French: not the French voice?"
# The theme emploi (the one with offers here), untranslated in English:
# no English row, the list of themes in English reads its French clip.
[ "$(q "$PACK" "SELECT count(*) FROM audio WHERE lang = 'en' AND kind = 'theme' AND id = 'emploi'")" = 0 ] ||
	fail "theme emploi: untranslated, yet an English clip"
grep -q "1 translated clips\? read in French" "$TMP/build.out" ||
	fail "the build does not count the clip that stayed French: $(grep audio: "$TMP/build.out")"
read_in en offers "$TMP/themes" &&
	grep -q "^sentence 1 0 [0-9]* Trouver un travail$" "$TMP/themes.txt" ||
	fail "offers in English: $(head -4 "$TMP/themes.txt")"

# ---- the offers' full text: French only
OFFER=$(q "$PACK" "SELECT id FROM offer ORDER BY position LIMIT 1")
read_in fr "offer:$OFFER" "$TMP/ofr" || true
"$K" --content "$PACK" --lang en --page "offer:$OFFER" --read-aloud "$TMP/oen.wav" 2>"$TMP/oen.err"
rc=$?
[ $rc = 2 ] && grep -q "nothing to read aloud.* in en" "$TMP/oen.err" ||
	fail "offer:$OFFER in English: exit $rc, $(cat "$TMP/oen.err")"
read_in fr offers:emploi "$TMP/listfr" && read_in en offers:emploi "$TMP/list" &&
	[ "$(sed -n 2p "$TMP/list.txt" | cut -d' ' -f5-)" = \
	  "$(q "$PACK" "SELECT text FROM translation WHERE lang = 'en' AND
	    key = 'offre.' || (SELECT id FROM offer WHERE theme = 'emploi'
	    ORDER BY position LIMIT 1) || '.titre'")" ] &&
	! cmp -s "$TMP/listfr.txt" "$TMP/list.txt" ||
	fail "offers:emploi in English: $(head -3 "$TMP/list.txt")"

# ---- prononciation.csv: French unless `langue` says otherwise
cp -r "$SRC" "$TMP/src2"
WORD=Your
printf '%s;%s\n' "$WORD" "vous autres" >>"$TMP/src2/prononciation.csv"
"$K" content build "$TMP/src2" -o "$TMP/p2.db" --audio-langs en >"$TMP/p2.out" 2>&1 ||
	{ cat "$TMP/p2.out"; fail "build with a French entry"; }
"$K" --content "$TMP/p2.db" --lang en --page $PAGE --read-aloud "$TMP/p2.wav" ||
	fail "read-aloud p2"
cmp -s "$TMP/en.wav" "$TMP/p2.wav" ||
	fail "a French entry of prononciation.csv changed the English reading"
{ echo "mot;prononciation;langue"; echo "$WORD;vous autres;fr";
  echo "$WORD;yaw yaw yaw yaw;en"; } >"$TMP/src2/prononciation.csv"
"$K" content build "$TMP/src2" -o "$TMP/p3.db" --audio-langs en >"$TMP/p3.out" 2>&1 ||
	{ cat "$TMP/p3.out"; fail "build with an English entry"; }
"$K" --content "$TMP/p3.db" --lang en --page $PAGE --read-aloud "$TMP/p3.wav" ||
	fail "read-aloud p3"
l1=$(measure "$TMP/en.wav" | cut -d' ' -f2)
l3=$(measure "$TMP/p3.wav" | cut -d' ' -f2)
awk -v a="$l1" -v b="$l3" 'BEGIN { exit !(b > a + 0.5) }' ||
	fail "a row of langue en changed nothing: $l1 s, then $l3 s"

# ---- a language without voice
NOV=$TMP/nov.db
"$K" content build "$SRC" -o "$NOV" --audio-voice uk=no-such-voice \
    >"$TMP/nov.out" 2>&1 || { cat "$TMP/nov.out"; fail "build without a uk voice"; }
grep -q "no voice for uk (voice no-such-voice).*no \"Écouter\"" "$TMP/nov.out" ||
	fail "the build does not say uk has no voice: $(grep audio: "$TMP/nov.out")"
[ "$(q "$NOV" "SELECT count(*) FROM audio WHERE lang = 'uk'")" = 0 ] &&
[ "$(q "$NOV" "SELECT count(*) FROM audio_voice WHERE lang = 'uk'")" = 0 ] ||
	fail "uk without voice: the pack has Ukrainian audio"
"$K" --content "$NOV" --lang uk --page $PAGE --read-aloud "$TMP/u.wav" 2>"$TMP/u.err"
rc=$?
[ $rc = 2 ] && grep -q "no audio in uk" "$TMP/u.err" ||
	fail "uk without voice: --read-aloud exit $rc, $(cat "$TMP/u.err")"
# The bar, in a window with SDL's disk audio driver (a sound device, as
# in read_aloud.sh): "Écouter" in Arabic, none in Ukrainian.  Tab visits
# every button of the screen; the state file names the one focused.
need_x_tools
xvfb_start 400 450
export SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=$TMP/audio.raw
ST=$TMP/state
focus_ids() {
	rm -f "$ST"
	"$K" --content "$NOV" --lang "$1" --msd chambery --windowed 1280x800 \
	    --dpi 96 --page $PAGE --state-file "$ST" >"$TMP/k-$1.log" 2>&1 &
	kpid=$!
	wait_page $PAGE 30 || { cat "$TMP/k-$1.log"; return 1; }
	W=$(xdotool search --sync --name '^msd-kiosk$' | head -1)
	xdotool windowfocus --sync "$W" 2>/dev/null || xdotool windowfocus "$W"
	: >"$TMP/focus-$1"
	i=0
	while [ $i -lt 25 ]; do
		xdotool key Tab
		sleep 0.15
		field focus >>"$TMP/focus-$1"
		i=$((i + 1))
	done
	kill "$kpid"; wait "$kpid" 2>/dev/null; kpid=
}
focus_ids ar && focus_ids uk
grep -qx "bar:listen" "$TMP/focus-ar" ||
	fail "ar: no Écouter in the bar (focus: $(sort -u "$TMP/focus-ar" | tr '\n' ' '))"
grep -qx "bar:home" "$TMP/focus-uk" ||
	fail "uk: Tab never reached the bar (focus: $(sort -u "$TMP/focus-uk" | tr '\n' ' '))"
grep -qx "bar:listen" "$TMP/focus-uk" &&
	fail "uk without voice: Écouter is in the bar"
for f in "$TMP"/k-*.log; do
	grep -q "ERROR: AddressSanitizer\|runtime error" "$f" && { fail "sanitizer: $f"; cat "$f"; }
done
[ $failed = 0 ]
