//! The grouped list: each group's count and revenue (one GROUP BY), and its first rows in
//! the list's order (one bounded query per group, on the group column's index), so a group
//! of 100 000 records costs no more than a page.

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::{Group, Names, sorted_page};
use crate::db::DbConn;
use crate::db::schema::leads;
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::ids::{LostReasonId, StageId, TeamId, UserId};
use crate::domain::listing::totals::{GroupTotal, sum_revenue};
use crate::domain::listing::{GroupBy, LeadFilter, Predicate};

/// Rows shown under each group; the group's "more" link lists the rest.
pub const GROUP_ROWS: i64 = 20;

/// Groups whose rows are read; those beyond show their count and a link (salespeople are
/// the only grouping that may have that many values).
pub const GROUPS_WITH_ROWS: usize = 50;

macro_rules! grouped {
    ($conn:expr, $pred:expr, $col:expr) => {
        leads::table
            .filter($pred)
            .group_by($col)
            .select(($col, count_star(), sum_revenue()))
            .load::<GroupTotal>($conn)?
    };
}

/// `pred` narrowed to the records whose `by` value is `key` (None: not set).
fn in_group(pred: Predicate, by: GroupBy, key: Option<i32>) -> Predicate {
    macro_rules! narrow {
        ($col:expr) => {
            match key {
                Some(k) => Box::new(pred.and($col.eq(k).assume_not_null())),
                None => Box::new(pred.and($col.is_null())),
            }
        };
    }
    match by {
        GroupBy::Stage => narrow!(leads::stage_id),
        GroupBy::Salesperson => narrow!(leads::salesperson_id),
        GroupBy::Team => narrow!(leads::team_id),
        GroupBy::LostReason => narrow!(leads::lost_reason_id),
    }
}

/// The groups of `filter`'s records by `by`, ordered (stages in pipeline order, the others
/// by name, "none" last), the first of them with their first rows.
pub(super) fn groups(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    by: GroupBy,
    names: &Names,
) -> DomainResult<Vec<Group>> {
    let won = &names.won_stages;
    let mut out = totals(conn, actor, filter, by, names)?;
    for group in out.iter_mut().take(GROUPS_WITH_ROWS) {
        let pred = in_group(filter.predicate(actor, won), by, group.key);
        group.rows = sorted_page(conn, pred, filter, 0, GROUP_ROWS)?;
    }
    Ok(out)
}

/// Each group's count and revenue: from the running totals when they answer the filter, else
/// counted.
fn totals(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LeadFilter,
    by: GroupBy,
    names: &Names,
) -> DomainResult<Vec<Group>> {
    let won = &names.won_stages;
    if let Some(raw) = crate::domain::listing::totals::by_group(conn, actor, filter, won, by)? {
        return Ok(labelled(raw, by, names));
    }
    let pred = filter.predicate(actor, won);
    let raw = match by {
        GroupBy::Stage => grouped!(conn, pred, leads::stage_id),
        GroupBy::Salesperson => grouped!(conn, pred, leads::salesperson_id),
        GroupBy::Team => grouped!(conn, pred, leads::team_id),
        GroupBy::LostReason => grouped!(conn, pred, leads::lost_reason_id),
    };
    Ok(labelled(raw, by, names))
}

/// The groups named and ordered: stages in pipeline order, the others by name, "none" last.
fn labelled(raw: Vec<GroupTotal>, by: GroupBy, names: &Names) -> Vec<Group> {
    let mut out: Vec<Group> = raw
        .into_iter()
        .map(|(key, count, revenue)| Group {
            label: match by {
                GroupBy::Stage => names.stage(&key.map(StageId)),
                GroupBy::Salesperson => names.user(&key.map(UserId)),
                GroupBy::Team => names.team(&key.map(TeamId)),
                GroupBy::LostReason => names.reason(&key.map(LostReasonId)),
            },
            key,
            count,
            revenue,
            rows: Vec::new(),
        })
        .collect();
    let rank = |g: &Group| match by {
        GroupBy::Stage => g
            .key
            .and_then(|k| names.stage_order.iter().position(|s| *s == StageId(k)))
            .unwrap_or(usize::MAX),
        _ => usize::from(g.key.is_none()),
    };
    out.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.label.cmp(&b.label)));
    out
}
