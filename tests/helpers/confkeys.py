#!/usr/bin/env python3
"""The config keys the programs read, and those dist/*.ini give.

  confkeys.py code ROOT        every "section key" the C sources of
                               kiosk/, reminder-daemon/ and lib/ name in a
                               call such as config_int(c, "kiosk", "idle_s"
                               (any call whose two string arguments are a
                               section and a key, so that a helper such as
                               parse_duration_key(cfg, "reminders",
                               "min_notice", ...) is found too)
  confkeys.py ini FILE...      every "section key" the files set or show
                               commented out ("# key = value"); [msd.CODE]
                               sections are given as msd.*
"""
import glob
import os
import re
import sys

SECTIONS = ("database", "gateway", "reminders", "import", "health",
            "callbacks", "kiosk", "sync", "stats", "report", "msd")
PAIR = re.compile(r'\(\s*[A-Za-z_>.-]+\s*,\s*"([a-z.]+)"\s*,\s*"([a-z_]+)"')


def code(root):
    keys = set()
    for d in ("kiosk", "reminder-daemon", "lib"):
        for f in glob.glob(os.path.join(root, d, "**", "*.c"), recursive=True):
            text = open(f, encoding="utf-8").read()
            for sec, key in PAIR.findall(text):
                if sec in SECTIONS:
                    keys.add((sec, key))
            # lib/url_policy reads allow_insecure_http of the section
            # it is given.
            for sec in re.findall(r'url_policy_check\(\s*\w+\s*,\s*"([a-z]+)"', text):
                keys.add((sec, "allow_insecure_http"))
            # [msd.CODE] keys are read with the section in a variable.
            for key in re.findall(r'config_get\(\s*mc->cfg\s*,\s*sec\s*,\s*"([a-z_]+)"', text):
                keys.add(("msd.*", key))
    return keys


def ini(files):
    keys = set()
    for f in files:
        sec = None
        for line in open(f, encoding="utf-8"):
            m = re.match(r"\s*\[([a-z.-]+)\]", line)
            if m:
                sec = "msd.*" if m.group(1).startswith("msd.") else m.group(1)
                continue
            if sec is None:
                continue
            m = re.match(r"\s*([a-z_]+)\s*=", line)
            if m:
                keys.add((sec, m.group(1)))
            elif line.lstrip().startswith("#"):
                # Commented examples, several a line: "#   a = 1   b = 2".
                for k in re.findall(r"(?:^#\s*|\s{2,})([a-z_]+) = ", line):
                    keys.add((sec, k))
    return keys


if __name__ == "__main__":
    ks = code(sys.argv[2]) if sys.argv[1] == "code" else ini(sys.argv[2:])
    for s, k in sorted(ks):
        print(s, k)
