-- The read-aloud audio of a content pack (issue 15): what "Écouter" plays,
-- synthesised by `msd-kiosk content build` (espeak-ng, one voice per
-- language) or recorded, one row per clip and language
-- (kiosk/content/speech.h names the kinds).  Apart from content.sql
-- because the kiosk never reads it into memory: it streams one clip's
-- data with sqlite3_blob_read while it plays (kiosk/audio/).
-- A pack built with --no-audio has no such table; a kiosk that reads
-- none ignores it.
CREATE TABLE audio (
    lang        TEXT NOT NULL DEFAULT 'fr', -- the language shown (issue 16)
    kind        TEXT NOT NULL,    -- page, page-title, offer, offer-item, theme, question, gloss
    id          TEXT NOT NULL,    -- the page, offer, theme, question id, or the glossary word in French
    text_sha256 TEXT NOT NULL,    -- of the voice and the text as spoken: the build's cache key
    sentences   TEXT NOT NULL,    -- the sentences read, one a line (speech.h)
    starts      TEXT NOT NULL,    -- start of each sentence, ms, space separated ("0" if recorded)
    duration_ms INTEGER NOT NULL,
    recorded    INTEGER NOT NULL, -- 1: a human voice from the sources, 0: synthesised
    data        BLOB NOT NULL,    -- Ogg Opus, mono
    PRIMARY KEY (lang, kind, id)
);
-- The languages that can be heard, and espeak-ng's voice for each.  A
-- language of the pack missing here (no voice on the machine that built
-- it) has no "Écouter".  A clip of a language whose texts all stayed
-- French has no row of that language: the French row is read, by the
-- French voice.  A pack of before issue 16 has neither this table nor
-- audio.lang: its audio is French.
CREATE TABLE audio_voice (
    lang        TEXT PRIMARY KEY,
    voice       TEXT NOT NULL,    -- espeak-ng's name: fr, en, ar, uk
    kinds       TEXT NOT NULL     -- the kinds read in it, space separated: a
                                  -- kind not listed has no "Écouter" in it
);
