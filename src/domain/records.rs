//! A lead's record as a user works on it: open it (hidden → not found, merged → the
//! survivor), create and edit it with its Messengers, move it through the stages, mark it
//! won, post notes. Every change of a tracked field is logged in the chatter as old → new
//! with its author (see [`leads::tracked_changes`]).

use diesel::prelude::*;

use crate::db::schema::{leads, stages};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::customers::find;
use crate::domain::error::{DomainError, DomainResult, FieldErrors};
use crate::domain::ids::{LeadId, Owner, StageId, TeamId};
use crate::domain::models::chatter::{self, MessageKind};
pub use crate::domain::models::chatter::{ChatterEntry, chatter_for};
use crate::domain::models::identities::{self, IdentityChannel};
use crate::domain::models::leads::{self as model, Kind, Lead, LeadInput, Unparsed};
use crate::domain::models::settings;
use crate::domain::now;
use crate::domain::similarity::normalise;
use crate::i18n::Msg;

/// What opening a record id gives.
#[derive(Debug, Clone)]
pub enum Opened {
    Record(Box<Lead>),
    /// The record was merged; show this one instead.
    MergedInto(LeadId),
}

/// One Messengers row as typed: a channel and a handle (both blank = nothing to add).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessengerInput {
    pub channel: String,
    pub handle: String,
}

/// Messengers edits: rows to add and identity ids to remove.
#[derive(Debug, Clone, Default)]
pub struct MessengerEdits {
    pub add: Vec<MessengerInput>,
    pub remove: Vec<i32>,
}

/// The record `id` when the actor may see it; hidden records are not found.
pub fn find_visible(conn: &mut DbConn, actor: &Actor, id: LeadId) -> DomainResult<Lead> {
    let lead = model::find(conn, id)?;
    if actor.can_see(lead.salesperson_id, lead.team_id) {
        Ok(lead)
    } else {
        Err(DomainError::NotFound)
    }
}

/// The record `id` when it is visible and not merged away: a merged record answers
/// `MergedInto` its survivor, so nothing is written to a record an Undo would overwrite.
pub fn find_open(conn: &mut DbConn, actor: &Actor, id: LeadId) -> DomainResult<Lead> {
    let lead = find_visible(conn, actor, id)?;
    match lead.merged_into_id {
        Some(survivor) => Err(DomainError::MergedInto(survivor)),
        None => Ok(lead),
    }
}

/// The record `id` when the actor may change it: hidden → `NotFound`, merged away →
/// `MergedInto`, read-only to the actor (a teammate's record) → `Forbidden`.
pub fn find_writable(conn: &mut DbConn, actor: &Actor, id: LeadId) -> DomainResult<Lead> {
    let lead = find_open(conn, actor, id)?;
    actor.require_write(lead.salesperson_id)?;
    Ok(lead)
}

/// Opens a record page: merged records point to their survivor.
pub fn open(conn: &mut DbConn, actor: &Actor, id: LeadId) -> DomainResult<Opened> {
    let lead = find_visible(conn, actor, id)?;
    Ok(match lead.merged_into_id {
        Some(survivor) => Opened::MergedInto(survivor),
        None => Opened::Record(Box::new(lead)),
    })
}

/// The kind new records get: leads when the Leads setting is on, else opportunities.
pub fn new_record_kind(conn: &mut DbConn) -> DomainResult<Kind> {
    Ok(if settings::load(conn)?.leads_enabled {
        Kind::Lead
    } else {
        Kind::Opportunity
    })
}

pub(crate) fn parse_messengers(
    edits: &MessengerEdits,
    country: &str,
) -> Result<Vec<(IdentityChannel, String)>, Msg> {
    let mut out = Vec::new();
    for row in &edits.add {
        let handle = row.handle.trim();
        if handle.is_empty() {
            continue;
        }
        let channel = IdentityChannel::parse(&row.channel)?;
        normalise::handle_norm(channel.as_str(), handle, country).map_err(|m| {
            Msg::new("msg.handle.invalid")
                .text("handle", handle)
                .msg("problem", m)
        })?;
        out.push((channel, handle.to_string()));
    }
    Ok(out)
}

/// What [`check_all`] gives a write: the default country, the Messengers to add, and the
/// input with the customer as an ID.
type Checked = (String, Vec<(IdentityChannel, String)>, LeadInput);

