//! The erasure of a person's data (GDPR article 17): what it will touch ([`preview`]) and
//! the erasure itself ([`erase`]), one transaction, then the store cleaned of old copies.

use std::collections::BTreeSet;

use diesel::prelude::*;

use super::find::{Person, Start, find};
use super::{scrub, snapshots, storage};
use crate::db::schema::{identities, leads, message_changes, messages, partners};
use crate::db::{DbConn, write_tx};
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::audit::{self, Action, Origin, Target, TargetKind};
use crate::domain::ids::LeadId;
use crate::domain::models::leads as lead_model;
use crate::domain::similarity::keys;
use crate::domain::similarity::profile::Rec;

/// What an erasure of this person will touch, for the confirmation page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasePreview {
    pub person: Person,
    pub leads: usize,
    pub customers: usize,
    pub identities: usize,
    pub messages: usize,
}

/// What an erasure did: the ids it touched (what an audit record names) and counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Erased {
    pub leads: Vec<i32>,
    pub customers: Vec<i32>,
    pub messages: Vec<i32>,
    pub identities: usize,
    pub lead_merges: Vec<i32>,
    pub customer_merges: Vec<i32>,
    /// Other stored texts that quoted a value and were rewritten.
    pub texts: usize,
}

impl Erased {
    /// The audit record's target: the leads, with the customers, merge journals and counts
    /// as details (ids and counts only: the record outlives the erasure).
    fn audit_target(&self) -> Target {
        let target = Target::of(TargetKind::Lead, &self.leads);
        let target = with_ids(target, "customers", &self.customers);
        let target = with_ids(target, "lead_merges", &self.lead_merges);
        with_ids(target, "customer_merges", &self.customer_merges)
            .with("messages", self.messages.len())
            .with("identities", self.identities)
            .with("texts", self.texts)
    }
}

/// `target` with the detail `key: 3, 7, 12`, when there are any such ids.
pub(super) fn with_ids(target: Target, key: &str, ids: &[i32]) -> Target {
    if ids.is_empty() {
        return target;
    }
    let text = ids.iter().map(i32::to_string).collect::<Vec<_>>();
    target.with(key, text.join(", "))
}

/// The person of `start` and what erasing them touches (admins only).
pub fn preview(conn: &mut DbConn, actor: &Actor, start: Start) -> DomainResult<ErasePreview> {
    let person = find(conn, actor, start)?;
    let (l, p) = ids(&person);
    let identities: i64 = identities::table
        .filter(
            identities::lead_id
                .eq_any(&l)
                .or(identities::partner_id.eq_any(&p)),
        )
        .count()
        .get_result(conn)?;
    let messages: i64 = messages::table
        .filter(
            messages::lead_id
                .eq_any(&l)
                .or(messages::partner_id.eq_any(&p)),
        )
        .count()
        .get_result(conn)?;
    Ok(ErasePreview {
        leads: l.len(),
        customers: p.len(),
        identities: usize::try_from(identities).unwrap_or_default(),
        messages: usize::try_from(messages).unwrap_or_default(),
        person,
    })
}

fn ids(person: &Person) -> (Vec<i32>, Vec<i32>) {
    (
        person.leads.iter().copied().collect(),
        person.customers.iter().copied().collect(),
    )
}

/// Erases the person `start` belongs to, by `actor` (admins only): see the module
/// [`super`] for what is erased. One transaction; afterwards the store drops old copies
/// ([`storage::after`]).
pub fn erase(
    conn: &mut DbConn,
    actor: &Actor,
    origin: &Origin,
    start: Start,
) -> DomainResult<Erased> {
    let person = find(conn, actor, start)?;
    storage::before(conn)?;
    let done = write_tx(conn, |conn| {
        let done = erase_in_tx(conn, &person)?;
        audit::record(conn, origin, Action::PersonErased, done.audit_target())?;
        Ok(done)
    });
    storage::after(conn);
    done
}

fn erase_in_tx(conn: &mut DbConn, person: &Person) -> DomainResult<Erased> {
    let (lead_ids, people) = ids(person);
    let needles = scrub::needles(raw_values(conn, person, &lead_ids, &people)?);
    // The holders of the person's keys, whose duplicate counts change once they are gone.
    let mut affected = Vec::new();
    for id in &lead_ids {
        affected.extend(crate::domain::similarity::stored::affected(
            conn,
            Rec::Lead(*id),
        )?);
    }
    scrub::anonymise_leads(conn, &lead_ids, &needles)?;
    scrub::anonymise_customers(conn, &people)?;
    let identities = scrub::delete_identities(conn, &lead_ids, &people)?;
    let messages = scrub::erase_chatter(conn, &lead_ids, &people)?;
    let (lead_merges, customer_merges) = snapshots::rewrite(conn, person)?;
    let texts = scrub::replace_everywhere(conn, &needles)?;
    for id in &lead_ids {
        lead_model::after_write(conn, LeadId(*id))?;
    }
    for id in &people {
        keys::refresh(conn, Rec::Partner(*id))?;
    }
    crate::domain::similarity::stored::forget(conn, &affected)?;
    storage::merge_search_index(conn)?;
    Ok(Erased {
        leads: lead_ids,
        customers: people,
        messages,
        identities,
        lead_merges,
        customer_merges,
        texts,
    })
}

