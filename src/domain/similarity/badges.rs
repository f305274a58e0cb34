//! The similar-records badge of the kanban cards: for many leads at once, how many probable
//! duplicates each has — exactly the number the record page's "N Similar Leads" button
//! shows ([`super::count_similar`]) — in a few batched queries instead of one look-up per
//! card and key: the cards' profiles, the holders of all their keys (one statement per 200
//! keys), the candidates' profiles and the "not a duplicate" marks. The same rules decide:
//! [`split_hits`] (keys held by more than `MAX_KEY_HITS` records are no evidence) and
//! [`judge`] (score, duplicate threshold, marks).

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{lead_similar, leads};
use crate::domain::DomainResult;
use crate::domain::similarity::candidates::{Context, HOLDERS_LIMIT, judge, split_hits};
use crate::domain::similarity::key_counts::holders_of_many;
use crate::domain::similarity::keys::{self, Key};
use crate::domain::similarity::not_duplicate;
use crate::domain::similarity::profile::{self, Profile, Rec};
use crate::domain::similarity::score::Class;
use crate::domain::similarity::stored;

/// For each of these leads, its number of probable duplicates (the Similar Leads count).
/// Leads that do not exist or were merged away are absent from the map.
pub fn duplicate_counts(conn: &mut DbConn, ids: &[i32]) -> DomainResult<HashMap<i32, usize>> {
    let subjects = profile::leads(conn, ids)?;
    let mut wanted: Vec<Key> = subjects.iter().flat_map(keys::blocking).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let holders = holders_of_many(conn, &wanted, HOLDERS_LIMIT)?;
    let hits: Vec<(&Profile, Vec<Rec>, HashSet<Key>)> = subjects
        .iter()
        .map(|s| {
            let (recs, common) = split_hits(s, &holders);
            (s, recs, common)
        })
        .collect();
    let mut other_ids: Vec<i32> = hits
        .iter()
        .flat_map(|h| h.1.iter())
        .filter_map(|r| match r {
            Rec::Lead(id) => Some(*id),
            Rec::Partner(_) => None,
        })
        .collect();
    other_ids.sort_unstable();
    other_ids.dedup();
    let others: HashMap<Rec, Profile> = profile::leads(conn, &other_ids)?
        .into_iter()
        .filter_map(|p| p.rec.map(|r| (r, p)))
        .collect();
    let marks = not_duplicate::marks_of_many(conn, ids)?;
    let with_candidates: Vec<&Profile> = hits
        .iter()
        .filter(|h| !h.1.is_empty())
        .map(|h| h.0)
        .collect();
    let context = Context::load(conn, &with_candidates)?;
    let mut out = HashMap::new();
    for (subject, recs, _) in &hits {
        let count = recs
            .iter()
            .filter_map(|r| others.get(r))
            .filter_map(|other| judge(subject, other, &context, &marks))
            .filter(|(_, s)| s.class == Some(Class::Duplicate))
            .count();
        if let Some(Rec::Lead(id)) = subject.rec {
            out.insert(id, count);
        }
    }
    Ok(out)
}

/// The duplicate count of each of these leads as the kanban shows it: the stored ones read,
/// missing ones computed by [`duplicate_counts`] and stored. Leads that do not exist or were
/// merged away are absent.
pub fn stored_counts(conn: &mut DbConn, ids: &[i32]) -> DomainResult<HashMap<i32, usize>> {
    let found = stored::read(conn, ids)?;
    let mut out = found.counts;
    let missing: Vec<i32> = ids
        .iter()
        .filter(|id| !out.contains_key(id))
        .copied()
        .collect();
    if missing.is_empty() {
        return Ok(out);
    }
    let computed = duplicate_counts(conn, &missing)?;
    if let Err(e) = stored::store(conn, &computed, &found.versions) {
        // The page is still right; the count is computed again next time.
        log::warn!("could not store duplicate counts: {e}");
    }
    out.extend(computed);
    Ok(out)
}

/// Computes and stores the count of every lead that has none, `batch` leads at a time,
/// each batch in its own transaction; returns how many were computed. For operators after
/// a finder change (with [`stored::forget_all`] first) or to warm a large database.
pub fn fill_all(conn: &mut DbConn, batch: i64) -> DomainResult<usize> {
    let mut after = 0;
    let mut done = 0;
    loop {
        let ids: Vec<i32> = leads::table
            .filter(leads::id.gt(after))
            .filter(leads::merged_into_id.is_null())
            .order(leads::id.asc())
            .select(leads::id)
            .limit(batch)
            .load(conn)?;
        let Some(&last) = ids.last() else {
            return Ok(done);
        };
        let stored: Vec<i32> = lead_similar::table
            .filter(lead_similar::lead_id.eq_any(&ids))
            .filter(lead_similar::duplicate_count.is_not_null())
            .select(lead_similar::lead_id)
            .load(conn)?;
        let stored: std::collections::HashSet<i32> = stored.into_iter().collect();
        let wanted: Vec<i32> = ids.into_iter().filter(|i| !stored.contains(i)).collect();
        done += wanted.len();
        stored_counts(conn, &wanted)?;
        after = last;
    }
}
