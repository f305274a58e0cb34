DROP INDEX leads_board;
