//! The filler's companies of a market: the named ones, then generated ones, each with its
//! switchboard number, address and (if the story made one) partner.

use super::Company;
use crate::demo::people::{Market, NameParts, ascii_words};
use crate::domain::ids::PartnerId;
use crate::domain::similarity::normalise;

/// Mean number of employed persons per company.
const COLLEAGUES: usize = 12;
/// Numbers the planted duplicates use: the filler's switchboards must not hit them.
const RESERVED_PHONES: [&str; 3] = ["+390287341190", "+390516428810", "+74957812240"];

/// Companies of a market: the named ones first (with their partner, if the story made
/// one), then generated ones, enough for `employed` persons.
pub(super) fn companies(
    market: Market,
    known: &[(PartnerId, String)],
    employed: usize,
) -> Vec<Company> {
    let parts = market.name_parts();
    let (industries, forms, tld) = market.company_words();
    let wanted = (employed / COLLEAGUES).max(market.companies().len());
    let cities = market.cities();
    let streets = market.streets();
    let mut lines = 0u64;
    let mut switchboard = || loop {
        let number = market.landline(lines);
        lines += 1;
        if !RESERVED_PHONES.contains(&number.1.as_str()) {
            return number;
        }
    };
    let stems = stems(market, &parts);
    let mut out = Vec::with_capacity(wanted);
    for k in 0..wanted {
        let (name, domain) = match market.companies().get(k) {
            Some((name, domain)) => (name.to_string(), domain.to_string()),
            None => {
                let k = k - market.companies().len();
                let stem = &stems[k % stems.len()];
                let industry = industries[(k / stems.len()) % industries.len()];
                let round = k / (stems.len() * industries.len());
                let form = forms[k % forms.len()];
                let city = (round > 0).then(|| cities[(round - 1) % cities.len()]);
                let serial = round / cities.len().max(1);
                let words = match market {
                    Market::Russia => format!("{industry}{stem}"),
                    _ => format!("{industry} {stem}"),
                };
                let mut brand = match city {
                    Some(city) => format!("{words} {city}"),
                    None => words,
                };
                if serial > 0 {
                    brand = format!("{brand} {}", serial + 1);
                }
                let name = match market {
                    Market::Russia => format!("{form} «{brand}»"),
                    Market::Vietnam => format!("{form} {brand}"),
                    _ => format!("{brand} {form}"),
                };
                let domain = format!("{}.{tld}", ascii_words(&brand).join(""));
                (name, domain)
            }
        };
        let city = k % cities.len();
        out.push(Company {
            key: normalise::company_key(&name),
            partner: known.iter().find(|(_, n)| *n == name).map(|(id, _)| *id),
            switchboard: switchboard(),
            street: market.address(streets[k % streets.len()], 1 + (k as u32 * 37) % 150),
            zip: market.postcode(city, k as u32 * 7_919),
            city,
            name,
            domain,
        });
    }
    out
}

/// Russian brands are made of two stems ("Стройснаб"), Vietnamese ones of a given
/// name ("Xây dựng Minh"), the others of a surname ("Arredi Bertolini").
fn stems(market: Market, parts: &NameParts) -> Vec<String> {
    match market {
        Market::Russia => [
            "сервис",
            "пром",
            "снаб",
            "торг",
            "маш",
            "комплект",
            "лайн",
            "групп",
            "монтаж",
            "систем",
        ]
        .iter()
        .map(std::string::ToString::to_string)
        .collect(),
        Market::Vietnam => parts
            .given
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        _ => parts.family.clone(),
    }
}
