# tests/helpers/portallib.sh - sourced by the portal's tests
# (portal_site.sh, portal_axe.sh): the real content, its site, and a real
# web server on 127.0.0.1 serving it.
#
# Needs BIN, ROOT, TMP (see tests/run.sh).  Sets K (the kiosk binary) and
# failed=0.  Gives:
#   fail MSG         print, set failed=1 and go on
#   portal_port      a free port on 127.0.0.1 into PORT, and BASE, the
#                    address the site will be served at
#                    (http://127.0.0.1:PORT/)
#   portal_build [ARGS]  `content build` of assets/content into $PACK
#                    (ARGS added: --portal-url "$BASE"), then `content
#                    site` into $SITE; on failure prints why and exits 1
#                    (nothing else can be tested)
#   portal_serve     python3 -m http.server on PORT serving $SITE, stopped
#                    when the test ends; returns once it answers
#   offer_key ID     the short key of an offer's address (portal_crawl.py)
#   axe_setup        axe-core and playwright-core from npm in
#                    BIN/portal-npm (installed once, under a lock: two
#                    tests may ask at once), NODE_PATH set; skips the test
#                    (exit 77, with the reason) when node, npm or Chromium
#                    are missing, npm cannot install them (no network), or
#                    Chromium cannot start here

K=$BIN/msd-kiosk
PACK=$TMP/pack.db
SITE=$TMP/site
failed=0
SRV_PID=

fail() {
	echo "FAIL: $*"
	failed=1
}

portal_port() {
	PORT=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
	BASE=http://127.0.0.1:$PORT/
}

portal_build() {
	# The portal has no audio: the pack need not carry it.
	"$K" content build "$ROOT/assets/content" -o "$PACK" --no-audio "$@" \
	    >"$TMP/build.out" 2>&1 ||
		{ cat "$TMP/build.out"; echo "FAIL: content build"; exit 1; }
	"$K" content site "$PACK" -o "$SITE" >"$TMP/site.out" 2>&1 ||
		{ cat "$TMP/site.out"; echo "FAIL: content site"; exit 1; }
	echo "ok    $(cat "$TMP/site.out")"
}

portal_stop() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
		SRV_PID=
	fi
}
trap portal_stop EXIT

portal_serve() {
	python3 -m http.server --bind 127.0.0.1 --directory "$SITE" "$PORT" \
	    >"$TMP/http.log" 2>&1 &
	SRV_PID=$!
	for _ in $(seq 100); do
		python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' \
		    "$PORT" 2>/dev/null && return 0
		sleep 0.1
	done
	cat "$TMP/http.log"
	echo "FAIL: python3 -m http.server did not start on port $PORT"
	exit 1
}

offer_key() {
	python3 -c 'import sys
sys.path.insert(0, sys.argv[1])
from portal_crawl import offer_key
print(offer_key(sys.argv[2]))' "$ROOT/tests/helpers" "$1"
}

AXE_VERSION=4.14.1
PLAYWRIGHT_VERSION=1.65.1
NPM_DIR=$BIN/portal-npm

skip() {
	echo "$*"
	exit 77
}

# installed NAME VERSION: 0 if NPM_DIR has that version of NAME.
installed() {
	node -e 'const p = require(process.argv[1] + "/node_modules/" +
	    process.argv[2] + "/package.json");
	process.exit(p.version === process.argv[3] ? 0 : 1)' \
	    "$NPM_DIR" "$1" "$2" 2>/dev/null
}

axe_setup() {
	command -v node >/dev/null || skip "node is not installed (Debian: nodejs)"
	command -v npm >/dev/null || skip "npm is not installed (Debian: npm)"
	[ -x /usr/bin/chromium ] || skip "/usr/bin/chromium is not installed (Debian: chromium)"
	mkdir -p "$NPM_DIR"
	(
		flock 9
		if ! installed axe-core $AXE_VERSION ||
		    ! installed playwright-core $PLAYWRIGHT_VERSION; then
			# playwright-core alone: it drives the system's
			# Chromium and downloads no browser.
			npm install --prefix "$NPM_DIR" --no-audit --no-fund \
			    --loglevel=error axe-core@$AXE_VERSION \
			    playwright-core@$PLAYWRIGHT_VERSION \
			    >"$TMP/npm.out" 2>&1
		fi
	) 9>"$NPM_DIR.lock" ||
		skip "npm cannot install axe-core and playwright-core (no network?): $(tail -1 "$TMP/npm.out")"
	export NODE_PATH=$NPM_DIR/node_modules
	# Can Chromium start in this sandbox at all?
	node -e 'require("playwright-core").chromium.launch({
		executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] })
		.then(b => b.close()).catch(e => {
			console.log(e.message.split("\n")[0]); process.exit(1); })' \
	    >"$TMP/launch.out" 2>&1 ||
		skip "Chromium cannot start here: $(head -1 "$TMP/launch.out")"
}
