//! The bulk filler: as many ordinary leads and opportunities as asked, batch-inserted in
//! chunks inside the demo's write transaction (`models::leads::bulk`). Nothing here goes through `leads::create`
//! (a million parses would take minutes): names come with their keys computed once, phones
//! are generated in E.164 with their local spelling, emails are lower-case ASCII already.
//! A test checks that a sample of rows has the keys `create` would have computed.
//!
//! Every row is one **person**: a name drawn with a skew (a few full names are common and
//! repeat across different persons, most are rare), a home address or their company's, a
//! personal mobile and email address unique to them. Colleagues share their company's
//! switchboard number, email domain and address. With a `duplicates` share, that share of
//! persons gets 1–4 more rows of the same person, corrupted as real CRMs collect them
//! ([`super::copies`]); the copies land later in the load, scattered among other rows, and
//! their normalised columns are computed with the domain's own rules, since they are what a
//! user typed. Every row gets an external id `D0000001`…, and the groups of rows of one
//! person are returned so the demo can write the true duplicate pairs.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{Hash, Hasher};

use chrono::Duration;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::DbConn;
use crate::db::schema::{identities, partners};
use crate::domain::error::DomainResult;
use crate::domain::ids::{PartnerId, TagId};
use crate::domain::models::leads::bulk::{self, CHUNK};
use crate::domain::models::leads::{Channel, Kind, NewLead};
use crate::domain::models::partners::PartnerKind;
use crate::domain::models::tags;
use crate::domain::now;
use crate::domain::similarity::normalise;
use crate::with_inner;

use super::cast::Cast;
use super::copies;
use super::people::{Market, NameParts, ascii_words};
use super::planted::RESERVED_NAMES;

const SEED: u64 = 0x1EAD_B00C;
const TAGS: [&str; 5] = ["vip", "follow-up", "trade-fair", "newsletter", "referral"];
const CHANNELS: [Channel; 8] = [
    Channel::Web,
    Channel::Email,
    Channel::Phone,
    Channel::Manual,
    Channel::Telegram,
    Channel::WhatsApp,
    Channel::Import,
    Channel::Avito,
];
/// Market shares of the persons: Italy, Russia, Vietnam, US, UK.
const MARKET_WEIGHTS: [u32; 5] = [30, 25, 20, 15, 10];
/// Share of persons who work at a company, and their mean number per company.
const EMPLOYED: f64 = 0.45;
const COLLEAGUES: usize = 12;
/// Numbers the planted duplicates use: the filler's switchboards must not hit them.
const RESERVED_PHONES: [&str; 3] = ["+390287341190", "+390516428810", "+74957812240"];

/// The external id of the `n`-th lead of the demo (1-based).
pub fn external_id(n: usize) -> String {
    format!("D{n:07}")
}

struct Company {
    name: String,
    domain: String,
    key: Option<String>,
    partner: Option<PartnerId>,
    /// (as typed, E.164)
    switchboard: (String, String),
    street: String,
    city: usize,
    zip: String,
}

/// One market's material.
struct Pool {
    market: Market,
    parts: NameParts,
    companies: Vec<Company>,
}

/// A generated person, kept while copies of them are still to come.
struct Person {
    m: usize,
    given: String,
    family: String,
    middle: Option<String>,
    /// "Family Given Middle" (Russian formal order) or Vietnamese order.
    family_first: bool,
    first_ascii: String,
    last_ascii: String,
    company: Option<usize>,
    /// (as typed, E.164)
    mobile: Option<(String, String)>,
    email: Option<String>,
    handle: String,
    street: String,
    city: usize,
    zip: String,
    product: usize,
    serial: u32,
    /// Index of the person's group in the returned groups.
    group: usize,
    /// What the first row showed: (name, email, phone, mobile, street, city).
    shown: Shown,
}

type Shown = [Option<String>; 6];

/// Which name parts a person got: (market, given, family, middle, female, family first).
type NameChoice = (usize, usize, usize, usize, bool, bool);

