//! A person's first row, as they were entered the first time, and the columns every row
//! has whoever it is about (kind, stage, owner, dates, tag).

use chrono::Duration;
use rand::Rng;

use super::{CHANNELS, Filler, Person, Row, Shown, pick, weighted};
use crate::demo::people::Market;
use crate::domain::ids::TagId;
use crate::domain::models::leads::{Address, Details, Kind, NewLead};

impl Filler<'_> {
    /// The columns every row has whoever it is about: kind, stage, owner, dates, tag.
    pub(super) fn deal(&mut self, m: usize, kind: Kind) -> (NewLead, Option<TagId>) {
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
            address: Address {
                country: Some(Market::ALL[m].country().to_string()),
                ..Address::default()
            },
            details: Details::default(),
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
    pub(super) fn original(&mut self, p: &mut Person, key: String) -> Row {
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
        row.details.website = company.map(|c| format!("https://www.{}", c.domain));
        row.partner_id = company
            .filter(|_| kind == Kind::Opportunity)
            .and_then(|c| c.partner);
        row.email = p.email.clone().filter(|_| rng.random_bool(0.85));
        row.email_norm = row.email.clone();
        (row.phone, row.phone_e164) = phone.unzip();
        (row.mobile, row.mobile_e164) = mobile.unzip();
        row.address.street = rng.random_bool(0.85).then_some(street);
        row.address.city = rng
            .random_bool(0.95)
            .then(|| market.cities()[city].to_string());
        row.address.zip = rng.random_bool(0.85).then_some(zip);
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
}

/// A name as written: "Given Family", Russian formal "Family Given Patronymic", or
/// Vietnamese "Family Middle Given".
pub(super) fn written(
    market: Market,
    given: &str,
    family: &str,
    middle: Option<&str>,
    first: bool,
) -> String {
    match (middle, first) {
        (Some(m), true) if market == Market::Russia => format!("{family} {given} {m}"),
        (Some(m), _) => format!("{family} {m} {given}"),
        (None, true) => format!("{family} {given}"),
        (None, false) => format!("{given} {family}"),
    }
}

pub(super) fn shown(row: &NewLead) -> Shown {
    [
        row.contact_name.clone(),
        row.email.clone(),
        row.phone.clone(),
        row.mobile.clone(),
        row.address.street.clone(),
        row.address.city.clone(),
    ]
}
