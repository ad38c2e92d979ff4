-- Results sent by public postal service (Decision 45/2016). A delivery is
-- written with the dossier's ship-by-post event and, in the same
-- transaction, a job of kind 'carrier-create' (the jobs table is the outbox:
-- a worker sends the order to the carrier with an idempotency key, and tries
-- again later when it cannot). The carrier's tracking updates arrive at a
-- signed webhook; each is kept in delivery_updates (its event id once: a
-- replay is recognised), and those that move the parcel on are written with
-- a postal-update event on the dossier.
CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY,
    dossier_id       INTEGER NOT NULL REFERENCES dossiers(id),
    center_id        INTEGER NOT NULL REFERENCES centers(id),
    event_seq        BIGINT NOT NULL,
    order_number     TEXT NOT NULL,
    tracking         TEXT UNIQUE,
    carrier_order    TEXT UNIQUE,
    receiver_name    TEXT NOT NULL,
    receiver_address TEXT NOT NULL,
    receiver_ward    TEXT NOT NULL,
    receiver_phone   TEXT NOT NULL,
    postage          BIGINT NOT NULL,
    cod              BIGINT NOT NULL,
    state            TEXT NOT NULL,
    last_seq         BIGINT NOT NULL DEFAULT 0,
    failed_attempts  BIGINT NOT NULL DEFAULT 0,
    account_id       INTEGER REFERENCES accounts(id),
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    delivered_at     BIGINT,
    received_by      TEXT,
    proof_blob       TEXT
);
CREATE INDEX deliveries_dossier ON deliveries(dossier_id);
CREATE INDEX deliveries_center_state ON deliveries(center_id, state, updated_at);

CREATE TABLE delivery_updates (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
    event_id    TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    state       TEXT NOT NULL,
    at          BIGINT NOT NULL,
    note        TEXT NOT NULL,
    received_by TEXT,
    proof_blob  TEXT,
    -- 'applied', 'out-of-order' or 'impossible'
    outcome     TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    UNIQUE (delivery_id, event_id)
);
