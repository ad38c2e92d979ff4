-- The dashboards' counts (issue 15): the rollups of a center × procedure ×
-- day of receipt gain early, the channels, digitization, electronic results,
-- reuse, returns and the settling time; the officers' own figures per center,
-- account and day of the work; and the version of the rule that counted them,
-- so a store counted by an older rule rebuilds from the events on start.
ALTER TABLE daily_rollups ADD COLUMN early            BIGINT NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN in_person        BIGINT NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN by_post          BIGINT NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN digitized        BIGINT NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN e_result         BIGINT NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN reused           BIGINT NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN returned         BIGINT NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN returned_by_post BIGINT NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN settle_seconds   BIGINT NOT NULL DEFAULT 0;
-- The province's dashboard reads every center over a period.
CREATE INDEX daily_rollups_day ON daily_rollups(day);

CREATE TABLE officer_rollups (
    center_id  BIGINT NOT NULL,
    account_id BIGINT NOT NULL,
    day        TEXT NOT NULL,
    received   BIGINT NOT NULL DEFAULT 0,
    digitized  BIGINT NOT NULL DEFAULT 0,
    settled    BIGINT NOT NULL DEFAULT 0,
    on_time    BIGINT NOT NULL DEFAULT 0,
    late       BIGINT NOT NULL DEFAULT 0,
    returned   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, day, account_id)
);

-- One row: the version of the counting rule the rollups hold (0: counted
-- before versions were kept).
CREATE TABLE rollup_rule (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO rollup_rule (id, version) VALUES (1, 0);
