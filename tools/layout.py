#!/usr/bin/env python3
"""tools/layout.py [--check README.md]: the source tree, one line a file.

Without arguments, prints the architecture section of the README: for
each folder of lib/, reminder-daemon/ and kiosk/, each module (a .c and
its .h are one line) with the first sentence of its header comment
("pack.c - the content pack, read once into memory." gives "the
content pack, read once into memory").  Paste it into README.md between
the lines "<!-- layout -->" and "<!-- /layout -->".

With --update README.md, rewrites that section.  With --check
README.md, exits 1 naming every module the README's
section does not list, or lists but no longer exists: a newcomer must
find any behaviour in one hop.
"""
import os
import re
import sys

ROOTS = ["lib", "reminder-daemon", "kiosk"]
HEAD = re.compile(r"/\*\s*\n?\s*\*?\s*([\w./-]+)\s+-\s+(.*?)(?:\n\s*\*\s*\n|\*/)",
                  re.S)


def summary(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read(4000)
    m = HEAD.search(text)
    one = re.match(r"/\*\s*([^\n]*?)\s*\*/", text)
    if m:
        s = m.group(2)
    elif one:
        s = one.group(1)        # a one-line header: "/* What it is. */"
    else:
        return None
    s = " ".join(part.strip(" *") for part in s.splitlines())
    s = re.sub(r"\s+", " ", s).strip()
    # The first sentence: up to a full stop followed by a space and a
    # capital, or the end.
    cut = re.search(r"\.\s+[A-Z(]", s)
    if cut:
        s = s[:cut.start() + 1]
    # One line of the README: the sentence's first clause when it runs
    # long (the header has the rest, one hop away).
    if len(s) > 80:
        # The strongest boundary that leaves a clause of 25 to 80
        # characters: a colon or semicolon, then a comma, then a
        # parenthesis.
        for pattern in (r"[:;]", r", | - ", r" \("):
            cuts = [m.start() for m in re.finditer(pattern, s)
                    if 25 <= m.start() <= 80 and
                    s[:m.start()].count("(") == s[:m.start()].count(")")]
            if cuts:
                s = s[:cuts[-1]].rstrip(" ,")
                break
    if len(s) > 80:
        s = s[:s.rfind(" ", 0, 78)] + " ..."
    return s.rstrip(":")


def modules():
    out = []
    for root in ROOTS:
        for top, dirs, files in os.walk(root):
            dirs.sort()
            names = {}
            for f in sorted(files):
                base, ext = os.path.splitext(f)
                if ext in (".c", ".h"):
                    names.setdefault(base, []).append(ext)
            for base in sorted(names):
                exts = names[base]
                path = os.path.join(top, base)
                shown = path + (".c" if ".c" in exts else ".h")
                if exts == [".c", ".h"] or exts == [".h", ".c"]:
                    shown = path + ".[ch]"
                src = path + (".h" if ".h" in exts else ".c")
                out.append((top, shown, summary(src) or
                            summary(path + ".c") or "(no header comment)"))
    return out


def render():
    lines, last = [], None
    for top, shown, what in modules():
        if top != last:
            if last is not None:
                lines.append("")
            last = top
        name = shown
        lines.append(f"{name:<38} {what}")
    return "\n".join(lines)


def check(readme):
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- layout -->(.*?)<!-- /layout -->", text, re.S)
    if not m:
        print(f"{readme}: no section between <!-- layout --> and"
              " <!-- /layout -->: paste `python3 tools/layout.py` there",
              file=sys.stderr)
        return 1
    listed = set(re.findall(r"^((?:lib|kiosk|reminder-daemon)/\S+)",
                            m.group(1), re.M))
    have = {shown for _, shown, _ in modules()}
    missing = sorted(have - listed)
    gone = sorted(listed - have)
    for p in missing:
        print(f"{readme}: the layout does not list {p}")
    for p in gone:
        print(f"{readme}: the layout lists {p}, which does not exist")
    if missing or gone:
        print("run `python3 tools/layout.py` and paste its output into"
              f" {readme}'s layout section", file=sys.stderr)
        return 1
    print(f"{readme}: the layout lists all {len(have)} modules")
    return 0


def update(readme):
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    new, n = re.subn(r"(<!-- layout -->\n```\n).*?(\n```\n<!-- /layout -->)",
                     lambda m: m.group(1) + render() + m.group(2), text,
                     flags=re.S)
    if n != 1:
        print(f"{readme}: no layout section to update", file=sys.stderr)
        return 1
    with open(readme, "w", encoding="utf-8") as f:
        f.write(new)
    return check(readme)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) == 3 and sys.argv[1] == "--update":
        sys.exit(update(sys.argv[2]))
    if len(sys.argv) != 1:
        print("usage: tools/layout.py [--check|--update README.md]", file=sys.stderr)
        sys.exit(2)
    print(render())
