#!/bin/sh
# The staff PIN, driven through the kiosk's scripted input (--page
# staff-pin --key ... --screenshot, no display needed):
# - `--hash-pin` refuses fewer than 6 digits (and more than 12, and
#   anything but digits): exit 2;
# - a malformed pin_hash in the config: exit 1 at start, with a message
#   (the staff menu could never open); a config holding the hash that
#   every user can read: a warning at start;
# - wrong PINs are counted in a file beside the statistics (mode 0600),
#   so a restart (or an idle reset) does not clear them: after 3 free
#   tries each wrong PIN locks the pad, the right PIN included, in the
#   next process too; the right PIN opens the menu when not locked and
#   clears the count.
set -u
. "$ROOT/tests/helpers/packlib.sh"

unset DISPLAY WAYLAND_DISPLAY

build_fixture_pack "$TMP/pack.db"

# ---------------------------------------------------------------- --hash-pin
for pin in 1234 12345 1234567890123 12a456 ""; do
	echo "$pin" | "$K" --hash-pin >"$TMP/hash.out" 2>&1
	rc=$?
	if [ $rc != 2 ]; then
		fail "--hash-pin '$pin': exit $rc, want 2"
	elif ! grep -q "6 to 12 digits" "$TMP/hash.out"; then
		fail "--hash-pin '$pin': $(head -1 "$TMP/hash.out")"
	else
		echo "ok    --hash-pin '$pin' refused"
	fi
done
echo 482193 | "$K" --hash-pin >"$TMP/pin.ini" 2>"$TMP/hash.err" ||
	{ cat "$TMP/hash.err"; fail "--hash-pin 482193"; }
grep -q '^pin_hash = \$argon2id\$' "$TMP/pin.ini" || fail "no pin_hash line"

# ---------------------------------------------------------------- bad hash
# kiosk CONF ARGS...: a screenshot run with CONF and the scripted input
# of ARGS.
kiosk() {
	conf=$1
	shift
	rm -f "$TMP/shot.png" "$TMP/report.txt"
	"$K" -c "$conf" --content "$TMP/pack.db" --msd chambery --dpi 96 \
	    --windowed 1280x800 --screenshot "$TMP/shot.png" \
	    --layout-report "$TMP/report.txt" "$@"
}
page() { sed -n 's/^screen .* page=//p' "$TMP/report.txt"; }

good=$(sed -n 's/^pin_hash = //p' "$TMP/pin.ini")
for bad in "1234" '$argon2id$v=19$m=65536,t=2,p=1$garbage' \
    "$(printf '%s' "$good" | cut -c1-40)"; do
	printf '[kiosk]\npin_hash = %s\n' "$bad" >"$TMP/bad.ini"
	kiosk "$TMP/bad.ini" --page home >"$TMP/bad.out" 2>&1
	rc=$?
	if [ $rc != 1 ]; then
		fail "pin_hash '$bad': exit $rc, want 1"
	elif ! grep -q "\[kiosk\] pin_hash is not a hash made by .msd-kiosk --hash-pin." "$TMP/bad.out"; then
		fail "pin_hash '$bad': $(head -1 "$TMP/bad.out")"
	elif grep -qE 'AddressSanitizer|runtime error' "$TMP/bad.out"; then
		fail "pin_hash '$bad': sanitizer report"
	else
		echo "ok    malformed pin_hash refused: $(head -1 "$TMP/bad.out" | cut -c1-100)"
	fi
done

# ---------------------------------------------------------------- mode
# A config holding the hash that every user can read: said at start.
{ echo "[kiosk]"; cat "$TMP/pin.ini"; } >"$TMP/open.ini"
chmod 644 "$TMP/open.ini"
kiosk "$TMP/open.ini" --page home >"$TMP/open.out" 2>&1 ||
	{ cat "$TMP/open.out"; fail "a readable config: the kiosk failed"; }
grep -q "open.ini holds the staff PIN's hash and every user can read it (mode 644): chmod 0640 it" \
    "$TMP/open.out" || fail "no warning for a config every user can read"
