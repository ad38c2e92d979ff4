-- Organisation
CREATE TABLE provinces (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    province_id INTEGER NOT NULL REFERENCES provinces(id),
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL
);

CREATE TABLE agencies (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    level   TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id)
);

CREATE TABLE centers (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    unit_id   INTEGER REFERENCES units(id),
    address   TEXT NOT NULL
);

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    full_name   TEXT NOT NULL,
    name_search TEXT NOT NULL,
    employer    TEXT NOT NULL,
    phone       TEXT,
    email       TEXT,
    title       TEXT NOT NULL
);

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    staff_id      INTEGER REFERENCES staff(id),
    active        BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE account_roles (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    role       TEXT NOT NULL,
    PRIMARY KEY (account_id, role)
);

CREATE TABLE assignments (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    center_id   INTEGER NOT NULL REFERENCES centers(id),
    role        TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_until TEXT
);
CREATE INDEX assignments_center ON assignments(center_id);
CREATE INDEX assignments_staff ON assignments(staff_id);

-- Catalog
CREATE TABLE fields (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE procedures (
    code            TEXT PRIMARY KEY,
    current_version INTEGER NOT NULL,
    field_code      TEXT NOT NULL REFERENCES fields(code),
    name            TEXT NOT NULL,
    name_search     TEXT NOT NULL,
    level           TEXT NOT NULL,
    time_limit      TEXT NOT NULL
);
CREATE INDEX procedures_field ON procedures(field_code);

-- Every published version is kept: a dossier points at the version it was received under.
CREATE TABLE procedure_versions (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL REFERENCES procedures(code),
    version    INTEGER NOT NULL,
    spec       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE center_procedures (
    center_id      INTEGER NOT NULL REFERENCES centers(id),
    procedure_code TEXT NOT NULL REFERENCES procedures(code),
    PRIMARY KEY (center_id, procedure_code)
);

-- Dossiers (grows with the lifecycle)
CREATE TABLE dossiers (
    id                   INTEGER PRIMARY KEY,
    code                 TEXT NOT NULL UNIQUE,
    center_id            INTEGER NOT NULL REFERENCES centers(id),
    agency_code          TEXT NOT NULL,
    procedure_code       TEXT NOT NULL REFERENCES procedures(code),
    procedure_version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
    channel              INTEGER NOT NULL,
    status               INTEGER NOT NULL,
    applicant_name       TEXT NOT NULL,
    applicant_search     TEXT NOT NULL,
    applicant_id_number  TEXT,
    applicant_phone      TEXT,
    received_at          BIGINT NOT NULL,
    due_at               BIGINT,
    finished_at          BIGINT,
    returned_at          BIGINT,
    supplement_count     INTEGER NOT NULL DEFAULT 0,
    extension_count      INTEGER NOT NULL DEFAULT 0,
    digitized            BOOLEAN NOT NULL DEFAULT FALSE,
    result_by_post       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX dossiers_center_received ON dossiers(center_id, received_at);
CREATE INDEX dossiers_status ON dossiers(status);

-- The last sequence number issued per receiving agency and day: codes never reused, no gaps.
CREATE TABLE dossier_counters (
    agency_code TEXT NOT NULL,
    day         TEXT NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (agency_code, day)
);

-- Counters per center × procedure × day, so dashboards never scan dossiers.
CREATE TABLE daily_rollups (
    center_id      INTEGER NOT NULL,
    procedure_code TEXT NOT NULL,
    day            TEXT NOT NULL,
    received       INTEGER NOT NULL DEFAULT 0,
    finished       INTEGER NOT NULL DEFAULT 0,
    on_time        INTEGER NOT NULL DEFAULT 0,
    late           INTEGER NOT NULL DEFAULT 0,
    refused        INTEGER NOT NULL DEFAULT 0,
    supplemented   INTEGER NOT NULL DEFAULT 0,
    online         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, day, procedure_code)
);