/// A row, its tag and its messenger identities (channel, handle, normalised handle).
struct Row {
    lead: NewLead,
    tag: Option<TagId>,
    identities: Vec<(&'static str, String, String)>,
    /// Whether the row is written as a user typed it (a copy): its normalised columns are
    /// still to be computed.
    typed: bool,
}

/// The normalised columns of a row as typed, by the domain's own rules (what
/// `leads::create` would store).
fn key_typed(row: &mut NewLead) {
    let country = row.country.clone().unwrap_or_default();
    row.contact_name_key = row.contact_name.as_deref().and_then(normalise::name_key);
    row.email_norm = row.email.as_deref().and_then(normalise::email_norm);
    row.phone_e164 = row
        .phone
        .as_deref()
        .and_then(|t| normalise::phone_e164(t, &country));
    row.mobile_e164 = row
        .mobile
        .as_deref()
        .and_then(|t| normalise::phone_e164(t, &country));
}

struct Filler<'a> {
    rng: StdRng,
    cast: &'a Cast,
    pools: Vec<Pool>,
    tags: Vec<TagId>,
    reserved: Vec<String>,
    /// Next personal mobile number per market.
    phones: [u64; 5],
    /// Email addresses and handles taken, by their hash, and the person holding each.
    taken: HashMap<u64, u32>,
    /// Name keys and the ASCII given and family names, by (market, given, family, middle,
    /// female, order), computed once each.
    keys: HashMap<NameChoice, [String; 3]>,
    base: chrono::NaiveDateTime,
    share: f64,
    persons: u32,
}

fn weighted(rng: &mut StdRng, weights: &[u32]) -> usize {
    let mut roll = rng.random_range(0..weights.iter().sum::<u32>());
    for (at, w) in weights.iter().enumerate() {
        if roll < *w {
            return at;
        }
        roll -= w;
    }
    0
}

