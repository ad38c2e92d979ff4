-- The dossier keeps the applicant's e-mail as given with it: an online
-- submission no longer writes to the shared applicant record.
ALTER TABLE dossiers ADD COLUMN applicant_email TEXT;
UPDATE dossiers SET applicant_email = (SELECT a.email FROM applicants a WHERE a.id = dossiers.applicant_id)
 WHERE applicant_id IS NOT NULL;

-- An applicant's shared record changes only through staff, with a reason.
CREATE TABLE applicant_changes (
    id           INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants(id),
    at           BIGINT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    reason       TEXT NOT NULL,
    old_details  TEXT NOT NULL,
    new_details  TEXT NOT NULL
);
CREATE INDEX applicant_changes_applicant ON applicant_changes(applicant_id);

-- API tokens expire and can be revoked (also by a password change).
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT;
UPDATE api_tokens SET expires_at = created_at + 90 * 86400;
CREATE INDEX api_tokens_account ON api_tokens(account_id);

-- Who read whose full personal data (Decree 13/2023 on personal data protection).
CREATE TABLE personal_data_reads (
    id         INTEGER PRIMARY KEY,
    at         BIGINT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    dossier_id INTEGER REFERENCES dossiers(id),
    subject    TEXT NOT NULL,
    purpose    TEXT NOT NULL
);
CREATE INDEX personal_data_reads_account ON personal_data_reads(account_id, at);
CREATE INDEX personal_data_reads_dossier ON personal_data_reads(dossier_id);

-- Server-side secrets made once per deployment (the key of the lookup PINs).
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
