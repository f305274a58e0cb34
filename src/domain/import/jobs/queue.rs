//! The steps a user takes with a job: upload a file, look at it, choose its mapping (which
//! queues the check), confirm the import (or run an interrupted job again), discard it.
//! Only managers and admins import; a job is seen by the user who started it and by admins
//! (anyone else gets "not found").

use diesel::prelude::*;

use super::state::{
    Job, JobRow, JobState, MAX_UPLOAD, PREVIEW_ROWS, RUNNING, content, count, from_row, json,
    set_state,
};
use crate::db::DbConn;
use crate::db::schema::import_jobs;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::import::{Mapping, Policy, Source};
use crate::domain::models::leads::Kind;
use crate::domain::now;
use crate::i18n::Msg;

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
            Msg::new("msg.import.too_large").text("mb", (MAX_UPLOAD / 1024 / 1024).to_string()),
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| DomainError::invalid("file", Msg::new("msg.import.not_utf8")))?;
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

/// Saves the mapping and policy chosen on the page and queues the check of every row.
/// The caller then runs [`super::run`] in the background.
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
        return Err(DomainError::Conflict(Msg::new("msg.import.busy")));
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
/// [`super::run`] in the background.
pub fn confirm(conn: &mut DbConn, actor: &Actor, id: i32) -> DomainResult<()> {
    let job = find(conn, actor, id)?;
    let next = match job.state {
        JobState::Checked => JobState::Importing,
        JobState::Interrupted if job.resumes_import() => JobState::Importing,
        JobState::Interrupted => JobState::Checking,
        _ => {
            return Err(DomainError::Conflict(Msg::new("msg.import.check_first")));
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
        return Err(DomainError::Conflict(Msg::new("msg.import.busy")));
    }
    diesel::delete(
        import_jobs::table
            .find(id)
            .filter(import_jobs::state.ne_all(RUNNING)),
    )
    .execute(conn)?;
    Ok(job.kind)
}
