//! The names behind the ids a chatter change refers to (stage, salesperson, team, customer,
//! lost reason). A change is written with the names the ids have then, and read with the
//! names they have now — the written one when the row is gone — so a reader sees "Won", not
//! "#4", and a renamed stage shows its new name.

use std::collections::HashMap;

use diesel::prelude::*;

use super::chatter::{self, Change, Message, MessageKind};
use crate::db::DbConn;
use crate::db::schema::{lost_reasons, partners, stages, teams, users};
use crate::domain::error::DomainResult;
use crate::domain::ids::{MessageId, Owner};
use crate::i18n::Msg;

/// What a reference field points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Table {
    Stages,
    Users,
    Teams,
    Partners,
    LostReasons,
}

/// The table a change's field refers to, if it is a reference.
fn table_of(field: &str) -> Option<Table> {
    Some(match field {
        "stage_id" => Table::Stages,
        "salesperson_id" | "user_id" => Table::Users,
        "team_id" => Table::Teams,
        "partner_id" | "company_id" => Table::Partners,
        "lost_reason_id" => Table::LostReasons,
        _ => return None,
    })
}

/// A stored reference value as an id (`"4"` or `"#4"`); `None` for a name stored by older
/// versions.
fn id_of(value: &Option<String>) -> Option<i32> {
    value.as_deref()?.trim().trim_start_matches('#').parse().ok()
}

/// Every name of the referenced tables, by table and id.
struct Names(HashMap<(Table, i32), String>);

impl Names {
    fn load(conn: &mut DbConn, changes: &[&Change]) -> DomainResult<Names> {
        let mut wanted: HashMap<Table, Vec<i32>> = HashMap::new();
        for c in changes {
            if let Some(table) = table_of(&c.field) {
                let ids = wanted.entry(table).or_default();
                ids.extend(id_of(&c.old));
                ids.extend(id_of(&c.new));
            }
        }
        let mut out = HashMap::new();
        for (table, ids) in wanted {
            let rows: Vec<(i32, String)> = match table {
                Table::Stages => stages::table
                    .filter(stages::id.eq_any(&ids))
                    .select((stages::id, stages::name))
                    .load(conn)?,
                Table::Users => users::table
                    .filter(users::id.eq_any(&ids))
                    .select((users::id, users::name))
                    .load(conn)?,
                Table::Teams => teams::table
                    .filter(teams::id.eq_any(&ids))
                    .select((teams::id, teams::name))
                    .load(conn)?,
                Table::Partners => partners::table
                    .filter(partners::id.eq_any(&ids))
                    .select((partners::id, partners::name))
                    .load(conn)?,
                Table::LostReasons => lost_reasons::table
                    .filter(lost_reasons::id.eq_any(&ids))
                    .select((lost_reasons::id, lost_reasons::name))
                    .load(conn)?,
            };
            out.extend(rows.into_iter().map(|(id, name)| ((table, id), name)));
        }
        Ok(Names(out))
    }

    /// The current name of a reference value, if it is one and its row exists.
    fn of(&self, field: &str, value: &Option<String>) -> Option<String> {
        let table = table_of(field)?;
        self.0.get(&(table, id_of(value)?)).cloned()
    }

    /// The change with the current names of its ids (the stored ones for rows now gone).
    fn named(&self, c: &Change) -> Change {
        Change {
            old_name: self.of(&c.field, &c.old).or_else(|| c.old_name.clone()),
            new_name: self.of(&c.field, &c.new).or_else(|| c.new_name.clone()),
            ..c.clone()
        }
    }
}

/// The changes with the names their ids have now, as they are written.
pub(super) fn with_names(conn: &mut DbConn, changes: &[Change]) -> DomainResult<Vec<Change>> {
    let names = Names::load(conn, &changes.iter().collect::<Vec<_>>())?;
    Ok(changes.iter().map(|c| names.named(c)).collect())
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
        Owner::Lead(id) => chatter::for_lead(conn, id)?,
        Owner::Partner(id) => chatter::for_partner(conn, id)?,
    };
    let authors: Vec<i32> = messages.iter().filter_map(|m| m.author_id).map(|a| a.0).collect();
    let people: HashMap<i32, String> = users::table
        .filter(users::id.eq_any(authors))
        .select((users::id, users::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let names = Names::load(conn, &messages.iter().flat_map(|m| &m.changes).collect::<Vec<_>>())?;
    Ok(messages
        .into_iter()
        .map(|m| ChatterEntry {
            id: m.id,
            author: m.author_id.and_then(|a| people.get(&a.0).cloned()),
            kind: m.kind,
            changes: m.changes.iter().map(|c| names.named(c)).collect(),
            body: m.body,
            event: m.event,
            at: m.created_at,
        })
        .collect())
}
