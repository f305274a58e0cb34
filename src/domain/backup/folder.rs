//! The backups this feature writes into the configured folder. Only files named
//! `leadbook-YYYYMMDD-HHMMSS.db` (UTC) are listed and pruned: whatever else an admin keeps
//! in the folder is never touched.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::snapshot::{self, BackupFile};
use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::audit::Origin;
use crate::domain::error::{DomainError, DomainResult};
use crate::i18n::Msg;

const PREFIX: &str = "leadbook-";
const SUFFIX: &str = ".db";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// One backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupEntry {
    pub name: String,
    pub path: PathBuf,
    /// When it was taken (UTC), read from its name.
    pub taken_at: NaiveDateTime,
    /// Bytes.
    pub size: u64,
}

/// The file name of a backup taken at `at`.
pub fn file_name(at: NaiveDateTime) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(STAMP))
}

/// When the backup named `name` was taken, if this feature wrote it.
fn taken_at(name: &str) -> Option<NaiveDateTime> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok()
}

/// The folder's backups, newest first (none when it cannot be read).
pub fn list(folder: &Path) -> Vec<BackupEntry> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<BackupEntry> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            let taken_at = taken_at(&name)?;
            let meta = entry.metadata().ok().filter(std::fs::Metadata::is_file)?;
            Some(BackupEntry {
                path: entry.path(),
                name,
                taken_at,
                size: meta.len(),
            })
        })
        .collect();
    found.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
    found
}

/// Takes a backup into `folder`, named for `now`.
pub fn take(conn: &mut DbConn, folder: &Path, now: NaiveDateTime) -> DomainResult<BackupFile> {
    snapshot::write_to(conn, &folder.join(file_name(now)))
}

/// Removes all but the newest `keep` backups; returns the files removed.
pub fn prune(folder: &Path, keep: u32) -> DomainResult<Vec<PathBuf>> {
    let keep = usize::try_from(keep.max(1)).unwrap_or(usize::MAX);
    let mut removed = Vec::new();
    for old in list(folder).into_iter().skip(keep) {
        std::fs::remove_file(&old.path).map_err(|e| super::restore::io_failed(&old.path, &e))?;
        removed.push(old.path);
    }
    Ok(removed)
}

/// "Back up now" (admins): a backup into the configured folder, then pruning to keep N.
pub fn take_now(
    conn: &mut DbConn,
    actor: &Actor,
    origin: &Origin,
) -> DomainResult<(BackupFile, Vec<PathBuf>)> {
    actor.require_admin()?;
    if !snapshot::supported(conn) {
        return Err(snapshot::postgres_refusal());
    }
    let config = super::config::load(conn)?;
    if config.folder.is_empty() {
        return Err(DomainError::Conflict(Msg::new(
            "msg.backup_folder_required",
        )));
    }
    let folder = Path::new(&config.folder);
    let file = take(conn, folder, crate::domain::now())?;
    super::record_taken(conn, origin, &file)?;
    let pruned = prune(folder, config.keep)?;
    Ok((file, pruned))
}

/// What Settings → Backups shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub config: super::BackupConfig,
    /// False on PostgreSQL, whose backups are `pg_dump`'s.
    pub supported: bool,
    /// The folder's backups, newest first.
    pub backups: Vec<BackupEntry>,
}

/// The Backups page's data (admins).
pub fn overview(conn: &mut DbConn, actor: &Actor) -> DomainResult<Overview> {
    actor.require_admin()?;
    let config = super::config::load(conn)?;
    let backups = if config.folder.is_empty() {
        Vec::new()
    } else {
        list(Path::new(&config.folder))
    };
    Ok(Overview {
        supported: snapshot::supported(conn),
        config,
        backups,
    })
}
