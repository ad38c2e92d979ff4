-- Dossiers the post carries (Circular 17/2017/TT-BTTTT Art. 5): a manifest
-- (bảng kê) is a batch carried by a postal employee from one end to the
-- other — postal intakes to the center, dossiers to the agency that settles
-- them, results back — with the hand-over record signed at each end. It is
-- written with a 'transport' event on each of its dossiers in one
-- transaction, and received (each dossier tallied) the same way.
CREATE TABLE manifests (
    id               INTEGER PRIMARY KEY,
    center_id        INTEGER NOT NULL REFERENCES centers(id),
    year             BIGINT NOT NULL,
    seq              BIGINT NOT NULL,
    leg              TEXT NOT NULL,
    from_place       TEXT NOT NULL,
    to_place         TEXT NOT NULL,
    to_agency        TEXT,
    carrier_id       INTEGER NOT NULL REFERENCES accounts(id),
    dispatched_by    INTEGER NOT NULL REFERENCES accounts(id),
    dispatched_at    BIGINT NOT NULL,
    note             TEXT NOT NULL,
    received_at      BIGINT,
    received_by      INTEGER REFERENCES accounts(id),
    received_by_name TEXT,
    receive_note     TEXT,
    UNIQUE (center_id, year, seq)
);
CREATE INDEX manifests_open ON manifests(center_id, received_at);

CREATE TABLE manifest_items (
    manifest_id INTEGER NOT NULL REFERENCES manifests(id),
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
    documents   BIGINT NOT NULL,
    fees        BIGINT NOT NULL,
    -- 'complete', 'incomplete' or 'missing' once received
    tally       TEXT,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (manifest_id, dossier_id)
);
CREATE INDEX manifest_items_dossier ON manifest_items(dossier_id);
