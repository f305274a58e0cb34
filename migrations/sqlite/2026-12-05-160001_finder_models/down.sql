DROP TABLE finder_models;
