# tests/helpers/cupslib.sh - sourced by the printing integration tests
# (sheet_print.sh, kiosk_staff_print.sh): a private CUPS scheduler on
# 127.0.0.1 whose printer "testpdf" has a file: device, so that what would
# go to paper lands in a file.
#
# Needs TMP (see tests/run.sh), and cupsd, lpadmin, lpstat and python3 on
# PATH (the caller checks them and exits 77).  Gives:
#   cups_start        write the configuration under $C=$TMP/cups, start
#                     cupsd, wait until it answers; sets PORT, CLOSED (a
#                     free port where nothing listens), C, H (host:port),
#                     CUPSD (its pid), and a trap that stops it on exit.
#                     Exits 77 when there is no user lp or when cupsd does
#                     not start without root, 1 when it does not start.
#   cups_add_printer  the printer "testpdf" writing its jobs to $OUT
#                     (=$TMP/printed.pdf); exports CUPS_SERVER=$H.  Exits
#                     1 when lpadmin fails.
#   cups_new_output   empty $OUT before the next job (call it instead of
#                     rm: the scheduler no longer creates the file)
#   cups_stop         stop cupsd (what the trap does)
#   wait_printed FILE SIZE  the device file reaches SIZE bytes (10 s);
#                     returns 1 when it does not

port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The installed scheduler's package version, for failure messages.
cups_version() {
	dpkg-query -W -f='${Version}' cups-daemon 2>/dev/null || echo "(version unknown)"
}

cups_start() {
	PORT=$(port)
	CLOSED=$(port)		# nothing listens there
	C=$TMP/cups
	mkdir -p "$C/root" "$C/spool" "$C/cache" "$C/state" "$C/tmp" "$C/log"
	# cupsd runs its filters as user lp: they must reach the spool files
	# under $TMP (mktemp made it 0700).
	chmod 711 "$TMP" "$C"
	id lp >/dev/null 2>&1 || { echo "no user lp for cupsd's filters"; exit 77; }

	cat >"$C/cupsd.conf" <<EOF
Listen 127.0.0.1:$PORT
LogLevel debug
Browsing Off
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
EOF
	# FileDevice Yes allows file: device URIs (off by default).  Printcap
	# names a file of our own: a bare "Printcap" (meaning "none") was
	# accepted by older CUPS 2.4 builds and is refused by the security
	# updates (2.4.2-3+deb12u10: "Missing value for Printcap"), and the
	# default would write /run/cups/printcap, outside the test.
	cat >"$C/cups-files.conf" <<EOF
ServerRoot $C/root
RequestRoot $C/spool
CacheDir $C/cache
StateDir $C/state
TempDir $C/tmp
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
Printcap $C/state/printcap
FileDevice Yes
User lp
Group lp
SystemGroup root
EOF
	# A queue that passes the PDF through unchanged.  Not "-m raw": a raw
	# queue with a file: device has no process to copy the job, so CUPS
	# marks it completed and writes nothing.  gziptoany copies its input
	# (it only unzips gzip files).
	cat >"$C/passthrough.ppd" <<'EOF'
*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "MSDTEST.PPD"
*Manufacturer: "msd-kiosk tests"
*Product: "(PDF to file)"
*ModelName: "msd-kiosk test PDF to file"
*ShortNickName: "msd-kiosk test PDF to file"
*NickName: "msd-kiosk test PDF to file"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsFilter: "application/pdf 0 gziptoany"
*OpenUI *PageSize/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: A4
*PageSize A4/A4: "<</PageSize[595 842]>>setpagedevice"
*CloseUI: *PageSize
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
EOF

	# Ask cupsd itself first: a directive that this CUPS version refuses
	# is then named in the failure, not hidden behind "did not start".
	if ! cupsd -t -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/log/cupsd-t.out" 2>&1; then
		cat "$C/log/cupsd-t.out"
		echo "FAIL: cupsd $(cups_version) refuses the test configuration"
		exit 1
	fi

	cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" >"$C/log/cupsd.out" 2>&1 &
	CUPSD=$!
	trap cups_stop EXIT
	trap 'exit 1' INT TERM

	H=127.0.0.1:$PORT
	i=0
	until LC_ALL=C lpstat -h "$H" -r 2>/dev/null | grep -q "is running"; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 $CUPSD 2>/dev/null; then
			cat "$C/log/cupsd.out"; tail -20 "$C/log/error_log" 2>/dev/null
			if [ "$(id -u)" != 0 ]; then
				echo "cupsd does not start without root here"
				exit 77
			fi
			echo "FAIL: cupsd did not start"
			exit 1
		fi
		sleep 0.1
	done
	echo "cupsd $CUPSD listening on $H"
}

# CUPS 2.4.2-3+deb12u10 opens a file: device with O_WRONLY|O_EXCL and no
# O_CREAT ("the scheduler could not open the output file" otherwise), and
# no O_TRUNC: the file must exist, and be empty before each job.  Older
# builds created and truncated it, so this works with both.
cups_new_output() {
	: >"$OUT"
	chmod 0666 "$OUT"
}

cups_add_printer() {
	OUT=$TMP/printed.pdf
	cups_new_output
	lpadmin -h "$H" -p testpdf -E -v "file://$OUT" -P "$C/passthrough.ppd" \
	    2>"$TMP/lpadmin.err" || { cat "$TMP/lpadmin.err"; echo "FAIL: lpadmin"; exit 1; }
	lpstat -h "$H" -v testpdf

	export CUPS_SERVER=$H
}

cups_stop() {
	kill $CUPSD 2>/dev/null
	wait $CUPSD 2>/dev/null
}

wait_printed() {
	i=0
	while [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -lt "$2" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
	sleep 0.2	# let the filter finish its last write
	return 0
}
