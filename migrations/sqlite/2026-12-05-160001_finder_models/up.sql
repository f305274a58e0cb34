-- The duplicate finder's match model (m and u per comparison level, the prior), as JSON;
-- the newest row is in use, earlier ones show how it changed.
CREATE TABLE finder_models (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    params TEXT NOT NULL
);
