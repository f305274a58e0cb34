//! The lost reasons report: how many records were lost, and how much expected revenue,
//! per lost reason, over a period (by closing date), for a team and/or a salesperson.
//! Only lost records (inactive, probability 0, not merged away) that the actor may see are
//! counted; records lost without a reason form their own row.
//!
//! [`Chart`] turns the rows into bar lengths proportional to the largest value of each
//! series, so the web layer only has to draw them.

use chrono::{NaiveDate, NaiveTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{leads, teams, users};
use crate::domain::access::Actor;
use crate::domain::access::visible_to;
use crate::domain::error::{DomainResult, Validator};
use crate::domain::ids::{LostReasonId, TeamId, UserId};
use crate::domain::listing::totals::sum_revenue;
use crate::domain::models::lost_reasons;
use crate::domain::wizards::archive::{LeadFilter, lost_filter};
use crate::i18n::Msg;

/// The report's filters, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LostFilter {
    /// First closing day included.
    pub from: Option<NaiveDate>,
    /// Last closing day included.
    pub to: Option<NaiveDate>,
    pub team: Option<TeamId>,
    pub salesperson: Option<UserId>,
}

fn date(raw: &str, what: &str) -> Result<Option<NaiveDate>, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            Msg::new("msg.value.not_date")
                .label("what", what)
                .text("value", raw)
        })
}

fn id(raw: &str, what: &str) -> Result<Option<i32>, Msg> {
    crate::domain::models::leads::input::optional_id(raw, what)
}

impl LostFilter {
    /// The filters as a query string gives them; every bad value is a field error
    /// (`from`, `to`, `team`, `salesperson`). Unknown teams and users are checked by
    /// [`lost_by_reason`].
    pub fn parse(from: &str, to: &str, team: &str, salesperson: &str) -> DomainResult<LostFilter> {
        let mut v = Validator::new();
        let from = v
            .check("from", date(from, "msg.label.start_date"))
            .flatten();
        let to = v.check("to", date(to, "msg.label.end_date")).flatten();
        let team = v
            .check("team", id(team, "msg.ref.not_team"))
            .flatten()
            .map(TeamId);
        let salesperson = v
            .check("salesperson", id(salesperson, "msg.ref.not_salesperson"))
            .flatten()
            .map(UserId);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            v.add("to", Msg::new("msg.reports.end_before_start"));
        }
        v.finish()?;
        Ok(LostFilter {
            from,
            to,
            team,
            salesperson,
        })
    }
}

/// One reason's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostRow {
    /// `None`: records lost without a reason.
    pub reason: Option<LostReasonId>,
    pub name: Option<String>,
    pub count: i64,
    /// Expected revenue of the lost records, in cents.
    pub revenue: i64,
}

