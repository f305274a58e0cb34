//! The `match_keys` table: a record's keys rewritten on every write, rebuilt or appended in
//! bulk, and looked up.

use diesel::prelude::*;

use super::kinds::{Key, compute};
use crate::db::schema::match_keys;
use crate::db::{DbConn, write_tx};
use crate::domain::similarity::profile::{self, Profile, Rec};
use crate::domain::similarity::stored;
use crate::domain::{DomainError, DomainResult};

#[derive(Insertable)]
#[diesel(table_name = match_keys)]
struct NewKey<'a> {
    lead_id: Option<i32>,
    partner_id: Option<i32>,
    kind: &'a str,
    key: &'a str,
}

/// Rows per batch insert: four parameters each stays under SQLite's 32,766.
const INSERT_CHUNK: usize = 8000;
/// Rows per INSERT statement within a batch. A statement of a fixed number of rows has a
/// static query id, so diesel prepares it once and reuses it, where a statement of any
/// other length is written out and parsed again each time (a quarter of the bulk-load
/// writer's time went there).
const STATEMENT_ROWS: usize = 500;

fn insert(conn: &mut DbConn, rows: &[(Rec, Key)]) -> DomainResult<()> {
    append_computed(
        conn,
        rows.iter().map(|(r, (k, v))| (*r, k.as_str(), v.as_str())),
    )?;
    Ok(())
}

fn insert_chunk(conn: &mut DbConn, batch: &[NewKey]) -> DomainResult<()> {
    match conn {
        DbConn::Sqlite(c) => {
            let mut whole = batch.chunks_exact(STATEMENT_ROWS);
            for rows in &mut whole {
                if let Ok(rows) = <&[NewKey; STATEMENT_ROWS]>::try_from(rows) {
                    diesel::insert_into(match_keys::table)
                        .values(rows)
                        .execute(c)?;
                }
            }
            let rest = whole.remainder();
            if !rest.is_empty() {
                diesel::insert_into(match_keys::table)
                    .values(rest)
                    .execute(c)?;
            }
        }
        // A cached statement needs a `'static` query id on PostgreSQL, which borrowed keys
        // do not have; bulk loads are SQLite's concern anyway.
        #[cfg(feature = "postgres")]
        DbConn::Postgresql(c) => {
            diesel::insert_into(match_keys::table)
                .values(batch)
                .execute(c)?;
        }
    }
    Ok(())
}

/// For bulk loaders that computed the keys themselves ([`compute`], on other threads):
/// appends (record, kind, key) rows in batch inserts. Returns how many rows were written.
pub fn append_computed<'a>(
    conn: &mut DbConn,
    rows: impl IntoIterator<Item = (Rec, &'a str, &'a str)>,
) -> DomainResult<usize> {
    let mut batch: Vec<NewKey> = Vec::with_capacity(INSERT_CHUNK);
    let mut written = 0;
    for (rec, kind, key) in rows {
        let (lead_id, partner_id) = match rec {
            Rec::Lead(id) => (Some(id), None),
            Rec::Partner(id) => (None, Some(id)),
        };
        batch.push(NewKey {
            lead_id,
            partner_id,
            kind,
            key,
        });
        if batch.len() == INSERT_CHUNK {
            insert_chunk(conn, &batch)?;
            written += batch.len();
            batch.clear();
        }
    }
    if !batch.is_empty() {
        insert_chunk(conn, &batch)?;
        written += batch.len();
    }
    Ok(written)
}

/// The keys of many records, computed on every core (normalising names is the costly part).
fn compute_in_parallel(page: &[Profile]) -> DomainResult<Vec<(Rec, Key)>> {
    let keys_of = |part: &[Profile]| -> Vec<(Rec, Key)> {
        part.iter()
            .filter_map(|p| p.rec.map(|r| (r, p)))
            .flat_map(|(r, p)| compute(p).into_iter().map(move |k| (r, k)))
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = page.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = page
            .chunks(chunk)
            .map(|part| scope.spawn(move || keys_of(part)))
            .collect();
        let mut rows = Vec::new();
        for worker in workers {
            let part = worker
                .join()
                .map_err(|_| DomainError::Internal("computing match keys failed".into()))?;
            rows.extend(part);
        }
        Ok(rows)
    })
}

