-- Signed-in browser sessions, so the server can end one: the cookie carries a random id,
-- only its SHA-256 is stored here. Signing out deletes the row; a password, role or
-- activity change deletes every row of that user; expired rows are pruned at sign-in.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Sign-in throttling counts failures per login *and* client address, so nobody can lock a
-- colleague out from elsewhere. The counters are transient: the old ones are dropped.
DROP TABLE login_throttle;
CREATE TABLE login_throttle (
    login TEXT NOT NULL,
    client TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_failure TIMESTAMP NOT NULL,
    PRIMARY KEY (login, client)
);
