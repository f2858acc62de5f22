#!/usr/bin/env python3
"""interface_words.py ROOT - the kiosk's words live in the pack, not in C.

Issue 16: every word the kiosk shows comes from the pack, the French
included.  The C code names them (tr(a, "retour"), trf(a, "avis.progression",
...), WORD("aide") in a static table, i18n_ui(p, "date") and i18n_uif() in
kiosk/content/, sheet_word(c, "sheet.intro", "Voici...") and sheet_wordf()
on the printed sheet) and assets/content/interface.csv holds their French.  This checks, and says what to do when it fails:

  1. every name the code asks for is a row of interface.csv;
  2. every row of interface.csv is asked for by the code: by its name, as
     the form NAME.<n> of a word asked for with trf(), or as mois.1-12
     (built by the footer's "mois.%d"), or in EXCEPTIONS below;
  3. no French sentence is left in a string literal of kiosk/screens/,
     kiosk/app/, kiosk/ui/ or the portal's pages (kiosk/content/site_pages.c,
     site_html.c) (outside log and error calls);
  4. each translation of a word (traductions/LANG/textes.csv, rows ui.*)
     uses the placeholders of its French, no other (a form NAME.<n> may
     say the number in words, without {n}, or with it: "1er" / "{n}");
  5. the offer's section titles on screen (offre.*) read in French as the
     poster and the voice say them (kiosk/content/labels.h);
  6. the French the sheet falls back on, for a pack without the word (an
     old pack, a test's fixture), is the French of interface.csv (a macro
     of labels.h is checked by 5).
"""
import csv
import glob
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."

# Rows of interface.csv that no code of this tree asks for, and why.
EXCEPTIONS = {
    "langue": "the language button (kiosk/screens/lang.c) and lint's E-LANG",
}

# String literals that look French but are never shown.
ALLOWED = [
    # screens.c: a typical sentence, measured to turn 60 characters
    # into pixels; never drawn.
    "Votre référent vous aide à trouver une formation ou un travail",
    # parts.c: words of the programme's internal references, dropped from
    # the sources a page rests on (matched, never drawn).
    "cadre d'intervention",
    # site_html.c: the label of the kiosk's question mark for a pictogram
    # the pack lacks, as pictos.csv's labels are (French, marked lang=fr
    # on the pages of other languages).
    "un point d'interrogation",
]

# Calls whose literals are for logs, stderr, errors or files, not the screen.
LOG_CALLS = {"log_info", "log_warn", "log_error", "log_debug", "fprintf",
             "fputs", "printf", "perror", "err_set", "puts", "dprintf"}

FRENCH = re.compile(
    r"[À-ÖØ-öø-ÿŒœ«»]|\b(?:le|la|les|des|du|une|et|vous|votre|vos|pour|dans"
    r"|sur|avec|est|pas|ne|aux|au|ou|qui|que|ce|cette|de|en|un|il|elle)\b|"
    r"\b[dlnq]'\w")

problems = []


def problem(msg):
    problems.append(msg)


def tokens(src):
    """C tokens: ('str', text, line) with adjacent literals joined,
    ('id', name, line), ('p', char, line); comments and preprocessor
    lines (#include) dropped."""
    out, i, line, n = [], 0, 1, len(src)
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += src.count("\n", i, j)
            i = j
        elif src.startswith("//", i):
            i = src.find("\n", i)
            i = n if i < 0 else i
        elif c == "#" and src[src.rfind("\n", 0, i) + 1:i].strip() == "":
            # a preprocessor line, with its continuations
            while i < n and src[i] != "\n":
                if src[i] == "\\" and i + 1 < n and src[i + 1] == "\n":
                    line += 1
                    i += 1
                i += 1
        elif c == '"':
            j, buf = i + 1, []
            while j < n and src[j] != '"':
                if src[j] == "\\":
                    buf.append(src[j:j + 2])
                    j += 2
                else:
                    buf.append(src[j])
                    j += 1
            text = "".join(buf)
            if out and out[-1][0] == "str":
                out[-1] = ("str", out[-1][1] + text, out[-1][2])
            else:
                out.append(("str", text, line))
            i = j + 1
        elif c == "'":
            j = i + 1
            while j < n and src[j] != "'":
                j += 2 if src[j] == "\\" else 1
            out.append(("p", "0", line))
            i = j + 1
        elif c.isalnum() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            out.append(("id", src[i:j], line))
            i = j
        else:
            out.append(("p", c, line))
            i += 1
    return out


