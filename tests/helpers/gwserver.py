#!/usr/bin/env python3
"""gwserver.py - a fake SMS provider on 127.0.0.1 for the gateway tests.

    python3 gwserver.py --log FILE [--port 0] [--mode MODE] [--flavor F]
                        [--delay-ms N] [--fail-times N] [--retry-after S]
                        [--tls-cert PEM --tls-key PEM] [--hang-s S]

Prints the port it listens on (one line) once it accepts connections.

MODE (the answer to every request; --mode or GET /_control?mode=...):
  ok      accepted: 202 "0: Accepted for delivery" (kannel), 201 JSON with a
          sid (twilio), 200 JSON with an id (plain)
  500 503 server error          429   Retry-After: --retry-after (30)
  400     permanent error, whose text echoes the number (as Twilio does)
  21610   Twilio's "unsubscribed recipient" (the person sent STOP)
  401     credentials refused   hang  read the request, never answer
  slow    sleep --delay-ms then ok
  failn   500 for the first --fail-times requests, then ok
  echo    answers --echo-status (500) with a page that echoes the request,
          as some servers' error pages do: --echo-part (or echo_part=)
          says what comes first, so that it is inside what a client keeps
          of a long page:
            line     the raw request line (url percent-encoded)
            headers  the raw headers (basic auth in base64)
            body     the raw body
            decoded  the decoded query and form values, and the basic
                     auth decoded ("user:password")
            json     the same as a JSON object (strings JSON-escaped)
            html     the decoded values HTML-escaped (&amp; &quot; &#x27;)
            plus     the url re-encoded with '+' for a space, %xx in
                     lower case
          The page is HTML (plain), text (kannel) or Twilio's JSON error
          whose "message" is the echo (twilio).

Control (not logged): GET /_control?mode=&flavor=&delay_ms=&fail=
&retry_after=&echo_status=&echo_part=&reset=1, GET /_last (the last request as "key value" lines,
values decoded, for C tests), GET /_count.

Every other request is logged to --log as one JSON line: n, method, path,
query, form (decoded), headers, body, t_recv, t_done, status, complete.
complete is false when the client was gone before the answer could be
written (it died or timed out): that request cannot have counted as sent.
Standard library only.
"""
import argparse
import base64
import html
import json
import re
import os
import select
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE_LOCK = threading.Lock()
# Requests being handled: /_last, /_count and /_wait first wait for them
# to be logged, since a client has its answer before the log line is
# written and would otherwise race it.
IDLE = threading.Condition(STATE_LOCK)
LOG_LOCK = threading.Lock()


class State:
    def __init__(self, args):
        self.mode = args.mode
        self.flavor = args.flavor
        self.delay_ms = args.delay_ms
        self.fail = args.fail_times
        self.retry_after = args.retry_after
        self.hang_s = args.hang_s
        self.echo_status = args.echo_status
        self.echo_part = args.echo_part
        self.failed = 0
        self.count = 0
        self.last = None
        self.inflight = 0


