//! The merge journal: before a merge touches anything, a full snapshot of every record
//! (all columns, tags, messenger identities, chatter messages with their changes) is kept
//! as JSON in the `merges` table, with who merged and when. Undo reads it back.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{lead_tags, merges, messages, tags};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{IdentityId, LeadId, TagId};
use crate::domain::models::identities::{self, Identity, IdentityChannel};
use crate::domain::models::leads::Lead;

/// One chatter message as it was, with its tracked changes `(field, old, new)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MessageState {
    pub id: i32,
    pub author_id: Option<i32>,
    pub kind: String,
    pub body: String,
    pub created_at: chrono::NaiveDateTime,
    pub changes: Vec<(String, Option<String>, Option<String>)>,
}

/// One messenger identity as it was.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IdentityState {
    pub id: IdentityId,
    pub channel: IdentityChannel,
    pub handle: String,
    pub handle_norm: String,
    pub created_at: chrono::NaiveDateTime,
}

/// A record before the merge: columns, tags `(id, name)`, identities and messages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordState {
    /// Every column, written back as a changeset by Undo.
    pub lead: Lead,
    pub tags: Vec<(TagId, String)>,
    pub identities: Vec<IdentityState>,
    pub messages: Vec<MessageState>,
}

/// The journal's snapshot of one merge.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    /// The survivor before the merge.
    pub survivor: RecordState,
    /// The merged-away records before the merge.
    pub merged: Vec<RecordState>,
    /// The survivor right after the merge (to tell what changed since).
    pub result: Lead,
    /// The merge message in the survivor's chatter.
    pub message_id: i32,
}

/// A journal row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = merges)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct MergeEntry {
    pub id: i32,
    pub survivor_id: i32,
    pub merged_ids: String,
    pub user_id: Option<i32>,
    pub snapshot: String,
    pub created_at: chrono::NaiveDateTime,
    pub undone_at: Option<chrono::NaiveDateTime>,
    pub undone_by: Option<i32>,
}

impl MergeEntry {
    /// The snapshot, read back.
    pub fn snapshot(&self) -> DomainResult<Snapshot> {
        serde_json::from_str(&self.snapshot)
            .map_err(|e| DomainError::Internal(format!("merge journal #{}: {e}", self.id)))
    }
}

/// The tag ids and names of a lead.
pub fn tag_refs(conn: &mut DbConn, lead: LeadId) -> DomainResult<Vec<(TagId, String)>> {
    Ok(tags::table
        .inner_join(lead_tags::table)
        .filter(lead_tags::lead_id.eq(lead))
        .order(tags::id.asc())
        .select((tags::id, tags::name))
        .load(conn)?)
}

/// Everything about one record, as it is now.
pub fn capture(conn: &mut DbConn, lead: &Lead) -> DomainResult<RecordState> {
    let rows: Vec<(i32, Option<i32>, String, String, chrono::NaiveDateTime)> = messages::table
        .filter(messages::lead_id.eq(lead.id))
        .order(messages::id.asc())
        .select((
            messages::id,
            messages::author_id,
            messages::kind,
            messages::body,
            messages::created_at,
        ))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
    let changes = crate::domain::models::chatter::stored_changes(conn, &ids)?;
    let messages = rows
        .into_iter()
        .map(|(id, author_id, kind, body, created_at)| MessageState {
            id,
            author_id,
            kind,
            body,
            created_at,
            changes: changes
                .iter()
                .filter(|c| c.0 == id)
                .map(|c| (c.1.clone(), c.2.clone(), c.3.clone()))
                .collect(),
        })
        .collect();
    let identities = identities::for_lead(conn, lead.id)?
        .into_iter()
        .map(|i: Identity| IdentityState {
            id: i.id,
            channel: i.channel,
            handle: i.handle,
            handle_norm: i.handle_norm,
            created_at: i.created_at,
        })
        .collect();
    Ok(RecordState {
        lead: lead.clone(),
        tags: tag_refs(conn, lead.id)?,
        identities,
        messages,
    })
}

/// A journal entry by id.
pub fn find(conn: &mut DbConn, id: i32) -> DomainResult<MergeEntry> {
    merges::table
        .find(id)
        .select(MergeEntry::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)
}

/// The entries not undone whose survivor is `survivor`, newest first.
pub fn open_for(conn: &mut DbConn, survivor: LeadId) -> DomainResult<Vec<MergeEntry>> {
    Ok(merges::table
        .filter(merges::survivor_id.eq(survivor))
        .filter(merges::undone_at.is_null())
        .order(merges::id.desc())
        .select(MergeEntry::as_select())
        .load(conn)?)
}
