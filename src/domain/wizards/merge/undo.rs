//! Undo a merge, from the merge message: the merged-away records come back with their ids,
//! columns, messages, identities and tags, and the survivor gets its pre-merge values back.
//! Whatever changed on the survivor since the merge is first written into its chatter, so
//! nothing is lost. Managers and admins may undo any merge; the user who merged may undo
//! their own within [`UNDO_WINDOW_HOURS`].

use diesel::prelude::*;

use super::journal::{self, MergeEntry, RecordState, Snapshot};
use crate::db::schema::{identities, lead_tags, leads, merges, message_changes, messages, tags};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, MessageId, Owner, TagId};
use crate::domain::models::chatter::{self, Change, MessageKind};
use crate::domain::models::leads::{self as model, Lead};
use crate::domain::now;
use crate::i18n::Msg;

/// How long the user who merged may undo their merge (managers and admins: always).
pub const UNDO_WINDOW_HOURS: i64 = 24;

/// What [`undo`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoOutcome {
    pub survivor: LeadId,
    pub restored: Vec<LeadId>,
}

fn may_undo(actor: &Actor, entry: &MergeEntry) -> bool {
    actor.is_manager()
        || (entry.user_id == Some(actor.id.0)
            && now() - entry.created_at < chrono::Duration::hours(UNDO_WINDOW_HOURS))
}

/// The merge messages on `survivor`'s chatter that `actor` may undo now, with their journal
/// entry: `(message, merge id)`.
pub fn undoable(
    conn: &mut DbConn,
    actor: &Actor,
    survivor: LeadId,
) -> DomainResult<Vec<(MessageId, i32)>> {
    let mut out = Vec::new();
    for entry in journal::open_for(conn, survivor)? {
        if may_undo(actor, &entry) {
            out.push((MessageId(entry.snapshot()?.message_id), entry.id));
        }
    }
    Ok(out)
}

/// Undoes the merge `merge_id`, in one transaction, by `actor`.
pub fn undo(conn: &mut DbConn, actor: &Actor, merge_id: i32) -> DomainResult<UndoOutcome> {
    write_tx(conn, |conn| {
        let entry = journal::find(conn, merge_id)?;
        let survivor = LeadId(entry.survivor_id);
        let current = model::find(conn, survivor)?;
        refuse_undo(actor, &entry, &current)?;
        let snapshot = entry.snapshot()?;
        let restored: Vec<LeadId> = snapshot.merged.iter().map(|r| r.lead.id).collect();
        refuse_changed(conn, survivor, &restored)?;
        let tags_now: Vec<String> = journal::tag_refs(conn, survivor)?
            .into_iter()
            .map(|t| t.1)
            .collect();
        keep_changes_since(conn, actor, &snapshot.result, &current)?;
        restore_record(conn, &snapshot.survivor, None)?;
        for record in &snapshot.merged {
            restore_record(conn, record, Some(survivor))?;
        }
        post_undone(conn, actor, &snapshot, &current, &tags_now)?;
        crate::domain::webhooks::events::merge_undone(conn, entry.id, survivor, &restored)?;
        diesel::update(merges::table.find(entry.id))
            .set((
                merges::undone_at.eq(Some(now())),
                merges::undone_by.eq(Some(actor.id.0)),
            ))
            .execute(conn)?;
        for id in std::iter::once(survivor).chain(restored.iter().copied()) {
            model::after_write(conn, id)?;
        }
        Ok(UndoOutcome { survivor, restored })
    })
}

/// Why `actor` may not undo this merge of `current` (the survivor as it is now), if so: a
/// hidden survivor is `NotFound`; then a merge not theirs to undo, one undone already, or a
/// survivor merged away since.
fn refuse_undo(actor: &Actor, entry: &MergeEntry, current: &Lead) -> DomainResult<()> {
    if !actor.can_see(current.salesperson_id, current.team_id) {
        return Err(DomainError::NotFound);
    }
    if !may_undo(actor, entry) {
        return Err(DomainError::Forbidden);
    }
    if entry.undone_at.is_some() {
        return Err(DomainError::Conflict(Msg::new("msg.merge.already_undone")));
    }
    if let Some(into) = current.merged_into_id {
        return Err(DomainError::Conflict(
            Msg::new("msg.merge.survivor_merged").text("id", into.to_string()),
        ));
    }
    Ok(())
}

