//! The web page's import job: the uploaded file kept in a status row (`import_jobs`) while
//! the user maps its columns, then checked and imported in the background. The row's
//! `state`, `done` and `total` are what the progress bar polls.
//!
//! States: `uploaded` (mapping page) → `checking` → `checked` (the validate-first report,
//! with a confirm button) → `importing` → `done` (the import report); `failed` on an
//! internal error or when the step was interrupted. The file is dropped from the row once
//! imported; the report stays. Only managers and admins import; a job is seen by the user who started
//! it and by admins (anyone else gets "not found").

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::import_jobs;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::UserId;
use crate::domain::models::leads::Kind;
use crate::domain::models::users;
use crate::domain::now;

use super::{Mapping, Options, Policy, Report, Source};

/// The largest file the page accepts (bytes). Bigger files go through `leadbook import`.
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;
/// Rows shown on the mapping page.
pub const PREVIEW_ROWS: usize = 5;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Uploaded,
    Checking,
    Checked,
    Importing,
    Done,
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Uploaded => "uploaded",
            JobState::Checking => "checking",
            JobState::Checked => "checked",
            JobState::Importing => "importing",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }

    fn parse(raw: &str) -> JobState {
        [
            JobState::Uploaded,
            JobState::Checking,
            JobState::Checked,
            JobState::Importing,
            JobState::Done,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
        .unwrap_or(JobState::Failed)
    }

    /// Whether the background work is under way (the page polls).
    pub fn is_running(self) -> bool {
        matches!(self, JobState::Checking | JobState::Importing)
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = import_jobs)]
#[diesel(check_for_backend(crate::db::Backend))]
struct JobRow {
    id: i32,
    user_id: i32,
    file_name: String,
    kind: String,
    policy: String,
    mapping: String,
    state: String,
    total: i32,
    done: i32,
    report: String,
    updated_at: chrono::NaiveDateTime,
}

/// A running step whose status row has not moved for this long was interrupted (the server
/// stopped meanwhile); the job then shows as failed and can be checked again.
const STALLED_MINUTES: i64 = 10;

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
    /// Percentage of the running step, 0–100.
    pub fn percent(&self) -> usize {
        (self.done * 100)
            .checked_div(self.total)
            .unwrap_or(0)
            .min(100)
    }
}

