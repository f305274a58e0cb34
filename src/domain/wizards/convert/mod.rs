//! Convert to Opportunity: a lead becomes an opportunity, optionally after being merged with
//! its duplicates, assigned to a salesperson and a team, and linked to a customer.
//!
//! - [`ConvertInput`] is the wizard as typed (strings only, the HTML form and the JSON API
//!   fill it alike); [`ConvertInput::parse`] (in [`self::input`]) gives a
//!   [`ConvertRequest`] or field errors;
//! - [`Conversion::defaults`] (in [`self::form`]) is what the wizard shows first;
//! - [`Conversion::apply`] does it in one write transaction: in merge mode the records are
//!   merged first (the merge wizard's rules: the oldest survives, the result is active) and
//!   the survivor is converted. The record becomes an opportunity, keeps its stage when it is
//!   valid for its team (else takes the team's first stage), records the conversion date,
//!   gets the salesperson and team, its customer (created, linked or none, see
//!   [`self::customer`]) and a chatter message saying what happened;
//! - lost, won, archived records and opportunities are refused with a clear message and
//!   nothing changed; a record the actor cannot see is `NotFound`, and so is a record to
//!   merge with that they cannot see.
//!
//! Mass conversion from the list is [`self::mass`].

pub mod customer;
pub mod form;
pub mod input;
pub mod mass;

use diesel::prelude::*;

use self::customer::CustomerChoice;
pub use self::input::{ConvertAction, ConvertInput, ConvertRequest, CustomerPolicy};
pub(super) use super::assign::{assignment, first_team_of};
pub(super) use super::lenient::typed_id;
use super::merge::Merge;
use crate::db::schema::{leads, stages};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::customers::find;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, Owner, PartnerId, StageId, TeamId, UserId};
use crate::domain::models::chatter::{self, MessageKind};
use crate::domain::models::leads::{self as model, Kind, Lead};
use crate::domain::models::stages::Stage;
use crate::domain::now;
use crate::domain::records;
use crate::i18n::Msg;

/// What [`Conversion::apply`] did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ConvertOutcome {
    /// The opportunity (the merge survivor in merge mode): where the user lands.
    pub opportunity: LeadId,
    /// Records merged into it.
    pub merged: Vec<LeadId>,
    /// The customer it is linked to, if any.
    pub customer: Option<PartnerId>,
    /// Whether that customer was created by this conversion.
    pub customer_created: bool,
}

/// The Convert to Opportunity wizard of one lead.
pub struct Conversion;

impl Conversion {
    /// Converts `lead` as `input` says, in one transaction, by `actor`.
    pub fn apply(
        conn: &mut DbConn,
        actor: &Actor,
        lead: LeadId,
        input: &ConvertInput,
    ) -> DomainResult<ConvertOutcome> {
        let input = &typed_customer(conn, input)?;
        let request = input.parse(lead)?;
        write_tx(conn, |conn| {
            let record = records::find_writable(conn, actor, lead)?;
            refuse_unconvertible(conn, &record)?;
            let (salesperson, team) = check_assignment(conn, actor, &request)?;
            let (survivor, merged) = if request.action == ConvertAction::Merge {
                let mut ids = vec![lead];
                ids.extend(request.merge_with.iter().copied());
                merge_first(conn, actor, ids)?
            } else {
                (lead, Vec::new())
            };
            let (customer, created) = convert_record(
                conn,
                actor,
                survivor,
                (salesperson, team),
                &request.customer,
                merged.len(),
            )?;
            Ok(ConvertOutcome {
                opportunity: survivor,
                merged,
                customer,
                customer_created: created,
            })
        })
    }
}

/// The wizard with a customer typed by name (`link` with "Northgate Foods") made its ID,
/// or the field error naming the matches (see `customers::find::resolve`).
fn typed_customer(conn: &mut DbConn, input: &ConvertInput) -> DomainResult<ConvertInput> {
    let mut input = input.clone();
    if input.customer.trim() == CustomerPolicy::Link.as_str() {
        match find::resolve_text(conn, &input.partner_id)? {
            Ok(id) => input.partner_id = id,
            Err(message) => return Err(DomainError::invalid("partner_id", message)),
        }
    }
    Ok(input)
}

/// Merges `ids` with the merge wizard's rules (rights, oldest survives, active result);
/// returns the survivor and the records merged away. A merge refusal names its field
/// `merge_ids`, so it shows next to the list of records.
pub(super) fn merge_first(
    conn: &mut DbConn,
    actor: &Actor,
    ids: Vec<LeadId>,
) -> DomainResult<(LeadId, Vec<LeadId>)> {
    let outcome = Merge::new(ids).apply(conn, actor).map_err(|e| match e {
        DomainError::Invalid(errors) => {
            let text = crate::domain::error::joined(errors.into_values(), " ");
            DomainError::invalid("merge_ids", text)
        }
        other => other,
    })?;
    Ok((outcome.survivor, outcome.merged))
}

