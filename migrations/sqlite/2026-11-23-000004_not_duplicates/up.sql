-- Pairs of leads a user marked as "not duplicates", with the evidence seen at the time:
-- the pair is proposed again only when new evidence appears.
CREATE TABLE not_duplicates (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    lead_a INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    lead_b INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    evidence TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (lead_a < lead_b)
);
CREATE UNIQUE INDEX not_duplicates_pair ON not_duplicates (lead_a, lead_b);
CREATE INDEX not_duplicates_b ON not_duplicates (lead_b);
