#!/usr/bin/env python3
"""tests/soak/kiosk_soak.py - a scripted visitor at the kiosk for a long
while, and the kiosk's memory and open files watched all along.

    kiosk_soak.py KIOSK_BIN ROOT TMPDIR [--actions N] [--warmup N]
                  [--seed S] [--sample-every N]

The kiosk (the release build: AddressSanitizer's quarantine would hide
or fake a leak) runs in a 1280x800 window on an Xvfb of our own, with
the real content (assets/content, or tests/fixtures/content-ok when it
does not build), or with --content fixture the fixture's few pages, which
a short warm-up covers.  The visitor, driven by xdotool with a fixed seed,
reads the page from --state-file and does what a person does there: taps
a button (page changes, back, home, the feedback questions: answers and
"Passer"), drags the page up or down (scrolls), taps a glossary word and
closes its popup, uses Tab/Enter/Escape, and now and then walks away
until the idle countdown sends the kiosk home.  One input is one action.

RSS (VmRSS of /proc/PID/status) and open file descriptors (/proc/PID/fd)
are sampled every --sample-every actions.  The figures compared are taken
at the same place, home after an idle reset, at the end of the warm-up
(--warmup actions: every kind of page seen, the caches filled) and at the
end.  Passes when the growth between them is under 1 MB (1024 kB) and 0
descriptors, the kiosk is alive and answered throughout, and the visitor
did every kind of thing.  Prints the figures as bench/ does.

Exit 0 pass, 1 fail, 77 skip (no Xvfb or xdotool).  Standard library only.
"""
import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import time

W, H = 1280, 800
RSS_LIMIT_KB = 1024
IDLE_S, COUNTDOWN_S = 2, 1
MSD = "chambery"


TRAIL = []     # the last inputs, for a failure's message


def die(msg):
    print("FAIL: " + msg, flush=True)
    print("  the last inputs: " + "; ".join(TRAIL[-12:]), flush=True)
    sys.exit(1)


class Xvfb:
    def __init__(self, tmp):
        self.proc = None
        for n in range(300, 360):
            if os.path.exists("/tmp/.X%d-lock" % n) or \
                    os.path.exists("/tmp/.X11-unix/X%d" % n):
                continue
            log = open(os.path.join(tmp, "xvfb.log"), "w")
            self.proc = subprocess.Popen(
                ["Xvfb", ":%d" % n, "-screen", "0", "%dx%dx24" % (W, H),
                 "-nolisten", "tcp"], stdout=log, stderr=log)
            self.display = ":%d" % n
            for _ in range(50):
                if self.proc.poll() is not None:
                    break
                if subprocess.call(["xdotool", "getdisplaygeometry"],
                                   env=dict(os.environ, DISPLAY=self.display),
                                   stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL) == 0:
                    return
                time.sleep(0.1)
            self.stop()
        die("cannot start Xvfb")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
        self.proc = None


