//! The chatter: the history under a lead or a partner. A message has an author (none for
//! the system), a kind, and either a user's body (a note) or an event — a catalogue key and
//! its arguments ([`Msg`]), shown in the reader's language — and may carry tracked field
//! changes (field key, old → new as stored, and the names referenced ids had). Messages are
//! never edited; merge, conversion, lost and restore write their own kinds.

use diesel::prelude::*;

use crate::db::schema::{message_changes, messages, users};
use crate::db::{DbConn, write_tx};
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, MessageId, Owner, PartnerId, UserId};
use crate::domain::{now, values};
use crate::i18n::Msg;
use crate::with_inner;

use super::chatter_refs::Names;

text_enum! {
    /// What a message records.
    MessageKind, "message kind" {
        Note => "note", Log => "log", Merge => "merge", Conversion => "conversion",
        Lost => "lost", Restore => "restore", Stage => "stage", Intake => "intake",
    }
}

/// One tracked field change: the field's key (`track.<field>` labels it) and the values as
/// stored (ids, `true`/`false`, cents, codes), rendered for the reader when shown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Change {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// For a reference (stage, user, team, customer, lost reason): the names the ids had
    /// when the change was written, shown once the referenced row is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_name: Option<String>,
}

/// The (field, stored value) pairs of `changes`.
fn values_of(changes: &[Change]) -> impl Iterator<Item = (&str, &Option<String>)> {
    changes
        .iter()
        .flat_map(|c| [(c.field.as_str(), &c.old), (c.field.as_str(), &c.new)])
}

impl Change {
    /// The change with the names its ids have now (the stored ones for rows now gone).
    fn named(&self, names: &Names) -> Change {
        Change {
            old_name: names
                .of(&self.field, &self.old)
                .or_else(|| self.old_name.clone()),
            new_name: names
                .of(&self.field, &self.new)
                .or_else(|| self.new_name.clone()),
            ..self.clone()
        }
    }

    pub fn new(field: &str, old: Option<&str>, new: Option<&str>) -> Change {
        Change {
            field: field.into(),
            old: old.map(Into::into),
            new: new.map(Into::into),
            old_name: None,
            new_name: None,
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
    event: Option<String>,
}

/// A message as shown, with its changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    pub id: MessageId,
    pub author_id: Option<UserId>,
    pub kind: MessageKind,
    pub body: String,
    /// What a system message says (`None`: a note, or a row from before events).
    pub event: Option<Msg>,
    pub created_at: chrono::NaiveDateTime,
    pub changes: Vec<Change>,
}

impl Message {
    /// The message's text in English: its event, else its body (logs, tests).
    pub fn text(&self) -> String {
        match &self.event {
            Some(event) => event.to_string(),
            None => self.body.clone(),
        }
    }
}

/// Posts a user's message (a note); the body may be empty only when changes say what
/// happened. A system message is posted with [`post_event`].
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
    insert(conn, on, author, kind, (&body, None), changes)
}

/// Posts a system message: what happened as a catalogue key and its arguments (record ids,
/// names as typed, counts), rendered in each reader's language, with its tracked changes.
pub fn post_event(
    conn: &mut DbConn,
    on: Owner,
    author: Option<UserId>,
    kind: MessageKind,
    event: &Msg,
    changes: &[Change],
) -> DomainResult<MessageId> {
    let json = serde_json::to_string(event)
        .map_err(|e| DomainError::Internal(format!("chatter event: {e}")))?;
    insert(conn, on, author, kind, ("", Some(json)), changes)
}

