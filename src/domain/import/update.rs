//! Writing a row into a lead that already exists: the external-id match (the file is the
//! newer copy of that record, so its values replace the stored ones) and the
//! update-or-merge policy (the stored lead is kept, the file only fills its blanks and adds
//! its tags and messengers). Both go through `leads::update_by`, so the change is
//! validated, logged in the chatter (old → new) and re-keyed like an edit by hand.

use crate::db::DbConn;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, Owner, UserId};
use crate::domain::models::leads::{self, LeadInput, Unparsed};
use crate::domain::models::{identities, tags};

use super::mapping::Field;
use super::rows::Prepared;

fn id<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|i| i.to_string()).unwrap_or_default()
}

/// Puts the row's value of `field` into `input` when `replace` or when the stored one is
/// blank ("0" counts as blank for money and priority).
fn overlay(input: &mut LeadInput, p: &Prepared, field: Field, replace: bool) {
    let v = &p.valid;
    let slot: (&mut String, String) = match field {
        Field::Column(column) => {
            let row = column.field();
            let Some(input_of) = row.input else { return };
            (input_of(input), (row.valid)(v))
        }
        Field::Stage => (&mut input.stage_id, id(p.stage.map(|s| s.0))),
        Field::Salesperson => (&mut input.salesperson_id, id(v.salesperson_id)),
        Field::Team => (&mut input.team_id, id(v.team_id)),
        // Tags and messengers are added, never replaced; kind, state and creation date
        // belong to the stored record.
        Field::Tags
        | Field::Messengers
        | Field::Channel(_)
        | Field::Kind
        | Field::Active
        | Field::LostReason
        | Field::CreatedAt => return,
    };
    let (current, new) = slot;
    let blank = current.trim().is_empty() || current == "0" || current == "0.00";
    // The stage of a stored record is its own unless the file replaces it.
    let keep_stage = field == Field::Stage && !replace;
    if (replace || blank) && !keep_stage {
        *current = new;
    }
}

/// Writes the row into lead `id`: `replace` for an external-id match, fill-in otherwise.
/// A row that would change nothing (same values, tags and messengers already there) writes
/// nothing at all, so re-importing an unchanged file leaves every record as it was; the
/// answer is whether the lead changed.
pub fn into_existing(
    conn: &mut DbConn,
    author: UserId,
    id: i32,
    p: &Prepared,
    replace: bool,
    country: &str,
) -> DomainResult<bool> {
    let lead = leads::find(conn, LeadId(id))?;
    let stored: Vec<String> = tags::for_lead(conn, LeadId(id))?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let mut names = stored.clone();
    for t in &p.valid.tags {
        if !names.contains(t) {
            names.push(t.clone());
        }
    }
    let before = LeadInput::of_lead(&lead, &stored);
    let mut input = LeadInput::of_lead(&lead, &names);
    for field in &p.given {
        overlay(&mut input, p, *field, replace);
    }
    let owner = Owner::Lead(LeadId(id));
    let mut new_handles = Vec::new();
    for (channel, handle, norm) in &p.messengers {
        if !identities::is_owned(conn, owner, *channel, norm)? {
            new_handles.push((*channel, handle));
        }
    }
    let fields_changed = input != before;
    if !fields_changed && new_handles.is_empty() {
        return Ok(false);
    }
    if fields_changed {
        // The row's unverified numbers are kept, as on a new lead.
        leads::update_with(conn, Some(author), LeadId(id), &input, Unparsed::Keep)?;
    }
    let country = p.valid.address.country.as_deref().unwrap_or(country);
    for (channel, handle) in new_handles {
        identities::add(conn, owner, channel, handle, country)?;
    }
    Ok(true)
}
