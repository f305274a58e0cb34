//! Merge leads and opportunities without losing anything. The wizard ([`Merge`]) names the
//! records (2 or more), the primary (by default the oldest created) and the assignment; its
//! [`Merge::preview`] shows what will happen and [`Merge::apply`] does it in one write
//! transaction:
//!
//! - rights: the actor must be allowed to merge (delete) every record: the preview names the
//!   ones refused, the confirmation is refused by rights (`Refused`, naming them);
//!   records already merged by someone else answer a `Conflict`;
//! - the survivor is the primary and takes the fields of [`policy::merged`];
//! - the others' messages move to the survivor, prefixed with their origin; their tags and
//!   messenger identities join the survivor's; they get `merged_into_id`, which hides them
//!   from every view and redirects their URL;
//! - a merge message lists every non-empty field of every record, and the journal keeps a
//!   full snapshot (see [`journal`]) for Undo.

mod absorb;
pub mod customer_journal;
pub mod customer_policy;
pub mod customers;
pub mod journal;
pub mod policy;
pub mod undo;

use std::collections::HashMap;

use diesel::prelude::*;

use self::absorb::{absorb, id_names, merge_message};
use self::journal::Snapshot;
use self::policy::Pick;
use crate::db::schema::{leads, merges, stages};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{LeadId, MessageId, Owner, StageId, TeamId, UserId};
use crate::domain::models::chatter::{self, MessageKind};
use crate::domain::models::identities::IdentityChannel;
use crate::domain::models::leads::{self as model, Lead};
use crate::domain::now;
use crate::i18n::Msg;

/// The Merge wizard, as confirmed by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub lead_ids: Vec<LeadId>,
    /// The record that survives; `None`: the oldest created.
    pub primary: Option<LeadId>,
    /// Salesperson and team of the result; `None`: as the field rules give them. A team left
    /// empty follows the salesperson (their first team).
    pub assign: Option<(Option<UserId>, Option<TeamId>)>,
}

/// What the wizard shows before the user confirms.
#[derive(Debug, Clone)]
pub struct Preview {
    /// Primary first, then the others oldest first.
    pub records: Vec<Lead>,
    /// The merged record as it will be saved.
    pub result: Lead,
    /// Per field: the value kept and the record it comes from.
    pub picks: Vec<Pick>,
    /// Won records in the selection (shown with a warning).
    pub won: Vec<LeadId>,
    /// Records the actor may not merge (no right to delete them), by title.
    pub refused: Vec<String>,
    /// Each record's tag names, in the order of `records` (the result keeps the union).
    pub tags: Vec<Vec<String>>,
    /// Each record's messenger handles, with their channel (the result keeps the union).
    pub messengers: Vec<Vec<(IdentityChannel, String)>>,
}

/// What [`Merge::apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    pub survivor: LeadId,
    pub merged: Vec<LeadId>,
    /// The journal entry (for Undo).
    pub merge_id: i32,
    pub message: MessageId,
}

fn parse_optional_id(raw: &str, field: &'static str, v: &mut Validator) -> Option<i32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    v.check(
        field,
        raw.parse::<i32>()
            .ok()
            .filter(|i| *i > 0)
            .ok_or_else(|| Msg::new("msg.merge.not_valid_choice").text("value", raw)),
    )
}

impl Merge {
    /// A merge of these records with the default primary and assignment.
    pub fn new(lead_ids: Vec<LeadId>) -> Merge {
        Merge {
            lead_ids,
            primary: None,
            assign: None,
        }
    }

    /// The wizard from a form: ticked ids, the primary radio, the salesperson and team
    /// pickers (`assigned` false: the pickers were not shown yet, keep the defaults).
    pub fn parse(
        ids: &[String],
        primary: &str,
        salesperson: &str,
        team: &str,
        assigned: bool,
    ) -> DomainResult<Merge> {
        let mut v = Validator::new();
        let lead_ids = super::parse_ids(ids).unwrap_or_else(|e| {
            v.add(
                "ids",
                e.field_msg("ids")
                    .cloned()
                    .unwrap_or_else(|| Msg::new("msg.lost.unknown_record")),
            );
            Vec::new()
        });
        let primary = parse_optional_id(primary, "primary", &mut v).map(LeadId);
        let sp = parse_optional_id(salesperson, "salesperson_id", &mut v).map(UserId);
        let tm = parse_optional_id(team, "team_id", &mut v).map(TeamId);
        v.finish()?;
        let wizard = Merge {
            lead_ids,
            primary,
            assign: assigned.then_some((sp, tm)),
        };
        wizard.validate()?;
        Ok(wizard)
    }

