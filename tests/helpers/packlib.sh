# tests/helpers/packlib.sh - sourced by the kiosk integration tests that
# run msd-kiosk without a display (command line, --screenshot); the tests
# that drive a real window use kiosklib.sh instead.
#
# Needs BIN, ROOT, TMP (see tests/run.sh).  Sets K (the kiosk binary) and
# failed=0.  Gives:
#   fail MSG            print, set failed=1 and go on (the caller ends
#                       with [ $failed = 0 ])
#   build_fixture_pack OUT [ARGS...]
#                       `msd-kiosk content build` of tests/fixtures/content-ok
#                       into OUT with the pictogram list of assets/content,
#                       ARGS added (--version 3); if that fails, prints its
#                       output and exits 1: nothing else can be tested

K=$BIN/msd-kiosk
failed=0

fail() {
	echo "FAIL: $*"
	failed=1
}

build_fixture_pack() {
	_pk_out=$1
	shift
	"$K" content build "$ROOT/tests/fixtures/content-ok" -o "$_pk_out" \
	    --pictos "$ROOT/assets/content/pictos.csv" "$@" >"$TMP/build.out" 2>&1 ||
		{ cat "$TMP/build.out"; echo "FAIL: cannot build the fixture pack"; exit 1; }
}