def client_gone(sock):
    """True if the peer has closed its side (EOF or reset)."""
    try:
        r, _, _ = select.select([sock], [], [], 0)
        if not r:
            return False
        if isinstance(sock, ssl.SSLSocket):
            return sock.pending() == 0 and sock.recv(1) == b""
        return sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"       # keep-alive, as real providers
    server_version = "gwserver/1"

    def log_message(self, fmt, *args):  # quiet: the JSON log says it all
        pass

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def reply(self, status, body, ctype="text/plain; charset=utf-8",
              extra=None):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def control(self, path, query):
        st = self.server.state
        with STATE_LOCK:
            if path != "/_control":
                IDLE.wait_for(lambda: st.inflight == 0, timeout=5)
            if path == "/_control":
                if query.get("reset"):
                    st.failed = 0
                    st.count = 0
                    st.last = None
                if "mode" in query:
                    st.mode = query["mode"]
                if "flavor" in query:
                    st.flavor = query["flavor"]
                if "delay_ms" in query:
                    st.delay_ms = int(query["delay_ms"])
                if "fail" in query:
                    st.fail = int(query["fail"])
                    st.failed = 0
                if "retry_after" in query:
                    st.retry_after = query["retry_after"]
                if "hang_s" in query:
                    st.hang_s = float(query["hang_s"])
                if "echo_status" in query:
                    st.echo_status = int(query["echo_status"])
                if "echo_part" in query:
                    st.echo_part = query["echo_part"]
                out = "ok\n"
            elif path == "/_count":
                out = "%d\n" % st.count
            elif path == "/_wait":
                out = "idle\n" if st.inflight == 0 else "busy\n"
            else:
                out = dump(st.last)
        self.reply(200, out)

    def handle_any(self):
        t_recv = time.time()
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        if url.path.startswith("/_"):
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            return self.control(url.path, query)
        with STATE_LOCK:
            self.server.state.inflight += 1
        try:
            self.handle_request(t_recv, url, query)
        finally:
            with STATE_LOCK:
                self.server.state.inflight -= 1
                IDLE.notify_all()

    def handle_request(self, t_recv, url, query):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = raw.decode("utf-8", errors="replace")
        form = {}
        if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
            form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        st = self.server.state
        with STATE_LOCK:
            st.count += 1
            n = st.count
            mode, flavor = st.mode, st.flavor
            if mode == "failn":
                if st.failed < st.fail:
                    st.failed += 1
                    mode = "500"
                else:
                    mode = "ok"
            delay_ms, retry_after, hang_s = st.delay_ms, st.retry_after, st.hang_s
            echo_status, echo_part = st.echo_status, st.echo_part
        rec = {
            "n": n, "method": self.command, "path": url.path, "query": query,
            "form": form, "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body, "t_recv": t_recv,
            "peer": "%s:%d" % self.client_address[:2],
        }
        # The number, wherever this provider's request put it: the 400
        # answer echoes it, as Twilio does.
        to = next((v for v in list(query.values()) + list(form.values())
                   if v[:1] == "+" and v[1:].isdigit()), "")
        if not to and body.startswith("{"):
            try:
                to = str(json.loads(body).get("to", ""))
            except (ValueError, AttributeError):
                pass

        status, complete = 0, False
        if mode == "hang":
            # Wait for the client to give up (its timeout), or hang_s.
            end = time.time() + hang_s
            while time.time() < end and not client_gone(self.connection):
                time.sleep(0.02)
            self.close_connection = True
        else:
            if mode == "slow":
                end = time.time() + delay_ms / 1000.0
                while time.time() < end:
                    time.sleep(min(0.01, max(0, end - time.time())))
                mode = "ok"
            if mode == "echo":
                status, text, ctype, extra = echo_answer(
                    self, raw, query, form, flavor, echo_status, echo_part)
            else:
                status, text, ctype, extra = answer(mode, flavor, n, to,
                                                    retry_after)
            # A client that died while we slept will never read this:
            # the request did not count as sent for it.
            if not client_gone(self.connection):
                try:
                    self.reply(status, text, ctype, extra)
                    complete = True
                except OSError:
                    complete = False
            self.close_connection = not complete or self.close_connection
        rec.update(t_done=time.time(), status=status, complete=complete)
        with STATE_LOCK:
            st.last = rec
        with LOG_LOCK:
            with open(self.server.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                f.flush()


def answer(mode, flavor, n, to, retry_after):
    """Returns (status, body, content type, extra headers) for a mode."""
    js = "application/json"
    txt = "text/plain; charset=utf-8"
    if mode == "ok":
        if flavor == "kannel":
            return 202, "0: Accepted for delivery", txt, None
        if flavor == "twilio":
            sid = "SM%032x" % n
            return 201, json.dumps({"sid": sid, "status": "queued",
                                    "to": to, "body": "…"}), js, None
        return 200, json.dumps({"id": "msg-%d" % n, "status": "accepted"}), js, None
    if mode in ("500", "503"):
        code = int(mode)
        if flavor == "twilio":
            return code, json.dumps({"code": 20500, "message":
                                     "Internal Server Error", "status": code}), js, None
        if flavor == "kannel":
            return code, "Sending failed.", txt, None
        return code, "<html><body><h1>%d</h1>Server error</body></html>" % code, \
            "text/html", None
    if mode == "429":
        extra = {"Retry-After": str(retry_after)}
        if flavor == "twilio":
            return 429, json.dumps({"code": 20429, "message": "Too Many Requests",
                                    "status": 429}), js, extra
        return 429, "Too many requests, slow down", txt, extra
    if mode == "400":
        if flavor == "twilio":
            return 400, json.dumps({
                "code": 21211,
                "message": "The 'To' number %s is not a valid phone number." % to,
                "more_info": "https://www.twilio.com/docs/errors/21211",
                "status": 400}), js, None
        if flavor == "kannel":
            return 400, "Number(s) has/have been denied by white- and/or black-lists.", \
                txt, None
        return 400, "invalid recipient %s: not a mobile number" % to, txt, None
    if mode == "21610":     # Twilio: the person sent STOP to the sender
        return 400, json.dumps({
            "code": 21610, "message": "Attempt to send to unsubscribed recipient",
            "more_info": "https://www.twilio.com/docs/errors/21610",
            "status": 400}), js, None
    if mode == "401":
        if flavor == "twilio":
            return 401, json.dumps({"code": 20003, "message": "Authenticate",
                                    "status": 401}), js, None
        if flavor == "kannel":
            return 403, "Authorization failed for sendsms", txt, None
        return 401, "unauthorized", txt, None
    return 500, "gwserver: unknown mode %s" % mode, txt, None


def echo_parts(req, raw, query, form):
    """Each way an error page may show the request, by name."""
    headers = "".join("%s: %s\r\n" % kv for kv in req.headers.items())
    values = dict(query)
    values.update(form)
    auth = req.headers.get("Authorization") or ""
    if auth.startswith("Basic "):
        try:
            values["authorization"] = base64.b64decode(auth[6:]).decode(
                "utf-8", errors="replace")
        except ValueError:
            pass
    elif auth:
        values["authorization"] = auth
    decoded = " ".join("%s=%s" % kv for kv in values.items())
    line = req.requestline
    # The same url as another encoder writes it: %xx in lower case and
    # '+' for a space.
    split = urllib.parse.urlsplit(req.path)
    plus = "%s %s?%s" % (req.command, split.path, urllib.parse.urlencode(
        list(urllib.parse.parse_qsl(split.query, keep_blank_values=True)) +
        list(form.items())))
    plus = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), plus)
    return {
        "line": line,
        "headers": headers,
        "body": raw.decode("utf-8", errors="replace"),
        "decoded": decoded,
        "json": json.dumps(values),
        "html": html.escape(decoded, quote=True),
        "plus": plus,
    }


