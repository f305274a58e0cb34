//! The background step of a job: the check, progress written to the status row batch by
//! batch, or the import, all or nothing (see the `jobs` header), run under the job's lock.

use diesel::prelude::*;

use super::recovery::job_lock;
use super::state::{
    Job, JobRow, JobState, RUNNING, content, count, from_row, json, live, set_state,
};
use crate::db::schema::import_jobs;
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::audit::{self, Action, Origin, Target, TargetKind};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::import::{self, Options, Report, Source};
use crate::domain::models::users;
use crate::domain::now;

/// Ends a job that failed: the error as its report, the file dropped. A job that another
/// run of it has meanwhile finished is left as it is.
fn fail(conn: &mut DbConn, id: i32, e: &DomainError) -> DomainResult<()> {
    log::error!("import job {id} failed: {e}");
    crate::telemetry::import_finished("failed");
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
                    return Ok(None);
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
                record_finished(conn, &job, &report)?;
                Ok::<_, DomainError>(Some(report))
            });
            match outcome {
                Ok(Some(report)) => {
                    count_finished(&report);
                    Ok(())
                }
                Ok(None) => Ok(()),
                Err(e) => fail(conn, id, &e),
            }
        }
        _ => Ok(()),
    }
}

/// An import that committed, for `/metrics`: the job and its rows by result.
fn count_finished(report: &Report) {
    crate::telemetry::import_finished("done");
    crate::telemetry::import_rows(&[
        ("created", report.created),
        ("updated", report.updated),
        ("merged", report.merged),
        ("unchanged", report.unchanged),
        ("skipped", report.skipped),
        ("invalid", report.invalid),
    ]);
}

/// The audit record of a finished import, by the user who ran it (no address: the import
/// runs on a thread of its own), with its counts.
fn record_finished(conn: &mut DbConn, job: &Job, report: &Report) -> DomainResult<()> {
    let user = users::find(conn, job.user_id)?;
    let target = report_counts(Target::of(TargetKind::ImportJob, [job.id]), report);
    let origin = Origin::user(&user, None);
    audit::record(conn, &origin, Action::ImportFinished, target).map(drop)
}

/// An import's counts as audit details (never a row's contents).
pub fn report_counts(target: Target, report: &Report) -> Target {
    target
        .with("rows", report.rows)
        .with("created", report.created)
        .with("updated", report.updated)
        .with("merged", report.merged)
        .with("unchanged", report.unchanged)
        .with("skipped", report.skipped)
        .with("invalid", report.invalid)
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
    import::check(
        conn,
        job.user_id,
        &mut source,
        &job.mapping,
        job.kind,
        &mut progress,
    )
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
        large: job.total >= import::LARGE_IMPORT && matches!(conn, DbConn::Sqlite(_)),
    };
    import::import(
        conn,
        &actor,
        &mut source,
        &job.mapping,
        &options,
        &mut progress,
    )
}
