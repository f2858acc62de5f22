#!/bin/sh
# tools/demo.sh BUILD_DIR: what `make run` shows.
#  1. the reminder daemon on the demo appointments, with the file gateway
#     and a fixed clock, printing the SMS it would have sent;
#  2. the kiosk in a window on the demo content pack, with the daemon
#     running beside it (stopped when the kiosk closes).
set -eu
top=$(pwd)
build=$(cd "$1" && pwd)	# BUILD may be relative or absolute
demo=$build/demo
# A fresh demo each time, but for the read-aloud synthesis cache: the
# first `make run` synthesises every page (a minute or two), the next
# ones only what changed.  Inside the demo folder: the demo writes
# nothing anywhere else.
mkdir -p "$demo"
find "$demo" -mindepth 1 -maxdepth 1 ! -name audio-cache -exec rm -rf {} +
cp assets/demo/reminderd.ini "$demo/"
cd "$demo"
d="$build/msd-reminderd"

echo "== Reminder daemon demo (file gateway, clock fixed) =="
"$d" -c reminderd.ini import "$top/assets/demo/appointments.csv" --now "2026-11-30 10:00"
# Three moments of the week: the reminders due at each are sent.
for t in "2026-12-01 11:00" "2026-12-02 12:30" "2026-12-03 09:00" "2026-12-05 09:30"; do
	echo "-- run --once --now \"$t\""
	"$d" -c reminderd.ini run --once --now "$t" 2>&1 | sed 's/^/   /'
done
echo
echo "== The SMS the daemon would have sent ($demo/demo-sms.txt) =="
cat demo-sms.txt
echo
"$d" -c reminderd.ini status --now "2026-12-05 09:30"
echo
echo "== Appointments staff should call (report --csv) =="
"$d" -c reminderd.ini report --csv | sed '1s/^\xEF\xBB\xBF//'

# The kiosk runs inside build/demo with its own configuration, whose paths
# are all relative: nothing is written outside the checkout.
cd "$top"
cp assets/demo/kiosk.ini "$demo/"
mkdir -p "$demo/exports"
k="$build/msd-kiosk"
# MSD_DEMO_NO_AUDIO=1 (tests/integration/demo_paths.sh, which traces
# where the demo writes): a pack without the read-aloud audio, whose
# synthesis read_aloud.sh tests on its own.
audio="--audio-cache $demo/audio-cache"
if [ -n "${MSD_DEMO_NO_AUDIO:-}" ]; then
	audio=--no-audio
elif [ ! -d "$demo/audio-cache" ]; then
	echo "(first run: synthesising the pages' read-aloud audio, a minute or two)"
fi
if "$k" content build assets/content -o "$demo/content.db" $audio \
    >"$demo/build.log" 2>&1; then
	cd "$demo"
	if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
		echo
		echo "No display here: the kiosk demo needs one (DISPLAY or WAYLAND_DISPLAY)."
		echo "Its home page, rendered without a display: $demo/home.png"
		"$k" -c kiosk.ini --windowed 1280x800 --screenshot home.png || true
		exit 0
	fi
	echo
	echo "== The kiosk (close its window to stop; the daemon stops with it) =="
	"$d" -c reminderd.ini run &
	daemon=$!
	trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null' EXIT INT TERM
	"$k" -c kiosk.ini --windowed 1280x800 || true
else
	cat "$demo/build.log" >&2
	echo "make run: the demo content pack could not be built (above); the kiosk demo did not start" >&2
	exit 1
fi
