#!/bin/sh
# content lint and content build on real source folders:
#  - tests/fixtures/content-ok lints clean (no error, no warning) and builds
#    into a pack that sqlite3 reads (schema version, row counts);
#  - one broken copy of it per rule F1..F8 and per integrity error: lint
#    exits 2 and reports `FILE:LINE: CODE` on the right line; warnings
#    alone exit 0;
#  - build refuses a broken set, leaves no file and keeps an older pack;
#  - usage errors exit 2;
#  - the real content in assets/content lints clean and builds (skipped
#    only while assets/content/offers.csv does not exist yet).
set -u
K=$BIN/msd-kiosk
OK=$ROOT/tests/fixtures/content-ok
PICTOS=$ROOT/assets/content/pictos.csv
failed=0

fail() {
	echo "FAIL: $*"
	failed=1
}

# case NAME: a fresh copy of content-ok in $TMP/NAME/src, with pictos.csv
# inside it (where lint looks by default: SRC/pictos.csv).
case_dir() {
	rm -rf "$TMP/$1"
	mkdir -p "$TMP/$1"
	cp -r "$OK" "$TMP/$1/src"
	cp "$PICTOS" "$TMP/$1/src/pictos.csv"
	echo "$TMP/$1/src"
}

# expect NAME EXIT "FILE:LINE: CODE": lint the copy; check status and line.
expect() {
	name=$1 want_rc=$2 want=$3
	src=$TMP/$name/src
	"$K" content lint "$src" >"$TMP/$name/out" 2>"$TMP/$name/err"
	rc=$?
	if [ "$rc" != "$want_rc" ]; then
		fail "$name: lint exited $rc, want $want_rc"
		sed 's/^/    /' "$TMP/$name/err"
		return
	fi
	if ! grep -qF "$src/$want " "$TMP/$name/err"; then
		fail "$name: no '$want' in:"
		sed 's/^/    /' "$TMP/$name/err"
		return
	fi
	if grep -q "AddressSanitizer\|runtime error" "$TMP/$name/err"; then
		fail "$name: sanitizer report"
		cat "$TMP/$name/err"
	fi
	echo "ok    $name: $(grep -F "$src/$want " "$TMP/$name/err" | head -1 |
	    sed "s|$src/||")"
}

# ---------------------------------------------------------------- clean
"$K" content lint "$OK" --pictos "$PICTOS" 2>"$TMP/ok.err"
rc=$?
[ $rc = 0 ] || fail "content-ok: lint exited $rc"
grep -q "^0 errors, 0 warnings in 8 files$" "$TMP/ok.err" ||
	{ fail "content-ok: not clean:"; cat "$TMP/ok.err"; }

# ---------------------------------------------------------------- F1..F8
d=$(case_dir F1)	# 18 words, on the 2nd line of a paragraph
sed -i '15s/.*/Si vous ne pouvez pas venir au rendez-vous avec votre référent, prévenez-le bien avant le jour du rendez-vous./' "$d/pages/02-vos-devoirs.txt"
expect F1 2 "pages/02-vos-devoirs.txt:15: F1"

d=$(case_dir F1-average)	# every sentence under 15, average 11.8
cat >"$d/pages/03-longue.txt" <<'EOF'
titre: Une page longue
pictogramme: info
vérifié le: 2026-01-15
source: Fixture de test

Vous venez à la maison sociale avec vos papiers et votre carte Vitale.
Vous parlez avec votre référent de votre projet et de vos besoins.
Votre référent vous explique les aides et les ateliers près de chez vous.
Ensemble, vous écrivez les étapes de votre projet pour les mois qui viennent.
EOF
expect F1-average 2 "pages/03-longue.txt:1: F1"

d=$(case_dir F2)	# inside a multi-line CSV cell: line 6 of the file
sed -i '6s/avec vous\./avec le CIO./' "$d/offers.csv"
expect F2 2 "offers.csv:6: F2"

d=$(case_dir F3)
sed -i '10s/Tous les 3 mois/Tous les trois mois/' "$d/pages/02-vos-devoirs.txt"
expect F3 2 "pages/02-vos-devoirs.txt:10: F3"

