//! The stored duplicate counts (`lead_similar`): each lead's Similar Leads count, kept so the
//! kanban reads its badges instead of running the finder for every card on every view.
//!
//! A count is computed by [`super::badges::duplicate_counts`] — the record page's rules —
//! the first time it is wanted, and stored ([`super::badges::stored_counts`]). Every write
//! that may change it clears it: a record's match keys are rewritten on each of its writes ([`super::keys::refresh`]), and
//! the records that can gain or lose it as a candidate, or see a shared value become more
//! or less common, are the holders of its keys before and after the write. A key held by
//! more than [`FEW_HOLDERS`] records is over-common before and after (it finds no
//! candidates either way), so its holders are left alone; the one thing not followed is
//! the term frequency of such a common value moving by one holder in a pair on the
//! duplicate threshold, and the database's size (the prior) moving by one record —
//! [`forget_all`] (run by `leadbook dedupe-counts --all`) settles those.
//!
//! Clearing bumps `version`; a count is stored only if the version it was computed under
//! is still there, so a page that read the records before a concurrent write never stores
//! a stale count over the write's clearing. ([`forget_all`] clears the rows that hold a
//! count; a lead that had no row yet and is being counted by a page at that very moment
//! can keep a count computed just before it.)

use std::cell::Cell;
use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::schema::{lead_similar, match_keys};
use crate::db::{DbConn, write_tx};
use crate::domain::DomainResult;
use crate::domain::similarity::key_counts::holders_of_many;
use crate::domain::similarity::keys::Key;
use crate::domain::similarity::profile::Rec;
use crate::domain::similarity::thresholds::MAX_KEY_HITS;

/// A key held by at most this many records (the written one included) may change its
/// holders' candidates: one holder more or fewer moves it across the over-common limit.
/// (The finder fetches `MAX_KEY_HITS + 2` holders per key: a key held by that many is
/// over-common for all of them.)
pub const FEW_HOLDERS: i64 = MAX_KEY_HITS as i64 + 3;

/// Ids per statement.
const CHUNK: usize = 500;

thread_local! {
    /// Set while a bulk load runs without the key look-up index: holders are not looked
    /// up per record then (a scan each); the load clears every count once at the end.
    static BULK_LOAD: Cell<bool> = const { Cell::new(false) };
}

/// Runs a bulk load during which writes clear only their own record's count; every stored
/// count is cleared once at the end.
pub fn during_bulk_load<T>(
    conn: &mut DbConn,
    load: impl FnOnce(&mut DbConn) -> DomainResult<T>,
) -> DomainResult<T> {
    let was = BULK_LOAD.with(|b| b.replace(true));
    let out = load(conn);
    BULK_LOAD.with(|b| b.set(was));
    let out = out?;
    forget_all(conn)?;
    Ok(out)
}

/// What is stored for some leads: the counts, and the version of each row found without
/// one (for [`store`]). Leads absent from both have no row yet.
#[derive(Debug, Default)]
pub struct Read {
    pub counts: HashMap<i32, usize>,
    pub versions: HashMap<i32, i32>,
}

/// The stored counts of these leads.
pub fn read(conn: &mut DbConn, ids: &[i32]) -> DomainResult<Read> {
    let mut out = Read::default();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(i32, Option<i32>, i32)> = lead_similar::table
            .filter(lead_similar::lead_id.eq_any(chunk))
            .select((
                lead_similar::lead_id,
                lead_similar::duplicate_count,
                lead_similar::version,
            ))
            .load(conn)?;
        for (id, count, version) in rows {
            match count {
                Some(n) => {
                    out.counts.insert(id, usize::try_from(n).unwrap_or(0));
                }
                None => {
                    out.versions.insert(id, version);
                }
            }
        }
    }
    Ok(out)
}

/// Stores computed counts where no write cleared them since they were read: a row seen
/// without a count keeps its version, a lead seen without a row gets one only if none
/// appeared meanwhile.
pub fn store(
    conn: &mut DbConn,
    computed: &HashMap<i32, usize>,
    versions: &HashMap<i32, i32>,
) -> DomainResult<()> {
    write_tx(conn, |conn| {
        for (&id, &n) in computed {
            let n = i32::try_from(n).unwrap_or(i32::MAX);
            let sql = match versions.get(&id) {
                Some(v) => format!(
                    "UPDATE lead_similar SET duplicate_count = {n} WHERE lead_id = {id} \
                     AND version = {v} AND duplicate_count IS NULL"
                ),
                None => format!(
                    "INSERT INTO lead_similar (lead_id, duplicate_count, version) \
                     VALUES ({id}, {n}, 0) ON CONFLICT (lead_id) DO NOTHING"
                ),
            };
            diesel::sql_query(sql).execute(conn)?;
        }
        Ok(())
    })
}

/// Clears the counts of these leads (ids of partners or of missing leads are skipped), so
/// they are computed again when next shown.
pub fn forget(conn: &mut DbConn, ids: &[i32]) -> DomainResult<()> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(CHUNK) {
        let list: Vec<String> = chunk.iter().map(i32::to_string).collect();
        diesel::sql_query(format!(
            "INSERT INTO lead_similar (lead_id, duplicate_count, version) \
             SELECT id, CAST(NULL AS INTEGER), 1 FROM leads WHERE id IN ({}) \
             ON CONFLICT (lead_id) DO UPDATE SET duplicate_count = NULL, \
             version = lead_similar.version + 1",
            list.join(",")
        ))
        .execute(conn)?;
    }
    Ok(())
}

/// Clears every stored count (the finder's model or rules changed, or a bulk load
/// wrote many keys at once): each is computed again when its lead is next shown.
pub fn forget_all(conn: &mut DbConn) -> DomainResult<()> {
    diesel::sql_query(
        "UPDATE lead_similar SET duplicate_count = NULL, version = version + 1 \
         WHERE duplicate_count IS NOT NULL",
    )
    .execute(conn)?;
    Ok(())
}

/// The leads whose count a write of `rec` may change, read from its current keys: the lead
/// itself and the holders of its keys that few records hold. Called before and after its
/// keys are rewritten.
pub fn affected(conn: &mut DbConn, rec: Rec) -> DomainResult<Vec<i32>> {
    let mut out: Vec<i32> = match rec {
        Rec::Lead(id) => vec![id],
        Rec::Partner(_) => Vec::new(),
    };
    if BULK_LOAD.with(Cell::get) {
        return Ok(out);
    }
    let own: Vec<Key> = match rec {
        Rec::Lead(id) => match_keys::table
            .filter(match_keys::lead_id.eq(id))
            .select((match_keys::kind, match_keys::key))
            .load(conn)?,
        Rec::Partner(id) => match_keys::table
            .filter(match_keys::partner_id.eq(id))
            .select((match_keys::kind, match_keys::key))
            .load(conn)?,
    };
    let holders = holders_of_many(conn, &own, FEW_HOLDERS + 1)?;
    for listed in holders.into_values().flatten() {
        out.extend(listed.into_iter().filter_map(|r| match r {
            Rec::Lead(id) => Some(id),
            Rec::Partner(_) => None,
        }));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}
