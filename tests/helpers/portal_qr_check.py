#!/usr/bin/env python3
"""portal_qr_check.py - the QR codes of the kiosk and the sheets lead
into the portal.

    python3 portal_qr_check.py BASE_URL PACK.db LIST

LIST has one decoded code a line: WHERE<TAB>OFFER<TAB>PAYLOAD, where
WHERE is "kiosk:MSD", "poster:MSD" or "sheet:MSD" and OFFER the offer's
id, or "-" when the code's page says which (a sheet's codes).  Each
PAYLOAD must be an address under BASE_URL, MSD/o/KEY.html for the MSD
named in WHERE, answer 200, and show the offer's title in its <h1>.
Every sheet:MSD must carry exactly one code per offer available there.
Prints the QR versions the payloads need at level M in byte mode (what
the kiosk's libqrencode uses) and fails past version 4.
"""
import collections
import html.parser
import sqlite3
import sys
import urllib.request

sys.path.insert(0, __import__("os").path.dirname(__file__))
from portal_crawl import offer_key   # noqa: E402

# Bytes a version holds at level M in byte mode (ISO/IEC 18004).
CAPACITY_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]


def version(n):
    for v, cap in enumerate(CAPACITY_M, 1):
        if n <= cap:
            return v
    return 99


class H1(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.text = False, ""

    def handle_starttag(self, tag, attrs):
        self.inside = self.inside or tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text += data


def main():
    base, pack, listing = sys.argv[1:4]
    db = sqlite3.connect("file:%s?mode=ro" % pack, uri=True)
    title = dict(db.execute("SELECT id, title FROM offer"))
    by_key = {offer_key(i): i for i in title}
    at = collections.defaultdict(set)
    for oid, msd in db.execute("SELECT offer_id, msd_code FROM offer_msd"):
        at[msd].add(oid)
    errors, versions, pages = [], collections.Counter(), {}
    on_sheet = collections.defaultdict(list)
    n = 0
    for line in open(listing, encoding="utf-8"):
        where, oid, payload = line.rstrip("\n").split("\t")
        kind, msd = where.split(":")
        n += 1
        versions[version(len(payload.encode()))] += 1
        if not payload.startswith(base):
            errors.append("%s %s: %s is not under %s" % (where, oid, payload,
                                                         base))
            continue
        path = payload[len(base):]
        parts = path.split("/")
        if len(parts) != 3 or parts[0] != msd or parts[1] != "o" or \
                not parts[2].endswith(".html"):
            errors.append("%s %s: %s is not %s/o/KEY.html" % (where, oid,
                                                              payload, msd))
            continue
        key = parts[2][:-5]
        if oid == "-":
            oid = by_key.get(key, "?")
            on_sheet[msd].append(oid)
        elif by_key.get(key) != oid:
            errors.append("%s %s: %s is the page of %s" % (
                where, oid, payload, by_key.get(key)))
            continue
        if payload not in pages:
            try:
                with urllib.request.urlopen(payload, timeout=10) as r:
                    p = H1()
                    p.feed(r.read().decode("utf-8"))
                    pages[payload] = p.text
            except OSError as e:
                pages[payload] = None
                errors.append("%s %s: %s: %s" % (where, oid, payload, e))
        if pages[payload] is not None and \
                title.get(oid, "\0") not in pages[payload]:
            errors.append("%s %s: %s shows %r, not %r" % (
                where, oid, payload, pages[payload], title.get(oid)))
    for msd, got in on_sheet.items():
        want = sorted(at[msd])
        if sorted(got) != want:
            missing = set(want) - set(got)
            extra = [o for o in got if got.count(o) > 1 or o not in want]
            errors.append("sheet of %s: %d codes for %d offers (missing %s, "
                          "extra %s)" % (msd, len(got), len(want),
                                         sorted(missing)[:5], extra[:5]))
    print("%d codes checked, %d pages; QR versions at level M: %s" % (
        n, len(pages), ", ".join("version %d: %d" % kv
                                 for kv in sorted(versions.items()))))
    if any(v > 4 for v in versions):
        errors.append("codes past version 4")
    for e in errors[:30]:
        print("FAIL:", e)
    sys.exit(1 if errors or n == 0 else 0)


if __name__ == "__main__":
    main()
