#!/usr/bin/env python3
"""fakesmsc.py - the phone network end of Kannel's `smsc = fake` driver.

    python3 fakesmsc.py PORT OUT.jsonl [MO.txt]

Connects to bearerbox's fake SMSC port on 127.0.0.1 (retrying while
bearerbox starts), writes "connected" on stdout, then decodes every
message bearerbox delivers and appends it to OUT.jsonl as one JSON line:
{"from", "to", "coding" ("text", "data", "ucs-2"), "text", "parts"}.
Concatenated SMS (UDH 00 03 ref total seq) are put back together first,
so "text" is what the phone would show.  It plays the role of Kannel's
own test/fakesmsc program, which Debian does not ship in `kannel`.

With MO.txt, each line appended to that file ("SENDER RECEIVER text
DATA", the driver's own format) goes to bearerbox as a message from a
phone, so that replies reach Kannel's sms-service.

The line protocol (gw/smsc/smsc_fake.c): "SENDER RECEIVER TYPE DATA"
where TYPE is text (DATA raw), data (DATA URL-encoded octets), ucs-2
(URL-encoded UTF-16BE), or udh (URL-encoded UDH, then DATA URL-encoded;
Debian's 1.4.5 writes "udh UDH data DATA").
"""
import json
import socket
import sys
import threading
import time
import urllib.parse


def octets(s):
    """Kannel's octstr_url_encode writes a space as '+'."""
    return urllib.parse.unquote_to_bytes(s.replace("+", " "))


def decode(raw, ucs2):
    if ucs2:
        return raw.decode("utf-16-be", errors="replace")
    return raw.decode("utf-8", errors="replace")


def send_mo(s, path):
    """Sends each complete line appended to path (polled)."""
    done = 0
    while True:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            data = b""
        end = data.rfind(b"\n") + 1
        if end > done:
            s.sendall(data[done:end])
            done = end
        time.sleep(0.05)


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    deadline = time.time() + 30
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            break
        except OSError:
            if time.time() > deadline:
                print("fakesmsc: cannot connect to bearerbox", file=sys.stderr)
                return 1
            time.sleep(0.2)
    s.settimeout(None)
    if len(sys.argv) > 3:
        threading.Thread(target=send_mo, args=(s, sys.argv[3]),
                         daemon=True).start()
    print("connected", flush=True)
    parts = {}      # (sender, receiver, ref) -> {seq: bytes}
    for line in s.makefile("rb"):
        line = line.rstrip(b"\r\n").decode("latin-1")
        try:
            sender, receiver, kind, data = line.split(" ", 3)
        except ValueError:
            print("fakesmsc: bad line %r" % line, file=sys.stderr, flush=True)
            continue
        rec = {"from": sender, "to": receiver, "coding": kind, "parts": 1}
        if kind == "text":
            rec["text"] = data.encode("latin-1").decode("utf-8", errors="replace")
        elif kind in ("data", "ucs-2"):
            rec["text"] = decode(octets(data), kind == "ucs-2")
        elif kind == "udh":
            # "udh UDH BODY", or in Debian's 1.4.5 "udh UDH data BODY".
            f = data.split(" ", 2)
            if len(f) == 3 and f[1] in ("data", "text", "ucs-2"):
                udh_s, body_s = f[0], f[2]
            else:
                udh_s, body_s = f[0], " ".join(f[1:])
            udh, body = octets(udh_s), octets(body_s)
            # UDH length, then IE 00 (8-bit ref) or 08 (16-bit ref).
            ie, ref, total, seq = udh[1], None, 1, 1
            if ie == 0x00:
                ref, total, seq = udh[3], udh[4], udh[5]
            elif ie == 0x08:
                ref, total, seq = udh[3] << 8 | udh[4], udh[5], udh[6]
            key = (sender, receiver, ref)
            parts.setdefault(key, {})[seq] = body
            if len(parts[key]) < total:
                continue
            got = parts.pop(key)
            whole = b"".join(got.get(i, b"") for i in range(1, total + 1))
            # The line does not say the coding of UDH parts: UTF-16BE
            # of French text is full of NULs, UTF-8 never has one.
            ucs2 = len(whole) % 2 == 0 and b"\x00" in whole
            rec.update(coding="udh", parts=total, text=decode(whole, ucs2))
        else:
            rec["text"] = data
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
