//! Creating, editing and archiving a customer, with its messengers, every change logged in
//! its chatter. Rights: everyone reads; managers and admins change any customer; a
//! salesperson creates customers and changes those of their own records (a customer whose
//! salesperson they are, or linked to a lead or opportunity they own, directly or through
//! one of a company's people).

use diesel::prelude::*;

use crate::db::schema::{leads, partners};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, FieldErrors};
use crate::domain::ids::{Owner, PartnerId};
use crate::domain::models::chatter::{self, Change, MessageKind};
use crate::domain::models::identities::IdentityChannel;
use crate::domain::models::partners::{self as model, Partner, PartnerInput};
use crate::domain::models::phone_country;
use crate::domain::records::{MessengerEdits, apply_messengers, parse_messengers};
use crate::i18n::Msg;

/// A tracked field: its chatter key (`track.<name>`) and its stored value as text.
type Tracked = (&'static str, fn(&Partner) -> Option<String>);

/// A customer's tracked fields.
const TRACKED: &[Tracked] = &[
    ("kind", |p| Some(p.kind.to_string())),
    ("name", |p| Some(p.name.clone())),
    ("company_id", |p| p.company_id.map(|c| c.to_string())),
    ("email", |p| p.email.clone()),
    ("phone", |p| p.phone.clone()),
    ("mobile", |p| p.mobile.clone()),
    ("street", |p| p.street.clone()),
    ("street2", |p| p.street2.clone()),
    ("city", |p| p.city.clone()),
    ("zip", |p| p.zip.clone()),
    ("state", |p| p.state.clone()),
    ("country", |p| p.country.clone()),
    ("website", |p| p.website.clone()),
    ("salesperson_id", |p| {
        p.salesperson_id.map(|u| u.to_string())
    }),
    ("active", |p| Some(p.active.to_string())),
];

/// The fields that differ between two states of a customer, old → new.
pub fn tracked_changes(before: &Partner, after: &Partner) -> Vec<Change> {
    TRACKED
        .iter()
        .filter_map(|(name, value)| {
            let (old, new) = (value(before), value(after));
            (old != new).then(|| Change::new(name, old.as_deref(), new.as_deref()))
        })
        .collect()
}

/// Whether `actor` may change `customer` (see the module's rights).
pub fn may_edit(conn: &mut DbConn, actor: &Actor, customer: &Partner) -> DomainResult<bool> {
    if actor.is_manager() || customer.salesperson_id == Some(actor.id) {
        return Ok(true);
    }
    let people: Vec<i32> = partners::table
        .filter(partners::company_id.eq(customer.id))
        .select(partners::id)
        .load(conn)?;
    let mut owners = people;
    owners.push(customer.id.0);
    let own: i64 = leads::table
        .filter(leads::partner_id.eq_any(owners))
        .filter(leads::salesperson_id.eq(actor.id))
        .count()
        .get_result(conn)?;
    Ok(own > 0)
}

/// The customer `id` when the actor may change it (`Forbidden` otherwise); a customer merged
/// away takes no change (`Conflict`, naming the one it lives in now).
pub fn find_writable(conn: &mut DbConn, actor: &Actor, id: PartnerId) -> DomainResult<Partner> {
    let customer = model::find(conn, id)?;
    if let Some(survivor) = customer.merged_into_id {
        return Err(DomainError::Conflict(
            Msg::new("msg.customers.merged_into").text("id", survivor.to_string()),
        ));
    }
    if may_edit(conn, actor, &customer)? {
        Ok(customer)
    } else {
        Err(DomainError::Forbidden)
    }
}

/// Checks the fields and the messengers together, so every mistake shows at once.
/// Numbers are read with the actor's country (see `models::phone_country`).
fn check_all(
    conn: &mut DbConn,
    actor: &Actor,
    input: &PartnerInput,
    edits: &MessengerEdits,
) -> DomainResult<(String, Vec<(IdentityChannel, String)>)> {
    let country = phone_country::resolve(conn, Some(actor.id), None)?;
    let mut errors = FieldErrors::new();
    if let Err(e) = input.parse(&country) {
        match e {
            DomainError::Invalid(fields) => errors.extend(fields),
            other => return Err(other),
        }
    }
    let messengers = parse_messengers(edits, &country).unwrap_or_else(|m| {
        errors.insert("messengers", m);
        Vec::new()
    });
    if errors.is_empty() {
        Ok((country, messengers))
    } else {
        Err(DomainError::Invalid(errors))
    }
}

/// Creates a customer with its messengers. A salesperson who names no salesperson becomes
/// the customer's, so they may go on editing it.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    input: &PartnerInput,
    edits: &MessengerEdits,
) -> DomainResult<Partner> {
    let (country, add) = check_all(conn, actor, input, edits)?;
    let mut input = input.clone();
    if !actor.is_manager() && input.salesperson_id.trim().is_empty() {
        input.salesperson_id = actor.id.to_string();
    }
    write_tx(conn, |conn| {
        let customer = model::create_in(conn, &input, &country)?;
        apply_messengers(conn, Owner::Partner(customer.id), &add, &[], &country)?;
        Ok(customer)
    })
}

/// Edits a customer the actor may change, and its messengers; the changed fields are logged
/// in its chatter as old → new.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: PartnerId,
    input: &PartnerInput,
    edits: &MessengerEdits,
) -> DomainResult<Partner> {
    let before = find_writable(conn, actor, id)?;
    let (country, add) = check_all(conn, actor, input, edits)?;
    write_tx(conn, |conn| {
        let after = model::update_in(conn, id, input, &country)?;
        apply_messengers(conn, Owner::Partner(id), &add, &edits.remove, &country)?;
        log_changes(conn, actor, &before, &after)?;
        Ok(after)
    })
}

/// Archives (`active` false) or restores a customer the actor may change; logged.
pub fn set_active(
    conn: &mut DbConn,
    actor: &Actor,
    id: PartnerId,
    active: bool,
) -> DomainResult<Partner> {
    let before = find_writable(conn, actor, id)?;
    write_tx(conn, |conn| {
        model::set_active(conn, id, active)?;
        let after = model::find(conn, id)?;
        log_changes(conn, actor, &before, &after)?;
        Ok(after)
    })
}

/// Logs a note on a customer (anyone who may read it may write a note).
pub fn post_note(conn: &mut DbConn, actor: &Actor, id: PartnerId, body: &str) -> DomainResult<()> {
    model::find(conn, id)?;
    chatter::post(
        conn,
        Owner::Partner(id),
        Some(actor.id),
        MessageKind::Note,
        body,
        &[],
    )?;
    Ok(())
}

fn log_changes(
    conn: &mut DbConn,
    actor: &Actor,
    before: &Partner,
    after: &Partner,
) -> DomainResult<()> {
    let changes = tracked_changes(before, after);
    if !changes.is_empty() {
        chatter::post_event(
            conn,
            Owner::Partner(after.id),
            Some(actor.id),
            MessageKind::Log,
            &crate::i18n::Msg::new("event.customer.updated"),
            &changes,
        )?;
    }
    Ok(())
}
