-- CSV imports started on the web page: the uploaded file, the chosen mapping and policy,
-- and the status row the progress bar polls (state, rows done of total, the report).
CREATE TABLE import_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content TEXT NOT NULL,
    kind TEXT NOT NULL,
    policy TEXT NOT NULL,
    mapping TEXT NOT NULL,
    state TEXT NOT NULL,
    total INTEGER NOT NULL,
    done INTEGER NOT NULL,
    report TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX import_jobs_user ON import_jobs (user_id);
