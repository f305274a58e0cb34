//! Recovery after a crash: jobs whose check or import was running when their process died
//! are marked `interrupted`. On PostgreSQL each running job is held by a session-level
//! advisory lock, so a job another live instance runs is told from one whose process died.

use diesel::prelude::*;

use super::state::{JobState, RUNNING};
use crate::db::DbConn;
use crate::db::schema::import_jobs;
use crate::domain::error::DomainResult;
use crate::domain::now;

/// At server start: marks `interrupted` every job whose check or import was running when
/// its process died, so its page offers Run again and Discard instead of a progress bar
/// that never moves. On PostgreSQL a job still held by another connection (its advisory
/// lock, see [`super::run`]) is left alone: either another live instance runs it, or the dead
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
pub(super) fn job_lock(conn: &mut DbConn, id: i32, take: bool) -> DomainResult<bool> {
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
