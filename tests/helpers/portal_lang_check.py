#!/usr/bin/env python3
"""portal_lang_check.py - the portal's languages, from the files written.

    python3 portal_lang_check.py DIR PACK.db

DIR is what `msd-kiosk content site PACK -o DIR` wrote.  The French pages
are at the top of DIR (the addresses of the QR codes), each other language
of the pack (its table `language`) in DIR/CODE/, the same tree.  Fails
when:
  - a language's folder lacks a page of the French tree, or has one more;
  - a page's <html> has not the lang of its folder, or dir="rtl" for a
    language the pack says is written right to left (dir="ltr" else);
  - a page's <link rel="alternate" hreflang> are not one per language of
    the pack plus x-default (the French), each pointing to the same page
    in that language, which exists and points back (reciprocal);
  - a page has no language switcher (<nav class="langs">) with one link
    per language, in the pack's order, each with lang and hreflang of its
    language, its own name as the pack gives it (in its own script), and
    aria-current="page" on the page's own language only; or an image of a
    flag (an <img>, or a regional indicator symbol);
  - an interface word of the portal (interface.csv's portal.*, offre.*,
    ecrit-le) that the language has translated is still in French on one
    of its pages.
Prints one line of figures.  Standard library only.
"""
import csv
import html.parser
import os
import re
import sqlite3
import sys
import urllib.parse

errors = []


def fail(msg):
    errors.append(msg)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = self.dir = None
        self.alternates = []        # (hreflang, href)
        self.switch = []            # (lang, hreflang, href, current, text)
        self.in_switch = self.in_link = False
        self.imgs = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang, self.dir = a.get("lang"), a.get("dir")
        elif tag == "link" and a.get("rel") == "alternate":
            self.alternates.append((a.get("hreflang"), a.get("href")))
        elif tag == "nav" and "langs" in (a.get("class") or "").split():
            self.in_switch = True
        elif tag == "a" and self.in_switch:
            self.in_link = True
            self.switch.append([a.get("lang"), a.get("hreflang"),
                                a.get("href"), a.get("aria-current"), ""])
        elif tag == "img":
            self.imgs += 1

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_switch = False
        elif tag == "a":
            self.in_link = False

    def handle_data(self, data):
        if self.in_link:
            self.switch[-1][4] += data
        elif not self.in_switch:
            self.text.append(data)


def site_path(portal_url, where, href):
    """href of the page at where (a path in DIR), as a path in DIR; None
    if it leads out of the site."""
    base = portal_url if portal_url else "http://site.invalid/"
    if not base.endswith("/"):
        base += "/"
    full = urllib.parse.urljoin(base + where, href)
    return full[len(base):] if full.startswith(base) else None


def tree(top, skip):
    """The .html files under top, as paths relative to it, not entering
    the folders named in skip."""
    out = set()
    for dirpath, dirs, files in os.walk(top):
        if dirpath == top:
            dirs[:] = [d for d in dirs if d not in skip]
        for f in files:
            if f.endswith(".html"):
                out.add(os.path.relpath(os.path.join(dirpath, f), top))
    return out


