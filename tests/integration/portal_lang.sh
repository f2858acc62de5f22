#!/bin/sh
# The portal in every language of the pack (issue 16), from the real
# content (assets/content) with its translations, built with a portal
# address (so that hreflang addresses are whole) and served by a real web
# server on 127.0.0.1:
# - the crawler (tests/helpers/portal_crawl.py) reaches every page of
#   every language from the French top page, through the language
#   switchers and the hreflang links: no broken link, each page in the
#   language of its folder, within the weight budgets;
# - tests/helpers/portal_lang_check.py: each language's folder (DIR/en/,
#   DIR/ar/, DIR/uk/) has every page of the French tree, <html lang dir>
#   right (rtl for Arabic), a complete and reciprocal set of hreflang
#   links, a switcher naming each language in its own script with lang
#   and hreflang, no flag, and no French left of an interface word the
#   language has translated;
# - the checker must fail on a copy of the site with one of each fault;
# - axe-core in Chromium (as portal_axe.sh) on a few pages of each
#   language at one MSD: 0 violations, no overflow at 320 and 160 CSS
#   pixels, 48 px targets, the Arabic font on Arabic pages and not on the
#   others; screenshots in BUILD/asan/test-logs/portal-lang-shots/.
#   Skipped (exit 77) when Chromium or npm cannot run here, after the
#   checks above passed.
set -u
. "$ROOT/tests/helpers/portallib.sh"

SHOTS=$BIN/test-logs/portal-lang-shots
check=$ROOT/tests/helpers/portal_lang_check.py

portal_port
portal_build --portal-url "$BASE"
portal_serve
python3 "$ROOT/tests/helpers/portal_crawl.py" "$BASE" "$SITE" "$PACK" \
    "$TMP/pages.txt" >"$TMP/crawl.out" 2>&1 || fail "crawl"
sed 's/^/      /' "$TMP/crawl.out"
for l in en ar uk; do
	grep -q "^${BASE}$l/chambery/mots.html\$" "$TMP/pages.txt" ||
		fail "the crawler never reached $l/chambery/mots.html"
done

python3 "$check" "$SITE" "$PACK" >"$TMP/lang.out" 2>&1 || fail "languages"
sed 's/^/      /' "$TMP/lang.out"

# ------------------------------------------------------------ planted faults
# A copy of the site with one of each fault the checker looks for.
cp -r "$SITE" "$TMP/bad"
python3 - "$TMP/bad" <<'EOF'
import os, re, sys
d = sys.argv[1]
def edit(rel, f):
    p = os.path.join(d, rel)
    s = open(p, encoding="utf-8").read()
    t = f(s)
    assert t != s, rel
    open(p, "w", encoding="utf-8").write(t)
# (1) an Arabic page drawn left to right
edit("ar/chambery/mots.html", lambda s: s.replace('dir="rtl"', 'dir="ltr"', 1))
# (2) an English page without its Ukrainian alternate
edit("en/chambery/index.html",
     lambda s: re.sub(r'<link rel="alternate" hreflang="uk"[^>]*>\n', "", s))
# (3) a French page whose Arabic alternate points elsewhere: not reciprocal
edit("chambery/t/emploi.html",
     lambda s: s.replace('ar/chambery/t/emploi.html',
                         'ar/chambery/t/logement.html', 1))
# (4) a French interface word left on an Arabic page
edit("ar/chambery/index.html",
     lambda s: s.replace('الذهاب إلى النص', 'Aller au texte', 1))
# (5) a page of a language missing
os.remove(os.path.join(d, "uk/chambery/p/qui-appeler.html"))
EOF
if python3 "$check" "$TMP/bad" "$PACK" >"$TMP/bad.out" 2>&1; then
	fail "the checker passed a site with planted faults"
fi
for want in "ar/chambery/mots.html: <html lang='ar' dir='ltr'>" \
    "en/chambery/index.html: hreflang \[" \
    "chambery/t/emploi.html: hreflang=ar points to" \
    "ar/chambery/index.html: the French of portal.aller-au-texte" \
    "uk/chambery/p/qui-appeler.html is missing"; do
	grep -q "$want" "$TMP/bad.out" ||
		fail "the planted fault '$want' went unseen: $(cat "$TMP/bad.out")"
done
[ $failed = 0 ] && echo "ok    the checker finds each of 5 planted faults"
# Nothing more to learn from a browser on a site already wrong.
[ $failed = 0 ] || exit 1

# ------------------------------------------------------------ axe-core
axe_setup
offer=$(offer_key accompagnement-global)
: >"$TMP/sample.txt"
for l in ar en uk; do
	for page in index.html chambery/index.html chambery/mots.html \
	    chambery/p/qui-appeler.html chambery/t/emploi.html \
	    "chambery/o/$offer.html"; do
		echo "$BASE$l/$page" >>"$TMP/sample.txt"
	done
done
echo "${BASE}chambery/index.html" >>"$TMP/sample.txt"
rm -rf "$SHOTS"
node "$ROOT/tests/helpers/portal_axe.js" "$TMP/sample.txt" "$SHOTS" \
    "${BASE}ar/chambery/index.html" "${BASE}ar/chambery/o/$offer.html" \
    "${BASE}ar/chambery/mots.html" "${BASE}uk/chambery/index.html" \
    >"$TMP/axe.out" 2>&1 || fail "axe"
sed 's/^/      /' "$TMP/axe.out"
grep -q "^axe-core .* 0 violations" "$TMP/axe.out" || fail "axe-core found violations"
for s in ar_chambery_index_html ar_chambery_mots_html uk_chambery_index_html; do
	[ -s "$SHOTS/$s.png" ] || fail "no screenshot $SHOTS/$s.png"
done
[ $failed = 0 ]