/// Checks the lead fields and the Messengers together, so every mistake shows at once.
/// The Customer field may name the customer (see `customers::find::resolve`): the input
/// returned carries its ID. Numbers are read with the actor's country (see
/// `leads::phone_country`; `stored_team` is the edited record's team).
fn check_all(
    conn: &mut DbConn,
    actor: &Actor,
    input: &LeadInput,
    edits: &MessengerEdits,
    unparsed: Unparsed,
    stored_team: Option<TeamId>,
) -> DomainResult<Checked> {
    let country = model::phone_country(conn, Some(actor.id), input, stored_team)?;
    let mut errors = FieldErrors::new();
    let mut refused = None;
    let mut input = input.clone();
    match find::resolve_text(conn, &input.partner_id)? {
        Ok(id) => input.partner_id = id,
        Err(message) => {
            errors.insert("partner_id", message);
            input.partner_id.clear();
        }
    }
    match input.parse_with(&country, unparsed) {
        Ok(valid) => {
            if !actor.can_assign(valid.salesperson_id, valid.team_id) {
                refused = Some(Msg::new("msg.records.assign_refused"));
            }
        }
        Err(DomainError::Invalid(e)) => errors.extend(e),
        Err(e) => return Err(e),
    }
    let messengers = parse_messengers(edits, &country).unwrap_or_else(|m| {
        errors.insert("messengers", m);
        Vec::new()
    });
    // A refused assignment alone is a refusal by rights; with mistakes, one more field error.
    match refused {
        Some(message) if errors.is_empty() => Err(DomainError::refused("salesperson_id", message)),
        _ if errors.is_empty() => Ok((country, messengers, input)),
        Some(message) => {
            errors.insert("salesperson_id", message);
            Err(DomainError::Invalid(errors))
        }
        None => Err(DomainError::Invalid(errors)),
    }
}

/// Removes the owner's handles listed in `remove` (others' are ignored) and adds `add`.
pub(crate) fn apply_messengers(
    conn: &mut DbConn,
    on: Owner,
    add: &[(IdentityChannel, String)],
    remove: &[i32],
    country: &str,
) -> DomainResult<()> {
    let held = match on {
        Owner::Lead(id) => identities::for_lead(conn, id)?,
        Owner::Partner(id) => identities::for_partner(conn, id)?,
    };
    let mine: Vec<i32> = held.iter().map(|i| i.id.0).collect();
    for gone in remove.iter().filter(|r| mine.contains(r)) {
        identities::remove(conn, *gone)?;
    }
    for (channel, handle) in add {
        identities::add(conn, on, *channel, handle, country)?;
    }
    Ok(())
}

/// Checks a new record's fields and Messengers without saving anything: the lead form's
/// first Save shows its mistakes and its probable duplicates at once.
pub fn check_new(
    conn: &mut DbConn,
    actor: &Actor,
    input: &LeadInput,
    edits: &MessengerEdits,
) -> DomainResult<()> {
    actor.require_create()?;
    check_all(conn, actor, input, edits, Unparsed::Refuse, None).map(|_| ())
}

/// A new record's blank input, owned by the actor and their first team: where the form,
/// the quick-create card and the API start from.
pub fn input_owned_by(actor: &Actor) -> LeadInput {
    LeadInput {
        salesperson_id: actor.id.to_string(),
        team_id: actor
            .teams
            .first()
            .map(ToString::to_string)
            .unwrap_or_default(),
        ..LeadInput::default()
    }
}

/// Creates a record of the kind the Leads setting gives, with its Messengers.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    input: &LeadInput,
    edits: &MessengerEdits,
) -> DomainResult<Lead> {
    let kind = new_record_kind(conn)?;
    create_kind(conn, actor, kind, input, edits)
}

/// Creates a record of `kind` whatever the Leads setting: the pipeline's "New" and its
/// quick create make opportunities, or the record would never show on the pipeline.
pub fn create_kind(
    conn: &mut DbConn,
    actor: &Actor,
    kind: Kind,
    input: &LeadInput,
    edits: &MessengerEdits,
) -> DomainResult<Lead> {
    actor.require_create()?;
    let (country, add, input) = check_all(conn, actor, input, edits, Unparsed::Refuse, None)?;
    write_tx(conn, |conn| {
        let lead = model::create(conn, actor.id, kind, &input)?;
        apply_messengers(conn, Owner::Lead(lead.id), &add, &[], &country)?;
        crate::domain::webhooks::events::lead_created(conn, actor, lead.id)?;
        Ok(lead)
    })
}