/// Why a record cannot be converted, when it cannot: lost, won, archived, merged away, or
/// already an opportunity.
pub fn refusal(conn: &mut DbConn, lead: &Lead) -> DomainResult<Option<Msg>> {
    let title = &lead.title;
    if lead.merged_into_id.is_some() {
        return Ok(Some(refused("msg.convert.merged", title)));
    }
    if lead.is_lost() {
        return Ok(Some(refused("msg.convert.lost", title)));
    }
    if !lead.active {
        return Ok(Some(refused("msg.convert.archived", title)));
    }
    if let Some(stage) = lead.stage_id {
        let won: Option<bool> = stages::table
            .find(stage)
            .select(stages::is_won)
            .first(conn)
            .optional()?;
        if won == Some(true) {
            return Ok(Some(refused("msg.convert.won", title)));
        }
    }
    if lead.kind == Kind::Opportunity {
        return Ok(Some(refused("msg.convert.already_opportunity", title)));
    }
    Ok(None)
}

/// A refusal naming the record.
fn refused(key: &str, title: &str) -> Msg {
    Msg::new(key).text("title", title)
}

/// A `Conflict` with the refusal message, when the record cannot be converted.
pub(super) fn refuse_unconvertible(conn: &mut DbConn, lead: &Lead) -> DomainResult<()> {
    match refusal(conn, lead)? {
        Some(message) => Err(DomainError::Conflict(message)),
        None => Ok(()),
    }
}

/// The stage a converted record takes: its own when valid for `team` (shared, or that
/// team's), else the first such stage of the pipeline.
fn stage_for(
    conn: &mut DbConn,
    current: Option<StageId>,
    team: Option<TeamId>,
) -> DomainResult<Option<Stage>> {
    let all = crate::domain::models::stages::list(conn)?;
    let valid = |s: &Stage| s.team_id.is_none() || s.team_id == team;
    if let Some(stage) = all.iter().find(|s| Some(s.id) == current && valid(s)) {
        return Ok(Some(stage.clone()));
    }
    Ok(all.into_iter().find(|s| valid(s) && !s.is_won))
}

/// Turns the visible record `id` into an opportunity assigned to `salesperson` and `team`
/// with its customer, and posts the conversion message. Returns the customer and whether it
/// was created. Runs inside the caller's transaction.
pub(super) fn convert_record(
    conn: &mut DbConn,
    actor: &Actor,
    id: LeadId,
    (salesperson, team): (Option<UserId>, Option<TeamId>),
    customer: &CustomerChoice,
    merged: usize,
) -> DomainResult<(Option<PartnerId>, bool)> {
    let before = model::find(conn, id)?;
    let (partner, created) = customer::resolve(conn, &before, customer, salesperson)?;
    let stage = stage_for(conn, before.stage_id, team)?;
    let probability = match &stage {
        Some(s) if Some(s.id) != before.stage_id => s.probability,
        _ => before.probability,
    };
    let at = now();
    diesel::update(leads::table.find(id))
        .set((
            leads::kind.eq(Kind::Opportunity),
            leads::stage_id.eq(stage.as_ref().map(|s| s.id).or(before.stage_id)),
            leads::probability.eq(probability),
            leads::salesperson_id.eq(salesperson.map(|u| u.0)),
            leads::team_id.eq(team.map(|t| t.0)),
            leads::partner_id.eq(partner.map(|p| p.0)),
            leads::converted_at.eq(Some(before.converted_at.unwrap_or(at))),
            leads::updated_at.eq(at),
        ))
        .execute(conn)?;
    model::after_write(conn, id)?;
    crate::domain::webhooks::events::lead_converted(conn, id, partner, created)?;
    let after = model::find(conn, id)?;
    let event = conversion_message(conn, merged, partner, created)?;
    chatter::post_event(
        conn,
        Owner::Lead(id),
        Some(actor.id),
        MessageKind::Conversion,
        &event,
        &model::tracked_changes(&before, &after),
    )?;
    Ok((partner, created))
}

fn conversion_message(
    conn: &mut DbConn,
    merged: usize,
    partner: Option<PartnerId>,
    created: bool,
) -> DomainResult<crate::i18n::Msg> {
    use crate::i18n::Msg;
    let head = if merged > 0 {
        "event.conversion.converted_merged"
    } else {
        "event.conversion.converted"
    };
    let marker = |c: &crate::domain::models::partners::Partner| format!("{} (#{})", c.name, c.id);
    let Some(p) = partner else {
        return Ok(Msg::new("event.conversion.no_customer").label("head", head));
    };
    let customer = crate::domain::models::partners::find(conn, p)?;
    let event = match (created, customer.company_id) {
        (false, _) => Msg::new("event.conversion.linked"),
        (true, None) => Msg::new("event.conversion.created"),
        (true, Some(company)) => {
            let company = crate::domain::models::partners::find(conn, company)?;
            Msg::new("event.conversion.created_in").text("company", marker(&company))
        }
    };
    Ok(event
        .label("head", head)
        .text("customer", marker(&customer)))
}

/// Checks that the salesperson and team exist and that the actor may assign to them; a
/// blank team follows the salesperson.
pub fn check_assignment(
    conn: &mut DbConn,
    actor: &Actor,
    request: &ConvertRequest,
) -> DomainResult<(Option<UserId>, Option<TeamId>)> {
    assignment(conn, actor, request.salesperson, request.team)
}
