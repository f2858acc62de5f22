# tests/helpers/synclib.sh - sourced by the content sync integration tests
# (sync_update.sh, sync_kill.sh).
#
# Needs BIN, ROOT, TMP (see tests/run.sh).  Gives:
#   fail MSG            print and exit 1
#   need_tools          exit 77 if Xvfb, xdotool, sqlite3, openssl or python3
#                       is missing
#   x_start             an Xvfb of our own (sets DISPLAY)
#   srv_start DIR [ARGS]  tests/helpers/packserver.py serving DIR; sets
#                       SRV_PID, SRV_PORT, SRV_LOG (its JSON request log)
#   srv_stop, srv_ctl QUERY (srv_ctl "mode=404&match=pack-")
#   srv_count PATH [STATUS]  requests logged for PATH (with that status)
#   kiosk_start CONF ARGS...  the real kiosk in a window, its log in
#                       $KLOG (a new file each start); sets KIOSK_PID.
#                       Adds [stats] path = $TMP/stats.db to CONF if it
#                       has no [stats] (a test never writes the real
#                       /var/lib/msd-kiosk/stats.db).
#                       Exits 77 if this binary does not run the sync.
#   kiosk_stop          SIGTERM (the kiosk's clean way out), wait, check
#                       the log for sanitizer reports in our code
#   kiosk_kill          SIGKILL, wait
#   wait_until DESC CMD...  polls CMD every 0.1 s; fails after 60 s (a
#                       safety net for a stuck test, not a timing check)
#   pack_version FILE   meta 'version' of a pack, via sqlite3
#   quick_check FILE    "ok" if SQLite's quick_check passes
#   status KEY          a value from the status file $STATUS
#   build V OUT [SRC]   content build of SRC (the fixture) with version V
#   publish PACK WWW [KEYDIR] [--force]
#   sign_manifest PACK V WWW KEYDIR  a manifest for PACK written and signed
#                       with openssl, not by our code (so it can sign what
#                       `content publish` would refuse to)
# and a trap that stops the kiosk, the server and Xvfb on exit.

K=$BIN/msd-kiosk
KIOSK_PID= SRV_PID= X_PID= SRV_PORT= SRV_LOG= KLOG=
STATUS=$TMP/status.txt
KEYS=$TMP/keys
NSTART=0
export PACKSERVER_MAX_S=900	# the server ends itself if we are killed

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

sync_cleanup() {
	if [ -n "$KIOSK_PID" ]; then
		kill -9 "$KIOSK_PID" 2>/dev/null
		wait "$KIOSK_PID" 2>/dev/null
	fi
	srv_stop
	if [ -n "$X_PID" ]; then
		kill "$X_PID" 2>/dev/null
		wait "$X_PID" 2>/dev/null
	fi
}
trap sync_cleanup EXIT
trap 'exit 1' INT TERM

need_tools() {
	for t in Xvfb xdotool sqlite3 openssl python3; do
		command -v $t >/dev/null 2>&1 || {
			echo "$t is not installed (make deps)"
			exit 77
		}
	done
}

wait_until() {
	desc=$1
	shift
	i=0
	until "$@"; do
		i=$((i + 1))
		if [ $i -gt 600 ]; then
			[ -n "$KLOG" ] && tail -5 "$KLOG" >&2
			fail "still waiting after 60 s for: $desc"
		fi
		sleep 0.1
	done
}

x_start() {
	rm -f "$TMP/display"
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp \
	    3>"$TMP/display" 2>"$TMP/xvfb.err" &
	X_PID=$!
	wait_until "Xvfb to start" test -s "$TMP/display"
	DISPLAY=:$(head -1 "$TMP/display")
	export DISPLAY
	export SDL_VIDEODRIVER=x11
}

srv_start() {
	www=$1
	shift
	SRV_LOG=$TMP/srv-$(date +%s%N).jsonl
	rm -f "$TMP/srv.port"
	python3 "$ROOT/tests/helpers/packserver.py" --dir "$www" \
	    --log "$SRV_LOG" "$@" >"$TMP/srv.port" 2>>"$TMP/srv.err" &
	SRV_PID=$!
	wait_until "packserver to start" test -s "$TMP/srv.port"
	SRV_PORT=$(head -1 "$TMP/srv.port")
	: >"$SRV_LOG"
}

srv_stop() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
		SRV_PID=
	fi
}

srv_ctl() {
	python3 -c 'import sys, urllib.request
urllib.request.urlopen("http://127.0.0.1:%s/_control?%s" % (sys.argv[1], sys.argv[2]), timeout=10).read()' \
	    "$SRV_PORT" "$1" || fail "packserver control $1"
}

srv_count() {
	python3 -c 'import json, sys
n = 0
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l)
    if r["path"] == sys.argv[2] and (len(sys.argv) < 4 or r["status"] == int(sys.argv[3])):
        n += 1
print(n)' "$SRV_LOG" "$@"
}

