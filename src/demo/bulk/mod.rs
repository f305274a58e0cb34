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
//!
//! Here: the filler's state and the fill loop; in submodules the companies, a new person,
//! a person's first row, its corrupted copies, and the writing of a chunk.

mod companies;
mod copy;
mod person;
mod rows;
mod write;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{Hash, Hasher};

use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::DbConn;
use crate::db::schema::partners;
use crate::domain::error::DomainResult;
use crate::domain::ids::{PartnerId, TagId};
use crate::domain::listing::totals;
use crate::domain::models::leads::bulk::{self, CHUNK};
use crate::domain::models::leads::{Channel, NewLead};
use crate::domain::models::partners::PartnerKind;
use crate::domain::models::tags;
use crate::domain::now;
use crate::domain::similarity::normalise;

use super::cast::Cast;
use super::people::{Market, NameParts};
use super::planted::RESERVED_NAMES;
use companies::companies;
use write::write;

const SEED: u64 = 0x1EAD_B00C;
/// The filler's tags, keys under `defaults.tag`.
const TAGS: [&str; 5] = ["vip", "follow_up", "trade_fair", "newsletter", "referral"];
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
/// Share of persons who work at a company.
const EMPLOYED: f64 = 0.45;

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
        for key in TAGS {
            let name = cast.name(&format!("tag.{key}"));
            tag_ids.push(tags::find_or_create(conn, &name)?.id);
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
    let dropped = bulk::start_exclusive_load(conn)?;
    totals::pause(conn)?;
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
        row.lead.details.external_id = Some(external_id(first + at));
        rows.push(row);
        if rows.len() == CHUNK {
            write(conn, &mut rows)?;
        }
    }
    write(conn, &mut rows)?;
    bulk::finish_large_load(conn, dropped)?;
    totals::resume(conn)?;
    Ok(groups)
}
