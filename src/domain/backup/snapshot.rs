//! One backup: `VACUUM INTO` a file that does not exist yet.

use std::path::{Path, PathBuf};

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::db::DbConn;
use crate::domain::error::{DomainError, DomainResult};
use crate::i18n::Msg;

/// A backup written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    /// Bytes.
    pub size: u64,
}

/// Whether this database can be backed up here (SQLite); PostgreSQL uses `pg_dump`.
pub fn supported(conn: &DbConn) -> bool {
    crate::db::is_sqlite(conn)
}

/// The refusal on PostgreSQL.
pub fn postgres_refusal() -> DomainError {
    DomainError::Conflict(Msg::new("msg.backup_postgres"))
}

/// Writes a consistent copy of the database to `path`, which must not exist: an existing
/// file is never overwritten (it may be the only good backup). Safe while others write:
/// SQLite copies one snapshot inside a read transaction.
pub fn write_to(conn: &mut DbConn, path: &Path) -> DomainResult<BackupFile> {
    if path.exists() {
        return Err(exists(path));
    }
    let target = path_text(path)?;
    match conn {
        DbConn::Sqlite(c) => vacuum_into(c, &target)?,
        #[cfg(feature = "postgres")]
        DbConn::Postgresql(_) => return Err(postgres_refusal()),
    }
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    Ok(BackupFile {
        path: path.to_path_buf(),
        size,
    })
}

/// `VACUUM INTO` on a SQLite connection; a failure names the file (never the data).
pub(super) fn vacuum_into(c: &mut diesel::SqliteConnection, target: &str) -> DomainResult<()> {
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target)
        .execute(c)
        .map_err(|e| {
            DomainError::Conflict(
                Msg::new("msg.backup_failed")
                    .text("file", target)
                    .text("error", e.to_string()),
            )
        })?;
    Ok(())
}

pub(super) fn exists(path: &Path) -> DomainError {
    DomainError::Conflict(
        Msg::new("msg.backup_file_exists").text("file", path.display().to_string()),
    )
}

pub(super) fn path_text(path: &Path) -> DomainResult<String> {
    path.to_str().map(str::to_string).ok_or_else(|| {
        DomainError::Conflict(
            Msg::new("msg.backup_path_not_utf8").text("file", path.display().to_string()),
        )
    })
}