# kiosk_start CONF ARGS...: the kiosk on $KPACK in a window.
kiosk_start() {
	conf=$1
	shift
	grep -q '^\[stats\]' "$conf" ||
	    printf '\n[stats]\npath = %s\n' "$TMP/stats.db" >>"$conf"
	NSTART=$((NSTART + 1))
	KLOG=$TMP/kiosk-$NSTART.log
	rm -f "$TMP/state"
	"$K" -c "$conf" --content "$KPACK" --windowed 1280x800 \
	    --state-file "$TMP/state" "$@" >"$KLOG" 2>&1 &
	KIOSK_PID=$!
	i=0
	until grep -q "content sync: checking" "$KLOG"; do
		i=$((i + 1))
		if ! kill -0 "$KIOSK_PID" 2>/dev/null; then
			cat "$KLOG" >&2
			fail "the kiosk died at start"
		fi
		# The kiosk starts the sync before it opens its window.
		if grep -q "window .* content version" "$KLOG"; then
			echo "this msd-kiosk does not run the content sync:" \
			    "kiosk/app/kiosk.c must call sync_start (remove its" \
			    "'#pragma weak sync_*' lines)"
			exit 77
		fi
		[ $i -gt 300 ] && fail "the kiosk did not start in 30 s: $(tail -3 "$KLOG")"
		sleep 0.1
	done
	# The window is up once the kiosk says which page it shows.
	wait_until "the kiosk's first frame" test -s "$TMP/state"
}

# Sanitizer reports in the kiosk's log.  LeakSanitizer is only believed
# when the leak's stack goes through our sources: X11 and the GL drivers
# that SDL loads leave a few bytes behind in modules already unloaded.
check_sanitizers() {
	if grep -q "ERROR: AddressSanitizer\|runtime error:" "$1"; then
		grep -A20 "ERROR: AddressSanitizer\|runtime error:" "$1" >&2
		fail "sanitizer error in the kiosk ($1)"
	fi
	if grep -q "LeakSanitizer" "$1" &&
	    sed -n '/LeakSanitizer/,$p' "$1" | grep -q " kiosk/\| lib/"; then
		sed -n '/LeakSanitizer/,$p' "$1" | head -40 >&2
		fail "the kiosk leaks memory ($1)"
	fi
}

kiosk_stop() {
	[ -n "$KIOSK_PID" ] || return 0
	kill -TERM "$KIOSK_PID" 2>/dev/null
	wait "$KIOSK_PID" 2>/dev/null
	KIOSK_PID=
	grep -q "kiosk stopped" "$KLOG" || fail "the kiosk did not stop cleanly: $(tail -3 "$KLOG")"
	check_sanitizers "$KLOG"
}

kiosk_kill() {
	[ -n "$KIOSK_PID" ] || return 0
	kill -9 "$KIOSK_PID" 2>/dev/null
	wait "$KIOSK_PID" 2>/dev/null
	KIOSK_PID=
}

pack_version() {
	sqlite3 -batch "file:$1?immutable=1" \
	    "select value from meta where key = 'version'" 2>&1
}

quick_check() {
	sqlite3 -batch "file:$1?immutable=1" "pragma quick_check" 2>&1 | head -1
}

status() {
	sed -n "s/^$1: //p" "$STATUS" 2>/dev/null
}

build() {
	"$K" content build "${3:-$ROOT/tests/fixtures/content-ok}" -o "$2" \
	    --pictos "$ROOT/assets/content/pictos.csv" --version "$1" \
	    >>"$TMP/build.out" 2>&1 || fail "content build $1: $(tail -3 "$TMP/build.out")"
}

publish() {
	"$K" content publish "$1" --key "${3:-$KEYS}/pack.key" -o "$2" ${4:-} \
	    >>"$TMP/publish.out" 2>&1 || fail "content publish $1: $(tail -3 "$TMP/publish.out")"
}

sign_manifest() {
	size=$(wc -c <"$1")
	sha=$(sha256sum "$1" | cut -d' ' -f1)
	cp "$1" "$3/pack-$2.db"
	# Our key file is libsodium's seed + public key, in hex: the seed in
	# a PKCS#8 wrapper is what openssl reads as an ed25519 key.
	python3 - "$4/pack.key" "$TMP/ossl.pem" "$4/pack.pub" "$TMP/keyid" <<'EOF'
import base64, sys
hexkey = open(sys.argv[1]).read().split("\n")[1]
seed = bytes.fromhex(hexkey)[:32]
der = bytes.fromhex("302e020100300506032b657004220420") + seed
with open(sys.argv[2], "w") as f:
    f.write("-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n"
            % base64.b64encode(der).decode())
pub = open(sys.argv[3]).read().split("\n")[1]
open(sys.argv[4], "w").write(pub[:16])
EOF
	printf 'msd-pack-manifest v1\nversion: %s\nbuilt_at: %s\nfile: pack-%s.db\nsize: %s\nsha256: %s\nkey: %s\n' \
	    "$2" "2026-12-01 10:30" "$2" "$size" "$sha" "$(cat "$TMP/keyid")" \
	    >"$TMP/manifest.body"
	openssl pkeyutl -sign -inkey "$TMP/ossl.pem" -rawin \
	    -in "$TMP/manifest.body" -out "$TMP/manifest.sig" ||
		fail "openssl cannot sign"
	{
		cat "$TMP/manifest.body"
		printf 'signature: %s\n' "$(od -An -v -tx1 "$TMP/manifest.sig" | tr -d ' \n')"
	} >"$3/manifest.txt.new"
	mv "$3/manifest.txt.new" "$3/manifest.txt"
	rm -f "$TMP/ossl.pem"
}
