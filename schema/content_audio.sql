-- The read-aloud audio of a content pack (issue 15): what "Écouter" plays,
-- synthesised by `msd-kiosk content build` (espeak-ng, French) or recorded,
-- one row per clip (kiosk/content/speech.h names the kinds).  Apart from
-- content.sql because the kiosk never reads it into memory: it streams
-- one clip's data with sqlite3_blob_read while it plays (kiosk/audio/).
-- A pack built with --no-audio has no such table; a kiosk that reads
-- none ignores it.
CREATE TABLE audio (
    kind        TEXT NOT NULL,    -- page, page-title, offer, offer-item, theme, question, gloss
    id          TEXT NOT NULL,    -- the page, offer, theme, question id, or the glossary word
    text_sha256 TEXT NOT NULL,    -- of the voice and the text as spoken: the build's cache key
    sentences   TEXT NOT NULL,    -- the sentences read, one a line (speech.h)
    starts      TEXT NOT NULL,    -- start of each sentence, ms, space separated ("0" if recorded)
    duration_ms INTEGER NOT NULL,
    recorded    INTEGER NOT NULL, -- 1: a human voice from the sources, 0: synthesised
    data        BLOB NOT NULL,    -- Ogg Opus, mono
    PRIMARY KEY (kind, id)
);
