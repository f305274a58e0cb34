//! Batch inserts of ready-made lead rows, shared by the bulk loaders (the demo filler, CSV
//! import): one multi-row INSERT per chunk, the tag links of the chunk in a second one, and
//! for very large loads on SQLite the option of building the indexes once at the end.
//!
//! Callers compute the normalised columns themselves and must run inside a write
//! transaction ([`crate::db::write_tx`]): the new ids are read back as `max(id)` before and
//! after, which is only sound while nobody else inserts.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{lead_tags, leads};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::TagId;
use crate::with_inner;

use super::NewLead;

/// Rows per INSERT: 37 columns × 500 rows stays under SQLite's 32,766 bound parameters. A
/// chunk of exactly this size has a static query id, so diesel prepares its statement once
/// and reuses it (the import's batches of 2,000 rows are four such chunks); a shorter last
/// chunk is written out and prepared on its own.
pub const CHUNK: usize = 500;
/// Page cache while loading (KiB, negative as SQLite wants), and SQLite's default after.
const BULK_CACHE: i64 = -262_144;
const DEFAULT_CACHE: i64 = -2_000;

fn last_id(conn: &mut DbConn) -> DomainResult<i32> {
    Ok(leads::table
        .select(diesel::dsl::max(leads::id))
        .first::<Option<i32>>(conn)?
        .unwrap_or(0))
}

/// The id the next inserted lead will get (inside a write transaction).
pub fn next_id(conn: &mut DbConn) -> DomainResult<i32> {
    Ok(last_id(conn)? + 1)
}

/// Inserts one chunk of leads; returns their ids in row order.
fn insert_chunk(conn: &mut DbConn, chunk: &[NewLead]) -> DomainResult<Vec<i32>> {
    #[cfg(feature = "postgres")]
    if let DbConn::Postgresql(c) = conn {
        // PostgreSQL's ids come from a sequence, which a rolled-back insert (an interrupted
        // import) leaves with a gap: the ids are read from the insert itself. The sequence
        // numbers the VALUES rows in order, so the sorted ids are in row order.
        let mut ids: Vec<i32> = match <&[NewLead; CHUNK]>::try_from(chunk) {
            Ok(whole) => diesel::insert_into(leads::table)
                .values(whole)
                .returning(leads::id)
                .get_results(c)?,
            Err(_) => diesel::insert_into(leads::table)
                .values(chunk)
                .returning(leads::id)
                .get_results(c)?,
        };
        ids.sort_unstable();
        return Ok(ids);
    }
    let before = last_id(conn)?;
    match <&[NewLead; CHUNK]>::try_from(chunk) {
        Ok(whole) => with_inner!(conn, |c| diesel::insert_into(leads::table)
            .values(whole)
            .execute(c))?,
        Err(_) => with_inner!(conn, |c| diesel::insert_into(leads::table)
            .values(chunk)
            .execute(c))?,
    };
    let after = last_id(conn)?;
    if usize::try_from(after - before).ok() != Some(chunk.len()) {
        return Err(DomainError::Internal(
            "bulk insert ids are not consecutive".into(),
        ));
    }
    Ok((before + 1..=after).collect())
}

/// Inserts `rows` (any number, chunked) and links each to its tags (`tags[i]` belongs to
/// `rows[i]`; a shorter `tags` leaves the rest untagged). Returns the new ids, in order.
pub fn insert(conn: &mut DbConn, rows: &[NewLead], tags: &[Vec<TagId>]) -> DomainResult<Vec<i32>> {
    let mut ids = Vec::with_capacity(rows.len());
    for (at, chunk) in rows.chunks(CHUNK).enumerate() {
        let new = insert_chunk(conn, chunk)?;
        let first = at * CHUNK;
        let links: Vec<_> = new
            .iter()
            .enumerate()
            .flat_map(|(i, lead)| {
                tags.get(first + i)
                    .into_iter()
                    .flatten()
                    .map(move |t| (lead_tags::lead_id.eq(*lead), lead_tags::tag_id.eq(*t)))
            })
            .collect();
        for part in links.chunks(8000) {
            with_inner!(conn, |c| diesel::insert_into(lead_tags::table)
                .values(part)
                .execute(c))?;
        }
        ids.extend(new);
    }
    Ok(ids)
}

