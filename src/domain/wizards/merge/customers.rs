//! Merge customers (people or companies) without losing anything, the sibling of the lead
//! [`super::Merge`]. The wizard ([`CustomerMerge`]) names the customers (2 or more, all of one
//! kind) and the primary (by default the oldest created); [`CustomerMerge::preview`] shows
//! each field's value and the customer it comes from, and [`CustomerMerge::apply`] does it in
//! one write transaction:
//!
//! - rights: merging deletes customers, so only managers and admins may (`Forbidden`);
//!   customers already merged answer a `Conflict`;
//! - the survivor is the primary and takes the fields of [`customer_policy::merged`];
//! - the others' leads and opportunities, people, messenger identities and chatter move to
//!   the survivor (messages prefixed with their origin); they get `merged_into_id` and are
//!   archived, so their page leads to the survivor;
//! - a merge message lists every non-empty field of every customer, and the journal
//!   ([`customer_journal`]) keeps a full snapshot for Undo.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::customer_journal::{self, CustomerSnapshot};
use super::customer_policy::{self, CustomerPick};
use crate::db::schema::{identities, leads, messages, partners};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, MessageId, Owner, PartnerId};
use crate::domain::models::chatter::{self, MessageKind};
use crate::domain::models::identities::{self as ident, IdentityChannel};
use crate::domain::models::leads as lead_model;
use crate::domain::models::partners::{self as model, Partner};
use crate::domain::now;
use crate::domain::similarity::keys;
use crate::domain::similarity::profile::Rec;
use crate::i18n::Msg;

/// The customer merge wizard, as confirmed by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerMerge {
    pub ids: Vec<PartnerId>,
    /// The customer that survives; `None`: the oldest created.
    pub primary: Option<PartnerId>,
}

/// What the wizard shows before the user confirms.
#[derive(Debug, Clone)]
pub struct CustomerPreview {
    /// Primary first, then the others oldest first.
    pub records: Vec<Partner>,
    /// The merged customer as it will be saved.
    pub result: Partner,
    /// Per field: the value kept and the customer it comes from.
    pub picks: Vec<CustomerPick>,
    /// Whether the actor may merge (managers and admins).
    pub allowed: bool,
    /// Per customer (in the order of `records`): its linked leads and opportunities, its
    /// people, its messenger handles with their channel; the result keeps them all.
    pub leads: Vec<usize>,
    pub people: Vec<usize>,
    pub messengers: Vec<Vec<(IdentityChannel, String)>>,
}

/// What [`CustomerMerge::apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerMergeOutcome {
    pub survivor: PartnerId,
    pub merged: Vec<PartnerId>,
    /// The journal entry (for Undo).
    pub merge_id: i32,
    pub message: MessageId,
}

impl CustomerMerge {
    /// The wizard from a form or a JSON body: the ticked ids and the primary (blank: the
    /// oldest). Bad ids are `Invalid`.
    pub fn parse(ids: &[String], primary: &str) -> DomainResult<CustomerMerge> {
        let ids = super::super::parse_ids(ids)?
            .into_iter()
            .map(|l| PartnerId(l.0))
            .collect();
        let primary = match primary.trim() {
            "" => None,
            raw => Some(
                raw.parse::<i32>()
                    .ok()
                    .filter(|i| *i > 0)
                    .map(PartnerId)
                    .ok_or_else(|| {
                        DomainError::invalid(
                            "primary",
                            Msg::new("msg.merge.not_valid_choice").text("value", raw),
                        )
                    })?,
            ),
        };
        let wizard = CustomerMerge { ids, primary };
        wizard.validate()?;
        Ok(wizard)
    }

    fn distinct_ids(&self) -> Vec<PartnerId> {
        super::distinct(&self.ids)
    }

    /// Checks what needs no database: at least two customers, a primary among them.
    pub fn validate(&self) -> DomainResult<()> {
        let ids = self.distinct_ids();
        if ids.len() < 2 {
            return Err(DomainError::invalid(
                "ids",
                Msg::new("msg.customer_merge.two_customers"),
            ));
        }
        if let Some(p) = self.primary
            && !ids.contains(&p)
        {
            return Err(DomainError::invalid(
                "primary",
                Msg::new("msg.customer_merge.primary_among"),
            ));
        }
        Ok(())
    }

    /// Loads the customers (missing → `NotFound`, already merged → `Conflict`, a person with
    /// a company → `Invalid`), primary first, then the others oldest first.
    fn load(&self, conn: &mut DbConn) -> DomainResult<Vec<Partner>> {
        let mut records = self
            .distinct_ids()
            .into_iter()
            .map(|id| model::find(conn, id))
            .collect::<DomainResult<Vec<_>>>()?;
        let gone: Vec<String> = records
            .iter()
            .filter(|p| p.merged_into_id.is_some())
            .map(customer_policy::marker)
            .collect();
        if !gone.is_empty() {
            return Err(DomainError::Conflict(
                Msg::new("msg.customer_merge.already_merged").text("customers", gone.join(", ")),
            ));
        }
        if records.iter().any(|p| p.kind != records[0].kind) {
            return Err(DomainError::invalid(
                "ids",
                Msg::new("msg.customer_merge.one_kind"),
            ));
        }
        records.sort_by_key(|p| (p.created_at, p.id));
        let primary = self.primary.unwrap_or(records[0].id);
        if let Some(pos) = records.iter().position(|p| p.id == primary) {
            let p = records.remove(pos);
            records.insert(0, p);
        }
        Ok(records)
    }

