//! Writing a chunk of filler rows: the typed copies' normalised columns computed on every
//! core, then the leads, their tags and their messenger identities inserted.

use diesel::prelude::*;

use super::Row;
use crate::db::DbConn;
use crate::db::schema::identities;
use crate::domain::error::DomainResult;
use crate::domain::ids::TagId;
use crate::domain::models::leads::NewLead;
use crate::domain::models::leads::bulk;
use crate::domain::now;
use crate::domain::similarity::normalise;
use crate::with_inner;

/// The normalised columns of a row as typed, by the domain's own rules (what
/// `leads::create` would store).
fn key_typed(row: &mut NewLead) {
    let country = row.address.country.clone().unwrap_or_default();
    row.contact_name_key = row.contact_name.as_deref().and_then(normalise::name_key);
    row.email_norm = row.email.as_deref().and_then(normalise::email_norm);
    row.phone_e164 = row
        .phone
        .as_deref()
        .and_then(|t| normalise::phone_e164(t, &country));
    row.mobile_e164 = row
        .mobile
        .as_deref()
        .and_then(|t| normalise::phone_e164(t, &country));
}

/// Inserts the rows and their identities, and empties `rows`.
pub(super) fn write(conn: &mut DbConn, rows: &mut Vec<Row>) -> DomainResult<()> {
    let mut leads = Vec::with_capacity(rows.len());
    let mut tagged = Vec::with_capacity(rows.len());
    let mut handles = Vec::new();
    // Parsing phone numbers is the slow part: share it among the cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let part = rows.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in rows.chunks_mut(part) {
            scope.spawn(move || {
                for row in part.iter_mut().filter(|r| r.typed) {
                    key_typed(&mut row.lead);
                }
            });
        }
    });
    for (at, row) in rows.drain(..).enumerate() {
        leads.push(row.lead);
        tagged.push(row.tag.into_iter().collect::<Vec<TagId>>());
        handles.extend(row.identities.into_iter().map(|h| (at, h)));
    }
    let ids = bulk::insert(conn, &leads, &tagged)?;
    let created = now();
    let links: Vec<_> = handles
        .into_iter()
        .map(|(at, (channel, handle, norm))| {
            (
                identities::lead_id.eq(Some(ids[at])),
                identities::channel.eq(channel),
                identities::handle.eq(handle),
                identities::handle_norm.eq(norm),
                identities::created_at.eq(created),
            )
        })
        .collect();
    if !links.is_empty() {
        with_inner!(conn, |c| diesel::insert_into(identities::table)
            .values(&links)
            .execute(c))?;
    }
    Ok(())
}