d=$(case_dir F3-roman)
sed -i '6s/des devoirs\./des devoirs depuis le XXIe siècle./' "$d/pages/02-vos-devoirs.txt"
expect F3-roman 2 "pages/02-vos-devoirs.txt:6: F3"

d=$(case_dir F3-percent)
sed -i '12s/La CAF paie une partie\./La CAF paie 50 % du permis./' "$d/offers.csv"
expect F3-percent 2 "offers.csv:12: F3"

d=$(case_dir F4)
sed -i '5s/qui vous suit/qui vous suit TOUJOURS/' "$d/glossary.csv"
expect F4 2 "glossary.csv:5: F4"

d=$(case_dir F4-italics)
sed -i '17s/France Travail/<i>France Travail<\/i>/' "$d/pages/02-vos-devoirs.txt"
expect F4-italics 2 "pages/02-vos-devoirs.txt:17: F4"

d=$(case_dir F5)
sed -i '3s/de 9 h à 12 h/de 9h à 12h/' "$d/msd.csv"
expect F5 2 "msd.csv:3: F5"

d=$(case_dir F5-date)
sed -i '14s/rendez-vous avec/rendez-vous du 03\/12\/2026 avec/' "$d/pages/02-vos-devoirs.txt"
expect F5-date 2 "pages/02-vos-devoirs.txt:14: F5"

d=$(case_dir F6)
sed -i '2s/pour aller au travail/pour aller au travail (bus, voiture)/' "$d/themes.csv"
expect F6 2 "themes.csv:2: F6"

d=$(case_dir F6-semicolon)
sed -i '2s/;Cette borne vous a-t-elle aidé?;/;"Cette borne vous aide; vraiment?";/' "$d/questions.csv"
expect F6-semicolon 2 "questions.csv:2: F6"

d=$(case_dir E-CSV)	# a ';' in a cell that is not quoted
sed -i '2s/Oui|moyen/Oui; bien|moyen/' "$d/questions.csv"
expect E-CSV 2 "questions.csv:2: E-CSV"

d=$(case_dir F7-title)
sed -i '1d' "$d/pages/01-le-rsa.txt"
expect F7-title 2 "pages/01-le-rsa.txt:1: F7"

d=$(case_dir F7-picto)
sed -i '/^pictogramme:/d' "$d/pages/02-vos-devoirs.txt"
expect F7-picto 2 "pages/02-vos-devoirs.txt:1: F7"

d=$(case_dir F7-source)
sed -i '12s/;PDIE 2022-2024, fiche 4.2;/;;/' "$d/offers.csv"
expect F7-source 2 "offers.csv:12: F7"

d=$(case_dir F7-date)
sed -i '8s/;2026-01-15;/;;/' "$d/offers.csv"
expect F7-date 2 "offers.csv:8: F7"

d=$(case_dir F8)
sed -i '6s/^PLIE;;.*/PLIE;;/' "$d/glossary.csv"
expect F8 2 "glossary.csv:6: F8"

d=$(case_dir F8-text)	# the explanation itself follows the rules
sed -i '3s/Elle verse le rSa\./Elle verse le rSa (et la prime)./' "$d/glossary.csv"
expect F8-text 2 "glossary.csv:3: F6"

d=$(case_dir W-F8)	# a glossary word used nowhere: a warning only
echo "CCAS;;Le centre communal d'action sociale. C'est le service social de la mairie." >>"$d/glossary.csv"
expect W-F8 0 "glossary.csv:8: W-F8"

# ---------------------------------------------------------------- integrity
d=$(case_dir E-THEME)
sed -i '8s/^immersion;emploi;/immersion;travail;/' "$d/offers.csv"
expect E-THEME 2 "offers.csv:8: E-THEME"

d=$(case_dir E-DUP)
sed -i '12s/^aide-permis;/plie;/' "$d/offers.csv"
expect E-DUP 2 "offers.csv:12: E-DUP"

d=$(case_dir E-DUP-page)
cp "$d/pages/01-le-rsa.txt" "$d/pages/09-le-rsa.txt"
expect E-DUP-page 2 "pages/09-le-rsa.txt: E-DUP"

