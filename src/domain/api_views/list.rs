//! `GET /api/v1/leads`: the list view's filters read from the query string, strictly. The list
//! page forgives (it drops what it does not understand and says so); a program should hear
//! about its mistake instead, so every notice becomes a field error on `query`.
//!
//! Differences from the page: without a `filter`, every visible record is listed (no "My
//! pipeline" default), leads and opportunities both unless `filter=leads` or
//! `filter=opportunities` says which.

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, joined};
use crate::domain::ids::{LeadId, LostReasonId, StageId, TeamId, UserId};
use crate::domain::listing::query::{self, Row};
use crate::domain::listing::{LeadFilter, PAGE_SIZE, Preset};
use crate::domain::models::leads::Kind;

use super::money_text;
use crate::i18n::Msg;

/// The query parameters the list understands.
pub const PARAMETERS: &[&str] = &[
    "filter",
    "reason_op",
    "reason",
    "stage",
    "salesperson",
    "team",
    "q",
    "external_id",
    "sort",
    "dir",
    "page",
    "group",
];

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct RowView {
    pub id: LeadId,
    pub kind: Kind,
    pub title: String,
    pub contact_name: Option<String>,
    pub company_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub expected_revenue: String,
    pub expected_revenue_cents: i64,
    pub probability: i32,
    pub priority: i32,
    pub stage_id: Option<StageId>,
    pub stage: Option<String>,
    pub salesperson_id: Option<UserId>,
    pub salesperson: Option<String>,
    pub team_id: Option<TeamId>,
    pub team: Option<String>,
    pub active: bool,
    pub lost: bool,
    pub lost_reason_id: Option<LostReasonId>,
    pub lost_reason: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}

/// One group, when the query asks for `group`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct GroupView {
    pub key: Option<i32>,
    pub label: String,
    pub count: i64,
    pub revenue_cents: i64,
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ListView {
    pub rows: Vec<RowView>,
    pub groups: Vec<GroupView>,
    pub total: i64,
    pub revenue_cents: i64,
    pub page: i64,
    pub pages: i64,
    pub per_page: i64,
    /// What the database said about the query (a page past the end…).
    pub notices: Vec<String>,
}

/// The filter of a query string; anything not understood is a field error on `query`.
pub fn parse(
    pairs: &[(String, String)],
    actor: &Actor,
    leads_enabled: bool,
) -> DomainResult<LeadFilter> {
    let unknown: Vec<&str> = pairs
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !PARAMETERS.contains(k))
        .collect();
    let mut pairs = pairs.to_vec();
    if !pairs.iter().any(|(k, _)| k == "filter") {
        pairs.push(("filter".into(), "all".into()));
    }
    let mut filter = LeadFilter::parse(&pairs, Kind::Lead, actor, leads_enabled);
    let kinds = [Preset::Leads, Preset::Opportunities];
    if !kinds.iter().any(|k| filter.has(*k)) {
        if leads_enabled {
            filter.presets.extend(kinds);
        } else {
            filter.base_kind = Kind::Opportunity;
        }
    }
    if let Some((_, id)) = pairs.iter().find(|(k, _)| k == "external_id") {
        filter.external_id = id.trim().to_string();
    }
    let mut problems = filter.notices.clone();
    if !unknown.is_empty() {
        problems.insert(
            0,
            Msg::new("msg.api.unknown_parameters").text("names", unknown.join(", ")),
        );
    }
    if !problems.is_empty() {
        return Err(DomainError::invalid("query", joined(problems, " ")));
    }
    Ok(filter)
}

fn row_view(row: Row, names: &query::Names) -> RowView {
    fn name<K: std::hash::Hash + Eq>(
        map: &std::collections::HashMap<K, String>,
        id: Option<K>,
    ) -> Option<String> {
        id.and_then(|i| map.get(&i).cloned())
    }
    RowView {
        stage: name(&names.stages, row.stage_id),
        salesperson: name(&names.users, row.salesperson_id),
        team: name(&names.teams, row.team_id),
        lost_reason: name(&names.reasons, row.lost_reason_id),
        lost: !row.active && row.probability == 0,
        id: row.id,
        kind: row.kind,
        title: row.title,
        contact_name: row.contact_name,
        company_name: row.company_name,
        email: row.email,
        phone: row.phone,
        expected_revenue: money_text(row.expected_revenue),
        expected_revenue_cents: row.expected_revenue,
        probability: row.probability,
        priority: row.priority,
        stage_id: row.stage_id,
        salesperson_id: row.salesperson_id,
        team_id: row.team_id,
        active: row.active,
        lost_reason_id: row.lost_reason_id,
        created_at: row.created_at,
    }
}

/// One page of the records the query selects, as the actor may see them.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    pairs: &[(String, String)],
    leads_enabled: bool,
) -> DomainResult<ListView> {
    let filter = parse(pairs, actor, leads_enabled)?;
    let page = query::list(conn, actor, &filter)?;
    let names = page.names;
    Ok(ListView {
        rows: page.rows.into_iter().map(|r| row_view(r, &names)).collect(),
        groups: page
            .groups
            .into_iter()
            .map(|g| GroupView {
                key: g.key,
                label: g.label,
                count: g.count,
                revenue_cents: g.revenue,
            })
            .collect(),
        total: page.total,
        revenue_cents: page.revenue,
        page: page.page,
        pages: page.pages,
        per_page: PAGE_SIZE,
        // The API's answers are English but for its errors.
        notices: page.notices.iter().map(ToString::to_string).collect(),
    })
}
