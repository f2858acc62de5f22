#!/bin/sh
# The content sync against hostile or careless input:
# - a signed pack that holds code (a recursive view in place of a table,
#   a trigger) is refused at the check, before it replaces anything (a
#   recursive view hung the check);
# - a user:password@ in [sync] url is sent as HTTP basic auth, and is in
#   no log line, error or status file, even when the server fails.
set -u
. "$ROOT/tests/helpers/synclib.sh"
need_tools

mkdir -p "$TMP/kiosk"
KPACK=$TMP/kiosk/pack.db
build 10 "$TMP/base.db"
build 11 "$TMP/p11.db"
"$K" content keygen -o "$KEYS" >/dev/null || fail "keygen"
x_start

conf() {
	cat >"$1" <<EOF2
[kiosk]
idle_s = 3600
countdown_s = 0
[sync]
url = $2
public_key = $KEYS/pack.pub
interval_s = 1
timeout_s = 5
status_file = $STATUS
EOF2
}

fresh() {
	rm -rf "$TMP/kiosk" "$STATUS" "$TMP/www"
	mkdir -p "$TMP/kiosk" "$TMP/www"
	cp "$TMP/base.db" "$KPACK"
}

error_says() {
	grep -q "^last_error: .*$1" "$STATUS" 2>/dev/null
}

# code NAME SQL WANT: pack 11 changed by SQL, signed with the trusted key
# (publish would refuse it), must be refused with WANT; pack 10 stays.
code() {
	name=$1 sql=$2 want=$3
	cp "$TMP/p11.db" "$TMP/$name.db"
	sqlite3 "$TMP/$name.db" "$sql" || fail "$name: cannot make the pack"
	fresh
	sign_manifest "$TMP/$name.db" 11 "$TMP/www" "$KEYS"
	srv_start "$TMP/www"
	conf "$TMP/$name.ini" "http://127.0.0.1:$SRV_PORT/"
	kiosk_start "$TMP/$name.ini" --page rights
	wait_until "$name: last_error saying '$want'" error_says "$want"
	kiosk_stop
	srv_stop
	[ "$(pack_version "$KPACK")" = 10 ] || fail "$name: pack is now version $(pack_version "$KPACK")"
	cmp -s "$TMP/base.db" "$KPACK" || fail "$name: the pack changed"
	echo "ok    $name: $(sed -n 's/^last_error: //p' "$STATUS")"
}

code view "PRAGMA foreign_keys = OFF; DROP TABLE answer; DROP TABLE question;
    CREATE VIEW question(id, position, text) AS WITH RECURSIVE r(x) AS
      (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT 'q' || x, x, 'q' FROM r;
    CREATE VIEW answer(question_id, position, picto, label) AS
      SELECT id, position, 'info', text FROM question;" \
    "unusable: .*holds a view 'answer': a pack holds data, never code"
code trigger "CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM meta; END;" \
    "unusable: .*holds a trigger 't'"

# ---------------------------------------------------------------- user:pass
fresh
publish "$TMP/p11.db" "$TMP/www"
srv_start "$TMP/www"
# '@' and ':' in the password, %-encoded as a URL needs them.
conf "$TMP/auth.ini" "http://msd-kiosk:s3cr%40t%3Apw@127.0.0.1:$SRV_PORT/"
kiosk_start "$TMP/auth.ini" --page rights
wait_until "pack 11 fetched with basic auth" grep -q "^pack_waiting: 11" "$STATUS"
want="Basic $(printf 'msd-kiosk:s3cr@t:pw' | base64)"
python3 -c 'import json, sys
auth = set(json.loads(l)["auth"] for l in open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if auth == {sys.argv[2]} else "auth headers: %r" % auth)' "$SRV_LOG" "$want" ||
	fail "the server did not get the user and password as basic auth"
# Then the server fails: the error names the address, not the password.
srv_ctl "mode=500&match=manifest"
wait_until "the failure in the status" error_says "HTTP 500"
kiosk_stop
srv_stop
grep -q "http://127.0.0.1:$SRV_PORT/manifest.txt" "$STATUS" "$KLOG" ||
	fail "the messages do not name the address"
if grep -l "s3cr" "$STATUS" "$KLOG" "$TMP"/kiosk-*.log 2>/dev/null; then
	fail "the password is in the files above"
fi
echo "ok    user:password@ sent as basic auth, never shown: $(sed -n 's/^last_error: //p' "$STATUS")"
echo "hostile packs refused by the sync; url credentials never shown"
