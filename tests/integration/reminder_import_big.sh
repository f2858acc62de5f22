#!/bin/sh
# A big agenda (200,000 rows, 14 MB): its peak RSS stays under the 64 MB
# that issue 19 allows at any size, imported or refused, and bad rows in
# its middle roll the whole file back, each named with its line.  (The
# reader that held the whole file took 62 MB at 150,000 rows: 200,000
# is enough to catch its return.)
#
# The RSS is that of the release binary beside BIN ($BIN/.., built by
# `make test`): ASan's shadow memory and allocator would measure
# themselves, not the import.  The sanitized binary reads the same bad
# file, for the memory errors a long file could bring out.
set -u
. "$ROOT/tests/helpers/importlib.sh"
REL=$BIN/../msd-reminderd
[ -x "$REL" ] || { echo "no release binary $REL (make test builds it)"; exit 77; }
[ -x /usr/bin/time ] || { echo "no /usr/bin/time (Debian package time)"; exit 77; }
import_conf
dump() { sqlite3 r.db "SELECT * FROM appointment ORDER BY id; SELECT * FROM plan_queue ORDER BY appt_id; SELECT * FROM outbox ORDER BY id; SELECT file, rows FROM import_log ORDER BY id;" | md5sum; }
LIMIT_KB=65536
N=200000

printf 'rdv_id;date;heure;msd;telephone;lieu\nS1;03/12/2026;10h;chambery;0612345678;Accueil\n' > seed.csv
"$D" -c r.ini import seed.csv --now "$NOW" > /dev/null || { echo "FAIL: seed refused"; exit 1; }
before=$(dump)

# good.csv: N good rows.  bad.csv: the same with three bad rows in the
# middle, then a change to the seed's appointment (rolled back with the
# rest) and a key given twice (lines given in bad.want).
python3 - "$N" <<'PY'
import sys
n = int(sys.argv[1])
head = "rdv_id;date;heure;msd;telephone;lieu;statut;sms\n"
def row(i):
    return "B%07d;%02d/12/2026;%dh%02d;chambery;06 %02d %02d %02d %02d;Bureau %d;prévu;\n" % (
        i, i % 28 + 1, 9 + i % 8, i % 4 * 15, i // 1000000 % 100,
        i // 10000 % 100, i // 100 % 100, i % 100, i % 9 + 1)
with open("good.csv", "w") as f:
    f.write(head)
    for i in range(n):
        f.write(row(i))
bad = {n // 2: ("B%07d;31/11/2026;10h;chambery;0612345678;ici;prévu;\n", "date '31/11/2026'"),
       n // 2 + 1: ("B%07d;05/12/2026;10h;nowhere;0612345678;ici;prévu;\n", "msd 'nowhere'"),
       n // 2 + 500: ("B%07d;05/12/2026;10h;chambery;0612345678;ici;peut-être;\n", "statut 'peut-être'")}
want = []
with open("bad.csv", "w") as f:
    f.write(head)
    for i in range(n):
        if i in bad:
            f.write(bad[i][0] % i)
            want.append("bad.csv:%d: %s" % (i + 2, bad[i][1]))
        else:
            f.write(row(i))
    f.write("S1;04/12/2026;10h;chambery;0612345678;ici;prévu;\n")
    f.write(row(5))
    want.append("bad.csv:%d: rdv_id 'B0000005' of MSD chambery is already on line 7" % (n + 3))
    want.append("bad.csv: 4 bad rows: nothing imported")
open("bad.want", "w").write("\n".join(want) + "\n")
PY

# import BINARY FILE: runs it, exit code in rc, peak RSS (KB) in rss.
import_rss() {
	/usr/bin/time -f %M -o rss.txt "$1" -c r.ini import "$2" --now "$NOW" > out.txt 2> err.txt
	rc=$?
	rss=$(tail -n 1 rss.txt)
}
check_refused() {
	[ $rc -eq 2 ] || fail "$1: bad.csv: exit $rc, expected 2 ($(head -c 300 err.txt))"
	while IFS= read -r want; do
		grep -qF -- "$want" err.txt || fail "$1: expected '$want' in: $(head -c 600 err.txt)"
	done < bad.want
	[ "$(grep -c '^bad.csv:[0-9]*:' err.txt)" -eq 4 ] || fail "$1: not exactly 4 rows named: $(head -c 600 err.txt)"
	[ "$(dump)" = "$before" ] || fail "$1: bad.csv changed the database"
}

# 1. Bad rows in the middle: refused, each named, nothing written.
import_rss "$D" bad.csv
check_refused "sanitized build"
import_rss "$REL" bad.csv
check_refused "release build"
echo "refused $N rows: peak RSS $rss KB"
[ "$rss" -lt $LIMIT_KB ] || fail "refusing $N rows took $rss KB of peak RSS, limit $LIMIT_KB"

# 2. The good file: all rows in, under the limit.
import_rss "$REL" good.csv
[ $rc -eq 0 ] || fail "good.csv: exit $rc ($(head -c 300 err.txt))"
grep -q "$N rows: $N new" out.txt || fail "good.csv summary: $(cat out.txt)"
[ "$(sqlite3 r.db 'SELECT count(*) FROM appointment')" = $((N + 1)) ] || fail "not $((N + 1)) appointments"
[ "$(sqlite3 r.db 'SELECT count(*) FROM plan_queue')" = $((N + 1)) ] || fail "not $((N + 1)) rows to plan"
echo "imported $N rows: peak RSS $rss KB"
[ "$rss" -lt $LIMIT_KB ] || fail "importing $N rows took $rss KB of peak RSS, limit $LIMIT_KB"

# 3. The same file again: every row looked up, none changed; same limit.
import_rss "$REL" good.csv
[ $rc -eq 0 ] || fail "good.csv again: exit $rc ($(head -c 300 err.txt))"
grep -q "0 new, 0 changed, 0 cancelled, $N unchanged" out.txt || fail "re-import summary: $(cat out.txt)"
echo "re-imported $N rows: peak RSS $rss KB"
[ "$rss" -lt $LIMIT_KB ] || fail "re-importing $N rows took $rss KB of peak RSS, limit $LIMIT_KB"

end_checks
echo "big import checks passed"
