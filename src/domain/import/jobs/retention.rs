//! Retention: finished imports (done or failed) are removed, with what is left of their file,
//! once older than the company's limit. A job still waiting for the user (uploaded,
//! checked, interrupted) or under way (checking, importing) is never touched.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::JobState;
use crate::db::schema::import_jobs;
use crate::db::{DbConn, write_tx};
use crate::domain::audit::{self, Action, Origin, Target, TargetKind};
use crate::domain::error::DomainResult;

/// The jobs a purge removed (ids only, for the audit trail).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub job_ids: Vec<i32>,
}

/// Removes the finished jobs last changed before `cutoff` (UTC); a purge that removed any
/// is recorded in the audit trail by `origin`, in the same transaction (the record stays).
pub fn purge_finished_before(
    conn: &mut DbConn,
    origin: &Origin,
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
        if !job_ids.is_empty() {
            let target = Target::of(TargetKind::ImportJob, &job_ids)
                .with("before", cutoff.format("%Y-%m-%d %H:%M").to_string());
            audit::record(conn, origin, Action::ImportsPurged, target)?;
        }
        Ok(PurgeReport { job_ids })
    })
}
