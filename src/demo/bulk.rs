//! The bulk filler: as many ordinary leads and opportunities as asked, batch-inserted in
//! chunks inside the demo's write transaction (`models::leads::bulk`). Nothing here goes through `leads::create`
//! (a million parses would take minutes): names come with their keys computed once, phones
//! are generated in E.164 with their local spelling, emails are lower-case ASCII already.
//! A test checks that a sample of rows has the keys `create` would have computed.

use chrono::Duration;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::DbConn;
use crate::db::schema::partners;
use crate::domain::error::DomainResult;
use crate::domain::models::leads::bulk::{self, CHUNK};
use crate::domain::models::leads::{Channel, Kind, NewLead};
use crate::domain::models::partners::PartnerKind;
use crate::domain::models::tags;
use crate::domain::now;
use crate::domain::similarity::normalise;

use super::cast::Cast;
use super::people::{self, Market, Person};
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

struct Company {
    name: &'static str,
    domain: &'static str,
    key: Option<String>,
    partner: Option<i32>,
}

/// Everything a row is drawn from.
struct Pools {
    people: Vec<Vec<Person>>,
    companies: Vec<Vec<Company>>,
    tags: Vec<i32>,
    phones: [u64; 5],
}

fn pools(conn: &mut DbConn) -> DomainResult<Pools> {
    let reserved: Vec<String> = RESERVED_NAMES
        .iter()
        .filter_map(|n| normalise::name_key(n))
        .collect();
    let everyone = people::people(&reserved);
    let known: Vec<(i32, String)> = partners::table
        .filter(partners::kind.eq(PartnerKind::Company.as_str()))
        .select((partners::id, partners::name))
        .load(conn)?;
    let mut tag_ids = Vec::new();
    for name in TAGS {
        tag_ids.push(tags::find_or_create(conn, name)?.id);
    }
    Ok(Pools {
        people: Market::ALL
            .iter()
            .map(|m| {
                everyone
                    .iter()
                    .filter(|p| p.market == *m)
                    .cloned()
                    .collect()
            })
            .collect(),
        companies: Market::ALL
            .iter()
            .map(|m| {
                m.companies()
                    .iter()
                    .map(|(name, domain)| Company {
                        name,
                        domain,
                        key: normalise::company_key(name),
                        partner: known.iter().find(|(_, n)| n == name).map(|(id, _)| *id),
                    })
                    .collect()
            })
            .collect(),
        tags: tag_ids,
        phones: [0; 5],
    })
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

/// Inserts `count` filler rows.
pub fn fill(conn: &mut DbConn, cast: &Cast, count: usize) -> DomainResult<()> {
    if count == 0 {
        return Ok(());
    }
    let dropped = bulk::start_large_load(conn, &[])?;
    let mut pools = pools(conn)?;
    let mut rng = StdRng::seed_from_u64(SEED);
    let base = now();
    let mut rows = Vec::with_capacity(CHUNK);
    let mut tagged = Vec::with_capacity(CHUNK);
    for i in 0..count {
        let (row, tag) = row(&mut rng, &mut pools, cast, base, i);
        rows.push(row);
        tagged.push(tag.into_iter().collect());
        if rows.len() == CHUNK {
            bulk::insert(conn, &rows, &tagged)?;
            rows.clear();
            tagged.clear();
        }
    }
    bulk::insert(conn, &rows, &tagged)?;
    bulk::finish_large_load(conn, dropped)
}

/// One filler row (and the tag it carries, if any).
fn row(
    rng: &mut StdRng,
    pools: &mut Pools,
    cast: &Cast,
    base: chrono::NaiveDateTime,
    i: usize,
) -> (NewLead, Option<i32>) {
    let m = weighted(rng, &[30, 25, 20, 15, 10]);
    let market = Market::ALL[m];
    let person = &pools.people[m][rng.random_range(0..pools.people[m].len())];
    let company = rng
        .random_bool(0.45)
        .then(|| &pools.companies[m][rng.random_range(0..pools.companies[m].len())]);
    let products = market.products();
    let product = products[rng.random_range(0..products.len())];
    let title = match company {
        Some(c) => format!("{}: {product}", c.name),
        None => format!("{}: {product}", person.name),
    };
    let email = rng.random_bool(0.85).then(|| {
        let domain = match company {
            Some(c) => c.domain,
            None => market.free_mail()[rng.random_range(0..market.free_mail().len())],
        };
        format!("{}.{i}@{domain}", person.slug)
    });
    let phone = rng.random_bool(0.75).then(|| {
        pools.phones[m] += 1;
        market.phone(pools.phones[m])
    });
    let (phone, phone_e164) = phone.unzip();
    let kind = if rng.random_bool(0.6) {
        Kind::Opportunity
    } else {
        Kind::Lead
    };
    let stage = weighted(rng, &[35, 25, 20, 10, 10]);
    let (stage_id, stage_probability) = cast.stages[stage];
    let state = weighted(rng, &[90, 8, 2]);
    let lost = state == 1;
    let won = cast.stages[stage].0 == cast.won;
    let created = base
        - Duration::days(rng.random_range(1..730))
        - Duration::seconds(rng.random_range(0..86_400));
    let closed = (lost || won).then(|| created + Duration::days(rng.random_range(1..90)));
    let owner = if rng.random_bool(0.12) {
        None
    } else if rng.random_bool(0.8) {
        Some(cast.salespeople[m.min(3)])
    } else {
        Some(cast.salespeople[rng.random_range(0..cast.salespeople.len())])
    };
    let tag = rng
        .random_bool(0.1)
        .then(|| pools.tags[rng.random_range(0..pools.tags.len())]);
    let row = NewLead {
        kind: kind.as_str().into(),
        title,
        contact_name: Some(person.name.clone()),
        contact_name_key: Some(person.key.clone()),
        company_name: company.map(|c| c.name.to_string()),
        company_name_key: company.and_then(|c| c.key.clone()),
        email_norm: email.clone(),
        email,
        phone,
        phone_e164,
        mobile: None,
        mobile_e164: None,
        street: None,
        street2: None,
        city: Some(market.cities()[rng.random_range(0..market.cities().len())].to_string()),
        zip: None,
        state: None,
        country: Some(market.country().to_string()),
        website: company.map(|c| format!("https://www.{}", c.domain)),
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
        stage_id: Some(stage_id.0),
        salesperson_id: owner.map(|(u, _)| u.0),
        team_id: owner.map(|(_, t)| t.0),
        partner_id: company
            .filter(|_| kind == Kind::Opportunity)
            .and_then(|c| c.partner),
        active: state == 0,
        lost_reason_id: lost.then(|| cast.reasons[rng.random_range(0..cast.reasons.len())].1.0),
        source_channel: CHANNELS[rng.random_range(0..CHANNELS.len())]
            .as_str()
            .into(),
        external_id: None,
        merged_into_id: None,
        created_by: owner.map(|(u, _)| u.0),
        created_at: created,
        updated_at: closed.unwrap_or(created),
        converted_at: None,
        closed_at: closed,
    };
    (row, tag)
}
