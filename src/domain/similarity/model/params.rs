//! The model's parameters: every field's `m` and `u` per level, the shipped defaults, and
//! the weight of one field's evidence.

use serde::{Deserialize, Serialize};

use crate::domain::similarity::compare::{Compared, FIELDS, Field, MISSING};
use crate::domain::similarity::thresholds::{FAMILY_WEIGHT, MIN_POPULATION, OWN_COPIES};

/// One field's parameters, one entry per level of [`Field::levels`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldParams {
    pub field: Field,
    pub m: Vec<f64>,
    pub u: Vec<f64>,
    /// The smallest `u` an exact agreement on a rare value can have: the chance that two
    /// different persons hold it anyway.
    pub u_floor: f64,
}

/// What the model knows, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// How many other records of the same person a record has, on average: the prior.
    pub duplicates_per_record: f64,
    /// In [`Field::ALL`] order.
    pub fields: Vec<FieldParams>,
    /// The weight of names sharing one word only between records that share an address or
    /// a number ([`adjust`]).
    #[serde(default = "default_family_weight")]
    pub family_weight: f64,
    /// Records in the database when it was estimated (0: the shipped defaults).
    pub records: i64,
    /// Candidate pairs the estimate used.
    pub pairs: i64,
    /// Users' decisions it used: merges (confirmed) and "not a duplicate" (rejected).
    pub merges: i64,
    pub rejections: i64,
    /// When it was estimated.
    pub trained_at: Option<chrono::NaiveDateTime>,
}

fn default_family_weight() -> f64 {
    FAMILY_WEIGHT
}

fn params(field: Field, m: &[f64], u: &[f64], u_floor: f64) -> FieldParams {
    FieldParams {
        field,
        m: m.to_vec(),
        u: u.to_vec(),
        u_floor,
    }
}

impl Default for Model {
    /// The shipped parameters: what record linkage on CRM data usually finds, before the
    /// database has taught anything.
    fn default() -> Model {
        Model {
            duplicates_per_record: 0.2,
            fields: vec![
                params(
                    Field::Name,
                    &[0.55, 0.08, 0.12, 0.08, 0.07, 0.04, 0.02, 0.02],
                    &[2e-5, 2e-6, 5e-5, 8e-4, 2e-3, 1e-7, 5e-3, 0.9921],
                    1e-5,
                ),
                params(
                    Field::Email,
                    &[0.6, 0.05, 0.02, 0.33],
                    &[1e-7, 1e-6, 5e-3, 0.9949],
                    1e-6,
                ),
                params(Field::Phone, &[0.6, 0.1, 0.3], &[1e-7, 1e-6, 0.9999], 1e-6),
                params(Field::Handle, &[0.8, 0.2], &[1e-7, 0.9999], 1e-6),
                params(
                    Field::Street,
                    &[0.5, 0.2, 0.15, 0.15],
                    &[1e-4, 1e-4, 1e-3, 0.9988],
                    1e-5,
                ),
                params(Field::City, &[0.8, 0.05, 0.15], &[0.01, 0.002, 0.988], 1e-4),
                params(Field::Zip, &[0.8, 0.05, 0.15], &[0.005, 0.005, 0.99], 1e-4),
                params(Field::Company, &[0.6, 0.1, 0.3], &[2e-3, 2e-3, 0.996], 1e-3),
                params(Field::Customer, &[0.5, 0.5], &[1e-4, 0.9999], 1e-6),
            ],
            family_weight: FAMILY_WEIGHT,
            records: 0,
            pairs: 0,
            merges: 0,
            rejections: 0,
            trained_at: None,
        }
    }
}

/// How common an agreed value is, next to the field's usual exact agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rarity {
    Rare,
    Usual,
    /// Held by this many records.
    Common(u32),
}

/// One field's evidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub field: Field,
    pub level: u8,
    /// `log2(m / u)`, in bits.
    pub weight: f64,
    pub rarity: Option<Rarity>,
}

/// The population the prior and the term frequencies are computed for.
pub fn effective_population(records: f64) -> f64 {
    records.max(MIN_POPULATION)
}

impl Model {
    pub fn field(&self, field: Field) -> &FieldParams {
        &self.fields[field.index()]
    }

    /// `log2(λ / (1 − λ))`, λ being the chance that two records taken at random from
    /// `records` are one person.
    pub fn prior_weight(&self, records: f64) -> f64 {
        let n = effective_population(records);
        let lambda = (2.0 * self.duplicates_per_record / (n - 1.0)).clamp(1e-12, 0.5);
        (lambda / (1.0 - lambda)).log2()
    }

