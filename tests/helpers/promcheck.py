#!/usr/bin/env python3
"""Checks a file in the Prometheus text exposition format (0.0.4), as
node_exporter's textfile collector would read it, and prints values.

  promcheck.py FILE                 check; print "ok N samples"
  promcheck.py FILE SERIES...       check; print each series' value, one
                                    a line ("name" or 'name{k="v"}', labels
                                    in the order written, or a name alone
                                    for its only sample; "-" if absent)
  promcheck.py FILE --label NAME KEY  the value of label KEY of the first
                                    sample of NAME
Checked: every line is a comment or a sample; # HELP and # TYPE come once
per family, before its samples, with a known type; names and label names
are valid; label values are properly quoted and escaped; values are
numbers (NaN and +Inf/-Inf allowed); a series is not given twice; the
file ends with a newline.  Exit 1 with the line at fault.
"""
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
TYPES = {"counter", "gauge", "summary", "histogram", "untyped"}


def die(n, line, why):
    sys.exit("%s:%d: %s: %r" % (sys.argv[1], n, why, line))


def parse_labels(s, n, line):
    """s starts after '{'; returns (list of (k, v), rest after '}')."""
    out, i = [], 0
    while True:
        if s[i:i + 1] == "}":
            return out, s[i + 1:]
        m = re.match(LABEL + "=\"", s[i:])
        if not m:
            die(n, line, "bad label")
        key = m.group(0)[:-2]
        i += m.end()
        val = ""
        while True:
            if i >= len(s):
                die(n, line, "unterminated label value")
            c = s[i]
            if c == "\\":
                nxt = s[i + 1:i + 2]
                if nxt not in ("\\", "\"", "n"):
                    die(n, line, "bad escape in a label value")
                val += {"\\": "\\", "\"": "\"", "n": "\n"}[nxt]
                i += 2
            elif c == "\"":
                i += 1
                break
            elif c == "\n":
                die(n, line, "newline in a label value")
            else:
                val += c
                i += 1
        out.append((key, val))
        if s[i:i + 1] == ",":
            i += 1


def family_of(name, types):
    if name in types:
        return name
    for suf in ("_sum", "_count", "_bucket"):
        if name.endswith(suf) and types.get(name[:-len(suf)]) in (
                "summary", "histogram"):
            return name[:-len(suf)]
    return None


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    if not text.endswith("\n"):
        sys.exit("%s: does not end with a newline" % sys.argv[1])
    helps, types, samples, seen_samples = {}, {}, {}, set()
    labels_of = {}
    for n, line in enumerate(text.split("\n")[:-1], 1):
        if line.startswith("#"):
            m = re.match(r"# (HELP|TYPE) (" + NAME + r") (.*)$", line)
            if not m:
                if line.startswith("# HELP") or line.startswith("# TYPE"):
                    die(n, line, "bad HELP or TYPE line")
                continue
            kind, name, rest = m.groups()
            if name in seen_samples:
                die(n, line, kind + " after the family's samples")
            d = helps if kind == "HELP" else types
            if name in d:
                die(n, line, kind + " given twice")
            if kind == "TYPE" and rest not in TYPES:
                die(n, line, "unknown type")
            if kind == "HELP" and not rest.strip():
                die(n, line, "empty HELP")
            d[name] = rest
            continue
        if not line.strip():
            continue
        m = re.match("(" + NAME + r")(\{?)", line)
        if not m:
            die(n, line, "bad metric name")
        name, rest = m.group(1), line[m.end():]
        labels = []
        if m.group(2):
            labels, rest = parse_labels(rest, n, line)
        parts = rest.split()
        if len(parts) not in (1, 2) or not rest.startswith(" "):
            die(n, line, "expected one value (and an optional timestamp)")
        try:
            v = float(parts[0])
        except ValueError:
            die(n, line, "value is not a number")
        fam = family_of(name, types)
        if fam is None or fam not in helps:
            die(n, line, "sample without HELP and TYPE before it")
        key = name + ("{" + ",".join('%s="%s"' % kv for kv in labels) + "}"
                      if labels else "")
        if key in samples:
            die(n, line, "series given twice")
        samples[key] = v
        labels_of.setdefault(name, dict(labels))
        seen_samples.add(fam)
    for fam in types:
        if fam not in seen_samples:
            sys.exit("%s: family %s has no sample" % (sys.argv[1], fam))
    args = sys.argv[2:]
    if not args:
        print("ok %d samples" % len(samples))
    elif args[0] == "--label":
        print(labels_of.get(args[1], {}).get(args[2], "-"))
    else:
        for a in args:
            v = samples.get(a)
            if v is None and "{" not in a:
                # A name alone: its only sample, whatever its labels.
                alone = [x for k, x in samples.items()
                         if k.split("{")[0] == a]
                v = alone[0] if len(alone) == 1 else None
            print("-" if v is None else ("%d" % v if v == v and abs(v) != float("inf") and v == int(v) else v))


if __name__ == "__main__":
    main()
