-- What citizens are told of their dossiers (received, supplement needed,
-- result ready, apology, shipped, delivered), by e-mail or SMS. A notice is
-- written with the event that calls for it and, in the same transaction, a
-- job of kind 'notify' (the outbox): a worker sends it, at least once, with
-- the notice's id as the idempotency key; an SMS waits out the night.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
    event_seq   BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    channel     TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    send_after  BIGINT NOT NULL,
    -- 'queued', 'sent', 'failed' (given up) or 'skipped' (no way to send)
    state       TEXT NOT NULL DEFAULT 'queued',
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT,
    sent_at     BIGINT
);
CREATE INDEX notices_dossier ON notices(dossier_id);
