CREATE INDEX leads_email_norm ON leads (email_norm);
CREATE INDEX leads_phone_e164 ON leads (phone_e164);
CREATE INDEX leads_mobile_e164 ON leads (mobile_e164);
