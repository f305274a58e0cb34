-- Nothing looks leads up by these columns: the duplicate finder goes through match_keys
-- (email, phone and mobile are keys there), and the list search through its own index.
-- Each index cost about a second of a 1,000,000-row import and a write on every edit.
DROP INDEX leads_email_norm;
DROP INDEX leads_phone_e164;
DROP INDEX leads_mobile_e164;
