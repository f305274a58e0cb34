//! The database-wide duplicate scan: every record's keys are hashed, sorted and grouped;
//! groups larger than [`MAX_KEY_HITS`] are over-common and ignored; each pair inside a group
//! is scored; probable duplicates are joined into clusters (union-find), best first.
//! Designed for a million leads: profiles are read page by page, keys and scores are
//! computed on every core, and no per-record query is made.

mod bulk;
mod grouping;
mod scorer;

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::leads;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::similarity::compare;
use crate::domain::similarity::model;
use crate::domain::similarity::not_duplicate;
use crate::domain::similarity::profile::{Profile, Rec};
use crate::domain::similarity::score::{self, Class, Reason};
use crate::domain::similarity::summary::{self, Summary};
use crate::domain::similarity::thresholds as t;
pub use bulk::{all_profiles, candidate_pairs, par_map};
use grouping::clusters;
pub use scorer::Scorer;

/// Two records the scan found to be probable duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: Rec,
    pub b: Rec,
    pub score: u8,
    pub probability: f64,
    pub reasons: Vec<Reason>,
}

impl Pair {
    /// "match 99.2 %".
    pub fn probability_text(&self) -> String {
        score::probability_text(self.probability)
    }
}

/// A group of records that are probably one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub records: Vec<Summary>,
    /// The weakest link holding the group together, in whole percent…
    pub score: u8,
    /// …and as a probability.
    pub weakest: f64,
    /// The duplicate pairs found inside the cluster, best first.
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

    /// "match 97.5 %" for the weakest link.
    pub fn weakest_text(&self) -> String {
        score::probability_text(self.weakest)
    }
}

/// One cluster as the scan finds it: every pair of its records, and its weakest link.
pub type Found = (Vec<Pair>, f64);

/// Every cluster of probable duplicates of the database, with all the profiles and each
/// cluster's pairs (every pair of its records, scored), strongest clusters first.
pub fn pairs(conn: &mut DbConn) -> DomainResult<(Vec<Profile>, Vec<Found>)> {
    let started = std::time::Instant::now();
    let found = scored_pairs(conn, started);
    crate::telemetry::finder_scan(started);
    found
}

/// [`pairs`], the scan itself (the caller counts and times it).
fn scored_pairs(
    conn: &mut DbConn,
    started: std::time::Instant,
) -> DomainResult<(Vec<Profile>, Vec<Found>)> {
    // Operators see in the log where a slow scan spends its time.
    let phase = |what: &str, n: usize| {
        log::info!(
            "dedupe scan: {what} ({n}) at {:.1} s",
            started.elapsed().as_secs_f64()
        );
    };
    let profiles = all_profiles(conn)?;
    phase("profiles loaded", profiles.len());
    let model = model::load(conn)?;
    let candidates = candidate_pairs(&profiles);
    phase("candidate pairs", candidates.len());
    let scorer = Scorer::new(&profiles, model);
    let marks = not_duplicate::all_marks(conn)?;
    let links: Vec<(u32, u32, f64)> = par_map(&candidates, |_, &(i, j, _)| {
        let (a, b) = (&profiles[i as usize], &profiles[j as usize]);
        let c = compare::compare(a, b);
        let p = scorer.probability_of(&c);
        let (Some(ra), Some(rb)) = (a.rec, b.rec) else {
            return Vec::new();
        };
        if p < t::DUPLICATE_MIN || score::classify(a, b, &c, p) != Some(Class::Duplicate) {
            return Vec::new();
        }
        // The reasons' words are needed only for a pair users marked "not a duplicate".
        if not_duplicate::is_marked(&marks, ra, rb)
            && not_duplicate::hidden(&marks, ra, rb, &scorer.scored(i, j).signature())
        {
            return Vec::new();
        }
        vec![(i, j, p)]
    });
    phase("duplicate links", links.len());
    let groups = clusters(&scorer, links);
    phase("clusters", groups.len());
    let mut out: Vec<Found> = par_map(&groups, |_, (members, weakest)| {
        let mut pairs = Vec::new();
        for (n, &i) in members.iter().enumerate() {
            for &j in &members[n + 1..] {
                let s = scorer.scored(i, j);
                let (Some(a), Some(b)) = (profiles[i as usize].rec, profiles[j as usize].rec)
                else {
                    continue;
                };
                pairs.push(Pair {
                    a,
                    b,
                    score: s.score,
                    probability: s.probability,
                    reasons: s.reasons,
                });
            }
        }
        pairs.sort_by(|x, y| y.probability.total_cmp(&x.probability));
        vec![(pairs, *weakest)]
    });
    phase("cluster pairs scored", out.iter().map(|c| c.0.len()).sum());
    out.sort_by(|x, y| {
        y.1.total_cmp(&x.1)
            .then(y.0.len().cmp(&x.0.len()))
            .then(x.0.first().map(|p| p.a).cmp(&y.0.first().map(|p| p.a)))
    });
    Ok((profiles, out))
}

