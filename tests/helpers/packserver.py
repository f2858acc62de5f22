#!/usr/bin/env python3
"""packserver.py - a static web server on 127.0.0.1 for the content sync
tests: serves a folder written by `msd-kiosk content publish`, and can
misbehave on demand.

    python3 packserver.py --dir DIR [--port 0] [--log FILE]
                          [--tls-cert PEM --tls-key PEM]

Prints the port it listens on (one line) once it accepts connections.
Ends by itself after $PACKSERVER_MAX_S seconds (default 600), so that a
killed test leaves nothing running.

Files are served like nginx does: ETag "mtime-size" (hex) and
Last-Modified; If-None-Match (checked first) and If-Modified-Since give
304 Not Modified.

MODE, set with GET /_control?mode=M[&match=S][&rate=N][&extra=N]; it
applies to the requests whose path contains S (default: every request):
  ok         serve the file (404 if missing)
  404 500    that status, a short body
  slow       serve at N bytes a second (rate, default 2000)
  truncate   announce the whole length, send half, close the connection
  oversize   announce and send the file plus `extra` (default 100000)
             bytes of garbage
  oversize-nolength  the same with no Content-Length (the end is the
             connection's close, as an HTTP/1.0 server does)
  hang       read the request, never answer

GET /_control?reset=1 goes back to mode ok, match "".  GET /_log returns
the JSON log (one line a request: path, status, inm, ims, auth (the
Authorization header), sent, complete); --log FILE also appends it to
FILE.  Standard library only.
"""
import argparse
import email.utils
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


class State:
    def __init__(self):
        self.mode = "ok"
        self.match = ""
        self.rate = 2000
        self.extra = 100000
        self.log = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "packserver/1"

    def log_message(self, fmt, *args):
        pass

    def note(self, status, sent=0, complete=True):
        rec = {
            "path": self.path,
            "status": status,
            "inm": self.headers.get("If-None-Match"),
            "ims": self.headers.get("If-Modified-Since"),
            "auth": self.headers.get("Authorization"),
            "sent": sent,
            "complete": complete,
            "t": time.time(),
        }
        with LOCK:
            self.server.state.log.append(rec)
            if self.server.logfile:
                with open(self.server.logfile, "a", encoding="utf-8") as f:
                    f.write(json.dumps(rec) + "\n")

    def small(self, status, text):
        data = (text + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.note(status, len(data))

    def control(self, query):
        st = self.server.state
        with LOCK:
            if query.get("reset"):
                st.mode, st.match, st.rate, st.extra = "ok", "", 2000, 100000
            st.mode = query.get("mode", st.mode)
            st.match = query.get("match", st.match)
            st.rate = int(query.get("rate", st.rate))
            st.extra = int(query.get("extra", st.extra))
        data = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def dump_log(self):
        with LOCK:
            data = "".join(json.dumps(r) + "\n"
                           for r in self.server.state.log).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        if url.path == "/_control":
            return self.control(query)
        if url.path == "/_log":
            return self.dump_log()
        st = self.server.state
        with LOCK:
            mode = st.mode if st.match in url.path else "ok"
            rate, extra = st.rate, st.extra
        if mode == "hang":
            time.sleep(3600)
            return
        if mode in ("404", "500"):
            return self.small(int(mode), "simulated %s" % mode)

        rel = urllib.parse.unquote(url.path).lstrip("/")
        path = os.path.realpath(os.path.join(self.server.root, rel))
        if (not path.startswith(self.server.root + os.sep)
                or not os.path.isfile(path)):
            return self.small(404, "not found")
        stt = os.stat(path)
        etag = '"%x-%x"' % (stt.st_mtime_ns, stt.st_size)
        lastmod = email.utils.formatdate(stt.st_mtime, usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        not_modified = False
        if inm is not None:
            not_modified = inm.strip() == etag
        elif ims is not None:
            try:
                t = email.utils.parsedate_to_datetime(ims).timestamp()
                not_modified = int(stt.st_mtime) <= t
            except (TypeError, ValueError):
                pass
        if not_modified and mode == "ok":
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", lastmod)
            self.end_headers()
            return self.note(304)
        with open(path, "rb") as f:
            data = f.read()
        body = data
        length = len(data)
        if mode == "truncate":
            body = data[:len(data) // 2]
        elif mode in ("oversize", "oversize-nolength"):
            body = data + b"\xa5" * extra
            length = len(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if mode != "oversize-nolength":
            self.send_header("Content-Length", str(length))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", lastmod)
        if mode in ("truncate", "oversize-nolength"):
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        sent = 0
        try:
            if mode == "slow":
                step = max(1, rate // 10)
                while sent < len(body):
                    self.wfile.write(body[sent:sent + step])
                    self.wfile.flush()
                    sent += len(body[sent:sent + step])
                    time.sleep(0.1)
            else:
                self.wfile.write(body)
                sent = len(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            return self.note(200, sent, False)
        self.note(200, sent, sent == length)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()

    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    srv.state = State()
    srv.root = os.path.realpath(args.dir)
    srv.logfile = args.log
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    max_s = float(os.environ.get("PACKSERVER_MAX_S", "600"))
    timer = threading.Timer(max_s, lambda: os._exit(3))
    timer.daemon = True
    timer.start()
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
