-- Running totals of the leads (merged-away ones excluded) by everything the pipeline and
-- list filters test except the lost reason and the search: kind, active, lost (archived
-- with probability 0), stage, salesperson, team. A column header or a list total is then
-- a sum over a few hundred rows instead of a count over every lead. Missing ids are 0 (a
-- primary key treats NULLs as distinct). A trigger keeps it exact on every write, bulk
-- inserts included; src/domain/lead_totals.rs reads it and can rebuild it.
CREATE TABLE lead_totals (
    kind TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    lost BOOLEAN NOT NULL,
    stage_id INTEGER NOT NULL,
    salesperson_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    records BIGINT NOT NULL,
    revenue BIGINT NOT NULL,
    PRIMARY KEY (kind, active, lost, stage_id, salesperson_id, team_id)
);
INSERT INTO lead_totals
SELECT kind, active, (NOT active AND probability = 0), COALESCE(stage_id, 0),
       COALESCE(salesperson_id, 0), COALESCE(team_id, 0), COUNT(*),
       COALESCE(SUM(expected_revenue), 0)
FROM leads WHERE merged_into_id IS NULL
GROUP BY 1, 2, 3, 4, 5, 6;

CREATE FUNCTION lead_totals_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.merged_into_id IS NULL THEN
        UPDATE lead_totals
        SET records = records - 1, revenue = revenue - OLD.expected_revenue
        WHERE kind = OLD.kind AND active = OLD.active
          AND lost = (NOT OLD.active AND OLD.probability = 0)
          AND stage_id = COALESCE(OLD.stage_id, 0)
          AND salesperson_id = COALESCE(OLD.salesperson_id, 0)
          AND team_id = COALESCE(OLD.team_id, 0);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.merged_into_id IS NULL THEN
        INSERT INTO lead_totals VALUES (NEW.kind, NEW.active,
            (NOT NEW.active AND NEW.probability = 0), COALESCE(NEW.stage_id, 0),
            COALESCE(NEW.salesperson_id, 0), COALESCE(NEW.team_id, 0), 1,
            NEW.expected_revenue)
        ON CONFLICT (kind, active, lost, stage_id, salesperson_id, team_id)
        DO UPDATE SET records = lead_totals.records + 1,
                      revenue = lead_totals.revenue + EXCLUDED.revenue;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER lead_totals_track
AFTER INSERT OR DELETE OR UPDATE OF kind, active, probability, stage_id, salesperson_id,
    team_id, expected_revenue, merged_into_id ON leads
FOR EACH ROW EXECUTE FUNCTION lead_totals_track();
