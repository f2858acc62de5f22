#!/bin/sh
# Content sync with the real kiosk: msd-kiosk runs in a window on its own
# Xvfb, with [sync] pointing at tests/helpers/packserver.py on 127.0.0.1
# (interval_s = 1), on pack version 10.  For each scenario the server (or
# the folder it serves) is set up, the kiosk started, and then:
#
# - a good newer pack (11): renamed onto the kiosk's pack while it runs,
#   the old one kept as PACK.prev, the next manifest request conditional
#   (answered 304); after a return to home (Escape from the rights page,
#   sent with xdotool) the kiosk shows it: its log says "new content pack:
#   version 11", its status file "pack_version: 11"; the pack on disk
#   renders with --screenshot.
# - each failure: no network (a closed port), DNS failure (a name glibc
#   refuses without asking any server), 404 (manifest, then pack only),
#   500, a slow server (timeout_s = 3), a truncated download, an oversized
#   one (with and without Content-Length), a pack over max_size_mb, a
#   manifest changed after signing, one signed with another key, a pack
#   whose SHA-256 is wrong, an older version, a pack whose SHA-256 is right
#   but which is damaged inside (its manifest signed with openssl), a
#   self-signed TLS server: the pack stays byte for byte the same, nothing
#   is left beside it, last_error in the status file says what happened,
#   the kiosk retried (last_error_at changed) and logged ONE line.
# - TLS: the self-signed server is accepted with ca_file = its certificate.
# - the kiosk's MSD (--msd tarentaise) reaches the sync: a pack without
#   it is refused before it replaces anything;
# - rollback: a pack damaged on disk after the sync put it in place
#   passes every check of the sync, is refused by the kiosk at the return
#   to home, and PACK is back to version 10, the status saying so.
set -u
. "$ROOT/tests/helpers/synclib.sh"
need_tools

mkdir -p "$TMP/kiosk"
KPACK=$TMP/kiosk/pack.db
build 10 "$TMP/base.db"
build 11 "$TMP/p11.db"
build 9 "$TMP/p9.db"
"$K" content keygen -o "$KEYS" >/dev/null || fail "keygen"
"$K" content keygen -o "$TMP/keys2" >/dev/null || fail "keygen 2"
x_start

# conf FILE URL [EXTRA]: the kiosk's config.
conf() {
	cat >"$1" <<EOF
[kiosk]
idle_s = 3600
countdown_s = 0
[sync]
url = $2
public_key = $KEYS/pack.pub
interval_s = 1
timeout_s = 5
status_file = $STATUS
${3:-}
EOF
}

# A fresh kiosk folder on version 10 and a www folder serving PACK.
fresh() {
	rm -rf "$TMP/kiosk" "$STATUS" "$TMP/www"
	mkdir -p "$TMP/kiosk" "$TMP/www"
	cp "$TMP/base.db" "$KPACK"
}

pack_is() {
	[ "$(pack_version "$2")" = "$1" ]
}

error_says() {
	grep -q "^last_error: .*$1" "$STATUS" 2>/dev/null
}

error_at_changed() {
	a=$(status last_error_at)
	[ -n "$a" ] && [ "$a" != "$1" ]
}

has_304() {
	[ "$(python3 -c 'import json, sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["status"] == 304))' "$SRV_LOG")" -ge 1 ]
}

leftovers() {
	ls "$TMP/kiosk" | grep -v '^pack\.db$\|^pack\.db\.prev$'
}

