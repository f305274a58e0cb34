//! Another row of a person, corrupted as real CRMs collect them: fields dropped, the rest
//! written differently (typos, word order, transliteration, other phone formats).

use rand::Rng;
use rand::rngs::StdRng;

use super::rows::{shown, written};
use super::{Filler, Person, Row, pick};
use crate::demo::copies;
use crate::demo::people::Market;
use crate::domain::models::leads::{Channel, Kind, NewLead};

impl Filler<'_> {
    /// Another row of the same person, corrupted: some fields dropped, the rest written
    /// differently. Never identical to the first row.
    pub(super) fn copy(&mut self, p: &Person) -> Row {
        let market = Market::ALL[p.m];
        let kind = if self.rng.random_bool(0.8) {
            Kind::Lead
        } else {
            Kind::Opportunity
        };
        let (mut row, tag) = self.deal(p.m, kind);
        let letters = market.letters();
        let name = copied_name(&mut self.rng, market, p);
        let email = self.copied_email(market, p);
        let rng = &mut self.rng;
        let company = p
            .company
            .filter(|_| rng.random_bool(0.6))
            .map(|c| &self.pools[p.m].companies[c]);
        let switchboard = p.company.map(|c| &self.pools[p.m].companies[c].switchboard);
        let mut identities = Vec::new();
        let (phone, mobile) = copied_phones(rng, market, p, switchboard, &mut identities, &mut row);
        let (street, city, zip) = match p.company {
            Some(c) => {
                let c = &self.pools[p.m].companies[c];
                (c.street.as_str(), c.city, c.zip.as_str())
            }
            None => (p.street.as_str(), p.city, p.zip.as_str()),
        };
        let with_address = rng.random_bool(0.8);
        row.address.street = match rng.random_range(0..10) {
            0..=3 => Some(street.to_string()),
            4..=6 => Some(copies::abbreviated(market, street)),
            _ => None,
        }
        .filter(|_| with_address);
        let city_name = market.cities()[city];
        row.address.city = match rng.random_range(0..10) {
            0..=6 => Some(city_name.to_string()),
            7 => Some(copies::typo_in_words(rng, city_name, letters)),
            _ => None,
        }
        .filter(|_| with_address);
        row.address.zip = with_address.then(|| zip.to_string());
        row.title = format!(
            "{}: {}",
            company.map_or(name.as_deref().unwrap_or("?"), |c| c.name.as_str()),
            market.products()[p.product]
        );
        row.contact_name = name;
        row.company_name = company.map(|c| c.name.clone());
        row.company_name_key = company.and_then(|c| c.key.clone());
        row.details.website = company
            .filter(|_| rng.random_bool(0.5))
            .map(|c| format!("https://www.{}", c.domain));
        row.email = email;
        row.phone = phone;
        row.mobile = mobile;
        if shown(&row) == p.shown {
            let name = row.contact_name.as_deref().unwrap_or(&p.family);
            row.contact_name = Some(copies::typo_in_words(&mut self.rng, name, letters));
        }
        // Its keys are computed by `write`, on every core.
        Row {
            lead: row,
            tag,
            identities,
            typed: true,
        }
    }

    /// The copy's email: the person's own, another address of theirs, or none; never an
    /// address someone else holds.
    fn copied_email(&mut self, market: Market, p: &Person) -> Option<String> {
        let rng = &mut self.rng;
        let email = match rng.random_range(0..10) {
            0..=2 => p.email.clone(),
            3..=6 => {
                let local = copies::email_local(rng, &p.first_ascii, &p.last_ascii);
                let domain = match p.company {
                    Some(c) if rng.random_bool(0.5) => self.pools[p.m].companies[c].domain.clone(),
                    _ => pick(rng, market.free_mail()).to_string(),
                };
                Some(format!("{local}@{domain}"))
            }
            _ => None,
        };
        email.filter(|e| self.claim(e, p.serial))
    }
}

/// The copy's name: as first written, with a typo, in the other word order, upper-case,
/// initialled, in Latin letters or without diacritics, or none.
fn copied_name(rng: &mut StdRng, market: Market, p: &Person) -> Option<String> {
    let letters = market.letters();
    let written = written(
        market,
        &p.given,
        &p.family,
        p.middle.as_deref(),
        p.family_first,
    );
    match rng.random_range(0..20) {
        0..=4 => Some(written),
        5..=8 => Some(copies::typo_in_words(rng, &written, letters)),
        // Word order swapped (a Vietnamese or Russian name in Western order).
        9 | 10 => Some(if p.family_first {
            format!("{} {}", p.given, p.family)
        } else {
            format!("{} {}", p.family, p.given)
        }),
        11 => Some(written.to_uppercase()),
        12 | 13 => {
            let initial: String = p.given.chars().take(1).collect();
            Some(match market {
                Market::Vietnam => {
                    let f: String = p.family.chars().take(1).collect();
                    format!("{f}. {}", p.given)
                }
                _ => format!("{initial}. {}", p.family),
            })
        }
        14..=16 => Some(match market {
            Market::Russia => copies::latin(rng, &written),
            Market::Vietnam => deunicode::deunicode(&written),
            _ => written.to_lowercase(),
        }),
        _ => None,
    }
}

/// The copy's phone and mobile: the mobile or the switchboard in another format, or a
/// messenger identity (pushed to `identities`, with `row`'s channel) instead of a phone.
fn copied_phones(
    rng: &mut StdRng,
    market: Market,
    p: &Person,
    switchboard: Option<&(String, String)>,
    identities: &mut Vec<(&'static str, String, String)>,
    row: &mut NewLead,
) -> (Option<String>, Option<String>) {
    match rng.random_range(0..10) {
        // The mobile typed into the phone column, in some format.
        0..=3 => (
            p.mobile
                .as_ref()
                .map(|m| copies::phone_variant(rng, market, &m.1)),
            None,
        ),
        // The switchboard as the phone, the mobile kept as the mobile.
        4 | 5 => (
            switchboard.map(|s| copies::phone_variant(rng, market, &s.1)),
            p.mobile.as_ref().map(|m| m.0.clone()),
        ),
        // A messenger instead of a phone.
        6 => {
            if rng.random_bool(0.5) {
                identities.push((
                    "telegram",
                    format!("@{}", p.handle),
                    p.handle.to_lowercase(),
                ));
                row.source_channel = Channel::Telegram;
            } else if let Some((_, e164)) = &p.mobile {
                let typed = format!(
                    "+{} {}",
                    market.calling_code(),
                    &e164[1 + market.calling_code().len()..]
                );
                identities.push(("whatsapp", typed, e164.clone()));
                row.source_channel = Channel::WhatsApp;
            }
            (None, None)
        }
        _ => (None, None),
    }
}