    /// The weight of one field's outcome. `holders` is how many records hold the agreed
    /// value ([`Compared::value`]), when known; `records` the database's size.
    pub fn evidence(
        &self,
        field: Field,
        c: &Compared,
        holders: Option<f64>,
        records: f64,
    ) -> Option<Evidence> {
        if c.level == MISSING {
            return None;
        }
        let p = self.field(field);
        let level = usize::from(c.level);
        let (m, u_level) = (*p.m.get(level)?, *p.u.get(level)?);
        let (u, rarity) = match (c.value, holders) {
            (Some(_), Some(count)) => {
                // The two records compared hold it themselves, and a person often has a
                // few more records: the others say how common it is among other persons.
                let others = (count - 2.0 - OWN_COPIES).max(0.0);
                let u = self.tf_u(field, c.level, count, records);
                let rarity = if others > 0.0 && u > u_level * 4.0 {
                    Rarity::Common(count as u32)
                } else if others == 0.0 && u_level >= p.u_floor * 2.0 {
                    Rarity::Rare
                } else {
                    Rarity::Usual
                };
                (u, Some(rarity))
            }
            _ => (u_level, None),
        };
        Some(Evidence {
            field,
            level: c.level,
            weight: (m / u).log2(),
            rarity,
        })
    }

    /// `u` of a value `holders` records hold, for a pair agreeing on it at `level`: the share
    /// of other persons holding it. A number's last digits ([`Field::Phone`] level 1) only
    /// weigh less for being common, never more for being rare: different numbers end alike
    /// by chance more often than whole numbers agree.
    pub fn tf_u(&self, field: Field, level: u8, holders: f64, records: f64) -> f64 {
        let p = self.field(field);
        let others = (holders - 2.0 - OWN_COPIES).max(0.0);
        let floor = match (field, p.u.get(usize::from(level))) {
            (Field::Phone, Some(u_level)) if level == 1 => *u_level,
            _ => p.u_floor,
        };
        (others / effective_population(records)).max(floor)
    }

    /// The match probability of a total weight (prior included).
    pub fn probability(total: f64) -> f64 {
        let odds = total.clamp(-200.0, 200.0).exp2();
        odds / (1.0 + odds)
    }

    /// The weight of every level, for the admin page: (field, level, m, u, weight).
    pub fn table(&self) -> Vec<(Field, &'static str, f64, f64, f64)> {
        let mut out = Vec::new();
        for p in &self.fields {
            for (i, name) in p.field.levels().iter().enumerate() {
                let (m, u) = (p.m[i], p.u[i]);
                out.push((p.field, *name, m, u, (m / u).log2()));
            }
        }
        out
    }

    /// Whether the parameters are usable: every field, every level, probabilities in (0, 1].
    pub fn is_valid(&self) -> bool {
        self.fields.len() == FIELDS
            && self.fields.iter().zip(Field::ALL).all(|(p, f)| {
                p.field == f
                    && p.m.len() == f.levels().len()
                    && p.u.len() == f.levels().len()
                    && p.m.iter().chain(&p.u).all(|x| *x > 0.0 && *x <= 1.0)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_common_ending_of_numbers_weighs_less_and_a_rare_one_no_more_than_usual() {
        let model = Model::default();
        let usual = model.field(Field::Phone).u[1];
        let u = |holders: f64| model.tf_u(Field::Phone, 1, holders, 1_000.0);
        assert_eq!(u(2.0), usual, "held by the two compared only");
        assert!(u(40.0) > usual * 10.0, "forty records end so: {}", u(40.0));
        // Whole numbers still weigh more for being rare.
        let floor = model.field(Field::Phone).u_floor;
        assert_eq!(model.tf_u(Field::Phone, 0, 2.0, 1_000.0), floor);
    }

    #[test]
    fn the_shipped_model_is_valid() {
        assert!(Model::default().is_valid());
    }

    #[test]
    fn a_rare_value_weighs_more_than_a_common_one() {
        let model = Model::default();
        let c = Compared {
            level: 0,
            value: Some("x"),
        };
        let rare = model.evidence(Field::Name, &c, Some(2.0), 1e6).unwrap();
        let common = model.evidence(Field::Name, &c, Some(500.0), 1e6).unwrap();
        assert!(rare.weight > common.weight + 5.0);
        assert_eq!(rare.rarity, Some(Rarity::Rare));
        assert_eq!(common.rarity, Some(Rarity::Common(500)));
    }
}
