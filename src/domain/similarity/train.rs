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

use std::collections::HashMap;

use diesel::prelude::*;
use rand::{Rng, SeedableRng};

use crate::db::DbConn;
use crate::db::schema::{merges, not_duplicates};
use crate::domain::DomainResult;
use crate::domain::similarity::compare::{self, FIELDS, Field, MISSING};
use crate::domain::similarity::model::{self, Model, effective_population};
use crate::domain::similarity::profile::{LeadRow, Profile, Rec};
use crate::domain::similarity::scan::{self, Scorer};
use crate::domain::wizards::merge_journal::{RecordState, Snapshot};

/// Random pairs drawn to estimate `u`.
const RANDOM_PAIRS: usize = 400_000;
/// Candidate pairs used for EM, at most (a random share of them beyond).
const EM_PAIRS: usize = 2_000_000;
const ITERATIONS: usize = 25;
/// Pseudo-counts pulling each `m` towards the previous model's (so a level seldom seen
/// keeps a sensible value).
const M_PRIOR: f64 = 2.0;
/// Random pairs the shipped `u` counts for (see `estimate`).
const U_PRIOR_PAIRS: f64 = 20_000.0;
/// How far (as a factor) a learnt `m` may move from the shipped one.
const M_RANGE: f64 = 6.0;
/// An import re-estimates the model when it created at least this many records…
pub const RETRAIN_MIN_ROWS: usize = 500;
/// …making at least this share of the database.
pub const RETRAIN_SHARE: f64 = 0.2;

/// A pair prepared for EM: its levels, the `log2 u` of its agreed values where the term
/// frequency applies, the fields it is biased on, and its label.
struct Prepared {
    levels: [u8; FIELDS],
    tf_log_u: [f32; FIELDS],
    /// The fields whose agreed value an organisation holds ([`model::shared_bit`]).
    shared: u16,
    biased: u32,
    label: Option<bool>,
}

/// The users' decisions: pairs merged (both records as they were) and pairs rejected.
#[derive(Default)]
pub struct Decisions {
    pub merged: Vec<(Profile, Profile)>,
    pub rejected: Vec<(Rec, Rec)>,
}

fn profile_of_state(state: &RecordState) -> Profile {
    let l = &state.lead;
    let mut p = Profile::from_lead(LeadRow {
        id: l.id.0,
        kind: l.kind.to_string(),
        title: l.title.clone(),
        contact_name: l.contact_name.clone(),
        contact_name_key: l.contact_name_key.clone(),
        company_name: l.company_name.clone(),
        company_name_key: l.company_name_key.clone(),
        email_norm: l.email_norm.clone(),
        phone: l.phone.clone(),
        phone_e164: l.phone_e164.clone(),
        mobile: l.mobile.clone(),
        mobile_e164: l.mobile_e164.clone(),
        street: l.street.clone(),
        city: l.city.clone(),
        zip: l.zip.clone(),
        partner_id: l.partner_id.map(|p| p.0),
        salesperson_id: l.salesperson_id.map(|u| u.0),
        team_id: l.team_id.map(|t| t.0),
        active: l.active,
        probability: l.probability,
    });
    for i in &state.identities {
        p.add_identity(i.channel.as_str(), i.handle_norm.clone());
    }
    p
}

/// Every decision users took: merges not undone, and "not a duplicate" marks.
pub fn decisions(conn: &mut DbConn) -> DomainResult<Decisions> {
    let snapshots: Vec<String> = merges::table
        .filter(merges::undone_at.is_null())
        .select(merges::snapshot)
        .load(conn)?;
    let mut merged = Vec::new();
    for json in snapshots {
        let Ok(s) = serde_json::from_str::<Snapshot>(&json) else {
            continue;
        };
        let survivor = profile_of_state(&s.survivor);
        for m in &s.merged {
            merged.push((survivor.clone(), profile_of_state(m)));
        }
    }
    let rejected = not_duplicates::table
        .select((not_duplicates::lead_a, not_duplicates::lead_b))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .map(|(a, b)| (Rec::Lead(a), Rec::Lead(b)))
        .collect();
    Ok(Decisions { merged, rejected })
}

