//! Term frequencies: how many records hold a value (a name, an email, a postcode…), so that
//! a shared rare value weighs more than a shared common one. Counted in memory for the
//! database-wide scan and training ([`Counts`]), and from the indexed match keys for one
//! record's similar records ([`for_subject`]).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::db::DbConn;
use crate::domain::DomainResult;
use crate::domain::similarity::compare::Field;
use crate::domain::similarity::profile::Profile;

/// Holders counted per value, at most: a value this common is counted as this common
/// (only the most common values of a very large database reach it).
pub const COUNT_CAP: i64 = 2_000;

/// The values of a record that a term frequency applies to, per field.
pub fn values(p: &Profile) -> Vec<(Field, &str)> {
    let mut out: Vec<(Field, &str)> = Vec::new();
    if let Some(k) = &p.name_key {
        out.push((Field::Name, k));
    }
    for e in &p.emails {
        out.push((Field::Email, e));
    }
    for (n, _) in &p.numbers {
        out.push((Field::Phone, n));
    }
    // The last digits too: "numbers with the same last digits" weighs by how many records
    // end so (a demo's or a company's run of numbers ends alike).
    for tail in p.tails() {
        out.push((Field::Phone, tail));
    }
    if let Some(c) = &p.city_key {
        out.push((Field::City, c));
    }
    if let Some(z) = &p.zip {
        out.push((Field::Zip, z));
    }
    if let Some(c) = &p.company_key {
        out.push((Field::Company, c));
    }
    out
}

fn hash(field: Field, value: &str) -> u64 {
    let mut h = DefaultHasher::new();
    field.hash(&mut h);
    value.hash(&mut h);
    h.finish()
}

/// Counts of every value held by three records or more (fewer is as rare as it gets: the
/// two records compared).
#[derive(Debug, Default)]
pub struct Counts(HashMap<u64, u32>);

impl Counts {
    pub fn of(profiles: &[Profile]) -> Counts {
        let mut hashes: Vec<u64> = profiles
            .iter()
            .flat_map(|p| {
                let mut v: Vec<u64> = values(p).into_iter().map(|(f, x)| hash(f, x)).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        hashes.sort_unstable();
        let mut map = HashMap::new();
        for run in hashes.chunk_by(|a, b| a == b) {
            if run.len() >= 3 {
                map.insert(run[0], run.len() as u32);
            }
        }
        Counts(map)
    }

    /// How many records hold `value`.
    pub fn holders(&self, field: Field, value: &str) -> Option<f64> {
        Some(f64::from(
            self.0.get(&hash(field, value)).copied().unwrap_or(2),
        ))
    }
}

/// Counts of the subjects' values, from the match keys, in a few statements.
pub fn for_subjects(
    conn: &mut DbConn,
    subjects: &[&Profile],
) -> DomainResult<HashMap<(Field, String), f64>> {
    let mut wanted: Vec<(Field, String)> = subjects
        .iter()
        .flat_map(|p| values(p).into_iter().map(|(f, v)| (f, v.to_string())))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let keys: Vec<(String, String)> = wanted
        .iter()
        .filter_map(|(f, v)| f.tf_kind_of(v).map(|k| (k.to_string(), v.clone())))
        .collect();
    let counts = super::key_counts::counts_of_many(conn, &keys, COUNT_CAP)?;
    let unsaved = subjects.iter().any(|p| p.rec.is_none());
    Ok(wanted
        .into_iter()
        .filter_map(|(f, v)| {
            let kind = f.tf_kind_of(&v)?.to_string();
            let n = counts.get(&(kind, v.clone())).copied().unwrap_or(0);
            // A record not saved yet is not among the holders of its own values.
            let n = if unsaved { n + 1 } else { n };
            Some(((f, v), n as f64))
        })
        .collect())
}
