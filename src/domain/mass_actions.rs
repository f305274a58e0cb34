//! Actions on the records ticked in a list: assign a salesperson or a team, add a tag,
//! export as CSV. Records the actor cannot see (or merged away) are skipped; a ticked record
//! the actor may only read refuses the whole action (`Forbidden`, nothing written); every
//! change is logged in each record's chatter. [`MassAction`] is the Actions menu itself: the
//! form's choice parsed once (an unknown action or a ticked id that is no record number is
//! refused, never dropped) and applied, or handed to its wizard (merge, mark as lost,
//! convert).

use diesel::prelude::*;

use crate::db::schema::leads;
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, TeamId, UserId};
use crate::domain::listing::query::Row;
use crate::domain::models::chatter::MessageKind;
use crate::domain::models::leads::Lead;
use crate::domain::models::{leads as lead_model, tags, teams, users};
use crate::domain::values::optional_line;
use crate::domain::{now, records};
use crate::i18n::Msg;

/// The selection, refused when empty.
fn selection(ids: &[LeadId]) -> DomainResult<()> {
    if ids.is_empty() {
        Err(DomainError::invalid(
            "ids",
            Msg::new("msg.mass.none_ticked"),
        ))
    } else {
        Ok(())
    }
}

/// The record when the actor may change it; `None` for one they cannot see or that was
/// merged away (skipped); `Forbidden` for one they may only read.
fn writable(conn: &mut DbConn, actor: &Actor, id: LeadId) -> DomainResult<Option<Lead>> {
    match records::find_writable(conn, actor, id) {
        Ok(lead) => Ok(Some(lead)),
        Err(DomainError::NotFound | DomainError::MergedInto(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Applies `change` to each record the actor may write, in one transaction, logging what
/// changed.
fn each_visible<F>(
    conn: &mut DbConn,
    actor: &Actor,
    ids: &[LeadId],
    change: F,
) -> DomainResult<usize>
where
    F: Fn(&mut DbConn, &Lead) -> DomainResult<()>,
{
    selection(ids)?;
    write_tx(conn, |conn| {
        let mut done = 0;
        for id in ids {
            let Some(before) = writable(conn, actor, *id)? else {
                continue;
            };
            change(conn, &before)?;
            let after = lead_model::find(conn, *id)?;
            records::log(conn, actor, *id, MessageKind::Log, &before, &after)?;
            done += 1;
        }
        Ok(done)
    })
}

/// The assignment a salesperson may not make (to a colleague outside their teams).
fn refused_assignment() -> DomainError {
    DomainError::refused("salesperson_id", Msg::new("msg.mass.assign_refused"))
}

/// Parses an optional id typed in the actions bar ("" = none).
pub fn optional_id(raw: &str, field: &'static str) -> DomainResult<Option<i32>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i32>()
        .map(Some)
        .map_err(|_| DomainError::invalid(field, not_record_number(raw)))
}

/// "'x' is not a record number".
fn not_record_number(raw: &str) -> Msg {
    Msg::new("msg.mass.not_record_number").text("value", raw)
}

/// Assigns the records to `user` (None: unassign). Returns how many were changed.
pub fn assign_salesperson(
    conn: &mut DbConn,
    actor: &Actor,
    ids: &[LeadId],
    user: Option<UserId>,
) -> DomainResult<usize> {
    if let Some(u) = user {
        users::find(conn, u)
            .map_err(|_| DomainError::invalid("salesperson_id", Msg::new("msg.ref.no_user")))?;
    }
    each_visible(conn, actor, ids, |conn, lead| {
        if !actor.can_assign(user, lead.team_id) {
            return Err(refused_assignment());
        }
        diesel::update(leads::table.find(lead.id))
            .set((
                leads::salesperson_id.eq(user.map(|u| u.0)),
                leads::updated_at.eq(now()),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// Moves the records to `team` (None: no team).
pub fn assign_team(
    conn: &mut DbConn,
    actor: &Actor,
    ids: &[LeadId],
    team: Option<TeamId>,
) -> DomainResult<usize> {
    if let Some(t) = team {
        teams::find(conn, t)
            .map_err(|_| DomainError::invalid("team_id", Msg::new("msg.ref.no_team")))?;
    }
    each_visible(conn, actor, ids, |conn, lead| {
        if !actor.can_assign(lead.salesperson_id, team) {
            return Err(refused_assignment());
        }
        diesel::update(leads::table.find(lead.id))
            .set((
                leads::team_id.eq(team.map(|t| t.0)),
                leads::updated_at.eq(now()),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// Adds the tag `name` (created when new) to the records.
pub fn add_tag(
    conn: &mut DbConn,
    actor: &Actor,
    ids: &[LeadId],
    name: &str,
) -> DomainResult<usize> {
    let name = optional_line(name, "msg.label.tag")
        .map_err(|m| DomainError::invalid("tag", m))?
        .ok_or_else(|| DomainError::invalid("tag", Msg::new("msg.mass.type_tag")))?;
    selection(ids)?;
    write_tx(conn, |conn| {
        let tag = tags::find_or_create(conn, &name)?;
        let mut done = 0;
        for id in ids {
            if writable(conn, actor, *id)?.is_some() {
                tags::add_to_lead(conn, *id, tag.id)?;
                done += 1;
            }
        }
        Ok(done)
    })
}

/// The rows as CSV, every field the import reads back (see `import::export`).
pub fn csv(conn: &mut DbConn, rows: &[Row]) -> DomainResult<Vec<u8>> {
    let ids: Vec<LeadId> = rows.iter().map(|r| r.id).collect();
    crate::domain::import::export::to_csv(conn, &ids)
}

/// An action of the lists' Actions menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MassAction {
    AssignSalesperson(Option<UserId>),
    AssignTeam(Option<TeamId>),
    AddTag(String),
    Export,
    MarkLost,
    Merge,
    Convert,
    Unarchive,
    Archive,
}

/// What an action gives back.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `count` records changed; `text` is the catalogue key of the message ("%{count}").
    Done { count: usize, text: &'static str },
    /// The selection as a CSV file.
    File(Vec<u8>),
    /// Ask for the Mark as Lost details (reason, note) of these records.
    MarkLost(Vec<LeadId>),
    /// Open the Merge wizard on these records.
    Merge(Vec<LeadId>),
    /// Ask for the mass conversion options of these leads.
    Convert(Vec<LeadId>),
}

impl MassAction {
    /// The form's `action` with its argument (the salesperson, team or tag field).
    pub fn parse(
        action: &str,
        salesperson_id: &str,
        team_id: &str,
        tag: &str,
    ) -> DomainResult<MassAction> {
        Ok(match action.trim() {
            "assign_salesperson" => MassAction::AssignSalesperson(
                optional_id(salesperson_id, "salesperson_id")?.map(UserId),
            ),
            "assign_team" => MassAction::AssignTeam(optional_id(team_id, "team_id")?.map(TeamId)),
            "add_tag" => MassAction::AddTag(tag.to_string()),
            "export" => MassAction::Export,
            "mark_lost" => MassAction::MarkLost,
            "merge" => MassAction::Merge,
            "convert" => MassAction::Convert,
            "unarchive" => MassAction::Unarchive,
            "archive" => MassAction::Archive,
            "" => {
                return Err(DomainError::invalid(
                    "action",
                    Msg::new("msg.mass.choose_action"),
                ));
            }
            other => {
                return Err(DomainError::invalid(
                    "action",
                    Msg::new("msg.mass.unknown_action").text("value", other),
                ));
            }
        })
    }

    /// The ticked ids as the form sends them: each must be a record number.
    pub fn ids(raw: &[String]) -> DomainResult<Vec<LeadId>> {
        raw.iter()
            .map(|i| {
                i.trim()
                    .parse()
                    .map(LeadId)
                    .map_err(|_| DomainError::invalid("ids", not_record_number(i.trim())))
            })
            .collect()
    }

    /// Applies the action to the ticked records, or checks that its wizard may open on them.
    pub fn apply(&self, conn: &mut DbConn, actor: &Actor, ids: &[LeadId]) -> DomainResult<Outcome> {
        use crate::domain::wizards;
        let done = |count: usize, text: &'static str| Ok(Outcome::Done { count, text });
        match self {
            MassAction::AssignSalesperson(user) => done(
                assign_salesperson(conn, actor, ids, *user)?,
                "mass.reassigned",
            ),
            MassAction::AssignTeam(team) => {
                done(assign_team(conn, actor, ids, *team)?, "mass.moved")
            }
            MassAction::AddTag(tag) => done(add_tag(conn, actor, ids, tag)?, "mass.tagged"),
            MassAction::Export => {
                selection(ids)?;
                let raw: Vec<i32> = ids.iter().map(|i| i.0).collect();
                let rows = crate::domain::listing::query::rows_by_id(conn, actor, &raw)?;
                Ok(Outcome::File(csv(conn, &rows)?))
            }
            MassAction::MarkLost => {
                wizards::load_editable(conn, actor, ids)?;
                Ok(Outcome::MarkLost(ids.to_vec()))
            }
            MassAction::Merge => {
                wizards::merge::Merge::new(ids.to_vec()).validate()?;
                // The wizard itself names the records the actor may not merge.
                wizards::load_visible(conn, actor, ids)?;
                Ok(Outcome::Merge(ids.to_vec()))
            }
            MassAction::Convert => {
                wizards::load_editable(conn, actor, ids)?;
                Ok(Outcome::Convert(ids.to_vec()))
            }
            MassAction::Unarchive => done(
                wizards::restore::restore(conn, actor, ids)?,
                "mass.restored",
            ),
            MassAction::Archive => done(
                wizards::archive::archive(conn, actor, ids)?,
                "mass.archived",
            ),
        }
    }
}
