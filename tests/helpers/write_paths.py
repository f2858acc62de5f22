#!/usr/bin/env python3
"""write_paths.py STRACE_LOG ALLOWED_DIR...: every path that the traced
processes wrote to, created, renamed, linked or removed, and exit 1 if one
lies outside the ALLOWED_DIRs (and /dev, /proc).

The log comes from `strace -f -y -e trace=%file,%process,chdir,fchdir`.
Relative paths are resolved against the process's working directory,
which is followed through chdir and inherited across fork/clone; with -y,
strace also prints "AT_FDCWD</dir>" and "3</dir>" for directory fds and
"= 3</path>" for the file a successful open returned."""
import os
import re
import sys

WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC")
line_re = re.compile(r'^(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+|\?)(.*)$')
str_re = re.compile(r'"((?:[^"\\]|\\.)*)"')
fd_re = re.compile(r'(?:AT_FDCWD|\d+)<([^>]*)>')


def args_of(s):
    """Split the argument text at top-level commas."""
    out, depth, cur, q = [], 0, "", False
    i = 0
    while i < len(s):
        c = s[i]
        if q:
            cur += c
            if c == "\\" and i + 1 < len(s):
                cur += s[i + 1]
                i += 1
            elif c == '"':
                q = False
        elif c == '"':
            q, cur = True, cur + c
        elif c in "[{(<":
            depth, cur = depth + 1, cur + c
        elif c in "]})>":
            depth, cur = depth - 1, cur + c
        elif c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    if cur.strip():
        out.append(cur.strip())
    return out


def unq(a):
    m = str_re.fullmatch(a)
    return m.group(1).encode().decode("unicode_escape") if m else None


def main():
    log, allowed = sys.argv[1], [os.path.realpath(d) for d in sys.argv[2:]]
    allowed += ["/dev", "/proc"]
    cwd = {}
    pending = {}		# "<unfinished ...>" lines, by pid
    written = set()

    def resolve(pid, dirarg, path):
        if path.startswith("/"):
            return os.path.normpath(path)
        base = None
        if dirarg is not None:
            m = fd_re.fullmatch(dirarg)
            if m:
                base = m.group(1)
        if base is None:
            base = cwd.get(pid)
        if base is None:
            return "?/" + path
        return os.path.normpath(os.path.join(base, path))

    for raw in open(log, errors="replace"):
        raw = raw.rstrip("\n")
        m0 = re.match(r'^(\d+)\s+(.*)$', raw)
        if not m0:
            continue
        pid, rest = m0.group(1), m0.group(2)
        if rest.endswith("<unfinished ...>"):
            pending[pid] = rest[: -len("<unfinished ...>")].rstrip()
            continue
        r = re.match(r'^<\.\.\. \w+ resumed>(.*)$', rest)
        if r:
            rest = pending.pop(pid, "") + r.group(1)
        m = line_re.match(pid + " " + rest)
        if not m:
            continue
        _, call, argtext, ret, tail = m.groups()
        a = args_of(argtext)
        ok = ret not in ("-1", "?")
        for fd in fd_re.finditer(argtext):	# what AT_FDCWD says is cwd
            if fd.group(0).startswith("AT_FDCWD"):
                cwd[pid] = fd.group(1)
        if call in ("clone", "clone3", "fork", "vfork") and ok:
            cwd[ret] = cwd.get(pid)
            continue
        if call == "chdir" and ok:
            cwd[pid] = resolve(pid, None, unq(a[0]) or "")
            continue
        if call == "fchdir" and ok:
            f = fd_re.fullmatch(a[0])
            if f:
                cwd[pid] = f.group(1)
            continue
        targets = []
        if call in ("open", "creat"):
            flags = a[1] if len(a) > 1 else ""
            if call == "creat" or any(f in flags for f in WRITE_FLAGS):
                targets.append((None, a[0]))
        elif call == "openat":
            if any(f in a[2] for f in WRITE_FLAGS):
                targets.append((a[0], a[1]))
        elif call in ("mkdir", "rmdir", "unlink", "truncate"):
            if ok or call == "truncate":
                targets.append((None, a[0]))
        elif call in ("mkdirat", "unlinkat"):
            if ok:
                targets.append((a[0], a[1]))
        elif call in ("rename", "link", "symlink"):
            targets.append((None, a[1]))
            if call == "rename":
                targets.append((None, a[0]))
        elif call in ("renameat", "renameat2", "linkat"):
            targets.append((a[2], a[3]))
            if call != "linkat":
                targets.append((a[0], a[1]))
        elif call == "symlinkat":
            targets.append((a[1], a[2]))
        for d, p in targets:
            path = unq(p)
            if path is None:
                continue
            written.add(resolve(pid, d, path))

    outside = sorted(p for p in written
                     if not any(p == d or p.startswith(d + "/")
                                for d in allowed))
    for p in sorted(written):
        print(("OUTSIDE " if p in outside else "inside  ") + p)
    if outside:
        print("%d path(s) written outside %s" % (len(outside), allowed))
        return 1
    print("%d path(s) written, all inside %s" % (len(written), allowed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
