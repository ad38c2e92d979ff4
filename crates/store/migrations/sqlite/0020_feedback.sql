-- Citizens' opinions and complaints (PAKN): one row each with its handling
-- (status, who handles it, each step's instant and text, the rating of the
-- answer), numbered per center and day; and the history of its steps,
-- written in the same transaction as the row. `version` guards each step:
-- a change made on a stale read is refused.
CREATE TABLE feedback (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    center_id          INTEGER NOT NULL REFERENCES centers(id),
    day                TEXT NOT NULL,
    seq                BIGINT NOT NULL,
    dossier_id         INTEGER REFERENCES dossiers(id),
    category           TEXT NOT NULL,
    content            TEXT NOT NULL,
    sender_name        TEXT NOT NULL DEFAULT '',
    sender_phone       TEXT,
    sender_email       TEXT,
    -- a digest of the sender's phone or e-mail, to find a repeated PAKN
    contact_key        TEXT NOT NULL DEFAULT '',
    repeated           BOOLEAN NOT NULL DEFAULT FALSE,
    received_at        BIGINT NOT NULL,
    status             TEXT NOT NULL,
    assigned_to        INTEGER REFERENCES accounts(id),
    assigned_at        BIGINT,
    refused_at         BIGINT,
    refusal_reason     TEXT NOT NULL DEFAULT '',
    info_asked_at      BIGINT,
    info_request       TEXT NOT NULL DEFAULT '',
    info_given_at      BIGINT,
    info_reply         TEXT NOT NULL DEFAULT '',
    paused_seconds     BIGINT NOT NULL DEFAULT 0,
    answered_at        BIGINT,
    answered_by        INTEGER REFERENCES accounts(id),
    answer             TEXT NOT NULL DEFAULT '',
    published_at       BIGINT,
    published_question TEXT NOT NULL DEFAULT '',
    published_answer   TEXT NOT NULL DEFAULT '',
    -- folded (no diacritics, lower case) published texts, for the portal's search
    published_search   TEXT NOT NULL DEFAULT '',
    closed_at          BIGINT,
    rating             TEXT,
    rated_at           BIGINT,
    rating_comment     TEXT NOT NULL DEFAULT '',
    version            BIGINT NOT NULL DEFAULT 0,
    UNIQUE (center_id, day, seq)
);

CREATE INDEX feedback_center_received ON feedback (center_id, received_at);
CREATE INDEX feedback_dossier ON feedback (dossier_id);
CREATE INDEX feedback_contact ON feedback (contact_key, received_at);
CREATE INDEX feedback_published ON feedback (published_at);

CREATE TABLE feedback_history (
    id          INTEGER PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    at          BIGINT NOT NULL,
    step        TEXT NOT NULL,
    actor_id    INTEGER REFERENCES accounts(id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);

CREATE INDEX feedback_history_of ON feedback_history (feedback_id, id);