/// Clusters of probable duplicates, best first, at most `limit` of them. Admins see every
/// cluster; managers the clusters holding one of their own records, or two customers or
/// more of which one is unassigned (duplicate customers); salespeople may not scan.
pub fn scan(conn: &mut DbConn, actor: &Actor, limit: usize) -> DomainResult<Vec<Cluster>> {
    actor.require_manager()?;
    let (profiles, found) = pairs(conn)?;
    let owner: HashMap<Rec, Option<i32>> = profiles
        .iter()
        .filter_map(|p| p.rec.map(|r| (r, p.salesperson_id)))
        .collect();
    drop(profiles);
    let mine = |r: &Rec| actor.is_admin() || owner.get(r).copied().flatten() == Some(actor.id.0);
    // Managers merge any customer: duplicate customers nobody owns are theirs to see too.
    let shared_customers = |recs: &[Rec]| {
        let customers: Vec<&Rec> = recs
            .iter()
            .filter(|r| matches!(r, Rec::Partner(_)))
            .collect();
        customers.len() >= 2
            && customers
                .iter()
                .any(|r| owner.get(*r).copied().flatten().is_none())
    };
    let mut clusters: Vec<(f64, Vec<Rec>, Vec<Pair>)> = found
        .into_iter()
        .filter_map(|(pairs, weakest)| {
            let mut recs: Vec<Rec> = pairs.iter().flat_map(|p| [p.a, p.b]).collect();
            recs.sort_unstable();
            recs.dedup();
            (recs.iter().any(mine) || shared_customers(&recs)).then_some((weakest, recs, pairs))
        })
        .collect();
    clusters.truncate(limit);
    let all: Vec<Rec> = clusters.iter().flat_map(|c| c.1.clone()).collect();
    let mut summaries = summary::load(conn, &all)?;
    Ok(clusters
        .into_iter()
        .map(|(weakest, recs, pairs)| Cluster {
            records: recs.iter().filter_map(|r| summaries.remove(r)).collect(),
            score: (weakest * 100.0).round().clamp(0.0, 100.0) as u8,
            weakest,
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
    let found: Vec<(usize, Pair)> = found
        .into_iter()
        .enumerate()
        .flat_map(|(n, (pairs, _))| pairs.into_iter().map(move |p| (n + 1, p)))
        .collect();
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
        "probability",
        "cluster",
        "reasons",
    ])
    .map_err(io)?;
    for (cluster, p) in &found {
        let [at, ai, ae] = rec_cols(p.a, &external);
        let [bt, bi, be] = rec_cols(p.b, &external);
        let reasons: Vec<String> = p.reasons.iter().map(Reason::full_text).collect();
        out.write_record([
            at,
            ai,
            ae,
            bt,
            bi,
            be,
            p.score.to_string(),
            format!("{:.4}", p.probability),
            cluster.to_string(),
            reasons.join("; "),
        ])
        .map_err(io)?;
    }
    out.flush()
        .map_err(|e| DomainError::Internal(format!("cannot write the CSV: {e}")))?;
    Ok(found.len())
}