    /// What the merge would do, without writing anything.
    pub fn preview(&self, conn: &mut DbConn, actor: &Actor) -> DomainResult<CustomerPreview> {
        self.validate()?;
        let records = self.load(conn)?;
        let (result, picks) = customer_policy::merged(&records);
        let (mut lead_counts, mut people, mut messengers) = (Vec::new(), Vec::new(), Vec::new());
        for p in &records {
            let state = customer_journal::capture(conn, p)?;
            lead_counts.push(state.leads.len());
            people.push(state.people.len());
            messengers.push(
                ident::for_partner(conn, p.id)?
                    .into_iter()
                    .map(|i| (i.channel, i.handle))
                    .collect(),
            );
        }
        Ok(CustomerPreview {
            records,
            result,
            picks,
            allowed: actor.is_manager(),
            leads: lead_counts,
            people,
            messengers,
        })
    }

    /// Merges, in one transaction, by `actor` (a manager or an admin).
    pub fn apply(&self, conn: &mut DbConn, actor: &Actor) -> DomainResult<CustomerMergeOutcome> {
        self.validate()?;
        actor.require_manager()?;
        write_tx(conn, |conn| {
            let records = self.load(conn)?;
            let (mut result, _) = customer_policy::merged(&records);
            result.updated_at = now();
            let states = records
                .iter()
                .map(|p| customer_journal::capture(conn, p))
                .collect::<DomainResult<Vec<_>>>()?;
            let survivor = records[0].id;
            diesel::update(partners::table.find(survivor))
                .set(&result)
                .execute(conn)?;
            for other in &records[1..] {
                absorb(conn, survivor, other)?;
            }
            let after = model::find(conn, survivor)?;
            let message = chatter::post_event(
                conn,
                Owner::Partner(survivor),
                Some(actor.id),
                MessageKind::Merge,
                &customer_policy::merge_message(&records),
                &customer_journal::changes(&records[0], &after),
            )?;
            let mut states = states.into_iter();
            let snapshot = CustomerSnapshot {
                survivor: states.next().ok_or(DomainError::NotFound)?,
                merged: states.collect(),
                result: after,
                message_id: message.0,
            };
            let merge_id = customer_journal::record(conn, actor, &snapshot)?;
            let merged: Vec<PartnerId> = records[1..].iter().map(|p| p.id).collect();
            crate::domain::webhooks::events::customer_merged(conn, survivor, &merged, merge_id)?;
            for id in std::iter::once(survivor).chain(merged.iter().copied()) {
                keys::refresh(conn, Rec::Partner(id.0))?;
            }
            Ok(CustomerMergeOutcome {
                survivor,
                merged,
                merge_id,
                message,
            })
        })
    }
}

/// Moves one merged-away customer into the survivor: its leads, people, messages (prefixed
/// with their origin) and the identities the survivor lacks; then marks it merged and
/// archives it.
fn absorb(conn: &mut DbConn, survivor: PartnerId, other: &Partner) -> DomainResult<()> {
    let moved: Vec<LeadId> = leads::table
        .filter(leads::partner_id.eq(other.id))
        .select(leads::id)
        .load(conn)?;
    diesel::update(leads::table.filter(leads::partner_id.eq(other.id)))
        .set(leads::partner_id.eq(survivor))
        .execute(conn)?;
    for lead in moved {
        lead_model::after_write(conn, lead)?;
    }
    diesel::update(partners::table.filter(partners::company_id.eq(other.id)))
        .set(partners::company_id.eq(survivor))
        .execute(conn)?;
    let prefix = format!("[From {}] ", customer_policy::marker(other));
    diesel::update(messages::table.filter(messages::partner_id.eq(other.id)))
        .set((
            messages::partner_id.eq(survivor),
            messages::body.eq(sql::<Text>("").bind::<Text, _>(prefix).sql(" || body")),
        ))
        .execute(conn)?;
    let theirs: Vec<(i32, String, String)> = identities::table
        .filter(identities::partner_id.eq(other.id))
        .select((identities::id, identities::channel, identities::handle_norm))
        .load(conn)?;
    for (id, channel, norm) in theirs {
        let has: i64 = identities::table
            .filter(identities::partner_id.eq(survivor))
            .filter(identities::channel.eq(&channel))
            .filter(identities::handle_norm.eq(&norm))
            .count()
            .get_result(conn)?;
        if has == 0 {
            diesel::update(identities::table.find(id))
                .set(identities::partner_id.eq(survivor))
                .execute(conn)?;
        }
    }
    diesel::update(partners::table.find(other.id))
        .set((
            partners::merged_into_id.eq(survivor),
            partners::active.eq(false),
            partners::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A customer merge as its page shows it.
#[derive(Debug, Clone)]
pub struct MergeEntryView {
    pub entry: customer_journal::CustomerMergeEntry,
    pub survivor: Partner,
    /// The customers merged into it, as they were before the merge.
    pub merged: Vec<Partner>,
    /// The merge message (every value of every customer), if it is still there.
    pub message: Option<chatter::ChatterEntry>,
    /// Whether the actor may undo it now.
    pub may_undo: bool,
}

/// The journal entry `merge_id` for its page (managers and admins).
pub fn entry_view(conn: &mut DbConn, actor: &Actor, merge_id: i32) -> DomainResult<MergeEntryView> {
    actor.require_manager()?;
    let entry = customer_journal::find(conn, merge_id)?;
    let survivor = model::find(conn, PartnerId(entry.survivor_id))?;
    let snapshot = entry.snapshot()?;
    let message = chatter::chatter_for(conn, Owner::Partner(survivor.id))?
        .into_iter()
        .find(|m| m.id.0 == snapshot.message_id);
    let may_undo = customer_journal::may_undo(actor, &entry);
    Ok(MergeEntryView {
        entry,
        survivor,
        merged: snapshot.merged.into_iter().map(|m| m.partner).collect(),
        message,
        may_undo,
    })
}