class Kiosk:
    """The kiosk process, its state file and its pages' layouts."""

    def __init__(self, binary, tmp, pack, env):
        self.bin, self.tmp, self.pack, self.env = binary, tmp, pack, env
        self.state = os.path.join(tmp, "state")
        self.layouts = {}
        conf = os.path.join(tmp, "kiosk.ini")
        with open(conf, "w") as f:
            f.write("[kiosk]\nidle_s = %d\ncountdown_s = %d\n[stats]\n"
                    "path = %s/stats.db\n" % (IDLE_S, COUNTDOWN_S, tmp))
        self.log = open(os.path.join(tmp, "kiosk.log"), "w")
        self.proc = subprocess.Popen(
            [binary, "-c", conf, "--content", pack, "--msd", MSD,
             "--windowed", "%dx%d" % (W, H), "--dpi", "96",
             "--state-file", self.state], env=env, stdout=self.log,
            stderr=self.log)
        if not self.wait(lambda p: p == "home", 30):
            die("the kiosk did not show home: " + self.log_tail())
        out = subprocess.run(["xdotool", "search", "--sync", "--name",
                              "^msd-kiosk$"], env=env, capture_output=True,
                             text=True, timeout=30).stdout.split()
        if not out:
            die("no kiosk window")
        self.win = out[0]
        subprocess.call(["xdotool", "windowfocus", "--sync", self.win],
                        env=env, stderr=subprocess.DEVNULL)

    def log_tail(self):
        self.log.flush()
        with open(self.log.name) as f:
            return "".join(f.readlines()[-5:])

    def read(self):
        """(page line, scroll) from the state file."""
        try:
            with open(self.state) as f:
                lines = f.read().split("\n")
        except OSError:
            return "", 0
        scroll = 0
        for ln in lines[1:]:
            if ln.startswith("scroll="):
                try:
                    scroll = int(ln[7:])
                except ValueError:
                    pass
        return lines[0], scroll

    def page(self):
        return self.read()[0]

    def wait(self, ok, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                die("the kiosk ended (exit %s): %s" % (self.proc.returncode,
                                                       self.log_tail()))
            if ok(self.page()):
                return True
            time.sleep(0.02)
        return False

    def wait_stable(self, secs=5):
        prev, end = None, time.monotonic() + secs
        while time.monotonic() < end:
            cur = self.read()
            if cur == prev:
                return
            prev = cur
            time.sleep(0.15)

    def layout(self, page):
        """{kind: [(id, x, y, w, h)]} of page at scroll 0, from the same
        program's --layout-report."""
        if page not in self.layouts:
            rep = os.path.join(self.tmp, "layout.txt")
            subprocess.run([self.bin, "--content", self.pack, "--msd", MSD,
                            "--windowed", "%dx%d" % (W, H), "--dpi", "96",
                            "--page", page, "--screenshot",
                            os.path.join(self.tmp, "layout.png"),
                            "--layout-report", rep],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60)
            boxes = {}
            try:
                with open(rep) as f:
                    for ln in f:
                        p = ln.split()
                        if len(p) >= 6 and p[0] in ("button", "link",
                                                    "scroll"):
                            boxes.setdefault(p[0], []).append(
                                (p[1],) + tuple(int(v) for v in p[2:6]))
            except (OSError, ValueError):
                pass
            self.layouts[page] = boxes
        return self.layouts[page]

    def sample(self):
        """(RSS in kB, open fds) of the kiosk."""
        pid = self.proc.pid
        rss = 0
        with open("/proc/%d/status" % pid) as f:
            for ln in f:
                if ln.startswith("VmRSS:"):
                    rss = int(ln.split()[1])
        return rss, len(os.listdir("/proc/%d/fd" % pid))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


class Visitor:
    def __init__(self, k, seed):
        self.k = k
        self.rnd = random.Random(seed)
        self.actions = 0
        self.did = dict.fromkeys(["page changes", "scrolls",
                                  "glossary popups", "feedback answers",
                                  "keys", "idle resets"], 0)

    def xdo(self, *args):
        self.actions += 1
        TRAIL.append("%d %s [%s]" % (self.actions, " ".join(
            a for a in args if a not in ("--window", self.k.win)),
            self.k.page()))
        subprocess.run(["xdotool"] + list(args), env=self.k.env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=30)

    def tap(self, x, y):
        self.xdo("mousemove", "--window", self.k.win, str(x), str(y),
                 "click", "1")

    def visible(self, box, page_top=79):
        _, x, y, w, h = box
        return y >= page_top and y + h <= H

    def tap_button(self, base, scroll):
        buttons = [b for b in self.k.layout(base).get("button", [])
                   if b[0].startswith("bar:") or
                   (scroll == 0 and self.visible(b))]
        if not buttons:
            return False
        b = self.rnd.choice(buttons)
        before = self.k.page()
        self.tap(b[1] + b[3] // 2, b[2] + b[4] // 2)
        if self.k.wait(lambda p: p != before, 1):
            self.did["page changes"] += 1
            if b[0].startswith("feedback:") and b[0] != "feedback:skip":
                self.did["feedback answers"] += 1
        return True

    def drag(self, base):
        sc = self.k.layout(base).get("scroll", [])
        if not sc:
            return False
        _, x, y, w, h = sc[0]
        cx = x + w // 2 + self.rnd.randint(-200, 200)
        up = self.rnd.random() < 0.7
        y0 = y + h - 60 if up else y + 60
        step = -40 if up else 40
        self.xdo("mousemove", "--window", self.k.win, str(cx), str(y0),
                 "mousedown", "1")
        for i in range(1, 9):
            subprocess.run(["xdotool", "mousemove", "--window", self.k.win,
                            str(cx), str(y0 + i * step)], env=self.k.env,
                           timeout=30)
            time.sleep(0.015)
        self.xdo("mouseup", "1")
        self.k.wait_stable(3)
        self.did["scrolls"] += 1
        return True

    def glossary(self, base, scroll):
        links = [b for b in self.k.layout(base).get("link", [])
                 if scroll == 0 and self.visible(b)]
        if not links:
            return False
        b = self.rnd.choice(links)
        self.tap(b[1] + b[3] // 2, b[2] + b[4] // 2)
        if self.k.wait(lambda p: " gloss:" in p, 2):
            self.did["glossary popups"] += 1
        return True

    def keys(self):
        if self.rnd.random() < 0.4:
            self.xdo("key", "Escape")
        else:
            for _ in range(self.rnd.randint(1, 4)):
                self.xdo("key", "Tab")
            self.xdo("key", "Return")
        self.did["keys"] += 1
        self.k.wait_stable(2)

    def idle_reset(self):
        """Leaves home if there, then waits for the countdown and the
        reset: the kiosk home, at the top, nothing focused."""
        if self.k.page() == "home":
            b = dict((x[0], x) for x in self.k.layout("home")["button"])
            b = b["home:rights"]
            self.tap(b[1] + b[3] // 2, b[2] + b[4] // 2)
            self.k.wait(lambda p: p != "home", 2)
        if not self.k.wait(lambda p: " countdown:" in p,
                           IDLE_S + COUNTDOWN_S + 10):
            die("no idle countdown (page %r)" % self.k.page())
        if not self.k.wait(lambda p: p == "home",
                           COUNTDOWN_S + 10):
            die("no idle reset (page %r)" % self.k.page())
        self.did["idle resets"] += 1
        time.sleep(0.3)

    def step(self):
        page, scroll = self.k.read()
        base = page.split(" ")[0]
        if " countdown:" in page:
            # Still there: a touch says so (and presses nothing).
            self.tap(W // 2, H // 2)
            self.k.wait(lambda p: " countdown:" not in p, 2)
            return
        if " languages" in page:
            # The list of languages: one chosen, or Escape.
            if self.rnd.random() < 0.5:
                self.xdo("key", "Escape")
            else:
                self.tap(W // 2, H // 2)
            self.k.wait_stable(2)
            return
        if " gloss:" in page:
            if self.rnd.random() < 0.5:
                self.xdo("key", "Escape")
            else:
                self.tap(W // 2, 40)    # outside the popup
            self.k.wait(lambda p: " gloss:" not in p, 2)
            return
        r = self.rnd.random()
        # A word on a light-blue background draws the eye.
        if r < 0.3 and self.glossary(base, scroll):
            return
        if base == "home" and r < 0.25:
            b = dict((x[0], x) for x in self.k.layout("home")["button"])
            b = b.get("home:feedback")
            if b:
                self.tap(b[1] + b[3] // 2, b[2] + b[4] // 2)
                self.k.wait(lambda p: p != "home", 2)
                return
        if r < 0.55 and self.tap_button(base, scroll):
            return
        if r < 0.72 and self.drag(base):
            return
        if r < 0.87 and self.glossary(base, scroll):
            return
        if r < 0.95:
            self.keys()
            return
        if not self.tap_button(base, scroll):
            self.keys()


def build_pack(binary, root, tmp, content):
    pack = os.path.join(tmp, "pack.db")
    pictos = os.path.join(root, "assets/content/pictos.csv")
    srcs = ["tests/fixtures/content-ok"]
    if content == "real":
        srcs.insert(0, "assets/content")
    for src in srcs:
        if subprocess.call([binary, "content", "build",
                            os.path.join(root, src), "-o", pack,
                            "--pictos", pictos],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) == 0:
            return pack, src
    die("cannot build a content pack")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kiosk")
    ap.add_argument("root")
    ap.add_argument("tmp")
    ap.add_argument("--actions", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=0,
                    help="default: half of the actions")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--content", choices=["real", "fixture"], default="real",
                    help="assets/content (falls back to the fixture) or "
                    "tests/fixtures/content-ok, whose few pages a short "
                    "warm-up covers")
    ap.add_argument("--sample-every", type=int, default=50)
    ap.add_argument("--idle-every", type=int, default=100,
                    help="an idle reset every N actions (100)")
    a = ap.parse_args()
    for t in ("Xvfb", "xdotool"):
        if shutil.which(t) is None:
            print("%s missing" % t)
            sys.exit(77)
    warm = a.warmup or a.actions // 2
    idle_every = a.idle_every
    pack, src = build_pack(a.kiosk, a.root, a.tmp, a.content)
    x = Xvfb(a.tmp)
    env = dict(os.environ, DISPLAY=x.display, SDL_VIDEODRIVER="x11",
               SDL_RENDER_DRIVER="software", SDL_FRAMEBUFFER_ACCELERATION="0",
               TZ="Europe/Paris")
    k = None
    try:
        k = Kiosk(a.kiosk, a.tmp, pack, env)
        v = Visitor(k, a.seed)
        samples = [(0,) + k.sample()]
        base = end = None
        t0 = time.monotonic()
        next_sample, next_idle = a.sample_every, idle_every
        while v.actions < a.actions:
            if base is None and v.actions >= warm:
                v.idle_reset()
                base = (v.actions,) + k.sample()
            if v.actions >= next_idle:
                v.idle_reset()
                next_idle += idle_every
            v.step()
            if v.actions >= next_sample:
                samples.append((v.actions,) + k.sample())
                next_sample += a.sample_every
        v.idle_reset()
        end = (v.actions,) + k.sample()
        secs = time.monotonic() - t0
        rc = k.stop()
    finally:
        if k:
            k.stop()
        x.stop()
    report(a, src, v, samples, base, end, secs, warm)
    ok = True
    if rc != 0:
        ok = False
        print("FAIL: the kiosk's exit status on SIGTERM: %s" % rc)
    growth, dfd = end[1] - base[1], end[2] - base[2]
    if growth >= RSS_LIMIT_KB:
        ok = False
        print("FAIL: RSS grew by %d kB after the warm-up (limit %d)" %
              (growth, RSS_LIMIT_KB))
    if dfd != 0:
        ok = False
        print("FAIL: %+d open file descriptors after the warm-up" % dfd)
    for what, n in v.did.items():
        if n == 0:
            ok = False
            print("FAIL: the visitor did no %s" % what)
    if v.did["page changes"] < a.actions // 10:
        ok = False
        print("FAIL: only %d page changes" % v.did["page changes"])
    sys.exit(0 if ok else 1)


def report(a, src, v, samples, base, end, secs, warm):
    print("soak, kiosk: %d actions in %.0f s (%.0f ms each), content %s, "
          "seed %d" % (v.actions, secs, 1000 * secs / max(1, v.actions), src,
                       a.seed))
    print("  the visitor did: " + ", ".join("%d %s" % (n, w)
                                            for w, n in v.did.items()))
    print("  %-34s %10s %8s" % ("", "RSS (kB)", "open fds"))
    print("  %-34s %10d %8d" % ("at the start", samples[0][1], samples[0][2]))
    print("  %-34s %10d %8d" % ("after warm-up (%d actions), home" % base[0],
                                base[1], base[2]))
    print("  %-34s %10d %8d" % ("at the end (%d actions), home" % end[0],
                                end[1], end[2]))
    later = [s for s in samples if s[0] >= base[0]] + [end]
    print("  %-34s %10d %8d" % ("highest after warm-up",
                                max(s[1] for s in later),
                                max(s[2] for s in later)))
    print("  growth after warm-up: %+d kB (limit < %d), %+d fds (limit 0)" %
          (end[1] - base[1], RSS_LIMIT_KB, end[2] - base[2]))
    print("  samples (action: RSS kB/fds): " +
          " ".join("%d:%d/%d" % s for s in samples), flush=True)


if __name__ == "__main__":
    main()
