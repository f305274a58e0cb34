//! Readiness: whether the database can serve requests right now (`GET /readyz`).
//!
//! A pool's SQLite connections keep their file open: after the file was removed, renamed
//! or overwritten they go on reading the old one (or garbage) and a plain `SELECT 1` still
//! succeeds. So on SQLite the check also looks at the file at the path the connection was
//! opened with: it exists, opens read-only (never created), and starts with SQLite's
//! header. On both backends it asks a pooled connection whether every embedded migration
//! was applied. All of it is a few reads: cheap enough for a probe every few seconds (no
//! integrity check).

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use diesel::RunQueryDsl;
use diesel::migration::MigrationSource;
use diesel::sql_types::Text;

use super::{DbConn, DbPool};

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long the probe waits for a pooled connection: a pool busy for longer is not ready.
const CONNECTION_WAIT: Duration = Duration::from_secs(2);

#[derive(diesel::QueryableByName)]
struct Version {
    #[diesel(sql_type = Text)]
    version: String,
}

#[derive(diesel::QueryableByName)]
struct Attached {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    file: String,
}

/// `Ok` when the database answers, its file (SQLite) is in place and every migration was
/// applied; otherwise why not, for the log (never for the probe's answer).
pub fn check(pool: &DbPool) -> Result<(), String> {
    let mut conn = pool
        .get_timeout(CONNECTION_WAIT)
        .map_err(|e| format!("no database connection: {e}"))?;
    if let Some(path) = sqlite_file(&mut conn)? {
        check_file(&path)?;
    }
    let pending = pending_migrations(&mut conn)?;
    if pending > 0 {
        return Err(format!("{pending} migration(s) not applied"));
    }
    Ok(())
}

/// The file of a SQLite connection's main database (`None` on PostgreSQL and for an
/// in-memory database). A query, so it also proves the connection answers.
pub fn sqlite_file(conn: &mut DbConn) -> Result<Option<PathBuf>, String> {
    if !super::is_sqlite(conn) {
        diesel::sql_query("SELECT 1")
            .execute(conn)
            .map_err(|e| format!("the database does not answer: {e}"))?;
        return Ok(None);
    }
    let attached: Vec<Attached> = diesel::sql_query("PRAGMA database_list")
        .load(conn)
        .map_err(|e| format!("the database does not answer: {e}"))?;
    Ok(attached
        .into_iter()
        .find(|a| a.name == "main" && !a.file.is_empty())
        .map(|a| PathBuf::from(a.file)))
}

/// The SQLite file at `path` is there, readable, and a SQLite database.
fn check_file(path: &std::path::Path) -> Result<(), String> {
    let shown = path.display();
    let mut file =
        std::fs::File::open(path).map_err(|e| format!("cannot open the database {shown}: {e}"))?;
    let mut header = [0u8; 16];
    file.read_exact(&mut header)
        .map_err(|e| format!("cannot read the database {shown}: {e}"))?;
    if &header != SQLITE_HEADER {
        return Err(format!("{shown} is not a SQLite database"));
    }
    Ok(())
}

/// How many embedded migrations of the connection's backend the database lacks. A plain
/// read of diesel's table, so a probe never waits for the write lock (diesel's own
/// `has_pending_migration` first creates the table if missing).
fn pending_migrations(conn: &mut DbConn) -> Result<usize, String> {
    let applied: HashSet<String> =
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
            .load::<Version>(conn)
            .map_err(|e| format!("cannot read the applied migrations: {e}"))?
            .into_iter()
            .map(|v| v.version)
            .collect();
    let embedded = embedded_versions(conn)?;
    Ok(embedded.iter().filter(|v| !applied.contains(*v)).count())
}

/// The versions of the migrations this build carries for the connection's backend.
fn embedded_versions(conn: &DbConn) -> Result<Vec<String>, String> {
    fn versions<DB: diesel::backend::Backend>(
        source: &diesel_migrations::EmbeddedMigrations,
    ) -> Result<Vec<String>, String> {
        let migrations = MigrationSource::<DB>::migrations(source).map_err(|e| e.to_string())?;
        Ok(migrations
            .iter()
            .map(|m| m.name().version().to_string())
            .collect())
    }
    match conn {
        #[cfg(feature = "postgres")]
        DbConn::Postgresql(_) => versions::<diesel::pg::Pg>(&super::POSTGRES_MIGRATIONS),
        DbConn::Sqlite(_) => versions::<diesel::sqlite::Sqlite>(&super::SQLITE_MIGRATIONS),
    }
}
