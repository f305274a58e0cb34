-- Covering index for the kanban and list counts, revenue sums and groupings: every column
-- the shared filters test (kind, active, stage, merged, visibility, lost) plus the revenue,
-- so counting a large pipeline never reads the table rows.
CREATE INDEX leads_board ON leads (kind, active, stage_id, merged_into_id, salesperson_id, team_id, probability, lost_reason_id, expected_revenue);
-- A stage's records by revenue (Won filter sorted by revenue, stage groups) without a sort.
CREATE INDEX leads_stage_revenue ON leads (kind, active, stage_id, expected_revenue, id);
