DROP TABLE lead_search;
