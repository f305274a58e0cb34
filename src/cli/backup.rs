//! `leadbook backup FILE` and `leadbook restore FILE` (SQLite; PostgreSQL is pointed to
//! `pg_dump` / `pg_restore`). The backup runs beside a live server; a restore needs it stopped.

use std::path::Path;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use leadbook::config::Config;
use leadbook::db::{self, DbConn};
use leadbook::domain::DomainError;
use leadbook::domain::audit::{self, Action, Origin, Target, TargetKind};
use leadbook::domain::backup;

use super::say::{msg, t, t_with};

fn message(e: DomainError) -> String {
    match e {
        DomainError::Conflict(m) => msg(&m),
        other => other.to_string(),
    }
}

/// PostgreSQL's answer: how to do it with its own tools (a failure: nothing was done).
fn postgres_advice(config: &Config) -> Result<(), String> {
    if db::is_postgres_url(&config.database) {
        return Err(t("backup.cli_pg_backup"));
    }
    Ok(())
}

/// Writes a consistent copy of the running database to `file` (never overwritten).
pub fn backup(config: &Config, file: &str) -> Result<(), String> {
    postgres_advice(config)?;
    if !Path::new(&config.database).is_file() {
        return Err(t_with(
            "backup.cli_no_database",
            &[("file", config.database.clone())],
        ));
    }
    // A plain connection, not the pool: a backup never migrates the live database.
    let mut conn = DbConn::establish(&config.database).map_err(|e| e.to_string())?;
    conn.batch_execute("PRAGMA busy_timeout = 5000;")
        .map_err(|e| e.to_string())?;
    let written = backup::write_to(&mut conn, Path::new(file)).map_err(message)?;
    // The copy is made; a database too old to hold an audit trail only loses the record.
    if let Err(e) = backup::record_taken(&mut conn, &Origin::command_line(), &written) {
        log::warn!("backup: not recorded in the audit trail: {e}");
    }
    let values = [
        ("file", written.path.display().to_string()),
        ("size", written.size.to_string()),
    ];
    println!("{}", t_with("backup.cli_written", &values));
    Ok(())
}

/// Replaces the database with the backup `file`, once it has passed every check.
pub fn restore(config: &Config, file: &str) -> Result<(), String> {
    postgres_advice(config)?;
    let restored =
        backup::restore(Path::new(file), Path::new(&config.database)).map_err(message)?;
    let values = [
        ("file", file.to_string()),
        ("database", config.database.clone()),
        ("migrations", restored.migrated.to_string()),
    ];
    println!("{}", t_with("backup.cli_restored", &values));
    record_restore(config, file);
    if let Some(kept) = restored.kept {
        let values = [("file", kept.display().to_string())];
        println!("{}", t_with("backup.cli_kept", &values));
    }
    Ok(())
}

/// Records the restore in the restored database's audit trail (whose newer records the
/// restore replaced): by the command line, naming the backup file.
fn record_restore(config: &Config, file: &str) {
    let name = Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned());
    let recorded = DbConn::establish(&config.database)
        .map_err(|e| e.to_string())
        .and_then(|mut conn| {
            let target = Target::of(TargetKind::Backup, [name]);
            audit::record(
                &mut conn,
                &Origin::command_line(),
                Action::BackupRestored,
                target,
            )
            .map_err(|e| e.to_string())
        });
    if let Err(e) = recorded {
        log::warn!("restore: not recorded in the audit trail: {e}");
    }
}
