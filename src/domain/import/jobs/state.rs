//! An import job's state and its status row: the [`JobState`] machine, the [`Job`] its
//! pages show, and the rows handled so far by the imports this process runs (their own
//! writes are invisible outside their transaction until it commits).

use diesel::prelude::*;

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::db::DbConn;
use crate::db::schema::import_jobs;
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::UserId;
use crate::domain::import::{Mapping, Policy, Report};
use crate::domain::models::leads::Kind;
use crate::domain::now;

/// The largest file the page accepts (bytes). Bigger files go through `leadbook import`.
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;
/// Rows shown on the mapping page.
pub const PREVIEW_ROWS: usize = 5;

text_enum! {
    /// Where a job is. `interrupted`: the check or the import was under way when its
    /// process died; nothing of it was kept.
    JobState, "job state" {
        Uploaded => "uploaded", Checking => "checking", Checked => "checked",
        Importing => "importing", Done => "done", Failed => "failed",
        Interrupted => "interrupted",
    }
}

impl JobState {
    /// Whether the background work is under way (the page polls).
    pub fn is_running(self) -> bool {
        matches!(self, JobState::Checking | JobState::Importing)
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = import_jobs)]
#[diesel(check_for_backend(crate::db::Backend))]
pub(super) struct JobRow {
    pub(super) id: i32,
    pub(super) user_id: i32,
    pub(super) file_name: String,
    pub(super) kind: Kind,
    pub(super) policy: Policy,
    pub(super) mapping: String,
    pub(super) state: JobState,
    pub(super) total: i32,
    pub(super) done: i32,
    pub(super) report: String,
}

/// Rows handled so far by the imports running in this process, by job id: the import's own
/// writes, `done` included, are invisible outside its transaction until it commits.
static LIVE: Mutex<BTreeMap<i32, usize>> = Mutex::new(BTreeMap::new());

pub(super) fn live() -> std::sync::MutexGuard<'static, BTreeMap<i32, usize>> {
    // A panic elsewhere while holding the map leaves plain counters: still usable.
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The states whose background step is under way.
pub(super) const RUNNING: [&str; 2] = ["checking", "importing"];

/// A job as its pages show it (the file itself is loaded only to read it).
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i32,
    pub user_id: UserId,
    pub file_name: String,
    pub kind: Kind,
    pub policy: Policy,
    pub mapping: Mapping,
    pub state: JobState,
    /// Data rows in the file.
    pub total: usize,
    /// Rows handled by the running step.
    pub done: usize,
    /// The check's report (state `checked`), the import's (`done`), or the failure.
    pub report: Option<Report>,
    pub failure: Option<String>,
}

impl Job {
    /// For an interrupted job: whether Run again imports (the check had finished, its report
    /// is kept) rather than checking again.
    pub fn resumes_import(&self) -> bool {
        self.state == JobState::Interrupted && self.report.is_some()
    }

    /// Percentage of the running step, 0–100.
    pub fn percent(&self) -> usize {
        (self.done * 100)
            .checked_div(self.total)
            .unwrap_or(0)
            .min(100)
    }
}

pub(super) fn from_row(r: JobRow) -> Job {
    let state = r.state;
    let mut done = usize::try_from(r.done).unwrap_or(0);
    if state.is_running()
        && let Some(live) = live().get(&r.id)
    {
        done = *live;
    }
    Job {
        id: r.id,
        user_id: UserId(r.user_id),
        file_name: r.file_name,
        kind: r.kind,
        policy: r.policy,
        mapping: serde_json::from_str(&r.mapping).unwrap_or_default(),
        state,
        total: usize::try_from(r.total).unwrap_or(0),
        done,
        failure: (state == JobState::Failed).then(|| r.report.clone()),
        report: serde_json::from_str(&r.report).ok(),
    }
}

pub(super) fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub(super) fn json<T: serde::Serialize>(v: &T) -> DomainResult<String> {
    serde_json::to_string(v).map_err(|e| DomainError::Internal(format!("json: {e}")))
}

/// The uploaded file's text.
pub(super) fn content(conn: &mut DbConn, id: i32) -> DomainResult<String> {
    Ok(import_jobs::table
        .find(id)
        .select(import_jobs::content)
        .first(conn)?)
}

pub(super) fn set_state(
    conn: &mut DbConn,
    id: i32,
    state: JobState,
    report: &str,
) -> DomainResult<()> {
    diesel::update(import_jobs::table.find(id))
        .set((
            import_jobs::state.eq(state),
            import_jobs::report.eq(report),
            import_jobs::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}