#[derive(QueryableByName)]
struct IndexSql {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    sql: String,
}

/// Indexes dropped for a large load, to be recreated by [`finish_large_load`].
#[derive(Debug, Default)]
pub struct DroppedIndexes(Vec<String>);

/// SQLite keeps an index up to date row by row, in random order, which for a dozen indexes
/// and a million rows is most of the load time; building each once at the end is several
/// times faster. The definitions are read back from the schema itself, so they stay the
/// migrations' own; call this inside the load's write transaction, so a failed load restores
/// them. `keep` names indexes the load itself queries. A large page cache keeps the pages in
/// memory meanwhile. On PostgreSQL nothing is dropped.
pub fn start_large_load(conn: &mut DbConn, keep: &[&str]) -> DomainResult<DroppedIndexes> {
    if !matches!(conn, DbConn::Sqlite(_)) {
        return Ok(DroppedIndexes::default());
    }
    conn.batch_execute(&format!(
        "PRAGMA cache_size = {BULK_CACHE}; PRAGMA temp_store = MEMORY; PRAGMA threads = 2"
    ))?;
    let indexes: Vec<IndexSql> = diesel::sql_query(
        "SELECT name, sql FROM sqlite_master \
         WHERE type = 'index' AND tbl_name IN ('leads', 'lead_tags') AND sql IS NOT NULL",
    )
    .load(conn)?;
    let mut dropped = Vec::new();
    for index in indexes {
        if keep.contains(&index.name.as_str()) {
            continue;
        }
        conn.batch_execute(&format!(
            "DROP INDEX \"{}\"",
            index.name.replace('"', "\"\"")
        ))?;
        dropped.push(index.sql);
    }
    Ok(DroppedIndexes(dropped))
}

/// A load into a database nobody else uses yet (the demo): [`start_large_load`] on SQLite;
/// on PostgreSQL the trigram search indexes of `leads` are dropped too (a GIN index grows
/// slowly row by row and is built far faster at once). Dropping an index takes the table's
/// exclusive lock until the load commits, which is why an import into a shared database
/// does not do this.
pub fn start_exclusive_load(conn: &mut DbConn) -> DomainResult<DroppedIndexes> {
    if matches!(conn, DbConn::Sqlite(_)) {
        return start_large_load(conn, &[]);
    }
    let indexes: Vec<IndexSql> = diesel::sql_query(
        "SELECT indexname AS name, indexdef AS sql FROM pg_indexes \
         WHERE schemaname = current_schema() AND tablename = 'leads' \
         AND indexdef LIKE '%gin_trgm_ops%'",
    )
    .load(conn)?;
    let mut dropped = Vec::new();
    for index in indexes {
        conn.batch_execute(&format!(
            "DROP INDEX \"{}\"",
            index.name.replace('"', "\"\"")
        ))?;
        dropped.push(index.sql);
    }
    Ok(DroppedIndexes(dropped))
}

/// Recreates the indexes [`start_large_load`] dropped and restores SQLite's cache settings.
pub fn finish_large_load(conn: &mut DbConn, dropped: DroppedIndexes) -> DomainResult<()> {
    for create in dropped.0 {
        conn.batch_execute(&create)?;
    }
    if matches!(conn, DbConn::Sqlite(_)) {
        conn.batch_execute(&format!(
            "PRAGMA cache_size = {DEFAULT_CACHE}; PRAGMA temp_store = DEFAULT; PRAGMA threads = 0"
        ))?;
    }
    Ok(())
}
