#!/bin/sh
# tests/run.sh BUILD_DIR UNIT_BIN... : runs every unit test binary (cmocka)
# and every integration test (tests/integration/*.sh) against the binaries
# in BUILD_DIR, and ends with the line "N passed, N failed, N skipped".
#
# An integration test is a shell script run with:
#   BIN   the directory holding msd-kiosk and msd-reminderd (sanitized build)
#   ROOT  the top of the source tree
#   TMP   a fresh empty directory of its own, removed after a pass
# It exits 0 when it passes, 77 to be skipped (say why on stderr), anything
# else when it fails.  Its output goes to build/test-logs/NAME.log and is
# shown when it fails.  TESTS="name1 name2" runs only those.
set -u
bin=$1; shift
root=$(pwd)
case $bin in /*) ;; *) bin=$root/$bin ;; esac	# BUILD= may be absolute
logs=$bin/test-logs
mkdir -p "$logs"
pass=0 fail=0 skip=0 failed=""

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# SDL, fontconfig and X libraries keep caches for the life of the process;
# LeakSanitizer would report them.  Our own leaks are caught by the unit
# tests and by the daemon, which loads none of them.
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"

selected() {
	[ -z "${TESTS:-}" ] && return 0
	for want in $TESTS; do [ "$want" = "$1" ] && return 0; done
	return 1
}

for u in "$@"; do
	name=$(basename "$u")
	selected "$name" || continue
	out=$logs/$name.log
	if "$u" >"$out" 2>&1; then
		n=$(grep -c '^\[       OK \]' "$out")
		pass=$((pass + n))
		echo "ok    $name ($n cases)"
	else
		n=$(grep -c '^\[       OK \]' "$out")
		f=$(grep -c '^\[  FAILED  \] ' "$out")
		[ "$f" -gt 0 ] || f=1
		pass=$((pass + n)); fail=$((fail + f))
		failed="$failed $name"
		echo "FAIL  $name"
		sed 's/^/      /' "$out" | tail -40
	fi
done

for t in tests/integration/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	selected "$name" || continue
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/msd-test-$name.XXXXXX")
	start=$(date +%s)
	BIN=$bin ROOT=$root TMP=$tmp sh "$t" >"$logs/$name.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1)); echo "ok    $name (${secs}s)"; rm -rf "$tmp"
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1)); echo "skip  $name: $(tail -1 "$logs/$name.log")"
		rm -rf "$tmp"
	else
		fail=$((fail + 1)); failed="$failed $name"
		echo "FAIL  $name (exit $rc, ${secs}s; files kept in $tmp)"
		sed 's/^/      /' "$logs/$name.log" | tail -40
	fi
done

[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
