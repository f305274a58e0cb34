//! The lost reasons report (Reporting → Lost reasons) as JSON: lost records and their
//! expected revenue per reason, with the page's filters (`from`, `to` as closing days,
//! `team`, `salesperson`) and its rights (what the actor may see).

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::LostReasonId;
use crate::domain::reports::lost::{LostFilter, LostRow, lost_by_reason};
use crate::i18n::Msg;

use super::money_text;

/// The query parameters the report understands.
const PARAMETERS: &[&str] = &["from", "to", "team", "salesperson"];

/// One reason's row, largest count first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct LostReasonRow {
    /// `null`: records lost without a reason.
    pub lost_reason_id: Option<LostReasonId>,
    pub lost_reason: Option<String>,
    pub count: i64,
    pub expected_revenue: String,
    pub expected_revenue_cents: i64,
}

/// What `GET /api/v1/reports/lost-reasons` answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct LostReport {
    pub rows: Vec<LostReasonRow>,
}

/// The report for the filters of a query string; an unknown parameter is a mistake under
/// `query`, a bad value one under its name.
pub fn lost_reasons(
    conn: &mut DbConn,
    actor: &Actor,
    pairs: &[(String, String)],
) -> DomainResult<LostReport> {
    let unknown: Vec<&str> = pairs
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !PARAMETERS.contains(k))
        .collect();
    if !unknown.is_empty() {
        return Err(DomainError::invalid(
            "query",
            Msg::new("msg.api.unknown_parameters").text("names", unknown.join(", ")),
        ));
    }
    let get = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let filter = LostFilter::parse(get("from"), get("to"), get("team"), get("salesperson"))?;
    let rows = lost_by_reason(conn, actor, &filter)?;
    Ok(LostReport {
        rows: rows.into_iter().map(row).collect(),
    })
}

fn row(r: LostRow) -> LostReasonRow {
    LostReasonRow {
        lost_reason_id: r.reason,
        lost_reason: r.name,
        count: r.count,
        expected_revenue: money_text(r.revenue),
        expected_revenue_cents: r.revenue,
    }
}
