//! Company/contact conflicts (Bitrix24's "same data on company and contact"): a company and
//! a person carrying the same phone or email break call and mail routing, since nobody can
//! tell which record a message belongs to. A person who is that company's own contact and
//! carries the company's switchboard number is fine; such pairs are listed apart.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{match_keys, partners};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{PartnerId, UserId};
use crate::domain::similarity::profile::Rec;
use crate::domain::similarity::score::pretty_phone;
use crate::domain::similarity::summary::{self, Summary};
use crate::domain::similarity::{keys, thresholds::MAX_KEY_HITS};

/// A company and a person sharing a phone number or an email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub company: Summary,
    pub person: Summary,
    /// "phone" or "email".
    pub what: &'static str,
    /// The shared value, as shown.
    pub value: String,
    /// The shared value as matched (E.164 or the normalised address).
    pub key: String,
    /// The person is the company's own contact and the value is the company's switchboard
    /// (its phone): not a conflict, shown apart.
    pub switchboard: bool,
    /// Whether the actor may open both records.
    pub visible: bool,
}

/// Every company/person pair sharing a phone or an email, conflicts first. Keys held by
/// more than [`MAX_KEY_HITS`] records are skipped as over-common. Managers and admins only.
pub fn company_contact_conflicts(conn: &mut DbConn, actor: &Actor) -> DomainResult<Vec<Conflict>> {
    actor.require_manager()?;
    let companies: Vec<(i32, Option<String>)> = partners::table
        .filter(partners::kind.eq("company"))
        .select((partners::id, partners::phone_e164))
        .load(conn)?;
    let mut found: Vec<Found> = Vec::new();
    for chunk in companies.chunks(900) {
        let ids: Vec<i32> = chunk.iter().map(|c| c.0).collect();
        let rows: Vec<(Option<i32>, String, String)> = match_keys::table
            .filter(match_keys::partner_id.eq_any(&ids))
            .filter(match_keys::kind.eq_any(["phone", "email"]))
            .select((match_keys::partner_id, match_keys::kind, match_keys::key))
            .load(conn)?;
        for (company, kind, key) in rows {
            let Some(company) = company else { continue };
            let holders = keys::holders(conn, &kind, &key, MAX_KEY_HITS as i64 + 1)?;
            if holders.len() > MAX_KEY_HITS {
                continue;
            }
            let people: Vec<i32> = holders
                .iter()
                .filter_map(|r| match r {
                    Rec::Partner(id) if *id != company => Some(*id),
                    _ => None,
                })
                .collect();
            let persons: Vec<(i32, Option<i32>)> = partners::table
                .filter(partners::id.eq_any(&people))
                .filter(partners::kind.eq("person"))
                .select((partners::id, partners::company_id))
                .load(conn)?;
            let company_phone = chunk
                .iter()
                .find(|c| c.0 == company)
                .and_then(|c| c.1.clone());
            for (person, person_company) in persons {
                let switchboard = person_company == Some(company)
                    && kind == "phone"
                    && company_phone.as_deref() == Some(key.as_str());
                let what = if kind == "phone" { "phone" } else { "email" };
                let shown = if kind == "phone" {
                    pretty_phone(&key)
                } else {
                    key.clone()
                };
                found.push((company, person, what, shown, key.clone(), switchboard));
            }
        }
    }
    finish(conn, actor, found)
}

type Found = (i32, i32, &'static str, String, String, bool);

fn finish(conn: &mut DbConn, actor: &Actor, found: Vec<Found>) -> DomainResult<Vec<Conflict>> {
    let recs: Vec<Rec> = found
        .iter()
        .flat_map(|f| [Rec::Partner(f.0), Rec::Partner(f.1)])
        .collect();
    let summaries = summary::load(conn, &recs)?;
    let mut out: Vec<Conflict> = found
        .into_iter()
        .filter_map(|(c, p, what, value, key, switchboard)| {
            let company = summaries.get(&Rec::Partner(c))?.clone();
            let person = summaries.get(&Rec::Partner(p))?.clone();
            let visible = [&company, &person]
                .iter()
                .all(|s| actor.can_see(s.salesperson_id.map(UserId), None));
            Some(Conflict {
                company,
                person,
                what,
                value,
                key,
                switchboard,
                visible,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.switchboard, &a.company.title, a.person.id).cmp(&(
            b.switchboard,
            &b.company.title,
            b.person.id,
        ))
    });
    Ok(out)
}

/// The conflicts one customer is part of (to flag it on its own page): for a company, the
/// people carrying its phone or email; for a person, the companies carrying theirs.
/// `NotFound` when the actor cannot see the customer.
pub fn conflicts_for(
    conn: &mut DbConn,
    actor: &Actor,
    partner: PartnerId,
) -> DomainResult<Vec<Conflict>> {
    type Row = (String, Option<i32>, Option<String>, Option<i32>);
    let (kind, company_id, phone, owner): Row = partners::table
        .find(partner)
        .select((
            partners::kind,
            partners::company_id,
            partners::phone_e164,
            partners::salesperson_id,
        ))
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)?;
    if !actor.can_see(owner.map(UserId), None) {
        return Err(DomainError::NotFound);
    }
    let own: Vec<(String, String)> = match_keys::table
        .filter(match_keys::partner_id.eq(partner))
        .filter(match_keys::kind.eq_any(["phone", "email"]))
        .select((match_keys::kind, match_keys::key))
        .load(conn)?;
    let is_company = kind == "company";
    let mut found: Vec<Found> = Vec::new();
    for (kind, key) in own {
        let holders = keys::holders(conn, &kind, &key, MAX_KEY_HITS as i64 + 1)?;
        if holders.len() > MAX_KEY_HITS {
            continue;
        }
        let others: Vec<i32> = holders
            .iter()
            .filter_map(|r| match r {
                Rec::Partner(id) if *id != partner.0 => Some(*id),
                _ => None,
            })
            .collect();
        let wanted = if is_company { "person" } else { "company" };
        let rows: Vec<(i32, Option<i32>, Option<String>)> = partners::table
            .filter(partners::id.eq_any(&others))
            .filter(partners::kind.eq(wanted))
            .select((partners::id, partners::company_id, partners::phone_e164))
            .load(conn)?;
        let what = if kind == "phone" { "phone" } else { "email" };
        let shown = if kind == "phone" {
            pretty_phone(&key)
        } else {
            key.clone()
        };
        for (other, other_company, other_phone) in rows {
            let (company, person, person_company, company_phone) = if is_company {
                (partner.0, other, other_company, phone.clone())
            } else {
                (other, partner.0, company_id, other_phone)
            };
            let switchboard = person_company == Some(company)
                && kind == "phone"
                && company_phone.as_deref() == Some(key.as_str());
            found.push((
                company,
                person,
                what,
                shown.clone(),
                key.clone(),
                switchboard,
            ));
        }
    }
    finish(conn, actor, found)
}
