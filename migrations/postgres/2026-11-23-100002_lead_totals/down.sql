DROP TRIGGER lead_totals_track ON leads;
DROP FUNCTION lead_totals_track();
DROP TABLE lead_totals;
