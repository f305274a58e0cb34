//! Scoring: how strongly two profiles look like the same customer, from 0 to 100, with the
//! human-readable reasons. Strong evidence (same email, phone, handle or customer) and fuzzy
//! evidence (similar names after transliteration, a name spelled as a nickname or an email's
//! local part, same city or postcode, similar company names) add up; clearly different names
//! or different addresses at one company domain take away. A pair that shares only its
//! organisation (email domain, company) is [`Class::SameOrganisation`], not a duplicate.
//! Weights and cut-offs: [`super::thresholds`].

use strsim::jaro_winkler;

use crate::domain::similarity::keys::{self, NickSource};
use crate::domain::similarity::normalise;
use crate::domain::similarity::profile::Profile;
use crate::domain::similarity::thresholds as t;
use crate::domain::values::Phone;

/// What a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Class {
    /// Probably the same customer.
    Duplicate,
    /// Same organisation, a different contact.
    SameOrganisation,
}

/// One piece of evidence, as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reason {
    pub text: String,
    /// Points it added (negative when it speaks against).
    pub points: i32,
    /// A stable code of the evidence ("phone:+39…"): pairs marked "not a duplicate" come
    /// back only when a code appears that was not there when they were marked.
    pub code: String,
}

/// The outcome of comparing two records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub score: u8,
    pub class: Option<Class>,
    pub reasons: Vec<Reason>,
}

