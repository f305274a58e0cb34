//! What the housekeeping thread does about once an hour: the daily backup when the newest
//! is a day old, pruning to keep N, and the import retention.

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDateTime};

use super::snapshot::{self, BackupFile};
use super::{config, folder};
use crate::db::DbConn;
use crate::domain::audit::Origin;
use crate::domain::error::DomainResult;
use crate::domain::import::jobs::{self, PurgeReport};

/// What one pass did (ids, paths and counts only: nothing personal).
#[derive(Debug, Default)]
pub struct Housekeeping {
    pub backup: Option<BackupFile>,
    pub pruned: Vec<PathBuf>,
    pub purged: PurgeReport,
}

/// Whether a daily backup is due: none yet, or the newest is at least a day old.
pub fn backup_due(newest: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    newest.is_none_or(|at| now - at >= Duration::hours(24))
}

/// One housekeeping pass at `now`, as the settings say.
pub fn housekeeping(conn: &mut DbConn, now: NaiveDateTime) -> DomainResult<Housekeeping> {
    let settings = config::load(conn)?;
    let mut done = Housekeeping::default();
    if settings.daily && !settings.folder.is_empty() && snapshot::supported(conn) {
        let dir = Path::new(&settings.folder);
        let newest = folder::list(dir).first().map(|b| b.taken_at);
        if backup_due(newest, now) {
            let file = folder::take(conn, dir, now)?;
            super::record_taken(conn, &Origin::system(), &file)?;
            done.backup = Some(file);
        }
        done.pruned = folder::prune(dir, settings.keep)?;
    }
    if settings.import_retention_days > 0 {
        let cutoff = now - Duration::days(i64::from(settings.import_retention_days));
        done.purged = jobs::purge_finished_before(conn, &Origin::system(), cutoff)?;
    }
    Ok(done)
}
