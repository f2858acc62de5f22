#!/usr/bin/env python3
"""tools/include_cycles.py [DIR...]: fails on a circle of #includes.

A file and its header are one module (kiosk/screens/pin.c and
pin.h are "kiosk/screens/pin").  Module A depends on module B when
A's .c or .h includes B's header.  A circle (A needs B, B needs A, or a
longer ring) means neither can be read, tested or replaced alone: this
prints every circle, shortest path first, and exits 1.  With no circle
it prints the number of modules and dependencies and exits 0.

Headers are resolved the way the Makefile's -I flags do: first beside the
including file, then in lib/, kiosk/ and reminder-daemon/.  System
headers (<...>) and generated files are not modules.
"""
import os
import re
import sys

ROOTS = ["lib", "kiosk", "reminder-daemon"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(dirs):
    for d in dirs:
        for top, _, files in os.walk(d):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.normpath(os.path.join(top, f))


def resolve(including, name):
    for base in [os.path.dirname(including)] + ROOTS:
        p = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(p):
            return p
    return None


def module(path):
    return os.path.splitext(path)[0]


def graph(dirs):
    deps = {}
    for f in sources(dirs):
        m = module(f)
        deps.setdefault(m, set())
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        for name in INCLUDE.findall(text):
            target = resolve(f, name)
            if target is None:
                continue        # generated, or not ours
            t = module(target)
            if t != m:
                deps[m].add(t)
    return deps


def cycles(deps):
    """Strongly connected components of more than one module (Tarjan),
    each shown as one shortest ring through its first member."""
    index, low, stack, on, comps = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(deps.get(v, ())):
            if w not in deps:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(deps):
        if v not in index:
            visit(v)
    rings = []
    for comp in comps:
        members = set(comp)
        start = comp[0]
        # Breadth-first from start back to start, inside the component.
        prev, frontier, ring = {start: None}, [start], None
        while frontier and ring is None:
            nxt = []
            for v in frontier:
                for w in sorted(deps[v] & members):
                    if w == start:
                        path = [v]
                        while prev[path[-1]] is not None:
                            path.append(prev[path[-1]])
                        ring = list(reversed(path)) + [start]
                        break
                    if w not in prev:
                        prev[w] = v
                        nxt.append(w)
                if ring:
                    break
            frontier = nxt
        rings.append((comp, ring))
    return rings


def main(argv):
    dirs = argv[1:] or ROOTS
    for d in dirs:
        if not os.path.isdir(d):
            print(f"{argv[0]}: no folder '{d}': run it from the top of the"
                  " source tree", file=sys.stderr)
            return 2
    deps = graph(dirs)
    rings = cycles(deps)
    if not rings:
        n = sum(len(v) for v in deps.values())
        print(f"no include circle: {len(deps)} modules, {n} dependencies")
        return 0
    for comp, ring in rings:
        print("include circle: " + " -> ".join(ring))
        if len(comp) > len(ring) - 1:
            print("  (the same knot also holds: "
                  + ", ".join(m for m in comp if m not in ring) + ")")
    sys.stdout.flush()
    print(f"{len(rings)} circle(s): a module must not need, through its"
          " includes, a module that needs it; move what both need into a"
          " third one, or pass a function pointer", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