chmod 640 "$TMP/open.ini"
kiosk "$TMP/open.ini" --page home >"$TMP/closed.out" 2>&1 ||
	{ cat "$TMP/closed.out"; fail "a closed config: the kiosk failed"; }
grep -q "every user can read it" "$TMP/closed.out" &&
	fail "a warning for a config mode 640"

# ---------------------------------------------------------------- lock-out
mkdir "$TMP/data"
{ echo "[kiosk]"; cat "$TMP/pin.ini"; echo "[stats]"; echo "path = $TMP/data/stats.db"; } \
    >"$TMP/kiosk.ini"
WRONG="--key 1 --key 1 --key 1 --key 1 --key 1 --key 1 --key enter"
RIGHT="--key 4 --key 8 --key 2 --key 1 --key 9 --key 3 --key enter"

# The right PIN opens the menu (so that a refusal below means the lock).
kiosk "$TMP/kiosk.ini" --page staff-pin $RIGHT >"$TMP/right.out" 2>&1 ||
	{ cat "$TMP/right.out"; fail "right PIN: the kiosk failed"; }
[ "$(page)" = staff ] || fail "the right PIN shows '$(page)', not the staff menu"

# Two runs of two wrong PINs each: 4 in a row across a restart.
for run in 1 2; do
	kiosk "$TMP/kiosk.ini" --page staff-pin $WRONG $WRONG \
	    >"$TMP/wrong$run.out" 2>&1 ||
		{ cat "$TMP/wrong$run.out"; fail "wrong PINs, run $run: the kiosk failed"; }
	[ "$(page)" = staff-pin ] || fail "a wrong PIN shows '$(page)'"
done
if [ ! -f "$TMP/data/pin-lock" ]; then
	fail "no failure count beside the statistics: $(ls "$TMP/data")"
else
	grep -q '^failures 4$' "$TMP/data/pin-lock" ||
		fail "pin-lock says: $(cat "$TMP/data/pin-lock")"
	[ "$(stat -c %a "$TMP/data/pin-lock")" = 600 ] ||
		fail "pin-lock is mode $(stat -c %a "$TMP/data/pin-lock"), want 600"
	until=$(sed -n 's/^locked_until //p' "$TMP/data/pin-lock")
	[ "${until:-0}" -gt "$(date +%s)" ] ||
		fail "the 4th wrong PIN did not lock the pad: $(cat "$TMP/data/pin-lock")"
fi
grep -q "wrong PIN (4 in a row): the pad is locked" "$TMP/wrong2.out" ||
	fail "the log does not say the pad is locked: $(tail -2 "$TMP/wrong2.out")"

# A new process: still locked, the right PIN does not open the menu.
kiosk "$TMP/kiosk.ini" --page staff-pin $RIGHT >"$TMP/locked.out" 2>&1 ||
	{ cat "$TMP/locked.out"; fail "locked: the kiosk failed"; }
[ "$(page)" = staff-pin ] || fail "a restart cleared the lock: the right PIN shows '$(page)'"
grep -q '^button pin:1 ' "$TMP/report.txt" &&
	fail "the locked pad still shows its keys"

# Lock over (the file says so, as the clock would): the right PIN opens
# the menu and clears the count.
printf 'failures 4\nlocked_until 1\n' >"$TMP/data/pin-lock"
kiosk "$TMP/kiosk.ini" --page staff-pin $RIGHT >"$TMP/after.out" 2>&1 ||
	{ cat "$TMP/after.out"; fail "after the lock: the kiosk failed"; }
[ "$(page)" = staff ] || fail "after the lock, the right PIN shows '$(page)'"
grep -q '^failures 0$' "$TMP/data/pin-lock" ||
	fail "the right PIN did not clear the count: $(cat "$TMP/data/pin-lock")"

for f in "$TMP"/*.out; do
	grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$f" &&
		fail "sanitizer report in $(basename "$f")"
done
[ $failed = 0 ] || exit 1
echo "PINs of 6 digits or more; wrong ones counted on disk, with a lock-out that outlives the process"
