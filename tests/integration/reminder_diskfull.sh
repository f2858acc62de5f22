#!/bin/sh
# A full disk, on a 3 MB tmpfs holding the database (needs root and the
# right to mount; skipped otherwise).  An import that does not fit fails
# with a message and leaves the database as it was.  When the disk fills
# while a request is in flight, the provider has the SMS but the daemon
# cannot record it: it must not exit and send it again at its next start;
# it keeps trying to record it, and goes on once there is room.  A daemon
# started on a full disk sends nothing and exits 1 with a message.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

FS=$TMP/fs
mkdir -p "$FS"
if [ "$(id -u)" != 0 ]; then
	echo "skipped: mounting a small tmpfs to fill needs root"
	exit 77
fi
if ! mount -t tmpfs -o size=3m,mode=0700 msd-test-full "$FS" 2>"$TMP/mount.err"; then
	echo "skipped: cannot mount a tmpfs here: $(cat "$TMP/mount.err")"
	exit 77
fi
cleanup() {
	gw_cleanup
	umount "$FS" 2>/dev/null || umount -l "$FS" 2>/dev/null
}
trap cleanup EXIT
DB=$FS/reminders.db

T="2026-12-01 10:00"
gw_start --flavor plain --mode slow --delay-ms 1500
gw_conf 'body = to={to}&text={text}&ref={ref}' 'rate = 0' 'timeout_s = 10'
csv() {	# $1 = prefix, $2 = count; long places, so that 40,000 rows overflow the disk
	rdv_csv "$1" "$2" 2026-12-01 12:00 "Bureau {n}, deuxième étage, au fond du couloir à gauche"
}
fill() {	# takes every free block of the file system
	dd if=/dev/zero of="$FS/fill" bs=4k 2>/dev/null
	[ "$(df --output=avail "$FS" | tail -1 | tr -d ' ')" = 0 ] || fail "could not fill $FS"
}
dups() {
	python3 - "$GW_LOG" <<'EOF'
import collections, json, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
per_ref = collections.Counter(r["form"]["ref"] for r in reqs if r["complete"])
print(sorted(k for k, c in per_ref.items() if c > 1))
EOF
}

echo "== an import larger than the disk =="
csv A 5 >"$TMP/small.csv"
daemon import "$TMP/small.csv" --now "$T" >/dev/null || fail "small import"
csv B 40000 >"$TMP/big.csv"
"$D" -c "$CONF" import "$TMP/big.csv" --now "$T" >/dev/null 2>"$TMP/imp.err"; rc=$?
cat "$TMP/imp.err"; cat "$TMP/imp.err" >>"$TMP/daemon.err"
[ $rc = 1 ] || fail "import on a full disk: exit $rc, expected 1"
grep -q "disk that holds $DB is full" "$TMP/imp.err" || fail "the import does not say the disk is full"
[ "$(q "pragma integrity_check")" = ok ] || fail "database damaged by the failed import"
[ "$(q "select count(*) from appointment")" = 5 ] || fail "the failed import left rows"

echo "== the disk fills while a request is in flight =="
"$D" -c "$CONF" run --now "$T" 2>"$TMP/run.err" &
DAEMON_PID=$!
i=0
until [ "$(q "select count(*) from outbox where state = 'sending'")" = 1 ]; do
	i=$((i + 1)); [ $i -gt 200 ] && fail "nothing sending: $(cat "$TMP/run.err")"
	sleep 0.05
done
fill
# The provider answers after 1.5 s; give the daemon 3 s more to fail.
sleep 4.5
rm -f "$FS/fill"
if kill -0 "$DAEMON_PID" 2>/dev/null; then
	i=0
	until [ "$(q "select count(*) from outbox where state = 'sent'")" = 5 ]; do
		i=$((i + 1)); [ $i -gt 300 ] && fail "not all sent after the disk had room again: $(q "select state, count(*) from outbox group by state")"
		kill -0 "$DAEMON_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -TERM "$DAEMON_PID"
fi
wait "$DAEMON_PID"; rc=$?
DAEMON_PID=
cat "$TMP/run.err"; cat "$TMP/run.err" >>"$TMP/daemon.err"
grep -q "disk is full" "$TMP/run.err" || fail "the daemon never said the disk was full"
if [ $rc != 0 ]; then
	echo "the daemon exited $rc; started again"
	daemon run --once --now "$T" || fail "run after the disk had room again"
fi
[ "$(q "pragma integrity_check")" = ok ] || fail "database damaged"
[ "$(q "select count(*) from outbox where state = 'sent'")" = 5 ] \
    || fail "not all sent: $(q "select state, count(*) from outbox group by state")"
[ "$(dups)" = "[]" ] || fail "sent twice: reminders $(dups)"

echo "== a run started on a full disk =="
csv C 5 >"$TMP/more.csv"
daemon import "$TMP/more.csv" --now "$T" >/dev/null || fail "import"
before=$(gw_count)
fill
"$D" -c "$CONF" run --once --now "$T" 2>"$TMP/full.err"; rc=$?
cat "$TMP/full.err"; cat "$TMP/full.err" >>"$TMP/daemon.err"
[ $rc = 1 ] || fail "run on a full disk: exit $rc, expected 1"
grep -q "disk that holds $DB is full" "$TMP/full.err" || fail "no message about the full disk"
[ "$(gw_count)" = "$before" ] || fail "it sent on a full disk without recording"
rm -f "$FS/fill"
daemon run --once --now "$T" || fail "run after the disk had room again"
[ "$(q "select count(*) from outbox where state = 'sent'")" = 10 ] \
    || fail "not all sent: $(q "select state, count(*) from outbox group by state")"
[ "$(dups)" = "[]" ] || fail "sent twice: reminders $(dups)"
[ "$(q "pragma integrity_check")" = ok ] || fail "database damaged"
check_no_secrets 61234 "06 12"
echo PASS
