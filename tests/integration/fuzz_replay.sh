#!/bin/sh
# Every input of the committed fuzzing corpus (tests/fuzz/corpus/*/*),
# including the reproducer of every crasher found so far, through every
# harness (tests/fuzz/fuzz_*.c), built with gcc, ASan and UBSan and a
# plain main() (tests/fuzz/replay_main.c) by `make test`.  A crash, a
# sanitizer report, a failed property or a hang (over 10 s on one input)
# fails the test and names the input.  Each harness reads every corpus,
# not only its own: a parser must hold on any bytes.  Inputs still
# waiting for a fix live in tests/fuzz/pending/ and are not replayed.
set -u
failed=0
ran=0
corpus=$ROOT/tests/fuzz/corpus

ls "$BIN"/fuzz/replay_* >/dev/null 2>&1 ||
	{ echo "no replay harnesses in $BIN/fuzz (built by make test)"; exit 77; }
dirs=$(find "$corpus" -mindepth 1 -maxdepth 1 -type d | sort)
nfiles=$(find "$corpus" -type f | wc -l)
[ "$nfiles" -gt 0 ] || { echo "FAIL: the corpus in $corpus is empty"; exit 1; }

for src in "$ROOT"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	bin=$BIN/fuzz/replay_$name
	[ -x "$bin" ] || { echo "FAIL: harness $name has no $bin"; failed=1; continue; }
	[ -d "$corpus/$name" ] && [ -n "$(ls "$corpus/$name")" ] ||
		{ echo "FAIL: harness $name has no corpus in $corpus/$name"; failed=1; }
	# shellcheck disable=SC2086
	if (cd "$TMP" && REPLAY_TRACE=1 "$bin" $dirs) >"$TMP/$name.out" 2>&1; then
		ran=$((ran + 1))
		echo "ok    $name: $(tail -1 "$TMP/$name.out")"
	else
		echo "FAIL  $name on $(sed -n 's/^replay: input //p' "$TMP/$name.out" | tail -1):"
		grep -v '^replay: input ' "$TMP/$name.out" | tail -30
		failed=1
	fi
done
echo "$ran harnesses replayed $nfiles inputs each"
exit $failed
