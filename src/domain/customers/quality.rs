//! The Data quality page's actions: a company and a person carrying the same phone number or
//! email address. One click keeps it on the person, keeps it on the company, or marks it as
//! the company's switchboard (the person joins the company, the number is the company's
//! phone and may stay on both). Logged in both chatters. Managers and admins only, as the
//! page.

use diesel::prelude::*;

use crate::db::schema::partners;
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{Owner, PartnerId};
use crate::domain::models::chatter::{self, MessageKind};
use crate::domain::models::partners::{self as model, Partner, PartnerKind};
use crate::domain::now;
use crate::domain::similarity::keys;
use crate::domain::similarity::profile::Rec;
use crate::i18n::Msg;

use super::edit::tracked_changes;

text_enum! {
    /// What becomes of a value a company and a person share.
    Resolution, "data quality action" {
        KeepOnPerson => "keep_on_person",
        KeepOnCompany => "keep_on_company",
        Switchboard => "switchboard",
    }
}

text_enum! {
    /// Which kind of value is shared.
    Shared, "shared value" { Phone => "phone", Email => "email" }
}

/// The company and the person of a conflict, checked to be one of each.
fn pair(
    conn: &mut DbConn,
    company: PartnerId,
    person: PartnerId,
) -> DomainResult<(Partner, Partner)> {
    let (company, person) = (model::find(conn, company)?, model::find(conn, person)?);
    if company.kind != PartnerKind::Company || person.kind != PartnerKind::Person {
        return Err(DomainError::invalid(
            "partners",
            Msg::new("msg.quality.choose_pair"),
        ));
    }
    Ok((company, person))
}

/// Whether `p` carries `key` (an E.164 number or a normalised address).
fn carries(p: &Partner, shared: Shared, key: &str) -> bool {
    match shared {
        Shared::Phone => [&p.phone_e164, &p.mobile_e164]
            .iter()
            .any(|v| v.as_deref() == Some(key)),
        Shared::Email => p.email_norm.as_deref() == Some(key),
    }
}

/// Takes `key` off partner `p` (every column holding it).
fn remove(conn: &mut DbConn, p: &Partner, shared: Shared, key: &str) -> DomainResult<()> {
    let target = partners::table.find(p.id);
    match shared {
        Shared::Phone => {
            if p.phone_e164.as_deref() == Some(key) {
                diesel::update(target)
                    .set((
                        partners::phone.eq(None::<String>),
                        partners::phone_e164.eq(None::<String>),
                    ))
                    .execute(conn)?;
            }
            if p.mobile_e164.as_deref() == Some(key) {
                diesel::update(target)
                    .set((
                        partners::mobile.eq(None::<String>),
                        partners::mobile_e164.eq(None::<String>),
                    ))
                    .execute(conn)?;
            }
        }
        Shared::Email => {
            diesel::update(target)
                .set((
                    partners::email.eq(None::<String>),
                    partners::email_norm.eq(None::<String>),
                ))
                .execute(conn)?;
        }
    }
    diesel::update(target)
        .set(partners::updated_at.eq(now()))
        .execute(conn)?;
    Ok(())
}

/// The person joins the company, and the company's phone is the shared number: when the
/// company carries it as its mobile, its phone and mobile are swapped.
fn switchboard(
    conn: &mut DbConn,
    company: &Partner,
    person: &Partner,
    key: &str,
) -> DomainResult<()> {
    diesel::update(partners::table.find(person.id))
        .set((
            partners::company_id.eq(company.id),
            partners::updated_at.eq(now()),
        ))
        .execute(conn)?;
    if company.phone_e164.as_deref() != Some(key) {
        diesel::update(partners::table.find(company.id))
            .set((
                partners::phone.eq(&company.mobile),
                partners::phone_e164.eq(&company.mobile_e164),
                partners::mobile.eq(&company.phone),
                partners::mobile_e164.eq(&company.phone_e164),
                partners::updated_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Applies `how` to the value `key` that `company` and `person` share; each side's changes,
/// and what was done, are logged in both chatters.
pub fn resolve(
    conn: &mut DbConn,
    actor: &Actor,
    company: PartnerId,
    person: PartnerId,
    shared: Shared,
    key: &str,
    how: Resolution,
) -> DomainResult<()> {
    actor.require_manager()?;
    write_tx(conn, |conn| {
        let (company, person) = pair(conn, company, person)?;
        if !carries(&company, shared, key) || !carries(&person, shared, key) {
            return Err(DomainError::invalid(
                "key",
                Msg::new("msg.quality.no_longer_shared"),
            ));
        }
        match how {
            Resolution::KeepOnPerson => remove(conn, &company, shared, key)?,
            Resolution::KeepOnCompany => remove(conn, &person, shared, key)?,
            Resolution::Switchboard => {
                if shared != Shared::Phone {
                    return Err(DomainError::invalid(
                        "how",
                        Msg::new("msg.quality.switchboard_phone_only"),
                    ));
                }
                switchboard(conn, &company, &person, key)?;
            }
        }
        let marker = |p: &Partner| format!("{} (#{})", p.name, p.id);
        let note = match how {
            Resolution::KeepOnPerson => Msg::new("event.quality.kept")
                .text("value", key.to_string())
                .text("kept", marker(&person))
                .text("taken", marker(&company)),
            Resolution::KeepOnCompany => Msg::new("event.quality.kept")
                .text("value", key.to_string())
                .text("kept", marker(&company))
                .text("taken", marker(&person)),
            Resolution::Switchboard => Msg::new("event.quality.switchboard")
                .text("value", key.to_string())
                .text("company", marker(&company))
                .text("person", marker(&person)),
        };
        for before in [&company, &person] {
            keys::refresh(conn, Rec::Partner(before.id.0))?;
            let after = model::find(conn, before.id)?;
            let changes = tracked_changes(before, &after);
            chatter::post_event(
                conn,
                Owner::Partner(before.id),
                Some(actor.id),
                MessageKind::Log,
                &note,
                &changes,
            )?;
        }
        Ok(())
    })
}