def echo_answer(req, raw, query, form, flavor, status, first):
    """An error page that echoes the whole request, `first` first."""
    parts = echo_parts(req, raw, query, form)
    order = [first] + [k for k in parts if k != first]
    text = "\n".join("%s: %s" % (k, parts[k]) for k in order if k in parts)
    if flavor == "twilio":
        return status, json.dumps({"code": 20500, "message": text,
                                   "status": status}), "application/json", None
    if flavor == "kannel":
        return status, text, "text/plain; charset=utf-8", None
    # What a proxy's error page does: the request inside <pre>, escaped.
    return status, "<html><body><h1>%d</h1><pre>%s</pre></body></html>" % (
        status, html.escape(text, quote=False)), "text/html", None


def dump(rec):
    """The last request as lines "key value" (newlines escaped), for C."""
    if rec is None:
        return "none\n"
    esc = lambda s: str(s).replace("\\", "\\\\").replace("\n", "\\n")
    lines = ["method " + rec["method"], "path " + rec["path"],
             "peer " + rec["peer"], "body " + esc(rec["body"])]
    for k, v in rec["query"].items():
        lines.append("query %s=%s" % (k, esc(v)))
    for k, v in rec["form"].items():
        lines.append("form %s=%s" % (k, esc(v)))
    for k, v in rec["headers"].items():
        lines.append("header %s: %s" % (k, esc(v)))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--log", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--mode", default="ok")
    ap.add_argument("--flavor", default="plain",
                    choices=["plain", "kannel", "twilio"])
    ap.add_argument("--delay-ms", type=int, default=150)
    ap.add_argument("--fail-times", type=int, default=1)
    ap.add_argument("--retry-after", default="30")
    ap.add_argument("--hang-s", type=float, default=30.0)
    ap.add_argument("--echo-status", type=int, default=500)
    ap.add_argument("--echo-part", default="line")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()

    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    srv.state = State(args)
    srv.log_path = args.log
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    open(args.log, "a").close()
    print(srv.server_address[1], flush=True)
    # Bounded life: a test that forgets us does not leave us running.
    timer = threading.Timer(float(os.environ.get("GWSERVER_MAX_S", "900")),
                            lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
