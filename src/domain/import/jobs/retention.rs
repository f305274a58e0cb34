//! Retention: finished imports (done or failed) are removed, with what is left of their file,
//! once older than the company's limit. A job still waiting for the user (uploaded,
//! checked, interrupted) or under way (checking, importing) is never touched.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::JobState;
use crate::db::schema::import_jobs;
use crate::db::{DbConn, write_tx};
use crate::domain::error::DomainResult;

/// The jobs a purge removed (ids only, for the audit trail).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub job_ids: Vec<i32>,
}

/// Removes the finished jobs last changed before `cutoff` (UTC).
pub fn purge_finished_before(
    conn: &mut DbConn,
    cutoff: NaiveDateTime,
) -> DomainResult<PurgeReport> {
    write_tx(conn, |conn| {
        let finished = import_jobs::table
            .filter(import_jobs::state.eq_any([JobState::Done, JobState::Failed]))
            .filter(import_jobs::updated_at.lt(cutoff));
        let job_ids: Vec<i32> = finished
            .select(import_jobs::id)
            .order(import_jobs::id)
            .load(conn)?;
        diesel::delete(import_jobs::table.filter(import_jobs::id.eq_any(&job_ids)))
            .execute(conn)?;
        Ok(PurgeReport { job_ids })
    })
}
