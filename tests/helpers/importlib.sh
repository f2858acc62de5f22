# tests/helpers/importlib.sh - sourced by the integration tests of the
# daemon's CSV import and of the CSV it writes back (csv_injection.sh,
# reminder_import.sh, reminder_import_hostile.sh).
#
# Needs BIN, TMP (see tests/run.sh).  Works in $TMP, and sets D (the
# daemon), NOW (the time every import is made at) and failed=0.  Gives:
#   import_conf [-]     write r.ini: [database] path = $TMP/r.db, a file
#                       gateway to $TMP/sms.txt with rate = 0; with "-",
#                       the further sections read from standard input
#                       (a here-doc: [msd.chambery], [import], ...)
#   fail MSG            print, count it in failed and go on, so that every
#                       check runs (a test that stops at its first failure
#                       defines its own after sourcing this)
#   end_checks          exit 1 saying how many checks failed, if any did

D=$BIN/msd-reminderd
NOW="2026-11-30 10:00"
failed=0
cd "$TMP" || exit 1

import_conf() {
	{
		printf '[database]\npath = %s\n' "$TMP/r.db"
		printf '[gateway]\ntype = file\npath = %s\nrate = 0\n' "$TMP/sms.txt"
		if [ "${1-}" = - ]; then cat; fi
	} >r.ini || { echo "FAIL: cannot write r.ini"; exit 1; }
}

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

end_checks() {
	[ $failed -eq 0 ] || { echo "$failed check(s) failed"; exit 1; }
}
