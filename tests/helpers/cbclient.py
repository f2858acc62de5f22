#!/usr/bin/env python3
"""cbclient.py - plays a provider calling the daemon's callback listener.

    cbclient.py post URL TOKEN [--bad-sig] NAME=VALUE...
        POSTs the form signed as Twilio signs it (X-Twilio-Signature =
        base64(HMAC-SHA1(auth token, URL + each NAME VALUE sorted by
        NAME))); --bad-sig signs with another token.  Prints the status.
    cbclient.py get URL            GET, prints the status
    cbclient.py raw PORT BYTES     sends BYTES (a Python bytes literal,
                                   e.g. "b'POST / HTTP/1.1\\r\\n...'") and
                                   prints the status line's code
    cbclient.py flood PORT N PATH  N connections at once, each sends GET
                                   PATH; prints "STATUS COUNT" lines
                                   ("closed" for a connection refused or
                                   closed without an answer)
    cbclient.py storm PORT PATHS ACKED [THREADS]
                                   plays a provider sending many callbacks:
                                   GET each line of the file PATHS, from
                                   THREADS (8) keep-alive connections, and
                                   append to ACKED each line answered 2xx,
                                   at once (a test reads it while this
                                   runs).  A request that gets no answer
                                   (the daemon killed) is not retried;
                                   prints "acked N, not acked M"
"""
import base64
import hashlib
import hmac
import socket
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request


def twilio_signature(token, url, params):
    data = url + "".join(k + v for k, v in sorted(params))
    mac = hmac.new(token.encode(), data.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


def status_of(req):
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def storm(port, paths_file, acked_file, nthreads):
    import http.client
    paths = [l.strip() for l in open(paths_file) if l.strip()]
    lock = threading.Lock()
    counts = {"acked": 0, "not": 0}
    out = open(acked_file, "a")

    def one(share):
        conn = None
        for path in share:
            ok = False
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
                conn.request("GET", path)
                r = conn.getresponse()
                r.read()
                ok = 200 <= r.status < 300
            except (OSError, http.client.HTTPException):
                if conn is not None:
                    conn.close()
                conn = None
            with lock:
                if ok:
                    counts["acked"] += 1
                    out.write(path + "\n")
                    out.flush()
                else:
                    counts["not"] += 1
        if conn is not None:
            conn.close()
    ts = [threading.Thread(target=one, args=(paths[i::nthreads],))
          for i in range(nthreads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.close()
    print("acked %d, not acked %d" % (counts["acked"], counts["not"]))


def main():
    cmd = sys.argv[1]
    if cmd == "post":
        url, token = sys.argv[2], sys.argv[3]
        args = sys.argv[4:]
        bad = "--bad-sig" in args
        params = [tuple(a.split("=", 1)) for a in args if a != "--bad-sig"]
        sig = twilio_signature("not-" + token if bad else token, url, params)
        body = urllib.parse.urlencode(params).encode()
        req = urllib.request.Request(url, data=body, headers={
            "X-Twilio-Signature": sig,
            "Content-Type": "application/x-www-form-urlencoded"})
        print(status_of(req))
    elif cmd == "get":
        print(status_of(urllib.request.Request(sys.argv[2])))
    elif cmd == "raw":
        s = socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=20)
        s.sendall(eval(sys.argv[3]))
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        line = data.split(b"\r\n", 1)[0].split()
        print(line[1].decode() if len(line) > 1 else "closed")
    elif cmd == "flood":
        port, n, path = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        counts, lock = {}, threading.Lock()
        socks = []
        for _ in range(n):
            try:
                socks.append(socket.create_connection(("127.0.0.1", port), timeout=30))
            except OSError:
                with lock:
                    counts["closed"] = counts.get("closed", 0) + 1

        def one(s):
            code = "closed"
            try:
                s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                           % path).encode())
                data = s.recv(4096)
                parts = data.split(b"\r\n", 1)[0].split()
                if len(parts) > 1:
                    code = parts[1].decode()
            except OSError:
                pass
            s.close()
            with lock:
                counts[code] = counts.get(code, 0) + 1
        ts = [threading.Thread(target=one, args=(s,)) for s in socks]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        for k in sorted(counts):
            print(k, counts[k])
    elif cmd == "storm":
        storm(int(sys.argv[2]), sys.argv[3], sys.argv[4],
              int(sys.argv[5]) if len(sys.argv) > 5 else 8)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
