#!/usr/bin/env python3
"""sheet_check.py PACK PDF MSD THEME|- OFFER|- MIN_MM WORKDIR [DATE]

Checks one sheet written by `msd-kiosk sheet` against the content pack it
came from, the way a person would: by rendering it and reading it.

  - pdftoppm -r 150 -png, then zbarimg on every page: as many codes as the
    pack has offers for that MSD (and theme), and the payloads are exactly
    their qr values;
  - pdftotext page by page: each offer's title followed by its summary
    (whitespace normalised: titles may wrap) is on the page where its QR
    code decodes, so no offer is split across two pages; the poster also
    shows for whom, cost, how and contact;
  - the header names the MSD (and its address and phone when the pack has
    them), "Imprimé le DATE" when DATE is given; every page says "Page i
    sur N"; the footer gives the oldest reviewed-on date and the version;
  - pdffonts: every font embedded, Andika among them;
  - the size of every QR code measured on the page (qr_measure.py): at
    least MIN_MM wide and high.

Prints what it saw; exits 1 on the first group of failures.
Standard library only (sqlite3 is in it).
"""
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qr_measure  # noqa: E402

DPI = 150
MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet',
          'août', 'septembre', 'octobre', 'novembre', 'décembre']
errors = []


def bad(msg):
    errors.append(msg)
    print('FAIL: ' + msg)


