#!/bin/sh
# The import on hostile or broken files: what is not a regular file, too
# much data, two encodings in one file, CR-only line ends, control
# characters and BOMs inside cells, a column given twice.  Each is refused
# with exit 2 and FILE:LINE, never echoes a control character, and leaves
# the database as it was.  Every check runs, and the failed ones are listed.
set -u
. "$ROOT/tests/helpers/importlib.sh"
import_conf - <<INI
[import]
max_file_mb = 1
INI
dump() { sqlite3 r.db "SELECT * FROM appointment ORDER BY id; SELECT * FROM outbox ORDER BY id; SELECT file, rows FROM import_log ORDER BY id;" | md5sum; }
H='rdv_id;date;heure;msd;telephone;lieu'
# A raw control character in the messages would reach the operator's
# terminal; escaped (\x1b) is fine.
raw_ctl() { LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$1"; }

printf '%s\nS1;03/12/2026;10h;chambery;0612345678;Accueil\n' "$H" > seed.csv
"$D" -c r.ini import seed.csv --now "$NOW" > /dev/null || { echo "FAIL: seed refused"; exit 1; }
before=$(dump)

# refused NAME EXPECTED FILE [timeout]: exit 2, EXPECTED in stderr, the
# database unchanged, no raw control character in the messages.
refused() {
	timeout "${4:-20}" "$D" -c r.ini import "$3" --now "$NOW" > out.txt 2> err.txt
	rc=$?
	if [ $rc -ne 2 ]; then
		fail "$1: exit $rc, expected 2 ($(head -c 300 err.txt))"
	elif ! grep -qF -- "$2" err.txt; then
		fail "$1: expected '$2' in: $(head -c 600 err.txt)"
	fi
	raw_ctl err.txt && fail "$1: a raw control character in the messages"
	[ "$(dump)" = "$before" ] || { fail "$1 changed the database"; before=$(dump); }
	return 0
}

# 1. Regular files only: a FIFO without a writer used to hang, /dev/zero
#    to be read until out of memory.
mkfifo fifo.csv
refused fifo "fifo.csv is a named pipe (FIFO), not a regular file" fifo.csv 10
mkdir dir.csv
refused dir "dir.csv is a directory, not a regular file" dir.csv
refused zero "/dev/zero is a character device, not a regular file" /dev/zero
refused null "/dev/null is a character device" /dev/null
ln -s fifo.csv link.csv
refused link "link.csv is a named pipe (FIFO)" link.csv 10

# 2. The size limit, on a file and on standard input; standard input works.
python3 - <<PY
with open("big.csv", "w") as f:
    f.write("$H\n")
    i = 0
    while f.tell() < 1100000:
        f.write("L%d;03/12/2026;10h;chambery;0612345678;Salle d'attente du rez-de-chaussee\n" % i)
        i += 1
PY
refused big "big.csv is larger than 1 MB" big.csv
printf '%s\nI1;04/12/2026;11h;chambery;0611223344;Stdin\n' "$H" > in.csv
"$D" -c r.ini import - --now "$NOW" < in.csv > out.txt 2> err.txt \
	|| fail "import - refused: $(cat err.txt)"
[ "$(sqlite3 r.db "SELECT place FROM appointment WHERE rdv_id = 'I1'")" = Stdin ] \
	|| fail "import - did not store its row"
[ "$(sqlite3 r.db "SELECT file FROM import_log ORDER BY id DESC LIMIT 1")" = stdin ] \
	|| fail "import - is not logged as stdin"
before=$(dump)
head -c 3000000 /dev/zero | tr '\0' 'x' | timeout 20 "$D" -c r.ini import - --now "$NOW" > /dev/null 2> err.txt
rc=$?
[ $rc -eq 2 ] && grep -qF "stdin is larger than 1 MB" err.txt || fail "big stdin: exit $rc: $(head -c 300 err.txt)"
[ "$(dump)" = "$before" ] || fail "big stdin changed the database"

# 3. One encoding per file: UTF-8 lines and Windows-1252 lines mixed
#    used to be stored as "Bureau Ã©levÃ©".
python3 - <<PY
h = "$H\n"
u = "M1;03/12/2026;10h;chambery;0612345678;Bureau élevé\n".encode()
c = "M2;03/12/2026;11h;chambery;0612345678;Salle Émile\n".encode("cp1252")
c3 = "M3;03/12/2026;12h;chambery;0612345678;Salle à côté\n".encode("cp1252")
open("mixed_u.csv", "wb").write(h.encode() + u + c + u.replace(b"M1", b"M4"))
open("mixed_c.csv", "wb").write(h.encode() + c + u + c3)
open("mixed_line.csv", "wb").write(h.encode() + u.rstrip(b"\n") + " é\n".encode("cp1252"))
open("bom_1252.csv", "wb").write(b"\xef\xbb\xbf" + h.encode() + c)
PY
refused mixed_u "mixed_u.csv:3: byte 0xC9 is not UTF-8, and the file is UTF-8 (line 2, for one)" mixed_u.csv
grep -q "mixed_u.csv: mixes UTF-8 and Windows-1252" err.txt || fail "mixed_u: no summary: $(cat err.txt)"
grep -q "mixed_u.csv:[24]:" err.txt && fail "mixed_u: a UTF-8 line reported: $(cat err.txt)"
refused mixed_c "mixed_c.csv:3: written in UTF-8, and the file is Windows-1252 (line 2, for one)" mixed_c.csv
refused mixed_line "mixed_line.csv:2: byte 0xE9 is not UTF-8" mixed_line.csv
refused bom_1252 "bom_1252.csv:2: byte 0xC9 is not UTF-8, and the file starts as UTF-8" bom_1252.csv

# 4. Line numbers with CR-only, LF and CRLF line ends (CR-only: every
#    error used to say line 1), also after a cell spanning lines.
for eol in lf crlf cr; do
	case $eol in lf) e='\n';; crlf) e='\r\n';; cr) e='\r';; esac
	printf "$H$e""B1;01/12/2026;10h;chambery;0612345678;ici$e""B2;31/11/2026;10h;chambery;0612345678;ici$e" > "$eol.csv"
	refused "$eol" "$eol.csv:3: date '31/11/2026'" "$eol.csv"
	printf "$H$e""B1;01/12/2026;10h;chambery;0612345678;\"A$e""B$e""C\"$e""B2;xx;10h;chambery;0612345678;ici$e" > "${eol}_multi.csv"
	refused "${eol}_multi" "${eol}_multi.csv:5: date 'xx'" "${eol}_multi.csv"
