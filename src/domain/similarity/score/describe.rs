//! A reason in words: what one field's evidence says of two records ("same postcode 4352
//! (rare here)", "different mobile numbers") and its stable code.

use crate::domain::similarity::compare::{self, Comparison, Field, name_similarity};
use crate::domain::similarity::keys::NickSource;
use crate::domain::similarity::model::{Evidence, Rarity, is_family};
use crate::domain::similarity::normalise;
use crate::domain::similarity::profile::Profile;
use crate::domain::values::Phone;

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
pub(super) fn describe(a: &Profile, b: &Profile, c: &Comparison, e: &Evidence) -> (String, String) {
    let note = rarity_note(e.rarity);
    let value = c[e.field.index()].value.unwrap_or_default();
    match e.field {
        Field::Name => name(a, b, c, e.level, &note),
        Field::Email => email(a, e.level, value, &note),
        Field::Phone => phone(a, b, e.level, value, &note),
        Field::Handle => handle(a, b, e.level),
        Field::Street => street(a, b, e.level),
        Field::City => city(a, b, e.level, value, &note),
        Field::Zip => zip(a, b, e.level, value, &note),
        Field::Company => company(a, b, e.level, value, &note),
        Field::Customer => customer(a, e.level),
    }
}

/// The names' reason at `level`.
fn name(a: &Profile, b: &Profile, c: &Comparison, level: u8, note: &str) -> (String, String) {
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
        5 => spelled_name(a, b),
        _ => (
            format!("different names '{na}' and '{nb}'"),
            "different-names".into(),
        ),
    }
}

/// The reason of an unnamed record whose handle or email spells the other's name.
fn spelled_name(a: &Profile, b: &Profile) -> (String, String) {
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

/// The emails' reason at `level`.
fn email(a: &Profile, level: u8, value: &str, note: &str) -> (String, String) {
    match level {
        0 => (
            format!("same email {value}{note}"),
            format!("email:{value}"),
        ),
        1 => (
            "same email name on another domain".into(),
            "email-local".into(),
        ),
        2 => {
            let domain = a
                .emails
                .iter()
                .find_map(|e| normalise::email_domain_key(e).filter(|d| d != e))
                .unwrap_or_default();
            (
                format!("same email domain {domain} — a different address"),
                format!("domain:{domain}"),
            )
        }
        _ => (
            "different email addresses".into(),
            "different-emails".into(),
        ),
    }
}

/// The numbers' reason at `level`.
fn phone(a: &Profile, b: &Profile, level: u8, value: &str, note: &str) -> (String, String) {
    match level {
        0 => {
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
        1 => (
            format!("numbers with the same last digits{note}"),
            "phone-digits".into(),
        ),
        _ => ("different phone numbers".into(), "different-phones".into()),
    }
}

/// The handles' reason at `level`.
fn handle(a: &Profile, b: &Profile, level: u8) -> (String, String) {
    match level {
        0 => {
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
        _ => (
            "different messenger handles".into(),
            "different-handles".into(),
        ),
    }
}

/// The streets' reason at `level`.
fn street(a: &Profile, b: &Profile, level: u8) -> (String, String) {
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

/// The cities' reason at `level`.
fn city(a: &Profile, b: &Profile, level: u8, value: &str, note: &str) -> (String, String) {
    match level {
        0 => (format!("same city {value}{note}"), format!("city:{value}")),
        1 => (
            format!(
                "cities '{}' ≈ '{}'",
                a.city_key.as_deref().unwrap_or_default(),
                b.city_key.as_deref().unwrap_or_default()
            ),
            "similar-city".into(),
        ),
        _ => ("different cities".into(), "different-cities".into()),
    }
}

/// The postcodes' reason at `level`.
fn zip(a: &Profile, b: &Profile, level: u8, value: &str, note: &str) -> (String, String) {
    match level {
        0 => (
            format!("same postcode {value}{note}"),
            format!("zip:{value}"),
        ),
        1 => (
            format!(
                "postcodes {} ≈ {}",
                a.zip.as_deref().unwrap_or_default(),
                b.zip.as_deref().unwrap_or_default()
            ),
            "similar-zip".into(),
        ),
        _ => ("different postcodes".into(), "different-zips".into()),
    }
}

/// The companies' reason at `level`.
fn company(a: &Profile, b: &Profile, level: u8, value: &str, note: &str) -> (String, String) {
    match level {
        0 => (
            format!("same company {}{note}", shown(a.company.as_deref(), value)),
            format!("company:{value}"),
        ),
        1 => (
            format!(
                "companies '{}' ≈ '{}'",
                a.company.as_deref().unwrap_or_default(),
                b.company.as_deref().unwrap_or_default()
            ),
            "similar-company".into(),
        ),
        _ => ("different companies".into(), "different-companies".into()),
    }
}

/// The customers' reason at `level`.
fn customer(a: &Profile, level: u8) -> (String, String) {
    match level {
        0 => {
            let id = a.customer.unwrap_or_default();
            (format!("same customer #{id}"), format!("customer:{id}"))
        }
        _ => ("different customers".into(), "different-customers".into()),
    }
}
