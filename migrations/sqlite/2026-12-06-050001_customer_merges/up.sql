-- Customers merge like leads: a merged-away partner points at the survivor, and the journal
-- of customer merges keeps a full snapshot for Undo.
-- (No REFERENCES clause: SQLite cannot drop a column with one, and down.sql drops it.)
ALTER TABLE partners ADD COLUMN merged_into_id INTEGER;
CREATE TABLE customer_merges (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    survivor_id INTEGER NOT NULL REFERENCES partners (id),
    merged_ids TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id),
    snapshot TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    undone_at TIMESTAMP,
    undone_by INTEGER REFERENCES users (id)
);
CREATE INDEX customer_merges_survivor ON customer_merges (survivor_id);
