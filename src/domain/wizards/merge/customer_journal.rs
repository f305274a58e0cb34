//! The customer merge journal and its Undo, siblings of [`super::journal`] and
//! [`super::undo`]: before a customer merge touches anything, every customer's columns and
//! what points at it (leads and opportunities, people of a company, messenger identities,
//! chatter messages) are kept as JSON in `customer_merges`. Undo writes the columns back and
//! points every moved row at its customer again; whatever changed on the survivor since the
//! merge is first written into its chatter, so nothing is lost.

use diesel::prelude::*;

use super::customer_policy::{ADDRESS, FIELDS};
use crate::db::schema::{customer_merges, identities, leads, messages, partners};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, Owner, PartnerId};
use crate::domain::models::chatter::{self, Change, MessageKind};
use crate::domain::models::leads as leads_model;
use crate::domain::models::partners::{self as model, Partner};
use crate::domain::now;
use crate::domain::similarity::keys;
use crate::domain::similarity::profile::Rec;
use crate::i18n::Msg;

/// A customer before the merge: its columns and the ids of what points at it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CustomerState {
    /// Every column, written back as a changeset by Undo.
    pub partner: Partner,
    /// Leads and opportunities linked to it (`leads.partner_id`).
    pub leads: Vec<i32>,
    /// The people of a company (`partners.company_id`).
    pub people: Vec<i32>,
    /// Messenger identities (`identities.partner_id`).
    pub identities: Vec<i32>,
    /// Chatter messages (`messages.partner_id`) with their body as it was.
    pub messages: Vec<(i32, String)>,
}

/// The journal's snapshot of one customer merge.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CustomerSnapshot {
    pub survivor: CustomerState,
    pub merged: Vec<CustomerState>,
    /// The survivor right after the merge (to tell what changed since).
    pub result: Partner,
    /// The merge message in the survivor's chatter.
    pub message_id: i32,
}

/// A journal row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = customer_merges)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct CustomerMergeEntry {
    pub id: i32,
    pub survivor_id: i32,
    pub merged_ids: String,
    pub user_id: Option<i32>,
    pub snapshot: String,
    pub created_at: chrono::NaiveDateTime,
    pub undone_at: Option<chrono::NaiveDateTime>,
    pub undone_by: Option<i32>,
}

impl CustomerMergeEntry {
    /// The snapshot, read back.
    pub fn snapshot(&self) -> DomainResult<CustomerSnapshot> {
        serde_json::from_str(&self.snapshot)
            .map_err(|e| DomainError::Internal(format!("customer merge journal #{}: {e}", self.id)))
    }
}

/// Everything about one customer, as it is now.
pub fn capture(conn: &mut DbConn, partner: &Partner) -> DomainResult<CustomerState> {
    let id = partner.id;
    Ok(CustomerState {
        partner: partner.clone(),
        leads: leads::table
            .filter(leads::partner_id.eq(id))
            .order(leads::id.asc())
            .select(leads::id)
            .load(conn)?,
        people: partners::table
            .filter(partners::company_id.eq(id))
            .order(partners::id.asc())
            .select(partners::id)
            .load(conn)?,
        identities: identities::table
            .filter(identities::partner_id.eq(id))
            .order(identities::id.asc())
            .select(identities::id)
            .load(conn)?,
        messages: messages::table
            .filter(messages::partner_id.eq(id))
            .order(messages::id.asc())
            .select((messages::id, messages::body))
            .load(conn)?,
    })
}

