#!/bin/sh
# The kiosk on a bad content pack: a missing file, an empty file, random
# bytes, a truncated pack (mid-page and at a page boundary), a damaged
# one, a pack of another schema version, a folder.  Each time
# `msd-kiosk --content BAD --screenshot x.png` must print one clear line
# ("content pack BAD: ... (rebuild it with `msd-kiosk content build`)"),
# exit 1, write no screenshot and never crash.  The same command on the
# good pack writes a screenshot (so the test can tell the difference), and
# opening it changes nothing beside it (read-only).
# pack_open itself is also tested in tests/unit/test_pack.c.
set -u
K=$BIN/msd-kiosk
failed=0

fail() {
	echo "FAIL: $*"
	failed=1
}

# A pack to spoil.
"$K" content build "$ROOT/tests/fixtures/content-ok" -o "$TMP/good.db" \
    --pictos "$ROOT/assets/pictos.csv" --version 3 >"$TMP/build.out" 2>&1 ||
	{ cat "$TMP/build.out"; echo "cannot build the fixture pack"; exit 1; }

# Does this build have a kiosk that renders screenshots yet?
mkdir "$TMP/good"
cp "$TMP/good.db" "$TMP/good/pack.db"
( cd "$TMP/good" && "$K" --content pack.db --screenshot "$TMP/good.png" ) \
    >"$TMP/good.out" 2>&1
rc=$?
if grep -q "not available in this build" "$TMP/good.out"; then
	echo "the kiosk is not in this build yet (pack_open is covered by test_pack)"
	exit 77
fi
[ $rc = 0 ] || { fail "good pack: exit $rc"; cat "$TMP/good.out"; }
[ -s "$TMP/good.png" ] || fail "good pack: no screenshot"
# Read-only: nothing new beside the pack, and the pack unchanged.
[ "$(ls "$TMP/good")" = pack.db ] || fail "files appeared: $(ls "$TMP/good")"
cmp -s "$TMP/good.db" "$TMP/good/pack.db" || fail "the kiosk changed the pack"

# bad NAME WHAT: the kiosk must refuse $TMP/NAME with a message saying WHAT.
bad() {
	name=$1 what=$2
	rm -f "$TMP/shot.png"
	"$K" --content "$TMP/$name" --screenshot "$TMP/shot.png" \
	    >"$TMP/$name.out" 2>&1
	rc=$?
	if [ $rc != 1 ]; then
		fail "$name: exit $rc, want 1"
	elif grep -q "AddressSanitizer\|runtime error\|Segmentation" "$TMP/$name.out"; then
		fail "$name: crashed"
	elif ! grep -q "content pack $TMP/$name: .*$what.*(rebuild it with \`msd-kiosk content build\`)" \
	    "$TMP/$name.out"; then
		fail "$name: message does not say '$what'"
	elif [ -e "$TMP/shot.png" ]; then
		fail "$name: a screenshot was written"
	else
		echo "ok    $name: $(head -1 "$TMP/$name.out")"
		return
	fi
	sed 's/^/    /' "$TMP/$name.out" | head -20
}

bad missing.db "No such file"

: >"$TMP/empty.db"
bad empty.db "is empty"

head -c 16384 /dev/urandom >"$TMP/random.db"
bad random.db "not a SQLite file"

size=$(wc -c <"$TMP/good.db")
head -c $((size / 2 + 1000)) "$TMP/good.db" >"$TMP/cut.db"
bad cut.db "truncated"
head -c 8192 "$TMP/good.db" >"$TMP/cut-page.db"
bad cut-page.db "truncated"

# Damage: overwrite the middle of every page but the first, same size.
cp "$TMP/good.db" "$TMP/damaged.db"
pages=$((size / 4096))
i=1
while [ $i -lt $pages ]; do
	head -c 200 /dev/zero | tr '\0' 'Z' |
	    dd of="$TMP/damaged.db" bs=1 seek=$((i * 4096 + 8)) conv=notrunc 2>/dev/null
	i=$((i + 1))
done
bad damaged.db "damaged"

cp "$TMP/good.db" "$TMP/v2.db"
sqlite3 "$TMP/v2.db" "PRAGMA user_version = 2"
bad v2.db "schema version 2"

sqlite3 "$TMP/other.db" "CREATE TABLE t(x); PRAGMA user_version = 1"
bad other.db "not a content pack"

mkdir "$TMP/folder.db"
bad folder.db "not a regular file"

[ $failed = 0 ] || exit 1
echo "every bad pack refused with a message"
