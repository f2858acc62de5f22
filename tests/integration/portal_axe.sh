#!/bin/sh
# Every page of the FALC portal, as served by a real web server on
# 127.0.0.1, in Debian's Chromium (/usr/bin/chromium, headless) driven by
# playwright-core, checked by axe-core (tests/helpers/portal_axe.js):
# - axe-core with every rule of WCAG 2.0, 2.1 and 2.2 at levels A, AA and
#   AAA (7:1 contrast included) and its best practices: 0 violations;
# - at 320 CSS pixels wide, and at 160 (a 320 px phone zoomed to 200%):
#   nothing wider than the window;
# - every link but the glossary's words inside a sentence at least 48 x 48
#   CSS pixels; the site's own fonts loaded;
# - screenshots at 360 x 800 of an MSD's home, an offer and the glossary,
#   kept in BUILD/asan/test-logs/portal-shots/ for people to look at.
# axe-core and playwright-core come from npm, installed once into
# BUILD/asan/portal-npm (the build folder: never committed).  Skipped
# (exit 77, with the reason) when node, npm or Chromium are missing, when
# npm cannot install them (no network), or when Chromium cannot start here.
set -u
. "$ROOT/tests/helpers/portallib.sh"

SHOTS=$BIN/test-logs/portal-shots
axe_setup
portal_port
portal_build
portal_serve
python3 "$ROOT/tests/helpers/portal_crawl.py" "$BASE" "$SITE" "$PACK" \
    "$TMP/pages.txt" >"$TMP/crawl.out" 2>&1 ||
	{ cat "$TMP/crawl.out"; fail "crawl"; }

# make test checks every page of one MSD (each page template is there)
# and every MSD's home: about a seventh of the site, in a seventh of the
# time.  `make portal-axe` (PORTAL_AXE=all) checks all of them.
if [ "${PORTAL_AXE:-sample}" != all ]; then
	# The French pages (portal_lang checks a sample of the others).
	grep -E "^${BASE}(chambery/|[^/]*/index\.html\$|index\.html\$)" \
	    "$TMP/pages.txt" >"$TMP/sample.txt"
	echo "      axe on $(wc -l <"$TMP/sample.txt") of the $(wc -l <"$TMP/pages.txt") pages (PORTAL_AXE=all for every page)"
	mv "$TMP/sample.txt" "$TMP/pages.txt"
fi
offer=${BASE}chambery/o/$(offer_key accompagnement-global).html
rm -rf "$SHOTS"
node "$ROOT/tests/helpers/portal_axe.js" "$TMP/pages.txt" "$SHOTS" \
    "${BASE}chambery/index.html" "$offer" "${BASE}chambery/mots.html" \
    >"$TMP/axe.out" 2>&1 || fail "axe"
sed 's/^/      /' "$TMP/axe.out"
grep -q "^axe-core .* 0 violations" "$TMP/axe.out" || fail "axe-core found violations"
for s in chambery_index_html chambery_mots_html; do
	[ -s "$SHOTS/$s.png" ] || fail "no screenshot $SHOTS/$s.png"
done
[ $failed = 0 ]
