#!/bin/sh
# The man pages msd-reminderd(8) and msd-kiosk(1):
#  - mandoc -T lint finds nothing (warnings included);
#  - every config key of dist/*.ini is documented under its [section] in
#    the program's page (.Ss [section], then .It Cm key);
#  - every key the code reads (kiosk/, reminder-daemon/, lib/) is in
#    dist/*.ini (set or shown commented out);
#  - every command and option of --help is in the page;
#  - make install puts both pages under share/man.
set -u
failed=0
fail() { echo "FAIL: $*"; failed=1; }
command -v mandoc >/dev/null || { echo "mandoc missing (Debian: mandoc)"; exit 77; }
M=$ROOT/docs/man
CK="python3 $ROOT/tests/helpers/confkeys.py"

for p in "$M/msd-reminderd.8" "$M/msd-kiosk.1"; do
	mandoc -T lint -W warning "$p" >"$TMP/lint.log" 2>&1 ||
		fail "mandoc -T lint $p: $(cat "$TMP/lint.log")"
	[ -s "$TMP/lint.log" ] && fail "mandoc -T lint $p: $(cat "$TMP/lint.log")"
done

# "section key" for each .It Cm key (several: .It Cm a , Cm b) under .Ss [section].
man_keys() {
	awk '
	/^\.Ss / { sec = $2; gsub(/[\[\]"]/, "", sec); if (sec ~ /^msd\./) sec = "msd.*"; next }
	/^\.Sh / { sec = "" }
	/^\.It Cm / && sec != "" {
		for (i = 2; i <= NF; i++) if ($i == "Cm" && $(i + 1) != "") print sec, $(i + 1)
	}' "$1" | sort -u
}
man_keys "$M/msd-reminderd.8" >"$TMP/man-daemon"
man_keys "$M/msd-kiosk.1" >"$TMP/man-kiosk"
$CK ini "$ROOT/dist/reminderd.ini" >"$TMP/ini-daemon"
$CK ini "$ROOT/dist/kiosk.ini" >"$TMP/ini-kiosk"
# Prose in comments that looks like "word = " is not a key: only keys
# the code reads count.
$CK code "$ROOT" >"$TMP/code"
for w in daemon kiosk; do
	sort -u "$TMP/ini-$w" | comm -12 - "$TMP/code" | comm -23 - "$TMP/man-$w" >"$TMP/undoc-$w"
	[ -s "$TMP/undoc-$w" ] && fail "keys of dist/*.ini missing from the $w's man page: $(tr '\n' ';' <"$TMP/undoc-$w")"
done
[ "$(wc -l <"$TMP/code")" -gt 40 ] || fail "only $(wc -l <"$TMP/code") keys found in the code: the search is broken"
cat "$TMP/ini-daemon" "$TMP/ini-kiosk" | sort -u >"$TMP/ini-all"
comm -23 "$TMP/code" "$TMP/ini-all" >"$TMP/missing"
[ -s "$TMP/missing" ] && fail "keys the code reads, missing from dist/*.ini: $(tr '\n' ';' <"$TMP/missing")"

# --help: every command and option named there is in the page.
help_words() {
	tee "$TMP/help.raw" | sed 's/\[[^]]*\]//g' >"$TMP/help.txt"
	grep -o -- '--[a-z-]*\|-[a-z] ' "$TMP/help.raw" | sed 's/ *$//'
	# The commands: the lowercase words after the program's name.
	sed -n 's/^.*msd-[a-z]*  *\([a-z][a-z]*\)\( [a-z][a-z]*\)\{0,1\}\( .*\)\{0,1\}$/\1\2/p' "$TMP/help.txt" | tr ' ' '\n'
}
"$BIN/msd-reminderd" --help 2>&1 | help_words | sort -u >"$TMP/help-daemon"
"$BIN/msd-kiosk" --help 2>&1 | help_words | sort -u >"$TMP/help-kiosk"
for w in daemon kiosk; do
	page=$M/msd-reminderd.8; [ $w = kiosk ] && page=$M/msd-kiosk.1
	# .Fl -now reads --now; .Cm import reads import.
	mandoc -T utf8 "$page" 2>/dev/null | col -b >"$TMP/page-$w.txt"
	while read -r word; do
		[ -z "$word" ] && continue
		grep -q -- "$word" "$TMP/page-$w.txt" || fail "$w --help says '$word', its man page does not"
	done <"$TMP/help-$w"
done
grep -qx run "$TMP/help-daemon" && grep -qx lint "$TMP/help-kiosk" ||
	fail "the commands of --help were not found: $(cat "$TMP/help-daemon" "$TMP/help-kiosk" | tr '\n' ' ')"


# make install puts them in place.
(cd "$ROOT" && make -s install BUILD="$BIN/.." DESTDIR="$TMP/inst" PREFIX=/usr >"$TMP/install.log" 2>&1) ||
	fail "make install: $(tail -5 "$TMP/install.log")"
[ -f "$TMP/inst/usr/share/man/man8/msd-reminderd.8" ] || fail "make install: no share/man/man8/msd-reminderd.8"
[ -f "$TMP/inst/usr/share/man/man1/msd-kiosk.1" ] || fail "make install: no share/man/man1/msd-kiosk.1"
[ $failed = 0 ]
