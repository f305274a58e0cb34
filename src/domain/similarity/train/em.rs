//! Expectation–maximisation over the prepared pairs: each pair's match probability from the
//! current model, then each level's share of the probable matches.

use crate::domain::similarity::compare::{self, FIELDS, Field, MISSING};
use crate::domain::similarity::model::{self, Model};
use crate::domain::similarity::profile::Profile;
use crate::domain::similarity::scan::Scorer;

/// Pseudo-counts pulling each `m` towards the previous model's (so a level seldom seen
/// keeps a sensible value).
const M_PRIOR: f64 = 2.0;
/// How far (as a factor) a learnt `m` may move from the shipped one.
const M_RANGE: f64 = 6.0;

/// A pair prepared for EM: its levels, the `log2 u` of its agreed values where the term
/// frequency applies, the fields it is biased on, and its label.
pub(super) struct Prepared {
    levels: [u8; FIELDS],
    tf_log_u: [f32; FIELDS],
    /// The fields whose agreed value an organisation holds ([`model::shared_bit`]).
    shared: u16,
    biased: u32,
    label: Option<bool>,
}

pub(super) fn prepare(
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

/// One EM iteration: `u` from the random pairs less the true pairs among them, then every
/// pair's match probability, then `m`, the share of duplicates and the family weight.
pub(super) fn em_step(
    model: &mut Model,
    pairs: &[Prepared],
    u_random: &[Vec<f64>],
    previous_m: &[Vec<f64>],
    records: f64,
    n_eff: f64,
) {
    let lambda = (2.0 * model.duplicates_per_record / (n_eff - 1.0)).clamp(1e-12, 0.5);
    update_u(model, u_random, lambda);
    let tally = tally(model, pairs, records);
    update_m(model, &tally.sums, previous_m);
    model.duplicates_per_record = (tally.expected_matches / records.max(1.0)).clamp(1e-4, 5.0);
    if tally.placed_m > 0.0 && tally.placed_u > 0.0 {
        let m = (tally.family_m + 0.5) / (tally.placed_m + 1.0);
        let u = (tally.family_u + 0.5) / (tally.placed_u + 1.0);
        model.family_weight = (m / u).log2();
    }
}

/// `u`: the random pairs' share at each level, less the true pairs among them (`lambda` of
/// all pairs).
fn update_u(model: &mut Model, u_random: &[Vec<f64>], lambda: f64) {
    for (f, p) in model.fields.iter_mut().enumerate() {
        let floor = p.u_floor;
        for (l, u) in p.u.iter_mut().enumerate() {
            let raw = u_random[f][l];
            *u = ((raw - lambda * p.m[l]) / (1.0 - lambda))
                .max(floor.min(raw))
                .min(1.0);
        }
    }
}

/// What one iteration sums over the pairs.
struct Tally {
    /// Per field and level, the match probabilities of the pairs at that level (pairs not
    /// biased on the field).
    sums: Vec<Vec<f64>>,
    /// The match probabilities of the unlabelled pairs.
    expected_matches: f64,
    /// Names of records sharing an address or number: (matches, non-matches) with one
    /// word in common, and in all.
    family_m: f64,
    family_u: f64,
    placed_m: f64,
    placed_u: f64,
}

/// Every pair's match probability under the current model, summed.
fn tally(model: &Model, pairs: &[Prepared], records: f64) -> Tally {
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
    let (mut family_m, mut family_u, mut placed_m, mut placed_u) = (0.0, 0.0, 0.0, 0.0);
    for pair in pairs {
        let p = match pair.label {
            Some(true) => 1.0,
            Some(false) => 0.0,
            None => match_probability(pair, prior, &log_m, &log_u, model.family_weight),
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
    Tally {
        sums,
        expected_matches,
        family_m,
        family_u,
        placed_m,
        placed_u,
    }
}

/// The match probability of an unlabelled pair under the current parameters.
fn match_probability(
    pair: &Prepared,
    prior: f64,
    log_m: &[Vec<f64>],
    log_u: &[Vec<f64>],
    family_weight: f64,
) -> f64 {
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
    model::adjust(&pair.levels, &mut weights, family_weight, pair.shared);
    Model::probability(prior + weights.iter().sum::<f64>())
}

/// `m`: each level's share of the probable matches, within a factor of the shipped value.
fn update_m(model: &mut Model, sums: &[Vec<f64>], previous_m: &[Vec<f64>]) {
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
}