def c_files(*dirs):
    for d in dirs:
        for ext in ("c", "h"):
            yield from sorted(glob.glob(os.path.join(ROOT, d, "*." + ext)))


def rel(path):
    return os.path.relpath(path, ROOT)


# ---------------------------------------------------------------- the code
# The calls that ask for a word, the word's name being their second
# argument (WORD's first); those that fill {KEY}s count NAME.<n> forms.
CALLS = ("tr", "trf", "WORD", "i18n_ui", "i18n_uif", "sheet_word",
         "sheet_wordf", "lp_word")
FILLED = ("trf", "i18n_uif", "sheet_wordf", "lp_word")
fallback = []       # (name, French in C, "file:line"): sheet_word[f]()
asked = {}          # name -> "file:line"
counted = set()     # names asked for by trf() (their NAME.<n> forms count)
dynamic = []        # tr()/trf() whose name is not a literal
code_text = ""
for path in c_files(*("kiosk/" + d for d in os.listdir(
        os.path.join(ROOT, "kiosk")))):
    src = open(path, encoding="utf-8").read()
    code_text += src
    toks = tokens(src)
    for k, (kind, val, line) in enumerate(toks):
        if kind != "id" or val not in CALLS:
            continue
        if k + 1 >= len(toks) or toks[k + 1][1] != "(":
            continue
        # the arguments, split at top-level commas
        depth, args, cur, j = 0, [], [], k + 2
        while j < len(toks):
            t = toks[j]
            if t[1] in "([{" and t[0] == "p":
                depth += 1
            elif t[1] in ")]}" and t[0] == "p":
                if depth == 0:
                    break
                depth -= 1
            elif t[1] == "," and t[0] == "p" and depth == 0:
                args.append(cur)
                cur = []
                j += 1
                continue
            cur.append(t)
            j += 1
        args.append(cur)
        # lp_word(p, buf, n, "name", "French", ...) in kiosk/sheet/print.c
        at = 0 if val == "WORD" else 3 if val == "lp_word" else 1
        arg = args[at] if len(args) > at else []
        if any(t[0] == "id" and t[1] in ("const", "char") for t in arg):
            continue        # the prototype or the definition
        names = [t[1] for t in arg if t[0] == "str"]
        if not names:
            dynamic.append("%s:%d" % (rel(path), line))
        for name in names:
            asked.setdefault(name, "%s:%d" % (rel(path), line))
            if val in FILLED:
                counted.add(name)
        if val in ("sheet_word", "sheet_wordf", "lp_word") and names and \
                len(args) > at + 1:
            fr = [t[1] for t in args[at + 1] if t[0] == "str"]
            fallback.append((names[0], "".join(fr),
                             "%s:%d" % (rel(path), line)))

