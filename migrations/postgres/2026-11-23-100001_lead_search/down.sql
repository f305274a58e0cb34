DROP INDEX IF EXISTS leads_search_title;
DROP INDEX IF EXISTS leads_search_contact;
DROP INDEX IF EXISTS leads_search_company;
DROP INDEX IF EXISTS leads_search_email;
DROP INDEX IF EXISTS leads_search_phone;
DROP INDEX IF EXISTS leads_search_mobile;
DROP INDEX IF EXISTS identities_search_handle;