/// An index below `len`, skewed toward the front (`power` > 1: the larger, the steeper).
fn skewed(rng: &mut StdRng, len: usize, power: f64) -> usize {
    let u: f64 = rng.random();
    ((len as f64 * u.powf(power)) as usize).min(len.saturating_sub(1))
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Companies of a market: the named ones first (with their partner, if the story made
/// one), then generated ones, enough for `employed` persons.
fn companies(market: Market, known: &[(PartnerId, String)], employed: usize) -> Vec<Company> {
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
    // Russian brands are made of two stems ("Стройснаб"), Vietnamese ones of a given
    // name ("Xây dựng Minh"), the others of a surname ("Arredi Bertolini").
    let stems: Vec<String> = match market {
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
    };
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

impl<'a> Filler<'a> {
    fn new(conn: &mut DbConn, cast: &'a Cast, count: usize, share: f64) -> DomainResult<Self> {
        let reserved: Vec<String> = RESERVED_NAMES
            .iter()
            .filter_map(|n| normalise::name_key(n))
            .collect();
        let known: Vec<(PartnerId, String)> = partners::table
            .filter(partners::kind.eq(PartnerKind::Company))
            .select((partners::id, partners::name))
            .load(conn)?;
        let mut tag_ids = Vec::new();
        for name in TAGS {
            tag_ids.push(tags::find_or_create(conn, name)?.id);
        }
        let total: u32 = MARKET_WEIGHTS.iter().sum();
        let pools = Market::ALL
            .iter()
            .zip(MARKET_WEIGHTS)
            .map(|(&market, w)| {
                let persons = count * w as usize / total as usize;
                Pool {
                    market,
                    parts: market.name_parts(),
                    companies: companies(market, &known, (persons as f64 * EMPLOYED) as usize),
                }
            })
            .collect();
        Ok(Filler {
            rng: StdRng::seed_from_u64(SEED),
            cast,
            pools,
            tags: tag_ids,
            reserved,
            phones: [0; 5],
            taken: HashMap::new(),
            keys: HashMap::new(),
            base: now(),
            share,
            persons: 0,
        })
    }

    /// Claims an address or handle for `owner`; false when someone else has it.
    fn claim(&mut self, text: &str, owner: u32) -> bool {
        *self.taken.entry(hash(text)).or_insert(owner) == owner
    }

    /// A new person (not yet shown in any row).
    fn person(&mut self, group: usize) -> (Person, String) {
        let rng = &mut self.rng;
        let m = weighted(rng, &MARKET_WEIGHTS);
        let pool = &self.pools[m];
        let market = pool.market;
        let parts = &pool.parts;
        let (given, family, middle, family_first, names) = loop {
            let female = !parts.given_female.is_empty() && rng.random_bool(0.5);
            let givens = if female {
                parts.given_female
            } else {
                parts.given
            };
            let g = skewed(rng, givens.len(), 1.6);
            let f = skewed(rng, parts.family.len(), 2.2);
            let (mi, family_first) = match market {
                Market::Vietnam => (skewed(rng, parts.middle.len(), 1.5), true),
                Market::Russia if rng.random_bool(0.25) => {
                    (rng.random_range(0..parts.middle.len()), true)
                }
                _ => (usize::MAX, false),
            };
            let family = if female {
                format!("{}а", parts.family[f])
            } else {
                parts.family[f].clone()
            };
            let middle = (mi != usize::MAX).then(|| {
                if female {
                    parts.middle_female[mi].to_string()
                } else {
                    parts.middle[mi].to_string()
                }
            });
            let given = givens[g].to_string();
            let written = written(market, &given, &family, middle.as_deref(), family_first);
            let names = self
                .keys
                .entry((m, g, f, mi, female, family_first))
                .or_insert_with(|| {
                    [
                        normalise::name_key(&written).unwrap_or_default(),
                        ascii_words(&given).join(""),
                        ascii_words(&family).join(""),
                    ]
                });
            if !self.reserved.contains(&names[0]) {
                break (given, family, middle, family_first, names.clone());
            }
        };
        let [key, first_ascii, last_ascii] = names;
        let serial = self.persons;
        self.persons += 1;
        let rng = &mut self.rng;
        let company = rng.random_bool(EMPLOYED).then(|| {
            let companies = &self.pools[m].companies;
            skewed(rng, companies.len(), 2.0)
        });
        let mobile = rng.random_bool(0.85).then(|| {
            self.phones[m] += 1;
            market.phone(self.phones[m])
        });
        let streets = market.streets();
        let city = rng.random_range(0..market.cities().len());
        let street = market.address(
            streets[rng.random_range(0..streets.len())],
            rng.random_range(1..200),
        );
        let zip = market.postcode(city, rng.random());
        let product = rng.random_range(0..market.products().len());
        let domain = match company {
            Some(c) if rng.random_bool(0.9) => self.pools[m].companies[c].domain.clone(),
            _ => pick(rng, market.free_mail()).to_string(),
        };
        let local = match rng.random_range(0..10) {
            0..=4 => format!("{first_ascii}.{last_ascii}"),
            5 | 6 => format!("{}{last_ascii}", &first_ascii[..1.min(first_ascii.len())]),
            7 => format!("{first_ascii}{last_ascii}"),
            8 => format!("{first_ascii}_{last_ascii}"),
            _ => format!("{last_ascii}.{first_ascii}"),
        };
        let email = self.unique(&format!("{local}@{domain}"), serial);
        let handle = self
            .unique(&format!("tg:{first_ascii}_{last_ascii}"), serial)
            .trim_start_matches("tg:")
            .to_string();
        let person = Person {
            m,
            given,
            family,
            middle,
            family_first,
            first_ascii,
            last_ascii,
            company,
            mobile,
            email: Some(email),
            handle,
            street,
            city,
            zip,
            product,
            serial,
            group,
            shown: Default::default(),
        };
        (person, key)
    }

    /// `wanted` (an address `local@domain` or a handle) or, when someone else holds it, the
    /// same with a number appended to the local part.
    fn unique(&mut self, wanted: &str, owner: u32) -> String {
        if self.claim(wanted, owner) {
            return wanted.to_string();
        }
        let (local, domain) = wanted.split_once('@').unwrap_or((wanted, ""));
        let at = if domain.is_empty() { "" } else { "@" };
        let mut n = 1 + owner % 97;
        loop {
            let candidate = format!("{local}{n}{at}{domain}");
            if self.claim(&candidate, owner) {
                return candidate;
            }
            n += 97;
        }
    }

    /// The columns every row has whoever it is about: kind, stage, owner, dates, tag.
    fn deal(&mut self, m: usize, kind: Kind) -> (NewLead, Option<TagId>) {
        let rng = &mut self.rng;
        let cast = self.cast;
        let stage = weighted(rng, &[35, 25, 20, 10, 10]);
        let (stage_id, stage_probability) = cast.stages[stage];
        let state = weighted(rng, &[90, 8, 2]);
        let lost = state == 1;
        let won = cast.stages[stage].0 == cast.won;
        let created = self.base
            - Duration::days(rng.random_range(1..730))
            - Duration::seconds(rng.random_range(0..86_400));
        let closed = (lost || won).then(|| created + Duration::days(rng.random_range(1..90)));
        let owner = if rng.random_bool(0.12) {
            None
        } else if rng.random_bool(0.8) {
            Some(cast.salespeople[m.min(3)])
        } else {
            Some(*pick(rng, &cast.salespeople))
        };
        let tag = rng.random_bool(0.1).then(|| *pick(rng, &self.tags));
        let row = NewLead {
            kind,
            title: String::new(),
            contact_name: None,
            contact_name_key: None,
            company_name: None,
            company_name_key: None,
            email: None,
            email_norm: None,
            phone: None,
            phone_e164: None,
            mobile: None,
            mobile_e164: None,
            street: None,
            street2: None,
            city: None,
            zip: None,
            state: None,
            country: Some(Market::ALL[m].country().to_string()),
            website: None,
            description: None,
            expected_revenue: rng.random_range(5..2_000) * 10_000,
            probability: if lost {
                0
            } else if won {
                100
            } else {
                stage_probability
            },
            priority: weighted(rng, &[50, 30, 15, 5]) as i32,
            stage_id: Some(stage_id),
            salesperson_id: owner.map(|(u, _)| u),
            team_id: owner.map(|(_, t)| t),
            partner_id: None,
            active: state == 0,
            lost_reason_id: lost.then(|| pick(rng, &cast.reasons).1),
            source_channel: *pick(rng, &CHANNELS),
            external_id: None,
            merged_into_id: None,
            created_by: owner.map(|(u, _)| u),
            created_at: created,
            updated_at: closed.unwrap_or(created),
            converted_at: None,
            closed_at: closed,
        };
        (row, tag)
    }

    /// The person's first row, as they were entered the first time.
    fn original(&mut self, p: &mut Person, key: String) -> Row {
        let market = Market::ALL[p.m];
        let kind = if self.rng.random_bool(0.6) {
            Kind::Opportunity
        } else {
            Kind::Lead
        };
        let (mut row, tag) = self.deal(p.m, kind);
        let rng = &mut self.rng;
        let name = written(
            market,
            &p.given,
            &p.family,
            p.middle.as_deref(),
            p.family_first,
        );
        let company = p.company.map(|c| &self.pools[p.m].companies[c]);
        let (phone, mobile) = match (company, &p.mobile) {
            (Some(c), mobile) if rng.random_bool(0.7) => (
                Some(c.switchboard.clone()),
                mobile.clone().filter(|_| rng.random_bool(0.5)),
            ),
            (_, Some(mobile)) if rng.random_bool(0.9) => (Some(mobile.clone()), None),
            _ => (None, None),
        };
        let (street, city, zip) = match company {
            Some(c) => (c.street.clone(), c.city, c.zip.clone()),
            None => (p.street.clone(), p.city, p.zip.clone()),
        };
        row.title = format!(
            "{}: {}",
            company.map_or(name.as_str(), |c| c.name.as_str()),
            market.products()[p.product]
        );
        row.contact_name = Some(name);
        row.contact_name_key = Some(key);
        row.company_name = company.map(|c| c.name.clone());
        row.company_name_key = company.and_then(|c| c.key.clone());
        row.website = company.map(|c| format!("https://www.{}", c.domain));
        row.partner_id = company
            .filter(|_| kind == Kind::Opportunity)
            .and_then(|c| c.partner);
        row.email = p.email.clone().filter(|_| rng.random_bool(0.85));
        row.email_norm = row.email.clone();
        (row.phone, row.phone_e164) = phone.unzip();
        (row.mobile, row.mobile_e164) = mobile.unzip();
        row.street = rng.random_bool(0.85).then_some(street);
        row.city = rng
            .random_bool(0.95)
            .then(|| market.cities()[city].to_string());
        row.zip = rng.random_bool(0.85).then_some(zip);
        let mut identities = Vec::new();
        match rng.random_range(0..25) {
            0 => identities.push((
                "telegram",
                format!("@{}", p.handle),
                p.handle.to_lowercase(),
            )),
            1 => {
                if let Some((_, e164)) = &p.mobile {
                    identities.push(("whatsapp", e164.clone(), e164.clone()));
                }
            }
            _ => {}
        }
        p.shown = shown(&row);
        Row {
            lead: row,
            tag,
            identities,
            typed: false,
        }
    }

    /// Another row of the same person, corrupted: some fields dropped, the rest written
    /// differently. Never identical to the first row.
    fn copy(&mut self, p: &Person) -> Row {
        let market = Market::ALL[p.m];
        let kind = if self.rng.random_bool(0.8) {
            Kind::Lead
        } else {
            Kind::Opportunity
        };
        let (mut row, tag) = self.deal(p.m, kind);
        let rng = &mut self.rng;
        let letters = market.letters();
        let written = written(
            market,
            &p.given,
            &p.family,
            p.middle.as_deref(),
            p.family_first,
        );
        let name = match rng.random_range(0..20) {
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
        };
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
        let email = email.filter(|e| self.claim(e, p.serial));
        let rng = &mut self.rng;
        let company = p
            .company
            .filter(|_| rng.random_bool(0.6))
            .map(|c| &self.pools[p.m].companies[c]);
        let switchboard = p.company.map(|c| &self.pools[p.m].companies[c].switchboard);
        let mut identities = Vec::new();
        let (phone, mobile) = match rng.random_range(0..10) {
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
        };
        let (street, city, zip) = match p.company {
            Some(c) => {
                let c = &self.pools[p.m].companies[c];
                (c.street.as_str(), c.city, c.zip.as_str())
            }
            None => (p.street.as_str(), p.city, p.zip.as_str()),
        };
        let with_address = rng.random_bool(0.8);
        row.street = match rng.random_range(0..10) {
            0..=3 => Some(street.to_string()),
            4..=6 => Some(copies::abbreviated(market, street)),
            _ => None,
        }
        .filter(|_| with_address);
        let city_name = market.cities()[city];
        row.city = match rng.random_range(0..10) {
            0..=6 => Some(city_name.to_string()),
            7 => Some(copies::typo_in_words(rng, city_name, letters)),
            _ => None,
        }
        .filter(|_| with_address);
        row.zip = with_address.then(|| zip.to_string());
        row.title = format!(
            "{}: {}",
            company.map_or(name.as_deref().unwrap_or("?"), |c| c.name.as_str()),
            market.products()[p.product]
        );
        row.contact_name = name;
        row.company_name = company.map(|c| c.name.clone());
        row.company_name_key = company.and_then(|c| c.key.clone());
        row.website = company
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
}

/// A name as written: "Given Family", Russian formal "Family Given Patronymic", or
/// Vietnamese "Family Middle Given".
fn written(market: Market, given: &str, family: &str, middle: Option<&str>, first: bool) -> String {
    match (middle, first) {
        (Some(m), true) if market == Market::Russia => format!("{family} {given} {m}"),
        (Some(m), _) => format!("{family} {m} {given}"),
        (None, true) => format!("{family} {given}"),
        (None, false) => format!("{given} {family}"),
    }
}

fn shown(row: &NewLead) -> Shown {
    [
        row.contact_name.clone(),
        row.email.clone(),
        row.phone.clone(),
        row.mobile.clone(),
        row.street.clone(),
        row.city.clone(),
    ]
}

/// How many more rows a person with copies gets: 1 (most often) to 4.
fn copies_wanted(rng: &mut StdRng) -> usize {
    1 + weighted(rng, &[50, 25, 15, 10])
}

/// Inserts `count` filler rows, the first with external id number `first`. A `share` of
/// the persons (0 for none) gets copies. Returns the external id numbers of every person's
/// rows, for each person with copies.
pub fn fill(
    conn: &mut DbConn,
    cast: &Cast,
    count: usize,
    share: f64,
    first: usize,
) -> DomainResult<Vec<Vec<usize>>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let dropped = bulk::start_large_load(conn, &[])?;
    let mut filler = Filler::new(conn, cast, count, share)?;
    // Copies come later, anywhere up to a quarter of the load further on.
    let window = (count / 4).max(2);
    let mut due: BinaryHeap<Reverse<(usize, usize, usize)>> = BinaryHeap::new();
    let mut waiting: HashMap<usize, (Person, usize)> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut rows = Vec::with_capacity(CHUNK);
    let mut seq = 0;
    for at in 0..count {
        let ready = due.peek().is_some_and(|Reverse((when, _, _))| *when <= at);
        let row = if ready || at + due.len() >= count {
            let Some(Reverse((_, _, who))) = due.pop() else {
                break;
            };
            let Some((person, left)) = waiting.get_mut(&who) else {
                break;
            };
            *left -= 1;
            let row = filler.copy(person);
            groups[person.group].push(first + at);
            if *left == 0 {
                waiting.remove(&who);
            }
            row
        } else {
            let wants = filler.rng.random_bool(filler.share);
            let (mut person, key) = filler.person(groups.len());
            let row = filler.original(&mut person, key);
            let room = count - at - 1 - due.len();
            let extra = if wants {
                copies_wanted(&mut filler.rng).min(room)
            } else {
                0
            };
            if extra > 0 {
                groups.push(vec![first + at]);
                for _ in 0..extra {
                    let when = at + filler.rng.random_range(1..=window);
                    due.push(Reverse((when, seq, person.group)));
                    seq += 1;
                }
                waiting.insert(person.group, (person, extra));
            }
            row
        };
        let mut row = row;
        row.lead.external_id = Some(external_id(first + at));
        rows.push(row);
        if rows.len() == CHUNK {
            write(conn, &mut rows)?;
        }
    }
    write(conn, &mut rows)?;
    bulk::finish_large_load(conn, dropped)?;
    Ok(groups)
}

/// Inserts the rows and their identities, and empties `rows`.
fn write(conn: &mut DbConn, rows: &mut Vec<Row>) -> DomainResult<()> {
    let mut leads = Vec::with_capacity(rows.len());
    let mut tagged = Vec::with_capacity(rows.len());
    let mut handles = Vec::new();
    // Parsing phone numbers is the slow part: share it among the cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let part = rows.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in rows.chunks_mut(part) {
            scope.spawn(move || {
                for row in part.iter_mut().filter(|r| r.typed) {
                    key_typed(&mut row.lead);
                }
            });
        }
    });
    for (at, row) in rows.drain(..).enumerate() {
        leads.push(row.lead);
        tagged.push(row.tag.into_iter().collect::<Vec<TagId>>());
        handles.extend(row.identities.into_iter().map(|h| (at, h)));
    }
    let ids = bulk::insert(conn, &leads, &tagged)?;
    let created = now();
    let links: Vec<_> = handles
        .into_iter()
        .map(|(at, (channel, handle, norm))| {
            (
                identities::lead_id.eq(Some(ids[at])),
                identities::channel.eq(channel),
                identities::handle.eq(handle),
                identities::handle_norm.eq(norm),
                identities::created_at.eq(created),
            )
        })
        .collect();
    if !links.is_empty() {
        with_inner!(conn, |c| diesel::insert_into(identities::table)
            .values(&links)
            .execute(c))?;
    }
    Ok(())
}
