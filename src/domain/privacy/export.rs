//! The export of a person's data (GDPR article 15): every record found by [`super::find`]
//! with all its fields, messenger identities and chatter (messages with their tracked
//! changes), as JSON or as a long CSV (one value per line).

use diesel::prelude::*;

use super::find::{Person, Start, find};
use crate::db::DbConn;
use crate::db::schema::{identities, messages};
use crate::domain::access::Actor;
use crate::domain::audit::{self, Action, Origin, Target, TargetKind};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, PartnerId};
use crate::domain::models::leads::{self as lead_model, Lead};
use crate::domain::models::partners::{self as partner_model, Partner};

/// One messenger identity of a record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IdentityData {
    pub channel: String,
    pub handle: String,
}

/// One chatter message with its tracked changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MessageData {
    pub id: i32,
    pub kind: String,
    pub created_at: chrono::NaiveDateTime,
    pub body: String,
    /// The event (a catalogue key and its arguments) of a system message, as stored.
    pub event: Option<String>,
    pub changes: Vec<ChangeData>,
}

/// One field change of a message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChangeData {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// A lead of the person.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LeadData {
    pub lead: Lead,
    pub identities: Vec<IdentityData>,
    pub messages: Vec<MessageData>,
}

/// A customer of the person.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CustomerData {
    pub customer: Partner,
    pub identities: Vec<IdentityData>,
    pub messages: Vec<MessageData>,
}

/// Everything the database holds about one person.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PersonExport {
    pub exported_at: chrono::NaiveDateTime,
    pub leads: Vec<LeadData>,
    pub customers: Vec<CustomerData>,
}

impl PersonExport {
    /// The ids of the records exported: `(leads, customers)` (what an audit record names).
    pub fn ids(&self) -> (Vec<LeadId>, Vec<PartnerId>) {
        (
            self.leads.iter().map(|l| l.lead.id).collect(),
            self.customers.iter().map(|c| c.customer.id).collect(),
        )
    }
}

/// The person `start` belongs to, with all their data, for `actor` (admins only).
pub fn export(conn: &mut DbConn, actor: &Actor, start: Start) -> DomainResult<PersonExport> {
    let person = find(conn, actor, start)?;
    collect(conn, &person)
}

/// [`export`], recorded in the audit trail as `person_exported` by `origin`, with the
/// download's `format` (`json`, `csv`): what an admin hands over is on record.
pub fn export_recorded(
    conn: &mut DbConn,
    actor: &Actor,
    origin: &Origin,
    start: Start,
    format: &str,
) -> DomainResult<PersonExport> {
    let data = export(conn, actor, start)?;
    let (leads, customers) = data.ids();
    let customers: Vec<i32> = customers.iter().map(|c| c.0).collect();
    let target = Target::of(TargetKind::Lead, leads.iter().map(|l| l.0));
    let target = super::erase::with_ids(target, "customers", &customers).with("format", format);
    audit::record(conn, origin, Action::PersonExported, target)?;
    Ok(data)
}

/// The data of the records of `person`.
pub fn collect(conn: &mut DbConn, person: &Person) -> DomainResult<PersonExport> {
    let mut leads = Vec::new();
    for id in &person.leads {
        leads.push(LeadData {
            lead: lead_model::find(conn, LeadId(*id))?,
            identities: identities_of(conn, Some(*id), None)?,
            messages: messages_of(conn, Some(*id), None)?,
        });
    }
    let mut customers = Vec::new();
    for id in &person.customers {
        customers.push(CustomerData {
            customer: partner_model::find(conn, PartnerId(*id))?,
            identities: identities_of(conn, None, Some(*id))?,
            messages: messages_of(conn, None, Some(*id))?,
        });
    }
    Ok(PersonExport {
        exported_at: crate::domain::now(),
        leads,
        customers,
    })
}

