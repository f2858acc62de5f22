#!/bin/sh
# tools/render_all.sh KIOSK SRC_DIR OUT_DIR
#
# Renders everything the kiosk shows and prints, from the content sources
# SRC_DIR, into OUT_DIR: every page at the three screen sizes (kiosk
# --screenshot) and every sheet (one per MSD, per theme, per offer) as
# PNG through pdftoppm.  Run it before and after a change that must not
# alter what people see, then compare the two folders:
#
#   sh tools/render_all.sh build/msd-kiosk assets/content /tmp/before
#   ...change...
#   sh tools/render_all.sh build/msd-kiosk assets/content /tmp/after
#   sh tools/render_all.sh --compare /tmp/before /tmp/after
#
# The PDFs carry a creation date, so sheets are compared as images.
set -eu

if [ "${1:-}" = --compare ]; then
	a=$2 b=$3 same=0 diff=0
	for f in $(cd "$a" && find . -name '*.png' | sort); do
		if [ ! -f "$b/$f" ]; then
			echo "only in $a: $f"; diff=$((diff + 1))
		elif cmp -s "$a/$f" "$b/$f"; then
			same=$((same + 1))
		else
			echo "differs: $f"; diff=$((diff + 1))
		fi
	done
	for f in $(cd "$b" && find . -name '*.png' | sort); do
		[ -f "$a/$f" ] || { echo "only in $b: $f"; diff=$((diff + 1)); }
	done
	echo "$same identical, $diff different"
	[ "$diff" = 0 ]
	exit
fi

[ $# = 3 ] || { echo "usage: $0 KIOSK SRC_DIR OUT_DIR | --compare A B" >&2; exit 2; }
K=$1 src=$2 out=$3
command -v sqlite3 >/dev/null || { echo "$0: sqlite3 is missing (make deps)" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "$0: pdftoppm is missing (make deps)" >&2; exit 2; }
unset DISPLAY WAYLAND_DISPLAY
mkdir -p "$out/screens" "$out/sheets"
pack=$out/pack.db
"$K" content build "$src" -o "$pack" >"$out/build.log" 2>&1 ||
	{ cat "$out/build.log" >&2; exit 1; }
# The staff menu shows the pack's version, build time and path: fix them,
# so that two runs give the same pages.
sqlite3 "$pack" "UPDATE meta SET value = '1' WHERE key = 'version';
    UPDATE meta SET value = '2026-01-01 00:00' WHERE key = 'built_at'"
K=$(cd "$(dirname "$K")" && pwd)/$(basename "$K")
cd "$out"
where=$(pwd) pack=pack.db out=.

pages() {
	echo home
	echo rights
	sqlite3 "$pack" "SELECT 'rights:' || id FROM page ORDER BY position"
	echo offers
	sqlite3 "$pack" "SELECT 'offers:' || id FROM theme ORDER BY position"
	sqlite3 "$pack" "SELECT 'offer:' || id FROM offer ORDER BY theme, position"
	sqlite3 "$pack" "SELECT 'feedback:' || row_number() OVER (ORDER BY position)
	    FROM question"
	echo feedback:merci
	echo staff
	echo staff-themes
}

n=0
msd=$(sqlite3 "$pack" "SELECT code FROM msd ORDER BY position LIMIT 1")
for spec in 1920x1080:96 1080x1920:96 1280x800:150; do
	size=${spec%:*} dpi=${spec#*:}
	for page in $(pages); do
		name=$size-$(echo "$page" | tr ':/' '__')
		"$K" --content "$pack" --msd "$msd" --windowed "$size" --dpi "$dpi" \
		    --page "$page" --screenshot "$out/screens/$name.png" \
		    >"$out/screens/$name.log" 2>&1 ||
			echo "page $page at $size: exit $? (see $out/screens/$name.log)"
		n=$((n + 1))
	done
done

sheet() {	# sheet NAME ARGS...
	name=$1; shift
	"$K" sheet --content "$pack" "$@" -o "$out/sheets/$name.pdf" \
	    >"$out/sheets/$name.log" 2>&1 ||
		{ echo "sheet $*: exit $? (see $out/sheets/$name.log)"; return; }
	pdftoppm -r 60 -png "$out/sheets/$name.pdf" "$out/sheets/$name"
	rm -f "$out/sheets/$name.pdf"
	n=$((n + 1))
}
for m in $(sqlite3 "$pack" "SELECT code FROM msd ORDER BY position"); do
	sheet "msd-$m" --msd "$m"
done
for t in $(sqlite3 "$pack" "SELECT id FROM theme ORDER BY position"); do
	sheet "theme-$t" --msd "$msd" --theme "$t"
done
for o in $(sqlite3 "$pack" "SELECT o.id FROM offer o JOIN offer_msd m
    ON m.offer_id = o.id AND m.msd_code = '$msd' ORDER BY o.theme, o.position"); do
	sheet "offer-$o" --msd "$msd" --offer "$o"
done
echo "$n renderings in $where"
