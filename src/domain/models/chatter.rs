//! The chatter: the history under a lead or a partner. A message has an author (none for
//! the system), a kind and a body, and may carry tracked field changes (old → new). Messages
//! are never edited; merge, conversion, lost and restore write their own kinds.

use diesel::prelude::*;

use crate::db::schema::{message_changes, messages};
use crate::db::{DbConn, write_tx};
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, MessageId, Owner, PartnerId, UserId};
use crate::domain::{now, values};
use crate::with_inner;

text_enum! {
    /// What a message records.
    MessageKind, "message kind" {
        Note => "note", Log => "log", Merge => "merge", Conversion => "conversion",
        Lost => "lost", Restore => "restore", Stage => "stage", Intake => "intake",
    }
}

/// One tracked field change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Change {
    pub fn new(field: &str, old: Option<&str>, new: Option<&str>) -> Change {
        Change {
            field: field.into(),
            old: old.map(Into::into),
            new: new.map(Into::into),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = messages)]
#[diesel(check_for_backend(crate::db::Backend))]
struct MessageRow {
    id: MessageId,
    author_id: Option<UserId>,
    kind: MessageKind,
    body: String,
    created_at: chrono::NaiveDateTime,
}

/// A message as shown, with its changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    pub id: MessageId,
    pub author_id: Option<UserId>,
    pub kind: MessageKind,
    pub body: String,
    pub created_at: chrono::NaiveDateTime,
    pub changes: Vec<Change>,
}

/// Posts a message; the body may be empty only when changes say what happened.
pub fn post(
    conn: &mut DbConn,
    on: Owner,
    author: Option<UserId>,
    kind: MessageKind,
    body: &str,
    changes: &[Change],
) -> DomainResult<MessageId> {
    let body = values::optional_text(body, "Message")
        .map_err(|m| DomainError::invalid("body", m))?
        .unwrap_or_default();
    if body.is_empty() && changes.is_empty() {
        return Err(DomainError::invalid("body", "Write a message"));
    }
    let (lead_id, partner_id) = on.columns();
    write_tx(conn, |conn| {
        let id: i32 = with_inner!(conn, |c| diesel::insert_into(messages::table)
            .values((
                messages::lead_id.eq(lead_id),
                messages::partner_id.eq(partner_id),
                messages::author_id.eq(author.map(|a| a.0)),
                messages::kind.eq(kind),
                messages::body.eq(&body),
                messages::created_at.eq(now()),
            ))
            .returning(messages::id)
            .get_result(c))?;
        for change in changes {
            diesel::insert_into(message_changes::table)
                .values((
                    message_changes::message_id.eq(id),
                    message_changes::field.eq(&change.field),
                    message_changes::old_value.eq(&change.old),
                    message_changes::new_value.eq(&change.new),
                ))
                .execute(conn)?;
        }
        Ok(MessageId(id))
    })
}

/// A lead's messages, newest first, each with its changes.
pub fn for_lead(conn: &mut DbConn, lead: LeadId) -> DomainResult<Vec<Message>> {
    list(conn, Owner::Lead(lead))
}

/// A partner's messages, newest first, each with its changes.
pub fn for_partner(conn: &mut DbConn, partner: PartnerId) -> DomainResult<Vec<Message>> {
    list(conn, Owner::Partner(partner))
}

fn list(conn: &mut DbConn, on: Owner) -> DomainResult<Vec<Message>> {
    let mut query = messages::table.select(MessageRow::as_select()).into_boxed();
    query = match on {
        Owner::Lead(id) => query.filter(messages::lead_id.eq(id)),
        Owner::Partner(id) => query.filter(messages::partner_id.eq(id)),
    };
    let rows = query
        .order((messages::created_at.desc(), messages::id.desc()))
        .load(conn)?;
    let ids: Vec<MessageId> = rows.iter().map(|r| r.id).collect();
    let changes: Vec<(MessageId, String, Option<String>, Option<String>)> = message_changes::table
        .filter(message_changes::message_id.eq_any(&ids))
        .order(message_changes::id.asc())
        .select((
            message_changes::message_id,
            message_changes::field,
            message_changes::old_value,
            message_changes::new_value,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| Message {
            id: row.id,
            author_id: row.author_id,
            kind: row.kind,
            body: row.body,
            created_at: row.created_at,
            changes: changes
                .iter()
                .filter(|c| c.0 == row.id)
                .map(|c| Change {
                    field: c.1.clone(),
                    old: c.2.clone(),
                    new: c.3.clone(),
                })
                .collect(),
        })
        .collect())
}
