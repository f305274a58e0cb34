//! The similar-records badge of the kanban cards: for many leads at once, how many probable
//! duplicates each has — exactly the number the record page's "★ N Similar Leads" button
//! shows ([`super::count_similar`]) — in a few batched queries instead of one look-up per
//! card and key: the cards' profiles, the holders of all their keys (one statement per 200
//! keys), the candidates' profiles and the "not a duplicate" marks. The same rules decide:
//! [`split_hits`] (keys held by more than `MAX_KEY_HITS` records are no evidence) and
//! [`judge`] (score, duplicate threshold, marks).

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use crate::db::DbConn;
use crate::domain::DomainResult;
use crate::domain::similarity::candidates::{Context, HOLDERS_LIMIT, judge, split_hits};
use crate::domain::similarity::keys::{self, Key};
use crate::domain::similarity::not_duplicate;
use crate::domain::similarity::profile::{self, Profile, Rec};
use crate::domain::similarity::score::Class;

/// Keys looked up per statement (SQLite allows 500 terms in a compound SELECT).
const KEYS_PER_STATEMENT: usize = 200;

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = Integer)]
    k: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct HolderRow {
    #[diesel(sql_type = Integer)]
    k: i32,
    #[diesel(sql_type = Nullable<Integer>)]
    lead_id: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    partner_id: Option<i32>,
}

/// One statement of `select(i, kind, key)` for each key, glued with UNION ALL, its
/// placeholders bound to the keys.
fn union_query<'a>(
    conn: &DbConn,
    keys: &'a [&'a Key],
    select: impl Fn(usize, &str, &str) -> String,
) -> diesel::query_builder::BoxedSqlQuery<'a, crate::db::Backend, diesel::query_builder::SqlQuery> {
    let sqlite = crate::domain::search::is_sqlite(conn);
    let mut sql = String::new();
    for i in 0..keys.len() {
        let (kind, key) = if sqlite {
            ("?".to_string(), "?".to_string())
        } else {
            (format!("${}", 2 * i + 1), format!("${}", 2 * i + 2))
        };
        if i > 0 {
            sql.push_str(" UNION ALL ");
        }
        sql.push_str(&select(i, &kind, &key));
    }
    let mut query = diesel::sql_query(sql).into_boxed();
    for (kind, key) in keys {
        query = query
            .bind::<Text, _>(kind.as_str())
            .bind::<Text, _>(key.as_str());
    }
    query
}

/// How many records hold each key, counted up to `cap`; keys nobody holds are absent.
pub fn counts_of_many(
    conn: &mut DbConn,
    wanted: &[Key],
    cap: i64,
) -> DomainResult<HashMap<Key, i64>> {
    let mut out = HashMap::new();
    let all: Vec<&Key> = wanted.iter().collect();
    for chunk in all.chunks(KEYS_PER_STATEMENT) {
        let counts: Vec<CountRow> = union_query(conn, chunk, |i, kind, key| {
            format!(
                "SELECT {i} AS k, COUNT(*) AS n FROM (SELECT 1 AS one FROM match_keys \
                 WHERE kind = {kind} AND key = {key} LIMIT {cap}) t"
            )
        })
        .load(conn)?;
        for row in counts {
            if let Some(key) = usize::try_from(row.k).ok().and_then(|k| chunk.get(k))
                && row.n > 0
            {
                out.insert((*key).clone(), row.n);
            }
        }
    }
    Ok(out)
}

/// The holders of each key as [`keys::holders`] finds them with `limit`, or `None` for a
/// key held by `limit` records or more. Counting reads the index only; the holders are
/// then fetched for the keys that have few (most keys of a record are either its own or
/// over-common).
pub fn holders_of_many(
    conn: &mut DbConn,
    wanted: &[Key],
    limit: i64,
) -> DomainResult<HashMap<Key, Option<Vec<Rec>>>> {
    let mut out: HashMap<Key, Option<Vec<Rec>>> = HashMap::new();
    let mut few: Vec<&Key> = Vec::new();
    let counts = counts_of_many(conn, wanted, limit)?;
    for key in wanted {
        match counts.get(key) {
            Some(&n) if n >= limit => {
                out.insert(key.clone(), None);
            }
            Some(_) => few.push(key),
            None => {}
        }
    }
    for chunk in few.chunks(KEYS_PER_STATEMENT) {
        let rows: Vec<HolderRow> = union_query(conn, chunk, |i, kind, key| {
            format!(
                "SELECT {i} AS k, t.lead_id, t.partner_id FROM (SELECT lead_id, partner_id \
                 FROM match_keys WHERE kind = {kind} AND key = {key} LIMIT {limit}) t"
            )
        })
        .load(conn)?;
        for row in rows {
            let Some(key) = usize::try_from(row.k).ok().and_then(|k| chunk.get(k)) else {
                continue;
            };
            let rec = match (row.lead_id, row.partner_id) {
                (Some(l), _) => Rec::Lead(l),
                (None, Some(p)) => Rec::Partner(p),
                _ => continue,
            };
            out.entry((*key).clone())
                .or_insert_with(|| Some(Vec::new()))
                .get_or_insert_with(Vec::new)
                .push(rec);
        }
    }
    Ok(out)
}

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
