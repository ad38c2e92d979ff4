-- An event's prev_hash is the hash of the event before it (or the dossier's
-- genesis hash): the store gives it back from there when it reads a chain.
-- The hash of each event still covers it, so a changed, removed or inserted
-- event is found by `motcua audit verify` as before. Stored, it was 64 bytes
-- of every event row written twice.
ALTER TABLE dossier_events DROP COLUMN prev_hash;
