//! Where old copies of erased values hide in the store, and how an erasure drives them out.
//!
//! - SQLite: `PRAGMA secure_delete = ON` (per connection, set before the erasure) makes
//!   SQLite zero the content it deletes or overwrites, so freed cells and freelist pages
//!   keep no old bytes; after the commit `PRAGMA wal_checkpoint(TRUNCATE)` copies the new
//!   pages into the database file and empties the WAL, which held the old page images. The
//!   list search's FTS5 index keeps deleted terms in its segments until they are merged:
//!   `optimize` merges them all.
//! - PostgreSQL: an UPDATE leaves the old row version as a dead tuple until VACUUM removes
//!   it; the erasure runs `VACUUM` on the tables it touched, after the commit (VACUUM may
//!   not run inside a transaction).

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::db::{DbConn, is_sqlite};
use crate::domain::DomainResult;

/// The tables an erasure writes, vacuumed afterwards on PostgreSQL.
pub const TOUCHED: &[&str] = &[
    "leads",
    "partners",
    "identities",
    "match_keys",
    "lead_similar",
    "messages",
    "message_changes",
    "merges",
    "customer_merges",
    "not_duplicates",
    "import_jobs",
    "intake_deliveries",
    "idempotency_keys",
    "webhook_events",
    "webhook_deliveries",
];

/// Before the erasure's transaction: on SQLite, deleted and overwritten content is zeroed.
pub fn before(conn: &mut DbConn) -> DomainResult<()> {
    if is_sqlite(conn) {
        conn.batch_execute("PRAGMA secure_delete = ON")?;
    }
    Ok(())
}

/// Inside the transaction, last: the search index's deleted terms merged away.
pub fn merge_search_index(conn: &mut DbConn) -> DomainResult<()> {
    if is_sqlite(conn) {
        diesel::sql_query("INSERT INTO lead_search (lead_search) VALUES ('optimize')")
            .execute(conn)?;
    }
    Ok(())
}

/// After the commit: on SQLite the WAL is checkpointed and truncated and the connection
/// goes back to the default; on PostgreSQL the touched tables are vacuumed. A failure here
/// leaves the erasure done (it is logged): the old bytes then go at the next checkpoint or
/// autovacuum.
pub fn after(conn: &mut DbConn) {
    let sql = if is_sqlite(conn) {
        // The erasure zeroed what it deleted, but earlier writes (made without
        // secure_delete) may have left older copies in free space and freelist pages:
        // VACUUM rewrites the file from the live rows only.
        "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE); \
         PRAGMA secure_delete = OFF;"
            .to_string()
    } else {
        format!("VACUUM {}", TOUCHED.join(", "))
    };
    if let Err(e) = conn.batch_execute(&sql) {
        log::warn!("after an erasure, cleaning the store failed: {e}");
    }
}