/// Lost count and revenue per reason, largest count first (then by name).
pub fn lost_by_reason(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &LostFilter,
) -> DomainResult<Vec<LostRow>> {
    check_references(conn, filter)?;
    let mut cond: LeadFilter = Box::new(
        lost_filter()
            .and(leads::merged_into_id.is_null())
            .and(visible_to(actor)),
    );
    if let Some(from) = filter.from {
        cond = Box::new(
            cond.and(leads::closed_at.ge(from.and_time(NaiveTime::MIN)))
                .assume_not_null(),
        );
    }
    if let Some(to) = filter.to.and_then(|d| d.succ_opt()) {
        cond = Box::new(
            cond.and(leads::closed_at.lt(to.and_time(NaiveTime::MIN)))
                .assume_not_null(),
        );
    }
    if let Some(team) = filter.team {
        cond = Box::new(cond.and(leads::team_id.eq(team)).assume_not_null());
    }
    if let Some(user) = filter.salesperson {
        cond = Box::new(cond.and(leads::salesperson_id.eq(user)).assume_not_null());
    }
    let groups: Vec<(Option<LostReasonId>, i64, i64)> = leads::table
        .filter(cond)
        .group_by(leads::lost_reason_id)
        .select((
            leads::lost_reason_id,
            diesel::dsl::count_star(),
            sum_revenue(),
        ))
        .load(conn)?;
    let names = lost_reasons::list(conn, true)?;
    let mut rows: Vec<LostRow> = groups
        .into_iter()
        .map(|(reason, count, revenue)| LostRow {
            reason,
            name: reason.and_then(|id| names.iter().find(|r| r.id == id).map(|r| r.name.clone())),
            count,
            revenue,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.name.is_none().cmp(&b.name.is_none()))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(rows)
}

fn check_references(conn: &mut DbConn, filter: &LostFilter) -> DomainResult<()> {
    let mut v = Validator::new();
    if let Some(team) = filter.team {
        let found: Option<i32> = teams::table
            .find(team)
            .select(teams::id)
            .first(conn)
            .optional()?;
        if found.is_none() {
            v.add("team", Msg::new("msg.ref.no_team"));
        }
    }
    if let Some(user) = filter.salesperson {
        let found: Option<i32> = users::table
            .find(user)
            .select(users::id)
            .first(conn)
            .optional()?;
        if found.is_none() {
            v.add("salesperson", Msg::new("msg.ref.no_salesperson"));
        }
    }
    v.finish()
}

/// One bar pair of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub row: LostRow,
    /// Length of the count bar, 0..=[`Chart::LENGTH`].
    pub count_len: u32,
    /// Length of the revenue bar, 0..=[`Chart::LENGTH`].
    pub revenue_len: u32,
}

/// The chart: each series scaled to its own maximum, so the longest count bar and the
/// longest revenue bar both span [`Chart::LENGTH`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub bars: Vec<Bar>,
    pub total_count: i64,
    pub total_revenue: i64,
}

impl Chart {
    /// The longest bar, in chart units (pixels in the SVG).
    pub const LENGTH: u32 = 360;

    pub fn new(rows: Vec<LostRow>) -> Chart {
        let max_count = rows.iter().map(|r| r.count).max().unwrap_or(0);
        let max_revenue = rows.iter().map(|r| r.revenue).max().unwrap_or(0);
        let total_count = rows.iter().map(|r| r.count).sum();
        let total_revenue = rows.iter().map(|r| r.revenue).sum();
        let bars = rows
            .into_iter()
            .map(|row| Bar {
                count_len: scale(row.count, max_count),
                revenue_len: scale(row.revenue, max_revenue),
                row,
            })
            .collect();
        Chart {
            bars,
            total_count,
            total_revenue,
        }
    }
}

/// `value / max` of [`Chart::LENGTH`], rounded; a non-zero value gets at least one unit.
fn scale(value: i64, max: i64) -> u32 {
    if max <= 0 || value <= 0 {
        return 0;
    }
    let len =
        (i128::from(value) * i128::from(Chart::LENGTH) + i128::from(max) / 2) / i128::from(max);
    u32::try_from(len).unwrap_or(Chart::LENGTH).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_to_the_largest_value_of_their_series() {
        assert_eq!(scale(10, 10), Chart::LENGTH);
        assert_eq!(scale(5, 10), Chart::LENGTH / 2);
        assert_eq!(scale(1, 1_000_000), 1, "a tiny value stays visible");
        assert_eq!(scale(0, 10), 0);
        assert_eq!(scale(3, 0), 0);
    }

    #[test]
    fn bad_filters_are_field_errors() {
        let e = LostFilter::parse("yesterday", "2026-13-01", "x", "-4").unwrap_err();
        for field in ["from", "to", "team", "salesperson"] {
            assert!(e.field(field).is_some(), "{field}");
        }
        let e = LostFilter::parse("2026-05-02", "2026-05-01", "", "").unwrap_err();
        assert_eq!(
            e.field("to").as_deref(),
            Some("The end date is before the start date")
        );
        assert_eq!(
            LostFilter::parse(" ", "", "", "").unwrap(),
            LostFilter::default()
        );
    }
}