/// Writes the message and its changes, each reference change with the names its ids have.
fn insert(
    conn: &mut DbConn,
    on: Owner,
    author: Option<UserId>,
    kind: MessageKind,
    (body, event): (&str, Option<String>),
    changes: &[Change],
) -> DomainResult<MessageId> {
    let (lead_id, partner_id) = on.columns();
    write_tx(conn, |conn| {
        let names = Names::load(conn, values_of(changes))?;
        let changes: Vec<Change> = changes.iter().map(|c| c.named(&names)).collect();
        let id: i32 = with_inner!(conn, |c| diesel::insert_into(messages::table)
            .values((
                messages::lead_id.eq(lead_id),
                messages::partner_id.eq(partner_id),
                messages::author_id.eq(author.map(|a| a.0)),
                messages::kind.eq(kind),
                messages::body.eq(body),
                messages::event.eq(&event),
                messages::created_at.eq(now()),
            ))
            .returning(messages::id)
            .get_result(c))?;
        for change in &changes {
            diesel::insert_into(message_changes::table)
                .values((
                    message_changes::message_id.eq(id),
                    message_changes::field.eq(&change.field),
                    message_changes::old_value.eq(&change.old),
                    message_changes::new_value.eq(&change.new),
                    message_changes::old_name.eq(&change.old_name),
                    message_changes::new_name.eq(&change.new_name),
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

type ChangeRow = (
    MessageId,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// One tracked change as stored: the message's id, the field, the old and the new value.
pub type StoredChange = (i32, String, Option<String>, Option<String>);

/// The tracked changes of the messages `ids`, oldest first, read in chunks (a merged
/// record can carry thousands of messages; the merge journal and a person's export use it).
pub fn stored_changes(conn: &mut DbConn, ids: &[i32]) -> DomainResult<Vec<StoredChange>> {
    let mut changes = Vec::new();
    for chunk in ids.chunks(500) {
        changes.extend(
            message_changes::table
                .filter(message_changes::message_id.eq_any(chunk))
                .order(message_changes::id.asc())
                .select((
                    message_changes::message_id,
                    message_changes::field,
                    message_changes::old_value,
                    message_changes::new_value,
                ))
                .load::<StoredChange>(conn)?,
        );
    }
    Ok(changes)
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
    let changes: Vec<ChangeRow> = message_changes::table
        .filter(message_changes::message_id.eq_any(&ids))
        .order(message_changes::id.asc())
        .select((
            message_changes::message_id,
            message_changes::field,
            message_changes::old_value,
            message_changes::new_value,
            message_changes::old_name,
            message_changes::new_name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| Message {
            id: row.id,
            author_id: row.author_id,
            kind: row.kind,
            body: row.body,
            // A row whose event no longer reads (a future format) shows its body.
            event: row.event.and_then(|e| serde_json::from_str(&e).ok()),
            created_at: row.created_at,
            changes: changes
                .iter()
                .filter(|c| c.0 == row.id)
                .map(|c| Change {
                    field: c.1.clone(),
                    old: c.2.clone(),
                    new: c.3.clone(),
                    old_name: c.4.clone(),
                    new_name: c.5.clone(),
                })
                .collect(),
        })
        .collect())
}

/// A chatter message as shown: the author's name, and changes with the current names of
/// the ids they refer to. The web layer renders the event, labels and values.
#[derive(Debug, Clone)]
pub struct ChatterEntry {
    pub id: MessageId,
    pub author: Option<String>,
    pub kind: MessageKind,
    /// A user's note, or the English sentence of a message written before events.
    pub body: String,
    pub event: Option<Msg>,
    pub at: chrono::NaiveDateTime,
    pub changes: Vec<Change>,
}

/// The chatter of a record or of a customer, newest first, ready to show.
pub fn chatter_for(conn: &mut DbConn, on: Owner) -> DomainResult<Vec<ChatterEntry>> {
    let messages: Vec<Message> = match on {
        Owner::Lead(id) => for_lead(conn, id)?,
        Owner::Partner(id) => for_partner(conn, id)?,
    };
    let authors: Vec<i32> = messages
        .iter()
        .filter_map(|m| m.author_id)
        .map(|a| a.0)
        .collect();
    let people: std::collections::HashMap<i32, String> = users::table
        .filter(users::id.eq_any(authors))
        .select((users::id, users::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let all: Vec<Change> = messages.iter().flat_map(|m| m.changes.clone()).collect();
    let names = Names::load(conn, values_of(&all))?;
    Ok(messages
        .into_iter()
        .map(|m| ChatterEntry {
            id: m.id,
            author: m.author_id.and_then(|a| people.get(&a.0).cloned()),
            kind: m.kind,
            changes: m.changes.iter().map(|c| c.named(&names)).collect(),
            body: m.body,
            event: m.event,
            at: m.created_at,
        })
        .collect())
}
