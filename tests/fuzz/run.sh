#!/bin/sh
# tests/fuzz/run.sh FUZZ_BUILD_DIR LIBFUZZER_FLAG... -- NAME...
#
# Runs $FUZZ_BUILD_DIR/fuzz_NAME for each NAME, one after the other, on a
# working copy of its corpus ($FUZZ_BUILD_DIR/corpus/NAME, seeded from
# tests/fuzz/corpus/NAME, which is only read), with tests/fuzz/NAME.dict
# when there is one.  A crash, a sanitizer report, a failed property, a
# hang (-timeout) or too much memory stops that harness; its input is
# saved in $FUZZ_BUILD_DIR/artifacts/NAME/.  Ends with one line per
# harness: executions, executions per second, and the result; exits 1 if
# any harness failed.  Logs: $FUZZ_BUILD_DIR/logs/NAME.log.
set -u
b=$1; shift
flags=""
while [ $# -gt 0 ] && [ "$1" != -- ]; do flags="$flags $1"; shift; done
[ $# -gt 0 ] && shift
root=$(pwd)
mkdir -p "$b/logs"
summary=$b/logs/summary.txt
: > "$summary"
failed=""

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

for name in "$@"; do
	bin=$b/fuzz_$name
	work=$b/corpus/$name
	art=$b/artifacts/$name
	log=$b/logs/$name.log
	dict=""
	[ -x "$bin" ] || { echo "run.sh: no $bin (make fuzz-build)"; exit 2; }
	mkdir -p "$work" "$art"
	[ -f "$root/tests/fuzz/$name.dict" ] && dict="-dict=$root/tests/fuzz/$name.dict"
	echo "fuzz  $name ..."
	# shellcheck disable=SC2086
	"$bin" $flags $dict -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
	    -print_final_stats=1 -artifact_prefix="$art/" \
	    "$work" "$root/tests/fuzz/corpus/$name" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		res=ok
	else
		res="FAILED (exit $rc): $(ls -t "$art" | head -1)"
		failed="$failed $name"
		grep -E "property failed|runtime error|ERROR: (Address|Leak|libFuzzer)|Sanitizer|timeout" \
		    "$log" | head -3 | sed 's/^/      /'
	fi
	printf '%-10s %12s runs %8s exec/s  %s\n' "$name" "${runs:-?}" \
	    "${rate:-?}" "$res" | tee -a "$summary"
done
echo "summary in $summary; logs in $b/logs"
[ -z "$failed" ] || { echo "failed:$failed"; exit 1; }
