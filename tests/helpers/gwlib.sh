# tests/helpers/gwlib.sh - sourced by the gateway integration tests.
#
# Needs BIN, ROOT, TMP (see tests/run.sh).  Gives:
#   gw_start ARGS...   start tests/helpers/gwserver.py (one at a time);
#                      sets GW_PID, GW_PORT, GW_LOG (its JSON request log)
#   gw_stop            stop it
#   gw_ctl QUERY       change its behaviour: gw_ctl "mode=500"
#   gw_count           requests it has logged
#   gw_py EXPR         evaluate a Python expression over the log, where
#                      reqs is the list of logged requests (dicts)
#   q SQL              query the test database ($DB) with sqlite3
#   daemon ARGS...     run msd-reminderd -c $CONF, stderr appended to
#                      $TMP/daemon.err (checked for secrets at the end)
#   fail MSG           print and exit 1
#   epoch "YYYY-MM-DD HH:MM"  Unix time of a Europe/Paris local time
#   gw_conf [-p PATH] [-o OFFSETS] [LINE...] [-]
#                      write $CONF for the server started by gw_start:
#                        [database] path = $DB
#                        [gateway]  type = http,
#                                   url = http://127.0.0.1:$GW_PORT PATH
#                                   (default /send), then each LINE
#                                   ("rate = 0", "timeout_s = 10", ...)
#                        [reminders] offsets = OFFSETS (default 2h)
#                      and, when the last argument is "-", the further
#                      sections read from standard input (a here-doc)
#   rdv_csv PREFIX COUNT [DATE [TIME [PLACE]]]
#                      print an appointments CSV (header rdv_id;date;
#                      heure;msd;telephone;lieu) of COUNT rows PREFIX000000,
#                      PREFIX000001, ... at chambery on DATE (default
#                      2026-12-01) at TIME (default 12:00), each with its
#                      own mobile number (06 12 ..) and the place PLACE
#                      (default none) where {n} is the row's number
# and a trap that stops the server (and $DAEMON_PID if set) on exit.

GW_PID='' GW_PORT='' GW_LOG='' DAEMON_PID=''
DB=$TMP/reminders.db
CONF=$TMP/reminderd.ini
D=$BIN/msd-reminderd
export GWSERVER_MAX_S=600	# the server ends itself if we are killed

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

gw_cleanup() {
	if [ -n "$DAEMON_PID" ]; then
		kill -9 "$DAEMON_PID" 2>/dev/null
		wait "$DAEMON_PID" 2>/dev/null
	fi
	gw_stop
}
trap gw_cleanup EXIT
trap 'exit 1' INT TERM

gw_start() {
	GW_LOG=$TMP/gw-$$-$(date +%s%N).jsonl
	rm -f "$TMP/gw.port"
	python3 "$ROOT/tests/helpers/gwserver.py" --log "$GW_LOG" "$@" \
	    >"$TMP/gw.port" 2>>"$TMP/gwserver.err" &
	GW_PID=$!
	i=0
	while [ ! -s "$TMP/gw.port" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "gwserver did not start: $(cat "$TMP/gwserver.err")"
		sleep 0.1
	done
	GW_PORT=$(head -1 "$TMP/gw.port")
}

gw_stop() {
	if [ -n "$GW_PID" ]; then
		kill "$GW_PID" 2>/dev/null
		wait "$GW_PID" 2>/dev/null
		GW_PID=
	fi
}

gw_ctl() {
	python3 -c 'import sys, urllib.request
urllib.request.urlopen("http://127.0.0.1:%s/_control?%s" % (sys.argv[1], sys.argv[2]), timeout=10).read()' \
	    "$GW_PORT" "$1" || fail "gwserver control $1"
}

# Waits until the server has logged every request it is answering (a
# client has its answer a moment before the log line is written).
gw_sync() {
	python3 -c 'import sys, urllib.request
urllib.request.urlopen("http://127.0.0.1:%s/_wait" % sys.argv[1], timeout=10).read()' \
	    "$GW_PORT" 2>/dev/null || true
}

gw_count() {
	gw_sync
	wc -l <"$GW_LOG" | tr -d ' '
}

gw_py() {
	gw_sync
	python3 -c 'import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print(eval(sys.argv[2]))' "$GW_LOG" "$1"
}

q() {
	sqlite3 -batch "$DB" "$1"
}

daemon() {
	"$D" -c "$CONF" "$@" 2>>"$TMP/daemon.err"
}

epoch() {
	TZ=Europe/Paris date -d "$1" +%s
}

gw_conf() {
	_gw_path=/send _gw_offsets=2h _gw_more=
	while [ $# -ge 2 ]; do
		case $1 in
		-p) _gw_path=$2 ;;
		-o) _gw_offsets=$2 ;;
		*) break ;;
		esac
		shift 2
	done
	{
		printf '[database]\npath = %s\n' "$DB"
		printf '[gateway]\ntype = http\nurl = http://127.0.0.1:%s%s\n' \
		    "$GW_PORT" "$_gw_path"
		for _gw_line in "$@"; do
			if [ "$_gw_line" = - ]; then _gw_more=1
			else printf '%s\n' "$_gw_line"
			fi
		done
		printf '[reminders]\noffsets = %s\n' "$_gw_offsets"
		if [ -n "$_gw_more" ]; then cat; fi
	} >"$CONF" || fail "cannot write $CONF"
}

rdv_csv() {
	python3 - "$1" "$2" "${3:-2026-12-01}" "${4:-12:00}" "${5:-}" <<'EOF'
import sys
p, n, day, hour, place = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
print("rdv_id;date;heure;msd;telephone;lieu")
for i in range(n):
    print("%s%06d;%s;%s;chambery;06 12 %02d %02d %02d;%s"
          % (p, i, day, hour, i // 10000 % 100, i // 100 % 100, i % 100,
             place.replace("{n}", str(i))))
EOF
}

# The number and the password never appear in what the daemon printed.
check_no_secrets() {
	for s in "$@"; do
		if grep -F -q -- "$s" "$TMP/daemon.err"; then
			grep -F -n -- "$s" "$TMP/daemon.err" | head -3 >&2
			fail "\"$s\" appears in the daemon's log"
		fi
	done
}