d=$(case_dir E-PICTO)
sed -i '2s/;mobilite;2;/;bus;2;/' "$d/themes.csv"
expect E-PICTO 2 "themes.csv:2: E-PICTO"

d=$(case_dir E-PICTO-answer)
sed -i '2s/content:Oui/heureux:Oui/' "$d/questions.csv"
expect E-PICTO-answer 2 "questions.csv:2: E-PICTO"

d=$(case_dir E-URL)
sed -i '2s|https://www.grandchambery.fr|http://www.grandchambery.fr|' "$d/offers.csv"
expect E-URL 2 "offers.csv:2: E-URL"

d=$(case_dir E-URL-source)
sed -i '4s|source: https://|source: http://|' "$d/pages/02-vos-devoirs.txt"
expect E-URL-source 2 "pages/02-vos-devoirs.txt:4: E-URL"

d=$(case_dir E-QR)
sed -i '8s|https://immersion-facile.beta.gouv.fr/recherche;outil|www.immersion-facile.fr;outil|' "$d/offers.csv"
expect E-QR 2 "offers.csv:8: E-QR"

d=$(case_dir E-QR-tel)
sed -i '9s|tel:+33479000010|tel:04 79 00 00 10|' "$d/offers.csv"
expect E-QR-tel 2 "offers.csv:9: E-QR"

d=$(case_dir E-MSD-none)
sed -i '12s/;albertville aix combe;/;;/' "$d/offers.csv"
expect E-MSD-none 2 "offers.csv:12: E-MSD"

d=$(case_dir E-MSD-unknown)
sed -i '9s/;maurienne tarentaise;/;maurienne lyon;/' "$d/offers.csv"
expect E-MSD-unknown 2 "offers.csv:9: E-MSD"

d=$(case_dir E-COL)
sed -i '1s/;source;/;sources;/' "$d/offers.csv"
expect E-COL 2 "offers.csv:1: E-COL"

d=$(case_dir E-DATE)
sed -i '3s/2026-01-15/2026-02-30/' "$d/pages/01-le-rsa.txt"
expect E-DATE 2 "pages/01-le-rsa.txt:3: E-DATE"

d=$(case_dir E-DATE-future)
sed -i '12s/;2026-01-15;/;2999-01-15;/' "$d/offers.csv"
expect E-DATE-future 2 "offers.csv:12: E-DATE"

d=$(case_dir E-ANSWER)
sed -i '2s/;content:Oui|moyen:Un peu|pas-content:Non$/;/' "$d/questions.csv"
expect E-ANSWER 2 "questions.csv:2: E-ANSWER"

d=$(case_dir E-ANSWER-dup)	# two answers with one pictogram
sed -i '2s/|moyen:Un peu|/|content:Un peu|/' "$d/questions.csv"
expect E-ANSWER-dup 2 "questions.csv:2: E-ANSWER question 'utile' has two answers with the pictogram 'content':"

d=$(case_dir E-ID)
sed -i '8s/^immersion;/Immersion facile;/' "$d/offers.csv"
expect E-ID 2 "offers.csv:8: E-ID"

d=$(case_dir E-ORDER)
sed -i '3s/;emploi;1;/;emploi;premier;/' "$d/themes.csv"
expect E-ORDER 2 "themes.csv:3: E-ORDER"

d=$(case_dir E-PAGE)	# the blank line after the header is missing
sed -i '5d' "$d/pages/02-vos-devoirs.txt"
expect E-PAGE 2 "pages/02-vos-devoirs.txt:5: E-PAGE"

d=$(case_dir E-FILE)
rm "$d/themes.csv"
expect E-FILE 2 "themes.csv: E-FILE"

d=$(case_dir E-PICTO-nofile)	# no pictos.csv beside the sources
rm "$TMP/E-PICTO-nofile/src/pictos.csv"
expect E-PICTO-nofile 2 "pictos.csv: E-FILE"

