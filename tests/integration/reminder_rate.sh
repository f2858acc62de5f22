#!/bin/sh
# [gateway] rate: never more messages a second than configured.  Checked
# as a lower bound on the spacing the server saw (a slow machine can only
# widen it), never as a duration.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

T="2026-12-01 10:00"
gw_start --mode ok --flavor plain
cat >"$CONF" <<EOF
[database]
path = $DB
[gateway]
type = http
url = http://127.0.0.1:$GW_PORT/send
rate = 4
[reminders]
offsets = 2h
EOF
{
	echo "rdv_id;date;heure;msd;telephone"
	for i in 1 2 3 4 5 6; do echo "R$i;2026-12-01;11:30;aix;06 12 34 56 0$i"; done
} >"$TMP/a.csv"
daemon import "$TMP/a.csv" --now "$T" >/dev/null || fail "import"
daemon run --once --now "$T" || fail "run"
[ "$(gw_count)" = 6 ] || fail "expected 6 requests, got $(gw_count)"
gap=$(gw_py "min(b['t_recv'] - a['t_recv'] for a, b in zip(reqs, reqs[1:]))")
ok=$(python3 -c "print($gap >= 0.2)")  # 0.25 s, less the jitter of one request
[ "$ok" = True ] || fail "two requests $gap s apart with rate = 4"
echo "smallest gap $gap s"
