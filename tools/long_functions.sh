#!/bin/sh
# tools/long_functions.sh [LIMIT] [FILES...]: functions longer than LIMIT
# lines (default 60), longest first, as "lines file:line name".
# Our style puts a function's name at the start of a line and its braces
# alone in column 0, which is all this needs to know.
limit=${1:-60}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- $(find lib kiosk reminder-daemon -name '*.c' | sort)
awk -v limit="$limit" '
	FNR == 1 { name = ""; start = 0 }
	/^[a-zA-Z_][a-zA-Z0-9_]*\(/ { split($0, p, "("); name = p[1]; line = FNR }
	/^\{/ && name != "" { start = FNR }
	/^\}/ && start { n = FNR - start + 1
		if (n > limit) printf "%d %s:%d %s\n", n, FILENAME, line, name
		start = 0; name = "" }
' "$@" | sort -rn
