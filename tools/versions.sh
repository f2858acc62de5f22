#!/bin/sh
# tools/versions.sh: the Debian package version of every outside program
# the tests drive (and of the libraries the build links), one line each,
# "(not installed)" for those missing.  .ci/run prints it before the tests.
set -u
echo "== versions of the programs the tests depend on =="
for p in cups-daemon kannel xvfb zbar-tools poppler-utils sqlite3 \
    libsqlite3-0 libcurl4 libsdl2-2.0-0 libsdl2-ttf-2.0-0 libcairo2 \
    libqrencode4 libsodium23 openssl xdotool tzdata fonts-sil-andika \
    chromium clang tesseract-ocr; do
	v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null) || v=""
	printf '%-20s %s\n' "$p" "${v:-(not installed)}"
done
printf '%-20s %s\n' "kernel" "$(uname -sr)"
printf '%-20s %s\n' "cc" "$(cc --version 2>/dev/null | head -1)"
[ -r /etc/debian_version ] && printf '%-20s %s\n' "debian" "$(cat /etc/debian_version)"
exit 0
