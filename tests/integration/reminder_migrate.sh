#!/bin/sh
# A version-1 database (made here from schema/reminders/0001-init.sql,
# the schema of the daemons already installed) is migrated at the first
# open: every appointment and outbox row is kept with its state, the
# outbox accepts the delivery states, the appointment the reply and the
# outcome, and its columns are those of a database created new.  The
# import then accepts `absent` and `venu` and records them.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

T="2026-12-01 10:00"
now=$(epoch "$T")
at=$(epoch "2026-12-03 14:30")
cat >"$CONF" <<EOF
[database]
path = $DB
[gateway]
type = file
path = $TMP/sms.out
[reminders]
offsets = 24h
EOF

echo "== a version-1 database with rows in every state =="
sqlite3 -batch "$DB" <"$ROOT/schema/reminders/0001-init.sql" || fail "v1 schema"
sqlite3 -batch "$DB" <<EOF || fail "v1 rows"
PRAGMA user_version = 1;
INSERT INTO appointment (id, msd, rdv_id, at, phone, phone_kind, place, status,
    imported_at, updated_at) VALUES
    (1, 'chambery', 'M1', $at, '+33612345678', 'mobile', 'Bureau 2', 'planned', $now, $now),
    (2, 'aix', 'M2', $at, '+33479000000', 'landline', NULL, 'planned', $now, $now),
    (3, 'aix', 'M3', $((at - 86400 * 5)), '+33781223344', 'mobile', NULL, 'planned', $now, $now);
INSERT INTO outbox (appt_id, offset_s, appt_at, due_at, state, attempts, reason,
    text, segments, provider_id, sent_at, updated_at) VALUES
    (1, 86400, $at, $((at - 86400)), 'planned', 0, NULL, NULL, 1, NULL, NULL, $now),
    (3, 86400, $((at - 86400 * 5)), $now, 'sent', 1, 'accepted by the gateway',
     'Rappel', 1, 'SMabc', $now, $now),
    (3, 7200, $((at - 86400 * 5)), $now, 'failed', 1, 'HTTP 400', 'Rappel', 1, NULL, NULL, $now);
INSERT INTO optout VALUES ('+33600000001', $now);
EOF
before=$(q "select group_concat(id || ':' || appt_id || ':' || state || ':' || coalesce(provider_id, '') || ':' || coalesce(reason, ''), '|') from outbox")

echo "== status opens and migrates it =="
daemon status >"$TMP/status.out" || fail "status on a v1 database: $(tail -3 "$TMP/daemon.err")"
[ "$(q "pragma user_version")" = 2 ] || fail "user_version $(q "pragma user_version"), expected 2"
after=$(q "select group_concat(id || ':' || appt_id || ':' || state || ':' || coalesce(provider_id, '') || ':' || coalesce(reason, ''), '|') from outbox")
[ "$before" = "$after" ] || fail "outbox changed by the migration:
  before $before
  after  $after"
[ "$(q "select count(*) from appointment")" = 3 ] || fail "appointments lost"
[ "$(q "select count(*) from optout")" = 1 ] || fail "STOP list lost"
q "pragma integrity_check" | grep -qx ok || fail "integrity_check"
[ -z "$(q "pragma foreign_key_check")" ] || fail "foreign_key_check: $(q "pragma foreign_key_check")"

echo "== the new states and columns are accepted, bad ones still refused =="
q "update outbox set state = 'delivered', dlr_at = $now where id = 2" || fail "delivered refused"
q "update outbox set state = 'undelivered' where id = 3" || fail "undelivered refused"
q "update appointment set reply = 'cancel_request', reply_at = $now, outcome = 'absent' where id = 3" \
    || fail "reply/outcome refused"
q "insert into reply (appt_id, at, category, text, provider_id) values (3, $now, 'stop', 'Stop.', 'SM1')" \
    || fail "reply row refused"
if q "update outbox set state = 'bogus' where id = 1" 2>/dev/null; then
	fail "the outbox CHECK was lost in the rebuild"
fi
if q "update appointment set reply = 'maybe' where id = 1" 2>/dev/null; then
	fail "appointment.reply accepts anything"
fi
# The planner's partial index came back: the due query uses it.
q "explain query plan SELECT o.id FROM outbox o WHERE o.state IN ('planned', 'retry', 'sending') AND o.state != 'sending' AND o.due_at <= 5 ORDER BY o.due_at LIMIT 1" \
    | grep -q outbox_due || fail "outbox_due index not used after the migration"

echo "== same columns as a database created new =="
cols() {
	for t in appointment outbox reply plan_queue optout import_log; do
		sqlite3 -batch "$1" "select '$t', group_concat(name || ' ' || type || ' ' || \"notnull\" || ' ' || coalesce(dflt_value, ''), ', ') from pragma_table_info('$t')"
	done
	sqlite3 -batch "$1" "select name from sqlite_master where type = 'index' and name not like 'sqlite_%' order by name"
}
sed "s#$DB#$TMP/fresh.db#" "$CONF" >"$TMP/fresh.ini"
"$D" -c "$TMP/fresh.ini" status >/dev/null 2>>"$TMP/daemon.err" || fail "status on a new database"
cols "$DB" >"$TMP/cols.migrated"
cols "$TMP/fresh.db" >"$TMP/cols.fresh"
diff "$TMP/cols.fresh" "$TMP/cols.migrated" || fail "migrated schema differs from a new one"

echo "== the import accepts absent and venu =="
cat >"$TMP/again.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu;statut
M1;2026-12-03;14:30;chambery;06 12 34 56 78;Bureau 2;venu
N1;2026-12-04;09:00;aix;06 12 34 56 79;;prévu
EOF
daemon import "$TMP/again.csv" --now "$T" >/dev/null || fail "import with venu: $(tail -3 "$TMP/daemon.err")"
[ "$(q "select outcome from appointment where rdv_id = 'M1'")" = venu ] \
    || fail "venu not recorded: $(q "select rdv_id, outcome from appointment")"
cat >"$TMP/past.csv" <<'EOF'
rdv_id;date;heure;msd;telephone;lieu;statut
M3;2026-11-28;14:30;aix;07 81 22 33 44;;Absente
EOF
q "update appointment set outcome = NULL where id = 3"
daemon import "$TMP/past.csv" --now "$T" >/dev/null || fail "import of a past absent row: $(tail -3 "$TMP/daemon.err")"
[ "$(q "select outcome from appointment where rdv_id = 'M3'")" = absent ] \
    || fail "absent not recorded on a past appointment: $(q "select rdv_id, outcome from appointment")"
printf 'rdv_id;date;heure;msd;telephone;statut\nB1;2026-12-04;09:00;aix;06 12 34 56 70;peut-être\n' >"$TMP/bad.csv"
if "$D" -c "$CONF" import "$TMP/bad.csv" --now "$T" >/dev/null 2>"$TMP/bad.err"; then
	fail "statut peut-être accepted"
fi
grep -q "bad.csv:2: statut 'peut-être' is none of" "$TMP/bad.err" \
    || fail "message for a bad statut: $(cat "$TMP/bad.err")"

echo "== a database newer than the program is refused =="
q "pragma user_version = 3"
if daemon status >/dev/null 2>&1; then
	fail "a version-3 database was opened"
fi
echo PASS
