//! The web page's import job: the uploaded file kept in a status row (`import_jobs`) while
//! the user maps its columns, then checked and imported in the background. The row's
//! `state`, `done` and `total` are what the progress bar polls.
//!
//! States: `uploaded` (mapping page) → `checking` → `checked` (the validate-first report,
//! with a confirm button) → `importing` → `done` (the import report); `failed` on an
//! internal error; `interrupted` when the process running the check or the import died
//! (marked so by [`recover`] when the server starts), with Run again and Discard.
//!
//! **All or nothing.** The import of a file is one write transaction, the job's `done` state
//! and report included: a crash leaves no row of the file and the job in `importing`, which
//! the next start turns into `interrupted`. While it runs, other writes wait for it (as
//! during `leadbook import` of a large file), and its progress is counted in this process's
//! memory, since the transaction's own writes are invisible to the pages polling it.
//!
//! The file is dropped from the row when the job ends (done or failed) and with the row when
//! the job is discarded; the report stays with a done job. Only managers and admins import;
//! a job is seen by the user who started it and by admins (anyone else gets "not found").

use diesel::prelude::*;

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::db::schema::import_jobs;
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::enums::text_enum;
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
struct JobRow {
    id: i32,
    user_id: i32,
    file_name: String,
    kind: String,
    policy: Policy,
    mapping: String,
    state: JobState,
    total: i32,
    done: i32,
    report: String,
}

/// Rows handled so far by the imports running in this process, by job id: the import's own
/// writes, `done` included, are invisible outside its transaction until it commits.
static LIVE: Mutex<BTreeMap<i32, usize>> = Mutex::new(BTreeMap::new());

fn live() -> std::sync::MutexGuard<'static, BTreeMap<i32, usize>> {
    // A panic elsewhere while holding the map leaves plain counters: still usable.
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The states whose background step is under way.
const RUNNING: [&str; 2] = ["checking", "importing"];

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

