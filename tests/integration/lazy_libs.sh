#!/bin/sh
# The libraries msd-kiosk loads at their first use (lib/lazylib.h):
#  - its binary does not name libcurl, cairo or espeak-ng among the
#    libraries it needs, and a screenshot maps none of them;
#  - with each replaced by a file that is no library (LD_LIBRARY_PATH, as
#    a half-installed or damaged package leaves it), the screenshot still
#    works: nothing loads them at start;
#  - and what needs them fails as it should, with a message that names the
#    library and the Debian package to install: `sheet` (cairo) exits 1
#    and leaves no PDF, `content build` with audio (espeak-ng) exits 1 and
#    leaves no pack, and says --no-audio; `content build --no-audio`
#    still builds;
#  - with the real libraries, the same sheet and build work (their own
#    tests check what they make).
set -u
. "$ROOT/tests/helpers/packlib.sh"

command -v readelf >/dev/null || { echo "readelf missing (binutils)"; exit 77; }
unset DISPLAY WAYLAND_DISPLAY

build_fixture_pack "$TMP/pack.db" --no-audio
MSD=$(sqlite3 "$TMP/pack.db" "SELECT code FROM msd ORDER BY position LIMIT 1")

needed=$(readelf -d "$K" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for lib in libcurl libcairo libespeak-ng; do
	case " $(echo $needed) " in
	*" $lib"*) fail "msd-kiosk is linked with $lib: $(echo $needed)" ;;
	esac
done

# A screenshot, and every object it loaded (LD_DEBUG=files: the dynamic
# loader's own list, dlopen included).
LD_DEBUG=files "$K" --content "$TMP/pack.db" --msd "$MSD" \
    --screenshot "$TMP/shot.png" >"$TMP/shot.out" 2>&1 ||
	{ sed 's/^/    /' "$TMP/shot.out" | tail -5; fail "screenshot: exit $?"; }
for lib in libcurl libcairo libespeak-ng libpixman libfontconfig; do
	! grep -q "file=$lib" "$TMP/shot.out" ||
		fail "the screenshot loaded $lib"
done
echo "ok    a screenshot loads $(grep -c 'calling init:' "$TMP/shot.out") objects, none of libcurl, cairo, espeak-ng"

# Broken copies: a file of text under each library's name.
mkdir -p "$TMP/broken"
for so in libcairo.so.2 libespeak-ng.so.1 libcurl.so.4; do
	echo "not a library" >"$TMP/broken/$so"
done
B="env LD_LIBRARY_PATH=$TMP/broken"

$B "$K" --content "$TMP/pack.db" --msd "$MSD" --screenshot "$TMP/shot2.png" \
    >"$TMP/shot2.out" 2>&1 && [ -s "$TMP/shot2.png" ] ||
	{ sed 's/^/    /' "$TMP/shot2.out" | tail -5; fail "screenshot with broken cairo, espeak-ng and libcurl"; }

expect_exit sheet-broken-cairo 1 \
    'cannot load libcairo\.so\.2 \(install the package libcairo2\)' \
    "$TMP/sheet.pdf" $B "$K" sheet --content "$TMP/pack.db" --msd "$MSD" \
    -o "$TMP/sheet.pdf"
expect_exit build-broken-espeak 1 \
    'no-audio.*cannot load libespeak-ng\.so\.1 \(install the package libespeak-ng1\)' \
    "$TMP/audio.db" $B XDG_CACHE_HOME="$TMP/cache" "$K" content build \
    "$ROOT/tests/fixtures/content-ok" -o "$TMP/audio.db" \
    --pictos "$ROOT/assets/content/pictos.csv"
$B "$K" content build "$ROOT/tests/fixtures/content-ok" -o "$TMP/na.db" \
    --pictos "$ROOT/assets/content/pictos.csv" --no-audio >"$TMP/na.out" 2>&1 ||
	{ sed 's/^/    /' "$TMP/na.out" | tail -5; fail "content build --no-audio with a broken espeak-ng"; }

# The real ones.
"$K" sheet --content "$TMP/pack.db" --msd "$MSD" -o "$TMP/sheet.pdf" \
    >"$TMP/sheet.out" 2>&1 && [ -s "$TMP/sheet.pdf" ] ||
	{ sed 's/^/    /' "$TMP/sheet.out" | tail -5; fail "sheet with cairo"; }
head -c 5 "$TMP/sheet.pdf" | grep -q '%PDF-' || fail "sheet.pdf is no PDF"

[ $failed = 0 ]
