#!/bin/sh
# Every word the kiosk shows comes from the pack (issue 16): the names the
# C code asks for with tr()/trf()/WORD() are the rows of
# assets/content/interface.csv, each row is asked for, no French sentence
# is left in kiosk/screens, kiosk/app or kiosk/ui, the translations keep
# the placeholders of their French (tests/helpers/interface_words.py).
# Then the checker must fail on a copy of the tree where each rule is
# broken once: a check that cannot fail proves nothing.
set -u
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
check=$ROOT/tests/helpers/interface_words.py

python3 "$check" "$ROOT" >"$TMP/tree.txt" 2>&1 ||
	fail "the tree: $(cat "$TMP/tree.txt")"
cat "$TMP/tree.txt"

# A copy with one of each fault.
copy=$TMP/copy
mkdir -p "$copy/assets"
cp -r "$ROOT/kiosk" "$copy/kiosk"
cp -r "$ROOT/assets/content" "$copy/assets/content"
# (1) a French literal drawn on screen
printf '%s\n' 'static const char *planted_text(void) { return "Touchez ici pour voir"; }' \
    >>"$copy/kiosk/screens/home.c"
# (2) a word the code asks for that interface.csv lacks
printf '%s\n' 'static const char *planted_word(const struct app *a) { return tr(a, "mot-plante"); }' \
    >>"$copy/kiosk/screens/rights.c"
# (3) a row no code asks for
printf '%s\n' 'rangee-plantee;Un mot que personne ne demande' \
    >>"$copy/assets/content/interface.csv"
# (4) a translation that renames a placeholder
python3 - "$copy/assets/content/traductions/en/textes.csv" <<'EOF'
import csv, sys
p = sys.argv[1]
with open(p, encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
k, t = rows[0].index("clé"), rows[0].index("texte")
for r in rows:
    if r[k] == "ui.avis.progression":
        r[t] = "Question {num} of {total}"
with open(p, "w", encoding="utf-8", newline="") as f:
    csv.writer(f, delimiter=";", lineterminator="\n").writerows(rows)
EOF
# (5) the poster and the screen saying an offer's section differently
sed 's/^offre\.cout;.*/offre.cout;Le prix ?/' "$copy/assets/content/interface.csv" \
    >"$TMP/ui.csv" && mv "$TMP/ui.csv" "$copy/assets/content/interface.csv"

if python3 "$check" "$copy" >"$TMP/copy.txt" 2>&1; then
	fail "the checker passed a tree with planted faults"
fi
cat "$TMP/copy.txt"
grep -q 'home.c:[0-9]*: the string "Touchez ici pour voir"' "$TMP/copy.txt" ||
	fail "a French literal in screens/home.c went unseen"
grep -q "asks for the word 'mot-plante'" "$TMP/copy.txt" ||
	fail "a word missing from interface.csv went unseen"
grep -q "the word 'rangee-plantee' is asked for by no code" "$TMP/copy.txt" ||
	fail "a row of interface.csv that no code asks for went unseen"
grep -q "ui.avis.progression has the placeholders {num, total}" "$TMP/copy.txt" ||
	fail "a renamed placeholder in traductions/en went unseen"
grep -q "'offre.cout' is 'Le prix ?'" "$TMP/copy.txt" ||
	fail "an offer section title unlike labels.h went unseen"
[ "$(grep -c '' "$TMP/copy.txt")" = 7 ] ||
	fail "the planted tree should give 5 problems and 2 summary lines"

[ $fails = 0 ] && echo "interface words: ok"
[ $fails = 0 ]