    fn distinct_ids(&self) -> Vec<LeadId> {
        distinct(&self.lead_ids)
    }

    /// Checks what needs no database: at least two records, a primary among them.
    pub fn validate(&self) -> DomainResult<()> {
        let ids = self.distinct_ids();
        if ids.len() < 2 {
            return Err(DomainError::invalid(
                "ids",
                Msg::new("msg.merge.two_records"),
            ));
        }
        if let Some(p) = self.primary
            && !ids.contains(&p)
        {
            return Err(DomainError::invalid(
                "primary",
                Msg::new("msg.merge.primary_among"),
            ));
        }
        Ok(())
    }

    /// Loads the records (hidden or missing → `NotFound`, already merged → `Conflict`) and
    /// orders them: primary first, then the others oldest first. Visibility is checked first,
    /// so the conflict only ever names records the actor may see.
    fn load(&self, conn: &mut DbConn, actor: &Actor) -> DomainResult<Vec<Lead>> {
        let ids = self.distinct_ids();
        let mut records = super::load_visible(conn, actor, &ids)?;
        let gone: Vec<String> = records
            .iter()
            .filter(|l| l.merged_into_id.is_some())
            .map(|l| format!("#{} {}", l.id, l.title))
            .collect();
        if !gone.is_empty() {
            return Err(DomainError::Conflict(
                Msg::new("msg.merge.already_merged").text("records", gone.join(", ")),
            ));
        }
        records.sort_by_key(|l| (l.created_at, l.id));
        let primary = self.primary.unwrap_or(records[0].id);
        if let Some(pos) = records.iter().position(|l| l.id == primary) {
            let p = records.remove(pos);
            records.insert(0, p);
        }
        Ok(records)
    }

    /// What the merge would do, without writing anything.
    pub fn preview(&self, conn: &mut DbConn, actor: &Actor) -> DomainResult<Preview> {
        self.validate()?;
        let records = self.load(conn, actor)?;
        let (mut result, mut picks) = policy::merged(&records, &stage_probabilities(conn)?);
        self.assign_to(conn, actor, &mut result, &mut picks, false)?;
        let won_stages: Vec<StageId> = stages::table
            .filter(stages::is_won.eq(true))
            .select(stages::id)
            .load(conn)?;
        let won = records
            .iter()
            .filter(|l| l.stage_id.is_some_and(|s| won_stages.contains(&s)))
            .map(|l| l.id)
            .collect();
        let refused = refused(actor, &records);
        let mut tags = Vec::with_capacity(records.len());
        let mut messengers = Vec::with_capacity(records.len());
        for lead in &records {
            let refs = journal::tag_refs(conn, lead.id)?;
            tags.push(refs.into_iter().map(|t| t.1).collect());
            let ids = crate::domain::models::identities::for_lead(conn, lead.id)?;
            messengers.push(ids.into_iter().map(|i| (i.channel, i.handle)).collect());
        }
        Ok(Preview {
            records,
            result,
            picks,
            won,
            refused,
            tags,
            messengers,
        })
    }

    /// Applies the assignment to the result: the chosen salesperson and team (a team left
    /// empty follows the salesperson). `strict`: refuse an assignment the actor may not make.
    fn assign_to(
        &self,
        conn: &mut DbConn,
        actor: &Actor,
        result: &mut Lead,
        picks: &mut [Pick],
        strict: bool,
    ) -> DomainResult<()> {
        let Some((sp, team)) = self.assign else {
            return Ok(());
        };
        let (sp, team) = super::assign::resolve(conn, sp, team)?;
        if strict && !actor.can_assign(sp, team) {
            return Err(DomainError::refused(
                "salesperson_id",
                Msg::new("msg.merge.assign_refused"),
            ));
        }
        result.salesperson_id = sp;
        result.team_id = team;
        for pick in picks.iter_mut() {
            match pick.field {
                "salesperson_id" => pick.value = sp.map(|u| format!("#{u}")),
                "team_id" => pick.value = team.map(|t| format!("#{t}")),
                _ => continue,
            }
            pick.from = None;
        }
        Ok(())
    }

