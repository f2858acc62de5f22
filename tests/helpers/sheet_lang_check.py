#!/usr/bin/env python3
"""sheet_lang_check.py PACK LANG RTL MSD OFFER SHEET POSTER FR_SHEET FR_POSTER WORKDIR

Checks a sheet and a poster written by `msd-kiosk sheet --lang LANG`
against the French ones of the same MSD and offer, by rendering the pages
and reading them as a person (and a phone) would:

  - every QR code decodes (zbarimg, through qr_measure.py), to the same
    payloads, as many times, as on the French sheet and poster;
  - the codes sit on the right of the sheet's offers and the poster's
    code on the left, or the other way round when RTL is 1; the poster's
    code is the French one's image, not its mirror image;
  - tesseract (eng, ara, ukr) reads on the poster most words of the
    offer's translated title and summary, and on page 1 of the sheet most
    words of the translated titles of at least 3 offers;
  - the text goes left, or right when RTL is 1: the poster's title and
    summary (their words as tesseract boxes them) start at the left
    margin, or end at the right one, and the first line of ink (the
    MSD's name, shorter than a line) too, without reaching the other.

RTL is given, not taken from LANG, so that the test can also ask an
Arabic check of a French poster and see it fail.  Prints what it saw;
exits 1 when something is wrong.  Standard library only.
"""
import os
import re
import sqlite3
import subprocess
import sys
import unicodedata
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qr_measure  # noqa: E402

DPI = 150
MM = DPI / 25.4
TESS = {"en": "eng", "ar": "ara", "uk": "ukr", "fr": "fra"}
errors = []


def bad(msg):
    errors.append(msg)
    print("FAIL: " + msg)


