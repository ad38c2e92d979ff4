-- Every try to send a notice, as it went: sent, skipped (no way to send it
-- here), retry (failed, tried again later) or failed (given up), with what
-- the mail server or SMS gateway answered. Written with the notice's change.
CREATE TABLE notice_attempts (
    id        INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    at        BIGINT NOT NULL,
    outcome   TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notice_attempts_notice ON notice_attempts(notice_id);
