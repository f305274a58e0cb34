DROP INDEX leads_board;
DROP INDEX leads_stage_revenue;
