#!/bin/sh
# The import reads its file row by row and writes each row at once, in one
# transaction: a key given twice is still found wherever the rows are
# (new, already there, in the past), with the line that gave it first; a
# bad row after thousands of good ones still leaves the database as it
# was; and memory does not grow with the file.
set -u
D="$BIN/msd-reminderd"
cd "$TMP"
cat > r.ini <<INI
[database]
path = $TMP/r.db
[gateway]
type = file
path = $TMP/sms.txt
rate = 0
INI
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
dump() { sqlite3 r.db "SELECT * FROM appointment ORDER BY id; SELECT * FROM plan_queue ORDER BY appt_id; SELECT file, rows FROM import_log ORDER BY id;" | md5sum; }
NOW="2026-11-30 10:00"
H='rdv_id;date;heure;msd;telephone;lieu'

printf '%s\nE1;03/12/2026;10h;chambery;0612345678;Accueil\nE2;04/12/2026;10h;aix;0612345679;Accueil\n' "$H" > seed.csv
"$D" -c r.ini import seed.csv --now "$NOW" > /dev/null || { echo "FAIL: seed refused"; exit 1; }
before=$(dump)

# refused NAME EXPECTED...: exit 2, each EXPECTED in stderr, nothing changed.
refused() {
	name=$1
	shift
	"$D" -c r.ini import "$name.csv" --now "$NOW" > out.txt 2> err.txt
	rc=$?
	[ $rc -eq 2 ] || fail "$name: exit $rc, expected 2 ($(head -c 300 err.txt))"
	for want in "$@"; do
		grep -qF -- "$want" err.txt || fail "$name: expected '$want' in: $(head -c 600 err.txt)"
	done
	[ "$(dump)" = "$before" ] || { fail "$name changed the database"; before=$(dump); }
	return 0
}

# 1. A key given twice, wherever its rows are.
printf '%s\nE1;05/12/2026;10h;chambery;0612345678;ici\nN1;05/12/2026;10h;chambery;0612345678;ici\nE1;06/12/2026;10h;chambery;0612345678;ici\n' "$H" > existing.csv
refused existing "existing.csv:4: rdv_id 'E1' of MSD chambery is already on line 2"
printf '%s\nP1;01/11/2026;10h;chambery;0612345678;ici\nP1;05/12/2026;10h;chambery;0612345678;ici\n' "$H" > past_first.csv
refused past_first "past_first.csv:3: rdv_id 'P1' of MSD chambery is already on line 2"
printf '%s\nP2;05/12/2026;10h;chambery;0612345678;ici\nP2;01/11/2026;10h;chambery;0612345678;ici\n' "$H" > past_second.csv
refused past_second "past_second.csv:3: rdv_id 'P2' of MSD chambery is already on line 2"
printf '%s\nP3;01/11/2026;10h;chambery;0612345678;ici\nP3;02/11/2026;10h;chambery;0612345678;ici\n' "$H" > past_both.csv
refused past_both "past_both.csv:3: rdv_id 'P3' of MSD chambery is already on line 2"
printf '%s\nE2;01/11/2026;10h;aix;0612345678;ici\nE2;02/11/2026;10h;AIX;0612345678;ici\n' "$H" > past_existing.csv
refused past_existing "past_existing.csv:3: rdv_id 'E2' of MSD aix is already on line 2"

# 2. The first line of a new row, after rows that move the count: blank
#    lines, cells of several lines, rows already there, past rows.
python3 - <<'PY'
H = "rdv_id;date;heure;msd;telephone;lieu\n"
rows = []
for i in range(300):
    rows.append("A%d;05/12/2026;10h;chambery;0612345678;ici\n" % i)
    if i % 7 == 0:
        rows.append("\n")
    if i % 11 == 0:
        rows.append('B%d;05/12/2026;10h;chambery;0612345678;"deux\nlignes"\n' % i)
    if i % 13 == 0:
        rows.append("E1;03/12/2026;10h;chambery;0612345678;Accueil\n" if i == 0 else
                    "Q%d;01/11/2026;10h;chambery;0612345678;passé\n" % i)
text = H + "".join(rows)
lines = text.split("\n")
first = next(n + 1 for n, l in enumerate(lines) if l.startswith("A150;"))
more = "A150;06/12/2026;10h;chambery;0612345678;ici\n"
open("offsets.csv", "w").write(text + more)
open("offsets.want", "w").write("offsets.csv:%d: rdv_id 'A150' of MSD chambery is already on line %d"
                                % (len(lines), first))
PY
refused offsets "$(cat offsets.want)"

# 3. Thousands of good rows, then bad ones: nothing written, each named.
python3 - <<'PY'
with open("late_bad.csv", "w") as f:
    f.write("rdv_id;date;heure;msd;telephone;lieu\n")
    for i in range(20000):
        f.write("L%d;05/12/2026;10h;chambery;0612345678;ici\n" % i)
    f.write("L20000;31/11/2026;10h;chambery;0612345678;ici\n")
    f.write("L20001;05/12/2026;10h;chambery;0612345678;\"never closed\n")
PY
refused late_bad "late_bad.csv:20002: date '31/11/2026'" "late_bad.csv:20003: a quoted cell is never closed"

# 4. Memory does not grow with the file: 150,000 rows and 450,000 rows
#    take about the same peak RSS (the whole file used to be held).  Both
#    fill SQLite's page cache (16 MB), which is the same for both.
if [ -x /usr/bin/time ]; then
	python3 - <<'PY'
for n, name in ((150000, "small.csv"), (450000, "large.csv")):
    with open(name, "w") as f:
        f.write("rdv_id;date;heure;msd;telephone;lieu;statut;sms\n")
        for i in range(n):
            f.write("M%07d;%02d/12/2026;%dh%02d;chambery;06 %02d %02d %02d %02d;Bureau %d;prévu;\n"
                    % (i, i % 28 + 1, 9 + i % 8, i % 4 * 15, i // 1000000 % 100,
                       i // 10000 % 100, i // 100 % 100, i % 100, i % 9 + 1))
PY
	rss() {
		rm -f m.db m.db-wal m.db-shm
		sed "s|$TMP/r.db|$TMP/m.db|" r.ini > m.ini
		# ASan keeps freed memory in quarantine: not what is measured here.
		ASAN_OPTIONS=detect_leaks=0:quarantine_size_mb=0 /usr/bin/time -f %M -o rss.txt \
			"$D" -c m.ini import "$1" --now "$NOW" > /dev/null 2> err.txt \
			|| fail "$1 refused: $(head -c 300 err.txt)"
		tail -n 1 rss.txt
	}
	small=$(rss small.csv)
	large=$(rss large.csv)
	echo "peak RSS: $small KB at 150000 rows, $large KB at 450000 rows"
	# The large file is 21 MB more; a reader that held it would take more
	# than that, and its rows several times as much.
	[ $((large - small)) -lt 12000 ] || fail "peak RSS grows with the file: $small KB, then $large KB"
else
	echo "no /usr/bin/time: memory not checked"
fi

[ $failed -eq 0 ] || { echo "$failed check(s) failed"; exit 1; }
echo "all streaming import checks passed"