def run(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.returncode, r.stdout.decode('utf-8', 'replace')


def norm(s):
    # Pictograms are private-use characters: not words.
    s = re.sub('[\ue000-\uf8ff]', ' ', s)
    return ' '.join(s.split())


def date_fr(iso):
    y, m, d = (int(x) for x in iso.split('-'))
    return '%d%s %s %d' % (d, 'er' if d == 1 else '', MONTHS[m - 1], y)


def main():
    if len(sys.argv) < 8:
        sys.exit(__doc__)
    pack, pdf, msd, theme, offer, min_mm, work = sys.argv[1:8]
    today = sys.argv[8] if len(sys.argv) > 8 else None
    theme = None if theme == '-' else theme
    offer = None if offer == '-' else offer
    min_mm = float(min_mm)
    os.makedirs(work, exist_ok=True)

    db = sqlite3.connect('file:%s?mode=ro' % pack, uri=True)
    cols = 'o.id, o.title, o.summary, o.qr, o.reviewed_on, o.for_whom, ' \
        'o.cost, o.how, coalesce(o.contact, \'\')'
    if offer:
        rows = db.execute('SELECT %s FROM offer o WHERE o.id = ?' % cols,
                          (offer,)).fetchall()
    else:
        rows = db.execute(
            'SELECT %s FROM offer o JOIN offer_msd m ON m.offer_id = o.id '
            'JOIN theme t ON t.id = o.theme WHERE m.msd_code = ? '
            'AND (? IS NULL OR o.theme = ?) ORDER BY t.position, o.position'
            % cols, (msd, theme, theme)).fetchall()
    name, address, phone = db.execute(
        'SELECT name, coalesce(address, \'\'), coalesce(phone, \'\') '
        'FROM msd WHERE code = ?', (msd,)).fetchone()
    version = db.execute(
        'SELECT value FROM meta WHERE key = \'version\'').fetchone()[0]
    if not rows:
        sys.exit('no offer expected: wrong arguments?')

    rc, info = run(['pdfinfo', pdf])
    npages = int(re.search(r'^Pages:\s+(\d+)', info, re.M).group(1))
    size = os.path.getsize(pdf)

    # zbarimg on every page, as pdftoppm renders it.
    base = os.path.join(work, 'page')
    run(['pdftoppm', '-r', str(DPI), '-png', pdf, base])
    pngs = sorted(f for f in os.listdir(work)
                  if f.startswith('page-') and f.endswith('.png'))
    if len(pngs) != npages:
        bad('%d pages rendered, pdfinfo says %d' % (len(pngs), npages))
    codes = []          # per page: list of payloads
    for f in pngs:
        _, out = run(['zbarimg', '-q', '--raw', '--nodbus',
                      os.path.join(work, f)])
        codes.append(out.splitlines())
    got = sorted(p for page in codes for p in page)
    want = sorted(r[3] for r in rows)
    print('%s: %d pages, %d bytes, %d codes decoded, %d offers expected'
          % (os.path.basename(pdf), npages, size, len(got), len(want)))
    if got != want:
        missing = list((Counter(want) - Counter(got)).elements())
        extra = list((Counter(got) - Counter(want)).elements())
        bad('decoded payloads differ: missing %s, unexpected %s'
            % (missing, extra))

    # Text, page by page.
    texts = []
    for i in range(1, npages + 1):
        _, t = run(['pdftotext', '-f', str(i), '-l', str(i), pdf, '-'])
        texts.append(norm(t))
    left = [list(page) for page in codes]
    for r in rows:
        oid, title, summary, qr = r[0], r[1], r[2], r[3]
        needle = norm(title) + ' ' + norm(summary)
        pages = [i for i, t in enumerate(texts) if needle in t]
        if not pages:
            bad('offer %s: title and summary "%s" not found in the text'
                % (oid, needle))
            continue
        # The page that shows the offer also carries its code.
        for i in pages:
            if qr in left[i]:
                left[i].remove(qr)
                break
        else:
            bad('offer %s: its QR code is not on page %s with its title'
                % (oid, ', '.join(str(i + 1) for i in pages)))
        if offer:
            for what in r[5:9]:
                if what and norm(what) not in texts[0]:
                    bad('poster: "%s" not on page 1' % what)
    if norm(name) not in texts[0]:
        bad('page 1 does not name the MSD "%s"' % name)
    for field in (address, phone):
        if field and norm(field) not in texts[0]:
            bad('page 1 does not show "%s"' % field)
    if today and ('Imprimé le ' + today) not in texts[0]:
        bad('page 1 does not say "Imprimé le %s"' % today)
    oldest = date_fr(min(r[4] for r in rows))
    foot = 'Écrit le %s · Version %s du contenu' % (oldest, version)
    for i, t in enumerate(texts):
        if 'Page %d sur %d' % (i + 1, npages) not in t:
            bad('page %d does not say "Page %d sur %d"'
                % (i + 1, i + 1, npages))
        if foot not in t:
            bad('page %d: no footer "%s"' % (i + 1, foot))

    # Fonts: all embedded.
    _, fonts = run(['pdffonts', pdf])
    lines = fonts.splitlines()
    names = []
    if len(lines) < 3:
        bad('pdffonts lists no font')
    else:
        # The "emb" column sits where the header says it does.
        col = lines[0].index('emb')
        for line in lines[2:]:
            names.append(line.split()[0])
            if line[col:col + 3] != 'yes':
                bad('font not embedded: ' + line)
    if not any('Andika' in n for n in names):
        bad('no Andika font in %s' % names)
    print('fonts: ' + ', '.join(names))

    # QR sizes on the page.
    run(['pdftoppm', '-r', str(DPI), '-gray', pdf, os.path.join(work, 'g')])
    pgms = sorted(os.path.join(work, f) for f in os.listdir(work)
                  if f.startswith('g-') and f.endswith('.pgm'))
    found = qr_measure.measure(DPI, pgms)
    sizes = [min(w, h) for _, w, h, _ in found]
    if len(found) != len(want):
        bad('%d QR codes measured, %d expected' % (len(found), len(want)))
    for page, w, h, payload in found:
        if payload is None:
            bad('%s: a QR-like square of %.1f mm does not decode'
                % (os.path.basename(page), w))
        elif min(w, h) < min_mm:
            bad('%s: the code of %s is %.1f x %.1f mm, under %g mm'
                % (os.path.basename(page), payload, w, h, min_mm))
    if sorted(p for _, _, _, p in found if p) != want:
        bad('measured codes do not match the offers')
    if sizes:
        print('QR sizes: %.1f to %.1f mm (at least %g asked)'
              % (min(sizes), max(sizes), min_mm))
    for f in os.listdir(work):
        if f.endswith('.pgm'):
            os.remove(os.path.join(work, f))
    sys.exit(1 if errors else 0)


main()
