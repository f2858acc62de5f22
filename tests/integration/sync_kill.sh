#!/bin/sh
# SIGKILL of the kiosk while its content sync works, then a restart: the
# kiosk must start on a valid pack every time, and what the killed one
# left beside its pack must go.  The real kiosk runs in a window on its
# own Xvfb; tests/helpers/packserver.py serves the packs on 127.0.0.1.
#
# 1. Killed during the download (the server sends 4 kB/s): PACK is the
#    old pack byte for byte, a PACK.download.* is left; the restart
#    removes it (and says so), then installs the new pack.
# 2. Killed during the swap: MSD_SYNC_TEST_PAUSE_BEFORE_RENAME holds the
#    thread after PACK.prev is made and before the rename; killed there,
#    PACK is still the old pack, whole; the restart cleans and installs.
# 3. Killed at random moments (SYNC_KILL_SEED=N replays them) while newer
#    packs keep coming at 40 kB/s: each time PACK is the old or the new
#    version, passes quick_check, and renders.
# "Valid" is checked each time with `msd-kiosk --content PACK --screenshot`
# (exit 0) and sqlite3's quick_check, and by the next start in a window.
set -u
. "$ROOT/tests/helpers/synclib.sh"
need_tools

mkdir -p "$TMP/kiosk" "$TMP/www"
KPACK=$TMP/kiosk/pack.db
build 10 "$TMP/p10.db"
build 11 "$TMP/p11.db"
build 12 "$TMP/p12.db"
cp "$TMP/p10.db" "$KPACK"
"$K" content keygen -o "$KEYS" >/dev/null || fail "keygen"
publish "$TMP/p11.db" "$TMP/www"
x_start
srv_start "$TMP/www"
cat >"$TMP/kiosk.ini" <<EOF
[kiosk]
idle_s = 3600
[sync]
url = http://127.0.0.1:$SRV_PORT/
public_key = $KEYS/pack.pub
interval_s = 1
timeout_s = 120
status_file = $STATUS
EOF

# valid WHEN V...: PACK is one of versions V, whole, and renders.
valid() {
	when=$1
	shift
	qc=$(quick_check "$KPACK")
	[ "$qc" = ok ] || fail "$when: quick_check says: $qc"
	v=$(pack_version "$KPACK")
	ok=0
	for want in "$@"; do
		[ "$v" = "$want" ] && ok=1
	done
	[ $ok = 1 ] || fail "$when: pack is version '$v', want one of: $*"
	rm -f "$TMP/shot.png"
	"$K" --content "$KPACK" --screenshot "$TMP/shot.png" >"$TMP/shot.out" 2>&1 ||
		fail "$when: the kiosk does not start on the pack: $(cat "$TMP/shot.out")"
	[ -s "$TMP/shot.png" ] || fail "$when: no screenshot"
	echo "ok    $when: pack version $v, quick_check ok, renders"
}

downloading() {
	for f in "$KPACK".download.*; do
		[ -s "$f" ] && return 0
	done
	return 1
}

leftovers() {
	ls "$TMP/kiosk" | grep -v '^pack\.db$\|^pack\.db\.prev$'
}

# ------------------------------------------------- 1. during the download
srv_ctl "mode=slow&match=pack-&rate=4000"
kiosk_start "$TMP/kiosk.ini"
wait_until "a download under way" downloading
kiosk_kill
[ -n "$(leftovers)" ] || fail "the kill left no download: it came too late"
cmp -s "$TMP/p10.db" "$KPACK" || fail "PACK changed during the download"
valid "killed during the download" 10
srv_ctl "reset=1"
kiosk_start "$TMP/kiosk.ini"
grep -q "content sync: removed 1 unfinished file" "$KLOG" ||
	fail "the restart did not remove the partial download: $(leftovers)"
wait_until "pack 11 in place after the restart" grep -q "^pack_waiting: 11" "$STATUS"
kiosk_stop
[ -z "$(leftovers)" ] || fail "files left: $(leftovers)"
valid "restarted after the kill" 11

# ------------------------------------------------- 2. during the swap
publish "$TMP/p12.db" "$TMP/www"
export MSD_SYNC_TEST_PAUSE_BEFORE_RENAME=120
kiosk_start "$TMP/kiosk.ini"
unset MSD_SYNC_TEST_PAUSE_BEFORE_RENAME
wait_until "the thread in the swap" grep -q "test pause before rename" "$KLOG"
[ "$(pack_version "$KPACK.prev")" = 11 ] || fail "PACK.prev is not the current pack"
downloading || fail "no verified download waiting for its rename"
kiosk_kill
cmp -s "$TMP/p11.db" "$KPACK" || fail "PACK changed: the kill was not before the rename"
valid "killed during the swap" 11
kiosk_start "$TMP/kiosk.ini"
grep -q "content sync: removed 1 unfinished file" "$KLOG" ||
	fail "the restart did not remove the download: $(leftovers)"
wait_until "pack 12 in place after the restart" grep -q "^pack_waiting: 12" "$STATUS"
kiosk_stop
[ -z "$(leftovers)" ] || fail "files left: $(leftovers)"
valid "restarted after the kill in the swap" 12

# ------------------------------------------------- 3. at random moments
SEED=${SYNC_KILL_SEED:-$(date +%s)}
echo "seed $SEED (SYNC_KILL_SEED=$SEED replays these kill times)"
set -- $(python3 -c 'import random, sys
random.seed(int(sys.argv[1]))
print(" ".join("%.2f" % random.uniform(0.2, 3.0) for _ in range(6)))' "$SEED")
srv_ctl "mode=slow&match=pack-&rate=40000"
cur=12 next=12
for delay in "$@"; do
	next=$((next + 1))
	build $next "$TMP/p$next.db"
	publish "$TMP/p$next.db" "$TMP/www"
	kiosk_start "$TMP/kiosk.ini"
	sleep "$delay"
	kiosk_kill
	valid "killed after ${delay}s (version $cur, $next offered)" $cur $next
	cur=$(pack_version "$KPACK")
done
# The last start finds its way to the newest pack.
srv_ctl "reset=1"
kiosk_start "$TMP/kiosk.ini"
wait_until "the newest pack ($next)" sh -c "grep -q '^pack_waiting: $next' '$STATUS' ||
    grep -q '^pack_version: $next' '$STATUS'"
kiosk_stop
[ -z "$(leftovers)" ] || fail "files left: $(leftovers)"
valid "the last start" $next
echo "the kiosk started on a valid pack after every kill"