# refused NAME WANT [URL] [EXTRA CONFIG]: the kiosk keeps its pack.
refused() {
	name=$1 want=$2 url=${3:-http://127.0.0.1:$SRV_PORT/}
	conf "$TMP/$name.ini" "$url" "${4:-}"
	kiosk_start "$TMP/$name.ini" --page rights
	wait_until "$name: last_error saying '$want'" error_says "$want"
	wait_until "$name: a retry" error_at_changed "$(status last_error_at)"
	kiosk_stop
	[ "$(pack_version "$KPACK")" = 10 ] || fail "$name: pack is now version $(pack_version "$KPACK")"
	cmp -s "$TMP/base.db" "$KPACK" || fail "$name: the pack changed"
	[ -z "$(leftovers)" ] || fail "$name: files left beside the pack: $(leftovers)"
	n=$(grep -c "content sync: .*keeping the current pack" "$KLOG")
	[ "$n" = 1 ] || { grep "content sync" "$KLOG"; fail "$name: $n log lines for one failure, want 1"; }
	grep -q "warning: content sync: .*$want" "$KLOG" || fail "$name: the log line does not say '$want'"
	echo "ok    $name: $(grep "keeping the current pack" "$KLOG" | sed 's/^msd-kiosk: warning: //')"
}

# go_home: Escape on the rights page, as a person would.
go_home() {
	xdotool mousemove 640 400
	xdotool key Escape
	wait_until "the kiosk back home" grep -q '^home' "$TMP/state"
}

# --------------------------------------------------------------- good pack
fresh
publish "$TMP/p11.db" "$TMP/www"
srv_start "$TMP/www"
conf "$TMP/good.ini" "http://127.0.0.1:$SRV_PORT/"
kiosk_start "$TMP/good.ini" --page rights
wait_until "pack 11 in place" pack_is 11 "$KPACK"
[ "$(pack_version "$KPACK.prev")" = 10 ] || fail "PACK.prev is not version 10"
wait_until "status: pack 11 waiting" grep -q "^pack_waiting: 11" "$STATUS"
[ "$(status pack_version)" = 10 ] || fail "status shows $(status pack_version) before the return to home"
grep -q '^rights' "$TMP/state" || fail "the kiosk left the rights page by itself"
# Later checks are conditional requests, answered 304.
wait_until "a 304 for the manifest" has_304
[ "$(srv_count /pack-11.db 200)" = 1 ] || fail "pack downloaded $(srv_count /pack-11.db 200) times"
go_home
wait_until "status: pack 11 shown" grep -q "^pack_version: 11" "$STATUS"
grep -q "new content pack: version 11" "$KLOG" || fail "the kiosk did not say it opened 11"
[ "$(status last_error)" = "" ] || fail "last_error: $(status last_error)"
kiosk_stop
"$K" --content "$KPACK" --screenshot "$TMP/after.png" >"$TMP/shot.out" 2>&1 ||
	fail "the new pack does not render: $(cat "$TMP/shot.out")"
[ -z "$(leftovers)" ] || fail "files left beside the pack: $(leftovers)"
echo "ok    good pack: version 11 in place, shown after the return to home"
srv_stop

# --------------------------------------------------------------- failures
fresh
publish "$TMP/p11.db" "$TMP/www"
srv_start "$TMP/www"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
refused no-network "cannot connect" "http://127.0.0.1:$port/"
# A label of more than 63 bytes: glibc refuses the name itself, no DNS
# query leaves the machine.
refused dns "cannot find the server" \
    "http://$(printf '%070d' 0 | tr 0 a).invalid/"
srv_ctl "mode=404&match="
refused 404 "manifest.txt: not found (HTTP 404)"
srv_ctl "mode=404&match=pack-"
refused 404-pack "pack-11.db: not found (HTTP 404)"
srv_ctl "mode=500&match="
refused 500 "answered HTTP 500"
srv_ctl "mode=slow&match=pack-&rate=2000"
refused slow "too slow" "" "timeout_s = 3"
srv_ctl "mode=truncate&match=pack-"
refused truncated "cut short"
srv_ctl "mode=oversize&match=pack-"
refused oversized "bigger than expected"
srv_ctl "mode=oversize-nolength&match=pack-"
refused oversized-no-length "bigger than expected"
srv_ctl "reset=1"
srv_stop

# A pack over max_size_mb (padded with a table the kiosk never reads).
cp "$TMP/p11.db" "$TMP/big.db"
sqlite3 "$TMP/big.db" "create table pad(x); insert into pad values (randomblob(1500000))" ||
	fail "cannot pad the pack"
fresh
publish "$TMP/big.db" "$TMP/www"
srv_start "$TMP/www"
refused max-size "max_size_mb" "" "max_size_mb = 1"
srv_stop

# A manifest changed after signing.
fresh
publish "$TMP/p11.db" "$TMP/www"
sed -i 's/^built_at: .*/built_at: 2030-01-01 00:00/' "$TMP/www/manifest.txt"
srv_start "$TMP/www"
refused bad-signature "bad signature"
srv_stop

# Signed with a key the kiosk does not trust.
fresh
publish "$TMP/p11.db" "$TMP/www" "$TMP/keys2"
srv_start "$TMP/www"
refused other-key "signed with another key"
srv_stop

# The pack file replaced after publishing (another valid pack).
fresh
publish "$TMP/p11.db" "$TMP/www"
cp "$TMP/p9.db" "$TMP/www/pack-11.db"
srv_start "$TMP/www"
refused wrong-hash "wrong SHA-256"
srv_stop

# An older version.
fresh
publish "$TMP/p9.db" "$TMP/www"
srv_start "$TMP/www"
refused older "older than this kiosk's 10"
srv_stop

# Right SHA-256, damaged inside: publish would refuse it, so the manifest
# is signed by openssl with the trusted key.
cp "$TMP/p11.db" "$TMP/damaged.db"
size=$(wc -c <"$TMP/damaged.db")
i=1
while [ $i -lt $((size / 4096)) ]; do
	head -c 200 /dev/zero | tr '\0' 'Z' |
	    dd of="$TMP/damaged.db" bs=1 seek=$((i * 4096 + 8)) conv=notrunc 2>/dev/null
	i=$((i + 1))
done
fresh
sign_manifest "$TMP/damaged.db" 11 "$TMP/www" "$KEYS"
srv_start "$TMP/www"
# SQLite says "truncated or damaged" or "malformed" as the damage falls
# on its pages or on the schema's (which grew with the translations).
refused damaged-inside "unusable: is .*damaged"
srv_stop
# The same openssl signature on the good pack is accepted: the test above
# failed for the damage, not for the signature.
fresh
sign_manifest "$TMP/p11.db" 11 "$TMP/www" "$KEYS"
srv_start "$TMP/www"
conf "$TMP/ossl.ini" "http://127.0.0.1:$SRV_PORT/"
kiosk_start "$TMP/ossl.ini" --page rights
wait_until "pack 11 (openssl-signed manifest) in place" grep -q "^pack_waiting: 11" "$STATUS"
kiosk_stop
echo "ok    a manifest signed by openssl with the same key is accepted"
srv_stop

# --------------------------------------------------------------- TLS
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$TMP/tls.key" -out "$TMP/tls.pem" -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" >"$TMP/openssl.out" 2>&1 ||
	fail "openssl req: $(cat "$TMP/openssl.out")"
fresh
publish "$TMP/p11.db" "$TMP/www"
srv_start "$TMP/www" --tls-cert "$TMP/tls.pem" --tls-key "$TMP/tls.key"
refused tls-self-signed "TLS error" "https://127.0.0.1:$SRV_PORT/"
conf "$TMP/tls.ini" "https://127.0.0.1:$SRV_PORT/" "ca_file = $TMP/tls.pem"
kiosk_start "$TMP/tls.ini" --page rights
wait_until "pack 11 over TLS" grep -q "^pack_waiting: 11" "$STATUS"
[ "$(pack_version "$KPACK")" = 11 ] || fail "TLS: pack is $(pack_version "$KPACK")"
kiosk_stop
echo "ok    TLS: self-signed refused, accepted with ca_file"
srv_stop

# --------------------------------------------------------------- MSD
# Version 11 without the MSD of Tarentaise, for a kiosk started with
# --msd tarentaise: the sync takes the kiosk's MSD from its settings, as
# the screen does, and refuses the pack before it replaces anything.
cp "$TMP/p11.db" "$TMP/no-tarentaise.db"
sqlite3 "$TMP/no-tarentaise.db" "pragma foreign_keys = off;
    delete from offer_msd where msd_code = 'tarentaise';
    delete from msd where code = 'tarentaise'; vacuum;" ||
	fail "cannot make the pack without tarentaise"
fresh
publish "$TMP/no-tarentaise.db" "$TMP/www"
srv_start "$TMP/www"
conf "$TMP/nomsd.ini" "http://127.0.0.1:$SRV_PORT/"
kiosk_start "$TMP/nomsd.ini" --page rights --msd tarentaise
wait_until "the pack without the kiosk's MSD refused by the sync" \
    grep -q "^last_error: .*has no MSD 'tarentaise'" "$STATUS"
grep -q "^pack_waiting: 11" "$STATUS" && fail "the sync put in place a pack without the kiosk's MSD"
kiosk_stop
cmp -s "$TMP/base.db" "$KPACK" || fail "the pack without tarentaise replaced version 10"
srv_stop
echo "ok    --msd reaches the sync: a pack without the kiosk's MSD is refused"

# --------------------------------------------------------------- rollback
# Version 11, verified and put in place by the sync, then damaged on the
# disk before the kiosk opens it (it waits for the home page): the kiosk
# refuses it and the sync puts version 10 back.
fresh
publish "$TMP/p11.db" "$TMP/www"
srv_start "$TMP/www"
conf "$TMP/rollback.ini" "http://127.0.0.1:$SRV_PORT/"
kiosk_start "$TMP/rollback.ini" --page rights --msd tarentaise
wait_until "status: pack 11 waiting" grep -q "^pack_waiting: 11" "$STATUS"
# Cut in half, as a failing disk would leave it.
size=$(stat -c %s "$KPACK")
truncate -s $((size / 2)) "$KPACK"
go_home
wait_until "rolled back in the status" grep -q "^last_error: .*rolled back to version 10" "$STATUS"
wait_until "pack 10 back in place" cmp -s "$TMP/base.db" "$KPACK"
grep -q "new content pack refused" "$KLOG" || fail "the kiosk did not log the refusal"
grep -q "content sync: rolled back" "$KLOG" || fail "no rollback line in the log"
[ "$(status pack_version)" = 10 ] || fail "status shows pack $(status pack_version)"
# It does not fetch that version again while it runs.
wait_until "the refused version named in the status" \
    grep -q "^last_error: version 11 was refused by this kiosk" "$STATUS"
kiosk_stop
[ "$(srv_count /pack-11.db 200)" = 1 ] || fail "the refused pack was downloaded again"
cmp -s "$TMP/base.db" "$KPACK" || fail "pack is not version 10 after the rollback"
"$K" --content "$KPACK" --msd tarentaise --screenshot "$TMP/rb.png" \
    >"$TMP/shot.out" 2>&1 || fail "after the rollback the kiosk does not start: $(cat "$TMP/shot.out")"
echo "ok    rollback: refused by the kiosk, version 10 back in place"
echo "all sync scenarios passed"
