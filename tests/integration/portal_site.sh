#!/bin/sh
# `msd-kiosk content site PACK -o DIR`, the FALC portal, from the real
# content (assets/content), served by a real web server on 127.0.0.1
# (python3 -m http.server):
# - tests/helpers/portal_crawl.py follows every internal link: none is
#   broken (anchors included), every file is reached, every page with its
#   stylesheet is at most 30 KB and the fonts together at most 80 KB, every
#   page is lang="fr" with no script, one <h1>, headings in order and
#   pictograms with their alternative text; every offer has its page at
#   each MSD where it exists, at the short address the QR codes use. It
#   prints the largest and median page weights and the fonts' weight.
# - a second site over the first replaces it whole (a file left in the
#   old one is gone), with nothing left beside it, and a reader polling
#   DIR/index.html during three rewrites never finds it missing; -o DIR/
#   is DIR;
# - bad input gives exit 2, a message that says what is wrong, and no
#   site, no temporary folder: a missing pack, random bytes, a truncated
#   pack, DIR inside a file, DIR a file, DIR a folder of other files, DIR
#   in a folder the user cannot write (as nobody, when run as root);
# - a tool missing half-way (woff2_compress) gives exit 1, names its
#   Debian package, and the previous site is left exactly as it was.
set -u
. "$ROOT/tests/helpers/portallib.sh"

portal_port
portal_build
portal_serve
python3 "$ROOT/tests/helpers/portal_crawl.py" "$BASE" "$SITE" "$PACK" \
    "$TMP/pages.txt" >"$TMP/crawl.out" 2>&1 || fail "crawl"
sed 's/^/      /' "$TMP/crawl.out"
grep -q "^pages: " "$TMP/crawl.out" || fail "the crawler printed no figures"

# tree DIR: every file and its hash, to compare two states of a folder.
tree() {
	(cd "$1" && find . -type f | sort | xargs sha256sum)
}
# leftovers: what a run left beside DIR ($TMP/.NAME.tmp-*).
leftovers() {
	ls -a "$TMP" | grep '\.tmp-' || true
}

# ------------------------------------------------------------ replace
: >"$SITE/stale.html"
ino=$(stat -c %i "$SITE")
python3 - "$SITE/index.html" "$TMP/poll.out" <<'EOF' &
import os, sys, time
path, out = sys.argv[1], sys.argv[2]
seen = missing = 0
end = time.time() + 60
while time.time() < end and not os.path.exists(out + ".stop"):
    seen += 1
    if not os.path.exists(path):
        missing += 1
open(out, "w").write("%d %d\n" % (seen, missing))
EOF
poller=$!
for i in 1 2 3; do
	"$K" content site "$PACK" -o "$SITE" >"$TMP/again.out" 2>&1 ||
		fail "rewrite $i: $(cat "$TMP/again.out")"
done
: >"$TMP/poll.out.stop"
wait $poller
read -r polls missing <"$TMP/poll.out"
[ "$missing" = 0 ] || fail "index.html was missing $missing times of $polls during the rewrites"
[ -e "$SITE/stale.html" ] && fail "a file of the old site is still there"
[ "$(stat -c %i "$SITE")" != "$ino" ] || fail "the folder was written in place, not swapped"
[ -z "$(leftovers)" ] || fail "left beside the site: $(leftovers)"
echo "ok    a new site replaces the old in one step ($polls looks at index.html during 3 rewrites, never missing)"
"$K" content site "$PACK" -o "$SITE/" >"$TMP/slash.out" 2>&1 || fail "-o DIR/: $(cat "$TMP/slash.out")"
[ -z "$(ls -A "$SITE" | grep tmp)" ] && [ -z "$(leftovers)" ] ||
	fail "-o DIR/: left $(ls -A "$SITE" | grep tmp) $(leftovers)"

