//! Estimating the match model from the database itself, as splink does:
//! - `u` (how often different persons agree) from random pairs of records, less the share
//!   of true pairs among them;
//! - `m` (how often records of one person agree) by expectation–maximisation over the
//!   candidate pairs: each pair's match probability from the current model, then each
//!   level's share of the probable matches. A field's `m` is learnt only from pairs that
//!   some key found without relying on that field (pairs found by the email key all agree
//!   on email, whoever they are);
//! - users' decisions as labels: a merge is a confirmed match, "not a duplicate" a confirmed
//!   non-match; their probabilities are fixed at 1 and 0.
//!
//! What it does not do: learn dependence between fields (a name spelled in the email), or
//! change the comparison levels; those are the rules of [`super::compare`].

mod decisions;
mod em;

use std::collections::HashMap;

use rand::{Rng, SeedableRng};

use crate::db::DbConn;
use crate::domain::DomainResult;
use crate::domain::similarity::compare::{self, Field, MISSING};
use crate::domain::similarity::model::{self, Model, effective_population};
use crate::domain::similarity::profile::{Profile, Rec};
use crate::domain::similarity::scan::{self, Scorer};
pub use decisions::{Decisions, decisions};
use em::{Prepared, em_step, prepare};

/// Random pairs drawn to estimate `u`.
const RANDOM_PAIRS: usize = 400_000;
/// Candidate pairs used for EM, at most (a random share of them beyond).
const EM_PAIRS: usize = 2_000_000;
const ITERATIONS: usize = 25;
/// Random pairs the shipped `u` counts for (see `estimate`).
const U_PRIOR_PAIRS: f64 = 20_000.0;
/// An import re-estimates the model when it created at least this many records…
pub const RETRAIN_MIN_ROWS: usize = 500;
/// …making at least this share of the database.
pub const RETRAIN_SHARE: f64 = 0.2;

/// How often each level occurs among random pairs, per field (missing values left out).
fn random_levels(profiles: &[Profile]) -> Vec<Vec<f64>> {
    let mut counts: Vec<Vec<f64>> = Field::ALL
        .iter()
        .map(|f| vec![0.0; f.levels().len()])
        .collect();
    let n = profiles.len();
    if n < 2 {
        return counts;
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    let draws = RANDOM_PAIRS.min(n * (n - 1) / 2);
    for _ in 0..draws {
        let i = rng.random_range(0..n);
        let j = rng.random_range(0..n);
        if i == j {
            continue;
        }
        let c = compare::compare(&profiles[i], &profiles[j]);
        for f in Field::ALL {
            let level = c[f.index()].level;
            if level != MISSING {
                counts[f.index()][usize::from(level)] += 1.0;
            }
        }
    }
    counts
}

/// Estimates a model from these profiles and decisions, starting from `start`.
pub fn estimate(profiles: &[Profile], decisions: &Decisions, start: Model) -> Model {
    let records = profiles.len() as f64;
    let (pairs, rejections) = labelled_pairs(profiles, decisions, &start);
    let u_random = random_u(profiles, &start);
    let mut model = start;
    let previous_m: Vec<Vec<f64>> = model.fields.iter().map(|p| p.m.clone()).collect();
    let n_eff = effective_population(records);
    for _ in 0..ITERATIONS {
        em_step(&mut model, &pairs, &u_random, &previous_m, records, n_eff);
    }
    model.records = records as i64;
    model.pairs = pairs.len() as i64;
    model.merges = decisions.merged.len() as i64;
    model.rejections = rejections as i64;
    model.trained_at = Some(crate::domain::now());
    model
}

/// The pairs EM learns from, prepared and labelled: the candidate pairs (a random share of
/// them beyond [`EM_PAIRS`]), the merged pairs, and the rejected pairs no key found. Also
/// returns how many rejected pairs are among the profiles.
fn labelled_pairs(
    profiles: &[Profile],
    decisions: &Decisions,
    start: &Model,
) -> (Vec<Prepared>, usize) {
    let scorer = Scorer::new(profiles, start.clone());
    let index: HashMap<Rec, u32> = profiles
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.rec.map(|r| (r, i as u32)))
        .collect();
    let mut candidates = scan::candidate_pairs(profiles);
    if candidates.len() > EM_PAIRS {
        let mut rng = rand::rngs::StdRng::seed_from_u64(0xe3);
        let keep = EM_PAIRS as f64 / candidates.len() as f64;
        candidates.retain(|_| rng.random_bool(keep));
    }
    let rejected: HashMap<(u32, u32), ()> = decisions
        .rejected
        .iter()
        .filter_map(|(a, b)| {
            let (i, j) = (*index.get(a)?, *index.get(b)?);
            Some(((i.min(j), i.max(j)), ()))
        })
        .collect();
    let mut pairs: Vec<Prepared> = scan::par_map(&candidates, |_, &(i, j, biased)| {
        let label = rejected.contains_key(&(i, j)).then_some(false);
        vec![prepare(
            &scorer,
            &profiles[i as usize],
            &profiles[j as usize],
            biased,
            label,
        )]
    });
    for (a, b) in &decisions.merged {
        pairs.push(prepare(&scorer, a, b, 0, Some(true)));
    }
    for &(i, j) in rejected.keys() {
        if !candidates.iter().any(|c| (c.0, c.1) == (i, j)) {
            pairs.push(prepare(
                &scorer,
                &profiles[i as usize],
                &profiles[j as usize],
                0,
                Some(false),
            ));
        }
    }
    (pairs, rejected.len())
}

/// `u` from random pairs ([`random_levels`]), the shipped `u` of `start` counting as
/// [`U_PRIOR_PAIRS`] of them.
fn random_u(profiles: &[Profile], start: &Model) -> Vec<Vec<f64>> {
    let random = random_levels(profiles);
    // The shipped u weighs as many random pairs as U_PRIOR_PAIRS: a small database (a few
    // hundred pairs) cannot overturn it, a large one (400,000 pairs) decides.
    random
        .iter()
        .zip(&start.fields)
        .map(|(levels, shipped)| {
            let total: f64 = levels.iter().sum();
            levels
                .iter()
                .zip(&shipped.u)
                .map(|(c, u)| (c + U_PRIOR_PAIRS * u) / (total + U_PRIOR_PAIRS))
                .collect()
        })
        .collect()
}

/// Re-estimates the model from the whole database and the users' decisions, and saves it.
/// What `leadbook dedupe-train` and large imports call.
pub fn train(conn: &mut DbConn) -> DomainResult<Model> {
    let profiles = scan::all_profiles(conn)?;
    let decisions = decisions(conn)?;
    let trained = estimate(&profiles, &decisions, Model::default());
    model::save(conn, &trained)?;
    Ok(trained)
}

/// After an import: re-estimates the model when the import grew the database by a fifth or
/// more (and by [`RETRAIN_MIN_ROWS`] rows at least), since what the model learnt may no
/// longer describe the data.
pub fn after_import(conn: &mut DbConn, created: usize) -> DomainResult<()> {
    let records = model::population(conn)?;
    let grown = created as f64 >= RETRAIN_SHARE * records;
    if created >= RETRAIN_MIN_ROWS && grown {
        let started = std::time::Instant::now();
        // The import is saved already: a model that cannot be estimated keeps the last one.
        match train(conn) {
            Ok(m) => log::info!(
                "duplicate finder re-estimated on {} records, {} pairs, in {:.1} s",
                m.records,
                m.pairs,
                started.elapsed().as_secs_f64()
            ),
            Err(e) => log::warn!("duplicate finder not re-estimated after the import: {e}"),
        }
    }
    Ok(())
}