fn identities_of(
    conn: &mut DbConn,
    lead: Option<i32>,
    partner: Option<i32>,
) -> DomainResult<Vec<IdentityData>> {
    let mut q = identities::table.into_boxed();
    q = match (lead, partner) {
        (Some(l), _) => q.filter(identities::lead_id.eq(l)),
        (None, p) => q.filter(identities::partner_id.eq(p)),
    };
    let rows: Vec<(String, String)> = q
        .order(identities::id.asc())
        .select((identities::channel, identities::handle))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(channel, handle)| IdentityData { channel, handle })
        .collect())
}

type MessageRow = (i32, String, chrono::NaiveDateTime, String, Option<String>);

fn messages_of(
    conn: &mut DbConn,
    lead: Option<i32>,
    partner: Option<i32>,
) -> DomainResult<Vec<MessageData>> {
    let mut q = messages::table.into_boxed();
    q = match (lead, partner) {
        (Some(l), _) => q.filter(messages::lead_id.eq(l)),
        (None, p) => q.filter(messages::partner_id.eq(p)),
    };
    let rows: Vec<MessageRow> = q
        .order(messages::id.asc())
        .select((
            messages::id,
            messages::kind,
            messages::created_at,
            messages::body,
            messages::event,
        ))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
    let changes: Vec<(i32, ChangeData)> =
        crate::domain::models::chatter::stored_changes(conn, &ids)?
            .into_iter()
            .map(|(m, field, old_value, new_value)| {
                let change = ChangeData {
                    field,
                    old_value,
                    new_value,
                };
                (m, change)
            })
            .collect();
    Ok(rows
        .into_iter()
        .map(|(id, kind, created_at, body, event)| MessageData {
            id,
            kind,
            created_at,
            body,
            event,
            changes: changes
                .iter()
                .filter(|c| c.0 == id)
                .map(|c| c.1.clone())
                .collect(),
        })
        .collect())
}

/// The export as pretty JSON.
pub fn to_json(data: &PersonExport) -> DomainResult<String> {
    serde_json::to_string_pretty(data).map_err(|e| DomainError::Internal(format!("export: {e}")))
}

/// The export as CSV, one value a line: `record, id, section, field, value` — a record's
/// fields (`field`), identities (`identity`, the channel), messages (`message`, the id and
/// kind) and their changes (`change`, the field; the value `old → new`).
pub fn to_csv(data: &PersonExport) -> DomainResult<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| DomainError::Internal(format!("export: {e}"));
    out.write_record(["record", "id", "section", "field", "value"])
        .map_err(fail)?;
    for l in &data.leads {
        let fields = serde_json::to_value(&l.lead).unwrap_or_default();
        write_record(
            &mut out,
            "lead",
            l.lead.id.0,
            &fields,
            &l.identities,
            &l.messages,
        )
        .map_err(fail)?;
    }
    for c in &data.customers {
        let fields = serde_json::to_value(&c.customer).unwrap_or_default();
        let id = c.customer.id.0;
        write_record(
            &mut out,
            "customer",
            id,
            &fields,
            &c.identities,
            &c.messages,
        )
        .map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| DomainError::Internal(format!("export: {e}")))
}

fn write_record(
    out: &mut csv::Writer<Vec<u8>>,
    record: &str,
    id: i32,
    fields: &serde_json::Value,
    identities: &[IdentityData],
    messages: &[MessageData],
) -> Result<(), csv::Error> {
    let id = id.to_string();
    let mut row = |section: &str, field: &str, value: &str| {
        out.write_record([record, id.as_str(), section, field, value])
    };
    if let Some(map) = fields.as_object() {
        for (field, value) in map {
            let text = match value {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            row("field", field, &text)?;
        }
    }
    for i in identities {
        row("identity", &i.channel, &i.handle)?;
    }
    for m in messages {
        let label = format!("#{} {} {}", m.id, m.kind, m.created_at);
        let body = m.event.as_deref().unwrap_or(&m.body);
        row("message", &label, body)?;
        for c in &m.changes {
            let value = format!(
                "{} → {}",
                c.old_value.as_deref().unwrap_or(""),
                c.new_value.as_deref().unwrap_or("")
            );
            row("change", &format!("#{} {}", m.id, c.field), &value)?;
        }
    }
    Ok(())
}
