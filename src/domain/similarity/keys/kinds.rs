//! The keys of a record, kind by kind, and the fields each kind relies on.

use super::nicknames::{nicknames, skeleton, sound_key};
use crate::domain::similarity::field::Field;
use crate::domain::similarity::normalise::{self, phonetic};
use crate::domain::similarity::profile::{self, Profile};
use crate::domain::similarity::thresholds;

/// One (kind, key) pair of a record.
pub type Key = (String, String);

/// Key kinds kept only to count how common a value is (term frequency): they find no
/// candidates.
pub const COUNT_ONLY: &[&str] = &["city", "zip"];

/// Every key of a record, without duplicates.
pub fn compute(p: &Profile) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::with_capacity(12);
    let mut push = |kind: &str, key: String| keys.push((kind.to_string(), key));
    exact_keys(p, &mut push);
    typo_keys(p, &mut push);
    if let Some(city) = &p.city_key {
        push("city", city.clone());
    }
    if let Some(zip) = &p.zip {
        push("zip", zip.clone());
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The keys of what a record holds as written: its addresses and their domains, numbers,
/// handles, customer, name (or the names its handles spell), company and nicknames.
fn exact_keys(p: &Profile, push: &mut impl FnMut(&str, String)) {
    for email in &p.emails {
        push("email", email.clone());
        if let Some(domain) = normalise::email_domain_key(email).filter(|d| d != email) {
            push("domain", domain);
        }
    }
    for (number, _) in &p.numbers {
        push("phone", number.clone());
    }
    for (channel, handle) in &p.handles {
        push(&format!("h:{channel}"), handle.clone());
    }
    if let Some(customer) = p.customer {
        push("customer", customer.to_string());
    }
    if let Some(key) = &p.name_key {
        push("name", key.clone());
    }
    if let Some(sound) = p.name.as_deref().and_then(sound_key) {
        push("sound", sound);
    }
    if p.name.is_none() {
        // Known only by a nickname such as @Dmitry_Sokolov: find the names it spells.
        for (_, handle) in &p.handles {
            if let Some(sound) = profile::name_in_handle(handle).and_then(|n| sound_key(&n)) {
                push("sound", sound);
            }
        }
    }
    if let Some(key) = &p.company_key {
        push("company", key.clone());
    }
    for (nick, _) in nicknames(p) {
        push("nick", nick);
    }
}

/// Typo-tolerant keys: a name's sound with the place, the address, a number's tail, an
/// email's local part.
fn typo_keys(p: &Profile, push: &mut impl FnMut(&str, String)) {
    for word in p.name_words.iter().filter(|w| w.len() >= 2) {
        let code = phonetic(word);
        if code.is_empty() {
            continue;
        }
        if let Some(zip) = &p.zip {
            push("ph_zip", format!("{code}|{zip}"));
        }
        if let Some(city) = &p.city_key {
            push("ph_city", format!("{code}|{city}"));
        }
    }
    if let Some(street) = &p.street {
        if let (Some(zip), Some(number)) = (&p.zip, &street.number) {
            push("zip_number", format!("{zip}|{number}"));
        }
        if let (Some(place), Some(word)) =
            (p.zip.as_ref().or(p.city_key.as_ref()), street.main_word())
        {
            push("street", format!("{}|{place}", skeleton(word)));
        }
    }
    for tail in p.tails() {
        push("tail", tail.to_string());
    }
    for email in &p.emails {
        if let Some((local, _)) = email.split_once('@')
            && local.len() >= thresholds::LOCAL_PART_MIN_LEN
        {
            push("local", local.to_string());
        }
    }
}

/// The fields a key kind relies on, as a bit set of [`Field::index`]: a pair found only
/// by keys relying on a field agrees on it by construction, and says nothing of how often
/// true pairs agree on it.
pub fn family(kind: &str) -> u32 {
    let bits = |fields: &[Field]| fields.iter().fold(0, |b, f| b | (1 << f.index()));
    match kind {
        "email" | "local" => bits(&[Field::Email]),
        "domain" => bits(&[Field::Email, Field::Company]),
        "phone" | "tail" => bits(&[Field::Phone]),
        "nick" => bits(&[Field::Name, Field::Email, Field::Handle]),
        "name" | "sound" => bits(&[Field::Name]),
        "ph_zip" => bits(&[Field::Name, Field::Zip]),
        "ph_city" => bits(&[Field::Name, Field::City]),
        "zip_number" => bits(&[Field::Zip, Field::Street]),
        "street" => bits(&[Field::Street, Field::Zip, Field::City]),
        "company" => bits(&[Field::Company]),
        "customer" => bits(&[Field::Customer]),
        k if k.starts_with("h:") => bits(&[Field::Handle]),
        _ => 0,
    }
}

/// The keys of a record that find candidates (all but [`COUNT_ONLY`]).
pub fn blocking(p: &Profile) -> Vec<Key> {
    let mut keys = compute(p);
    keys.retain(|(kind, _)| !COUNT_ONLY.contains(&kind.as_str()));
    keys
}