    /// Merges, in one transaction, by `actor`.
    pub fn apply(&self, conn: &mut DbConn, actor: &Actor) -> DomainResult<MergeOutcome> {
        self.apply_observed(conn, actor, &mut |_| Ok(()))
    }

    /// As [`Merge::apply`], calling `midway` after the records were rewritten and before the
    /// journal is written: an error there rolls everything back (fault-injection tests).
    pub fn apply_observed(
        &self,
        conn: &mut DbConn,
        actor: &Actor,
        midway: &mut dyn FnMut(&mut DbConn) -> DomainResult<()>,
    ) -> DomainResult<MergeOutcome> {
        self.validate()?;
        write_tx(conn, |conn| {
            let records = self.load(conn, actor)?;
            refuse_unmergeable(actor, &records)?;
            let (mut result, mut picks) = policy::merged(&records, &stage_probabilities(conn)?);
            self.assign_to(conn, actor, &mut result, &mut picks, true)?;
            result.updated_at = now();
            let states = records
                .iter()
                .map(|l| journal::capture(conn, l))
                .collect::<DomainResult<Vec<_>>>()?;
            let survivor = records[0].id;
            diesel::update(leads::table.find(survivor))
                .set(&result)
                .execute(conn)?;
            for other in &records[1..] {
                absorb(conn, survivor, other)?;
            }
            let after = model::find(conn, survivor)?;
            let event = merge_message(&records, &id_names(conn, &records)?);
            let message = chatter::post_event(
                conn,
                Owner::Lead(survivor),
                Some(actor.id),
                MessageKind::Merge,
                &event,
                &model::tracked_changes(&records[0], &after),
            )?;
            midway(conn)?;
            let mut states = states.into_iter();
            let snapshot = Snapshot {
                survivor: states.next().ok_or(DomainError::NotFound)?,
                merged: states.collect(),
                result: after.clone(),
                message_id: message.0,
            };
            let json = serde_json::to_string(&snapshot)
                .map_err(|e| DomainError::Internal(format!("merge snapshot: {e}")))?;
            let merged: Vec<LeadId> = records[1..].iter().map(|l| l.id).collect();
            let merged_ids = merged
                .iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>()
                .join(",");
            diesel::insert_into(merges::table)
                .values((
                    merges::survivor_id.eq(survivor),
                    merges::merged_ids.eq(&merged_ids),
                    merges::user_id.eq(Some(actor.id.0)),
                    merges::snapshot.eq(&json),
                    merges::created_at.eq(now()),
                ))
                .execute(conn)?;
            let merge_id: i32 = merges::table
                .filter(merges::survivor_id.eq(survivor))
                .order(merges::id.desc())
                .select(merges::id)
                .first(conn)?;
            crate::domain::webhooks::events::lead_merged(conn, survivor, &merged, merge_id)?;
            for id in std::iter::once(survivor).chain(merged.iter().copied()) {
                model::after_write(conn, id)?;
            }
            Ok(MergeOutcome {
                survivor,
                merged,
                merge_id,
                message,
            })
        })
    }
}

/// A refusal by rights naming the records the actor may not merge, if any.
fn refuse_unmergeable(actor: &Actor, records: &[Lead]) -> DomainResult<()> {
    let not_yours = refused(actor, records);
    if not_yours.is_empty() {
        return Ok(());
    }
    Err(DomainError::refused(
        "ids",
        Msg::new("msg.merge_not_yours").text("records", not_yours.join(", ")),
    ))
}

/// The titles of the records the actor may not merge (delete).
fn refused(actor: &Actor, records: &[Lead]) -> Vec<String> {
    records
        .iter()
        .filter(|l| !actor.can_merge(l.salesperson_id))
        .map(policy::marker)
        .collect()
}

fn stage_probabilities(conn: &mut DbConn) -> DomainResult<HashMap<StageId, i32>> {
    Ok(stages::table
        .select((stages::id, stages::probability))
        .load::<(StageId, i32)>(conn)?
        .into_iter()
        .collect())
}

/// The ids as ticked, each once, in their first order.
pub(crate) fn distinct<T: PartialEq + Copy>(ids: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    out
}
