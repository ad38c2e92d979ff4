-- Coarser sums of daily_rollups, written by the same writes (live, bulk and
-- rebuild): a province's month then sums ~3 000 center-days instead of ~100 000
-- center-procedure-days, and a year ~1 200 center-months (the benchmark of
-- issue 15 measured the daily table alone at 120 ms and 1.9 s).
CREATE TABLE center_day_rollups (
    center_id        INTEGER NOT NULL,
    day              TEXT NOT NULL,
    received         BIGINT NOT NULL DEFAULT 0,
    finished         BIGINT NOT NULL DEFAULT 0,
    on_time          BIGINT NOT NULL DEFAULT 0,
    late             BIGINT NOT NULL DEFAULT 0,
    refused          BIGINT NOT NULL DEFAULT 0,
    supplemented     BIGINT NOT NULL DEFAULT 0,
    online           BIGINT NOT NULL DEFAULT 0,
    early            BIGINT NOT NULL DEFAULT 0,
    in_person        BIGINT NOT NULL DEFAULT 0,
    by_post          BIGINT NOT NULL DEFAULT 0,
    digitized        BIGINT NOT NULL DEFAULT 0,
    e_result         BIGINT NOT NULL DEFAULT 0,
    reused           BIGINT NOT NULL DEFAULT 0,
    returned         BIGINT NOT NULL DEFAULT 0,
    returned_by_post BIGINT NOT NULL DEFAULT 0,
    settle_seconds   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, day)
);
CREATE INDEX center_day_rollups_day ON center_day_rollups(day);

-- month: yyyy-mm
CREATE TABLE center_month_rollups (
    center_id        INTEGER NOT NULL,
    month            TEXT NOT NULL,
    received         BIGINT NOT NULL DEFAULT 0,
    finished         BIGINT NOT NULL DEFAULT 0,
    on_time          BIGINT NOT NULL DEFAULT 0,
    late             BIGINT NOT NULL DEFAULT 0,
    refused          BIGINT NOT NULL DEFAULT 0,
    supplemented     BIGINT NOT NULL DEFAULT 0,
    online           BIGINT NOT NULL DEFAULT 0,
    early            BIGINT NOT NULL DEFAULT 0,
    in_person        BIGINT NOT NULL DEFAULT 0,
    by_post          BIGINT NOT NULL DEFAULT 0,
    digitized        BIGINT NOT NULL DEFAULT 0,
    e_result         BIGINT NOT NULL DEFAULT 0,
    reused           BIGINT NOT NULL DEFAULT 0,
    returned         BIGINT NOT NULL DEFAULT 0,
    returned_by_post BIGINT NOT NULL DEFAULT 0,
    settle_seconds   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, month)
);
CREATE INDEX center_month_rollups_month ON center_month_rollups(month);

CREATE TABLE procedure_month_rollups (
    center_id        INTEGER NOT NULL,
    procedure_code   TEXT NOT NULL,
    month            TEXT NOT NULL,
    received         BIGINT NOT NULL DEFAULT 0,
    finished         BIGINT NOT NULL DEFAULT 0,
    on_time          BIGINT NOT NULL DEFAULT 0,
    late             BIGINT NOT NULL DEFAULT 0,
    refused          BIGINT NOT NULL DEFAULT 0,
    supplemented     BIGINT NOT NULL DEFAULT 0,
    online           BIGINT NOT NULL DEFAULT 0,
    early            BIGINT NOT NULL DEFAULT 0,
    in_person        BIGINT NOT NULL DEFAULT 0,
    by_post          BIGINT NOT NULL DEFAULT 0,
    digitized        BIGINT NOT NULL DEFAULT 0,
    e_result         BIGINT NOT NULL DEFAULT 0,
    reused           BIGINT NOT NULL DEFAULT 0,
    returned         BIGINT NOT NULL DEFAULT 0,
    returned_by_post BIGINT NOT NULL DEFAULT 0,
    settle_seconds   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, month, procedure_code)
);
CREATE INDEX procedure_month_rollups_month ON procedure_month_rollups(month);

INSERT INTO center_day_rollups (center_id, day, received, finished, on_time, late, refused, supplemented, online, early, in_person, by_post, digitized, e_result, reused, returned, returned_by_post, settle_seconds)
    SELECT center_id, day, SUM(received), SUM(finished), SUM(on_time), SUM(late), SUM(refused), SUM(supplemented), SUM(online), SUM(early), SUM(in_person), SUM(by_post), SUM(digitized), SUM(e_result), SUM(reused), SUM(returned), SUM(returned_by_post), SUM(settle_seconds) FROM daily_rollups GROUP BY center_id, day;
INSERT INTO center_month_rollups (center_id, month, received, finished, on_time, late, refused, supplemented, online, early, in_person, by_post, digitized, e_result, reused, returned, returned_by_post, settle_seconds)
    SELECT center_id, substr(day, 1, 7), SUM(received), SUM(finished), SUM(on_time), SUM(late), SUM(refused), SUM(supplemented), SUM(online), SUM(early), SUM(in_person), SUM(by_post), SUM(digitized), SUM(e_result), SUM(reused), SUM(returned), SUM(returned_by_post), SUM(settle_seconds) FROM daily_rollups GROUP BY center_id, substr(day, 1, 7);
INSERT INTO procedure_month_rollups (center_id, procedure_code, month, received, finished, on_time, late, refused, supplemented, online, early, in_person, by_post, digitized, e_result, reused, returned, returned_by_post, settle_seconds)
    SELECT center_id, procedure_code, substr(day, 1, 7), SUM(received), SUM(finished), SUM(on_time), SUM(late), SUM(refused), SUM(supplemented), SUM(online), SUM(early), SUM(in_person), SUM(by_post), SUM(digitized), SUM(e_result), SUM(reused), SUM(returned), SUM(returned_by_post), SUM(settle_seconds) FROM daily_rollups GROUP BY center_id, procedure_code, substr(day, 1, 7);
