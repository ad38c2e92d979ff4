-- A bulk load into an empty database drops the secondary indexes of the
-- dossier tables and builds them once at the end (one sort instead of a
-- million random inserts). Their definitions wait here, written in the same
-- transaction as the drop, so that a load cut short has them rebuilt at the
-- next start instead of leaving the tables unindexed.
CREATE TABLE deferred_indexes (
    name       TEXT PRIMARY KEY,
    definition TEXT NOT NULL
);
