//! Scoring: how likely two profiles are one customer. Each field's comparison level
//! ([`super::compare`]) weighs for or against by the learned model ([`super::model`]); the
//! prior plus the weights is the match probability, and each weight is a reason in words
//! ("same postcode 4352 (rare here) +7.1", "different mobile numbers −4.0").
//!
//! Classes: a probable [`Class::Duplicate`]; [`Class::SameOrganisation`] (same company or
//! company email domain, another contact); [`Class::SameCustomer`] (opportunities of one
//! customer with other contacts or subjects: separate deals, never proposed for merge).

use crate::domain::similarity::compare::{
    self, Comparison, FIELDS, Field, MISSING, name_similarity,
};
use crate::domain::similarity::keys::NickSource;
use crate::domain::similarity::model::{Evidence, Model, Rarity, adjust, is_family, shared_bit};
use crate::domain::similarity::profile::{Profile, Rec};
use crate::domain::similarity::thresholds as t;
use crate::domain::values::Phone;

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

/// A number as people read it: "+39 333 123 4567".
pub fn pretty_phone(e164: &str) -> String {
    Phone::parse(e164, "ZZ")
        .map(|p| p.international())
        .unwrap_or_else(|_| e164.to_string())
}

fn channel_label(channel: &str) -> String {
    let mut c = channel.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn pct(sim: f64) -> u32 {
    (sim * 100.0).round().clamp(0.0, 100.0) as u32
}

fn nick_label(source: &NickSource) -> String {
    match source {
        NickSource::Name(name) => format!("name '{name}'"),
        NickSource::Handle(channel, handle) if channel == "telegram" => {
            format!("Telegram @{handle}")
        }
        NickSource::Handle(channel, handle) => format!("{} '{handle}'", channel_label(channel)),
        NickSource::EmailLocal(local) => format!("email '{local}@…'"),
    }
}

fn rarity_note(r: Option<Rarity>) -> String {
    match r {
        Some(Rarity::Rare) => " (rare here)".into(),
        // Held by the two records compared only: not "common", whatever the model's
        // usual agreement on that field.
        Some(Rarity::Common(n)) if n > 2 => format!(" (common here: {n} records)"),
        _ => String::new(),
    }
}

fn shown<'a>(raw: Option<&'a str>, key: &'a str) -> &'a str {
    raw.unwrap_or(key)
}

/// The words of one field's evidence, and its code.
fn describe(a: &Profile, b: &Profile, c: &Comparison, e: &Evidence) -> (String, String) {
    let note = rarity_note(e.rarity);
    let value = c[e.field.index()].value.unwrap_or_default();
    match (e.field, e.level) {
        (Field::Name, level) => {
            let (x, y) = (
                a.name_key.as_deref().unwrap_or_default(),
                b.name_key.as_deref().unwrap_or_default(),
            );
            let (na, nb) = (shown(a.name.as_deref(), x), shown(b.name.as_deref(), y));
            match level {
                0 => (format!("same name '{na}'{note}"), format!("name:{x}")),
                1 => (
                    format!("names '{na}' and '{nb}' (order swapped){note}"),
                    format!("name:{x}"),
                ),
                2 | 3 => (
                    format!("names '{na}' ≈ '{nb}' ({} %)", pct(name_similarity(x, y))),
                    format!("similar-name:{x}|{y}"),
                ),
                4 => (
                    format!("names '{na}' and '{nb}' (initials or a name left out)"),
                    format!("partial-name:{x}|{y}"),
                ),
                6 if is_family(&std::array::from_fn(|i| c[i].level)) => (
                    format!(
                        "names '{na}' and '{nb}' share one word only, at one address or number: family members?"
                    ),
                    "one-word-name".into(),
                ),
                6 => (
                    format!("names '{na}' and '{nb}' share one word only"),
                    "one-word-name".into(),
                ),
                5 => {
                    let found = compare::spells_name(a, b)
                        .map(|(n, s)| (n, s, b))
                        .or_else(|| compare::spells_name(b, a).map(|(n, s)| (n, s, a)));
                    match found {
                        Some((nick, source, named)) => (
                            format!(
                                "{} ≈ name '{}'",
                                nick_label(&source),
                                named.name.as_deref().unwrap_or_default()
                            ),
                            format!("nick:{nick}"),
                        ),
                        None => ("a nickname spells the name".into(), "nick".into()),
                    }
                }
                _ => (
                    format!("different names '{na}' and '{nb}'"),
                    "different-names".into(),
                ),
            }
        }
        (Field::Email, 0) => (
            format!("same email {value}{note}"),
            format!("email:{value}"),
        ),
        (Field::Email, 1) => (
            "same email name on another domain".into(),
            "email-local".into(),
        ),
        (Field::Email, 2) => {
            let domain = a
                .emails
                .iter()
                .find_map(|e| super::normalise::email_domain_key(e).filter(|d| d != e))
                .unwrap_or_default();
            (
                format!("same email domain {domain} — a different address"),
                format!("domain:{domain}"),
            )
        }
        (Field::Email, _) => (
            "different email addresses".into(),
            "different-emails".into(),
        ),
        (Field::Phone, 0) => {
            let slot = |p: &Profile| {
                p.numbers
                    .iter()
                    .find(|(n, _)| n == value)
                    .map(|(_, s)| s.label())
                    .unwrap_or("phone")
            };
            let (sa, sb) = (slot(a), slot(b));
            let text = if sa == sb {
                format!("same {sa} {}{note}", pretty_phone(value))
            } else {
                format!(
                    "same number {} ({sa} here, {sb} there){note}",
                    pretty_phone(value)
                )
            };
            (text, format!("phone:{value}"))
        }
        (Field::Phone, 1) => (
            format!("numbers with the same last digits{note}"),
            "phone-digits".into(),
        ),
        (Field::Phone, _) => ("different phone numbers".into(), "different-phones".into()),
        (Field::Handle, 0) => {
            let (channel, handle) = a
                .handles
                .iter()
                .find(|h| b.handles.contains(h))
                .cloned()
                .unwrap_or_default();
            let at = if channel == "telegram" { "@" } else { "" };
            (
                format!("same {} handle {at}{handle}", channel_label(&channel)),
                format!("h:{channel}:{handle}"),
            )
        }
        (Field::Handle, _) => (
            "different messenger handles".into(),
            "different-handles".into(),
        ),
        (Field::Street, level) => {
            let words = |p: &Profile| {
                p.street
                    .as_ref()
                    .map(|s| {
                        let mut w = s.words.join(" ");
                        if let Some(n) = &s.number {
                            w = format!("{n} {w}");
                        }
                        w.trim().to_string()
                    })
                    .unwrap_or_default()
            };
            let (x, y) = (words(a), words(b));
            match level {
                0 => (format!("same street '{x}'"), format!("street:{x}")),
                1 | 2 => (
                    format!("streets '{x}' ≈ '{y}'"),
                    format!("similar-street:{x}|{y}"),
                ),
                _ => ("different streets".into(), "different-streets".into()),
            }
        }
        (Field::City, 0) => (format!("same city {value}{note}"), format!("city:{value}")),
        (Field::City, 1) => (
            format!(
                "cities '{}' ≈ '{}'",
                a.city_key.as_deref().unwrap_or_default(),
                b.city_key.as_deref().unwrap_or_default()
            ),
            "similar-city".into(),
        ),
        (Field::City, _) => ("different cities".into(), "different-cities".into()),
        (Field::Zip, 0) => (
            format!("same postcode {value}{note}"),
            format!("zip:{value}"),
        ),
        (Field::Zip, 1) => (
            format!(
                "postcodes {} ≈ {}",
                a.zip.as_deref().unwrap_or_default(),
                b.zip.as_deref().unwrap_or_default()
            ),
            "similar-zip".into(),
        ),
        (Field::Zip, _) => ("different postcodes".into(), "different-zips".into()),
        (Field::Company, 0) => (
            format!("same company {}{note}", shown(a.company.as_deref(), value)),
            format!("company:{value}"),
        ),
        (Field::Company, 1) => (
            format!(
                "companies '{}' ≈ '{}'",
                a.company.as_deref().unwrap_or_default(),
                b.company.as_deref().unwrap_or_default()
            ),
            "similar-company".into(),
        ),
        (Field::Company, _) => ("different companies".into(), "different-companies".into()),
        (Field::Customer, 0) => {
            let id = a.customer.unwrap_or_default();
            (format!("same customer #{id}"), format!("customer:{id}"))
        }
        (Field::Customer, _) => ("different customers".into(), "different-customers".into()),
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
