//! Scoring: how likely two profiles are one customer. Each field's comparison level
//! ([`super::compare`]) weighs for or against by the learned model ([`super::model`]); the
//! prior plus the weights is the match probability, and each weight is a reason in words
//! ("same postcode 4352 (rare here) +7.1", "different mobile numbers −4.0").
//!
//! Classes: a probable [`Class::Duplicate`]; [`Class::SameOrganisation`] (same company or
//! company email domain, another contact); [`Class::SameCustomer`] (opportunities of one
//! customer with other contacts or subjects: separate deals, never proposed for merge).

mod describe;

use crate::domain::similarity::compare::{self, Comparison, FIELDS, Field, MISSING};
use crate::domain::similarity::model::{Evidence, Model, adjust, shared_bit};
use crate::domain::similarity::profile::{Profile, Rec};
use crate::domain::similarity::thresholds as t;
use describe::describe;
pub use describe::pretty_phone;

/// What a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Class {
    /// Probably the same customer.
    Duplicate,
    /// Same organisation, a different contact.
    SameOrganisation,
    /// Another deal of the same customer: shown, never counted as a duplicate.
    SameCustomer,
}

/// One piece of evidence, as shown to the user.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reason {
    pub text: String,
    /// Its weight in bits (negative when it speaks against).
    pub weight: f64,
    /// A stable code of the evidence ("phone:+39…"): pairs marked "not a duplicate" come
    /// back only when a code appears that was not there when they were marked.
    pub code: String,
}

impl Reason {
    /// "+7.1", "−4.0".
    pub fn weight_text(&self) -> String {
        signed(self.weight)
    }

    /// The reason with its weight: "same postcode 4352 (rare here) +7.1".
    pub fn full_text(&self) -> String {
        format!("{} {}", self.text, self.weight_text())
    }
}

fn signed(w: f64) -> String {
    if w < 0.0 {
        format!("\u{2212}{:.1}", -w)
    } else {
        format!("+{w:.1}")
    }
}

/// The outcome of comparing two records.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The match probability, 0 to 1.
    pub probability: f64,
    /// The probability in whole percent, for sorting and badges.
    pub score: u8,
    pub class: Option<Class>,
    /// Each field's weight, strongest first.
    pub reasons: Vec<Reason>,
}

impl Scored {
    /// The evidence codes that speak for a match, sorted, comma-separated.
    pub fn signature(&self) -> String {
        let mut codes: Vec<&str> = self
            .reasons
            .iter()
            .filter(|r| r.weight > 0.0)
            .map(|r| r.code.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes.join(",")
    }

    /// "match 99.2 %".
    pub fn probability_text(&self) -> String {
        probability_text(self.probability)
    }
}

/// "match 99.2 %".
pub fn probability_text(p: f64) -> String {
    format!("match {:.1} %", (p * 100.0).clamp(0.0, 100.0))
}

/// What scoring needs besides the two profiles: the model, the database's size and how
/// many records hold a value (term frequency; `None` when unknown).
pub struct Judge<'a> {
    pub model: &'a Model,
    pub records: f64,
    pub holders: &'a (dyn Fn(Field, &str) -> Option<f64> + Sync),
}

impl Judge<'_> {
    fn evidence(&self, c: &Comparison) -> Vec<Evidence> {
        let mut shared = 0;
        let mut found: Vec<Evidence> = Field::ALL
            .iter()
            .zip(c.iter())
            .filter_map(|(f, x)| {
                let holders = x.value.and_then(|v| (self.holders)(*f, v));
                shared |= holders.map_or(0, |n| shared_bit(*f, n));
                self.model.evidence(*f, x, holders, self.records)
            })
            .collect();
        let mut weights = [0.0; FIELDS];
        for e in &found {
            weights[e.field.index()] = e.weight;
        }
        let levels: [u8; FIELDS] = std::array::from_fn(|i| c[i].level);
        adjust(&levels, &mut weights, self.model.family_weight, shared);
        for e in &mut found {
            e.weight = weights[e.field.index()];
        }
        found
    }

    /// The total weight of a pair, prior included (no words: for the scan and training).
    pub fn total(&self, c: &Comparison) -> f64 {
        self.model.prior_weight(self.records)
            + self.evidence(c).iter().map(|e| e.weight).sum::<f64>()
    }
}

