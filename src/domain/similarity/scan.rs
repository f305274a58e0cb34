//! The database-wide duplicate scan: every record's keys are hashed, sorted and grouped;
//! groups larger than [`MAX_KEY_HITS`] are over-common and ignored; each pair inside a group
//! is scored; probable duplicates are joined into clusters (union-find), best first.
//! Designed for a million leads: profiles are read page by page, keys and scores are
//! computed on every core, and no per-record query is made.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::leads;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::similarity::not_duplicate;
use crate::domain::similarity::profile::{self, Profile, Rec};
use crate::domain::similarity::score::{self, Class, Reason};
use crate::domain::similarity::summary::{self, Summary};
use crate::domain::similarity::{keys, thresholds::MAX_KEY_HITS};

/// Two records the scan found to be probable duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub a: Rec,
    pub b: Rec,
    pub score: u8,
    pub reasons: Vec<Reason>,
}

/// A group of records that are probably one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub records: Vec<Summary>,
    /// The best pair score inside the cluster.
    pub score: u8,
    pub pairs: Vec<Pair>,
}

impl Cluster {
    /// The merge form's address: the cluster's leads ticked.
    pub fn merge_href(&self) -> String {
        let ids: Vec<String> = self
            .records
            .iter()
            .filter(|r| !r.is_customer)
            .map(|r| format!("ids={}", r.id))
            .collect();
        format!("/leads/merge?{}", ids.join("&"))
    }
}

