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
pub const MAX_ROUNDS: usize = 8;

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
    /// The company-name keys of the person's leads: a lead found by the name alone must be
    /// at one of them (or name no company).
    pub companies: BTreeSet<String>,
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

/// A record's id, normalised email, E.164 phone and mobile, and contact-name key.
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
    let companies: Vec<Option<String>> = leads::table
        .filter(leads::id.eq_any(&lead_ids))
        .select(leads::company_name_key)
        .load(conn)?;
    for company in companies {
        keep(&mut p.companies, company);
    }
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

/// How a record found may be the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tie {
    /// Not the person: another name.
    None,
    /// It holds one of the person's emails, numbers or handles, under the same name.
    Value,
    /// Only its name is the person's (then the caller checks it is no namesake).
    NameAlone,
}

/// How a record found ties to the person. Its name must agree: it has no name, the person
/// has none yet, or the name keys are the same (a switchboard number or an info@ address
/// shared by colleagues leads to records of other names, which are other people).
fn tie(p: &Person, row: &LeadValues, by_handle: &[i32]) -> Tie {
    let (id, email, phone, mobile, key) = row;
    let key = key.as_deref().map(str::trim).filter(|k| !k.is_empty());
    if !(p.names.is_empty() || key.is_none_or(|k| p.names.contains(k))) {
        return Tie::None;
    }
    let held =
        |v: &Option<String>, set: &BTreeSet<String>| v.as_ref().is_some_and(|v| set.contains(v));
    let shares = held(email, &p.emails)
        || held(phone, &p.phones)
        || held(mobile, &p.phones)
        || by_handle.contains(id);
    if shares { Tie::Value } else { Tie::NameAlone }
}

/// Whether `company` (a lead's company-name key) fits the person: a lead found by the name
/// alone at another company is a namesake.
fn same_company(p: &Person, company: Option<&String>) -> bool {
    p.companies.is_empty() || company.is_none_or(|c| p.companies.contains(c))
}

/// The records that hold one of the person's values or name keys, and which of them were
/// found through a messenger handle.
struct Candidates {
    leads: Vec<LeadValues>,
    leads_by_handle: Vec<i32>,
    people: Vec<LeadValues>,
    people_by_handle: Vec<i32>,
}

fn candidates(conn: &mut DbConn, p: &Person) -> DomainResult<Candidates> {
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
    let found: Vec<LeadValues> = leads::table
        .filter(
            leads::email_norm
                .eq_any(&emails)
                .or(leads::phone_e164.eq_any(&phones))
                .or(leads::mobile_e164.eq_any(&phones))
                .or(leads::contact_name_key.eq_any(&names))
                .or(leads::id.eq_any(&by_handle)),
        )
        .select((
            leads::id,
            leads::email_norm,
            leads::phone_e164,
            leads::mobile_e164,
            leads::contact_name_key,
        ))
        .load(conn)?;
    let people_by_handle: Vec<i32> = owners.iter().filter_map(|o| o.1).collect();
    let people: Vec<LeadValues> = partners::table
        .filter(partners::kind.eq("person"))
        .filter(
            partners::email_norm
                .eq_any(&emails)
                .or(partners::phone_e164.eq_any(&phones))
                .or(partners::mobile_e164.eq_any(&phones))
                .or(partners::name_key.eq_any(&names))
                .or(partners::id.eq_any(&people_by_handle)),
        )
        .select((
            partners::id,
            partners::email_norm,
            partners::phone_e164,
            partners::mobile_e164,
            partners::name_key.nullable(),
        ))
        .load(conn)?;
    Ok(Candidates {
        leads: found,
        leads_by_handle: by_handle,
        people,
        people_by_handle,
    })
}

/// Adds the records that hold one of the person's values and may be the person.
fn collect_records(conn: &mut DbConn, p: &mut Person) -> DomainResult<()> {
    let Candidates {
        leads: found,
        leads_by_handle: by_handle,
        people,
        people_by_handle,
    } = candidates(conn, p)?;
    let leads_tied: Vec<(i32, Tie)> = found
        .iter()
        .map(|row| (row.0, tie(p, row, &by_handle)))
        .collect();
    let people_tied: Vec<(i32, Tie)> = people
        .iter()
        .map(|row| (row.0, tie(p, row, &people_by_handle)))
        .collect();
    let new_by_value = |tied: &[(i32, Tie)], known: &BTreeSet<i32>| {
        tied.iter()
            .any(|(id, t)| *t == Tie::Value && !known.contains(id))
    };
    // Records found by the name alone wait until the values are followed to the end: by
    // then the person's companies are known, and a namesake at another one is told apart.
    let with_names =
        !new_by_value(&leads_tied, &p.leads) && !new_by_value(&people_tied, &p.customers);
    let found_ids: Vec<i32> = found.iter().map(|row| row.0).collect();
    let companies: std::collections::HashMap<i32, Option<String>> = leads::table
        .filter(leads::id.eq_any(&found_ids))
        .select((leads::id, leads::company_name_key))
        .load(conn)?
        .into_iter()
        .collect();
    let leads_found: Vec<i32> = leads_tied
        .iter()
        .filter(|(id, t)| match t {
            Tie::Value => true,
            Tie::NameAlone => {
                with_names && same_company(p, companies.get(id).and_then(Option::as_ref))
            }
            Tie::None => false,
        })
        .map(|(id, _)| *id)
        .collect();
    // A customer found by the name alone has no company to tell: it may be the person only
    // while it holds no email or number of its own.
    let no_contact: BTreeSet<i32> = people
        .iter()
        .filter(|(_, email, phone, mobile, _)| {
            email.is_none() && phone.is_none() && mobile.is_none()
        })
        .map(|row| row.0)
        .collect();
    let people_found: Vec<i32> = people_tied
        .iter()
        .filter(|(id, t)| match t {
            Tie::Value => true,
            Tie::NameAlone => with_names && no_contact.contains(id),
            Tie::None => false,
        })
        .map(|(id, _)| *id)
        .collect();
    p.leads.extend(leads_found);
    p.customers.extend(people_found);
    Ok(())
}
