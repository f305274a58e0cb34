//! Lost reasons: why a deal was lost, picked (or created on the spot) in Mark as Lost and
//! used in reports. Names are unique ignoring case and spacing (`name_key`); a reason is
//! archived rather than deleted, so lost records keep pointing at it.

use diesel::prelude::*;

use crate::db::schema::{leads, lost_reasons};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::LostReasonId;
use crate::domain::values;
use crate::i18n::Msg;

#[derive(
    Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = lost_reasons)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct LostReason {
    pub id: LostReasonId,
    pub name: String,
    pub name_key: String,
    pub active: bool,
}

/// The uniqueness key: lower-cased, spaces squeezed ("Too  Expensive" = "too expensive").
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reasons by name; archived ones only when asked.
pub fn list(conn: &mut DbConn, include_archived: bool) -> DomainResult<Vec<LostReason>> {
    let mut query = lost_reasons::table
        .select(LostReason::as_select())
        .into_boxed();
    if !include_archived {
        query = query.filter(lost_reasons::active.eq(true));
    }
    Ok(query.order(lost_reasons::name.asc()).load(conn)?)
}

pub fn find(conn: &mut DbConn, id: LostReasonId) -> DomainResult<LostReason> {
    lost_reasons::table
        .find(id)
        .select(LostReason::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)
}

fn find_by_key(conn: &mut DbConn, key: &str) -> DomainResult<Option<LostReason>> {
    Ok(lost_reasons::table
        .filter(lost_reasons::name_key.eq(key))
        .select(LostReason::as_select())
        .first(conn)
        .optional()?)
}

fn parse_name(name: &str) -> DomainResult<String> {
    values::required_line(name, "msg.label.lost_reason")
        .map_err(|m| DomainError::invalid("name", m))
}

/// Creates a reason; a name that exists (ignoring case) is a field error. Managers and
/// admins only.
pub fn create(conn: &mut DbConn, actor: &Actor, name: &str) -> DomainResult<LostReason> {
    actor.require_manager()?;
    let name = parse_name(name)?;
    let key = name_key(&name);
    write_tx(conn, |conn| {
        if find_by_key(conn, &key)?.is_some() {
            return Err(DomainError::invalid(
                "name",
                Msg::new("msg.lost_reasons.exists"),
            ));
        }
        insert(conn, &name, &key)
    })
}

/// The reason with this name (ignoring case), created when missing, reactivated when
/// archived: what typing a reason in Mark as Lost does.
pub fn find_or_create(conn: &mut DbConn, name: &str) -> DomainResult<LostReason> {
    let name = parse_name(name)?;
    let key = name_key(&name);
    write_tx(conn, |conn| match find_by_key(conn, &key)? {
        Some(reason) if reason.active => Ok(reason),
        Some(reason) => {
            activate(conn, reason.id, true)?;
            find(conn, reason.id)
        }
        None => insert(conn, &name, &key),
    })
}

fn insert(conn: &mut DbConn, name: &str, key: &str) -> DomainResult<LostReason> {
    diesel::insert_into(lost_reasons::table)
        .values((
            lost_reasons::name.eq(name),
            lost_reasons::name_key.eq(key),
            lost_reasons::active.eq(true),
        ))
        .execute(conn)?;
    find_by_key(conn, key)?.ok_or(DomainError::NotFound)
}

/// Renames a reason (the description edited in Configuration → Lost Reasons). Managers
/// and admins only.
pub fn rename(
    conn: &mut DbConn,
    actor: &Actor,
    id: LostReasonId,
    name: &str,
) -> DomainResult<LostReason> {
    actor.require_manager()?;
    let name = parse_name(name)?;
    let key = name_key(&name);
    write_tx(conn, |conn| {
        find(conn, id)?;
        if find_by_key(conn, &key)?.is_some_and(|other| other.id != id) {
            return Err(DomainError::invalid(
                "name",
                Msg::new("msg.lost_reasons.exists"),
            ));
        }
        diesel::update(lost_reasons::table.find(id))
            .set((
                lost_reasons::name.eq(&name),
                lost_reasons::name_key.eq(&key),
            ))
            .execute(conn)?;
        find(conn, id)
    })
}

/// Archives or reactivates a reason. Managers and admins only.
pub fn set_active(
    conn: &mut DbConn,
    actor: &Actor,
    id: LostReasonId,
    active: bool,
) -> DomainResult<()> {
    actor.require_manager()?;
    write_tx(conn, |conn| activate(conn, id, active))
}

fn activate(conn: &mut DbConn, id: LostReasonId, active: bool) -> DomainResult<()> {
    let updated = diesel::update(lost_reasons::table.find(id))
        .set(lost_reasons::active.eq(active))
        .execute(conn)?;
    if updated == 0 {
        Err(DomainError::NotFound)
    } else {
        Ok(())
    }
}

/// The reason with this name, ignoring case and spacing, archived or not.
pub fn find_by_name(conn: &mut DbConn, name: &str) -> DomainResult<Option<LostReason>> {
    find_by_key(conn, &name_key(name))
}

/// How many records (lost, archived or active, merged-away ones excepted) point at `id`.
pub fn usage(conn: &mut DbConn, id: LostReasonId) -> DomainResult<i64> {
    Ok(leads::table
        .filter(leads::lost_reason_id.eq(id))
        .filter(leads::merged_into_id.is_null())
        .count()
        .get_result(conn)?)
}

/// Every reason (archived ones too) with the number of records that use it, by name.
pub fn list_with_usage(conn: &mut DbConn) -> DomainResult<Vec<(LostReason, i64)>> {
    let reasons = list(conn, true)?;
    let counts: Vec<(Option<LostReasonId>, i64)> = leads::table
        .filter(leads::lost_reason_id.is_not_null())
        .filter(leads::merged_into_id.is_null())
        .group_by(leads::lost_reason_id)
        .select((leads::lost_reason_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(reasons
        .into_iter()
        .map(|r| {
            let n = counts
                .iter()
                .find(|(id, _)| *id == Some(r.id))
                .map_or(0, |(_, n)| *n);
            (r, n)
        })
        .collect())
}

/// Deletes a reason no record uses; a reason in use is refused with the advice to archive it.
/// Managers and admins only.
pub fn delete(conn: &mut DbConn, actor: &Actor, id: LostReasonId) -> DomainResult<()> {
    actor.require_manager()?;
    write_tx(conn, |conn| {
        let reason = find(conn, id)?;
        // Merged-away records count too: they still reference the reason.
        let used: i64 = leads::table
            .filter(leads::lost_reason_id.eq(id))
            .count()
            .get_result(conn)?;
        if used > 0 {
            return Err(DomainError::Conflict(
                Msg::new("msg.lost_reasons.in_use")
                    .text("name", reason.name.as_str())
                    .count("count", used),
            ));
        }
        diesel::delete(lost_reasons::table.find(id)).execute(conn)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn name_key_ignores_case_and_spacing() {
        assert_eq!(name_key("  Too   Expensive "), "too expensive");
        assert_eq!(
            name_key("We don't have people/skills"),
            "we don't have people/skills"
        );
    }
}
