#!/bin/sh
# Output paths and numbers on the kiosk's command line.
# - `--dpi nan`, `inf`, negative, huge or junk: exit 2 with a message
#   (NaN once passed the range check and gave a blank PNG, exit 0).
# - `content keygen -o ""` and `publish -o ""`: exit 2 with a message
#   (both overflowed the heap in fs_mkdirs); `content build -o DIR` and
#   `-o ""`: exit 2 (bad input), not 1.
# - --screenshot and --state-file write through a mkstemp name, so a
#   symlink planted at the old fixed name PATH.tmp writes nothing through
#   it (fopen followed it).
# The sanitized build runs: any ASan/UBSan report fails.
set -u
. "$ROOT/tests/helpers/packlib.sh"

unset DISPLAY WAYLAND_DISPLAY

build_fixture_pack "$TMP/good.db"

# expect NAME RC PATTERN CMD...: exit RC, PATTERN (grep -E; "": any) in
# the output, no sanitizer report.
expect() {
	_name=$1 _want=$2 _pat=$3
	shift 3
	expect_exit "$_name" "$_want" "$_pat" "" "$@"
}

# ---------------------------------------------------------------- --dpi
for d in nan NaN inf -inf -96 0 1e300 96x ""; do
	rm -f "$TMP/dpi.png"
	expect "dpi-'$d'" 2 "--dpi" "$K" --content "$TMP/good.db" --dpi "$d" \
	    --screenshot "$TMP/dpi.png"
	[ -e "$TMP/dpi.png" ] && fail "--dpi '$d': a screenshot was written"
done
# A good value still works.
expect dpi-good 0 "" "$K" --content "$TMP/good.db" --dpi 96.5 \
    --screenshot "$TMP/dpi.png"
[ -s "$TMP/dpi.png" ] || fail "--dpi 96.5: no screenshot"

# ---------------------------------------------------------------- -o ""
expect keygen-empty 2 "-o ''" "$K" content keygen -o ""
"$K" content keygen -o "$TMP/keys" >/dev/null 2>&1 || fail "keygen"
expect publish-empty 2 "-o ''" "$K" content publish "$TMP/good.db" \
    --key "$TMP/keys/pack.key" -o ""
expect build-empty 2 "-o ''" "$K" content build \
    "$ROOT/tests/fixtures/content-ok" -o ""
mkdir "$TMP/outdir"
expect build-dir 2 "is a folder" "$K" content build \
    "$ROOT/tests/fixtures/content-ok" -o "$TMP/outdir"
[ -z "$(ls "$TMP/outdir")" ] || fail "build -o DIR wrote $(ls "$TMP/outdir")"

# ---------------------------------------------------------------- .tmp
# A file the kiosk must not touch, linked from the old fixed names.
echo "keep me" >"$TMP/victim"
ln -s "$TMP/victim" "$TMP/shot.png.tmp"
ln -s "$TMP/victim" "$TMP/state.tmp"
expect tmp-links 0 "" "$K" --content "$TMP/good.db" --dpi 96 \
    --screenshot "$TMP/shot.png" --state-file "$TMP/state"
[ "$(cat "$TMP/victim")" = "keep me" ] ||
	fail "the kiosk wrote through a symlink: victim now $(head -c 40 "$TMP/victim" | od -c | head -2)"
[ -s "$TMP/shot.png" ] && [ ! -L "$TMP/shot.png" ] ||
	fail "no screenshot, or a symlink, at shot.png"
[ -s "$TMP/state" ] && [ ! -L "$TMP/state" ] ||
	fail "no state file, or a symlink, at state"
leftover=$(ls "$TMP" | grep -E '^(shot\.png|state)\.tmp\.' || true)
[ -z "$leftover" ] || fail "temporary files left: $leftover"

[ $failed = 0 ] || exit 1
echo "bad numbers and paths refused; temporary files never follow a link"
