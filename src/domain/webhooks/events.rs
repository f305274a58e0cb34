//! The outbox: each event is written in the transaction of the change it reports, with one
//! pending delivery per active endpoint that wants it. Nothing is written when no endpoint
//! wants it, and the duplicate search behind `lead.created` runs only when one does.

use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::db::DbConn;
use crate::db::schema::{webhook_deliveries, webhook_endpoints, webhook_events};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, PartnerId};
use crate::domain::models::leads as model;
use crate::domain::now;
use crate::domain::similarity::{self, Match};

use super::status::PENDING;

/// What happened, as receivers name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    LeadCreated,
    DuplicateFound,
    LeadMerged,
    MergeUndone,
    LeadConverted,
    LeadLost,
    LeadRestored,
    CustomerMerged,
}

impl EventType {
    pub const ALL: [EventType; 8] = [
        EventType::LeadCreated,
        EventType::DuplicateFound,
        EventType::LeadMerged,
        EventType::MergeUndone,
        EventType::LeadConverted,
        EventType::LeadLost,
        EventType::LeadRestored,
        EventType::CustomerMerged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::LeadCreated => "lead.created",
            EventType::DuplicateFound => "duplicate.found",
            EventType::LeadMerged => "lead.merged",
            EventType::MergeUndone => "merge.undone",
            EventType::LeadConverted => "lead.converted",
            EventType::LeadLost => "lead.lost",
            EventType::LeadRestored => "lead.restored",
            EventType::CustomerMerged => "customer.merged",
        }
    }

    pub fn parse(raw: &str) -> Option<EventType> {
        let raw = raw.trim();
        EventType::ALL.into_iter().find(|e| e.as_str() == raw)
    }

    /// The catalogue key of its description (`webhooks.event_lead_created`…).
    pub fn label_key(self) -> String {
        format!("webhooks.event_{}", self.as_str().replace('.', "_"))
    }
}

/// The JSON body a receiver gets.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Payload {
    /// The event id (`evt_…`), the same on every retry and replay.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub data: Value,
}

/// The active endpoints that want `event`.
fn subscribers(conn: &mut DbConn, event: EventType) -> DomainResult<Vec<i32>> {
    let all: Vec<(i32, String)> = webhook_endpoints::table
        .filter(webhook_endpoints::active.eq(true))
        .select((webhook_endpoints::id, webhook_endpoints::events))
        .load(conn)?;
    Ok(all
        .into_iter()
        .filter(|(_, events)| events.split(',').any(|e| e == event.as_str()))
        .map(|(id, _)| id)
        .collect())
}

