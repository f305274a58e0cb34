DROP TRIGGER lead_totals_insert;
DROP TRIGGER lead_totals_delete;
DROP TRIGGER lead_totals_update_old;
DROP TRIGGER lead_totals_update_new;
DROP TABLE lead_totals;
