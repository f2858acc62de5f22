#!/bin/sh
# What the kiosk does when its world is broken: a corrupt pack, a
# truncated pack, a pack of another schema version, a missing pack, a
# missing font, an MSD the pack does not have, a bad config, no display.
# Each time: the exit status says it (1 runtime failure, 2 bad input),
# stderr says what failed and on which file, nothing crashes (this runs
# the sanitized build: any ASan/UBSan report fails), and no screenshot is
# left behind.  Both in --screenshot mode and in window mode, where the
# pack and the fonts are checked before any display is needed.
# (tests/integration/pack_bad.sh covers more ways a pack file can rot.)
set -u
. "$ROOT/tests/helpers/packlib.sh"

command -v sqlite3 >/dev/null || { echo "sqlite3 missing"; exit 77; }
unset DISPLAY WAYLAND_DISPLAY

build_fixture_pack "$TMP/good.db"

# expect NAME RC PATTERN ARGS...: runs the kiosk, wants exit RC and
# PATTERN (grep -E) on stderr, no sanitizer report, no screenshot.
expect() {
	_name=$1 _want=$2 _pat=$3
	shift 3
	expect_exit "$_name" "$_want" "$_pat" "$TMP/shot.png" "$K" "$@"
}

# The good pack works (so that the failures below mean something).
"$K" --content "$TMP/good.db" --screenshot "$TMP/ok.png" >"$TMP/ok.out" 2>&1 ||
	{ cat "$TMP/ok.out"; fail "the good pack does not render"; }
[ -s "$TMP/ok.png" ] || fail "the good pack: no screenshot"

size=$(wc -c <"$TMP/good.db")

# Corrupt: every page after the first replaced by random bytes (same
# size, so only the content tells).
cp "$TMP/good.db" "$TMP/corrupt.db"
dd if=/dev/urandom of="$TMP/corrupt.db" bs=4096 seek=1 \
    count=$((size / 4096 - 1)) conv=notrunc 2>/dev/null
head -c $((size / 2)) "$TMP/good.db" >"$TMP/truncated.db"
cp "$TMP/good.db" "$TMP/version.db"
sqlite3 "$TMP/version.db" "PRAGMA user_version = 99"
printf 'titre: pas une base\n' >"$TMP/text.db"

for mode in shot window; do
	extra=
	[ $mode = shot ] && extra="--screenshot $TMP/shot.png"
	expect "corrupt-$mode" 1 "corrupt.db" --content "$TMP/corrupt.db" $extra
	expect "truncated-$mode" 1 "truncated.db" --content "$TMP/truncated.db" \
	    $extra
	expect "version-$mode" 1 "version.db.*(version|schema)" \
	    --content "$TMP/version.db" $extra
	expect "missing-$mode" 1 "nowhere.db" --content "$TMP/nowhere.db" $extra
	expect "text-$mode" 1 "text.db" --content "$TMP/text.db" $extra

	printf '[kiosk]\nfont = %s\n' "$TMP/no/Such-Regular.ttf" >"$TMP/font.ini"
	expect "font-$mode" 1 "font file .*Such-Regular.ttf not found" \
	    -c "$TMP/font.ini" --content "$TMP/good.db" $extra
	printf '[kiosk]\npicto_font = /no/fa.ttf\n' >"$TMP/picto.ini"
	expect "picto-font-$mode" 1 "/no/fa.ttf not found" \
	    -c "$TMP/picto.ini" --content "$TMP/good.db" $extra

	expect "msd-$mode" 2 "MSD 'atlantis' is not in" --content "$TMP/good.db" \
	    --msd atlantis $extra
	printf '[kiosk\nidle_s = 90\n' >"$TMP/broken.ini"
	expect "config-$mode" 2 "broken.ini" -c "$TMP/broken.ini" \
	    --content "$TMP/good.db" $extra
	printf '[kiosk]\nidle_s = soon\n' >"$TMP/idle.ini"
	expect "idle-$mode" 2 "idle_s" -c "$TMP/idle.ini" \
	    --content "$TMP/good.db" $extra
done

# A good pack but no display at all: the window cannot open (and SDL's
# invisible fallback drivers are not taken for a screen).
expect no-display 1 "no display" --content "$TMP/good.db" --windowed 1280x800
expect no-display-full 1 "no display" --content "$TMP/good.db"
export SDL_VIDEODRIVER=x11
expect no-display-x11 1 "no display" --content "$TMP/good.db"
unset SDL_VIDEODRIVER
# Bad usage.
expect usage-windowed 2 "expected WxH" --content "$TMP/good.db" --windowed big
expect usage-option 2 "unknown option --frobnicate" --frobnicate
expect usage-tap 2 "go with --screenshot" --content "$TMP/good.db" --tap 1,1

# The pack is opened read-only: nothing changed, nothing beside it.
mkdir "$TMP/ro"
cp "$TMP/good.db" "$TMP/ro/pack.db"
chmod 0444 "$TMP/ro/pack.db"
"$K" --content "$TMP/ro/pack.db" --screenshot "$TMP/ro.png" >/dev/null 2>&1 ||
	fail "a read-only pack does not render"
[ "$(ls "$TMP/ro")" = pack.db ] || fail "files appeared beside the pack: $(ls "$TMP/ro")"
cmp -s "$TMP/good.db" "$TMP/ro/pack.db" || fail "the kiosk changed the pack"

[ $failed = 0 ]
