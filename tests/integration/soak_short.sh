#!/bin/sh
# The short soak (tests/soak/run.sh short): a scripted visitor does 500
# actions at the kiosk under Xvfb (page changes, scrolls, glossary
# popups, feedback answers, keys, idle resets) and 10,000 reminders go
# through the daemon to a sink server; after the warm-up, RSS grows by
# less than 1 MB and no file descriptor is left open.  On the release
# binaries beside BIN ($BIN/..): the sanitizers' allocator would hide or
# fake a leak.  The long version is `make soak`.
set -u
sh "$ROOT/tests/soak/run.sh" "$BIN/.." short
