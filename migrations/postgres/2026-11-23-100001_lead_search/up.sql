-- The list search on PostgreSQL stays the LIKE '%…%' predicate (SQLite has an FTS5 index
-- instead). Where the pg_trgm extension can be installed (a trusted extension since
-- PostgreSQL 13), trigram GIN indexes serve those LIKEs; without it the search scans, as
-- before, and the migration still succeeds.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX leads_search_title ON leads USING gin (LOWER(title) gin_trgm_ops);
    CREATE INDEX leads_search_contact ON leads USING gin (contact_name_key gin_trgm_ops);
    CREATE INDEX leads_search_company ON leads USING gin (company_name_key gin_trgm_ops);
    CREATE INDEX leads_search_email ON leads USING gin (email_norm gin_trgm_ops);
    CREATE INDEX leads_search_phone ON leads USING gin (phone_e164 gin_trgm_ops);
    CREATE INDEX leads_search_mobile ON leads USING gin (mobile_e164 gin_trgm_ops);
    CREATE INDEX identities_search_handle ON identities USING gin (handle_norm gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm unavailable (%): the list search scans', SQLERRM;
END
$$;
