# tests/helpers/notifylib.sh - sourced by tests that play systemd's part
# for Type=notify services (watchdog.sh).  Needs TMP.  Gives:
#   notify_start NAME PATH   a fake NOTIFY_SOCKET (tests/helpers/notifysock.py)
#                          at PATH (or @name), logging to $TMP/NAME.jsonl;
#                          sets NLOG (that log)
#   pings LOG              how many WATCHDOG=1 the log holds
#   has LOG TEXT           0 if a message of the log contains TEXT
#   last_status LOG        the last STATUS= line received
#   wait_pings LOG N [S]   until the log holds N pings (S seconds, 20)
# The caller stops the servers it started (their pids are in NOTIFY_PIDS).
NOTIFY_PIDS=

notify_start() {
	NLOG=$TMP/$1.jsonl
	: >"$NLOG"
	NOTIFYSOCK_MAX_S=600 python3 "$ROOT/tests/helpers/notifysock.py" "$2" \
	    "$NLOG" >"$TMP/$1.ready" 2>"$TMP/$1.err" &
	NOTIFY_PIDS="$NOTIFY_PIDS $!"
	i=0
	until grep -q ready "$TMP/$1.ready" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "FAIL: fake NOTIFY_SOCKET did not start: $(cat "$TMP/$1.err")"; exit 1; }
		sleep 0.1
	done
}

pings() { grep -c '"WATCHDOG=1"' "$1"; }
has() { python3 -c 'import json,sys
sys.exit(0 if any(sys.argv[2] in json.loads(l)["msg"] for l in open(sys.argv[1])) else 1)' "$1" "$2"; }
last_status() { python3 -c 'import json,sys
st=[m[7:] for l in open(sys.argv[1]) for m in json.loads(l)["msg"].split("\n") if m.startswith("STATUS=")]
print(st[-1] if st else "")' "$1"; }

wait_pings() {
	i=0 max=$((${3:-20} * 10))
	while [ "$(pings "$1")" -lt "$2" ]; do
		[ $i -ge $max ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 0
}
