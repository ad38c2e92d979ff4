-- Work done in the background and kept across restarts: a job row is
-- written in the same transaction as what it works on (a scan to read with
-- OCR), claimed for a while by a worker, and finished, retried later or
-- given up with its error.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    subject      BIGINT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'queued',
    attempts     BIGINT NOT NULL DEFAULT 0,
    run_after    BIGINT NOT NULL,
    locked_until BIGINT,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    done_at      BIGINT
);
CREATE INDEX jobs_due ON jobs(kind, state, run_after);

-- The text OCR read in a scan, and its folded form that search matches.
ALTER TABLE attachments ADD COLUMN ocr_text TEXT;
ALTER TABLE attachments ADD COLUMN ocr_search TEXT;