# ---------------------------------------------------------------- interface.csv
ui_path = os.path.join(ROOT, "assets/content/interface.csv")
with open(ui_path, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
head = [h.strip().lower() for h in rows[0]]
ck, ct = head.index("clé"), head.index("texte")
words = {}
for n, r in enumerate(rows[1:], start=2):
    if not r or not r[ck].strip():
        continue
    if r[ck] in words:
        problem("assets/content/interface.csv:%d: '%s' is there twice: "
                "keep one row" % (n, r[ck]))
    words[r[ck]] = r[ct]

# 1. asked for, not in interface.csv
for name, where in sorted(asked.items()):
    if name not in words:
        problem("%s: the code asks for the word '%s', which "
                "assets/content/interface.csv does not have: add the row "
                "'%s;FRENCH TEXT'" % (where, name, name))

# 2. in interface.csv, never asked for
months_built = '"mois.%d"' in code_text
for name in words:
    base, _, num = name.rpartition(".")
    if name in asked or name in EXCEPTIONS:
        continue
    if num.isdigit() and base in counted:
        continue        # the form of a number, picked by trf()
    if months_built and base == "mois" and num.isdigit() and \
            1 <= int(num) <= 12:
        continue
    problem("assets/content/interface.csv: the word '%s' is asked for by no "
            "code (tr(a, \"%s\")): remove its row, or add it to EXCEPTIONS "
            "in tests/helpers/interface_words.py with the reason" %
            (name, name))
for m in range(1, 13):
    if months_built and "mois.%d" % m not in words:
        problem("assets/content/interface.csv: no word 'mois.%d', the "
                "footer names months by it" % m)

# 3. French left in C
PORTAL_PAGES = [os.path.join(ROOT, "kiosk/content", f)
                for f in ("site_pages.c", "site_html.c")]
for path in list(c_files("kiosk/screens", "kiosk/app", "kiosk/ui")) + \
        [p for p in PORTAL_PAGES if os.path.exists(p)]:
    toks = tokens(open(path, encoding="utf-8").read())
    stack = []      # the call each '(' opened: its name, or None
    for k, (kind, val, line) in enumerate(toks):
        if kind == "p" and val == "(":
            prev = toks[k - 1] if k else None
            stack.append(prev[1] if prev and prev[0] == "id" else None)
        elif kind == "p" and val == ")" and stack:
            stack.pop()
        elif kind == "str":
            if any(s in LOG_CALLS for s in stack):
                continue
            if " " not in val or not FRENCH.search(val):
                continue
            if any(val.startswith(a) for a in ALLOWED):
                continue
            problem("%s:%d: the string \"%s\" looks like French shown on "
                    "screen: put it in assets/content/interface.csv and "
                    "write tr(a, \"NAME\") (or ALLOWED in "
                    "tests/helpers/interface_words.py, if it is never shown)"
                    % (rel(path), line, val[:60]))

# 4. placeholders of the translations
PH = re.compile(r"\{([a-z_]+)\}")
for sheet in sorted(glob.glob(os.path.join(
        ROOT, "assets/content/traductions/*/textes.csv"))):
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f, delimiter=";"):
            key, text = r.get("clé", ""), r.get("texte", "")
            if not key.startswith("ui.") or not text.strip():
                continue
            name = key[3:]
            if name not in words:
                continue        # lint warns of orphans
            want, got = set(PH.findall(words[name])), set(PH.findall(text))
            form = name.rpartition(".")[2].isdigit()
            if form:        # {n} always has a value there
                want, got = want - {"n"}, got - {"n"}
            if got != want:
                problem("%s: %s has the placeholders {%s}, its French {%s}: "
                        "keep each {NAME} of the French as it is" %
                        (rel(sheet), key, ", ".join(sorted(got)),
                         ", ".join(sorted(want))))

# 5. the offer's section titles, on screen and on the poster
labels = open(os.path.join(ROOT, "kiosk/content/labels.h"),
              encoding="utf-8").read()
for macro, name in (("LABEL_FOR_WHOM", "offre.pour-qui"),
                    ("LABEL_COST", "offre.cout"), ("LABEL_HOW", "offre.comment"),
                    ("LABEL_CONTACT", "offre.contact")):
    m = re.search(r"#define\s+%s\s+\"([^\"]*)\"" % macro, labels)
    if not m or words.get(name) != m.group(1):
        problem("assets/content/interface.csv: '%s' is '%s' but the poster "
                "and the voice say %s '%s' (kiosk/content/labels.h): write "
                "the same words in both" % (name, words.get(name), macro,
                                            m.group(1) if m else "?"))

# 6. the sheet's French for a pack without its words
for name, fr, where in fallback:
    if fr and name in words and words[name] != fr:
        problem("%s: the sheet falls back on '%s' for '%s', but "
                "assets/content/interface.csv has '%s': write the same "
                "French in both" % (where, fr, name, words[name]))

for p in problems:
    print(p)
print("%d words in interface.csv, %d names asked for by the code, "
      "%d looked up by a variable (%s)" % (len(words), len(asked),
                                           len(dynamic), ", ".join(dynamic)))
print("%d problems" % len(problems))
sys.exit(1 if problems else 0)
