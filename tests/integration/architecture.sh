#!/bin/sh
# The architecture stays honest:
#  - no circle of #includes between two files (tools/include_cycles.py):
#    a module never needs, through its includes, a module that needs it;
#  - the README's layout lists every module of lib/, kiosk/ and
#    reminder-daemon/, and nothing that is gone (tools/layout.py);
#  - the checker itself fails on a circle planted in a copy of the tree
#    (a check that cannot fail proves nothing).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/msd-test-architecture.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }

cd "$ROOT" || exit 1
python3 tools/include_cycles.py >"$TMP/cycles" 2>&1 ||
	fail "include circles in the tree: $(cat "$TMP/cycles")"
python3 tools/layout.py --check README.md >"$TMP/layout" 2>&1 ||
	fail "README layout: $(cat "$TMP/layout")"

# A planted circle, in a copy of the tree: parts.h includes screen.h;
# make screen.h include parts.h too.
mkdir -p "$TMP/tree"
cp -r lib kiosk reminder-daemon "$TMP/tree/"
cp tools/include_cycles.py "$TMP/tree/"
sed -i 's|#include "err.h"|#include "err.h"\n#include "screens/parts.h"|' \
    "$TMP/tree/kiosk/screens/screen.h"
(cd "$TMP/tree" && python3 include_cycles.py) >"$TMP/planted" 2>&1
rc=$?
[ $rc = 1 ] || fail "a planted circle: include_cycles.py exit $rc, want 1"
grep -q "include circle: kiosk/screens/parts -> kiosk/screens/screen -> kiosk/screens/parts\|include circle: kiosk/screens/screen -> kiosk/screens/parts -> kiosk/screens/screen" "$TMP/planted" ||
	fail "the planted circle is not named: $(cat "$TMP/planted")"
# And a module missing from the README is named.
sed '/^kiosk\/screens\/offer.c /d' README.md >"$TMP/README.md"
python3 tools/layout.py --check "$TMP/README.md" >"$TMP/missing" 2>&1 &&
	fail "a README without offer.c passed the layout check"
grep -q "does not list kiosk/screens/offer.c" "$TMP/missing" ||
	fail "the missing module is not named: $(cat "$TMP/missing")"

[ $fails = 0 ] || exit 1
echo "no include circle, README layout complete; a planted circle fails"
