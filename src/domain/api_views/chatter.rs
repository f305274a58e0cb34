//! A record's chatter as JSON, newest first and paginated: what the record page and the
//! customer page show under "Chatter", read with the same rights (a lead the actor may see
//! and that was not merged away; any customer), and a note posted through the same domain
//! calls as the pages' "Log note".

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::customers::{self, edit};
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, MessageId, Owner, PartnerId};
use crate::domain::models::chatter::{Change, ChatterEntry, MessageKind, chatter_for};
use crate::domain::records;

use super::paging::{Page, Paging};

/// Messages per page unless the caller asks otherwise.
pub const PER_PAGE: usize = 50;

/// One chatter message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct MessageView {
    pub id: MessageId,
    /// "note" for a user's note; "log", "stage", "merge", "lost"… for what Leadbook recorded.
    pub kind: MessageKind,
    /// The author's name (`null`: Leadbook itself).
    pub author: Option<String>,
    /// What happened, in the request's language (`null` for a note).
    pub text: Option<String>,
    /// A note's own words.
    pub body: String,
    pub created_at: chrono::NaiveDateTime,
    /// Tracked field changes, values as stored (ids, cents, codes) with the names of ids.
    pub changes: Vec<Change>,
}

fn view(entry: ChatterEntry, locale: &str) -> MessageView {
    MessageView {
        id: entry.id,
        kind: entry.kind,
        author: entry.author,
        text: entry.event.map(|e| e.render(locale)),
        body: entry.body,
        created_at: entry.at,
        changes: entry.changes,
    }
}

fn page_of(all: Vec<ChatterEntry>, paging: Paging, locale: &str) -> Page<MessageView> {
    let page = paging.cut(all);
    Page {
        items: page.items.into_iter().map(|e| view(e, locale)).collect(),
        total: page.total,
        page: page.page,
        pages: page.pages,
        per_page: page.per_page,
    }
}

/// The chatter of a lead the actor may see; a merged one answers `MergedInto` its survivor,
/// which holds its messages now.
pub fn of_lead(
    conn: &mut DbConn,
    actor: &Actor,
    id: LeadId,
    paging: Paging,
    locale: &str,
) -> DomainResult<Page<MessageView>> {
    records::find_open(conn, actor, id)?;
    Ok(page_of(chatter_for(conn, Owner::Lead(id))?, paging, locale))
}

/// The chatter of a customer, as its page shows it.
pub fn of_customer(
    conn: &mut DbConn,
    actor: &Actor,
    id: PartnerId,
    paging: Paging,
    locale: &str,
) -> DomainResult<Page<MessageView>> {
    let page = customers::page(conn, actor, id)?;
    Ok(page_of(page.chatter, paging, locale))
}

/// Posts a note on a lead (the record page's "Log note") and returns it.
pub fn note_on_lead(
    conn: &mut DbConn,
    actor: &Actor,
    id: LeadId,
    body: &str,
    locale: &str,
) -> DomainResult<MessageView> {
    records::post_note(conn, actor, id, body)?;
    newest(conn, Owner::Lead(id), locale)
}

/// Posts a note on a customer (the customer page's "Log note") and returns it.
pub fn note_on_customer(
    conn: &mut DbConn,
    actor: &Actor,
    id: PartnerId,
    body: &str,
    locale: &str,
) -> DomainResult<MessageView> {
    edit::post_note(conn, actor, id, body)?;
    newest(conn, Owner::Partner(id), locale)
}

fn newest(conn: &mut DbConn, on: Owner, locale: &str) -> DomainResult<MessageView> {
    let entry = chatter_for(conn, on)?
        .into_iter()
        .max_by_key(|e| e.id)
        .ok_or(crate::domain::DomainError::NotFound)?;
    Ok(view(entry, locale))
}