impl Scored {
    /// The evidence codes, sorted, comma-separated.
    pub fn signature(&self) -> String {
        let mut codes: Vec<&str> = self
            .reasons
            .iter()
            .filter(|r| r.points > 0)
            .map(|r| r.code.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes.join(",")
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

/// A handle of unnamed `a` (e.g. Telegram `dmitry_sokolov`) that spells the name of `b`
/// ("Дмитрий Соколов"), with the similarity of the two names.
fn handle_spells_name<'a>(
    a: &'a Profile,
    b: &'a Profile,
) -> Option<(&'a (String, String), &'a str, f64)> {
    if a.name_key.is_some() {
        return None;
    }
    let (name, key) = (b.name.as_deref()?, b.name_key.as_deref()?);
    a.handles.iter().find_map(|handle| {
        let spelled = super::profile::name_in_handle(&handle.1)
            .and_then(|n| super::normalise::name_key(&n))?;
        let sim = name_similarity(&spelled, key);
        (sim >= t::SIMILAR_NAME_MIN).then_some((handle, name, sim))
    })
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

/// How alike two name keys are, word by word: every word of the shorter name is paired with
/// its closest word of the other (Jaro-Winkler), and the weakest pair counts, so "Sara
/// Rossi" and "Sofia Rossi" differ although they share a surname.
pub fn name_similarity(x: &str, y: &str) -> f64 {
    let (xs, ys): (Vec<&str>, Vec<&str>) = (x.split(' ').collect(), y.split(' ').collect());
    let (short, long) = if xs.len() <= ys.len() {
        (xs, ys)
    } else {
        (ys, xs)
    };
    short
        .iter()
        .map(|w| long.iter().map(|v| jaro_winkler(w, v)).fold(0.0, f64::max))
        .fold(1.0, f64::min)
}

/// Compares `a` (the record looked at) with `b`. `common(kind, key)` says whether a key is
/// over-common; such values are ignored as evidence.
pub fn score(a: &Profile, b: &Profile, common: &dyn Fn(&str, &str) -> bool) -> Scored {
    let mut reasons: Vec<Reason> = Vec::new();
    let mut add = |points: i32, code: String, text: String| {
        reasons.push(Reason { text, points, code });
    };
    let mut org = false;

    for email in a.emails.iter().filter(|e| b.emails.contains(e)) {
        if !common("email", email) {
            add(
                t::SAME_EMAIL,
                format!("email:{email}"),
                format!("same email {email}"),
            );
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (number, slot) in &a.numbers {
        let Some((_, other)) = b.numbers.iter().find(|(n, _)| n == number) else {
            continue;
        };
        if common("phone", number) || seen.contains(&number.as_str()) {
            continue;
        }
        seen.push(number);
        let shown = pretty_phone(number);
        let text = if slot == other {
            format!("same {} {shown}", slot.label())
        } else {
            format!(
                "same number {shown} ({} here, {} there)",
                slot.label(),
                other.label()
            )
        };
        add(t::SAME_PHONE, format!("phone:{number}"), text);
    }
    for (channel, handle) in a.handles.iter().filter(|h| b.handles.contains(h)) {
        if !common(&format!("h:{channel}"), handle) {
            let shown = if channel == "telegram" {
                format!("@{handle}")
            } else {
                handle.clone()
            };
            add(
                t::SAME_HANDLE,
                format!("h:{channel}:{handle}"),
                format!("same {} handle {shown}", channel_label(channel)),
            );
        }
    }
    if let (Some(x), Some(y)) = (a.customer, b.customer)
        && x == y
        && !common("customer", &x.to_string())
    {
        add(
            t::SAME_CUSTOMER,
            format!("customer:{x}"),
            format!("same customer #{x}"),
        );
    }

    let names = (a.name_key.as_deref(), b.name_key.as_deref());
    if let (Some(x), Some(y)) = names {
        let shown = (
            a.name.as_deref().unwrap_or(x),
            b.name.as_deref().unwrap_or(y),
        );
        if x == y {
            if !common("name", x) {
                add(
                    t::SAME_NAME,
                    format!("name:{x}"),
                    format!("same name '{}'", shown.0),
                );
            }
        } else {
            let sim = name_similarity(x, y);
            let sound = a.name.as_deref().and_then(keys::sound_key);
            let sound_common = sound.as_deref().is_some_and(|s| common("sound", s));
            if sim >= t::SIMILAR_NAME_MIN && !sound_common {
                add(
                    t::SIMILAR_NAME,
                    format!("similar-name:{x}|{y}"),
                    format!("name '{}' ≈ '{}' ({}%)", shown.0, shown.1, pct(sim)),
                );
            } else if sim < t::DIFFERENT_NAME_MAX && !a.is_company && !b.is_company {
                add(
                    t::DIFFERENT_NAMES,
                    "different-names".into(),
                    format!("different names '{}' and '{}'", shown.0, shown.1),
                );
            }
        }
    }
    // Both named: the names were compared above; nicknames say no more.
    let both_named = names.0.is_some() && names.1.is_some();
    let (na, nb) = if both_named {
        (Vec::new(), Vec::new())
    } else {
        (keys::nicknames(a), keys::nicknames(b))
    };
    let from_name = |s: &NickSource| matches!(s, NickSource::Name(_));
    let nick = na.iter().find_map(|(n, sa)| {
        nb.iter()
            .find(|(m, sb)| {
                let names_only = from_name(sa) && from_name(sb);
                m == n && !both_named && !names_only && !common("nick", n)
            })
            .map(|(_, sb)| (n, sa, sb))
    });
    if let Some((n, sa, sb)) = nick {
        add(
            t::NAME_IS_NICKNAME,
            format!("nick:{n}"),
            format!("{} ≈ {}", nick_label(sa), nick_label(sb)),
        );
    } else if let Some((handle, name, sim)) =
        handle_spells_name(a, b).or_else(|| handle_spells_name(b, a))
    {
        add(
            t::NAME_IS_NICKNAME,
            format!("handle-name:{}|{}", handle.1, name),
            format!(
                "{} @{} ≈ name '{name}' ({}%)",
                channel_label(&handle.0),
                handle.1,
                pct(sim)
            ),
        );
    }

    if let (Some(x), Some(y)) = (&a.city_key, &b.city_key)
        && x == y
    {
        add(t::SAME_CITY, format!("city:{x}"), format!("same city {x}"));
    }
    if let (Some(x), Some(y)) = (&a.zip, &b.zip)
        && x == y
    {
        add(
            t::SAME_ZIP,
            format!("zip:{x}"),
            format!("same postcode {x}"),
        );
    }
    if let (Some(x), Some(y)) = (&a.company_key, &b.company_key) {
        let shown = (
            a.company.as_deref().unwrap_or(x),
            b.company.as_deref().unwrap_or(y),
        );
        if x == y {
            org = true;
            if !common("company", x) {
                add(
                    t::SAME_COMPANY,
                    format!("company:{x}"),
                    format!("same company {}", shown.0),
                );
            }
        } else {
            let sim = jaro_winkler(x, y);
            if sim >= t::SIMILAR_COMPANY_MIN {
                org = true;
                add(
                    t::SIMILAR_COMPANY,
                    format!("similar-company:{x}|{y}"),
                    format!("company '{}' ≈ '{}' ({}%)", shown.0, shown.1, pct(sim)),
                );
            }
        }
    }

    let domains = |p: &Profile| -> Vec<(String, String)> {
        p.emails
            .iter()
            .filter_map(|e| {
                normalise::email_domain_key(e)
                    .filter(|d| d != e)
                    .map(|d| (d, e.clone()))
            })
            .collect()
    };
    let (da, db) = (domains(a), domains(b));
    if let Some((domain, _)) = da.iter().find(|(d, _)| db.iter().any(|(e, _)| e == d)) {
        org = true;
        let shared_address = a.emails.iter().any(|e| b.emails.contains(e));
        if !shared_address {
            add(
                t::DIFFERENT_ADDRESS_SAME_DOMAIN,
                format!("domain:{domain}"),
                format!("same email domain {domain} — a different person"),
            );
        }
    }

    if !a.emails.is_empty()
        && !b.emails.is_empty()
        && !a.emails.iter().any(|e| b.emails.contains(e))
    {
        add(
            t::DIFFERENT_EMAILS,
            "different-emails".into(),
            "different email addresses".into(),
        );
    }
    if !a.numbers.is_empty()
        && !b.numbers.is_empty()
        && !a
            .numbers
            .iter()
            .any(|(n, _)| b.numbers.iter().any(|(m, _)| m == n))
    {
        add(
            t::DIFFERENT_PHONES,
            "different-phones".into(),
            "different phone numbers".into(),
        );
    }
    let total: i32 = reasons.iter().map(|r| r.points).sum();
    let score = total.clamp(0, 100) as u8;
    let class = if i32::from(score) >= t::DUPLICATE_MIN {
        Some(Class::Duplicate)
    } else if org {
        Some(Class::SameOrganisation)
    } else {
        None
    };
    reasons.sort_by_key(|r| std::cmp::Reverse(r.points));
    Scored {
        score,
        class,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_word_by_word() {
        assert!(name_similarity("banks robin", "banks robyn") >= t::SIMILAR_NAME_MIN);
        assert!(name_similarity("rossi sara", "rossi sofia") < t::DIFFERENT_NAME_MAX);
        assert_eq!(name_similarity("an nguyen van", "an nguyen van"), 1.0);
    }

    #[test]
    fn an_email_domain_alone_is_same_organisation_with_no_points() {
        let a = Profile {
            emails: vec!["anna@acme.com".into()],
            ..Profile::default()
        };
        let b = Profile {
            emails: vec!["marco@acme.com".into()],
            ..Profile::default()
        };
        let s = score(&a, &b, &|_, _| false);
        assert_eq!((s.score, s.class), (0, Some(Class::SameOrganisation)));
    }
}
