# tests/helpers/kannellib.sh - sourced after gwlib.sh by the tests that
# run a real Kannel from Debian (gateway_kannel.sh, callbacks_kannel.sh):
# bearerbox and smsbox with the fake SMSC driver (smsc = fake), whose
# phone-network end is tests/helpers/fakesmsc.py.
#
# Needs TMP, ROOT and fail (gwlib.sh).  Gives:
#   kannel_need        exit 77 when bearerbox or smsbox is missing
#   kannel_ports [N]   free ports on 127.0.0.1: ADMIN BOXC FAKE SEND, and
#                      N more in EXTRA_PORTS
#   kannel_conf        write $TMP/kannel.conf: core, the fake smsc, the
#                      smsbox and a sendsms-user msd with password $KPW
#                      (max-messages 5, concatenation); standard input is
#                      appended (more lines of that sendsms-user, then the
#                      test's sms-service)
#   kannel_start [MO]  start bearerbox, fakesmsc (MO: a file whose appended
#                      lines it sends as messages from phones) and smsbox,
#                      and wait until sendsms answers
#   kannel_stop        stop them (call it from the test's EXIT trap)
#   stop_pid PID       TERM, then KILL after 5 s (bearerbox takes its time)

BB=/usr/sbin/bearerbox
SB=/usr/sbin/smsbox
BB_PID='' SB_PID='' FS_PID=''

kannel_need() {
	if [ ! -x $BB ] || [ ! -x $SB ]; then
		echo "Kannel is not installed: $BB, $SB missing (Debian package kannel; make deps)"
		exit 77
	fi
}

kannel_ports() {
	set -- $(python3 -c 'import socket, sys
ss = [socket.socket() for _ in range(4 + int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' "${1:-0}")
	ADMIN=$1 BOXC=$2 FAKE=$3 SEND=$4
	shift 4
	EXTRA_PORTS="$*"
}

stop_pid() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

kannel_stop() {
	stop_pid "$SB_PID"
	stop_pid "$BB_PID"
	stop_pid "$FS_PID"
}

kannel_conf() {
	{
		cat <<EOF
group = core
admin-port = $ADMIN
admin-interface = 127.0.0.1
admin-password = adm-$$
admin-allow-ip = 127.0.0.1
smsbox-port = $BOXC
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = "$TMP/bearerbox.log"
log-level = 0
access-log = "$TMP/access.log"

group = smsc
smsc = fake
smsc-id = fake
port = $FAKE
our-host = 127.0.0.1
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $BOXC
sendsms-port = $SEND
sendsms-interface = 127.0.0.1
log-file = "$TMP/smsbox.log"
log-level = 0

# As dist/reminderd.ini says: long reminders need max-messages and
# concatenation, else Kannel cuts them to one SMS.
group = sendsms-user
username = msd
password = $KPW
max-messages = 5
concatenation = true
EOF
		cat
	} >"$TMP/kannel.conf"
}

kannel_start() {
	$BB "$TMP/kannel.conf" >"$TMP/bearerbox.out" 2>&1 &
	BB_PID=$!
	python3 "$ROOT/tests/helpers/fakesmsc.py" "$FAKE" "$TMP/delivered.jsonl" \
	    ${1:+"$1"} >"$TMP/fakesmsc.out" 2>&1 &
	FS_PID=$!
	i=0
	until grep -q connected "$TMP/fakesmsc.out" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 150 ] || ! kill -0 $BB_PID 2>/dev/null; then
			tail -20 "$TMP/bearerbox.out" "$TMP/fakesmsc.out" >&2
			fail "bearerbox did not start (or fakesmsc could not connect)"
		fi
		sleep 0.1
	done
	$SB "$TMP/kannel.conf" >"$TMP/smsbox.out" 2>&1 &
	SB_PID=$!
	i=0
	until python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$SEND" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 $SB_PID 2>/dev/null; then
			tail -20 "$TMP/smsbox.out" >&2
			fail "smsbox did not start"
		fi
		sleep 0.2
	done
	echo "Kannel up: sendsms on 127.0.0.1:$SEND, fake SMSC on 127.0.0.1:$FAKE"
}
