#!/bin/sh
# run --once --dry-run prints one line per SMS that run --once would send
# (number masked, no secret) and changes nothing: the dump of the database
# is the same before and after, and the provider receives nothing.  Then
# a real run --once sends exactly what the dry run showed.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

T="2026-12-01 10:00"
gw_start --flavor plain --mode ok
gw_conf -p '/send?key=K3y-SeCrEt-42' 'body = to={to}&text={text}&ref={ref}' 'rate = 0'
cat >"$TMP/a.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu
D1;2026-12-01;12:00;chambery;06 12 34 56 71;Bureau 1
D2;2026-12-01;12:00;chambery;06 12 34 56 72;Bureau 2
D3;2026-12-01;12:00;aix;06 12 34 56 73;
D4;2026-12-01;12:00;aix;04 79 00 00 00;landline, not sent
D5;2026-12-01;15:00;aix;06 12 34 56 75;due at 13:00, not now
EOF
daemon import "$TMP/a.csv" --now "$T" >/dev/null || fail "import"
# One run first so that a sent row is there too, then more to send.
daemon run --once --now "2026-11-28 09:00" || fail "first run"
cat >"$TMP/b.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu
D6;2026-12-01;11:30;chambery;07 81 22 33 44;Accueil
EOF
daemon import "$TMP/b.csv" --now "$T" >/dev/null || fail "import b"
before=$(sqlite3 "$DB" .dump | md5sum)
ls -l "$TMP" >"$TMP/ls.before"

"$D" -c "$CONF" run --once --dry-run --now "$T" >"$TMP/dry.out" 2>"$TMP/dry.err"; rc=$?
cat "$TMP/dry.out" "$TMP/dry.err"; cat "$TMP/dry.err" >>"$TMP/daemon.err"
[ $rc = 0 ] || fail "dry run: exit $rc"
[ "$(sqlite3 "$DB" .dump | md5sum)" = "$before" ] || fail "the dry run changed the database"
[ "$(gw_count)" = 0 ] || fail "the dry run sent $(gw_count) requests"
[ "$(grep -c '^would send reminder ' "$TMP/dry.out")" = 4 ] || fail "expected 4 lines for D1, D2, D3, D6"
[ "$(wc -l <"$TMP/dry.out")" = 4 ] || fail "stdout has more than the SMS lines"
grep -q "Bureau 2" "$TMP/dry.out" || fail "the text is not shown"
for s in 61234 "06 12 34" "12 34 56" 781223344 K3y-SeCrEt-42; do
	if grep -F -q -- "$s" "$TMP/dry.out" "$TMP/dry.err"; then fail "\"$s\" shown by the dry run"; fi
done
grep -q "nothing was sent" "$TMP/dry.err" || fail "the dry run does not say it sent nothing"

# The same, twice: still nothing changed (no plan, no recovery, no purge).
"$D" -c "$CONF" run --dry-run --now "$T" >"$TMP/dry2.out" 2>>"$TMP/daemon.err" || fail "second dry run"
cmp -s "$TMP/dry.out" "$TMP/dry2.out" || fail "two dry runs disagree"
[ "$(sqlite3 "$DB" .dump | md5sum)" = "$before" ] || fail "the second dry run changed the database"

# A real run sends what the dry run showed.
daemon run --once --now "$T" || fail "run"
[ "$(gw_count)" = 4 ] || fail "the real run sent $(gw_count), the dry run showed 4"
python3 - "$GW_LOG" "$TMP/dry.out" "$DB" <<'EOF' || fail "the dry run showed other texts than were sent"
import json, sqlite3, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
sent = sorted((r["form"]["ref"], r["form"]["text"]) for r in reqs)
shown = []
for line in open(sys.argv[2], encoding="utf-8"):
    ref = line.split()[3]
    shown.append((ref, line.split("): ", 1)[1].rstrip("\n")))
print(sent); print(sorted(shown))
sys.exit(0 if sent == sorted(shown) else 1)
EOF
"$D" -c "$CONF" run --dry-run --now "$T" >"$TMP/dry3.out" 2>>"$TMP/daemon.err" || fail "dry run after"
[ ! -s "$TMP/dry3.out" ] || fail "a dry run after the real one still shows SMS"
echo PASS