/// A `Conflict` when a merged-away record no longer points at the survivor (it changed
/// since the merge).
fn refuse_changed(conn: &mut DbConn, survivor: LeadId, restored: &[LeadId]) -> DomainResult<()> {
    for id in restored {
        let into: Option<Option<i32>> = leads::table
            .find(id)
            .select(leads::merged_into_id)
            .first(conn)
            .optional()?;
        if into != Some(Some(survivor.0)) {
            return Err(DomainError::Conflict(
                Msg::new("msg.merge.record_changed").text("id", id.to_string()),
            ));
        }
    }
    Ok(())
}

/// Writes into the survivor's chatter what changed on it since the merge (`result`, the
/// merge's outcome, against `current`), so that undoing loses none of it.
fn keep_changes_since(
    conn: &mut DbConn,
    actor: &Actor,
    result: &Lead,
    current: &Lead,
) -> DomainResult<()> {
    let since = model::tracked_changes(result, current);
    if since.is_empty() {
        return Ok(());
    }
    chatter::post_event(
        conn,
        Owner::Lead(current.id),
        Some(actor.id),
        MessageKind::Log,
        &Msg::new("event.merge.kept_since"),
        &since,
    )?;
    Ok(())
}

/// The "Merge undone" message on the survivor: the records restored, and the survivor's
/// fields and tags going from `current` and `tags_now` back to the snapshot's.
fn post_undone(
    conn: &mut DbConn,
    actor: &Actor,
    snapshot: &Snapshot,
    current: &Lead,
    tags_now: &[String],
) -> DomainResult<()> {
    let mut changes = model::tracked_changes(current, &snapshot.survivor.lead);
    let tags_then: Vec<String> = snapshot.survivor.tags.iter().map(|t| t.1.clone()).collect();
    if tags_now != tags_then.as_slice() {
        changes.push(Change::new(
            "tags",
            Some(&tags_now.join(", ")),
            Some(&tags_then.join(", ")),
        ));
    }
    let names: Vec<String> = snapshot
        .merged
        .iter()
        .map(|r| format!("#{} {}", r.lead.id, r.lead.title))
        .collect();
    let event = Msg::new("event.merge.undone")
        .count("count", names.len() as i64)
        .text("records", names.join(", "));
    chatter::post_event(
        conn,
        Owner::Lead(current.id),
        Some(actor.id),
        MessageKind::Restore,
        &event,
        &changes,
    )?;
    Ok(())
}

/// Writes one record back as the snapshot has it: columns, tags, identities and, for a
/// merged-away record (`moved_to` = the survivor), the messages that moved.
fn restore_record(
    conn: &mut DbConn,
    record: &RecordState,
    moved_to: Option<LeadId>,
) -> DomainResult<()> {
    let id = record.lead.id;
    diesel::update(leads::table.find(id))
        .set(&record.lead)
        .execute(conn)?;
    diesel::delete(lead_tags::table.filter(lead_tags::lead_id.eq(id))).execute(conn)?;
    for (tag, name) in &record.tags {
        let exists: Option<TagId> = tags::table
            .find(*tag)
            .select(tags::id)
            .first(conn)
            .optional()?;
        let tag = match exists {
            Some(t) => t,
            None => crate::domain::models::tags::find_or_create(conn, name)?.id,
        };
        diesel::insert_into(lead_tags::table)
            .values((lead_tags::lead_id.eq(id), lead_tags::tag_id.eq(tag)))
            .execute(conn)?;
    }
    for identity in &record.identities {
        let updated = diesel::update(identities::table.find(identity.id))
            .set(identities::lead_id.eq(Some(id)))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(identities::table)
                .values((
                    identities::id.eq(identity.id),
                    identities::lead_id.eq(Some(id)),
                    identities::channel.eq(&identity.channel),
                    identities::handle.eq(&identity.handle),
                    identities::handle_norm.eq(&identity.handle_norm),
                    identities::created_at.eq(identity.created_at),
                ))
                .execute(conn)?;
        }
    }
    if moved_to.is_none() {
        return Ok(());
    }
    for m in &record.messages {
        let updated = diesel::update(messages::table.find(m.id))
            .set((messages::lead_id.eq(Some(id)), messages::body.eq(&m.body)))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(messages::table)
                .values((
                    messages::id.eq(m.id),
                    messages::lead_id.eq(Some(id)),
                    messages::author_id.eq(m.author_id),
                    messages::kind.eq(&m.kind),
                    messages::body.eq(&m.body),
                    messages::created_at.eq(m.created_at),
                ))
                .execute(conn)?;
            for (field, old, new) in &m.changes {
                diesel::insert_into(message_changes::table)
                    .values((
                        message_changes::message_id.eq(m.id),
                        message_changes::field.eq(field),
                        message_changes::old_value.eq(old),
                        message_changes::new_value.eq(new),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}
