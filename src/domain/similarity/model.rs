//! The match model (Fellegi–Sunter): for every comparison level of every field, `m` (how
//! often two records of one person are at that level) and `u` (how often two records of
//! different persons are). A level's weight is `log2(m / u)`: positive when it speaks for a
//! match, negative against, zero for a missing value. The total, with the prior, gives the
//! match probability; the weights are the reasons shown to the user.
//!
//! An exact agreement on a value weighs by how common that value is (term frequency): two
//! records sharing a rare surname or postcode say more than two sharing "Smith".
//!
//! The parameters live in the database ([`load`], [`save`]); a new database uses
//! [`Model::default`] until `leadbook dedupe-train` (or a large import) estimates them from
//! its own records ([`super::train`]).

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::schema::{finder_models, leads, partners};
use crate::db::{DbConn, write_tx};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::now;
use crate::domain::similarity::compare::{Compared, FIELDS, Field, MISSING};
use crate::domain::similarity::thresholds::{
    FAMILY_WEIGHT, MIN_POPULATION, ORGANISATION_MIN, OWN_COPIES, PLACE_SHARE,
};

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

/// The place fields: one address seen three ways, not three independent pieces of evidence.
const PLACE: [Field; 3] = [Field::Street, Field::Zip, Field::City];

/// The name level of two names sharing one word only (a surname, with another given name).
pub const NAME_ONE_WORD: u8 = 6;
/// The name level of two clearly different names.
pub const NAME_DIFFERENT: u8 = 7;

/// Corrects the weights of one pair for evidence that is not independent:
/// - the place fields are capped ([`cap_place`]);
/// - two names sharing only one word weigh `family_weight` where the two records also
///   share an address or a number: that is how a family looks (Kelly and Lesley Curtis at
///   55 Andrew Quays), and random pairs, which seldom share an address, cannot teach it:
///   it is learnt from the candidate pairs that share an address or number
///   ([`Model::family_weight`]);
/// - two persons of one company (wholly different names, or names sharing one word at a
///   company many records hold): the company, its switchboard and its email domain are
///   the company's and say nothing about the persons, so they add nothing;
/// - at a company many records hold, its address is the company's: it adds nothing to the
///   company's own weight;
/// - a number many records hold (a switchboard, a shared line) adds nothing to a pair of
///   one such company or of two differently named persons.
///
/// `shared` has a bit per field whose agreed value more records hold than one person has
/// ([`shared_bit`]). Below that the value may be one person's copies, which then look
/// like colleagues (a name typed wrong at the same company).
pub fn adjust(levels: &[u8; FIELDS], weights: &mut [f64; FIELDS], family_weight: f64, shared: u16) {
    if is_family(levels) {
        weights[Field::Name.index()] = family_weight;
    }
    let is_shared = |f: Field| shared & (1 << f.index()) != 0;
    let organisation = same_company(levels) && is_shared(Field::Company);
    // Two wholly different names at one company are two persons, however few records
    // hold it; one shared word (a surname) there is a household only where it is small.
    let colleagues = same_company(levels)
        && (levels[Field::Name.index()] == NAME_DIFFERENT || organisation && named_apart(levels));
    let mut theirs = |f: Field| weights[f.index()] = weights[f.index()].min(0.0);
    if colleagues {
        for f in [Field::Company, Field::Email] {
            theirs(f);
        }
    }
    if same_company(levels) && levels[Field::Name.index()] == NAME_DIFFERENT {
        theirs(Field::Phone);
    }
    if organisation {
        for f in PLACE {
            theirs(f);
        }
    }
    if is_shared(Field::Phone) && (organisation || named_apart(levels)) {
        theirs(Field::Phone);
    }
    cap_place(weights);
}

/// The bit of `field` for [`adjust`] when its agreed value is held by `holders` records:
/// set for a company or a number held by more records than one person has
/// ([`ORGANISATION_MIN`]).
pub fn shared_bit(field: Field, holders: f64) -> u16 {
    let organisational = matches!(field, Field::Company | Field::Phone);
    if organisational && holders >= ORGANISATION_MIN {
        1 << field.index()
    } else {
        0
    }
}

/// Whether two records share an address (street, or postcode) or a number.
pub fn shares_place(levels: &[u8; FIELDS]) -> bool {
    let level = |f: Field| levels[f.index()];
    matches!(level(Field::Street), 0 | 1) || level(Field::Zip) == 0 || level(Field::Phone) == 0
}

/// Whether two records name the same company (or one with a typo).
pub fn same_company(levels: &[u8; FIELDS]) -> bool {
    matches!(levels[Field::Company.index()], 0 | 1)
}

/// Whether both records are named and the names share one word at most.
pub fn named_apart(levels: &[u8; FIELDS]) -> bool {
    matches!(levels[Field::Name.index()], NAME_ONE_WORD | NAME_DIFFERENT)
}

/// Whether two records look like two members of one household ([`adjust`]).
pub fn is_family(levels: &[u8; FIELDS]) -> bool {
    levels[Field::Name.index()] == NAME_ONE_WORD && shares_place(levels)
}

/// Caps what the place fields add together: the strongest agreement counts in full, the
/// others only for [`PLACE_SHARE`] of their weight (a street, its postcode and its city
/// agree together by nature, and a household shares all three).
pub fn cap_place(weights: &mut [f64; FIELDS]) {
    let strongest = PLACE
        .iter()
        .copied()
        .filter(|f| weights[f.index()] > 0.0)
        .max_by(|x, y| weights[x.index()].total_cmp(&weights[y.index()]));
    for f in PLACE {
        if Some(f) != strongest && weights[f.index()] > 0.0 {
            weights[f.index()] *= PLACE_SHARE;
        }
    }
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

/// How many records the database holds, as the prior and term frequencies count them (ids
/// ever given: cheap, and close enough).
pub fn population(conn: &mut DbConn) -> DomainResult<f64> {
    let leads: Option<i32> = leads::table
        .select(diesel::dsl::max(leads::id))
        .first(conn)?;
    let partners: Option<i32> = partners::table
        .select(diesel::dsl::max(partners::id))
        .first(conn)?;
    Ok(f64::from(leads.unwrap_or(0)) + f64::from(partners.unwrap_or(0)))
}

/// The model in use: the last one saved, or the defaults.
pub fn load(conn: &mut DbConn) -> DomainResult<Model> {
    let stored: Option<String> = finder_models::table
        .order(finder_models::id.desc())
        .select(finder_models::params)
        .first(conn)
        .optional()?;
    Ok(stored
        .and_then(|json| serde_json::from_str::<Model>(&json).ok())
        .filter(Model::is_valid)
        .unwrap_or_default())
}

/// Saves a newly estimated model; it is used from now on. Earlier ones are kept (the admin
/// page shows how the model changed).
pub fn save(conn: &mut DbConn, model: &Model) -> DomainResult<()> {
    if !model.is_valid() {
        return Err(DomainError::Internal(
            "the estimated model is not valid".into(),
        ));
    }
    let json = serde_json::to_string(model)
        .map_err(|e| DomainError::Internal(format!("cannot store the model: {e}")))?;
    write_tx(conn, |conn| {
        diesel::insert_into(finder_models::table)
            .values((
                finder_models::created_at.eq(now()),
                finder_models::params.eq(&json),
            ))
            .execute(conn)?;
        Ok(())
    })
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
