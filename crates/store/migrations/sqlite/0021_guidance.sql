-- The guidance log (sổ hướng dẫn): each person counter staff guided, the
-- procedure, the channel they were guided to (online, post, in-person),
-- and the dossier that followed, once known (one dossier follows at most
-- one guidance). No personal data of the person guided is kept.
-- (0020 is reserved for another change in flight.)
CREATE TABLE guidance (
    id             INTEGER PRIMARY KEY,
    center_id      INTEGER NOT NULL REFERENCES centers(id),
    guided_by      INTEGER NOT NULL REFERENCES accounts(id),
    guided_at      BIGINT NOT NULL,
    procedure_code TEXT NOT NULL REFERENCES procedures(code),
    channel        TEXT NOT NULL,
    dossier_id     INTEGER UNIQUE REFERENCES dossiers(id),
    linked_at      BIGINT,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX guidance_center_at ON guidance(center_id, guided_at);
CREATE INDEX guidance_at ON guidance(guided_at);