def main():
    root, pack = sys.argv[1:3]
    db = sqlite3.connect("file:%s?mode=ro" % pack, uri=True)
    langs = list(db.execute(
        "SELECT code, name, rtl FROM language ORDER BY position"))
    portal_url = (db.execute("SELECT value FROM meta WHERE key = "
                             "'portal_url'").fetchone() or ("",))[0]
    codes = [c for c, _, _ in langs]
    if len(codes) < 2 or codes[0] != "fr":
        fail("the pack has languages %s: French first and at least one "
             "other wanted" % codes)
    others = [c for c in codes if c != "fr"]
    french = tree(root, set(others) | {"f"})
    folder = {c: (root if c == "fr" else os.path.join(root, c))
              for c in codes}
    for c in others:
        got = tree(folder[c], set())
        for rel in sorted(french - got)[:5]:
            fail("%s/%s is missing (its French is %s)" % (c, rel, rel))
        for rel in sorted(got - french)[:5]:
            fail("%s/%s has no French page" % (c, rel))

    # The French words each language translated: (lang, French, where).
    ui = {}
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "assets",
                           "content", "interface.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            ui[r["clé"]] = r["texte"]
    checked = {}
    for c in others:
        checked[c] = []
        for (key, text) in db.execute(
                "SELECT key, text FROM translation WHERE lang = ?", (c,)):
            name = key[3:]
            if not key.startswith("ui.") or name not in ui:
                continue
            if not (name.startswith("portal.") or name.startswith("offre.")
                    or name == "ecrit-le"):
                continue
            fr = ui[name].split("{")[0].strip()
            if len(fr) >= 6 and text.strip() and fr not in text:
                checked[c].append((name, fr))

    pages = alts = 0
    for c in codes:
        rtl = dict((k, r) for k, _, r in langs)[c]
        for rel in sorted(french):
            path = os.path.join(folder[c], rel)
            if not os.path.exists(path):
                continue
            where = rel if c == "fr" else c + "/" + rel
            p = Page()
            p.feed(open(path, encoding="utf-8").read())
            pages += 1
            want_dir = "rtl" if rtl else "ltr"
            if p.lang != c or p.dir != want_dir:
                fail("%s: <html lang=%r dir=%r>, want lang=%r dir=%r" %
                     (where, p.lang, p.dir, c, want_dir))
            # hreflang: every language and x-default, each to this page in
            # that language, which points back.
            seen = {}
            for hl, href in p.alternates:
                if hl in seen:
                    fail("%s: hreflang=%s twice" % (where, hl))
                seen[hl] = href
            if sorted(seen) != sorted(codes + ["x-default"]):
                fail("%s: hreflang %s, want %s" % (where, sorted(seen),
                                                   sorted(codes + ["x-default"])))
            for hl, href in seen.items():
                alts += 1
                target_lang = "fr" if hl == "x-default" else hl
                want = rel if target_lang == "fr" else target_lang + "/" + rel
                full = site_path(portal_url, where, href)
                if full != want:
                    fail("%s: hreflang=%s points to %s, not %s" %
                         (where, hl, href, want))
                    continue
                if not os.path.exists(os.path.join(root, want)):
                    fail("%s: hreflang=%s points to %s, which does not "
                         "exist" % (where, hl, want))
                    continue
                if target_lang == c:
                    continue
                back = Page()
                back.feed(open(os.path.join(root, want),
                               encoding="utf-8").read())
                backs = [site_path(portal_url, want, h)
                         for l2, h in back.alternates if l2 == c]
                if backs != [where]:
                    fail("%s: %s (its hreflang=%s) does not point back with "
                         "hreflang=%s (it has %s)" % (where, want, hl, c,
                                                      backs))
            # The switcher.
            names = [(code, name) for code, name, _ in langs]
            got = [(s[0], s[4].strip()) for s in p.switch]
            if got != names:
                fail("%s: the language switcher shows %s, want %s" %
                     (where, got, names))
            for lg, hl, href, cur, _ in p.switch:
                if lg != hl:
                    fail("%s: switcher link lang=%r hreflang=%r" %
                         (where, lg, hl))
                if (cur == "page") != (lg == c):
                    fail("%s: switcher link %s aria-current=%r" %
                         (where, lg, cur))
                if href and not os.path.exists(os.path.normpath(
                        os.path.join(os.path.dirname(path), href))):
                    fail("%s: switcher link %s to %s, which does not exist"
                         % (where, lg, href))
            text = " ".join(p.text)
            if p.imgs or re.search("[\U0001F1E6-\U0001F1FF]", text):
                fail("%s: an image or a flag" % where)
            for name, fr in checked.get(c, []):
                if fr in text:
                    fail("%s: the French of %s (%r) is on the page, though "
                         "%s has it translated" % (where, name, fr, c))
    nwords = sum(len(v) for v in checked.values())
    print("languages %s: %d pages (%d per language), %d hreflang links, "
          "reciprocal; %d translated interface words looked for in French" %
          (" ".join(codes), pages, len(french), alts, nwords))
    for e in errors[:40]:
        print("FAIL:", e)
    if len(errors) > 40:
        print("FAIL: ... and %d more" % (len(errors) - 40))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
