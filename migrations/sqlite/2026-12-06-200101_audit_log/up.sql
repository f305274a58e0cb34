-- The audit trail: who did what, when and from where. Append-only: the triggers refuse any
-- change or deletion, so not even the application can rewrite history. It holds ids,
-- counts and field names only, never a customer's name, email, phone or handle, so that
-- erasing a person leaves no copy of them here. The actor is no foreign key: the row keeps
-- the id (and the login as it was) whatever happens to the user later.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    actor_user_id INTEGER,
    actor_login TEXT NOT NULL,
    client_address TEXT,
    action TEXT NOT NULL,
    target_kind TEXT,
    -- The target's ids, comma-separated.
    target_ids TEXT NOT NULL,
    -- A JSON object of ids, counts and field or setting names.
    details TEXT NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
