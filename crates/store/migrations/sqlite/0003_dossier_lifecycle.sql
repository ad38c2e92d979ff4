-- People and businesses who file dossiers, found again by their identity number.
CREATE TABLE applicants (
    id          INTEGER PRIMARY KEY,
    id_number   TEXT UNIQUE,
    name        TEXT NOT NULL,
    name_search TEXT NOT NULL,
    phone       TEXT,
    email       TEXT,
    address     TEXT NOT NULL DEFAULT '',
    updated_at  BIGINT NOT NULL
);
CREATE INDEX applicants_phone ON applicants(phone);
CREATE INDEX applicants_name ON applicants(name_search);

-- The current state of a lifecycle dossier, rebuilt from its events and kept
-- with them in one transaction; the columns above it stay queryable.
ALTER TABLE dossiers ADD COLUMN applicant_id INTEGER REFERENCES applicants(id);
ALTER TABLE dossiers ADD COLUMN applicant_address TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN handling_agency TEXT;
ALTER TABLE dossiers ADD COLUMN assigned_to INTEGER;
ALTER TABLE dossiers ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
ALTER TABLE dossiers ADD COLUMN state TEXT NOT NULL DEFAULT '{}';
ALTER TABLE dossiers ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN last_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX dossiers_assigned ON dossiers(assigned_to, status);
CREATE INDEX dossiers_applicant ON dossiers(applicant_id);

-- Every change to a dossier, hash-chained per dossier.
CREATE TABLE dossier_events (
    id               INTEGER PRIMARY KEY,
    dossier_id       INTEGER NOT NULL REFERENCES dossiers(id),
    seq              INTEGER NOT NULL,
    at               BIGINT NOT NULL,
    actor_account_id INTEGER,
    actor_username   TEXT,
    actor_role       TEXT,
    agency_code      TEXT NOT NULL,
    from_status      INTEGER,
    to_status        INTEGER NOT NULL,
    action           TEXT NOT NULL,
    payload          TEXT NOT NULL,
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL,
    UNIQUE (dossier_id, seq)
);
