-- The queue of a center's hall: service groups (by field of the catalog),
-- counters (who staffs each, which groups it serves), the devices of the
-- hall (ticket kiosks and the counters' rating tablets, known by a secret
-- link whose hash is kept), tickets (numbered per center, group and day),
-- the dossiers received from a ticket, and the citizens' ratings (one per
-- dossier and stage).
CREATE TABLE service_groups (
    id        INTEGER PRIMARY KEY,
    center_id INTEGER NOT NULL REFERENCES centers(id),
    letter    TEXT NOT NULL,
    name      TEXT NOT NULL,
    -- catalog field codes, comma-separated; empty: every other field
    fields    TEXT NOT NULL DEFAULT '',
    position  BIGINT NOT NULL DEFAULT 0,
    active    BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (center_id, letter)
);

CREATE TABLE counters (
    id         INTEGER PRIMARY KEY,
    center_id  INTEGER NOT NULL REFERENCES centers(id),
    number     BIGINT NOT NULL,
    -- service group ids served, comma-separated
    groups     TEXT NOT NULL DEFAULT '',
    staffed_by INTEGER REFERENCES accounts(id),
    opened_at  BIGINT,
    UNIQUE (center_id, number)
);

CREATE TABLE kiosks (
    id         INTEGER PRIMARY KEY,
    center_id  INTEGER NOT NULL REFERENCES centers(id),
    kind       TEXT NOT NULL,
    counter_id INTEGER REFERENCES counters(id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER NOT NULL REFERENCES accounts(id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE tickets (
    id              INTEGER PRIMARY KEY,
    center_id       INTEGER NOT NULL REFERENCES centers(id),
    group_id        INTEGER NOT NULL REFERENCES service_groups(id),
    day             TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    lane            TEXT NOT NULL,
    booked_for      BIGINT,
    kiosk_id        INTEGER REFERENCES kiosks(id),
    taken_at        BIGINT NOT NULL,
    after_hours     BOOLEAN NOT NULL,
    status          TEXT NOT NULL,
    counter_id      INTEGER REFERENCES counters(id),
    served_by       INTEGER REFERENCES accounts(id),
    -- sent on to this counter by another: it calls it first
    for_counter     INTEGER REFERENCES counters(id),
    first_called_at BIGINT,
    called_at       BIGINT,
    announced_at    BIGINT,
    recalls         BIGINT NOT NULL DEFAULT 0,
    finished_at     BIGINT,
    UNIQUE (center_id, group_id, day, seq)
);
CREATE INDEX tickets_day ON tickets(center_id, day, status);
CREATE INDEX tickets_taken ON tickets(center_id, taken_at);

CREATE TABLE ticket_dossiers (
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    PRIMARY KEY (ticket_id, dossier_id)
);
CREATE INDEX ticket_dossiers_dossier ON ticket_dossiers(dossier_id);

CREATE TABLE ratings (
    id         INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    stage      TEXT NOT NULL,
    rating     TEXT NOT NULL,
    officer_id INTEGER REFERENCES accounts(id),
    counter_id INTEGER REFERENCES counters(id),
    ticket_id  INTEGER REFERENCES tickets(id),
    -- 'tablet' at the counter or 'link' from the receipt
    via        TEXT NOT NULL,
    survey     TEXT NOT NULL DEFAULT '',
    comment    TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (dossier_id, stage)
);
CREATE INDEX ratings_officer ON ratings(officer_id, created_at);