fn from_row(r: JobRow) -> Job {
    let mut state = JobState::parse(&r.state);
    let mut report = r.report;
    if state.is_running() && now() - r.updated_at > chrono::Duration::minutes(STALLED_MINUTES) {
        state = JobState::Failed;
        report = "it was interrupted (the server stopped); check the file again".into();
    }
    Job {
        id: r.id,
        user_id: UserId(r.user_id),
        file_name: r.file_name,
        kind: Kind::parse(&r.kind).unwrap_or(Kind::Lead),
        policy: Policy::parse(&r.policy).unwrap_or(Policy::Skip),
        mapping: serde_json::from_str(&r.mapping).unwrap_or_default(),
        state,
        total: usize::try_from(r.total).unwrap_or(0),
        done: usize::try_from(r.done).unwrap_or(0),
        failure: (state == JobState::Failed).then(|| report.clone()),
        report: serde_json::from_str(&report).ok(),
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn json<T: serde::Serialize>(v: &T) -> DomainResult<String> {
    serde_json::to_string(v).map_err(|e| DomainError::Internal(format!("json: {e}")))
}

/// Keeps an uploaded file as a new job with its columns guessed; returns its id. A file
/// that is not CSV UTF-8 text is refused with a message for the `file` field.
pub fn upload(
    conn: &mut DbConn,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
    kind: Kind,
) -> DomainResult<i32> {
    actor.require_manager()?;
    if bytes.len() > MAX_UPLOAD {
        return Err(DomainError::invalid(
            "file",
            format!(
                "The file is larger than {} MB; import it with `leadbook import`",
                MAX_UPLOAD / 1024 / 1024
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        DomainError::invalid(
            "file",
            "The file is not UTF-8 text; save it as CSV UTF-8 and try again",
        )
    })?;
    let mut source = Source::open(text.as_bytes())?;
    let total = source.count_rest();
    let mapping = Mapping::guess(&source.headers);
    let at = now();
    diesel::insert_into(import_jobs::table)
        .values((
            import_jobs::user_id.eq(actor.id.0),
            import_jobs::file_name.eq(file_name.chars().take(200).collect::<String>()),
            import_jobs::content.eq(text),
            import_jobs::kind.eq(kind.as_str()),
            import_jobs::policy.eq(Policy::Skip.as_str()),
            import_jobs::mapping.eq(json(&mapping)?),
            import_jobs::state.eq(JobState::Uploaded.as_str()),
            import_jobs::total.eq(count(total)),
            import_jobs::done.eq(0),
            import_jobs::report.eq(""),
            import_jobs::created_at.eq(at),
            import_jobs::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(import_jobs::table
        .filter(import_jobs::user_id.eq(actor.id.0))
        .select(diesel::dsl::max(import_jobs::id))
        .first::<Option<i32>>(conn)?
        .unwrap_or(0))
}

/// The job, when the actor may see it.
pub fn find(conn: &mut DbConn, actor: &Actor, id: i32) -> DomainResult<Job> {
    actor.require_manager()?;
    let job = import_jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)
        .optional()?
        .map(from_row)
        .ok_or(DomainError::NotFound)?;
    if job.user_id != actor.id && !actor.is_admin() {
        return Err(DomainError::NotFound);
    }
    Ok(job)
}

fn content(conn: &mut DbConn, id: i32) -> DomainResult<String> {
    Ok(import_jobs::table
        .find(id)
        .select(import_jobs::content)
        .first(conn)?)
}

/// The file's header line and its first [`PREVIEW_ROWS`] rows.
pub fn preview(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
) -> DomainResult<(Job, Vec<String>, Vec<Vec<String>>)> {
    let job = find(conn, actor, id)?;
    if job.state == JobState::Done {
        // The file itself is gone once imported; the report stays.
        return Ok((job, Vec::new(), Vec::new()));
    }
    let text = content(conn, id)?;
    let mut source = Source::open(text.as_bytes())?;
    let rows = source.preview(PREVIEW_ROWS);
    Ok((job, source.headers.clone(), rows))
}

fn set_state(conn: &mut DbConn, id: i32, state: JobState, report: &str) -> DomainResult<()> {
    diesel::update(import_jobs::table.find(id))
        .set((
            import_jobs::state.eq(state.as_str()),
            import_jobs::report.eq(report),
            import_jobs::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Saves the mapping and policy chosen on the page and queues the check of every row.
/// The caller then runs [`run`] in the background.
pub fn choose(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    choices: &[String],
    policy: &str,
    kind: &str,
) -> DomainResult<()> {
    let job = find(conn, actor, id)?;
    if job.state.is_running() {
        return Err(DomainError::Conflict("This file is being processed".into()));
    }
    let text = content(conn, id)?;
    let headers = Source::open(text.as_bytes())?.headers;
    let mapping = Mapping::from_choices(&headers, choices)?;
    let policy = Policy::parse(policy)?;
    let kind = Kind::parse(kind).map_err(|m| DomainError::invalid("kind", m))?;
    diesel::update(import_jobs::table.find(id))
        .set((
            import_jobs::mapping.eq(json(&mapping)?),
            import_jobs::policy.eq(policy.as_str()),
            import_jobs::kind.eq(kind.as_str()),
            import_jobs::done.eq(0),
        ))
        .execute(conn)?;
    set_state(conn, id, JobState::Checking, "")
}

/// Queues the import of a checked file. The caller then runs [`run`] in the background.
pub fn confirm(conn: &mut DbConn, actor: &Actor, id: i32) -> DomainResult<()> {
    let job = find(conn, actor, id)?;
    if job.state != JobState::Checked {
        return Err(DomainError::Conflict(
            "Check the file before importing it".into(),
        ));
    }
    diesel::update(import_jobs::table.find(id))
        .set(import_jobs::done.eq(0))
        .execute(conn)?;
    set_state(conn, id, JobState::Importing, "")
}

/// The background step of a job: the check (`checking`) or the import (`importing`),
/// updating `done` after each batch and storing the report. Does nothing in other states.
pub fn run(conn: &mut DbConn, id: i32) -> DomainResult<()> {
    let row = import_jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)?;
    let job = from_row(row);
    let outcome = step(conn, &job);
    match outcome {
        Ok(Some(report)) => {
            if job.state == JobState::Checking {
                return set_state(conn, id, JobState::Checked, &json(&report)?);
            }
            // One statement: a page reading the job never sees it unfinished without its file.
            diesel::update(import_jobs::table.find(id))
                .set((
                    import_jobs::content.eq(""),
                    import_jobs::state.eq(JobState::Done.as_str()),
                    import_jobs::report.eq(json(&report)?),
                    import_jobs::updated_at.eq(now()),
                ))
                .execute(conn)?;
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => {
            log::error!("import job {id} failed: {e}");
            set_state(conn, id, JobState::Failed, &e.to_string())
        }
    }
}

fn step(conn: &mut DbConn, job: &Job) -> DomainResult<Option<Report>> {
    if !job.state.is_running() {
        return Ok(None);
    }
    let text = content(conn, job.id)?;
    let mut source = Source::open(text.as_bytes())?;
    let id = job.id;
    let mut progress = |conn: &mut DbConn, done: usize| -> DomainResult<()> {
        diesel::update(import_jobs::table.find(id))
            .set((
                import_jobs::done.eq(count(done)),
                import_jobs::updated_at.eq(now()),
            ))
            .execute(conn)?;
        Ok(())
    };
    if job.state == JobState::Checking {
        return super::check(conn, &mut source, &job.mapping, job.kind, &mut progress).map(Some);
    }
    let user = users::find(conn, job.user_id)?;
    let teams = users::team_ids(conn, job.user_id)?;
    let actor = Actor::new(&user, teams);
    let options = Options {
        policy: job.policy,
        kind: job.kind,
        large: false,
    };
    super::import(
        conn,
        &actor,
        &mut source,
        &job.mapping,
        &options,
        &mut progress,
    )
    .map(Some)
}
