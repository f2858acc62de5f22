#!/usr/bin/env python3
"""reportserver.py - a receiver of the kiosk's daily statistics on 127.0.0.1,
for tests/integration/stats_post.sh.

    python3 reportserver.py --log FILE [--port 0] [--fail N]
                            [--fail-mode 500|close|hang]
                            [--tls-cert PEM --tls-key PEM]

Prints the port it listens on (one line) once it accepts connections.

The first N requests (--fail) fail: `500` answers HTTP 500, `close` reads the
request and closes the connection without a word, `hang` reads it and never
answers.  Every later request is answered 204 (like a receiver that stored
the day).  GET /_control?fail=N&mode=M re-arms the failures (not logged).

Every PUT (the kiosk's upload, to /BASE/KIOSK/YYYY-MM-DD.csv) or POST is
logged to --log as one JSON line: n, method, path, day (X-MSD-Day),
kiosk (X-MSD-Kiosk), content_type, auth (Authorization), body (the CSV as
text), bom (the body started with a UTF-8 BOM), status (the answer, or
"close"/"hang").  The test counts the days that got a 2xx: each must appear
exactly once.  Standard library only.
"""
import argparse
import json
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


class State:
    def __init__(self, fail, mode):
        self.fail = fail
        self.mode = mode
        self.n = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "reportserver/1"

    def log_message(self, fmt, *args):  # the JSON log says it all
        pass

    def answer(self, status, text=b""):
        self.send_response(status)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if text:
            self.wfile.write(text)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path != "/_control":
            self.answer(404, b"not here\n")
            return
        q = urllib.parse.parse_qs(u.query)
        st = self.server.state
        with LOCK:
            if "fail" in q:
                st.fail = int(q["fail"][0])
            if "mode" in q:
                st.mode = q["mode"][0]
        self.answer(200, b"ok\n")

    def do_PUT(self):
        self.upload()

    def do_POST(self):
        self.upload()

    def upload(self):
        st = self.server.state
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        with LOCK:
            st.n += 1
            n = st.n
            failing = st.fail > 0
            if failing:
                st.fail -= 1
            mode = st.mode
        status = 204
        if failing:
            status = {"500": 500}.get(mode, mode)
        entry = {
            "n": n,
            "method": self.command,
            "path": self.path,
            "day": self.headers.get("X-MSD-Day"),
            "kiosk": self.headers.get("X-MSD-Kiosk"),
            "content_type": self.headers.get("Content-Type"),
            "auth": self.headers.get("Authorization"),
            "bom": raw.startswith(b"\xef\xbb\xbf"),
            "body": raw.decode("utf-8", "replace").lstrip("\ufeff"),
            "status": status,
        }
        with LOCK:
            with open(self.server.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        if status == "close":
            self.close_connection = True
            self.connection.close()
            return
        if status == "hang":
            time.sleep(3600)
            return
        if status == 500:
            self.answer(500, b"Internal Server Error: try later\n")
            return
        self.answer(204)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--fail", type=int, default=0)
    ap.add_argument("--fail-mode", default="500",
                    choices=["500", "close", "hang"])
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    srv.state = State(a.fail, a.fail_mode)
    srv.log_path = a.log
    if a.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    open(a.log, "a").close()
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
