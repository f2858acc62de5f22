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
#   expect_exit NAME RC PATTERN FILE CMD...
#                       runs CMD, its output into $TMP/NAME.out; wants exit
#                       RC, PATTERN (grep -E; "": any) in the output, no
#                       sanitizer report, and no FILE afterwards ("": none;
#                       removed before); prints the line that matched, or
#                       fails and shows the output

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

expect_exit() {
	_ex_name=$1 _ex_want=$2 _ex_pat=$3 _ex_file=$4
	shift 4
	[ -z "$_ex_file" ] || rm -f "$_ex_file"
	"$@" >"$TMP/$_ex_name.out" 2>&1
	_ex_rc=$?
	if [ $_ex_rc != "$_ex_want" ]; then
		fail "$_ex_name: exit $_ex_rc, want $_ex_want"
	elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error|Segmentation' \
	    "$TMP/$_ex_name.out"; then
		fail "$_ex_name: sanitizer report"
	elif [ -n "$_ex_pat" ] && ! grep -qE -- "$_ex_pat" "$TMP/$_ex_name.out"; then
		fail "$_ex_name: message does not match '$_ex_pat'"
	elif [ -n "$_ex_file" ] && [ -e "$_ex_file" ]; then
		fail "$_ex_name: $_ex_file was written"
	else
		echo "ok    $_ex_name: $(grep -E -- "${_ex_pat:-.}" \
		    "$TMP/$_ex_name.out" | head -1)"
		return
	fi
	sed 's/^/    /' "$TMP/$_ex_name.out" | head -20
}