/// Edits a record the actor may write, and its Messengers; changes are logged with the actor
/// as author.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: LeadId,
    input: &LeadInput,
    edits: &MessengerEdits,
) -> DomainResult<Lead> {
    let stored = find_writable(conn, actor, id)?;
    // The record's own unverified numbers may stay as they are; a new one must parse.
    let kept = stored.stored_contacts();
    let unparsed = Unparsed::KeepStored(&kept);
    let (country, add, input) = check_all(conn, actor, input, edits, unparsed, stored.team_id)?;
    write_tx(conn, |conn| {
        let lead = model::update_by(conn, Some(actor.id), id, &input)?;
        apply_messengers(conn, Owner::Lead(id), &add, &edits.remove, &country)?;
        Ok(lead)
    })
}

/// The stage a form or a body names by id (blank or not a number: choose one).
pub fn parse_stage(raw: &str) -> DomainResult<StageId> {
    raw.trim()
        .parse::<i32>()
        .map(StageId)
        .map_err(|_| DomainError::invalid("stage_id", Msg::new("msg.stages.choose")))
}

/// Moves a record the actor may write to `stage`: the probability follows the stage, a won stage closes
/// it. Logged in the chatter.
pub fn set_stage(
    conn: &mut DbConn,
    actor: &Actor,
    id: LeadId,
    stage: StageId,
) -> DomainResult<Lead> {
    write_tx(conn, |conn| {
        let before = find_writable(conn, actor, id)?;
        let target = crate::domain::models::stages::find(conn, stage)
            .map_err(|_| DomainError::invalid("stage_id", Msg::new("msg.ref.no_stage")))?;
        if before.stage_id == Some(target.id) {
            return Ok(before);
        }
        let at = now();
        diesel::update(leads::table.find(id))
            .set((
                leads::stage_id.eq(target.id),
                leads::probability.eq(if target.is_won {
                    100
                } else {
                    target.probability
                }),
                leads::closed_at.eq(target.is_won.then_some(at)),
                leads::updated_at.eq(at),
            ))
            .execute(conn)?;
        let after = model::find(conn, id)?;
        log(conn, actor, id, MessageKind::Stage, &before, &after)?;
        Ok(after)
    })
}

/// Moves a record to the first won stage.
pub fn mark_won(conn: &mut DbConn, actor: &Actor, id: LeadId) -> DomainResult<Lead> {
    let won: Option<i32> = stages::table
        .filter(stages::is_won.eq(true))
        .order((stages::sequence.asc(), stages::id.asc()))
        .select(stages::id)
        .first(conn)
        .optional()?;
    let won = won.ok_or_else(|| DomainError::Conflict(Msg::new("msg.stages.none_won")))?;
    set_stage(conn, actor, id, StageId(won))
}

/// Posts an internal note on a visible record that was not merged away. Reading is enough:
/// a note is how a salesperson tells a colleague about their deal.
pub fn post_note(conn: &mut DbConn, actor: &Actor, id: LeadId, body: &str) -> DomainResult<()> {
    find_open(conn, actor, id)?;
    chatter::post(
        conn,
        Owner::Lead(id),
        Some(actor.id),
        MessageKind::Note,
        body,
        &[],
    )?;
    Ok(())
}

/// Logs the tracked differences between `before` and `after` (nothing when none).
pub fn log(
    conn: &mut DbConn,
    actor: &Actor,
    id: LeadId,
    kind: MessageKind,
    before: &Lead,
    after: &Lead,
) -> DomainResult<()> {
    let changes = model::tracked_changes(before, after);
    if !changes.is_empty() {
        let event = Msg::new(match kind {
            MessageKind::Stage => "event.lead.stage_changed",
            _ => "event.lead.updated",
        });
        chatter::post_event(
            conn,
            Owner::Lead(id),
            Some(actor.id),
            kind,
            &event,
            &changes,
        )?;
    }
    Ok(())
}

/// A record's chatter, newest first, ready to show.
pub fn chatter_of(conn: &mut DbConn, id: LeadId) -> DomainResult<Vec<ChatterEntry>> {
    chatter_for(conn, Owner::Lead(id))
}