fn key_hash(kind: &str, key: &str) -> u64 {
    let mut h = DefaultHasher::new();
    kind.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Runs `f` over `items` split across the cores, concatenating the results.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> Vec<R> + Sync) -> Vec<R> {
    let size = items.len().div_ceil(threads()).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(size)
            .enumerate()
            .map(|(n, chunk)| {
                let f = &f;
                s.spawn(move || {
                    chunk
                        .iter()
                        .enumerate()
                        .flat_map(|(i, item)| f(n * size + i, item))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Every probable-duplicate pair of the database, best first.
pub fn pairs(conn: &mut DbConn) -> DomainResult<(Vec<Profile>, Vec<Pair>)> {
    let mut profiles: Vec<Profile> = Vec::new();
    profile::for_each_page(conn, 50_000, |_, mut page| {
        for p in &mut page {
            p.title = String::new();
        }
        profiles.extend(page);
        Ok(())
    })?;
    let mut hashed: Vec<(u64, u32)> = par_map(&profiles, |i, p| {
        keys::compute(p)
            .iter()
            .map(|(kind, key)| (key_hash(kind, key), i as u32))
            .collect()
    });
    hashed.sort_unstable();
    let mut common: HashSet<u64> = HashSet::new();
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    for group in hashed.chunk_by(|x, y| x.0 == y.0) {
        if group.len() > MAX_KEY_HITS {
            common.insert(group[0].0);
            continue;
        }
        for (n, x) in group.iter().enumerate() {
            for y in &group[n + 1..] {
                candidates.push((x.1.min(y.1), x.1.max(y.1)));
            }
        }
    }
    drop(hashed);
    candidates.sort_unstable();
    candidates.dedup();
    let marks = not_duplicate::all_marks(conn)?;
    let is_common = |kind: &str, key: &str| common.contains(&key_hash(kind, key));
    let mut found: Vec<Pair> = par_map(&candidates, |_, &(i, j)| {
        let (a, b) = (&profiles[i as usize], &profiles[j as usize]);
        let s = score::score(a, b, &is_common);
        let (Some(ra), Some(rb)) = (a.rec, b.rec) else {
            return Vec::new();
        };
        if s.class != Some(Class::Duplicate)
            || not_duplicate::hidden(&marks, ra, rb, &s.signature())
        {
            return Vec::new();
        }
        vec![Pair {
            a: ra,
            b: rb,
            score: s.score,
            reasons: s.reasons,
        }]
    });
    found.sort_by(|x, y| y.score.cmp(&x.score).then(x.a.cmp(&y.a)));
    Ok((profiles, found))
}

fn find(parent: &mut HashMap<Rec, Rec>, r: Rec) -> Rec {
    let mut root = r;
    while let Some(&p) = parent.get(&root) {
        if p == root {
            break;
        }
        root = p;
    }
    let mut cur = r;
    while cur != root {
        let next = parent.get(&cur).copied().unwrap_or(root);
        parent.insert(cur, root);
        cur = next;
    }
    root
}

/// Clusters of probable duplicates, best first, at most `limit` of them. Admins see every
/// cluster; managers the clusters holding one of their own records; salespeople may not scan.
pub fn scan(conn: &mut DbConn, actor: &Actor, limit: usize) -> DomainResult<Vec<Cluster>> {
    actor.require_manager()?;
    let (profiles, found) = pairs(conn)?;
    let owner: HashMap<Rec, Option<i32>> = profiles
        .iter()
        .filter_map(|p| p.rec.map(|r| (r, p.salesperson_id)))
        .collect();
    drop(profiles);
    let mut parent: HashMap<Rec, Rec> = HashMap::new();
    for p in &found {
        parent.entry(p.a).or_insert(p.a);
        parent.entry(p.b).or_insert(p.b);
        let (ra, rb) = (find(&mut parent, p.a), find(&mut parent, p.b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let mut groups: HashMap<Rec, Vec<Pair>> = HashMap::new();
    for p in found {
        let root = find(&mut parent, p.a);
        groups.entry(root).or_default().push(p);
    }
    let mine = |r: &Rec| actor.is_admin() || owner.get(r).copied().flatten() == Some(actor.id.0);
    let mut clusters: Vec<(u8, Vec<Rec>, Vec<Pair>)> = groups
        .into_values()
        .filter_map(|pairs| {
            let mut recs: Vec<Rec> = pairs.iter().flat_map(|p| [p.a, p.b]).collect();
            recs.sort_unstable();
            recs.dedup();
            let best = pairs.iter().map(|p| p.score).max()?;
            recs.iter().any(mine).then_some((best, recs, pairs))
        })
        .collect();
    clusters.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.1.len().cmp(&x.1.len()))
            .then(x.1.cmp(&y.1))
    });
    clusters.truncate(limit);
    let all: Vec<Rec> = clusters.iter().flat_map(|c| c.1.clone()).collect();
    let mut summaries = summary::load(conn, &all)?;
    Ok(clusters
        .into_iter()
        .map(|(score, recs, pairs)| Cluster {
            records: recs.iter().filter_map(|r| summaries.remove(r)).collect(),
            score,
            pairs,
        })
        .collect())
}

fn rec_cols(r: Rec, external: &HashMap<i32, String>) -> [String; 3] {
    match r {
        Rec::Lead(id) => [
            "lead".into(),
            id.to_string(),
            external.get(&id).cloned().unwrap_or_default(),
        ],
        Rec::Partner(id) => ["customer".into(), id.to_string(), String::new()],
    }
}

/// Writes every probable-duplicate pair as CSV (`a_type, a_id, a_external_id, b_type, b_id,
/// b_external_id, score, reasons`), best first; returns how many pairs were written. What
/// `leadbook dedupe-scan --csv FILE` calls.
pub fn scan_to_csv<W: std::io::Write>(conn: &mut DbConn, writer: W) -> DomainResult<usize> {
    let (profiles, found) = pairs(conn)?;
    drop(profiles);
    let external: HashMap<i32, String> = leads::table
        .filter(leads::external_id.is_not_null())
        .select((leads::id, leads::external_id.assume_not_null()))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let io = |e: csv::Error| DomainError::Internal(format!("cannot write the CSV: {e}"));
    let mut out = csv::Writer::from_writer(writer);
    out.write_record([
        "a_type",
        "a_id",
        "a_external_id",
        "b_type",
        "b_id",
        "b_external_id",
        "score",
        "reasons",
    ])
    .map_err(io)?;
    for p in &found {
        let [at, ai, ae] = rec_cols(p.a, &external);
        let [bt, bi, be] = rec_cols(p.b, &external);
        let reasons: Vec<&str> = p.reasons.iter().map(|r| r.text.as_str()).collect();
        out.write_record([
            at,
            ai,
            ae,
            bt,
            bi,
            be,
            p.score.to_string(),
            reasons.join("; "),
        ])
        .map_err(io)?;
    }
    out.flush()
        .map_err(|e| DomainError::Internal(format!("cannot write the CSV: {e}")))?;
    Ok(found.len())
}