# ---------------------------------------------------------------- files
# Only regular files of the source folder are read: a symbolic link out
# of it is refused (one to /etc/passwd made lint echo its lines), one
# inside it is fine, and a FIFO is refused at once instead of hanging.
d=$(case_dir E-FILE-link-out)
ln -s /etc/passwd "$d/pages/07-passwd.txt"
expect E-FILE-link-out 2 "pages/07-passwd.txt: E-FILE"
if grep -q "root:" "$TMP/E-FILE-link-out/err"; then
	fail "E-FILE-link-out: lint echoed /etc/passwd"
fi
d=$(case_dir E-FILE-link-csv)
rm "$d/glossary.csv"
ln -s /etc/passwd "$d/glossary.csv"
expect E-FILE-link-csv 2 "glossary.csv: E-FILE"
grep -q "root:" "$TMP/E-FILE-link-csv/err" &&
	fail "E-FILE-link-csv: lint echoed /etc/passwd"

d=$(case_dir link-inside)	# a link to a file of the folder is fine
mv "$d/glossary.csv" "$d/glossaire-v2.csv"
ln -s glossaire-v2.csv "$d/glossary.csv"
"$K" content lint "$d" >/dev/null 2>"$TMP/link-inside/err" ||
	{ fail "link-inside: a link inside the folder is refused"; cat "$TMP/link-inside/err"; }

for f in themes.csv pages/08-fifo.txt; do
	name=E-FILE-fifo-$(basename "$f" | tr . -)
	d=$(case_dir "$name")
	rm -f "$d/$f"
	mkfifo "$d/$f"
	timeout 20 "$K" content lint "$d" >/dev/null 2>"$TMP/$name/err"
	rc=$?
	if [ $rc = 124 ]; then
		fail "$name: lint hangs on a FIFO"
	elif [ $rc != 2 ] || ! grep -qF "$d/$f: E-FILE" "$TMP/$name/err"; then
		fail "$name: exit $rc, $(grep -F "$f" "$TMP/$name/err" | head -1)"
	else
		echo "ok    $name: $(grep -F "$d/$f" "$TMP/$name/err" | head -1 | sed "s|$d/||")"
	fi
done

# ---------------------------------------------------------------- lengths
# Values longer than content_limits.h allows: E-LONG, and build refuses.
d=$(case_dir E-LONG)
head -c 500 /dev/zero | tr '\0' 'x' >"$TMP/E-LONG/name"
sed -i "2s/^\([^;]*\);[^;]*;/\1;$(cat "$TMP/E-LONG/name");/" "$d/msd.csv"
expect E-LONG 2 "msd.csv:2: E-LONG"
grep -qF "nom is 500 bytes long, at most 400" "$TMP/E-LONG/err" ||
	fail "E-LONG: the message does not give the length and the limit"

