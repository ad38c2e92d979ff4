-- Login sessions: only a hash of the session id is stored.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

-- API tokens for scripts and other systems, stored hashed, with a scope.
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    scope      TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A client's idempotency key makes a repeated intake (a double click, a retry)
-- return the dossier it already created.
ALTER TABLE dossiers ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX dossiers_idempotency ON dossiers(idempotency_key);
