#!/usr/bin/env python3
"""A stand-in for systemd's NOTIFY_SOCKET: a unix datagram socket that
logs each message it receives, one JSON line per datagram, with the
time it came (monotonic seconds), so that a test can see READY=1,
STATUS= and the WATCHDOG=1 pings (and when they stop).

  notifysock.py PATH LOG     PATH: a file path, or @name for an abstract
                             socket; prints "ready" once bound
It ends itself after NOTIFYSOCK_MAX_S seconds (default 300) in case the
test that started it is killed.
"""
import json
import os
import socket
import sys
import time


def main():
    path, log = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    addr = "\0" + path[1:] if path.startswith("@") else path
    s.bind(addr)
    end = time.monotonic() + float(os.environ.get("NOTIFYSOCK_MAX_S", "300"))
    print("ready", flush=True)
    with open(log, "a", buffering=1) as out:
        while time.monotonic() < end:
            s.settimeout(max(0.1, end - time.monotonic()))
            try:
                data = s.recv(4096)
            except socket.timeout:
                continue
            out.write(json.dumps({"t": time.monotonic(),
                                  "msg": data.decode("utf-8", "replace")})
                      + "\n")


if __name__ == "__main__":
    main()