/// Whether `a` and `b` are two deals of one customer: opportunities linked to the same
/// customer with another contact or another subject.
fn another_deal(a: &Profile, b: &Profile, c: &Comparison) -> bool {
    let both_deals = a.is_opportunity && b.is_opportunity;
    let same_customer = c[Field::Customer.index()].level == 0;
    let same_contact = c[Field::Name.index()].level <= 3;
    let same_subject = a.title_key.is_empty()
        || b.title_key.is_empty()
        || strsim::jaro_winkler(&a.title_key, &b.title_key) >= t::SIMILAR_NAME_MIN;
    both_deals && same_customer && !(same_contact && same_subject)
}

/// Whether `a` is a lead already linked to the customer record `b` (or the reverse):
/// nothing to merge.
fn linked(a: &Profile, b: &Profile) -> bool {
    let lead_of = |lead: &Profile, customer: &Profile| {
        matches!(lead.rec, Some(Rec::Lead(_)))
            && matches!(customer.rec, Some(Rec::Partner(p)) if lead.customer == Some(p))
    };
    lead_of(a, b) || lead_of(b, a)
}

/// The class of a pair of the given probability.
pub fn classify(a: &Profile, b: &Profile, c: &Comparison, probability: f64) -> Option<Class> {
    if linked(a, b) {
        return None;
    }
    if another_deal(a, b, c) {
        return Some(Class::SameCustomer);
    }
    if probability >= t::DUPLICATE_MIN {
        return Some(Class::Duplicate);
    }
    let same_company = matches!(c[Field::Company.index()].level, 0 | 1);
    let same_domain = c[Field::Email.index()].level == 2;
    (same_company || same_domain).then_some(Class::SameOrganisation)
}

/// Compares `a` (the record looked at) with `b`, with every weight in words.
pub fn score(a: &Profile, b: &Profile, judge: &Judge) -> Scored {
    let c = compare::compare(a, b);
    let evidence = judge.evidence(&c);
    let total =
        judge.model.prior_weight(judge.records) + evidence.iter().map(|e| e.weight).sum::<f64>();
    let probability = Model::probability(total);
    let mut reasons: Vec<Reason> = evidence
        .iter()
        .filter(|e| e.level != MISSING)
        .map(|e| {
            let (text, code) = describe(a, b, &c, e);
            Reason {
                text,
                weight: e.weight,
                code,
            }
        })
        .collect();
    reasons.sort_by(|x, y| y.weight.total_cmp(&x.weight));
    Scored {
        probability,
        score: (probability * 100.0).round().clamp(0.0, 100.0) as u8,
        class: classify(a, b, &c, probability),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge_nothing_known(model: &Model) -> Judge<'_> {
        Judge {
            model,
            records: 100.0,
            holders: &|_, _| None,
        }
    }

    #[test]
    fn an_email_domain_alone_is_same_organisation() {
        let a = Profile {
            emails: vec!["anna@acme.com".into()],
            ..Profile::default()
        };
        let b = Profile {
            emails: vec!["marco@acme.com".into()],
            ..Profile::default()
        };
        let model = Model::default();
        let s = score(&a, &b, &judge_nothing_known(&model));
        assert_eq!(s.class, Some(Class::SameOrganisation));
        assert!(s.probability < 0.01);
    }

    #[test]
    fn weights_read_with_a_sign() {
        assert_eq!(signed(7.14), "+7.1");
        assert_eq!(signed(-4.0), "\u{2212}4.0");
    }
}
