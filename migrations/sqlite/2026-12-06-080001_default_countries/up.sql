-- The country a national phone number is read with, per user and per team; NULL falls back
-- to the team's, then to the company's (the `default_country` setting).
ALTER TABLE users ADD COLUMN default_country TEXT;
ALTER TABLE teams ADD COLUMN default_country TEXT;
