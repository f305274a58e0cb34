//! Counts and revenue sums of leads from the running totals (`lead_totals`, kept exact by
//! database triggers on every write of `leads`): the kanban column headers and the list
//! total read a few hundred total rows instead of counting every lead.
//!
//! The totals are broken down by kind, active, lost, stage, salesperson and team, which is
//! everything a [`LeadFilter`] tests except the lost reasons, closing days and the search
//! (the list's groups by stage, salesperson and team come from them too):
//! a filter using one of them is answered by counting leads ([`answers`] says which).

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use crate::db::schema::lead_totals as t;
use crate::db::{Backend, DbConn};
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::ids::StageId;
use crate::domain::listing::{GroupBy, LeadFilter, Preset};
use crate::domain::models::leads::Kind;

/// Count and revenue by stage (`None` = no stage).
pub type StageTotals = HashMap<Option<i32>, (i64, i64)>;

/// One group's value (None = not set), count and revenue.
pub type GroupTotal = (Option<i32>, i64, i64);

type TotalsPredicate = Box<dyn BoxableExpression<t::table, Backend, SqlType = Bool>>;

/// Whether the totals can answer `filter` (no lost reason, no closing period, no search,
/// no external id).
pub fn answers(filter: &LeadFilter) -> bool {
    !filter.by_reason()
        && filter.closed_from.is_none()
        && filter.closed_to.is_none()
        && filter.search.is_empty()
        && filter.external_id.is_empty()
}

/// Stored ids: 0 stands for none.
fn id_or_none(id: i32) -> Option<i32> {
    (id != 0).then_some(id)
}

/// The same records as `LeadFilter::predicate`, on the totals.
fn predicate(filter: &LeadFilter, actor: &Actor, won_stages: &[StageId]) -> TotalsPredicate {
    let mut p: TotalsPredicate = if actor.is_manager() {
        Box::new(t::records.eq(t::records))
    } else {
        let teams: Vec<i32> = actor.teams.iter().map(|team| team.0).collect();
        Box::new(
            t::salesperson_id
                .eq(actor.id)
                .or(t::salesperson_id.eq(0))
                .or(t::team_id.eq_any(teams)),
        )
    };
    let mut kinds: Vec<&str> = Vec::new();
    if filter.has(Preset::Leads) {
        kinds.push(Kind::Lead.as_str());
    }
    if filter.has(Preset::Opportunities) {
        kinds.push(Kind::Opportunity.as_str());
    }
    if kinds.is_empty() {
        kinds.push(filter.base_kind.as_str());
    }
    p = Box::new(p.and(t::kind.eq_any(kinds)));
    if filter.has(Preset::Lost) {
        p = Box::new(p.and(t::active.eq(false)).and(t::lost.eq(true)));
    } else if filter.has(Preset::Archived) {
        p = Box::new(p.and(t::active.eq(false)));
    } else {
        p = Box::new(p.and(t::active.eq(true)));
    }
    if filter.has(Preset::Won) {
        let won = t::stage_id.eq_any(won_stages.to_vec());
        p = Box::new(p.and(won).and(t::active.eq(true)));
    }
    if filter.has(Preset::Mine) {
        p = Box::new(p.and(t::salesperson_id.eq(actor.id)));
    }
    if filter.has(Preset::Unassigned) {
        p = Box::new(p.and(t::salesperson_id.eq(0)));
    }
    if let Some(id) = filter.stage {
        p = Box::new(p.and(t::stage_id.eq(id)));
    }
    if let Some(id) = filter.salesperson {
        p = Box::new(p.and(t::salesperson_id.eq(id)));
    }
    if let Some(id) = filter.team {
        p = Box::new(p.and(t::team_id.eq(id)));
    }
    p
}

fn sum_of(column: &str) -> diesel::expression::SqlLiteral<BigInt> {
    diesel::dsl::sql(&format!(
        "CAST(COALESCE(SUM(lead_totals.{column}), 0) AS BIGINT)"
    ))
}

/// Count and revenue of the records `filter` selects, or `None` when the totals cannot
/// answer it (see [`answers`]).
pub fn total(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    won_stages: &[StageId],
) -> DomainResult<Option<(i64, i64)>> {
    if !answers(filter) {
        return Ok(None);
    }
    let found: (i64, i64) = t::table
        .filter(predicate(filter, actor, won_stages))
        .select((sum_of("records"), sum_of("revenue")))
        .first(conn)?;
    Ok(Some(found))
}

