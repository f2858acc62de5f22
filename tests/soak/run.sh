#!/bin/sh
# tests/soak/run.sh BUILD_DIR [short]: the soak tests on the release
# binaries of BUILD_DIR (not the sanitized ones: their allocator keeps
# freed memory in quarantine, which would hide or fake a leak).
#
#   make soak     the long version: 10,000 actions of a scripted visitor
#                 at the kiosk with the real content (warm-up 2,000), and
#                 100,000 reminders through the daemon (warm-up 50 %);
#                 tens of minutes.  Prints the figures and keeps them in
#                 BUILD_DIR/soak.txt.
#   short         what `make test` runs (tests/integration/soak_short.sh):
#                 500 actions on the fixture's few pages (warm-up 250)
#                 and 10,000 reminders, about two minutes.
#
# Each passes when RSS grew by less than 1 MB after the warm-up and the
# open file descriptors did not change.  Exit 0 when both pass, 77 when
# the kiosk's part cannot run here (no Xvfb or xdotool) and the daemon's
# passed, 1 otherwise.  SOAK_ACTIONS and SOAK_REMINDERS override the sizes.
set -u
build=$1
mode=${2:-long}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/msd-soak.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ "$mode" = short ]; then
	actions=${SOAK_ACTIONS:-500} warm=250 content=fixture
	reminders=${SOAK_REMINDERS:-10000}
else
	actions=${SOAK_ACTIONS:-10000} warm=2000 content=real
	reminders=${SOAK_REMINDERS:-100000}
fi
for b in msd-kiosk msd-reminderd; do
	[ -x "$build/$b" ] || { echo "FAIL: no $build/$b (make all)"; exit 1; }
done
mkdir -p "$tmp/kiosk" "$tmp/daemon"
python3 "$here/kiosk_soak.py" "$build/msd-kiosk" "$root" "$tmp/kiosk" \
    --actions "$actions" --warmup "$warm" --content "$content"
krc=$?
python3 "$here/reminderd_soak.py" "$build/msd-reminderd" "$tmp/daemon" \
    --reminders "$reminders"
drc=$?
[ $krc = 0 ] && [ $drc = 0 ] && exit 0
[ $krc = 77 ] && [ $drc = 0 ] && exit 77
exit 1