/// Writes the journal entry; returns its id.
pub fn record(conn: &mut DbConn, actor: &Actor, snapshot: &CustomerSnapshot) -> DomainResult<i32> {
    let json = serde_json::to_string(snapshot)
        .map_err(|e| DomainError::Internal(format!("customer merge snapshot: {e}")))?;
    let survivor = snapshot.survivor.partner.id.0;
    let merged_ids: Vec<String> = snapshot
        .merged
        .iter()
        .map(|m| m.partner.id.to_string())
        .collect();
    diesel::insert_into(customer_merges::table)
        .values((
            customer_merges::survivor_id.eq(survivor),
            customer_merges::merged_ids.eq(merged_ids.join(",")),
            customer_merges::user_id.eq(Some(actor.id.0)),
            customer_merges::snapshot.eq(&json),
            customer_merges::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(customer_merges::table
        .filter(customer_merges::survivor_id.eq(survivor))
        .order(customer_merges::id.desc())
        .select(customer_merges::id)
        .first(conn)?)
}

/// A journal entry by id.
pub fn find(conn: &mut DbConn, id: i32) -> DomainResult<CustomerMergeEntry> {
    customer_merges::table
        .find(id)
        .select(CustomerMergeEntry::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)
}

/// The merges into customer `survivor`, newest first, undone ones included (managers and
/// admins, who alone merge customers).
pub fn merges_into(
    conn: &mut DbConn,
    actor: &Actor,
    survivor: PartnerId,
) -> DomainResult<Vec<CustomerMergeEntry>> {
    actor.require_manager()?;
    model::find(conn, survivor)?;
    Ok(customer_merges::table
        .filter(customer_merges::survivor_id.eq(survivor.0))
        .order(customer_merges::id.desc())
        .select(CustomerMergeEntry::as_select())
        .load(conn)?)
}

/// What [`undo`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerUndoOutcome {
    pub survivor: PartnerId,
    pub restored: Vec<PartnerId>,
}

/// Whether `actor` may undo this entry now: managers and admins (who alone may merge
/// customers), while it is not undone yet.
pub fn may_undo(actor: &Actor, entry: &CustomerMergeEntry) -> bool {
    actor.is_manager() && entry.undone_at.is_none()
}

/// Undoes the customer merge `merge_id`, in one transaction, by `actor`.
pub fn undo(conn: &mut DbConn, actor: &Actor, merge_id: i32) -> DomainResult<CustomerUndoOutcome> {
    actor.require_manager()?;
    write_tx(conn, |conn| {
        let entry = find(conn, merge_id)?;
        if entry.undone_at.is_some() {
            return Err(DomainError::Conflict(Msg::new("msg.merge.already_undone")));
        }
        let survivor = PartnerId(entry.survivor_id);
        let current = model::find(conn, survivor)?;
        if let Some(into) = current.merged_into_id {
            return Err(DomainError::Conflict(
                Msg::new("msg.customer_merge.survivor_merged").text("id", into.to_string()),
            ));
        }
        let snapshot = entry.snapshot()?;
        for m in &snapshot.merged {
            if model::find(conn, m.partner.id)?.merged_into_id != Some(survivor) {
                return Err(DomainError::Conflict(
                    Msg::new("msg.customer_merge.customer_changed")
                        .text("id", m.partner.id.to_string()),
                ));
            }
        }
        keep_changes_since(conn, actor, &snapshot.result, &current)?;
        restore(conn, &snapshot.survivor.partner)?;
        for m in &snapshot.merged {
            restore(conn, &m.partner)?;
            point_back(conn, survivor, m)?;
            for lead in &m.leads {
                leads_model::after_write(conn, LeadId(*lead))?;
            }
        }
        let names: Vec<String> = snapshot
            .merged
            .iter()
            .map(|m| super::customer_policy::marker(&m.partner))
            .collect();
        let event = crate::i18n::Msg::new("event.merge.undone")
            .count("count", names.len() as i64)
            .text("records", names.join(", "));
        chatter::post_event(
            conn,
            Owner::Partner(survivor),
            Some(actor.id),
            MessageKind::Restore,
            &event,
            &changes(&current, &snapshot.survivor.partner),
        )?;
        diesel::update(customer_merges::table.find(entry.id))
            .set((
                customer_merges::undone_at.eq(Some(now())),
                customer_merges::undone_by.eq(Some(actor.id.0)),
            ))
            .execute(conn)?;
        let restored: Vec<PartnerId> = snapshot.merged.iter().map(|m| m.partner.id).collect();
        for id in std::iter::once(survivor).chain(restored.iter().copied()) {
            keys::refresh(conn, Rec::Partner(id.0))?;
        }
        Ok(CustomerUndoOutcome { survivor, restored })
    })
}

/// Every column of `partner` written back.
fn restore(conn: &mut DbConn, partner: &Partner) -> DomainResult<()> {
    diesel::update(partners::table.find(partner.id))
        .set(partner)
        .execute(conn)?;
    Ok(())
}

/// Points what moved from `m` to the survivor back at `m` (only rows still on the survivor;
/// a messenger that stayed behind is pointed at `m` again too).
fn point_back(conn: &mut DbConn, survivor: PartnerId, m: &CustomerState) -> DomainResult<()> {
    let id = m.partner.id;
    diesel::update(
        leads::table
            .filter(leads::id.eq_any(&m.leads))
            .filter(leads::partner_id.eq(survivor)),
    )
    .set(leads::partner_id.eq(id))
    .execute(conn)?;
    diesel::update(
        partners::table
            .filter(partners::id.eq_any(&m.people))
            .filter(partners::company_id.eq(survivor)),
    )
    .set(partners::company_id.eq(id))
    .execute(conn)?;
    diesel::update(identities::table.filter(identities::id.eq_any(&m.identities)))
        .set(identities::partner_id.eq(id))
        .execute(conn)?;
    for (message, body) in &m.messages {
        diesel::update(messages::table.find(message))
            .set((messages::partner_id.eq(id), messages::body.eq(body)))
            .execute(conn)?;
    }
    Ok(())
}

/// The fields that differ between two states of a customer, as tracked changes.
pub fn changes(from: &Partner, to: &Partner) -> Vec<Change> {
    FIELDS
        .iter()
        .chain(ADDRESS)
        .filter_map(|f| {
            let (a, b) = ((f.shown)(from), (f.shown)(to));
            (a != b).then(|| Change::new(f.name, a.as_deref(), b.as_deref()))
        })
        .collect()
}

/// Writes into the survivor's chatter what changed on it since the merge, so that undoing
/// loses none of it.
fn keep_changes_since(
    conn: &mut DbConn,
    actor: &Actor,
    result: &Partner,
    current: &Partner,
) -> DomainResult<()> {
    let since = changes(result, current);
    if since.is_empty() {
        return Ok(());
    }
    chatter::post_event(
        conn,
        Owner::Partner(current.id),
        Some(actor.id),
        MessageKind::Log,
        &crate::i18n::Msg::new("event.merge.kept_since"),
        &since,
    )?;
    Ok(())
}
