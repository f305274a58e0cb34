ALTER TABLE teams DROP COLUMN default_country;
ALTER TABLE users DROP COLUMN default_country;
