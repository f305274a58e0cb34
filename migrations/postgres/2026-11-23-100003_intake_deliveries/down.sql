DROP TABLE intake_deliveries;
