#!/usr/bin/env python3
"""translation_sheet.py - the translator's sheet for one language.

    python3 tools/translation_sheet.py assets/content LANG

writes or refreshes assets/content/traductions/LANG/textes.csv: one row per
text of the French sources (themes, offers, glossary, questions, the
interface's words), `;` separated, UTF-8, with the columns

    clé;français;texte;traduit_de;état

The translator fills `texte`.  `traduit_de` is the fingerprint of the French
the text was translated from (the first 12 hex digits of the SHA-256 of the
French text, exactly as in the source cell); `content lint` compares it
with the French of today and warns when they differ (a stale translation).
This script never changes a row that already has a text: it adds the rows
of new French texts, and stamps `traduit_de` on rows that have a text but no
stamp yet (just translated from today's French).  Pages are translated as
files, traductions/LANG/pages/NAME.txt, whose header carries
`traduit de: FINGERPRINT` (of the whole French file); --pages stamps those
that have none.

Why a script and not only lint: the translator needs the sheet before
there is anything to lint, and the sheet is rebuilt without losing work.
"""
import csv
import hashlib
import io
import os
import sys


def fingerprint(text):
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    head = [h.strip().lower() for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:] if any(c.strip() for c in r)]


OFFER_FIELDS = ["titre", "resume", "pour_qui", "cout", "comment", "contact",
                "texte"]


def source_texts(src):
    """Every translatable French text, as (key, text), in reading order."""
    out = []
    for t in read_csv(os.path.join(src, "themes.csv")):
        for f in ("titre", "resume"):
            out.append(("theme.%s.%s" % (t["id"], f), t.get(f, "")))
    for o in read_csv(os.path.join(src, "offers.csv")):
        for f in OFFER_FIELDS:
            if o.get(f, "").strip():
                out.append(("offre.%s.%s" % (o["id"], f), o[f]))
    for g in read_csv(os.path.join(src, "glossary.csv")):
        for f in ("mot", "variantes", "explication"):
            if g.get(f, "").strip():
                out.append(("glossaire.%s.%s" % (g["mot"], f), g[f]))
    for q in read_csv(os.path.join(src, "questions.csv")):
        out.append(("question.%s.question" % q["id"], q["question"]))
        for a in q["reponses"].split("|"):
            rid, _, label = a.partition(":")
            out.append(("question.%s.reponse.%s" % (q["id"], rid), label))
    ui = os.path.join(src, "interface.csv")
    if os.path.exists(ui):
        for u in read_csv(ui):
            out.append(("ui.%s" % u["clé"], u["texte"]))
    return [(k, v) for k, v in out if v.strip()]


def refresh_sheet(src, lang):
    folder = os.path.join(src, "traductions", lang)
    os.makedirs(os.path.join(folder, "pages"), exist_ok=True)
    path = os.path.join(folder, "textes.csv")
    old = {}
    if os.path.exists(path):
        for r in read_csv(path):
            old[r["clé"]] = r
    rows, added, stamped = [], 0, 0
    for key, fr in source_texts(src):
        r = old.pop(key, None)
        if r is None:
            r = {"clé": key, "français": fr, "texte": "", "traduit_de": "",
                 "état": ""}
            added += 1
        elif r.get("texte", "").strip() and not r.get("traduit_de", "").strip():
            r["traduit_de"] = fingerprint(fr)
            r["français"] = fr
            stamped += 1
        rows.append(r)
    # Rows whose French is gone stay at the end: lint names them, and the
    # translator's work is not thrown away by a renamed id.
    rows.extend(old.values())
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["clé", "français", "texte", "traduit_de", "état"])
    for r in rows:
        w.writerow([r.get(c, "") for c in
                    ("clé", "français", "texte", "traduit_de", "état")])
    with open(path + ".tmp", "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    os.replace(path + ".tmp", path)
    print("%s: %d rows, %d new, %d stamped, %d without French" %
          (path, len(rows), added, stamped, len(old)))


def stamp_pages(src, lang):
    folder = os.path.join(src, "traductions", lang, "pages")
    for name in sorted(os.listdir(folder)):
        fr = os.path.join(src, "pages", name)
        tr = os.path.join(folder, name)
        if not name.endswith(".txt") or not os.path.exists(fr):
            continue
        with open(tr, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if any(l.lower().startswith("traduit de:") for l in lines):
            continue
        with open(fr, encoding="utf-8") as f:
            fp = fingerprint(f.read())
        lines.insert(1, "traduit de: " + fp)
        with open(tr, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        print("%s: stamped %s" % (tr, fp))


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: translation_sheet.py CONTENT_DIR LANG "
                         "[--pages]\n")
        return 2
    refresh_sheet(argv[1], argv[2])
    if "--pages" in argv[3:]:
        stamp_pages(argv[1], argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
