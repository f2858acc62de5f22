#!/bin/sh
# `msd-kiosk content keygen` and `content publish`, as the publisher runs
# them:
# - keygen writes pack.key (mode 0600) and pack.pub; a second keygen into
#   the same folder is refused (exit 2) and the key is unchanged;
# - publish writes pack-VERSION.db (the same bytes as the pack) and
#   manifest.txt, whose signature openssl verifies with the public key
#   (an implementation that is not ours: the format is plain ed25519);
# - it refuses (exit 2, the folder unchanged): the same version again, an
#   older one, a file that is not a pack, a damaged pack, the public key
#   given as the secret one, a secret key others can read; --force
#   publishes the same version anyway;
# - leftovers of an interrupted publish are removed by the next one, and
#   a publish leaves no temporary file.
set -u
K=$BIN/msd-kiosk

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

command -v openssl >/dev/null || { echo "openssl is not installed"; exit 77; }

"$K" content build "$ROOT/tests/fixtures/content-ok" -o "$TMP/p5.db" \
    --pictos "$ROOT/assets/content/pictos.csv" --version 5 >/dev/null 2>&1 || fail "build 5"
"$K" content build "$ROOT/tests/fixtures/content-ok" -o "$TMP/p4.db" \
    --pictos "$ROOT/assets/content/pictos.csv" --version 4 >/dev/null 2>&1 || fail "build 4"

# ------------------------------------------------------------ keygen
"$K" content keygen -o "$TMP/keys" >"$TMP/keygen.out" 2>&1 ||
	fail "keygen: $(cat "$TMP/keygen.out")"
[ "$(stat -c %a "$TMP/keys/pack.key")" = 600 ] || fail "pack.key mode $(stat -c %a "$TMP/keys/pack.key")"
[ "$(head -1 "$TMP/keys/pack.pub")" = "msd-pack-ed25519-public v1" ] || fail "pack.pub header"
pub=$(sed -n 2p "$TMP/keys/pack.pub")
grep -q "public key $pub" "$TMP/keygen.out" || fail "keygen does not print the public key"
cp "$TMP/keys/pack.key" "$TMP/key.before"
"$K" content keygen -o "$TMP/keys" >"$TMP/keygen2.out" 2>&1
rc=$?
[ $rc = 2 ] || fail "second keygen: exit $rc, want 2"
grep -q "already exists" "$TMP/keygen2.out" || fail "second keygen does not say why"
cmp -s "$TMP/keys/pack.key" "$TMP/key.before" || fail "the key was overwritten"
echo "ok    keygen: 0600 key, never overwritten"

# ------------------------------------------------------------ publish
W=$TMP/www
"$K" content publish "$TMP/p5.db" --key "$TMP/keys/pack.key" -o "$W" \
    >"$TMP/pub.out" 2>&1 || fail "publish: $(cat "$TMP/pub.out")"
cmp -s "$TMP/p5.db" "$W/pack-5.db" || fail "pack-5.db is not the pack"
grep -q "^version: 5$" "$W/manifest.txt" || fail "manifest has no version 5"
grep -q "^sha256: $(sha256sum "$TMP/p5.db" | cut -d' ' -f1)$" "$W/manifest.txt" ||
	fail "manifest sha256 is not the pack's"
grep -q "^size: $(wc -c <"$TMP/p5.db")$" "$W/manifest.txt" || fail "manifest size"

# openssl checks the signature: body = every line before "signature: ".
sed '/^signature: /,$d' "$W/manifest.txt" >"$TMP/body"
sed -n 's/^signature: //p' "$W/manifest.txt" | python3 -c 'import sys
sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read().strip()))' >"$TMP/sig"
python3 -c 'import base64, sys
der = bytes.fromhex("302a300506032b6570032100" + sys.argv[1])
print("-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----" % base64.b64encode(der).decode())' \
    "$pub" >"$TMP/pub.pem"
openssl pkeyutl -verify -pubin -inkey "$TMP/pub.pem" -rawin -in "$TMP/body" \
    -sigfile "$TMP/sig" >"$TMP/verify.out" 2>&1 ||
	fail "openssl does not verify the manifest: $(cat "$TMP/verify.out")"
# ...and refuses it once a byte changed (so the check above means something).
sed 's/^version: 5$/version: 6/' "$TMP/body" >"$TMP/body2"
openssl pkeyutl -verify -pubin -inkey "$TMP/pub.pem" -rawin -in "$TMP/body2" \
    -sigfile "$TMP/sig" >/dev/null 2>&1 && fail "openssl verifies a changed manifest"
echo "ok    publish: pack copied, manifest signed (openssl agrees)"

# refused NAME WANT ARGS...: exit 2, message, folder unchanged.
snapshot() {
	(cd "$W" && ls -A && cat manifest.txt) >"$TMP/snap"
}
refused() {
	name=$1 want=$2
	shift 2
	snapshot
	cp "$TMP/snap" "$TMP/snap.before"
	"$K" content publish "$@" >"$TMP/$name.out" 2>&1
	rc=$?
	[ $rc = 2 ] || fail "$name: exit $rc, want 2 ($(cat "$TMP/$name.out"))"
	grep -q "$want" "$TMP/$name.out" || fail "$name: message does not say '$want': $(cat "$TMP/$name.out")"
	snapshot
	cmp -s "$TMP/snap" "$TMP/snap.before" || fail "$name: the folder changed"
	echo "ok    $name refused: $(head -1 "$TMP/$name.out")"
}
refused same-version "already serves version 5" "$TMP/p5.db" --key "$TMP/keys/pack.key" -o "$W"
refused older "already serves version 5" "$TMP/p4.db" --key "$TMP/keys/pack.key" -o "$W"
head -c 20000 /dev/urandom >"$TMP/random.db"
refused not-a-pack "not a SQLite file" "$TMP/random.db" --key "$TMP/keys/pack.key" -o "$W"
head -c 20480 "$TMP/p5.db" >"$TMP/cut.db"
refused truncated "truncated" "$TMP/cut.db" --key "$TMP/keys/pack.key" -o "$W"
refused public-key "public key, not the secret" "$TMP/p5.db" --key "$TMP/keys/pack.pub" -o "$W"
cp "$TMP/keys/pack.key" "$TMP/open.key"
chmod 644 "$TMP/open.key"
refused readable-key "chmod 600" "$TMP/p5.db" --key "$TMP/open.key" -o "$W"

# Leftovers of an interrupted publish go; --force republishes.
echo junk >"$W/pack-6.db.tmp.AbCdEf"
echo junk >"$W/manifest.txt.tmp.GhIjKl"
"$K" content publish "$TMP/p4.db" --key "$TMP/keys/pack.key" -o "$W" --force \
    >"$TMP/force.out" 2>&1 || fail "--force: $(cat "$TMP/force.out")"
grep -q "^version: 4$" "$W/manifest.txt" || fail "--force did not publish version 4"
[ -f "$W/pack-5.db" ] || fail "the previous pack was removed (a kiosk may be downloading it)"
left=$(ls -A "$W" | grep '\.tmp\.')
[ -z "$left" ] || fail "temporary files left: $left"
echo "ok    --force publishes; leftovers removed; previous pack kept"
