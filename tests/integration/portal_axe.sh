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

AXE_VERSION=4.14.1
PLAYWRIGHT_VERSION=1.65.1
NPM_DIR=$BIN/portal-npm
SHOTS=$BIN/test-logs/portal-shots

skip() {
	echo "$*"
	exit 77
}

command -v node >/dev/null || skip "node is not installed (Debian: nodejs)"
command -v npm >/dev/null || skip "npm is not installed (Debian: npm)"
[ -x /usr/bin/chromium ] || skip "/usr/bin/chromium is not installed (Debian: chromium)"

# installed NAME VERSION: 0 if NPM_DIR has that version of NAME.
installed() {
	node -e 'const p = require(process.argv[1] + "/node_modules/" +
	    process.argv[2] + "/package.json");
	process.exit(p.version === process.argv[3] ? 0 : 1)' \
	    "$NPM_DIR" "$1" "$2" 2>/dev/null
}
if ! installed axe-core $AXE_VERSION || ! installed playwright-core $PLAYWRIGHT_VERSION; then
	mkdir -p "$NPM_DIR"
	# playwright-core alone: it drives the system's Chromium and
	# downloads no browser.
	npm install --prefix "$NPM_DIR" --no-audit --no-fund --loglevel=error \
	    axe-core@$AXE_VERSION playwright-core@$PLAYWRIGHT_VERSION \
	    >"$TMP/npm.out" 2>&1 ||
		skip "npm cannot install axe-core and playwright-core (no network?): $(tail -1 "$TMP/npm.out")"
fi
export NODE_PATH=$NPM_DIR/node_modules

# Can Chromium start in this sandbox at all?
node -e 'require("playwright-core").chromium.launch({
	executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] })
	.then(b => b.close()).catch(e => {
		console.log(e.message.split("\n")[0]); process.exit(1); })' \
    >"$TMP/launch.out" 2>&1 ||
	skip "Chromium cannot start here: $(head -1 "$TMP/launch.out")"

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
	grep -E "/chambery/|/index\.html\$" "$TMP/pages.txt" >"$TMP/sample.txt"
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