fn from_row(r: JobRow) -> Job {
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
        kind: Kind::parse(&r.kind).unwrap_or(Kind::Lead),
        policy: r.policy,
        mapping: serde_json::from_str(&r.mapping).unwrap_or_default(),
        state,
        total: usize::try_from(r.total).unwrap_or(0),
        done,
        failure: (state == JobState::Failed).then(|| r.report.clone()),
        report: serde_json::from_str(&r.report).ok(),
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
            import_jobs::user_id.eq(actor.id),
            import_jobs::file_name.eq(file_name.chars().take(200).collect::<String>()),
            import_jobs::content.eq(text),
            import_jobs::kind.eq(kind),
            import_jobs::policy.eq(Policy::Skip),
            import_jobs::mapping.eq(json(&mapping)?),
            import_jobs::state.eq(JobState::Uploaded),
            import_jobs::total.eq(count(total)),
            import_jobs::done.eq(0),
            import_jobs::report.eq(""),
            import_jobs::created_at.eq(at),
            import_jobs::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(import_jobs::table
        .filter(import_jobs::user_id.eq(actor.id))
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
    if matches!(job.state, JobState::Done | JobState::Failed) {
        // The file itself is gone once the job ended; the report stays.
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
            import_jobs::state.eq(state),
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
    let policy = Policy::read(policy)?;
    let kind = Kind::parse(kind).map_err(|m| DomainError::invalid("kind", m))?;
    diesel::update(import_jobs::table.find(id))
        .set((
            import_jobs::mapping.eq(json(&mapping)?),
            import_jobs::policy.eq(policy),
            import_jobs::kind.eq(kind),
            import_jobs::done.eq(0),
        ))
        .execute(conn)?;
    set_state(conn, id, JobState::Checking, "")
}

/// Queues the import of a checked file, or runs an interrupted job again: its import when
/// its check had finished ([`Job::resumes_import`]), else its check. The caller then runs
/// [`run`] in the background.
pub fn confirm(conn: &mut DbConn, actor: &Actor, id: i32) -> DomainResult<()> {
    let job = find(conn, actor, id)?;
    let next = match job.state {
        JobState::Checked => JobState::Importing,
        JobState::Interrupted if job.resumes_import() => JobState::Importing,
        JobState::Interrupted => JobState::Checking,
        _ => {
            return Err(DomainError::Conflict(
                "Check the file before importing it".into(),
            ));
        }
    };
    // The report column keeps the check's report while importing: an interrupted import
    // can then be run again without checking again.
    diesel::update(import_jobs::table.find(id))
        .set((
            import_jobs::done.eq(0),
            import_jobs::state.eq(next),
            import_jobs::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Drops a job that is not running, its file with it; returns its kind (for the page to go
/// back to). A running job is refused.
pub fn discard(conn: &mut DbConn, actor: &Actor, id: i32) -> DomainResult<Kind> {
    let job = find(conn, actor, id)?;
    if job.state.is_running() {
        return Err(DomainError::Conflict("This file is being processed".into()));
    }
    diesel::delete(
        import_jobs::table
            .find(id)
            .filter(import_jobs::state.ne_all(RUNNING)),
    )
    .execute(conn)?;
    Ok(job.kind)
}

/// At server start: marks `interrupted` every job whose check or import was running when
/// its process died, so its page offers Run again and Discard instead of a progress bar
/// that never moves. On PostgreSQL a job still held by another connection (its advisory
/// lock, see [`run`]) is left alone: either another live instance runs it, or the dead
/// process's connection has not ended yet (the server rolls its transaction back first);
/// the caller asks again a little later while [`Recovery::held`] is not zero.
pub fn recover(conn: &mut DbConn) -> DomainResult<Recovery> {
    let running: Vec<i32> = import_jobs::table
        .filter(import_jobs::state.eq_any(RUNNING))
        .select(import_jobs::id)
        .load(conn)?;
    let mut recovery = Recovery::default();
    for id in running {
        if !job_lock(conn, id, true)? {
            recovery.held += 1;
            continue;
        }
        let updated = diesel::update(
            import_jobs::table
                .find(id)
                .filter(import_jobs::state.eq_any(RUNNING)),
        )
        .set((
            import_jobs::state.eq(JobState::Interrupted),
            import_jobs::updated_at.eq(now()),
        ))
        .execute(conn);
        job_lock(conn, id, false)?;
        recovery.marked += updated?;
    }
    if recovery.marked > 0 {
        log::warn!(
            "{} import job(s) were interrupted by a stop of the server",
            recovery.marked
        );
    }
    Ok(recovery)
}

/// What one [`recover`] pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    /// Jobs marked `interrupted`.
    pub marked: usize,
    /// Running jobs another connection still holds.
    pub held: usize,
}

/// PostgreSQL: the class of the session-level advisory lock (class, job id) that the
/// connection running a job holds, so that [`recover`] in another instance can tell a live
/// job from one whose process died (the server drops a dead session's locks).
#[cfg(feature = "postgres")]
const JOB_LOCK_CLASS: i32 = 727_045;

/// Takes (`take`) or releases the job's advisory lock on PostgreSQL; whether it was taken.
/// SQLite has one server process per file: there, nothing else can hold a job.
fn job_lock(conn: &mut DbConn, id: i32, take: bool) -> DomainResult<bool> {
    #[cfg(feature = "postgres")]
    if let DbConn::Postgresql(c) = conn {
        #[derive(QueryableByName)]
        struct Locked {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            locked: bool,
        }
        let sql = if take {
            "SELECT pg_try_advisory_lock($1, $2) AS locked"
        } else {
            "SELECT pg_advisory_unlock($1, $2) AS locked"
        };
        let row: Locked = diesel::sql_query(sql)
            .bind::<diesel::sql_types::Integer, _>(JOB_LOCK_CLASS)
            .bind::<diesel::sql_types::Integer, _>(id)
            .get_result(c)?;
        return Ok(row.locked || !take);
    }
    let _ = (conn, id, take);
    Ok(true)
}

/// Ends a job that failed: the error as its report, the file dropped. A job that another
/// run of it has meanwhile finished is left as it is.
fn fail(conn: &mut DbConn, id: i32, e: &DomainError) -> DomainResult<()> {
    log::error!("import job {id} failed: {e}");
    diesel::update(
        import_jobs::table
            .find(id)
            .filter(import_jobs::state.eq_any(RUNNING)),
    )
    .set((
        import_jobs::content.eq(""),
        import_jobs::state.eq(JobState::Failed),
        import_jobs::report.eq(e.to_string()),
        import_jobs::updated_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(())
}

/// The background step of a job: the check (`checking`, progress written to the status row
/// batch by batch) or the import (`importing`, all or nothing: see the module header).
/// Does nothing in other states, or when another process runs the job.
pub fn run(conn: &mut DbConn, id: i32) -> DomainResult<()> {
    if !job_lock(conn, id, true)? {
        return Ok(());
    }
    let outcome = run_held(conn, id);
    live().remove(&id);
    let released = job_lock(conn, id, false);
    outcome.and(released.map(drop))
}

fn run_held(conn: &mut DbConn, id: i32) -> DomainResult<()> {
    let row = import_jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)?;
    let job = from_row(row);
    match job.state {
        JobState::Checking => match check_step(conn, &job) {
            Ok(report) => set_state(conn, id, JobState::Checked, &json(&report)?),
            Err(e) => fail(conn, id, &e),
        },
        JobState::Importing => {
            let outcome = write_tx(conn, |conn| {
                // Read again under the write lock: a second Run of the same job (a double
                // click) waited for the first one's commit and finds nothing left to do.
                let state: String = import_jobs::table
                    .find(id)
                    .select(import_jobs::state)
                    .first(conn)?;
                if state != JobState::Importing.as_str() {
                    return Ok(());
                }
                let report = import_step(conn, &job)?;
                // In the import's transaction: the rows and the job's end commit together.
                diesel::update(import_jobs::table.find(id))
                    .set((
                        import_jobs::content.eq(""),
                        import_jobs::state.eq(JobState::Done),
                        import_jobs::done.eq(count(report.rows)),
                        import_jobs::report.eq(json(&report)?),
                        import_jobs::updated_at.eq(now()),
                    ))
                    .execute(conn)?;
                Ok::<(), DomainError>(())
            });
            match outcome {
                Ok(()) => Ok(()),
                Err(e) => fail(conn, id, &e),
            }
        }
        _ => Ok(()),
    }
}

fn check_step(conn: &mut DbConn, job: &Job) -> DomainResult<Report> {
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
    super::check(conn, &mut source, &job.mapping, job.kind, &mut progress)
}

fn import_step(conn: &mut DbConn, job: &Job) -> DomainResult<Report> {
    let text = content(conn, job.id)?;
    let mut source = Source::open(text.as_bytes())?;
    let id = job.id;
    live().insert(id, 0);
    let mut progress = |_: &mut DbConn, done: usize| -> DomainResult<()> {
        live().insert(id, done);
        Ok(())
    };
    let user = users::find(conn, job.user_id)?;
    let teams = users::team_ids(conn, job.user_id)?;
    let actor = Actor::new(&user, teams);
    let options = Options {
        policy: job.policy,
        kind: job.kind,
        // A big file under `create` loads as `leadbook import` loads it (indexes built once
        // at the end), on SQLite only: there the pages keep reading their snapshot, whereas
        // on PostgreSQL the dropped match-key index would lock them out until the commit.
        large: job.total >= super::LARGE_IMPORT && matches!(conn, DbConn::Sqlite(_)),
    };
    super::import(
        conn,
        &actor,
        &mut source,
        &job.mapping,
        &options,
        &mut progress,
    )
}
