//! Wizards: one user-confirmed operation on one or several records per file, each in one
//! write transaction, each checking the actor's rights on every record it touches.
//!
//! - [`lost`]: Mark as Lost (reason picked or created on the spot, closing note);
//! - [`restore`]: Restore a lost record, mass Unarchive;
//! - [`archive`]: Archive without losing, and the "lost" rule (inactive and probability 0);
//! - [`merge`]: Merge records without losing anything ([`merge::policy`] picks the fields,
//!   [`merge::journal`] keeps the snapshot), and [`merge::undo`];
//! - [`convert`]: Convert to Opportunity ([`convert::input`] checks the wizard as typed,
//!   [`convert::form`] shows the defaults,
//!   [`assign`] checks the salesperson and team (for merge too),
//!   [`convert::customer`] creates or links the customer, [`convert::mass`] converts a
//!   selection).

pub mod archive;
pub mod assign;
pub mod convert;
pub mod lenient;
pub mod lost;
pub mod merge;
pub mod restore;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::leads;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::LeadId;
use crate::domain::models::leads::Lead;
use crate::i18n::Msg;

/// The records with these ids, in the order given, when the actor may change every one of
/// them. A missing or hidden record answers `NotFound` (never "forbidden", so a salesperson
/// cannot probe a colleague's ids); then a record merged away answers `MergedInto` its
/// survivor; then one the actor may only read answers `Forbidden`. An empty selection is a
/// field error.
pub fn load_editable(conn: &mut DbConn, actor: &Actor, ids: &[LeadId]) -> DomainResult<Vec<Lead>> {
    let ordered = load_visible(conn, actor, ids)?;
    if let Some(survivor) = ordered.iter().find_map(|l| l.merged_into_id) {
        return Err(DomainError::MergedInto(survivor));
    }
    if ordered.iter().any(|l| !actor.can_write(l.salesperson_id)) {
        return Err(DomainError::Forbidden);
    }
    Ok(ordered)
}

/// The records with these ids, in the order given and without repeats, merged ones included,
/// when the actor may see every one of them (a missing or hidden one: `NotFound`).
pub(crate) fn load_visible(
    conn: &mut DbConn,
    actor: &Actor,
    ids: &[LeadId],
) -> DomainResult<Vec<Lead>> {
    if ids.is_empty() {
        return Err(DomainError::invalid(
            "ids",
            Msg::new("msg.wizard.select_one"),
        ));
    }
    let raw: Vec<i32> = ids.iter().map(|id| id.0).collect();
    let found: Vec<Lead> = leads::table
        .filter(leads::id.eq_any(&raw))
        .select(Lead::as_select())
        .load(conn)?;
    let mut ordered: Vec<Lead> = Vec::with_capacity(ids.len());
    for id in ids {
        if ordered.iter().any(|l| l.id == *id) {
            continue;
        }
        let lead = found
            .iter()
            .find(|l| l.id == *id)
            .filter(|l| actor.can_see(l.salesperson_id, l.team_id))
            .ok_or(DomainError::NotFound)?;
        ordered.push(lead.clone());
    }
    Ok(ordered)
}

/// Ids typed in a form or a query string; anything that is not a positive number is a
/// field error rather than a crash.
pub fn parse_ids(raw: &[String]) -> DomainResult<Vec<LeadId>> {
    raw.iter()
        .filter(|r| !r.trim().is_empty())
        .map(|r| {
            r.trim()
                .parse::<i32>()
                .ok()
                .filter(|id| *id > 0)
                .map(LeadId)
                .ok_or_else(|| {
                    DomainError::invalid(
                        "ids",
                        Msg::new("msg.wizard.not_record").text("value", r.trim()),
                    )
                })
        })
        .collect()
}
