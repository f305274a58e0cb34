//! The store: one connection type for SQLite (default) and PostgreSQL (feature `postgres`),
//! a pool whose SQLite connections get the pragmas that make concurrent writers safe, the
//! embedded migrations of both backends, and the write-transaction helper.
//!
//! Everything above this module talks to [`DbConn`]; the backend is chosen by the URL.

pub mod health;
pub mod schema;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// A connection to whichever backend the database URL names.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    #[cfg(feature = "postgres")]
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// The backend type the derive generates; models check against it.
pub type Backend = MultiBackend;
pub type DbPool = Pool<ConnectionManager<DbConn>>;
pub type PooledConn = PooledConnection<ConnectionManager<DbConn>>;

/// A condition on leads built at run time (a list's filters, the visibility rule), boxed so
/// that any of them fits one query.
pub type LeadCondition = Box<
    dyn diesel::expression::BoxableExpression<
            schema::leads::table,
            Backend,
            SqlType = diesel::sql_types::Bool,
        >,
>;

/// Whether the connection is SQLite (the search index and `?` placeholders), not PostgreSQL.
pub fn is_sqlite(conn: &DbConn) -> bool {
    #[cfg(feature = "postgres")]
    {
        matches!(conn, DbConn::Sqlite(_))
    }
    #[cfg(not(feature = "postgres"))]
    {
        let _ = conn;
        true
    }
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
#[cfg(feature = "postgres")]
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Runs `$body` with `$c` bound to the inner, backend-specific connection. For the few diesel
/// features `MultiConnection` cannot offer (RETURNING, batch inserts): the body is compiled
/// once per backend, so the code stays single-source.
#[macro_export]
macro_rules! with_inner {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            #[cfg(feature = "postgres")]
            $crate::db::DbConn::Postgresql($c) => $body,
            $crate::db::DbConn::Sqlite($c) => $body,
        }
    };
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database: {0}")]
    Open(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// True when the URL names a PostgreSQL server rather than a SQLite file.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

#[derive(Debug, Clone, Copy)]
struct Pragmas;

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for Pragmas {
    #[cfg_attr(
        not(feature = "postgres"),
        expect(
            irrefutable_let_patterns,
            reason = "SQLite is the only backend in this build"
        )
    )]
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        if let DbConn::Sqlite(c) = conn {
            c.batch_execute(
                "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens a pool on `url` and brings the schema up to date.
pub fn connect(url: &str, max_size: u32) -> Result<DbPool, DbError> {
    check_url(url)?;
    let manager = ConnectionManager::<DbConn>::new(url);
    let pool = Pool::builder()
        .max_size(max_size)
        .connection_customizer(Box::new(Pragmas))
        .build(manager)
        .map_err(|e| DbError::Open(e.to_string()))?;
    let mut conn = pool.get().map_err(|e| DbError::Open(e.to_string()))?;
    migrate(&mut conn)?;
    Ok(pool)
}

/// A PostgreSQL URL that fails to connect surfaces from `MultiConnection` only as "invalid
/// connection url"; probing with the concrete type first keeps libpq's real message.
fn check_url(url: &str) -> Result<(), DbError> {
    if !is_postgres_url(url) {
        return Ok(());
    }
    #[cfg(feature = "postgres")]
    {
        diesel::PgConnection::establish(url).map_err(|e| DbError::Open(e.to_string()))?;
        Ok(())
    }
    #[cfg(not(feature = "postgres"))]
    Err(DbError::Open(
        "this build has no PostgreSQL support; rebuild with `--features postgres`".into(),
    ))
}

/// Runs every pending migration of the connection's backend. Safe to call on every start,
/// also by several instances starting at once on one PostgreSQL database: they take turns
/// under a session-level advisory lock, and the later ones find nothing left to do.
pub fn migrate(conn: &mut DbConn) -> Result<usize, DbError> {
    let applied = match conn {
        #[cfg(feature = "postgres")]
        DbConn::Postgresql(c) => {
            let lock = |c: &mut diesel::PgConnection, sql: &str| {
                c.batch_execute(sql)
                    .map_err(|e| DbError::Migration(format!("migration lock: {e}")))
            };
            lock(c, PG_MIGRATION_LOCK)?;
            let applied = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.len());
            lock(c, PG_MIGRATION_UNLOCK)?;
            applied
        }
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    applied.map_err(|e| DbError::Migration(e.to_string()))
}

/// The versions of the SQLite migrations this binary carries, as `__diesel_schema_migrations`
/// stores them: a restore refuses a backup that has one this list lacks (made by a newer
/// version, whose schema this binary cannot read).
pub fn sqlite_migration_versions() -> Result<Vec<String>, DbError> {
    use diesel::migration::MigrationSource;
    let migrations = MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
        .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(migrations
        .iter()
        .map(|m| m.name().version().to_string())
        .collect())
}

/// The PostgreSQL stand-in for SQLite's single writer: a transaction-scoped advisory lock
/// (scoped to the current database) that every [`write_tx`] takes first. The lock timeout
/// plays the part of SQLite's `busy_timeout`, so a stuck writer surfaces as an error instead
/// of a hang.
#[cfg(feature = "postgres")]
const PG_WRITE_LOCK: &str =
    "SET LOCAL lock_timeout = '15s'; SELECT pg_advisory_xact_lock(7270451212630013)";

/// Serialises the migrations of instances starting together on one PostgreSQL database.
#[cfg(feature = "postgres")]
const PG_MIGRATION_LOCK: &str = "SELECT pg_advisory_lock(7270451212630014)";
#[cfg(feature = "postgres")]
const PG_MIGRATION_UNLOCK: &str = "SELECT pg_advisory_unlock(7270451212630014)";

/// Runs `f` in a transaction that takes the write lock up front, so concurrent
/// read-then-write transactions run one after the other on both backends:
/// - SQLite: `BEGIN IMMEDIATE`, so a read-then-write never fails with "database is locked"
///   while upgrading its lock;
/// - PostgreSQL: an advisory lock shared by every app instance on the database, so a
///   read-then-write (check, then insert) never races another instance into a unique
///   violation or a lost update, as it could under the default READ COMMITTED.
///
/// Nested calls become savepoints.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let outermost = match conn {
        DbConn::Sqlite(c) => {
            let depth =
                AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?;
            if depth.is_none() {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
                true
            } else {
                false
            }
        }
        #[cfg(feature = "postgres")]
        DbConn::Postgresql(c) => {
            let depth =
                AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?;
            if depth.is_none() {
                AnsiTransactionManager::begin_transaction(c)?;
                if let Err(e) = c.batch_execute(PG_WRITE_LOCK) {
                    AnsiTransactionManager::rollback_transaction(c)?;
                    return Err(e.into());
                }
                true
            } else {
                false
            }
        }
    };
    if !outermost {
        return conn.transaction(f);
    }
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            <DbConn as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(e)
        }
    }
}
