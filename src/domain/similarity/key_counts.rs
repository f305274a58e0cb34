//! How many records hold each of many match keys, and which: batched statements over the
//! `match_keys` index (one per 200 keys), for the kanban's badges and the term frequencies.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use crate::db::DbConn;
use crate::domain::DomainResult;
use crate::domain::similarity::keys::Key;
use crate::domain::similarity::profile::Rec;

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
    let sqlite = crate::db::is_sqlite(conn);
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

/// The holders of each key as [`super::keys::holders`] finds them with `limit`, or `None` for a
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
