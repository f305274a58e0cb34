DROP TABLE customer_merges;
ALTER TABLE partners DROP COLUMN merged_into_id;
