-- Content pack: one read-only SQLite file built by `msd-kiosk content build`
-- from assets/content/.  The kiosk and the sheets read only this.
-- PRAGMA user_version carries the pack schema version (PACK_SCHEMA_VERSION
-- in kiosk/content/pack.h); a kiosk refuses a pack of another version, so a
-- change here bumps it and the packs are rebuilt.
--   1  the first packs
--   2  question.multiple (questions.csv `plusieurs`)
--   3  language and translation (interface.csv, traductions/LANG/)

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,      -- 'version' (integer, grows with each build),
    value TEXT NOT NULL          -- 'built_at' (YYYY-MM-DD HH:MM), 'source_sha256'
) WITHOUT ROWID;

-- Pictogram names and the glyph (code point in the FontAwesome 4.7 font).
CREATE TABLE picto (
    name      TEXT PRIMARY KEY,
    codepoint INTEGER NOT NULL,
    label     TEXT NOT NULL       -- what it shows, for people and screen readers
) WITHOUT ROWID;

CREATE TABLE msd (
    code      TEXT PRIMARY KEY,   -- chambery, aix, albertville, ...
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    territory TEXT NOT NULL,
    address   TEXT,               -- NULL when unknown: show nothing
    phone     TEXT,
    hours     TEXT,
    source    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE theme (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    title    TEXT NOT NULL,
    picto    TEXT NOT NULL REFERENCES picto(name),
    summary  TEXT NOT NULL
) WITHOUT ROWID;

-- Rights-and-duties pages.  body is the page text in the source markup
-- (blank line = paragraph, "## " = subtitle, "- " = list item).
CREATE TABLE page (
    id          TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    picto       TEXT NOT NULL REFERENCES picto(name),
    reviewed_on TEXT NOT NULL,    -- YYYY-MM-DD: the day the text was written
    sources     TEXT NOT NULL,    -- one per line
    body        TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE offer (
    id          TEXT PRIMARY KEY,
    theme       TEXT NOT NULL REFERENCES theme(id),
    position    INTEGER NOT NULL, -- order within its theme (file order)
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL,    -- one sentence
    for_whom    TEXT NOT NULL,
    cost        TEXT NOT NULL,
    how         TEXT NOT NULL,
    contact     TEXT,
    qr          TEXT NOT NULL,    -- https://... or tel:...
    picto       TEXT NOT NULL REFERENCES picto(name),  -- resolved: theme's if empty
    reviewed_on TEXT NOT NULL,    -- YYYY-MM-DD: the day the text was written
    source      TEXT NOT NULL,
    body        TEXT              -- optional longer text, same markup as pages
) WITHOUT ROWID;

CREATE TABLE offer_msd (
    offer_id TEXT NOT NULL REFERENCES offer(id),
    msd_code TEXT NOT NULL REFERENCES msd(code),
    PRIMARY KEY (offer_id, msd_code)
) WITHOUT ROWID;
CREATE INDEX offer_msd_by_msd ON offer_msd(msd_code, offer_id);

CREATE TABLE glossary (
    word        TEXT PRIMARY KEY,
    variants    TEXT NOT NULL,    -- other forms, '|' separated ('' if none)
    explanation TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE question (
    id       TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    multiple INTEGER NOT NULL DEFAULT 0  -- 1: several answers may be picked
) WITHOUT ROWID;

CREATE TABLE answer (
    question_id TEXT NOT NULL REFERENCES question(id),
    position    INTEGER NOT NULL,
    picto       TEXT NOT NULL REFERENCES picto(name),
    label       TEXT NOT NULL,
    PRIMARY KEY (question_id, position)
) WITHOUT ROWID;

-- The languages the kiosk can be read in, French first: each by its own
-- name in its own script ("English", "العربية", "Українська").
CREATE TABLE language (
    code     TEXT PRIMARY KEY,    -- fr, en, ar, uk
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    rtl      INTEGER NOT NULL DEFAULT 0  -- 1: written right to left
) WITHOUT ROWID;

-- Every text of a language by its key: the interface's words in French
-- (lang 'fr', keys 'ui.*'), and in the other languages whatever was
-- translated ('offre.ID.titre', 'page.ID.corps'...).  A key a language
-- lacks is shown in French.
CREATE TABLE translation (
    lang TEXT NOT NULL REFERENCES language(code),
    key  TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (lang, key)
) WITHOUT ROWID;
