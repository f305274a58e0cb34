-- The list search's index: per lead, the text the search box looks in (title; contact and
-- company name keys; normalised email; E.164 phone and mobile; messenger handles), in an
-- FTS5 table with the trigram tokenizer, so a substring search is an index look-up instead
-- of a scan. Contentless (the text stays in `leads`), rows deletable by rowid = lead id.
-- Kept fresh by src/domain/search.rs; this fills it for the leads that already exist.
CREATE VIRTUAL TABLE lead_search USING fts5 (
    title, names, email, phones, handles,
    content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO lead_search (rowid, title, names, email, phones, handles)
SELECT l.id,
       l.title,
       COALESCE(l.contact_name_key, '') || char(10) || COALESCE(l.company_name_key, ''),
       COALESCE(l.email_norm, ''),
       COALESCE(l.phone_e164, '') || char(10) || COALESCE(l.mobile_e164, ''),
       COALESCE((SELECT group_concat(i.handle_norm, char(10)) FROM identities i
                 WHERE i.lead_id = l.id), '')
FROM leads l
WHERE l.merged_into_id IS NULL;
