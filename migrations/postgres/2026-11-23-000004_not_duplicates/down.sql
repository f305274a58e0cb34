DROP TABLE not_duplicates;
