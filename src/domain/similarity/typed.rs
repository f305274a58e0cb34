//! The duplicates of a record still being typed: the lead form asks while it is filled in
//! (a debounced JSON call) and on its first Save, before the record exists. The typed values
//! are profiled as a save would store them (the same normalisation as the lead form), then
//! looked up and scored exactly as the warnings after a save ([`super::warnings_for_new`]):
//! probable duplicates among leads and customers. Nothing is written, nothing is blocked.

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::customers::find;
use crate::domain::error::DomainResult;
use crate::domain::ids::LeadId;
use crate::domain::models::identities::IdentityChannel;
use crate::domain::models::leads::input::{email_as_typed, phone_as_typed};
use crate::domain::models::leads::{self as model, Kind, LeadInput, Unparsed};
use crate::domain::records::{self, MessengerInput};
use crate::domain::similarity::candidates::{Match, matches};
use crate::domain::similarity::normalise;
use crate::domain::similarity::profile::{LeadRow, Profile, Rec};
use crate::domain::values;

/// A record as typed in the lead form.
pub struct Typed<'a> {
    pub input: &'a LeadInput,
    /// The Messengers rows as typed (blank and unreadable rows are skipped).
    pub messengers: &'a [MessengerInput],
    /// What the Save makes: an opportunity from the pipeline, else the Leads setting's kind
    /// (an edited record keeps its own).
    pub kind: Kind,
    /// The record being edited: never reported as its own duplicate, and its "not a
    /// duplicate" marks count.
    pub editing: Option<LeadId>,
}

/// The probable duplicates of what is typed, best first; records the actor may not open are
/// redacted (see [`Match::visible`]). An edited record the actor cannot open is `NotFound`.
pub fn duplicates_of_typed(
    conn: &mut DbConn,
    actor: &Actor,
    typed: &Typed,
) -> DomainResult<Vec<Match>> {
    super::candidates::counted(|| typed_duplicates(conn, actor, typed))
}

fn typed_duplicates(conn: &mut DbConn, actor: &Actor, typed: &Typed) -> DomainResult<Vec<Match>> {
    let (stored_team, kind) = match typed.editing {
        Some(id) => {
            let stored = records::find_open(conn, actor, id)?;
            (stored.team_id, stored.kind)
        }
        None => (None, typed.kind),
    };
    let default_country = model::phone_country(conn, Some(actor.id), typed.input, stored_team)?;
    let subject = profile_of(typed, kind, &default_country);
    let mut found = matches(conn, actor, &subject, true, true)?;
    // The customer the form links the record to is chosen, not duplicated.
    let linked = |m: &Match| m.record.is_customer && Some(m.record.id) == subject.customer;
    found.retain(|m| m.is_duplicate() && !linked(m));
    Ok(found)
}

/// The profile a save of `typed` would give, from whatever of it reads: a field that would
/// be refused (a half-typed number) is left out instead of failing the look-up.
pub fn profile_of(typed: &Typed, kind: Kind, default_country: &str) -> Profile {
    let input = typed.input;
    let country = values::optional_country(&input.address.country, "lead.country")
        .ok()
        .flatten()
        .unwrap_or_else(|| default_country.to_string());
    let number = |raw: &str| phone_as_typed(raw, "lead.phone", &country, Unparsed::Refuse);
    let (phone, phone_e164) = number(&input.phone).ok().flatten().unzip();
    let (mobile, mobile_e164) = number(&input.mobile).ok().flatten().unzip();
    let email_norm = email_as_typed(&input.email, Unparsed::Refuse)
        .ok()
        .flatten()
        .and_then(|(_, norm)| norm);
    let line = |raw: &str| Some(raw.trim().to_string()).filter(|v| !v.is_empty());
    let contact_name = line(&input.contact_name);
    let company_name = line(&input.company_name);
    let id = |raw: &str| raw.trim().parse::<i32>().ok();
    let mut profile = Profile::from_lead(LeadRow {
        id: 0,
        kind: kind.as_str().to_string(),
        title: input.title.trim().to_string(),
        contact_name_key: contact_name.as_deref().and_then(normalise::name_key),
        company_name_key: company_name.as_deref().and_then(normalise::company_key),
        contact_name,
        company_name,
        email_norm,
        phone,
        phone_e164: phone_e164.flatten(),
        mobile,
        mobile_e164: mobile_e164.flatten(),
        street: line(&input.address.street),
        city: line(&input.address.city),
        zip: line(&input.address.zip),
        partner_id: find::typed_id(&input.partner_id).map(|p| p.0),
        salesperson_id: id(&input.salesperson_id),
        team_id: id(&input.team_id),
        active: true,
        probability: 10,
    });
    profile.rec = typed.editing.map(|id| Rec::Lead(id.0));
    for row in typed.messengers {
        let Ok(channel) = IdentityChannel::parse(&row.channel) else {
            continue;
        };
        let handle = row.handle.trim();
        if let Ok(norm) = normalise::handle_norm(channel.as_str(), handle, &country) {
            profile.add_identity(channel.as_str(), norm);
        }
    }
    profile
}
