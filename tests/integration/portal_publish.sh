#!/bin/sh
# `content publish` publishes the portal with the pack:
# - DIR/site-VERSION holds the site of the published pack and DIR/site,
#   a symbolic link, points to it; served by python3 -m http.server, the
#   site at /site/ has no broken link (tests/helpers/portal_crawl.py);
# - the next publish switches the link in one step: a reader polling
#   DIR/site/index.html never finds it missing; the previous site stays
#   until the publish after, then goes;
# - the site is in place before the new manifest: a publish that cannot
#   make the site (woff2_compress missing) exits 1 and leaves the
#   manifest, the link and the served site as they were, with nothing
#   left beside them;
# - a DIR/site that is a real folder is not replaced (exit 1, said).
set -u
. "$ROOT/tests/helpers/portallib.sh"

W=$TMP/www
portal_port
"$K" content keygen -o "$TMP/keys" >/dev/null 2>&1 || { echo "FAIL: keygen"; exit 1; }
for v in 1 2 3 4; do
	"$K" content build "$ROOT/tests/fixtures/content-ok" -o "$TMP/p$v.db" \
	    --pictos "$ROOT/assets/content/pictos.csv" --version $v \
	    --portal-url "${BASE}site/" >"$TMP/b$v.out" 2>&1 ||
		{ cat "$TMP/b$v.out"; echo "FAIL: build $v"; exit 1; }
done
publish() {
	"$K" content publish "$TMP/p$1.db" --key "$TMP/keys/pack.key" -o "$W" \
	    >"$TMP/pub$1.out" 2>&1
}
target() {
	readlink "$W/site"
}
leftovers() {
	ls -A "$W" | grep -e '\.tmp' -e '^\.site' || true
}

publish 1 || fail "publish 1: $(cat "$TMP/pub1.out")"
[ "$(target)" = site-1 ] || fail "site points to '$(target)', not site-1"
grep -q "site is the portal of version 1" "$TMP/pub1.out" ||
	fail "publish does not say where the portal is: $(cat "$TMP/pub1.out")"
SITE=$W
portal_serve
python3 "$ROOT/tests/helpers/portal_crawl.py" "${BASE}site/" "$W/site-1" \
    "$W/pack-1.db" "$TMP/pages.txt" >"$TMP/crawl.out" 2>&1 ||
	fail "crawl of the published site: $(cat "$TMP/crawl.out")"
echo "ok    publish 1: site -> site-1; $(head -1 "$TMP/crawl.out")"

# poll FILE OUT: counts, until OUT.stop exists, the times FILE is missing.
poll() {
	python3 - "$1" "$2" <<'EOF' &
import os, sys, time
path, out = sys.argv[1], sys.argv[2]
seen = missing = 0
end = time.time() + 120
while time.time() < end and not os.path.exists(out + ".stop"):
    seen += 1
    if not os.path.exists(path):
        missing += 1
open(out, "w").write("%d %d\n" % (seen, missing))
EOF
	POLLER=$!
}
poll "$W/site/index.html" "$TMP/poll"
publish 2 || fail "publish 2: $(cat "$TMP/pub2.out")"
publish 3 || fail "publish 3: $(cat "$TMP/pub3.out")"
: >"$TMP/poll.stop"
wait $POLLER
read -r polls missing <"$TMP/poll"
[ "$missing" = 0 ] || fail "site/index.html missing $missing times of $polls during two publishes"
[ "$(target)" = site-3 ] || fail "site points to '$(target)', not site-3"
[ -d "$W/site-2" ] || fail "the previous site (site-2) was removed"
[ -e "$W/site-1" ] && fail "site-1, two publishes old, is still there"
[ -z "$(leftovers)" ] || fail "left in $W: $(leftovers)"
echo "ok    publish 2 and 3: the link switched in one step ($polls looks, never missing); site-2 kept, site-1 gone"

# The site cannot be made: nothing changes for the kiosks or the phones.
mkdir "$TMP/path"
ln -s "$(command -v hb-subset)" "$TMP/path/hb-subset"
cp "$W/manifest.txt" "$TMP/manifest.before"
PATH=$TMP/path publish 4
rc=$?
[ $rc = 1 ] || fail "publish without woff2_compress: exit $rc, want 1: $(cat "$TMP/pub4.out")"
grep -q "woff2_compress is not installed" "$TMP/pub4.out" || fail "publish 4 does not say why: $(cat "$TMP/pub4.out")"
cmp -s "$W/manifest.txt" "$TMP/manifest.before" || fail "the manifest changed although the site failed"
[ "$(target)" = site-3 ] || fail "site points to '$(target)' after the failed publish"
[ -e "$W/site-4" ] && fail "site-4 was made"
[ -z "$(leftovers)" ] || fail "left in $W: $(leftovers)"
echo "ok    a publish whose site fails changes nothing served: $(tail -1 "$TMP/pub4.out")"

# A real folder named site is somebody's: never replaced.
W=$TMP/www2
mkdir -p "$W/site"
echo keep >"$W/site/index.html"
publish 1
rc=$?
[ $rc = 1 ] || fail "publish over a folder site/: exit $rc, want 1"
grep -q "is a folder" "$TMP/pub1.out" || fail "publish over a folder site/: $(cat "$TMP/pub1.out")"
[ "$(cat "$W/site/index.html")" = keep ] || fail "the folder site/ was changed"
[ -e "$W/site-1" ] && fail "site-1 was written although it could not be served"
echo "ok    a folder site/ is not replaced: $(tail -1 "$TMP/pub1.out")"

[ $failed = 0 ]
