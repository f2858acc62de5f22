#!/usr/bin/env python3
"""tests/soak/reminderd_soak.py - many reminders through the daemon, and
its memory and open files watched all along.

    reminderd_soak.py DAEMON_BIN TMPDIR [--reminders N] [--warmup-pct P]

N appointments (one reminder each: offset 24h, all due at the fixed
clock) are imported, then `msd-reminderd run --now "2026-12-01 10:00"`
(the daemon's own loop, as systemd runs it; the release build: the
sanitizers' allocator would hide or fake a leak) sends them through the
`http` gateway to a sink server on 127.0.0.1 (keep-alive, answers 200
with a provider id; [gateway] rate = 0).  RSS (VmRSS) and open file
descriptors are sampled every 0.25 s with the number of requests the
sink has answered, and the heap SQLite holds (the daemon's [health]
file, msd_reminderd_sqlite_memory_bytes).  The figures compared: when
P % (50) of the reminders have gone (the warm-up: the connection's
buffers, the statements), and when the last one has.  SQLite's page
cache, up to 16 MB with lib/db.c's cache_size, fills as the outbox is
read; at 100,000 reminders the database (28 MB) outgrows it and the
cache still grows after the warm-up, in steps of a few MB: that growth
is measured and set apart.  Passes when the rest of the RSS growth
between them is under 1 MB (1024 kB), SQLite's heap under 18 MB, 0
descriptors more,
every reminder reached the sink exactly once and is `sent` in the
database, and the daemon ends with exit 0 on SIGTERM.  Prints the
figures as bench/ does.

Exit 0 pass, 1 fail.  Standard library only.
"""
import argparse
import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

RSS_LIMIT_KB = 1024
# lib/db.c's cache_size (16 MB) and 2 MB for statements and SQLite's own.
SQLITE_LIMIT_KB = 18 * 1024
NOW = "2026-12-01 10:00"


def die(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


class Sink:
    """A keep-alive HTTP server in a thread of this process: 200 and a
    provider id for every request, counted, the numbers kept."""

    def __init__(self):
        self.count = 0
        self.numbers = {}
        self.port = None
        ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.run, args=(ready,), daemon=True).start()
        if not ready.wait(10):
            die("the sink server did not start")

    async def handle(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                n = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        n = int(line[15:])
                body = await reader.readexactly(n) if n else b""
                self.count += 1
                # to=NUMBER in the form body: one reminder, one number.
                for kv in body.split(b"&"):
                    if kv.startswith(b"to="):
                        self.numbers[kv] = self.numbers.get(kv, 0) + 1
                rid = b'{"id": "soak-%d"}' % self.count
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: "
                             b"application/json\r\nContent-Length: %d\r\n\r\n"
                             % len(rid) + rid)
        except (asyncio.IncompleteReadError, ConnectionError,
                asyncio.LimitOverrunError):
            pass
        writer.close()

    def run(self, ready):
        asyncio.set_event_loop(self.loop)

        async def start():
            srv = await asyncio.start_server(self.handle, "127.0.0.1", 0)
            self.port = srv.sockets[0].getsockname()[1]
            ready.set()
        self.loop.run_until_complete(start())
        self.loop.run_forever()


def sample(pid):
    rss = 0
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            if ln.startswith("VmRSS:"):
                rss = int(ln.split()[1])
    return rss, len(os.listdir("/proc/%d/fd" % pid))


