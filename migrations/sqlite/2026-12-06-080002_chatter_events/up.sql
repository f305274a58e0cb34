-- The chatter is shown in the reader's language: a system message stores what happened as a
-- catalogue key and its arguments (JSON), and a tracked change of a reference keeps the name
-- it had, shown when the stage, team, user or reason is gone.
ALTER TABLE messages ADD COLUMN event TEXT;
ALTER TABLE message_changes ADD COLUMN old_name TEXT;
ALTER TABLE message_changes ADD COLUMN new_name TEXT;