# ------------------------------------------------------------ bad input
# bad NAME WANT_RC WHAT ARGS...: content site ARGS (run by $AS, if set)
# must exit WANT_RC, say WHAT, and leave no temporary folder.
AS=
bad() {
	name=$1 want=$2 what=$3
	shift 3
	# shellcheck disable=SC2086
	$AS "$K" content site "$@" >"$TMP/$name.out" 2>&1
	rc=$?
	if [ $rc != "$want" ]; then
		fail "$name: exit $rc, want $want: $(cat "$TMP/$name.out")"
	elif grep -q "AddressSanitizer\|runtime error" "$TMP/$name.out"; then
		fail "$name: crashed: $(cat "$TMP/$name.out")"
	elif ! grep -q -- "$what" "$TMP/$name.out"; then
		fail "$name: the message does not say '$what': $(cat "$TMP/$name.out")"
	elif [ -n "$(leftovers)" ]; then
		fail "$name: left $(leftovers)"
	else
		echo "ok    $name: $(head -1 "$TMP/$name.out")"
	fi
}

bad missing 2 "content pack $TMP/none.db: .*No such file" "$TMP/none.db" -o "$TMP/out1"
[ -e "$TMP/out1" ] && fail "missing: $TMP/out1 was made"
head -c 20000 /dev/urandom >"$TMP/random.db"
bad random 2 "content pack $TMP/random.db: " "$TMP/random.db" -o "$TMP/out2"
head -c 8192 "$PACK" >"$TMP/short.db"
bad truncated 2 "content pack $TMP/short.db: " "$TMP/short.db" -o "$TMP/out3"
[ -e "$TMP/out2" ] || [ -e "$TMP/out3" ] && fail "a bad pack made a folder"
: >"$TMP/afile"
bad in-a-file 2 "cannot write in $TMP/afile/site: a part of this path is a file" "$PACK" -o "$TMP/afile/site"
bad dir-is-file 2 "is not a folder" "$PACK" -o "$TMP/afile"
mkdir "$TMP/mine" && echo keep >"$TMP/mine/letter.txt"
bad not-a-site 2 "is not replaced" "$PACK" -o "$TMP/mine"
[ "$(ls "$TMP/mine")" = letter.txt ] || fail "not-a-site: the folder changed: $(ls "$TMP/mine")"
bad usage 2 "usage:" "$PACK"
bad empty-o 2 "give the folder" "$PACK" -o ""

# A folder the user may not write in: as nobody when we are root (root
# writes anywhere), else a folder made read-only.
mkdir "$TMP/ro"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$TMP"
	chmod 644 "$PACK"
	cp "$PACK" "$TMP/ro/pack.db" && chmod 644 "$TMP/ro/pack.db"
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups --"
	bad unwritable 2 "cannot write in $TMP/ro" "$TMP/ro/pack.db" -o "$TMP/ro/site"
	AS=
	chmod 700 "$TMP"
else
	chmod 555 "$TMP/ro"
	bad unwritable 2 "cannot write in $TMP/ro" "$PACK" -o "$TMP/ro/site"
	chmod 755 "$TMP/ro"
fi
[ -e "$TMP/ro/site" ] && fail "unwritable: $TMP/ro/site was made"

# ------------------------------------------------------------ failure half-way
# The pages are written, then the fonts cannot be compressed: nothing of
# the new site may show.
mkdir "$TMP/path"
ln -s "$(command -v hb-subset)" "$TMP/path/hb-subset"
tree "$SITE" >"$TMP/before.sum"
PATH=$TMP/path "$K" content site "$PACK" -o "$SITE" >"$TMP/nowoff.out" 2>&1
rc=$?
[ $rc = 1 ] || fail "without woff2_compress: exit $rc, want 1: $(cat "$TMP/nowoff.out")"
grep -q "woff2_compress is not installed.*Debian package woff2" "$TMP/nowoff.out" ||
	fail "without woff2_compress: the message does not name it: $(cat "$TMP/nowoff.out")"
tree "$SITE" >"$TMP/after.sum"
cmp -s "$TMP/before.sum" "$TMP/after.sum" || fail "without woff2_compress: the site changed"
[ -z "$(leftovers)" ] || fail "without woff2_compress: left $(leftovers)"
echo "ok    a failure half-way leaves the old site: $(head -1 "$TMP/nowoff.out")"

[ $failed = 0 ]
