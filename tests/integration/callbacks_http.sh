#!/bin/sh
# The http backend's callbacks, in the provider's own words: a generic
# provider (tests/helpers/gwserver.py, which answers each send with its
# message id) reports delivery and forwards replies with field names and
# status words of its own (SMPP-like DELIVRD, UNDELIV, ACCEPTD), which
# [callbacks] http_dlr, http_mo, http_delivered and http_undelivered
# describe.  Reports found by the provider's id or by our {ref}, by GET
# or by a POSTed form, move the outbox; an intermediate one is noted, a
# later final one wins; a reply is recorded once however often it comes;
# a request in the default field names (not this provider's) is refused
# with 400 and changes nothing; a wrong token gets 403.  A template that
# names an unknown field stops the daemon with FILE:LINE.
set -u
. "$ROOT/tests/helpers/gwlib.sh"
CB="python3 $ROOT/tests/helpers/cbclient.py"

T="2026-12-01 11:30"
CBPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CBTOK=generic-token-0123456789abcdef
printf '%s\n' "$CBTOK" >"$TMP/cb.token"
chmod 600 "$TMP/cb.token"
BASE=http://127.0.0.1:$CBPORT
gw_start --flavor plain --mode ok
gw_conf -o 24h "rate = 0" "body = dest={to}&msg={text}&client_ref={ref}" "id_field = id" - <<EOF
[callbacks]
listen = 127.0.0.1:$CBPORT
token_file = $TMP/cb.token
http_dlr = msgid={provider_id}&cref={ref}&stat={status}&err={reason}
http_delivered = DELIVRD, 1
http_undelivered = UNDELIV, REJECTD, EXPIRED
http_mo = msisdn={from}&content={text}&mid={id}
EOF
cat >"$TMP/rdv.csv" <<'EOF'
rdv_id;date;heure;msd;telephone
H1;2026-12-02;10:00;chambery;06 12 34 56 01
H2;2026-12-02;10:00;chambery;06 12 34 56 02
H3;2026-12-02;10:00;chambery;06 12 34 56 03
H4;2026-12-02;10:00;chambery;06 12 34 56 04
EOF
daemon import "$TMP/rdv.csv" --now "$T" >/dev/null || fail "import"
"$D" -c "$CONF" run --now "$T" 2>>"$TMP/daemon.err" &
DAEMON_PID=$!
i=0
until [ "$(q "select count(*) from outbox where state = 'sent' and provider_id is not null")" = 4 ]; do
	i=$((i + 1))
	[ $i -gt 300 ] && fail "reminders not sent: $(q "select state, reason, provider_id from outbox"); $(tail -5 "$TMP/daemon.err")"
	sleep 0.1
done
state() { q "select o.state from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = '$1'"; }

echo "== the provider reports delivery in its own words =="
# What the provider knows of each message: the number, our client_ref and
# the id it answered (msg-N for its N-th request).
gw_py "'\n'.join('%s %s msg-%d' % (r['form']['dest'], r['form']['client_ref'], r['n']) for r in reqs)" >"$TMP/sent.txt"
cat "$TMP/sent.txt"
python3 - "$TMP/sent.txt" "$BASE" "$CBTOK" >"$TMP/provider.out" <<'PY' || fail "provider callbacks: $(cat "$TMP/provider.out")"
import sys, urllib.error, urllib.parse, urllib.request
sent = {l.split()[0]: l.split()[1:] for l in open(sys.argv[1])}
base, token = sys.argv[2], sys.argv[3]

def call(path, fields, post=False):
    q = urllib.parse.urlencode(fields)
    url = "%s%s?token=%s" % (base, path, token)
    req = urllib.request.Request(url + ("" if post else "&" + q),
                                 data=q.encode() if post else None)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code

ref1, id1 = sent["+33612345601"]
ref2, id2 = sent["+33612345602"]
ref3, id3 = sent["+33612345603"]
ref4, id4 = sent["+33612345604"]
codes = [
    # By the provider's id only, GET.
    call("/http/dlr", {"msgid": id1, "stat": "DELIVRD"}),
    # By our ref, POSTed form, with the provider's reason.
    call("/http/dlr", {"cref": ref2, "stat": "UNDELIV", "err": "absent subscriber"}, post=True),
    # Intermediate, then final, then the intermediate again (late).
    call("/http/dlr", {"msgid": id3, "cref": ref3, "stat": "ACCEPTD"}),
    call("/http/dlr", {"msgid": id3, "stat": "1"}, post=True),
    call("/http/dlr", {"msgid": id3, "stat": "ACCEPTD"}),
    # Replies, one forwarded twice.
    call("/http/mo", {"msisdn": "+33612345604", "content": "oui", "mid": "r-1"}, post=True),
    call("/http/mo", {"msisdn": "+33612345604", "content": "oui", "mid": "r-1"}, post=True),
    call("/http/mo", {"msisdn": "0612345602", "content": "je ne peux pas", "mid": "r-2"}),
]
print(codes)
assert codes == [200] * 8, codes
# Our default names are not this provider's: refused, nothing changes.
assert call("/http/dlr", {"id": ref4, "status": "delivered"}) == 400
assert call("/http/mo", {"from": "+33612345604", "text": "STOP"}) == 400
print("ok")
PY
cat "$TMP/provider.out"
[ "$(state H1)" = delivered ] || fail "H1 (by provider id): $(state H1)"
[ "$(state H2)" = undelivered ] || fail "H2 (by ref, POST): $(state H2)"
q "select reason from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = 'H2'" |
    grep -q "SMS non reçu: UNDELIV: absent subscriber" || fail "H2's reason"
[ "$(state H3)" = delivered ] || fail "H3 after ACCEPTD, 1, ACCEPTD: $(state H3)"
[ "$(q "select o.dlr_status from outbox o join appointment a on a.id = o.appt_id where a.rdv_id = 'H3'")" = 1 ] \
    || fail "H3's last report"
[ "$(state H4)" = sent ] || fail "H4 changed by a request in the wrong names: $(state H4)"
[ "$(q "select count(*) from reply where provider_id = 'r-1'")" = 1 ] || fail "r-1 recorded $(q "select count(*) from reply where provider_id = 'r-1'") times"
[ "$(q "select reply from appointment where rdv_id = 'H4'")" = confirmed ] || fail "H4's reply"
[ "$(q "select reply from appointment where rdv_id = 'H2'")" = cancel_request ] || fail "H2's reply"
[ -z "$(q "select * from optout")" ] || fail "a refused STOP reached the STOP list"
[ "$($CB get "$BASE/http/dlr?token=not-the-token-000000&msgid=$(q "select provider_id from outbox limit 1")&stat=UNDELIV")" = 403 ] \
    || fail "wrong token accepted"
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID"
DAEMON_PID=

echo "== a template with an unknown field is refused at start =="
sed -i 's/^http_dlr = .*/http_dlr = msgid={message_id}\&stat={status}/' "$CONF"
line=$(grep -n '^http_dlr' "$CONF" | cut -d: -f1)
"$D" -c "$CONF" run --now "$T" 2>"$TMP/bad.err"
rc=$?
[ $rc = 2 ] || fail "a bad http_dlr: exit $rc, expected 2 (bad configuration)"
grep -q "reminderd.ini:$line: \[callbacks\] http_dlr = 'msgid={message_id}&stat={status}': unknown field {message_id}" "$TMP/bad.err" \
    || fail "message: $(cat "$TMP/bad.err")"
check_no_secrets "$CBTOK" 612345601 612345604
echo PASS