fn prepare(
    scorer: &Scorer,
    a: &Profile,
    b: &Profile,
    biased: u32,
    label: Option<bool>,
) -> Prepared {
    let c = compare::compare(a, b);
    let mut levels = [MISSING; FIELDS];
    let mut tf_log_u = [f32::NAN; FIELDS];
    let mut shared = 0;
    for f in Field::ALL {
        let x = &c[f.index()];
        levels[f.index()] = x.level;
        if let Some(v) = x.value
            && let Some(count) = scorer.counts.holders(f, v)
        {
            let u = scorer.model.tf_u(f, x.level, count, scorer.records);
            tf_log_u[f.index()] = u.log2() as f32;
            shared |= model::shared_bit(f, count);
        }
    }
    Prepared {
        levels,
        tf_log_u,
        shared,
        biased,
        label,
    }
}

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

    let random = random_levels(profiles);
    let mut model = start;
    let previous_m: Vec<Vec<f64>> = model.fields.iter().map(|p| p.m.clone()).collect();
    // The shipped u weighs as many random pairs as U_PRIOR_PAIRS: a small database (a few
    // hundred pairs) cannot overturn it, a large one (400,000 pairs) decides.
    let u_random: Vec<Vec<f64>> = random
        .iter()
        .zip(&model.fields)
        .map(|(levels, shipped)| {
            let total: f64 = levels.iter().sum();
            levels
                .iter()
                .zip(&shipped.u)
                .map(|(c, u)| (c + U_PRIOR_PAIRS * u) / (total + U_PRIOR_PAIRS))
                .collect()
        })
        .collect();
    let n_eff = effective_population(records);
    for _ in 0..ITERATIONS {
        let lambda = (2.0 * model.duplicates_per_record / (n_eff - 1.0)).clamp(1e-12, 0.5);
        // u: random pairs, less the true pairs among them.
        for (f, p) in model.fields.iter_mut().enumerate() {
            let floor = p.u_floor;
            for (l, u) in p.u.iter_mut().enumerate() {
                let raw = u_random[f][l];
                *u = ((raw - lambda * p.m[l]) / (1.0 - lambda))
                    .max(floor.min(raw))
                    .min(1.0);
            }
        }
        let prior = model.prior_weight(records);
        let log_m: Vec<Vec<f64>> = model
            .fields
            .iter()
            .map(|p| p.m.iter().map(|m| m.log2()).collect())
            .collect();
        let log_u: Vec<Vec<f64>> = model
            .fields
            .iter()
            .map(|p| p.u.iter().map(|u| u.log2()).collect())
            .collect();
        let mut sums: Vec<Vec<f64>> = Field::ALL
            .iter()
            .map(|f| vec![0.0; f.levels().len()])
            .collect();
        let mut expected_matches = 0.0;
        // Names of records sharing an address or number: (matches, non-matches) with one
        // word in common, and in all.
        let (mut family_m, mut family_u, mut placed_m, mut placed_u) = (0.0, 0.0, 0.0, 0.0);
        for pair in &pairs {
            let p = match pair.label {
                Some(true) => 1.0,
                Some(false) => 0.0,
                None => {
                    let mut weights = [0.0; FIELDS];
                    for f in 0..FIELDS {
                        let l = pair.levels[f];
                        if l == MISSING {
                            continue;
                        }
                        let l = usize::from(l);
                        let lu = if pair.tf_log_u[f].is_nan() {
                            log_u[f][l]
                        } else {
                            f64::from(pair.tf_log_u[f])
                        };
                        weights[f] = log_m[f][l] - lu;
                    }
                    model::adjust(&pair.levels, &mut weights, model.family_weight, pair.shared);
                    Model::probability(prior + weights.iter().sum::<f64>())
                }
            };
            if pair.label.is_none() {
                expected_matches += p;
            }
            if pair.levels[Field::Name.index()] != MISSING && model::shares_place(&pair.levels) {
                placed_m += p;
                placed_u += 1.0 - p;
                if model::is_family(&pair.levels) {
                    family_m += p;
                    family_u += 1.0 - p;
                }
            }
            for (f, sum) in sums.iter_mut().enumerate() {
                let l = pair.levels[f];
                if l != MISSING && pair.biased & (1 << f) == 0 {
                    sum[usize::from(l)] += p;
                }
            }
        }
        for (f, p) in model.fields.iter_mut().enumerate() {
            let total: f64 = sums[f].iter().sum();
            for (l, m) in p.m.iter_mut().enumerate() {
                // Within a factor of the shipped value: EM left free can take a large group
                // of look-alikes (colleagues sharing a company, its switchboard and its
                // address) for the matches, a degenerate split.
                let shipped = previous_m[f][l];
                *m = ((sums[f][l] + M_PRIOR * shipped) / (total + M_PRIOR))
                    .clamp(shipped / M_RANGE, (shipped * M_RANGE).min(1.0));
            }
        }
        model.duplicates_per_record = (expected_matches / records.max(1.0)).clamp(1e-4, 5.0);
        if placed_m > 0.0 && placed_u > 0.0 {
            let m = (family_m + 0.5) / (placed_m + 1.0);
            let u = (family_u + 0.5) / (placed_u + 1.0);
            model.family_weight = (m / u).log2();
        }
    }
    model.records = records as i64;
    model.pairs = pairs.len() as i64;
    model.merges = decisions.merged.len() as i64;
    model.rejections = rejected.len() as i64;
    model.trained_at = Some(crate::domain::now());
    model
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
