//! Backups of the SQLite database and the housekeeping around them.
//!
//! A backup is always made by SQLite itself (`VACUUM INTO`), never by copying the file: it
//! reads one consistent snapshot inside a read transaction, so it is safe while the server
//! writes (WAL mode lets readers and the writer run together), and the copy is a compact,
//! single file without a `-wal` beside it. PostgreSQL has its own tools (`pg_dump -Fc`,
//! `pg_restore`): every function here refuses it with a message that says so.
//!
//! - [`snapshot`]: one backup into a named file;
//! - [`restore`]: check a backup (integrity, a Leadbook database, no migration this binary
//!   does not know) and put it in place of the database;
//! - [`folder`]: the backups this feature writes into the configured folder, named
//!   `leadbook-YYYYMMDD-HHMMSS.db`: list, take, prune;
//! - [`config`]: the folder, how many to keep, daily on/off, and the import retention;
//! - [`daily`]: what the housekeeping thread does once an hour.

pub mod config;
pub mod daily;
pub mod folder;
pub mod restore;
pub mod snapshot;

pub use config::{BackupConfig, BackupInput};
pub use daily::{Housekeeping, housekeeping};
pub use folder::{BackupEntry, Overview, list, overview, prune, take, take_now};
pub use restore::{Inspection, Restored, inspect, restore};
pub use snapshot::{BackupFile, supported, write_to};

use crate::db::DbConn;
use crate::domain::audit::{self, Action, Origin, Target, TargetKind};
use crate::domain::error::DomainResult;

/// Records a backup written by `origin` (the page, the daily pass, the command line) in the
/// audit trail of the database it copied: the file's name and size.
pub fn record_taken(conn: &mut DbConn, origin: &Origin, file: &BackupFile) -> DomainResult<()> {
    let name = file.path.file_name().map_or_else(
        || file.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let target = Target::of(TargetKind::Backup, [name]).with("bytes", file.size);
    audit::record(conn, origin, Action::BackupTaken, target).map(drop)
}
