//! The ways to reach a lead's contact — its phone, mobile, email and messenger identities —
//! copied onto the customer the lead is linked to, when the user accepts the offer made
//! after the link (lead form, Convert with an existing customer).
//!
//! Only what the customer lacks is offered: an identity it does not hold, a phone, mobile
//! or email whose field is empty on it. One number or email never ends up on both a company
//! and one of its people (seed 004: calls and mail would be routed to both): a value already
//! held by the customer's company or by one of the company's people is skipped, and the
//! offer says who holds it.

use diesel::prelude::*;

use crate::db::schema::partners;
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, Owner, PartnerId};
use crate::domain::models::identities::{self, IdentityChannel};
use crate::domain::models::leads::Lead;
use crate::domain::models::partners::{self as model, Partner, PartnerKind};
use crate::domain::models::phone_country;
use crate::domain::now;
use crate::domain::records;
use crate::domain::similarity::keys;
use crate::domain::similarity::profile::Rec;
use crate::i18n::Msg;

/// Where a way to reach goes on the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Phone,
    Mobile,
    Email,
    /// A messenger identity on this channel.
    Messenger(IdentityChannel),
}

impl Slot {
    /// The catalogue key of its name: `channel.phone`, `channel.whatsapp`, `field.email`…
    pub fn label_key(&self) -> String {
        match self {
            Slot::Phone => "lead.phone".into(),
            Slot::Mobile => "lead.mobile".into(),
            Slot::Email => "field.email".into(),
            Slot::Messenger(c) => format!("channel.{c}"),
        }
    }
}

/// One way to reach the lead's contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Way {
    pub slot: Slot,
    /// As typed on the lead.
    pub value: String,
    /// Its matching form (E.164 number, lower-case email, normalised handle).
    norm: String,
}

/// A way not offered because another customer of the same company holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub way: Way,
    /// That customer's name and `#id`.
    pub holder: String,
}

/// What linking a lead to a customer offers to copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachOffer {
    pub lead: LeadId,
    pub customer: PartnerId,
    /// The customer's name and `#id`.
    pub customer_label: String,
    /// The ways the customer lacks.
    pub ways: Vec<Way>,
    /// The ways held by the customer's company or one of its people.
    pub skipped: Vec<Skipped>,
}