# A 15 MB page: lint stays linear in the page size (it took minutes when
# each block's start was searched from the top).  The sanitized build is
# several times slower than the release one (about 3 s and 17 s of CPU
# here); 120 s is far above either, and far below the minutes it took.
d=$(case_dir E-LONG-page)
python3 - "$d/pages/02-vos-devoirs.txt" <<'PY'
import sys
path = sys.argv[1]
head = open(path, encoding="utf-8").read().split("\n\n", 1)[0] + "\n\n"
para = "Le rSa est une aide.\n\n- Vous allez à la CAF.\n\n## Qui paie?\n\n"
open(path, "w", encoding="utf-8").write(head + para * (15000000 // len(para)))
PY
timeout 120 "$K" content lint "$d" >/dev/null 2>"$TMP/E-LONG-page/err"
rc=$?
if [ $rc = 124 ]; then
	fail "E-LONG-page: lint of a $(wc -c <"$d/pages/02-vos-devoirs.txt")-byte page takes over 120 s"
elif [ $rc != 2 ] || ! grep -qF "pages/02-vos-devoirs.txt:6: E-LONG" "$TMP/E-LONG-page/err"; then
	fail "E-LONG-page: exit $rc, no E-LONG for the text"
	grep -v ': F' "$TMP/E-LONG-page/err" | head -5
else
	echo "ok    E-LONG-page: $(grep -F ": E-LONG" "$TMP/E-LONG-page/err" | head -1 | sed "s|$d/||")"
fi

d=$(case_dir W-MSD)	# one MSD missing: a warning
sed -i '/^tarentaise;/d' "$d/msd.csv"
sed -i '9s/;maurienne tarentaise;/;maurienne;/' "$d/offers.csv"
expect W-MSD 0 "msd.csv: W-MSD"

d=$(case_dir W-EMPTY)	# an address left empty: a warning
sed -i '2s/;1 rue de l.Essai, 73200 Albertville;/;;/' "$d/msd.csv"
expect W-EMPTY 0 "msd.csv:2: W-EMPTY"

# Windows-1252 and CRLF, as French Excel saves: still clean.
d=$(case_dir cp1252)
for f in "$d"/*.csv; do
	iconv -f UTF-8 -t WINDOWS-1252 "$f" | sed 's/$/\r/' >"$f.tmp" && mv "$f.tmp" "$f"
done
"$K" content lint "$d" 2>"$TMP/cp1252.err" ||
	{ fail "cp1252: lint failed:"; cat "$TMP/cp1252.err"; }

# ---------------------------------------------------------------- build
P=$TMP/pack.db
"$K" content build "$OK" -o "$P" --version 12 --pictos "$PICTOS" >"$TMP/build.out" 2>&1 ||
	{ fail "build content-ok:"; cat "$TMP/build.out"; }
q() { sqlite3 -batch -noheader "$P" "$1"; }
# The schema version this program reads (kiosk/content/pack.h).
V=$(sed -n 's/^#define PACK_SCHEMA_VERSION //p' "$ROOT/kiosk/content/pack.h")
[ "$(q 'PRAGMA user_version')" = "$V" ] || fail "user_version $(q 'PRAGMA user_version'), want $V"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
[ "$(q "SELECT value FROM meta WHERE key = 'version'")" = 12 ] || fail "meta version"
[ "$(q "SELECT length(value) FROM meta WHERE key = 'source_sha256'")" = 64 ] ||
	fail "source_sha256"
counts=$(q "SELECT (SELECT count(*) FROM msd), (SELECT count(*) FROM theme),
    (SELECT count(*) FROM page), (SELECT count(*) FROM offer),
    (SELECT count(*) FROM offer_msd), (SELECT count(*) FROM glossary),
    (SELECT count(*) FROM question), (SELECT count(*) FROM answer),
    (SELECT count(*) FROM picto)")
npictos=$(($(grep -c . "$PICTOS") - 1))
[ "$counts" = "7|2|2|4|13|6|1|3|$npictos" ] || fail "counts $counts"
[ "$(q "SELECT picto FROM offer WHERE id = 'plie'")" = emploi ] ||
	fail "offer picto not resolved to its theme's"
[ "$(q "SELECT address IS NULL FROM msd WHERE code = 'aix'")" = 0 ] ||
	fail "msd address"
[ "$(q "SELECT count(*) FROM offer WHERE contact IS NULL")" = 2 ] ||
	fail "empty contact should be NULL"
[ -z "$(ls "$TMP" | grep 'pack.db.tmp')" ] || fail "temp file left"

# Default version: YYYYMMDDHHMM, and never older than an earlier build.
"$K" content build "$OK" -o "$TMP/p2.db" --pictos "$PICTOS" >/dev/null 2>&1 ||
	fail "build without --version"
v=$(sqlite3 "$TMP/p2.db" "SELECT value FROM meta WHERE key = 'version'")
case $v in
2[0-9][0-9][0-9][01][0-9][0-3][0-9][0-2][0-9][0-5][0-9]) ;;
*) fail "default version '$v' is not YYYYMMDDHHMM" ;;
esac
# Same sources, same hash.
[ "$(sqlite3 "$TMP/p2.db" "SELECT value FROM meta WHERE key = 'source_sha256'")" = \
  "$(q "SELECT value FROM meta WHERE key = 'source_sha256'")" ] ||
	fail "source_sha256 differs for the same sources"

# Build refuses a broken set: exit 2, a clear line, no file, old pack kept.
cp "$P" "$TMP/old.db"
"$K" content build "$TMP/F3/src" -o "$P" >"$TMP/bad.out" 2>&1
rc=$?
[ $rc = 2 ] || fail "build of a broken set exited $rc"
grep -q "content build: $TMP/F3/src has 1 lint error: fix them first (msd-kiosk content lint $TMP/F3/src)" "$TMP/bad.out" ||
	{ fail "build refusal message:"; cat "$TMP/bad.out"; }
cmp -s "$P" "$TMP/old.db" || fail "refused build changed the old pack"
"$K" content build "$TMP/F3/src" -o "$TMP/new.db" >/dev/null 2>&1
[ ! -e "$TMP/new.db" ] || fail "refused build wrote a pack"
[ -z "$(ls "$TMP" | grep '\.tmp\.')" ] || fail "temp file left: $(ls "$TMP")"

# Build into a missing folder: exit 1, nothing left.
"$K" content build "$OK" -o "$TMP/no/such/p.db" --pictos "$PICTOS" >"$TMP/nodir.out" 2>&1
rc=$?
[ $rc = 1 ] || fail "build into a missing folder exited $rc"
grep -q "cannot write" "$TMP/nodir.out" || { fail "nodir message"; cat "$TMP/nodir.out"; }

# ---------------------------------------------------------------- usage
usage() {
	"$K" "$@" >/dev/null 2>&1
	rc=$?
	[ $rc = 2 ] || fail "'$*' exited $rc, want 2"
}
usage content
usage content frobnicate
usage content lint
usage content lint "$OK" extra
usage content lint "$TMP/nonexistent"
usage content build "$OK"
usage content build "$OK" -o
usage content build "$OK" -o "$TMP/x.db" --version zero
usage content lint "$OK" --bogus

# ---------------------------------------------------------------- real content
REAL=$ROOT/assets/content
if [ -f "$REAL/offers.csv" ]; then
	"$K" content lint "$REAL" 2>"$TMP/real.err"
	rc=$?
	tail -1 "$TMP/real.err"
	if [ $rc != 0 ]; then
		fail "assets/content does not lint clean:"
		grep -v ": W-" "$TMP/real.err" | head -40
	fi
	"$K" content build "$REAL" -o "$TMP/real.db" >"$TMP/real.out" 2>&1 ||
		{ fail "assets/content does not build"; tail -5 "$TMP/real.out"; }
	n=$(sqlite3 "$TMP/real.db" "SELECT count(*) FROM offer" 2>/dev/null)
	[ "${n:-0}" -gt 0 ] || fail "real pack has no offer"
	echo "real content: $(cat "$TMP/real.out" | tail -1)"

	# A copy of the content folder stands alone: no file beside it is
	# needed (the pictogram list lives inside it), from any directory.
	mkdir -p "$TMP/elsewhere/deeper"
	cp -r "$REAL" "$TMP/elsewhere/deeper/contenu"
	(cd "$TMP/elsewhere" && "$K" content lint deeper/contenu) \
	    >"$TMP/copy-lint.out" 2>&1 ||
		{ fail "a copy of assets/content does not lint on its own:"; grep -v ": W-" "$TMP/copy-lint.out" | head; }
	(cd "$TMP/elsewhere" && "$K" content build deeper/contenu -o copy.db) \
	    >"$TMP/copy-build.out" 2>&1 ||
		{ fail "a copy of assets/content does not build on its own:"; tail -5 "$TMP/copy-build.out"; }
	cmp -s "$TMP/real.db" "$TMP/elsewhere/copy.db" ||
		[ "$(sqlite3 "$TMP/real.db" "SELECT count(*) FROM pictogram")" = \
		  "$(sqlite3 "$TMP/elsewhere/copy.db" "SELECT count(*) FROM pictogram" 2>/dev/null)" ] ||
		fail "the copy's pack has other pictograms than the original's"
else
	echo "assets/content/offers.csv not written yet: real content not checked"
fi

[ $failed = 0 ] || exit 1
echo "all content lint and build checks passed"
