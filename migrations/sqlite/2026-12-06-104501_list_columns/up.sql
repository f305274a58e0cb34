-- The optional columns each user chose for a list (`list` is 'lead' or 'opportunity'):
-- `chosen` is their names, comma-separated. No row: the list's default columns.
CREATE TABLE list_columns (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    list TEXT NOT NULL,
    chosen TEXT NOT NULL,
    PRIMARY KEY (user_id, list)
);