impl ReachOffer {
    /// Whether there is anything to say (to copy, or skipped).
    pub fn is_empty(&self) -> bool {
        self.ways.is_empty() && self.skipped.is_empty()
    }
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The lead's ways to reach, with their matching forms.
fn ways_of(conn: &mut DbConn, lead: &Lead) -> DomainResult<Vec<Way>> {
    let mut out = Vec::new();
    let contacts = [
        (Slot::Phone, &lead.phone, &lead.phone_e164),
        (Slot::Mobile, &lead.mobile, &lead.mobile_e164),
        (Slot::Email, &lead.email, &lead.email_norm),
    ];
    for (slot, value, norm) in contacts {
        if let Some(value) = text(value) {
            let norm = text(norm).unwrap_or_else(|| value.to_lowercase());
            out.push(Way { slot, value, norm });
        }
    }
    for i in identities::for_lead(conn, lead.id)? {
        out.push(Way {
            slot: Slot::Messenger(i.channel),
            value: i.handle,
            norm: i.handle_norm,
        });
    }
    Ok(out)
}

/// Every way to reach a customer holds, by its matching form: numbers, email, identities.
fn held(conn: &mut DbConn, p: &Partner) -> DomainResult<Vec<(Slot, String)>> {
    let mut out: Vec<(Slot, String)> = [
        (Slot::Phone, &p.phone_e164),
        (Slot::Mobile, &p.mobile_e164),
        (Slot::Email, &p.email_norm),
    ]
    .into_iter()
    .filter_map(|(slot, v)| text(v).map(|v| (slot, v)))
    .collect();
    out.extend(
        identities::for_partner(conn, p.id)?
            .into_iter()
            .map(|i| (Slot::Messenger(i.channel), i.handle_norm)),
    );
    Ok(out)
}

/// Whether `held` already has `way`: an identity on its channel, a number or an email in
/// any field.
fn has(held: &[(Slot, String)], way: &Way) -> bool {
    held.iter().any(|(slot, norm)| {
        *norm == way.norm
            && match way.slot {
                Slot::Messenger(_) => *slot == way.slot,
                _ => !matches!(slot, Slot::Messenger(_)),
            }
    })
}

/// The customer's company and that company's people, the customer itself left out.
fn family(conn: &mut DbConn, customer: &Partner) -> DomainResult<Vec<Partner>> {
    let company = match customer.kind {
        PartnerKind::Company => Some(customer.id),
        PartnerKind::Person => customer.company_id,
    };
    let Some(company) = company else {
        return Ok(Vec::new());
    };
    let mut out = model::contacts_of(conn, company)?;
    out.push(model::find(conn, company)?);
    out.retain(|p| p.id != customer.id);
    Ok(out)
}

/// Whether the customer's field for `slot` is empty (identities: always room).
fn has_room(customer: &Partner, slot: Slot) -> bool {
    match slot {
        Slot::Phone => text(&customer.phone).is_none(),
        Slot::Mobile => text(&customer.mobile).is_none(),
        Slot::Email => text(&customer.email).is_none(),
        Slot::Messenger(_) => true,
    }
}

/// What copying `lead`'s ways to reach onto its customer would do (see the module header);
/// `None` when the lead has no customer.
pub fn offer_for(conn: &mut DbConn, lead: &Lead) -> DomainResult<Option<ReachOffer>> {
    let Some(id) = lead.partner_id else {
        return Ok(None);
    };
    let customer = model::find(conn, id)?;
    let own = held(conn, &customer)?;
    let mut others = Vec::new();
    for p in family(conn, &customer)? {
        let values = held(conn, &p)?;
        others.push((super::find::label(&p), values));
    }
    let mut offer = ReachOffer {
        lead: lead.id,
        customer: id,
        customer_label: super::find::label(&customer),
        ways: Vec::new(),
        skipped: Vec::new(),
    };
    for way in ways_of(conn, lead)? {
        let copied = offer
            .ways
            .iter()
            .any(|w| has(&[(w.slot, w.norm.clone())], &way));
        if has(&own, &way) || copied || !has_room(&customer, way.slot) {
            continue;
        }
        // Another customer of the company holding the value, in any field or channel.
        let elsewhere = others
            .iter()
            .find(|(_, values)| values.iter().any(|(_, v)| *v == way.norm));
        match elsewhere {
            Some((holder, _)) => offer.skipped.push(Skipped {
                way,
                holder: holder.clone(),
            }),
            None => offer.ways.push(way),
        }
    }
    Ok(Some(offer))
}

/// The offer for a record the actor may see; none when the actor may not change it (they
/// could not copy).
pub fn offer(conn: &mut DbConn, actor: &Actor, lead: LeadId) -> DomainResult<Option<ReachOffer>> {
    let lead = records::find_visible(conn, actor, lead)?;
    if !actor.can_write(lead.salesperson_id) {
        return Ok(None);
    }
    offer_for(conn, &lead)
}

/// Copies the offered ways of `lead` (which the actor may write, and which must still be
/// linked to `customer`) onto `customer`, in one transaction. Returns what was offered,
/// `ways` being what was copied.
pub fn copy(
    conn: &mut DbConn,
    actor: &Actor,
    lead: LeadId,
    customer: PartnerId,
) -> DomainResult<ReachOffer> {
    write_tx(conn, |conn| {
        let record = records::find_writable(conn, actor, lead)?;
        let country = phone_country::resolve(conn, Some(actor.id), record.team_id)?;
        if record.partner_id != Some(customer) {
            return Err(DomainError::Conflict(
                Msg::new("msg.customers.not_linked").text("title", record.title.as_str()),
            ));
        }
        let offer = offer_for(conn, &record)?.ok_or(DomainError::NotFound)?;
        if offer.ways.is_empty() {
            return Ok(offer);
        }
        let at = now();
        let before = crate::domain::models::partners::find(conn, customer)?;
        for way in &offer.ways {
            let row = partners::table.find(customer);
            let value = Some(&way.value);
            match way.slot {
                Slot::Phone => diesel::update(row)
                    .set((
                        partners::phone.eq(value),
                        partners::phone_e164.eq(&record.phone_e164),
                    ))
                    .execute(conn)?,
                Slot::Mobile => diesel::update(row)
                    .set((
                        partners::mobile.eq(value),
                        partners::mobile_e164.eq(&record.mobile_e164),
                    ))
                    .execute(conn)?,
                Slot::Email => diesel::update(row)
                    .set((
                        partners::email.eq(value),
                        partners::email_norm.eq(&record.email_norm),
                    ))
                    .execute(conn)?,
                Slot::Messenger(channel) => {
                    identities::add(
                        conn,
                        Owner::Partner(customer),
                        channel,
                        &way.value,
                        &country,
                    )?;
                    0
                }
            };
        }
        diesel::update(partners::table.find(customer))
            .set(partners::updated_at.eq(at))
            .execute(conn)?;
        keys::refresh(conn, Rec::Partner(customer.0))?;
        let after = crate::domain::models::partners::find(conn, customer)?;
        let copied: Vec<&str> = offer.ways.iter().map(|w| w.value.as_str()).collect();
        let event = crate::i18n::Msg::new("event.customer.copied")
            .text("record", record.id.to_string())
            .text("values", copied.join(", "));
        crate::domain::models::chatter::post_event(
            conn,
            Owner::Partner(customer),
            Some(actor.id),
            crate::domain::models::chatter::MessageKind::Log,
            &event,
            &super::edit::tracked_changes(&before, &after),
        )?;
        Ok(offer)
    })
}
