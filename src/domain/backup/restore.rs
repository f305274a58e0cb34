//! Putting a backup in place of the database. Nothing is replaced before the backup has
//! passed every check: SQLite's `integrity_check`, the tables of a Leadbook database, and
//! migrations this binary knows (a backup made by a newer version is refused, as its schema
//! cannot be read here). The server must be stopped: it would keep writing to the file it
//! opened, which is the one kept aside.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::snapshot::{path_text, vacuum_into};
use crate::db::{self, DbConn};
use crate::domain::error::{DomainError, DomainResult};
use crate::i18n::Msg;

/// Tables every Leadbook database has.
const LEADBOOK_TABLES: [&str; 4] = ["__diesel_schema_migrations", "leads", "settings", "users"];

/// What a backup holds, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// Its applied migration versions.
    pub versions: Vec<String>,
    /// Migrations this binary will apply after the restore (the backup is older).
    pub pending: usize,
}

/// A restore done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Where the database that was replaced now is (none when there was none).
    pub kept: Option<PathBuf>,
    /// Migrations applied to the restored database.
    pub migrated: usize,
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

#[derive(QueryableByName)]
struct Integrity {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn refused(key: &str, file: &Path) -> DomainError {
    DomainError::Conflict(Msg::new(key).text("file", file.display().to_string()))
}

/// Opens `file` read-only: a missing file is refused rather than created.
fn open_read_only(file: &Path) -> DomainResult<diesel::SqliteConnection> {
    if !file.is_file() {
        return Err(refused("msg.backup_missing", file));
    }
    let escaped = path_text(file)?
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    diesel::SqliteConnection::establish(&format!("file:{escaped}?mode=ro"))
        .map_err(|_| refused("msg.backup_corrupt", file))
}

/// Checks `file` without changing it: intact, a Leadbook database, no unknown migration.
pub fn inspect(file: &Path) -> DomainResult<Inspection> {
    let mut c = open_read_only(file)?;
    match diesel::sql_query("PRAGMA integrity_check").load::<Integrity>(&mut c) {
        Ok(lines) if lines.len() == 1 && lines[0].integrity_check == "ok" => {}
        _ => return Err(refused("msg.backup_corrupt", file)),
    }
    let names = LEADBOOK_TABLES.map(|t| format!("'{t}'")).join(",");
    let found = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ({names})"
    ))
    .get_result::<Count>(&mut c)
    .map_err(|_| refused("msg.backup_corrupt", file))?;
    if found.n != i64::try_from(LEADBOOK_TABLES.len()).unwrap_or(0) {
        return Err(refused("msg.backup_not_leadbook", file));
    }
    let versions = diesel::sql_query(
        "SELECT version AS line FROM __diesel_schema_migrations ORDER BY version",
    )
    .load::<Line>(&mut c)
    .map_err(|_| refused("msg.backup_corrupt", file))?
    .into_iter()
    .map(|l| l.line)
    .collect::<Vec<_>>();
    let known =
        db::sqlite_migration_versions().map_err(|e| DomainError::Internal(e.to_string()))?;
    if let Some(unknown) = versions.iter().find(|v| !known.contains(v)) {
        return Err(DomainError::Conflict(
            Msg::new("msg.backup_newer")
                .text("file", file.display().to_string())
                .text("version", unknown.clone()),
        ));
    }
    let pending = known.iter().filter(|v| !versions.contains(v)).count();
    Ok(Inspection { versions, pending })
}

/// `<database><suffix>` beside the database.
fn beside(database: &Path, suffix: &str) -> PathBuf {
    let mut name = database.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Replaces the SQLite database at `database` with the backup `file`, after [`inspect`]:
/// the backup is copied by SQLite into `<database>.restoring`, the current database (its
/// write-ahead log checkpointed first) is kept as `<database>.before-restore-<time>`, the
/// copy is renamed into place, and the migrations the backup lacks are applied.
pub fn restore(file: &Path, database: &Path) -> DomainResult<Restored> {
    inspect(file)?;
    let restoring = beside(database, ".restoring");
    remove_if_present(&restoring)?;
    vacuum_into(&mut open_read_only(file)?, &path_text(&restoring)?)?;
    let kept = keep_current(database)?;
    std::fs::rename(&restoring, database).map_err(|e| io_failed(database, &e))?;
    let mut conn = DbConn::Sqlite(
        diesel::SqliteConnection::establish(&path_text(database)?)
            .map_err(|e| DomainError::Internal(e.to_string()))?,
    );
    let migrated = db::migrate(&mut conn).map_err(|e| DomainError::Internal(e.to_string()))?;
    Ok(Restored { kept, migrated })
}

/// Moves the current database (and what is left of its `-wal` and `-shm`) aside, so that
/// nothing stale of it is read with the restored file.
fn keep_current(database: &Path) -> DomainResult<Option<PathBuf>> {
    if !database.exists() {
        for suffix in ["-wal", "-shm"] {
            remove_if_present(&beside(database, suffix))?;
        }
        return Ok(None);
    }
    checkpoint(database)?;
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let kept = beside(database, &format!(".before-restore-{stamp}"));
    if kept.exists() {
        return Err(super::snapshot::exists(&kept));
    }
    std::fs::rename(database, &kept).map_err(|e| io_failed(database, &e))?;
    for suffix in ["-wal", "-shm"] {
        let side = beside(database, suffix);
        if side.exists() {
            std::fs::rename(&side, beside(&kept, suffix)).map_err(|e| io_failed(&side, &e))?;
        }
    }
    Ok(Some(kept))
}

/// Writes the write-ahead log into the database file, so the file kept aside is complete.
fn checkpoint(database: &Path) -> DomainResult<()> {
    let mut c = diesel::SqliteConnection::establish(&path_text(database)?)
        .map_err(|_| refused("msg.backup_corrupt", database))?;
    c.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(|e| io_failed(database, &std::io::Error::other(e.to_string())))
}

fn remove_if_present(path: &Path) -> DomainResult<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_failed(path, &e)),
    }
}

pub(super) fn io_failed(path: &Path, e: &std::io::Error) -> DomainError {
    DomainError::Conflict(
        Msg::new("msg.backup_io_failed")
            .text("file", path.display().to_string())
            .text("error", e.to_string()),
    )
}
