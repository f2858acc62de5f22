#!/bin/sh
# [gateway] rate: never more messages a second than configured.  Checked
# as a lower bound on the spacing the server saw (a slow machine can only
# widen it), never as a duration.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

T="2026-12-01 10:00"
gw_start --mode ok --flavor plain
gw_conf 'rate = 4'
rdv_csv R 6 2026-12-01 11:30 >"$TMP/a.csv" || fail "a.csv"
daemon import "$TMP/a.csv" --now "$T" >/dev/null || fail "import"
daemon run --once --now "$T" || fail "run"
[ "$(gw_count)" = 6 ] || fail "expected 6 requests, got $(gw_count)"
gap=$(gw_py "min(b['t_recv'] - a['t_recv'] for a, b in zip(reqs, reqs[1:]))")
ok=$(python3 -c "print($gap >= 0.2)")  # 0.25 s, less the jitter of one request
[ "$ok" = True ] || fail "two requests $gap s apart with rate = 4"
echo "smallest gap $gap s"