def run(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit("%s: exit %d: %s" % (argv[0], r.returncode,
                                      r.stderr.decode("utf-8", "replace")))
    return r.stdout.decode("utf-8", "replace")


def pages(pdf, work, name, fmt="-gray"):
    """The pages of pdf rendered at DPI, their paths in order."""
    prefix = os.path.join(work, name)
    run(["pdftoppm", "-r", str(DPI), fmt, pdf, prefix])
    ext = ".pgm" if fmt == "-gray" else ".png"
    return sorted(os.path.join(work, f) for f in os.listdir(work)
                  if f.startswith(name + "-") and f.endswith(ext))


def words(text):
    """The words of text, folded: no case, no Arabic vowel marks or
    tatweel, alef and yeh forms made one (tesseract mixes them)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub("[\u064b-\u0652\u0670\u0640]", "", text)
    text = re.sub("[\u0622\u0623\u0625]", "\u0627", text)
    text = text.replace("\u0649", "\u064a").replace("\u0629", "\u0647")
    return [w for w in re.findall(r"\w+", text) if len(w) >= 3]


def ocr(png, lang):
    """[(word, x0, y0, x1, y1)] as tesseract reads and boxes them."""
    tsv = run(["tesseract", png, "-", "-l", TESS[lang], "--psm", "3", "tsv"])
    out = []
    for line in tsv.splitlines()[1:]:
        f = line.split("\t")
        if len(f) < 12 or not f[11].strip():
            continue
        x, y, w, h = (int(v) for v in f[6:10])
        for wd in words(f[11]):
            out.append((wd, x, y, x + w, y + h))
    return out


def share(want, seen):
    want = words(want)
    return (sum(1 for w in want if w in seen) / len(want)) if want else 1.0


def ink_band(pgm):
    """(x0, x1, page width) of the dark pixels of the first line of ink
    from the top, in pixels."""
    w, h, px = qr_measure.read_pgm(pgm)
    top = None
    x0, x1 = w, -1
    for y in range(h):
        runs = list(qr_measure.DARK.finditer(px[y * w:(y + 1) * w]))
        if not runs:
            if top is not None:
                break
            continue
        top = y
        x0, x1 = min(x0, runs[0].start()), max(x1, runs[-1].end())
    return x0, x1, w


def crop(pgm, box):
    w, h, px = qr_measure.read_pgm(pgm)
    x0, y0, x1, y1 = box
    return [[px[y * w + x] < 128 for x in range(x0, x1)] for y in range(y0, y1)]


def same(a, b):
    """Share of equal pixels of two crops, on their common size."""
    hh, ww = min(len(a), len(b)), min(len(a[0]), len(b[0]))
    eq = sum(1 for y in range(hh) for x in range(ww) if a[y][x] == b[y][x])
    return eq / float(hh * ww)


def main():
    if len(sys.argv) != 11:
        sys.exit(__doc__)
    pack, lang, rtl, msd, offer, sheet, poster, fr_sheet, fr_poster, work = \
        sys.argv[1:]
    rtl = rtl == "1"
    os.makedirs(work, exist_ok=True)
    db = sqlite3.connect(pack)

    def tr(key, french):
        r = db.execute("SELECT text FROM translation WHERE lang = ? AND "
                       "key = ?", (lang, key)).fetchone()
        return r[0] if r else french

    # ---- QR codes: the same payloads, on the expected side
    found = {}
    for name, pdf in (("sheet", sheet), ("poster", poster),
                      ("fr-sheet", fr_sheet), ("fr-poster", fr_poster)):
        pgms = pages(pdf, work, name)
        found[name] = (pgms, qr_measure.codes(DPI, pgms))
        undecoded = [p for p, b, pl in found[name][1] if pl is None]
        if undecoded:
            bad("%s: %d QR code(s) do not decode" % (pdf, len(undecoded)))
    for kind in ("sheet", "poster"):
        got = Counter(pl for p, b, pl in found[kind][1])
        want = Counter(pl for p, b, pl in found["fr-" + kind][1])
        if got != want or not want:
            bad("%s %s: QR payloads %s, the French ones %s" %
                (lang, kind, sorted(got.items()), sorted(want.items())))
        else:
            print("ok: %s %s: %d QR codes decode to the French payloads" %
                  (lang, kind, sum(got.values())))
    width = qr_measure.read_pgm(found["poster"][0][0])[0]
    for kind, right in (("sheet", not rtl), ("poster", rtl)):
        for p, b, pl in found[kind][1]:
            centre = (b[0] + b[2]) / 2.0
            if (centre > width / 2.0) != right:
                bad("%s %s: the QR code of %s is on the %s (x %.0f mm)" %
                    (lang, kind, pl, "right" if centre > width / 2 else
                     "left", centre / MM))
                break
        else:
            print("ok: %s %s: QR codes on the %s" %
                  (lang, kind, "right" if right else "left"))
    # The poster's code is the French one, not its mirror image (a phone
    # may read both: look at the pixels).
    (fp, fb, _), (lp, lb, _) = found["fr-poster"][1][0], found["poster"][1][0]
    a, b = crop(fp, fb), crop(lp, lb)
    straight, mirrored = same(a, b), same(a, [r[::-1] for r in b])
    if not (straight > 0.9 and mirrored < straight - 0.2):
        bad("%s poster: its QR code matches the French one at %.1f %%, "
            "mirrored at %.1f %%" % (lang, 100 * straight, 100 * mirrored))
    else:
        print("ok: %s poster: QR code as the French one (%.1f %% of "
              "pixels; mirrored %.1f %%)" % (lang, 100 * straight,
                                              100 * mirrored))

    # ---- OCR: the translated words, and where they are
    png = pages(poster, work, "ocr-poster", "-png")[0]
    seen = ocr(png, lang)
    bag = set(w for w, *_ in seen)
    title, summary = db.execute("SELECT title, summary FROM offer WHERE "
                                "id = ?", (offer,)).fetchone()
    title = tr("offre.%s.titre" % offer, title)
    summary = tr("offre.%s.resume" % offer, summary)
    s = share(title + " " + summary, bag)
    if s < 0.7:
        bad("%s poster: OCR reads %.0f %% of the words of '%s' '%s'" %
            (lang, 100 * s, title, summary))
    else:
        print("ok: %s poster: OCR reads %.0f %% of the title and summary" %
              (lang, 100 * s))
    # Where the text is: the words of the title and the summary (a long
    # one fills its lines: its side is where its lines start), and the
    # first line of ink, the MSD's name (short: it shows its side).
    boxes = [b for b in seen if b[0] in set(words(title + " " + summary))]
    pw = width / MM
    if not boxes:
        bad("%s poster: OCR boxes no word of '%s' '%s'" % (lang, title,
                                                          summary))
    else:
        x0 = min(b[1] for b in boxes) / MM
        x1 = max(b[3] for b in boxes) / MM
        ok = x1 > pw - 20 if rtl else x0 < 20
        (print if ok else bad)(
            "%s%s poster: the title and summary span %.0f-%.0f mm of %.0f "
            "(%s aligned expected)" % ("ok: " if ok else "", lang, x0, x1,
                                       pw, "right" if rtl else "left"))
    x0, x1, w = ink_band(found["poster"][0][0])
    x0, x1, pw = x0 / MM, x1 / MM, w / MM
    ok = (x1 > pw - 14 and x0 > 20) if rtl else (x0 < 14 and x1 < pw - 20)
    (print if ok else bad)(
        "%s%s poster: the first line of ink spans %.0f-%.0f mm of %.0f "
        "(%s aligned expected)" % ("ok: " if ok else "", lang, x0, x1, pw,
                                   "right" if rtl else "left"))

    png = pages(sheet, work, "ocr-sheet", "-png")[0]
    bag = set(w for w, *_ in ocr(png, lang))
    read = []
    for oid, t in db.execute("SELECT o.id, o.title FROM offer o JOIN "
                             "offer_msd m ON m.offer_id = o.id WHERE "
                             "m.msd_code = ? ORDER BY o.id", (msd,)):
        t = tr("offre.%s.titre" % oid, t)
        if words(t) and share(t, bag) >= 0.7:
            read.append(t)
    if len(read) < 3:
        bad("%s sheet: OCR reads the title of %d offer(s) on page 1: %s" %
            (lang, len(read), read))
    else:
        print("ok: %s sheet: OCR reads %d offer titles on page 1, such as "
              "'%s'" % (lang, len(read), read[0]))
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
