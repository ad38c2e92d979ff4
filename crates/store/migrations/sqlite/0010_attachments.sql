-- Scans of a dossier's components (Circular 01/2023 Art. 8: who digitized
-- what, when). The file itself is a blob named by its SHA-256 in the blob
-- store; this row and the dossier's attach-scan event are written in one
-- transaction. A removed scan keeps its row (the event that removed it is
-- noted), so the record of what was once attached stays.
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    dossier_id    INTEGER NOT NULL REFERENCES dossiers(id),
    event_seq     BIGINT NOT NULL,
    component     TEXT NOT NULL,
    component_key TEXT NOT NULL,
    blob          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    kind          TEXT NOT NULL,
    size          BIGINT NOT NULL,
    pages         BIGINT NOT NULL,
    thumb         TEXT,
    reused_from   INTEGER REFERENCES attachments(id),
    account_id    INTEGER REFERENCES accounts(id),
    at            BIGINT NOT NULL,
    removed_seq   BIGINT
);
CREATE INDEX attachments_dossier ON attachments(dossier_id);
CREATE INDEX attachments_blob ON attachments(blob);
