//! The Save of a new lead from the form, with the duplicate check before the record exists:
//! a first Save whose typed values match existing records answers with them instead of
//! saving ("Save anyway" then confirms); "Merge into it" checks the record to merge into
//! before anything is saved.

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::customers::reach;
use crate::domain::error::{DomainError, DomainResult, FieldErrors};
use crate::domain::ids::LeadId;
use crate::domain::models::leads::{Kind, Lead, LeadInput};
use crate::domain::records::{self, MessengerEdits};
use crate::domain::similarity::Match;
use crate::domain::similarity::typed::{self, Typed};

/// What the form's Save asks of the duplicate check (the hidden `confirm_duplicates` field
/// and the "Merge into it" buttons).
#[derive(Debug, Clone, Copy, Default)]
pub struct Ask {
    /// "Save anyway": the user saw the matches.
    pub confirmed: bool,
    /// "Merge into it": save, then merge into this record.
    pub merge_into: Option<LeadId>,
}

/// The first Save of a new record: its probable duplicates and its mistakes, or `None` when
/// nothing matches (the record is saved as usual).
pub fn first_save(
    c: &mut DbConn,
    actor: &Actor,
    input: &LeadInput,
    edits: &MessengerEdits,
    kind: Kind,
) -> DomainResult<Option<(Vec<Match>, FieldErrors)>> {
    let typed = Typed {
        input,
        messengers: &edits.add,
        kind,
        editing: None,
    };
    let found = typed::duplicates_of_typed(c, actor, &typed)?;
    if found.is_empty() {
        return Ok(None);
    }
    let errors = match records::check_new(c, actor, input, edits) {
        Ok(()) => FieldErrors::new(),
        Err(DomainError::Invalid(errors) | DomainError::Refused(errors)) => errors,
        Err(e) => return Err(e),
    };
    Ok(Some((found, errors)))
}

/// The record asked by "Merge into it", refused before anything is saved when the user may
/// not merge it.
pub fn merge_target(c: &mut DbConn, actor: &Actor, into: LeadId) -> DomainResult<()> {
    let lead = records::find_writable(c, actor, into)?;
    actor
        .can_merge(lead.salesperson_id)
        .then_some(())
        .ok_or(DomainError::Forbidden)
}

/// What a Save of a new record came to.
pub enum Created {
    Saved(Box<Lead>, Option<reach::ReachOffer>),
    /// The first Save matched existing records: the form again, with them.
    Warned(Vec<Match>, FieldErrors),
}

/// The Save of a new record (an opportunity when `opp`): "Merge into it" first checks the
/// record to merge into, a first Save checks for duplicates, then the record is created.
pub fn save_new(
    c: &mut DbConn,
    actor: &Actor,
    opp: bool,
    ask: Ask,
    input: &LeadInput,
    edits: &MessengerEdits,
) -> DomainResult<Created> {
    let kind = if opp {
        Kind::Opportunity
    } else {
        records::new_record_kind(c)?
    };
    if let Some(into) = ask.merge_into {
        merge_target(c, actor, into)?;
    } else if !ask.confirmed
        && let Some((found, errors)) = first_save(c, actor, input, edits, kind)?
    {
        return Ok(Created::Warned(found, errors));
    }
    let lead = records::create_kind(c, actor, kind, input, edits)?;
    let offer = reach::offer_for(c, &lead)?;
    Ok(Created::Saved(Box::new(lead), offer))
}
