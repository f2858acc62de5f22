#!/usr/bin/env python3
"""portal_crawl.py - follows every link of the FALC portal, as served.

    python3 portal_crawl.py BASE_URL DIR PACK.db PAGES_OUT

BASE_URL is where a web server serves DIR (http://127.0.0.1:PORT/).
From BASE_URL/index.html it follows every internal link (<a href>,
<link href>, url() in the stylesheet) over HTTP and fails when:
  - one answers anything but 200, or names an anchor (#g12) that the
    page does not have;
  - a page and its stylesheet weigh more than 30 KB, or the fonts
    together more than 80 KB, or Andika, its bold and the pictograms are
    not among them;
  - a page has no doctype, is not in the language of its folder (lang="fr"
    at the top, lang="en" under en/...: the pack's languages), has a
    script, a frame, an inline style, another stylesheet than the one of
    every page, a <link> that is neither that nor rel="alternate", a
    request to another site, a link that is neither internal, https: nor
    tel:, not one <h1>, headings that skip a level, or a pictogram without
    alternative text;
  - a file of DIR is never reached (an orphan page);
  - an offer of the pack, at an MSD where it exists, has no page at
    MSD/o/KEY.html showing its title in <h1> (KEY computed here the way
    kiosk/content/portal.c says, so the addresses of the QR codes are
    checked by a second implementation).
Prints the weights (largest, median, fonts) and writes the page URLs,
one a line, to PAGES_OUT.  Standard library only.
"""
import html.parser
import os
import re
import sqlite3
import sys
import urllib.error
import urllib.parse
import urllib.request

PAGE_BUDGET = 30 * 1024
FONTS_BUDGET = 80 * 1024
KEY_DIGITS = "23456789abcdefghjkmnpqrstuvwxyz"

errors = []


def fail(msg):
    errors.append(msg)


