-- Reminders database, version 1.
-- One row per appointment, one outbox row per (appointment, reminder
-- offset).  Every outbox row ends in a terminal state with a reason.

CREATE TABLE appointment (
    id           INTEGER PRIMARY KEY,
    msd          TEXT NOT NULL,
    rdv_id       TEXT,              -- the agenda's id; NULL once purged
    at           INTEGER NOT NULL,  -- appointment time, Unix seconds
    phone        TEXT,              -- E.164; NULL once purged
    phone_kind   TEXT NOT NULL CHECK (phone_kind IN ('mobile', 'landline')),
    place        TEXT,              -- NULL once purged
    status       TEXT NOT NULL CHECK (status IN ('planned', 'cancelled')),
    sms_refused  INTEGER NOT NULL DEFAULT 0,
    imported_at  INTEGER NOT NULL,  -- first import: import-to-appointment delay
    updated_at   INTEGER NOT NULL,
    purged_at    INTEGER,           -- personal data removed (retention_days)
    UNIQUE (msd, rdv_id)
);
CREATE INDEX appointment_at ON appointment(at);
CREATE INDEX appointment_phone ON appointment(phone);

-- Appointments whose reminders must be (re)planned: filled by the import,
-- emptied by the planner in the same transaction that plans them.  A
-- separate table rather than a flag, so that planning a large import
-- never rewrites the appointment rows.
CREATE TABLE plan_queue (
    appt_id  INTEGER PRIMARY KEY REFERENCES appointment(id),
    changed  INTEGER NOT NULL     -- 1: may have rows for another time
);

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    appt_id      INTEGER NOT NULL REFERENCES appointment(id),
    offset_s     INTEGER NOT NULL,  -- the configured offset it stands for
    appt_at      INTEGER NOT NULL,  -- the appointment time it was planned for:
                                    -- a reschedule plans new rows
    due_at       INTEGER NOT NULL,  -- when to send next (quiet hours and
                                    -- retry backoff applied)
    state        TEXT NOT NULL CHECK (state IN ('planned', 'sending', 'retry',
                     'sent', 'failed', 'expired', 'cancelled')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    reason       TEXT,              -- why it is in this state
    text         TEXT,              -- the message as sent (NULL before, and once purged)
    segments     INTEGER NOT NULL DEFAULT 0,  -- estimated at planning, exact once sent
    ucs2         INTEGER NOT NULL DEFAULT 0,
    provider_id  TEXT,
    sent_at      INTEGER,
    updated_at   INTEGER NOT NULL,
    UNIQUE (appt_id, offset_s, appt_at)
);
CREATE INDEX outbox_due ON outbox(due_at) WHERE state IN ('planned', 'retry', 'sending');

CREATE TABLE optout (
    phone  TEXT PRIMARY KEY,        -- E.164
    at     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE import_log (
    id        INTEGER PRIMARY KEY,
    file      TEXT NOT NULL,
    at        INTEGER NOT NULL,
    rows      INTEGER NOT NULL,
    added     INTEGER NOT NULL,
    changed   INTEGER NOT NULL,
    cancelled INTEGER NOT NULL
);
