-- Tracking codes the post office issued in advance (UPU S10), for a center
-- or for any: a parcel sent takes the next free one, and the carrier keeps
-- it; without one, the carrier gives a code of its own.
CREATE TABLE tracking_codes (
    code        TEXT PRIMARY KEY,
    center_id   BIGINT REFERENCES centers(id),
    added_at    BIGINT NOT NULL,
    delivery_id BIGINT REFERENCES deliveries(id)
);
CREATE INDEX tracking_codes_free ON tracking_codes(center_id, code) WHERE delivery_id IS NULL;