/// Writes `event` with `data` and a pending delivery per subscribed endpoint. Call it inside
/// the write transaction of the change, so both are kept or neither.
pub fn record(conn: &mut DbConn, event: EventType, data: Value) -> DomainResult<()> {
    let endpoints = subscribers(conn, event)?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let at = now();
    let payload = Payload {
        id: format!("evt_{}", hex::encode(rand::random::<[u8; 16]>())),
        kind: event.as_str().into(),
        created_at: at
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        data,
    };
    let body = serde_json::to_string(&payload)
        .map_err(|e| DomainError::Internal(format!("webhook payload: {e}")))?;
    diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::event_id.eq(&payload.id),
            webhook_events::event_type.eq(event.as_str()),
            webhook_events::payload.eq(&body),
            webhook_events::created_at.eq(at),
        ))
        .execute(conn)?;
    let event_row: i32 = webhook_events::table
        .filter(webhook_events::event_id.eq(&payload.id))
        .select(webhook_events::id)
        .first(conn)?;
    for endpoint in endpoints {
        diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::endpoint_id.eq(endpoint),
                webhook_deliveries::event_id.eq(event_row),
                webhook_deliveries::status.eq(PENDING),
                webhook_deliveries::attempts.eq(0),
                webhook_deliveries::next_attempt_at.eq(at),
                webhook_deliveries::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Whether an active endpoint wants any of `events` (to skip work nobody would hear of).
fn wanted(conn: &mut DbConn, events: &[EventType]) -> DomainResult<bool> {
    for event in events {
        if !subscribers(conn, *event)?.is_empty() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The fields of a lead receivers use most.
fn lead_data(conn: &mut DbConn, id: LeadId) -> DomainResult<Value> {
    let lead = model::find(conn, id)?;
    Ok(json!({
        "id": lead.id.0,
        "kind": lead.kind.as_str(),
        "title": lead.title,
        "contact_name": lead.contact_name,
        "company_name": lead.company_name,
        "email": lead.email,
        "phone": lead.phone,
        "mobile": lead.mobile,
        "source": lead.source_channel.as_str(),
        "salesperson_id": lead.salesperson_id.map(|u| u.0),
        "team_id": lead.team_id.map(|t| t.0),
        "customer_id": lead.partner_id.map(|p| p.0),
        "active": lead.active,
    }))
}

/// A match as receivers get it: the record, its score and the reasons with their weights.
fn match_data(m: &Match) -> Value {
    let reasons: Vec<Value> = m
        .reasons
        .iter()
        .map(|r| json!({"text": r.text, "weight": (r.weight * 10.0).round() / 10.0}))
        .collect();
    json!({
        "lead_id": (!m.record.is_customer).then_some(m.record.id),
        "customer_id": m.record.is_customer.then_some(m.record.id),
        "title": m.record.title,
        "score": m.score,
        "probability": (m.probability * 10_000.0).round() / 10_000.0,
        "reasons": reasons,
    })
}

/// `lead.created` for a lead made by `actor` (a form, the API, quick create), with the
/// strong duplicates the actor can see; and `duplicate.found` when there are some.
pub fn lead_created(conn: &mut DbConn, actor: &Actor, lead: LeadId) -> DomainResult<()> {
    if !wanted(conn, &[EventType::LeadCreated, EventType::DuplicateFound])? {
        return Ok(());
    }
    let found = similarity::warnings_for_new(conn, actor, lead)?;
    lead_created_with(conn, lead, "app", &found)
}

/// `lead.created` (and `duplicate.found` when `found` holds some) for a lead whose strong
/// duplicates were already searched (intake). `via` names the door: `app` or `intake`.
pub fn lead_created_with(
    conn: &mut DbConn,
    lead: LeadId,
    via: &str,
    found: &[Match],
) -> DomainResult<()> {
    if !wanted(conn, &[EventType::LeadCreated, EventType::DuplicateFound])? {
        return Ok(());
    }
    let matches: Vec<Value> = found.iter().map(match_data).collect();
    let data = lead_data(conn, lead)?;
    record(
        conn,
        EventType::LeadCreated,
        json!({"lead": data, "via": via, "duplicates": matches}),
    )?;
    if found.is_empty() {
        return Ok(());
    }
    let best = found.iter().map(|m| m.score).max().unwrap_or_default();
    let data =
        json!({"lead_id": lead.0, "lead": data, "via": via, "score": best, "matches": matches});
    record(conn, EventType::DuplicateFound, data)
}

/// `lead.merged`: `merged` went into `survivor` (journal entry `merge_id`, for undo).
pub fn lead_merged(
    conn: &mut DbConn,
    survivor: LeadId,
    merged: &[LeadId],
    merge_id: i32,
) -> DomainResult<()> {
    if !wanted(conn, &[EventType::LeadMerged])? {
        return Ok(());
    }
    let ids: Vec<i32> = merged.iter().map(|l| l.0).collect();
    let lead = lead_data(conn, survivor)?;
    let data =
        json!({"merge_id": merge_id, "survivor_id": survivor.0, "merged_ids": ids, "lead": lead});
    record(conn, EventType::LeadMerged, data)
}

/// `merge.undone`: the merge `merge_id` was undone, `restored` are back beside `survivor`.
pub fn merge_undone(
    conn: &mut DbConn,
    merge_id: i32,
    survivor: LeadId,
    restored: &[LeadId],
) -> DomainResult<()> {
    let ids: Vec<i32> = restored.iter().map(|l| l.0).collect();
    let data = json!({"merge_id": merge_id, "survivor_id": survivor.0, "restored_ids": ids});
    record(conn, EventType::MergeUndone, data)
}

/// `lead.converted`: `lead` is an opportunity now, of `customer` (made by the conversion
/// when `customer_created`).
pub fn lead_converted(
    conn: &mut DbConn,
    lead: LeadId,
    customer: Option<PartnerId>,
    customer_created: bool,
) -> DomainResult<()> {
    if !wanted(conn, &[EventType::LeadConverted])? {
        return Ok(());
    }
    let data = json!({
        "lead_id": lead.0,
        "customer_id": customer.map(|p| p.0),
        "customer_created": customer_created,
        "lead": lead_data(conn, lead)?,
    });
    record(conn, EventType::LeadConverted, data)
}

/// `lead.lost`, with the reason when one was given.
pub fn lead_lost(
    conn: &mut DbConn,
    lead: LeadId,
    reason: Option<(i32, &str)>,
    note: &str,
) -> DomainResult<()> {
    let data = json!({
        "lead_id": lead.0,
        "lost_reason_id": reason.map(|r| r.0),
        "lost_reason": reason.map(|r| r.1),
        "closing_note": (!note.is_empty()).then_some(note),
    });
    record(conn, EventType::LeadLost, data)
}

/// `lead.restored`: a lost or archived record is active again.
pub fn lead_restored(conn: &mut DbConn, lead: LeadId) -> DomainResult<()> {
    record(conn, EventType::LeadRestored, json!({"lead_id": lead.0}))
}

/// `customer.merged`: `merged` went into `survivor` (journal entry `merge_id`).
pub fn customer_merged(
    conn: &mut DbConn,
    survivor: PartnerId,
    merged: &[PartnerId],
    merge_id: i32,
) -> DomainResult<()> {
    let ids: Vec<i32> = merged.iter().map(|p| p.0).collect();
    let data = json!({"merge_id": merge_id, "survivor_id": survivor.0, "merged_ids": ids});
    record(conn, EventType::CustomerMerged, data)
}
