# tests/helpers/nginxlib.sh - sourced by the tests that need a real web
# server: Debian's nginx (nginx-light is enough: it has the DAV and SSL
# modules), with a config and a prefix of its own under $TMP/nginx,
# listening on 127.0.0.1 only, run as an unprivileged user (nobody when
# the test runs as root, else the test's own user).  Gives:
#   need_nginx            exit 77 if nginx is missing
#   NGX                   its prefix ($TMP/nginx): conf, logs, www/
#   nginx_start SERVERS   writes nginx.conf whose http block holds the
#                         text SERVERS (in which @PORT@ and @TLSPORT@
#                         stand for two free ports, @P@ for NGX), starts
#                         nginx in the foreground of a background job and
#                         waits until it answers; sets NGX_PORT,
#                         NGX_TLSPORT, ngx_pid
#   nginx_stop            stops it (also done on exit by the caller's
#                         trap, which must call it)
#   nginx_log             the end of its error log, for a message
NGX=$TMP/nginx
ngx_pid=

need_nginx() {
	NGINX=$(command -v nginx || echo /usr/sbin/nginx)
	[ -x "$NGINX" ] || { echo "nginx missing (Debian: nginx-light)"; exit 77; }
	"$NGINX" -V 2>&1 | grep -q -- --with-http_dav_module ||
	    { echo "this nginx has no DAV module (Debian's nginx-light has)"; exit 77; }
}

# Two free ports on 127.0.0.1 (the kernel's choice; a race with another
# program is retried by nginx_start).
free_ports() {
	python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])'
}

nginx_log() {
	tail -5 "$NGX/logs/error.log" 2>/dev/null
}

# As whom nginx runs, and the files it must reach.
nginx_user() {
	if [ "$(id -u)" = 0 ]; then
		# nobody must reach $NGX through $TMP (mktemp made it 0700).
		chmod o+x "$TMP"
		chown -R nobody:nogroup "$NGX"
		echo "setpriv --reuid=nobody --regid=nogroup --clear-groups --"
	fi
}

nginx_start() {
	servers=$1
	tries=0
	while [ $tries -lt 5 ]; do
		tries=$((tries + 1))
		set -- $(free_ports)
		NGX_PORT=$1 NGX_TLSPORT=$2
		mkdir -p "$NGX/logs" "$NGX/tmp" "$NGX/www"
		# Every temporary path of its own: the defaults are under
		# /var/lib/nginx, which nobody cannot write.
		cat >"$NGX/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $NGX/nginx.pid;
error_log $NGX/logs/error.log info;
events { worker_connections 64; }
http {
	access_log $NGX/logs/access.log;
	client_body_temp_path $NGX/tmp/body;
	proxy_temp_path $NGX/tmp/proxy;
	fastcgi_temp_path $NGX/tmp/fastcgi;
	uwsgi_temp_path $NGX/tmp/uwsgi;
	scgi_temp_path $NGX/tmp/scgi;
	default_type application/octet-stream;
$(printf '%s\n' "$servers" | sed "s|@PORT@|$NGX_PORT|g; s|@TLSPORT@|$NGX_TLSPORT|g; s|@P@|$NGX|g")
}
EOF
		: >"$NGX/logs/error.log"
		as=$(nginx_user)
		# shellcheck disable=SC2086
		$as "$NGINX" -p "$NGX" -c "$NGX/nginx.conf" >"$NGX/logs/stderr" 2>&1 &
		ngx_pid=$!
		i=0
		while [ $i -lt 50 ]; do
			if ! kill -0 "$ngx_pid" 2>/dev/null; then
				break
			fi
			if python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$NGX_PORT" 2>/dev/null; then
				return 0
			fi
			sleep 0.1
			i=$((i + 1))
		done
		nginx_stop
		# A port taken in between: try two others.
		grep -q "Address already in use" "$NGX/logs/stderr" "$NGX/logs/error.log" 2>/dev/null ||
		    break
	done
	echo "FAIL: nginx did not start: $(cat "$NGX/logs/stderr"; nginx_log)" >&2
	exit 1
}

nginx_stop() {
	if [ -n "$ngx_pid" ]; then
		kill "$ngx_pid" 2>/dev/null
		wait "$ngx_pid" 2>/dev/null
		ngx_pid=
	fi
}
