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
