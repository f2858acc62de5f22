-- Reminders database, version 2: what comes back from the provider.
--
--  * Delivery reports move a sent row to `delivered` or `undelivered`
--    (final: an intermediate report never overwrites them).  The last
--    intermediate report ("buffered by the SMSC") is kept in dlr_status.
--  * Replies (STOP, ANNULER, OUI, anything else) are kept one row each
--    in `reply`, the latest category on the appointment; their text is
--    personal data and purged with the appointment.
--  * The agenda's re-import may say that the person did not come
--    (`absent`: one relance SMS, outbox offset_s = -1) or came (`venu`).
--
-- SQLite cannot widen a CHECK constraint in place: the outbox is rebuilt
-- with the same columns plus the new ones.  Nothing references outbox,
-- so dropping the old table checks no foreign key.

CREATE TABLE outbox_v2 (
    id           INTEGER PRIMARY KEY,
    appt_id      INTEGER NOT NULL REFERENCES appointment(id),
    offset_s     INTEGER NOT NULL,  -- the configured offset it stands for;
                                    -- -1: the relance after a missed appointment
    appt_at      INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('planned', 'sending', 'retry',
                     'sent', 'failed', 'expired', 'cancelled',
                     'delivered', 'undelivered')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    reason       TEXT,
    text         TEXT,
    segments     INTEGER NOT NULL DEFAULT 0,
    ucs2         INTEGER NOT NULL DEFAULT 0,
    provider_id  TEXT,              -- the provider's message id (Twilio's SM...)
    sent_at      INTEGER,
    updated_at   INTEGER NOT NULL,
    dlr_status   TEXT,              -- last intermediate delivery report
    dlr_at       INTEGER,           -- when the last report came
    UNIQUE (appt_id, offset_s, appt_at)
);
INSERT INTO outbox_v2 (id, appt_id, offset_s, appt_at, due_at, state, attempts,
    reason, text, segments, ucs2, provider_id, sent_at, updated_at)
    SELECT id, appt_id, offset_s, appt_at, due_at, state, attempts, reason,
    text, segments, ucs2, provider_id, sent_at, updated_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
-- Word for word the list of outbox_next_due: SQLite uses a partial index
-- only then.
CREATE INDEX outbox_due ON outbox(due_at) WHERE state IN ('planned', 'retry', 'sending');
CREATE INDEX outbox_provider ON outbox(provider_id) WHERE provider_id IS NOT NULL;

-- What the agenda's re-import said happened: NULL (nothing said),
-- 'absent' (no-show) or 'venu' (came).
ALTER TABLE appointment ADD COLUMN outcome TEXT
    CHECK (outcome IS NULL OR outcome IN ('absent', 'venu'));
-- The latest reply's category: 'confirmed' (OUI), 'cancel_request'
-- (ANNULER, NON: staff call back and free the slot), 'stop' (STOP), or
-- 'unclear' (réponse non comprise: staff read it).
ALTER TABLE appointment ADD COLUMN reply TEXT
    CHECK (reply IS NULL OR reply IN ('confirmed', 'cancel_request', 'stop',
        'unclear'));
ALTER TABLE appointment ADD COLUMN reply_at INTEGER;

CREATE TABLE reply (
    id           INTEGER PRIMARY KEY,
    appt_id      INTEGER NOT NULL REFERENCES appointment(id),
    at           INTEGER NOT NULL,
    category     TEXT NOT NULL CHECK (category IN ('confirmed',
                     'cancel_request', 'stop', 'unclear')),
    text         TEXT,              -- as received; NULL once purged
    provider_id  TEXT UNIQUE        -- Twilio's MessageSid: a retried
                                    -- webhook is recorded once
);
CREATE INDEX reply_appt ON reply(appt_id);
