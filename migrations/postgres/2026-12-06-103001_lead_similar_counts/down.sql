DROP TABLE lead_similar;
