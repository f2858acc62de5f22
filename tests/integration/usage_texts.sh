#!/bin/sh
# Every usage text and bad-usage message of both programs ends with a
# newline, so that the shell prompt or the next message starts on a line
# of its own (`msd-kiosk stats` once printed "...reponse.msd-kiosk stats:
# cannot read..."), and bad usage exits 2.
set -u
K=$BIN/msd-kiosk
D=$BIN/msd-reminderd
cd "$TMP"
failed=0

# check RC_WANTED PROGRAM ARGS...: stderr (or stdout when stderr is empty)
# is not empty and ends with a newline; the exit status is RC_WANTED.
check() {
	want=$1; shift
	"$@" </dev/null >"$TMP/out" 2>"$TMP/err"
	rc=$?
	f=$TMP/err
	[ -s "$f" ] || f=$TMP/out
	if [ ! -s "$f" ]; then
		echo "FAIL: '$*' printed nothing"; failed=1; return
	fi
	if [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
		echo "FAIL: '$*' ends without a newline: ...$(tail -c 60 "$f")"
		failed=1
	fi
	if [ "$rc" != "$want" ]; then
		echo "FAIL: '$*' exited $rc, want $want"; failed=1
	fi
	echo "ok    $* -> $rc"
}

check 2 "$K" --no-such-option
check 2 "$K" stats
check 2 "$K" stats nonsense
check 2 "$K" stats export
check 2 "$K" stats export --from
check 2 "$K" stats record
check 2 "$K" stats send --bogus
check 2 "$K" content
check 2 "$K" content nonsense
check 2 "$K" content lint
check 2 "$K" content build
check 2 "$K" content build x
check 2 "$K" content keygen
check 2 "$K" content publish
check 2 "$K" sheet
check 2 "$K" sheet --msd chambery
check 2 "$K" sheet --bogus
check 2 "$D"
check 2 "$D" nonsense
check 2 "$D" -c
check 2 "$D" import
check 2 "$D" optout
check 2 "$D" run --bogus
check 2 "$D" report --bogus
check 2 "$D" status --bogus

[ $failed = 0 ] || exit 1
echo "every usage text ends with a newline"