/// Count and revenue per stage (None = no stage) of the records `filter` selects, or `None`
/// when the totals cannot answer it.
pub fn by_stage(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    won_stages: &[StageId],
) -> DomainResult<Option<StageTotals>> {
    if !answers(filter) {
        return Ok(None);
    }
    let rows: Vec<(i32, i64, i64)> = t::table
        .filter(predicate(filter, actor, won_stages))
        .group_by(t::stage_id)
        .select((t::stage_id, sum_of("records"), sum_of("revenue")))
        .load(conn)?;
    let mut out = StageTotals::new();
    for (stage, records, revenue) in rows {
        let entry = out.entry(id_or_none(stage)).or_default();
        entry.0 += records;
        entry.1 += revenue;
    }
    out.retain(|_, (records, _)| *records != 0);
    Ok(Some(out))
}

/// Count and revenue per value of `by` (None = not set), as the list's groups need them,
/// or `None` when the totals cannot answer (see [`answers`]; lost reasons are not in them).
pub fn by_group(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    won_stages: &[StageId],
    by: GroupBy,
) -> DomainResult<Option<Vec<GroupTotal>>> {
    if !answers(filter) || by == GroupBy::LostReason {
        return Ok(None);
    }
    macro_rules! per {
        ($col:expr) => {
            t::table
                .filter(predicate(filter, actor, won_stages))
                .group_by($col)
                .select(($col, sum_of("records"), sum_of("revenue")))
                .load::<(i32, i64, i64)>(conn)?
        };
    }
    let rows = match by {
        GroupBy::Salesperson => per!(t::salesperson_id),
        GroupBy::Team => per!(t::team_id),
        _ => per!(t::stage_id),
    };
    let mut out: HashMap<Option<i32>, (i64, i64)> = HashMap::new();
    for (key, records, revenue) in rows {
        let entry = out.entry(id_or_none(key)).or_default();
        entry.0 += records;
        entry.1 += revenue;
    }
    Ok(Some(
        out.into_iter()
            .filter(|(_, (records, _))| *records != 0)
            .map(|(key, (records, revenue))| (key, records, revenue))
            .collect(),
    ))
}

/// Stops the trigger that keeps the totals, for a bulk load into a database nobody else
/// uses yet; [`resume`] rebuilds them. On PostgreSQL each inserted row's trigger updates one
/// of a few total rows, and inside one transaction every version of those rows is kept, so
/// the cost per row grows with the load (hours for a million rows). SQLite updates in place
/// and cannot disable a trigger: nothing to do there.
pub fn pause(conn: &mut DbConn) -> DomainResult<()> {
    if matches!(conn, DbConn::Sqlite(_)) {
        return Ok(());
    }
    diesel::sql_query("ALTER TABLE leads DISABLE TRIGGER lead_totals_track").execute(conn)?;
    Ok(())
}

/// Turns the totals' trigger back on after [`pause`] and recomputes every total.
pub fn resume(conn: &mut DbConn) -> DomainResult<()> {
    if matches!(conn, DbConn::Sqlite(_)) {
        return Ok(());
    }
    diesel::sql_query("ALTER TABLE leads ENABLE TRIGGER lead_totals_track").execute(conn)?;
    rebuild(conn)
}

/// Recomputes every total from the leads (a repair; the triggers keep them exact, bulk
/// inserts included).
pub fn rebuild(conn: &mut DbConn) -> DomainResult<()> {
    crate::db::write_tx(conn, |conn| {
        diesel::delete(t::table).execute(conn)?;
        diesel::sql_query(
            "INSERT INTO lead_totals \
             SELECT kind, active, (NOT active AND probability = 0), COALESCE(stage_id, 0), \
             COALESCE(salesperson_id, 0), COALESCE(team_id, 0), COUNT(*), \
             COALESCE(SUM(expected_revenue), 0) \
             FROM leads WHERE merged_into_id IS NULL GROUP BY 1, 2, 3, 4, 5, 6",
        )
        .execute(conn)?;
        Ok(())
    })
}

/// Sum of expected revenue as BIGINT on both backends (PostgreSQL sums BIGINT as NUMERIC).
pub fn sum_revenue() -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
    diesel::dsl::sql("CAST(COALESCE(SUM(leads.expected_revenue), 0) AS BIGINT)")
}