def offer_key(offer_id):
    """FNV-1a 64 of the id, 5 digits of KEY_DIGITS, low digit first."""
    v = 0xCBF29CE484222325
    for b in offer_id.encode("utf-8"):
        v ^= b
        v = (v * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    key = ""
    for _ in range(5):
        key += KEY_DIGITS[v % len(KEY_DIGITS)]
        v //= len(KEY_DIGITS)
    return key


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.styles, self.ids = [], [], set()
        self.lang = None
        self.headings, self.h1_text = [], ""
        self.in_h1 = False
        self.problems = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("script", "iframe", "frame", "object", "embed"):
            self.problems.append("has a <%s>" % tag)
        if "style" in a:
            self.problems.append("has an inline style on <%s>" % tag)
        if any(k.startswith("on") for k in a):
            self.problems.append("has an event handler on <%s>" % tag)
        if tag in ("img", "audio", "video", "source", "iframe"):
            self.problems.append("loads <%s src=%s>" % (tag, a.get("src")))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "link":
            if a.get("rel") == "stylesheet":
                self.styles.append(a.get("href"))
            elif a.get("rel") == "alternate" and a.get("hreflang"):
                self.styles.append(a.get("href"))   # followed, weighs 0
            else:
                self.problems.append("has <link rel=%s>" % a.get("rel"))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
            if tag == "h1":
                self.in_h1 = True
        if tag == "span" and "i" in (a.get("class") or "").split():
            if a.get("role") != "img" or not (a.get("aria-label") or "").strip():
                self.problems.append("a pictogram without role=img and "
                                     "aria-label")

    def handle_endtag(self, tag):
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.in_h1:
            self.h1_text += data


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        return e.code, b"", ""
    except OSError as e:
        return None, str(e).encode(), ""


def main():
    base, root, pack, out = sys.argv[1:5]
    if not base.endswith("/"):
        base += "/"
    origin = urllib.parse.urlsplit(base)
    pages = {}          # url -> (size, stylesheets, parsed)
    resources = {}      # url -> bytes (css, fonts)
    anchors = []        # (from, url, fragment)
    todo, seen = [base + "index.html"], set()
    db = sqlite3.connect("file:%s?mode=ro" % pack, uri=True)
    langs = {c for (c,) in db.execute("SELECT code FROM language")
             if c != "fr"}

    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, ctype = fetch(url)
        if status != 200:
            fail("%s: HTTP %s" % (url, status))
            continue
        if url.endswith(".css"):
            resources[url] = len(body)
            for ref in re.findall(r"url\(([^)]+)\)", body.decode()):
                todo.append(urllib.parse.urljoin(url, ref.strip("\"'")))
            continue
        if not url.endswith(".html"):
            resources[url] = len(body)
            continue
        text = body.decode("utf-8")
        if not text.startswith("<!DOCTYPE html>"):
            fail("%s: does not start with <!DOCTYPE html>" % url)
        p = Page()
        p.feed(text)
        pages[url] = (len(body), p)
        for prob in p.problems:
            fail("%s %s" % (url, prob))
        first = urllib.parse.urlsplit(url).path[len(origin.path):] \
            .split("/")[0]
        want = first if first in langs else "fr"
        if p.lang != want:
            fail("%s: lang is %r, not %s" % (url, p.lang, want))
        if p.headings.count(1) != 1 or p.headings[0] != 1:
            fail("%s: %d <h1>, headings %s" % (url, p.headings.count(1),
                                                 p.headings))
        for a, b in zip(p.headings, p.headings[1:]):
            if b > a + 1:
                fail("%s: heading h%d after h%d" % (url, b, a))
        for href in p.styles + p.links:
            full = urllib.parse.urljoin(url, href)
            parts = urllib.parse.urlsplit(full)
            if parts.scheme in ("http", "https") and parts.netloc == origin.netloc:
                target = urllib.parse.urlunsplit(parts._replace(fragment=""))
                if parts.fragment:
                    anchors.append((url, target, parts.fragment))
                todo.append(target)
            elif parts.scheme == "https" and href in p.links:
                pass        # a partner's site: a link, not a request
            elif parts.scheme == "tel" and re.fullmatch(r"\+?[0-9]{1,20}",
                                                         parts.path):
                pass
            else:
                fail("%s: link %s is neither internal, https: nor tel:" %
                     (url, href))

    for src, target, frag in anchors:
        if target in pages and frag not in pages[target][1].ids:
            fail("%s: link to %s#%s, which has no such anchor" %
                 (src, target, frag))

    css = [u for u in resources if u.endswith(".css")]
    if len(css) != 1:
        fail("%d stylesheets instead of one: %s" % (len(css), css))
    weights = []
    for url, (size, p) in pages.items():
        w = size + sum(resources.get(urllib.parse.urljoin(url, s), 0)
                       for s in p.styles if s.endswith(".css"))
        weights.append((w, url))
        if w > PAGE_BUDGET:
            fail("%s weighs %d bytes with its stylesheet (budget %d)" %
                 (url, w, PAGE_BUDGET))
    fonts = sum(v for u, v in resources.items() if u.endswith(".woff2"))
    if fonts > FONTS_BUDGET:
        fail("fonts weigh %d bytes (budget %d)" % (fonts, FONTS_BUDGET))
    nfonts = sum(1 for u in resources if u.endswith(".woff2"))
    for kind in ("t", "b", "p"):
        if not any(re.search(r"/f/%s-[0-9a-f]{8}\.woff2$" % kind, u)
                   for u in resources):
            fail("no font f/%s-HASH.woff2 reached" % kind)

    # Every file of DIR was reached (the marker aside).
    reached = {urllib.parse.unquote(urllib.parse.urlsplit(u).path)
               for u in list(pages) + list(resources)}
    prefix = urllib.parse.unquote(origin.path)
    for dirpath, _, files in os.walk(root):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), root)
            if rel == ".msd-site":
                continue
            if prefix + rel not in reached:
                fail("%s is never linked to" % rel)

    # Every offer at every MSD where it exists, at its short address.
    n_offer_pages = 0
    for oid, title, msd in db.execute(
            "SELECT o.id, o.title, om.msd_code FROM offer o "
            "JOIN offer_msd om ON om.offer_id = o.id"):
        url = "%s%s/o/%s.html" % (base, msd, offer_key(oid))
        n_offer_pages += 1
        if url not in pages:
            fail("offer %s at %s: no page %s" % (oid, msd, url))
        elif title not in pages[url][1].h1_text:
            fail("offer %s at %s: %s shows %r" % (oid, msd, url,
                                                   pages[url][1].h1_text))
    weights.sort()
    if not weights:
        fail("no page reached from %sindex.html" % base)
    else:
        print("pages: %d (%d offer pages), largest %d bytes with the "
              "stylesheet (%s), median %d bytes; stylesheet %d bytes; "
              "fonts %d bytes in %d files" %
              (len(weights), n_offer_pages, weights[-1][0], weights[-1][1],
               weights[len(weights) // 2][0],
               resources[css[0]] if css else 0, fonts, nfonts))
    with open(out, "w") as f:
        for _, url in weights:
            f.write(url + "\n")
    for e in errors[:40]:
        print("FAIL:", e)
    if len(errors) > 40:
        print("FAIL: ... and %d more" % (len(errors) - 40))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