done
printf "$H\r""G1;05/12/2026;10h;chambery;0612345678;\"Bât A\r2e étage\"\r""G2;05/12/2026;11h;chambery;0612345678;ici\r" > cr_good.csv
"$D" -c r.ini import cr_good.csv --now "$NOW" > out.txt 2> err.txt || fail "cr_good refused: $(cat err.txt)"
[ "$(sqlite3 r.db "SELECT count(*) FROM appointment WHERE rdv_id IN ('G1', 'G2')")" = 2 ] || fail "cr_good: rows not stored"
before=$(dump)

# 5. Control characters and BOMs inside cells, with their line; never
#    echoed raw (ESC used to reach the terminal).
printf "$H\nC1;01/12/2026;10h;chambery;0612345678;Salle\a 3\n" > bel.csv
refused bel 'bel.csv:2: lieu holds the invisible character \x07 (BEL)' bel.csv
printf "$H\nC1;01/12/2026;10h;chambery;0612345678;ok\nC2;01/12/2026;10h;chambery;0612345678;\033[2J\033[31mRouge\n" > esc.csv
refused esc 'esc.csv:3: lieu holds the invisible character \x1b (ESC' esc.csv
grep -qF '\x1b[2J\x1b[31mRouge' err.txt || fail "esc: the cell is not shown escaped: $(cat err.txt)"
printf "$H\n\357\273\277C1;01/12/2026;10h;chambery;0612345678;ici\n" > bom.csv
refused bom "bom.csv:2: rdv_id holds the invisible character U+FEFF (a BOM" bom.csv
printf "$H\nC1;01/12/2026\033[0m;10h;chambery;0612345678;ici\n" > escdate.csv
refused escdate 'escdate.csv:2: date holds the invisible character \x1b' escdate.csv
printf "$H\nC1;01/12/2026;10h;chambery;0612345678;\"Bât A\r\n2e\a étage\"\n" > bel_multi.csv
refused bel_multi 'bel_multi.csv:3: lieu holds the invisible character \x07' bel_multi.csv
printf "$H\nC1;01/12/2026;10h;chambery;0612345678;\342\200\256Salle\n" > rlo.csv
refused rlo 'rlo.csv:2: lieu holds the invisible character U+202E' rlo.csv
printf "rdv_id;date;heure;msd;tele\033phone\nC1;01/12/2026;10h;chambery;0612345678\n" > eschead.csv
refused eschead 'eschead.csv:1: the name of column 5 holds the invisible character \x1b' eschead.csv

# 6. A column given twice: which one is meant cannot be guessed.
printf "rdv_id;date;heure;msd;telephone;Téléphone \nD1;01/12/2026;10h;chambery;0612345678;0799999999\n" > twice.csv
refused twice "twice.csv:1: columns 5 and 6 are both named 'telephone'" twice.csv
printf "rdv_id;date;heure;msd;telephone;portable\nD1;01/12/2026;10h;chambery;0412345678;0612345678\n" > alias.csv
refused alias "alias.csv:1: columns 5 ('telephone') and 6 ('portable') both name the telephone" alias.csv

end_checks
echo "all hostile import checks passed"
