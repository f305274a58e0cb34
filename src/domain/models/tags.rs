//! Tags: free labels on leads, found or created by name (names are unique as typed, after
//! trimming). A lead's tags are replaced as a set.

use diesel::prelude::*;

use crate::db::schema::{lead_tags, tags};
use crate::db::{DbConn, write_tx};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, TagId};
use crate::domain::values;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = tags)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct Tag {
    pub id: TagId,
    pub name: String,
    pub color: i32,
}

pub fn list(conn: &mut DbConn) -> DomainResult<Vec<Tag>> {
    Ok(tags::table
        .order(tags::name.asc())
        .select(Tag::as_select())
        .load(conn)?)
}

pub fn find_by_name(conn: &mut DbConn, name: &str) -> DomainResult<Option<Tag>> {
    Ok(tags::table
        .filter(tags::name.eq(name.trim()))
        .select(Tag::as_select())
        .first(conn)
        .optional()?)
}

/// The tag with this name, created (with a color picked from the name) when missing.
pub fn find_or_create(conn: &mut DbConn, name: &str) -> DomainResult<Tag> {
    let name = values::required_line(name, "msg.label.tag_name")
        .map_err(|m| DomainError::invalid("tags", m))?;
    write_tx(conn, |conn| {
        if let Some(tag) = find_by_name(conn, &name)? {
            return Ok(tag);
        }
        let color = (name.bytes().map(u32::from).sum::<u32>() % 12) as i32;
        diesel::insert_into(tags::table)
            .values((tags::name.eq(&name), tags::color.eq(color)))
            .execute(conn)?;
        find_by_name(conn, &name)?.ok_or(DomainError::NotFound)
    })
}

/// A lead's tags, by name.
pub fn for_lead(conn: &mut DbConn, lead: LeadId) -> DomainResult<Vec<Tag>> {
    Ok(tags::table
        .inner_join(lead_tags::table)
        .filter(lead_tags::lead_id.eq(lead))
        .order(tags::name.asc())
        .select(Tag::as_select())
        .load(conn)?)
}

/// Replaces a lead's tags with these names, creating missing tags.
pub fn set_for_lead(conn: &mut DbConn, lead: LeadId, names: &[String]) -> DomainResult<()> {
    write_tx(conn, |conn| {
        diesel::delete(lead_tags::table.filter(lead_tags::lead_id.eq(lead))).execute(conn)?;
        for name in names {
            let tag = find_or_create(conn, name)?;
            add_to_lead(conn, lead, tag.id)?;
        }
        Ok(())
    })
}

/// Adds one tag to a lead (no-op when already there).
pub fn add_to_lead(conn: &mut DbConn, lead: LeadId, tag: TagId) -> DomainResult<()> {
    let present: i64 = lead_tags::table
        .filter(lead_tags::lead_id.eq(lead))
        .filter(lead_tags::tag_id.eq(tag))
        .count()
        .get_result(conn)?;
    if present == 0 {
        diesel::insert_into(lead_tags::table)
            .values((lead_tags::lead_id.eq(lead), lead_tags::tag_id.eq(tag)))
            .execute(conn)?;
    }
    Ok(())
}

/// Ids of the leads carrying a tag, oldest first.
pub fn lead_ids_with(conn: &mut DbConn, name: &str) -> DomainResult<Vec<LeadId>> {
    Ok(lead_tags::table
        .inner_join(tags::table)
        .filter(tags::name.eq(name.trim()))
        .order(lead_tags::lead_id.asc())
        .select(lead_tags::lead_id)
        .load::<i32>(conn)?
        .into_iter()
        .map(LeadId)
        .collect())
}
