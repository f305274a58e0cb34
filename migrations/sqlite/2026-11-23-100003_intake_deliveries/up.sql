-- Intake deliveries already answered, so that a retried webhook (same delivery id from the
-- same token owner) gets the same answer and creates nothing.
CREATE TABLE intake_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    delivery_id TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('attached', 'created', 'merged', 'flagged')),
    lead_id INTEGER,
    partner_id INTEGER,
    response TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX intake_deliveries_key ON intake_deliveries (user_id, delivery_id);
