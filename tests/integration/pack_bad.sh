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
. "$ROOT/tests/helpers/packlib.sh"

# A pack to spoil.
build_fixture_pack "$TMP/good.db" --version 3

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
# (Within 60 s: a pack that hangs the reader fails instead of hanging the
# test.)
bad() {
	name=$1 what=$2
	rm -f "$TMP/shot.png"
	timeout 60 "$K" --content "$TMP/$name" --screenshot "$TMP/shot.png" \
	    >"$TMP/$name.out" 2>&1
	rc=$?
	if [ $rc = 124 ]; then
		fail "$name: still reading it after 60 s"
	elif [ $rc != 1 ]; then
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

# A pack built before the last schema change (version 1: no
# question.multiple), and one from a newer program.
V=$(sqlite3 "$TMP/good.db" "PRAGMA user_version")
cp "$TMP/good.db" "$TMP/v1.db"
sqlite3 "$TMP/v1.db" "PRAGMA user_version = 1"
bad v1.db "schema version 1"
cp "$TMP/good.db" "$TMP/vnext.db"
sqlite3 "$TMP/vnext.db" "PRAGMA user_version = $((V + 1))"
bad vnext.db "schema version $((V + 1))"

sqlite3 "$TMP/other.db" "CREATE TABLE t(x); PRAGMA user_version = $V"
bad other.db "not a content pack"

mkdir "$TMP/folder.db"
bad folder.db "not a regular file"

# A pack is data, never code.  A recursive view in place of a table hung
# the reader; a trigger or a virtual table has no business in a pack.
cp "$TMP/good.db" "$TMP/view.db"
sqlite3 "$TMP/view.db" "PRAGMA foreign_keys = OFF; DROP TABLE answer;
    DROP TABLE question;
    CREATE VIEW question(id, position, text) AS WITH RECURSIVE r(x) AS
      (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT 'q' || x, x, 'q' FROM r;
    CREATE VIEW answer(question_id, position, picto, label) AS
      SELECT id, position, 'info', text FROM question;" ||
	fail "cannot make view.db"
bad view.db "holds a view 'answer': a pack holds data, never code"

cp "$TMP/good.db" "$TMP/trigger.db"
sqlite3 "$TMP/trigger.db" "CREATE TRIGGER t AFTER INSERT ON meta BEGIN
    DELETE FROM meta; END;" || fail "cannot make trigger.db"
bad trigger.db "holds a trigger 't'"

cp "$TMP/good.db" "$TMP/vtab.db"
sqlite3 "$TMP/vtab.db" "CREATE VIRTUAL TABLE words USING fts5(w)" ||
	fail "cannot make vtab.db"
bad vtab.db "holds a virtual table 'words'"

# A 10 MB MSD name: refused at once (it took `sheet` minutes to lay out).
cp "$TMP/good.db" "$TMP/long.db"
sqlite3 "$TMP/long.db" "UPDATE msd SET name = printf('%.*c', 10000000, 'x')
    WHERE code = (SELECT code FROM msd ORDER BY position LIMIT 1)" ||
	fail "cannot make long.db"
bad long.db "msd '.*': name is 10000000 bytes long, at most 400"
rm -f "$TMP/sheet.pdf"
code=$(sqlite3 "$TMP/long.db" "SELECT code FROM msd ORDER BY position LIMIT 1")
timeout 60 "$K" sheet --content "$TMP/long.db" --msd "$code" \
    -o "$TMP/sheet.pdf" >"$TMP/sheet.out" 2>&1
rc=$?
if [ $rc = 124 ]; then
	fail "sheet on long.db: still working after 60 s"
elif [ $rc = 0 ] || [ -e "$TMP/sheet.pdf" ]; then
	fail "sheet on long.db: exit $rc, a sheet of a 10 MB name"
elif ! grep -q "name is 10000000 bytes long" "$TMP/sheet.out"; then
	fail "sheet on long.db: $(head -1 "$TMP/sheet.out")"
else
	echo "ok    sheet on long.db: exit $rc"
fi

# The pack is the file named, whatever its name: '?', '#' and '%' once
# made SQLite open "odd" (here a bad pack) after the checks passed on
# "odd?x=1#%41.db" (a good one).
mkdir "$TMP/odd"
cp "$TMP/random.db" "$TMP/odd/odd"
cp "$TMP/good.db" "$TMP/odd/odd?x=1#%41.db"
rm -f "$TMP/odd.png"
"$K" --content "$TMP/odd/odd?x=1#%41.db" --screenshot "$TMP/odd.png" \
    >"$TMP/odd.out" 2>&1
rc=$?
if [ $rc != 0 ] || [ ! -s "$TMP/odd.png" ]; then
	fail "a pack named 'odd?x=1#%41.db': exit $rc"
	sed 's/^/    /' "$TMP/odd.out" | head -5
else
	echo "ok    a pack named 'odd?x=1#%41.db' is read from that file"
fi

[ $failed = 0 ] || exit 1
echo "every bad pack refused with a message"
