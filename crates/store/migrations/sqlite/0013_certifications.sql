-- The register of copies certified from originals (sổ chứng thực bản sao từ
-- bản chính, Decree 23/2015): one book per center and year, numbered from 1
-- without gaps. A number is taken in the transaction that writes the
-- dossier's certify event, and only if it follows the last one written, so
-- a failed write leaves no hole. The electronic certified copy is an
-- attachment (purpose 'certified-copy'); its blob's SHA-256 is what the
-- public verification page compares. `token` is the unguessable part of
-- that page's address, printed as a QR code on the copy.
CREATE TABLE certifications (
    id              INTEGER PRIMARY KEY,
    center_id       INTEGER NOT NULL REFERENCES centers(id),
    year            INTEGER NOT NULL,
    number          BIGINT NOT NULL,
    dossier_id      INTEGER NOT NULL REFERENCES dossiers(id),
    event_seq       BIGINT NOT NULL,
    source_id       INTEGER NOT NULL REFERENCES attachments(id),
    copy_id         INTEGER REFERENCES attachments(id),
    document        TEXT NOT NULL,
    pages           BIGINT NOT NULL,
    copies          BIGINT NOT NULL,
    fee             BIGINT NOT NULL,
    certifier_id    INTEGER REFERENCES accounts(id),
    certifier_name  TEXT NOT NULL,
    certifier_title TEXT NOT NULL,
    at              BIGINT NOT NULL,
    token           TEXT NOT NULL UNIQUE,
    UNIQUE (center_id, year, number)
);
CREATE INDEX certifications_dossier ON certifications(dossier_id);
CREATE INDEX certifications_center_at ON certifications(center_id, at);