type Raw = (
    Option<String>,
    (Option<String>, Option<String>),
    (Option<String>, Option<String>),
    (Option<String>, Option<String>),
    i32,
);

/// The person's normalised values that records of other people hold too (a switchboard
/// number, an info@ address): those are not the person's to erase from others' texts.
fn shared_values(
    conn: &mut DbConn,
    person: &Person,
    lead_ids: &[i32],
    people: &[i32],
) -> DomainResult<BTreeSet<String>> {
    let values: Vec<&String> = person
        .emails
        .iter()
        .chain(&person.phones)
        .chain(&person.handles)
        .collect();
    let mut shared = BTreeSet::new();
    let lead_rows: Vec<(Option<String>, Option<String>, Option<String>)> = leads::table
        .filter(leads::id.ne_all(lead_ids))
        .filter(
            leads::email_norm
                .eq_any(&values)
                .or(leads::phone_e164.eq_any(&values))
                .or(leads::mobile_e164.eq_any(&values)),
        )
        .select((leads::email_norm, leads::phone_e164, leads::mobile_e164))
        .load(conn)?;
    let partner_rows: Vec<(Option<String>, Option<String>, Option<String>)> = partners::table
        .filter(partners::id.ne_all(people))
        .filter(
            partners::email_norm
                .eq_any(&values)
                .or(partners::phone_e164.eq_any(&values))
                .or(partners::mobile_e164.eq_any(&values)),
        )
        .select((
            partners::email_norm,
            partners::phone_e164,
            partners::mobile_e164,
        ))
        .load(conn)?;
    for (a, b, c) in lead_rows.into_iter().chain(partner_rows) {
        shared.extend([a, b, c].into_iter().flatten());
    }
    let handles: Vec<String> = identities::table
        .filter(identities::handle_norm.eq_any(&values))
        .filter(
            identities::lead_id
                .is_null()
                .or(identities::lead_id.ne_all(lead_ids)),
        )
        .filter(
            identities::partner_id
                .is_null()
                .or(identities::partner_id.ne_all(people)),
        )
        .select(identities::handle_norm)
        .load(conn)?;
    shared.extend(handles);
    shared.retain(|v| values.contains(&v));
    Ok(shared)
}

/// Every value of the person as stored (typed and normalised): emails, numbers, handles and
/// full names, to find them in free text. Values other people's records hold too are left
/// out ([`shared_values`]).
fn raw_values(
    conn: &mut DbConn,
    person: &Person,
    lead_ids: &[i32],
    people: &[i32],
) -> DomainResult<Vec<String>> {
    let shared = shared_values(conn, person, lead_ids, people)?;
    let own = |v: &String| !shared.contains(v);
    let mut out: Vec<String> = person
        .emails
        .iter()
        .chain(&person.phones)
        .chain(&person.handles)
        .filter(|v| own(v))
        .cloned()
        .collect();
    // An E.164 number is also written without its plus (a CSV, a payload).
    out.extend(
        person
            .phones
            .iter()
            .filter(|v| own(v))
            .map(|p| p.trim_start_matches('+').to_string()),
    );
    let rows: Vec<Raw> = leads::table
        .filter(leads::id.eq_any(lead_ids))
        .select((
            leads::contact_name,
            (leads::email, leads::email_norm),
            (leads::phone, leads::phone_e164),
            (leads::mobile, leads::mobile_e164),
            leads::id,
        ))
        .load(conn)?;
    let partner_rows: Vec<Raw> = partners::table
        .filter(partners::id.eq_any(people))
        .select((
            partners::name.nullable(),
            (partners::email, partners::email_norm),
            (partners::phone, partners::phone_e164),
            (partners::mobile, partners::mobile_e164),
            partners::id,
        ))
        .load(conn)?;
    // Streets and websites stay out: colleagues at the same company share them.
    for (name, email, phone, mobile, _) in rows.into_iter().chain(partner_rows) {
        // A name of one word is too common to look for in other records' texts.
        out.extend(name.filter(|n| n.split_whitespace().count() >= 2));
        for (raw, norm) in [email, phone, mobile] {
            if norm.as_ref().is_none_or(own) {
                out.extend(raw);
            }
        }
    }
    let handles: Vec<(String, String)> = identities::table
        .filter(
            identities::lead_id
                .eq_any(lead_ids)
                .or(identities::partner_id.eq_any(people)),
        )
        .select((identities::handle, identities::handle_norm))
        .load(conn)?;
    out.extend(handles.into_iter().filter(|(_, n)| own(n)).map(|(h, _)| h));
    // Values the records held before an edit, kept in their chatter's tracked changes.
    let changed: Vec<(Option<String>, Option<String>)> = message_changes::table
        .inner_join(messages::table)
        .filter(
            messages::lead_id
                .eq_any(lead_ids)
                .or(messages::partner_id.eq_any(people)),
        )
        .filter(message_changes::field.eq_any(["email", "phone", "mobile", "contact_name"]))
        .select((message_changes::old_value, message_changes::new_value))
        .load(conn)?;
    out.extend(changed.into_iter().flat_map(|(a, b)| [a, b]).flatten());
    Ok(out)
}
