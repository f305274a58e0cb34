//! Finding a person's records: the closure of one record under "holds the same normalised
//! email, E.164 number, messenger handle or contact-name key". Domains and companies are
//! never followed, so another person at the same company stays out.

use std::collections::BTreeSet;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{identities, leads, partners};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, PartnerId};
use crate::i18n::Msg;

/// How many times the search follows the values it found: a person's second address found
/// through their phone is followed once more, a chain of strangers is not followed forever.
pub const MAX_ROUNDS: usize = 4;

/// Where the search starts: a lead (or opportunity) or a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Lead(LeadId),
    Customer(PartnerId),
}

/// One person's records and the values that tie them together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// Lead ids, ascending (merged-away, archived and lost ones included).
    pub leads: BTreeSet<i32>,
    /// Customer (partner) ids of kind person, ascending.
    pub customers: BTreeSet<i32>,
    /// Normalised emails.
    pub emails: BTreeSet<String>,
    /// E.164 numbers (phone, mobile, number messengers).
    pub phones: BTreeSet<String>,
    /// Normalised messenger handles.
    pub handles: BTreeSet<String>,
    /// Contact-name keys.
    pub names: BTreeSet<String>,
}

impl Person {
    fn size(&self) -> (usize, usize, usize) {
        (
            self.leads.len() + self.customers.len(),
            self.emails.len() + self.phones.len(),
            self.handles.len() + self.names.len(),
        )
    }
}

type LeadValues = (
    i32,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The person `start` belongs to, for `actor` (admins only). `NotFound` when the start
/// record does not exist.
pub fn find(conn: &mut DbConn, actor: &Actor, start: Start) -> DomainResult<Person> {
    actor.require_admin()?;
    let mut person = Person::default();
    match start {
        Start::Lead(id) => person.leads.insert(lead_exists(conn, id)?),
        Start::Customer(id) => person.customers.insert(customer_exists(conn, id)?),
    };
    for _ in 0..MAX_ROUNDS {
        let before = person.size();
        collect_values(conn, &mut person)?;
        collect_records(conn, &mut person)?;
        if person.size() == before {
            break;
        }
    }
    collect_values(conn, &mut person)?;
    Ok(person)
}

fn lead_exists(conn: &mut DbConn, id: LeadId) -> DomainResult<i32> {
    leads::table
        .find(id.0)
        .select(leads::id)
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)
}

/// The customer's id; a company is no person (its people are customers of their own).
fn customer_exists(conn: &mut DbConn, id: PartnerId) -> DomainResult<i32> {
    let kind: String = partners::table
        .find(id.0)
        .select(partners::kind)
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)?;
    if kind != "person" {
        return Err(DomainError::Conflict(Msg::new("msg.privacy_company")));
    }
    Ok(id.0)
}

fn keep(set: &mut BTreeSet<String>, value: Option<String>) {
    if let Some(v) = value.map(|v| v.trim().to_string())
        && !v.is_empty()
        && !super::is_erased(&v)
    {
        set.insert(v);
    }
}

/// Adds the values the person's records hold.
fn collect_values(conn: &mut DbConn, p: &mut Person) -> DomainResult<()> {
    let lead_ids: Vec<i32> = p.leads.iter().copied().collect();
    let rows: Vec<LeadValues> = leads::table
        .filter(leads::id.eq_any(&lead_ids))
        .select((
            leads::id,
            leads::email_norm,
            leads::phone_e164,
            leads::mobile_e164,
            leads::contact_name_key,
        ))
        .load(conn)?;
    let partner_ids: Vec<i32> = p.customers.iter().copied().collect();
    let partner_rows: Vec<LeadValues> = partners::table
        .filter(partners::id.eq_any(&partner_ids))
        .select((
            partners::id,
            partners::email_norm,
            partners::phone_e164,
            partners::mobile_e164,
            partners::name_key.nullable(),
        ))
        .load(conn)?;
    for (_, email, phone, mobile, name) in rows.into_iter().chain(partner_rows) {
        keep(&mut p.emails, email);
        keep(&mut p.phones, phone);
        keep(&mut p.phones, mobile);
        keep(&mut p.names, name);
    }
    let handles: Vec<(String, String)> = identities::table
        .filter(
            identities::lead_id
                .eq_any(&lead_ids)
                .or(identities::partner_id.eq_any(&partner_ids)),
        )
        .select((identities::channel, identities::handle_norm))
        .load(conn)?;
    for (channel, norm) in handles {
        match channel.as_str() {
            "email" => keep(&mut p.emails, Some(norm)),
            "whatsapp" | "viber" | "phone" if norm.starts_with('+') => {
                keep(&mut p.phones, Some(norm));
            }
            _ => keep(&mut p.handles, Some(norm)),
        }
    }
    Ok(())
}

/// Whether a record with this name key may be the person: it has no name, the person has
/// none yet, or the names agree. A switchboard number or an info@ address shared by
/// colleagues leads to records of other names, which are other people.
fn same_name(p: &Person, key: Option<&str>) -> bool {
    let key = key.map(str::trim).filter(|k| !k.is_empty());
    p.names.is_empty() || key.is_none_or(|k| p.names.contains(k))
}

/// Adds the records that hold one of the person's values and may be the person.
fn collect_records(conn: &mut DbConn, p: &mut Person) -> DomainResult<()> {
    let emails: Vec<&String> = p.emails.iter().collect();
    let phones: Vec<&String> = p.phones.iter().collect();
    let names: Vec<&String> = p.names.iter().collect();
    let all: Vec<&String> = emails
        .iter()
        .chain(&phones)
        .copied()
        .chain(p.handles.iter())
        .collect();
    let owners: Vec<(Option<i32>, Option<i32>)> = identities::table
        .filter(identities::handle_norm.eq_any(&all))
        .select((identities::lead_id, identities::partner_id))
        .load(conn)?;
    let by_handle: Vec<i32> = owners.iter().filter_map(|o| o.0).collect();
    let found: Vec<(i32, Option<String>)> = leads::table
        .filter(
            leads::email_norm
                .eq_any(&emails)
                .or(leads::phone_e164.eq_any(&phones))
                .or(leads::mobile_e164.eq_any(&phones))
                .or(leads::contact_name_key.eq_any(&names))
                .or(leads::id.eq_any(&by_handle)),
        )
        .select((leads::id, leads::contact_name_key))
        .load(conn)?;
    let people_by_handle: Vec<i32> = owners.iter().filter_map(|o| o.1).collect();
    let people: Vec<(i32, Option<String>)> = partners::table
        .filter(partners::kind.eq("person"))
        .filter(
            partners::email_norm
                .eq_any(&emails)
                .or(partners::phone_e164.eq_any(&phones))
                .or(partners::mobile_e164.eq_any(&phones))
                .or(partners::name_key.eq_any(&names))
                .or(partners::id.eq_any(&people_by_handle)),
        )
        .select((partners::id, partners::name_key.nullable()))
        .load(conn)?;
    let leads_found: Vec<i32> = found
        .into_iter()
        .filter(|(_, key)| same_name(p, key.as_deref()))
        .map(|(id, _)| id)
        .collect();
    let people_found: Vec<i32> = people
        .into_iter()
        .filter(|(_, key)| same_name(p, key.as_deref()))
        .map(|(id, _)| id)
        .collect();
    p.leads.extend(leads_found);
    p.customers.extend(people_found);
    Ok(())
}
