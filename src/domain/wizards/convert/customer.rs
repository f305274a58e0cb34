//! The customer of a converted lead: created from the lead's data, linked to an existing
//! one, or none.
//!
//! Creation never copies one value onto two customers (seed 004: a company and a contact
//! carrying the same phone and email break the routing of calls and mail):
//! - with a company name and a contact name, a company and a person belonging to it are
//!   created; the person carries the email, phone, mobile and messenger identities, the
//!   company only the company-level data (website, address);
//! - an active company of the same name (legal forms ignored) is reused, not created again;
//! - with only one of the two names, one customer is created and carries everything.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{identities, partners as partner_table};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, PartnerId, UserId};
use crate::domain::models::identities as identity_model;
use crate::domain::models::leads::Lead;
use crate::domain::models::partners::{self, PartnerInput, PartnerKind};
use crate::domain::now;
use crate::domain::similarity::keys;
use crate::domain::similarity::normalise;
use crate::domain::similarity::profile::Rec;
use crate::i18n::Msg;

/// The customer a conversion gives the opportunity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerChoice {
    /// Create one from the lead's data.
    Create,
    /// Link this existing customer.
    Link(PartnerId),
    /// No customer (the opportunity's customer is left empty).
    Nothing,
}

/// The customer `choice` gives `lead`, and whether it was created now. New customers are
/// assigned to `salesperson`.
pub fn resolve(
    conn: &mut DbConn,
    lead: &Lead,
    choice: &CustomerChoice,
    salesperson: Option<UserId>,
) -> DomainResult<(Option<PartnerId>, bool)> {
    match choice {
        CustomerChoice::Nothing => Ok((None, false)),
        CustomerChoice::Link(id) => {
            let partner = partners::find(conn, *id).map_err(|e| match e {
                DomainError::NotFound => DomainError::invalid(
                    "partner_id",
                    Msg::new("msg.convert.no_customer").text("id", id.to_string()),
                ),
                other => other,
            })?;
            if !partner.active {
                return Err(DomainError::invalid(
                    "partner_id",
                    Msg::new("msg.convert.customer_archived").text("id", id.to_string()),
                ));
            }
            Ok((Some(*id), false))
        }
        CustomerChoice::Create => {
            let (id, created) = create_from_lead(conn, lead, salesperson)?;
            Ok((Some(id), created))
        }
    }
}

fn text(v: &Option<String>) -> String {
    v.as_deref().map(str::trim).unwrap_or_default().to_string()
}

/// Whether a customer can be created from the lead: it names a contact or a company.
pub fn can_create(lead: &Lead) -> bool {
    !text(&lead.contact_name).is_empty() || !text(&lead.company_name).is_empty()
}

/// The address and website of the lead, as a partner form holds them.
fn with_address(lead: &Lead, mut input: PartnerInput) -> PartnerInput {
    input.street = text(&lead.address.street);
    input.street2 = text(&lead.address.street2);
    input.city = text(&lead.address.city);
    input.zip = text(&lead.address.zip);
    input.state = text(&lead.address.state);
    input.country = text(&lead.address.country);
    input.website = text(&lead.details.website);
    input
}

/// The lead's ways to reach the person: email, phone, mobile.
fn with_contacts(lead: &Lead, mut input: PartnerInput) -> PartnerInput {
    input.email = text(&lead.email);
    // A verified number goes over in its international form: it was read with the country
    // of whoever typed it, which need not be the converter's.
    input.phone = shown(&lead.phone, &lead.phone_e164);
    input.mobile = shown(&lead.mobile, &lead.mobile_e164);
    input.country = text(&lead.address.country);
    input
}

fn shown(typed: &Option<String>, e164: &Option<String>) -> String {
    typed
        .as_deref()
        .map(|t| crate::domain::values::phone_shown(t, e164.as_deref()))
        .unwrap_or_default()
}

/// An active company whose name is `name` once legal forms and spelling are normalised.
fn existing_company(conn: &mut DbConn, name: &str) -> DomainResult<Option<PartnerId>> {
    let Some(key) = normalise::company_key(name) else {
        return Ok(None);
    };
    Ok(partner_table::table
        .filter(partner_table::kind.eq(PartnerKind::Company))
        .filter(partner_table::active.eq(true))
        .filter(partner_table::name_key.eq(key))
        .order(partner_table::id.asc())
        .select(partner_table::id)
        .first::<i32>(conn)
        .optional()?
        .map(PartnerId))
}

/// Creates the customer(s) of `lead` (see the module header) and returns the one the
/// opportunity links to (the person when there is one, else the company) and whether it was
/// created (false: an existing company of that name was reused).
pub fn create_from_lead(
    conn: &mut DbConn,
    lead: &Lead,
    salesperson: Option<UserId>,
) -> DomainResult<(PartnerId, bool)> {
    let contact = text(&lead.contact_name);
    let company = text(&lead.company_name);
    if contact.is_empty() && company.is_empty() {
        return Err(DomainError::invalid(
            "customer",
            Msg::new("msg.convert.nothing_to_create"),
        ));
    }
    let owner = salesperson.map(|u| u.to_string()).unwrap_or_default();
    let fail = |e: DomainError| match e {
        DomainError::Invalid(errors) => DomainError::invalid(
            "customer",
            Msg::new("msg.convert.cannot_create").msg(
                "problems",
                crate::domain::error::joined(errors.into_values(), " "),
            ),
        ),
        other => other,
    };
    let mut reused = false;
    let company_id = if company.is_empty() {
        None
    } else if let Some(found) = existing_company(conn, &company)? {
        reused = true;
        Some(found)
    } else {
        let mut input = with_address(
            lead,
            PartnerInput {
                kind: PartnerKind::Company.as_str().into(),
                name: company.clone(),
                salesperson_id: owner.clone(),
                ..PartnerInput::default()
            },
        );
        if contact.is_empty() {
            input = with_contacts(lead, input);
        }
        Some(partners::create(conn, &input).map_err(fail)?.id)
    };
    let linked = if contact.is_empty() {
        company_id.ok_or_else(|| DomainError::Internal("no company created".into()))?
    } else {
        reused = false;
        let mut input = PartnerInput {
            kind: PartnerKind::Person.as_str().into(),
            name: contact,
            company_id: company_id.map(|c| c.to_string()).unwrap_or_default(),
            salesperson_id: owner,
            ..PartnerInput::default()
        };
        if company_id.is_none() {
            input = with_address(lead, input);
        }
        input = with_contacts(lead, input);
        partners::create(conn, &input).map_err(fail)?.id
    };
    copy_identities(conn, lead.id, linked)?;
    Ok((linked, !reused))
}

/// Gives the customer the lead's messenger identities it does not have yet.
fn copy_identities(conn: &mut DbConn, lead: LeadId, to: PartnerId) -> DomainResult<()> {
    let theirs = identity_model::for_lead(conn, lead)?;
    let has = identity_model::for_partner(conn, to)?;
    let mut added = 0;
    for identity in theirs {
        if has
            .iter()
            .any(|h| h.channel == identity.channel && h.handle_norm == identity.handle_norm)
        {
            continue;
        }
        diesel::insert_into(identities::table)
            .values((
                identities::partner_id.eq(Some(to.0)),
                identities::lead_id.eq(None::<i32>),
                identities::channel.eq(&identity.channel),
                identities::handle.eq(&identity.handle),
                identities::handle_norm.eq(&identity.handle_norm),
                identities::created_at.eq(now()),
            ))
            .execute(conn)?;
        added += 1;
    }
    if added > 0 {
        keys::refresh(conn, Rec::Partner(to.0))?;
    }
    Ok(())
}
