-- Each lead's number of probable duplicates (its Similar Leads count, the kanban's badge),
-- kept so the pipeline does not run the duplicate finder for every card on every view.
-- A row without a count (or no row) is computed when the lead is next shown; a write that
-- may change the count clears it and bumps `version`, so a count computed from what was
-- read before the write is never stored over it. Existing databases start empty: the
-- counts fill as cards are shown (no pass over a million leads at start).
CREATE TABLE lead_similar (
    lead_id INTEGER PRIMARY KEY NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    duplicate_count INTEGER,
    version INTEGER NOT NULL DEFAULT 0
);
