ALTER TABLE message_changes DROP COLUMN new_name;
ALTER TABLE message_changes DROP COLUMN old_name;
ALTER TABLE messages DROP COLUMN event;
