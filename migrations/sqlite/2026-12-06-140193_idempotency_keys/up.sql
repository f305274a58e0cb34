-- The answers given to API POSTs sent with an Idempotency-Key header, per token, so a
-- retried request gets its first answer again and creates nothing twice. A row without a
-- status is a request still running (its key is claimed); rows are kept 24 hours.
CREATE TABLE idempotency_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    token_id INTEGER NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    response TEXT,
    location TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX idempotency_keys_key ON idempotency_keys (token_id, idempotency_key);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