def sqlite_kb(path):
    """msd_reminderd_sqlite_memory_bytes of the daemon's [health] file,
    in kB (0 before the first file)."""
    try:
        with open(path) as f:
            for ln in f:
                if ln.startswith("msd_reminderd_sqlite_memory_bytes "):
                    return int(float(ln.split()[1])) // 1024
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("daemon")
    ap.add_argument("tmp")
    ap.add_argument("--reminders", type=int, default=10000)
    ap.add_argument("--warmup-pct", type=int, default=50)
    a = ap.parse_args()
    n = a.reminders
    db = os.path.join(a.tmp, "soak.db")
    conf = os.path.join(a.tmp, "soak.ini")
    csv = os.path.join(a.tmp, "soak.csv")
    health = os.path.join(a.tmp, "health.prom")
    sink = Sink()
    with open(conf, "w") as f:
        f.write("[database]\npath = %s\n[gateway]\ntype = http\n"
                "url = http://127.0.0.1:%d/send\nrate = 0\ntimeout_s = 10\n"
                "[reminders]\noffsets = 24h\n"
                "[health]\nfile = %s\ninterval_s = 1\n"
                % (db, sink.port, health))
    with open(csv, "w") as f:
        f.write("rdv_id;date;heure;msd;telephone\n")
        for i in range(n):
            f.write("soak%07d;2026-12-02;9h%02d;chambery;06 %02d %02d %02d %02d\n"
                    % (i, i % 60, 10 + i // 1000000, i // 10000 % 100,
                       i // 100 % 100, i % 100))
    err = open(os.path.join(a.tmp, "daemon.log"), "w")
    t = time.monotonic()
    if subprocess.call([a.daemon, "-c", conf, "import", csv, "--now", NOW],
                       stdout=subprocess.DEVNULL, stderr=err) != 0:
        die("import failed: see %s" % err.name)
    t_import = time.monotonic() - t
    d = subprocess.Popen([a.daemon, "-c", conf, "run", "--now", NOW],
                         stdout=subprocess.DEVNULL, stderr=err)
    samples, base, end = [], None, None
    t0 = time.monotonic()
    deadline = t0 + max(120, n / 200)       # 200 msg/s at the very least
    try:
        while True:
            if d.poll() is not None:
                die("the daemon ended (exit %d): see %s" % (d.returncode,
                                                            err.name))
            got = sink.count
            s = (got,) + sample(d.pid) + (sqlite_kb(health),)
            samples.append(s)
            if base is None and got >= n * a.warmup_pct // 100:
                base = s
            if got >= n:
                time.sleep(0.5)     # the last rows' commit
                time.sleep(1.0)     # a [health] file after them
                end = (sink.count,) + sample(d.pid) + (sqlite_kb(health),)
                break
            if time.monotonic() > deadline:
                die("only %d of %d reminders sent in %.0f s" %
                    (got, n, time.monotonic() - t0))
            time.sleep(0.25)
        secs = time.monotonic() - t0
    finally:
        if d.poll() is None:
            d.send_signal(signal.SIGTERM)
            try:
                d.wait(30)
            except subprocess.TimeoutExpired:
                d.kill()
                d.wait()
    c = sqlite3.connect(db)
    sent = c.execute("SELECT count(*) FROM outbox WHERE state = 'sent'"
                     ).fetchone()[0]
    c.close()
    report(n, t_import, secs, samples, base, end, sink, sent, a.warmup_pct)
    ok = True
    if d.returncode != 0:
        ok = False
        print("FAIL: the daemon's exit status on SIGTERM: %d" % d.returncode)
    if sink.count != n or len(sink.numbers) != n or \
            max(sink.numbers.values()) != 1:
        ok = False
        print("FAIL: %d requests for %d numbers, %d reminders" %
              (sink.count, len(sink.numbers), n))
    if sent != n:
        ok = False
        print("FAIL: %d reminders sent in the database, %d expected" %
              (sent, n))
    # SQLite's page cache goes on filling after the warm-up when the
    # database outgrows it (28 MB at 100,000 reminders, 16 MB of cache):
    # a bounded step, counted apart from the growth a leak would make.
    net = (end[1] - base[1]) - max(0, end[3] - base[3])
    if net >= RSS_LIMIT_KB:
        ok = False
        print("FAIL: RSS grew by %d kB after the warm-up beyond SQLite's "
              "heap (limit %d)" % (net, RSS_LIMIT_KB))
    if end[3] >= SQLITE_LIMIT_KB:
        ok = False
        print("FAIL: SQLite holds %d kB, beyond its page cache's cap "
              "(limit %d)" % (end[3], SQLITE_LIMIT_KB))
    if end[2] != base[2]:
        ok = False
        print("FAIL: %+d open file descriptors after the warm-up" %
              (end[2] - base[2]))
    sys.exit(0 if ok else 1)


def report(n, t_import, secs, samples, base, end, sink, sent, pct):
    print("soak, daemon: %d reminders imported in %.1f s, sent in %.1f s "
          "(%.0f msg/s) to a sink on 127.0.0.1; %d requests, %d sent in "
          "the database" % (n, t_import, secs, n / secs, sink.count, sent))
    print("  %-34s %10s %8s %12s" % ("", "RSS (kB)", "open fds",
                                      "SQLite (kB)"))
    print("  %-34s %10d %8d %12d" % ("first sample (%d sent)" %
                                     samples[0][0], samples[0][1],
                                     samples[0][2], samples[0][3]))
    print("  %-34s %10d %8d %12d" % ("after warm-up (%d sent, %d %%)" %
                                     (base[0], pct), base[1], base[2],
                                     base[3]))
    print("  %-34s %10d %8d %12d" % ("at the end (%d sent)" % end[0],
                                     end[1], end[2], end[3]))
    later = [s for s in samples if s[0] >= base[0]] + [end]
    print("  %-34s %10d %8d %12d" % ("highest after warm-up",
                                     max(s[1] for s in later),
                                     max(s[2] for s in later),
                                     max(s[3] for s in later)))
    print("  growth after warm-up: RSS %+d kB, of which SQLite's heap "
          "%+d kB; the rest %+d kB (limit < %d), %+d fds (limit 0)" %
          (end[1] - base[1], end[3] - base[3],
           end[1] - base[1] - max(0, end[3] - base[3]), RSS_LIMIT_KB,
           end[2] - base[2]))
    step = max(1, len(samples) // 12)
    print("  samples (sent: RSS kB/fds/SQLite kB): " +
          " ".join("%d:%d/%d/%d" % s for s in samples[::step]), flush=True)


if __name__ == "__main__":
    main()
