//! Reading the trail for Configuration → Audit (admins only): filtered by action, user and
//! days, newest first, a page at a time; and the same filtered list as CSV.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{audit_log, import_jobs, leads, partners, users};
use crate::db::{Backend, DbConn};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::UserId;
use crate::domain::import::export::guard;

use super::{Action, TargetKind};

/// Records per page.
pub const PAGE_SIZE: i64 = 50;
/// The most records one export writes (the newest).
pub const EXPORT_LIMIT: i64 = 100_000;

/// The page's filters; each one left out does not narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<Action>,
    pub user: Option<UserId>,
    /// The first day shown (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// The last day shown (UTC), inclusive.
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    /// The filters as a GET form sends them; a value that reads as none does not narrow.
    pub fn parse(action: &str, user: &str, from: &str, to: &str) -> AuditFilter {
        let day = |raw: &str| NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
        AuditFilter {
            action: Action::parse(action.trim()),
            user: user.trim().parse().ok().map(UserId),
            from: day(from),
            to: day(to),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
#[diesel(check_for_backend(crate::db::Backend))]
struct Row {
    id: i32,
    created_at: chrono::NaiveDateTime,
    actor_user_id: Option<i32>,
    actor_login: String,
    client_address: Option<String>,
    action: String,
    target_kind: Option<String>,
    target_ids: String,
    details: String,
}

/// One record as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: i32,
    pub created_at: chrono::NaiveDateTime,
    pub actor_user_id: Option<UserId>,
    pub actor_login: String,
    pub client_address: Option<String>,
    /// The stored code (kept as it is, should a later version not know it).
    pub action: String,
    pub target_kind: Option<TargetKind>,
    /// The target's ids, each with whether its record still exists (for a link).
    pub targets: Vec<(String, bool)>,
    /// The details, a JSON object.
    pub details: String,
}

impl Entry {
    /// The action, when this version knows its code.
    pub fn known_action(&self) -> Option<Action> {
        Action::parse(&self.action)
    }

    fn from_row(row: Row) -> Entry {
        Entry {
            id: row.id,
            created_at: row.created_at,
            actor_user_id: row.actor_user_id.map(UserId),
            actor_login: row.actor_login,
            client_address: row.client_address,
            action: row.action,
            target_kind: row.target_kind.as_deref().and_then(TargetKind::parse),
            targets: row
                .target_ids
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| (s.to_string(), false))
                .collect(),
            details: row.details,
        }
    }
}

/// A page of the trail.
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub entries: Vec<Entry>,
    /// The page shown, from 1.
    pub page: i64,
    pub pages: i64,
    /// Records matching the filters.
    pub total: i64,
}

fn filtered(filter: &AuditFilter) -> audit_log::BoxedQuery<'static, Backend> {
    let mut query = audit_log::table.into_boxed();
    if let Some(action) = filter.action {
        query = query.filter(audit_log::action.eq(action.as_str()));
    }
    if let Some(user) = filter.user {
        query = query.filter(audit_log::actor_user_id.eq(user.0));
    }
    if let Some(from) = filter.from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        query = query.filter(audit_log::created_at.ge(from));
    }
    if let Some(to) = filter
        .to
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        query = query.filter(audit_log::created_at.lt(to));
    }
    query
}

/// Page `page` (from 1) of the records matching `filter`, newest first.
pub fn page(
    conn: &mut DbConn,
    actor: &Actor,
    filter: &AuditFilter,
    page: i64,
) -> DomainResult<AuditPage> {
    actor.require_admin()?;
    let total: i64 = filtered(filter).count().get_result(conn)?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let rows: Vec<Row> = filtered(filter)
        .select(Row::as_select())
        .order(audit_log::id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .load(conn)?;
    let mut entries: Vec<Entry> = rows.into_iter().map(Entry::from_row).collect();
    mark_existing(conn, &mut entries)?;
    Ok(AuditPage {
        entries,
        page,
        pages,
        total,
    })
}

/// Every record matching `filter` (the newest [`EXPORT_LIMIT`]), newest first.
pub fn all(conn: &mut DbConn, actor: &Actor, filter: &AuditFilter) -> DomainResult<Vec<Entry>> {
    actor.require_admin()?;
    let rows: Vec<Row> = filtered(filter)
        .select(Row::as_select())
        .order(audit_log::id.desc())
        .limit(EXPORT_LIMIT)
        .load(conn)?;
    Ok(rows.into_iter().map(Entry::from_row).collect())
}

/// Which of the entries' targets still exist, for the page's links.
fn mark_existing(conn: &mut DbConn, entries: &mut [Entry]) -> DomainResult<()> {
    for kind in [
        TargetKind::Lead,
        TargetKind::Customer,
        TargetKind::User,
        TargetKind::ImportJob,
    ] {
        let ids: Vec<i32> = entries
            .iter()
            .filter(|e| e.target_kind == Some(kind))
            .flat_map(|e| e.targets.iter().filter_map(|(id, _)| id.parse().ok()))
            .collect();
        if ids.is_empty() {
            continue;
        }
        let found: Vec<i32> = match kind {
            TargetKind::Lead => leads::table
                .filter(leads::id.eq_any(&ids))
                .select(leads::id)
                .load(conn)?,
            TargetKind::Customer => partners::table
                .filter(partners::id.eq_any(&ids))
                .select(partners::id)
                .load(conn)?,
            TargetKind::User => users::table
                .filter(users::id.eq_any(&ids))
                .select(users::id)
                .load(conn)?,
            _ => import_jobs::table
                .filter(import_jobs::id.eq_any(&ids))
                .select(import_jobs::id)
                .load(conn)?,
        };
        for entry in entries.iter_mut().filter(|e| e.target_kind == Some(kind)) {
            for (id, exists) in &mut entry.targets {
                *exists = id.parse().is_ok_and(|i: i32| found.contains(&i));
            }
        }
    }
    Ok(())
}

/// The entries as CSV, one line each with a header; codes, not words, so a script can read
/// it whatever the admin's language. Cells a spreadsheet would run as formulas are guarded.
pub fn csv(entries: &[Entry]) -> DomainResult<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "time_utc",
        "user_id",
        "login",
        "address",
        "action",
        "target_kind",
        "target_ids",
        "details",
    ];
    let failed = |e: csv::Error| DomainError::Internal(format!("audit export: {e}"));
    out.write_record(header).map_err(failed)?;
    for e in entries {
        let ids: Vec<&str> = e.targets.iter().map(|(id, _)| id.as_str()).collect();
        out.write_record([
            e.id.to_string(),
            e.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            e.actor_user_id.map(|u| u.to_string()).unwrap_or_default(),
            guard(e.actor_login.clone()),
            guard(e.client_address.clone().unwrap_or_default()),
            e.action.clone(),
            e.target_kind.map(TargetKind::as_str).unwrap_or("").into(),
            ids.join(" "),
            guard(e.details.clone()),
        ])
        .map_err(failed)?;
    }
    out.into_inner()
        .map_err(|e| DomainError::Internal(format!("audit export: {e}")))
}
