#!/bin/sh
# The clock moved back an hour between two runs (a wrong NTP step, a
# hand-set clock): `run --once` at 10:00, then at 09:00, then forward
# again hour by hour.  Whatever was sent is not sent again, whatever was
# due is sent once, and a reminder put back to `retry` by a gateway error
# before the step still goes out.
set -u
. "$ROOT/tests/helpers/gwlib.sh"

gw_start --flavor plain --mode ok
gw_conf -o "48h, 2h" 'body = to={to}&text={text}&ref={ref}' 'rate = 0' 'retry_base_s = 60'
# Appointments from 11:00 on 1 December to the 3rd: some reminders due
# before 10:00, some between 09:00 and 10:00, some later.
python3 - >"$TMP/rdv.csv" <<'EOF'
print("rdv_id;date;heure;msd;telephone")
n = 0
for day in (1, 2, 3):
    for h in range(9, 18):
        for m in (0, 30):
            print("K%03d;2026-12-%02d;%02d:%02d;aix;06 12 34 %02d %02d"
                  % (n, day, h, m, n // 100 + 10, n % 100))
            n += 1
EOF
daemon import "$TMP/rdv.csv" --now "2026-11-29 08:00" >/dev/null || fail "import"

step() {	# run --once at $1
	daemon run --once --now "$1" || fail "run --once --now $1"
	echo "$1: $(gw_count) requests; $(q "select group_concat(state || ' ' || n, ', ') from (select state, count(*) n from outbox group by state)")"
}
step "2026-11-30 09:40"
step "2026-12-01 10:00"
sent=$(q "select count(*) from outbox where state = 'sent'")
# The gateway fails for a while: what is due now goes to retry.
gw_ctl "mode=503"
step "2026-12-01 10:35"
retry=$(q "select count(*) from outbox where state = 'retry'")
[ "$retry" -gt 0 ] || fail "the gateway errors left nothing in retry"
gw_ctl "mode=ok"
# One hour back.
before=$(gw_count)
step "2026-12-01 09:35"
step "2026-12-01 09:55"
# Forward again, to after the last appointment.
for t in "2026-12-01 10:35" "2026-12-01 11:10" "2026-12-01 16:00" \
    "2026-12-02 07:00" "2026-12-02 12:00" "2026-12-03 09:00" "2026-12-03 16:00" \
    "2026-12-04 09:00"; do
	step "$t"
done
[ "$(q "select count(*) from outbox where state in ('planned', 'retry', 'sending')")" = 0 ] \
    || fail "reminders left pending"
[ "$(q "select count(*) from outbox where state = 'retry' or (state = 'expired' and reason like 'gateway%')")" = 0 ] \
    || fail "a reminder in retry at the step was lost: $(q "select id, state, reason from outbox where reason like 'gateway%'")"
[ "$(q "select count(*) from outbox where state = 'sent'")" -gt "$sent" ] || fail "nothing sent after the step"
python3 - "$GW_LOG" "$DB" <<'EOF' || fail "the provider's log and the outbox disagree"
import collections, json, sqlite3, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ok = collections.Counter(r["form"]["ref"] for r in reqs if r["status"] < 300)
sent = {str(r[0]) for r in sqlite3.connect(sys.argv[2]).execute(
    "select id from outbox where state = 'sent'")}
dups = [k for k, c in ok.items() if c > 1]
print("accepted %d requests for %d reminders; %d sent in the outbox; twice: %s"
      % (sum(ok.values()), len(ok), len(sent), dups))
sys.exit(0 if not dups and set(ok) == sent else 1)
EOF
[ "$(q "pragma integrity_check")" = ok ] || fail "database damaged"
echo PASS