/// Recomputes one record's keys (after a write of the record or of its identities). A
/// record that no longer exists, or was merged away, is left without keys. A lead's writes
/// call it through `leads::after_write`, which also refreshes the list search.
pub fn refresh(conn: &mut DbConn, rec: Rec) -> DomainResult<()> {
    write_tx(conn, |conn| {
        // The duplicate counts this write may change: holders of the old keys and the new.
        let mut affected = stored::affected(conn, rec)?;
        match rec {
            Rec::Lead(id) => diesel::delete(match_keys::table.filter(match_keys::lead_id.eq(id)))
                .execute(conn)?,
            Rec::Partner(id) => {
                diesel::delete(match_keys::table.filter(match_keys::partner_id.eq(id)))
                    .execute(conn)?
            }
        };
        if let Some(p) = profile::of(conn, rec)? {
            let rows: Vec<(Rec, Key)> = compute(&p).into_iter().map(|k| (rec, k)).collect();
            insert(conn, &rows)?;
        }
        affected.extend(stored::affected(conn, rec)?);
        stored::forget(conn, &affected)
    })
}

const INDEXES: &[(&str, &str)] = &[
    ("match_keys_lookup", "match_keys (kind, key)"),
    ("match_keys_lead", "match_keys (lead_id)"),
    ("match_keys_partner", "match_keys (partner_id)"),
];

/// Recomputes the keys of every lead and partner in one transaction; returns how many
/// records were keyed. Call it after a bulk load that inserted rows directly. The indexes
/// are dropped and rebuilt around the load, which is much faster than keeping them.
pub fn rebuild_all(conn: &mut DbConn) -> DomainResult<usize> {
    write_tx(conn, |conn| {
        // Without its indexes the table empties and refills far faster.
        for (name, _) in INDEXES {
            diesel::sql_query(format!("DROP INDEX IF EXISTS {name}")).execute(conn)?;
        }
        diesel::delete(match_keys::table).execute(conn)?;
        let mut records = 0;
        profile::for_each_page(conn, 20_000, |conn, page| {
            records += page.len();
            let rows = compute_in_parallel(&page)?;
            insert(conn, &rows)
        })?;
        for (name, on) in INDEXES {
            diesel::sql_query(format!("CREATE INDEX {name} ON {on}")).execute(conn)?;
        }
        stored::forget_all(conn)?;
        Ok(records)
    })
}

/// For bulk loaders: appends the keys of records just inserted (which have none yet),
/// computed on every core, without reading anything back. Inside
/// [`without_lookup_indexes`] this is much cheaper than [`rebuild_all`] when the table
/// already holds many records. Returns how many key rows were written.
pub fn append(conn: &mut DbConn, profiles: &[Profile]) -> DomainResult<usize> {
    let rows = compute_in_parallel(profiles)?;
    insert(conn, &rows)?;
    Ok(rows.len())
}

/// Runs a bulk load with the `(kind, key)` look-up index of `match_keys` dropped, and builds
/// it once at the end (in the caller's write transaction: a failed load restores it). The
/// per-record indexes stay: new ids only append to them, and [`refresh`] needs them.
pub fn without_lookup_indexes<T>(
    conn: &mut DbConn,
    load: impl FnOnce(&mut DbConn) -> DomainResult<T>,
) -> DomainResult<T> {
    let (name, on) = INDEXES[0];
    diesel::sql_query(format!("DROP INDEX IF EXISTS {name}")).execute(conn)?;
    let out = stored::during_bulk_load(conn, load)?;
    diesel::sql_query(format!("CREATE INDEX {name} ON {on}")).execute(conn)?;
    Ok(out)
}

/// Up to `limit` records holding this key.
pub fn holders(conn: &mut DbConn, kind: &str, key: &str, limit: i64) -> DomainResult<Vec<Rec>> {
    let rows: Vec<(Option<i32>, Option<i32>)> = match_keys::table
        .filter(match_keys::kind.eq(kind))
        .filter(match_keys::key.eq(key))
        .select((match_keys::lead_id, match_keys::partner_id))
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(l, p)| match (l, p) {
            (Some(l), _) => Some(Rec::Lead(l)),
            (None, Some(p)) => Some(Rec::Partner(p)),
            _ => None,
        })
        .collect())
}
