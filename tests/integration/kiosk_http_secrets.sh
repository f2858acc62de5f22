#!/bin/sh
# No secret of the kiosk crosses the network in clear: plain http:// with
# a credential (the [report] token_file, a user:password@ in [report] or
# [sync] url) to a host that is not this machine is bad input, exit 2,
# both for `stats send` and at the kiosk's start, before any request is
# made (192.0.2.1 is a documentation address: nothing is ever sent to
# it).  Loopback is fine; so is https; so is plain http with no secret
# (a pack is signed); `allow_insecure_http = yes` lets it through with a
# warning.
set -u
. "$ROOT/tests/helpers/packlib.sh"

unset DISPLAY WAYLAND_DISPLAY

build_fixture_pack "$TMP/pack.db"
printf 'not-a-real-token-42\n' >"$TMP/token"
chmod 600 "$TMP/token"
"$K" content keygen -o "$TMP/keys" >/dev/null 2>&1 || fail "keygen"

# conf NAME SECTION-LINES...: a config with [stats] in $TMP.
conf() {
	name=$1
	shift
	{
		printf '[kiosk]\nmsd = chambery\n[stats]\npath = %s\n' "$TMP/stats.db"
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$TMP/$name.ini"
}

# run NAME WANT PATTERN CMD...: exit WANT and PATTERN (grep -E; "" for
# none) in the output; "!PATTERN": must not be there.
run() {
	name=$1 want=$2 pat=$3
	shift 3
	"$@" >"$TMP/$name.out" 2>&1
	rc=$?
	if [ $rc != "$want" ]; then
		fail "$name: exit $rc, want $want"
	elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$TMP/$name.out"; then
		fail "$name: sanitizer report"
	elif [ "${pat#!}" != "$pat" ] && grep -qE -- "${pat#!}" "$TMP/$name.out"; then
		fail "$name: says '${pat#!}'"
	elif [ "${pat#!}" = "$pat" ] && [ -n "$pat" ] &&
	    ! grep -qE -- "$pat" "$TMP/$name.out"; then
		fail "$name: no '$pat'"
	elif grep -q "not-a-real-token-42" "$TMP/$name.out"; then
		fail "$name: the token is in the output"
	else
		echo "ok    $name: $(grep -v '^$' "$TMP/$name.out" | head -1 | cut -c1-150)"
		return
	fi
	sed 's/^/    /' "$TMP/$name.out" | head -10
}

shot() {
	"$K" -c "$TMP/$1.ini" --content "$TMP/pack.db" --dpi 96 \
	    --screenshot "$TMP/$1.png"
}

REFUSED="would cross the network unencrypted: use https://, or, on a network you trust, set \[(report|sync)\] allow_insecure_http = yes"

# ---------------------------------------------------------------- [report]
conf report-token "[report]" "url = http://192.0.2.1/stats" \
    "token_file = $TMP/token"
run send-token 2 "\[report\] url = http://192.0.2.1...: the token of token_file $REFUSED" \
    "$K" -c "$TMP/report-token.ini" stats send
run start-token 2 "the token of token_file would cross" shot report-token
[ -e "$TMP/report-token.png" ] && fail "start-token: a screenshot was written"

conf report-userinfo "[report]" "url = http://kiosk:s3cret@192.0.2.1/stats"
run send-userinfo 2 "the user and password before '@' would cross" \
    "$K" -c "$TMP/report-userinfo.ini" stats send

conf report-allowed "[report]" "url = http://192.0.2.1/stats" \
    "token_file = $TMP/token" "allow_insecure_http = yes"
run start-allowed 0 "allow_insecure_http = yes: the token of token_file goes to 192.0.2.1 unencrypted" \
    shot report-allowed

conf report-badbool "[report]" "url = http://192.0.2.1/stats" \
    "token_file = $TMP/token" "allow_insecure_http = perhaps"
run start-badbool 2 "allow_insecure_http" shot report-badbool

# Loopback and https with a token, plain http without one: accepted (no
# server listens on port 9 here: the send fails, as a runtime error).
conf report-loopback "[report]" "url = http://127.0.0.1:9/stats" \
    "token_file = $TMP/token" "timeout_s = 5"
run send-loopback 1 "!unencrypted" "$K" -c "$TMP/report-loopback.ini" stats send
conf report-https "[report]" "url = https://192.0.2.1/stats" \
    "token_file = $TMP/token"
run start-https 0 "!unencrypted" shot report-https
conf report-notoken "[report]" "url = http://192.0.2.1/stats"
run start-notoken 0 "!unencrypted" shot report-notoken

# ---------------------------------------------------------------- [sync]
conf sync-userinfo "[sync]" "url = http://kiosk:s3cret@192.0.2.1/packs" \
    "public_key = $TMP/keys/pack.pub"
run start-sync-userinfo 2 "\[sync\] url = http://192.0.2.1...: the user and password before '@' would cross" \
    shot sync-userinfo
conf sync-plain "[sync]" "url = http://192.0.2.1/packs" \
    "public_key = $TMP/keys/pack.pub"
run start-sync-plain 0 "!unencrypted" shot sync-plain
conf sync-loopback "[sync]" "url = http://kiosk:s3cret@[::1]:9/packs" \
    "public_key = $TMP/keys/pack.pub"
run start-sync-loopback 0 "!unencrypted" shot sync-loopback

grep -rq "s3cret" "$TMP"/*.out && fail "a password from a url is in the output"
[ $failed = 0 ] || exit 1
echo "plain http with a credential is refused, except to loopback or when allowed"
