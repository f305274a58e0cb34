//! A user's own preferences (the UI language): each user sets their own, whatever their
//! role, and nobody else's.

use diesel::prelude::*;

use super::input::language;
use crate::db::DbConn;
use crate::db::schema::users;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};

/// Sets the actor's own UI language; an unavailable one is a field error.
pub fn set_language(conn: &mut DbConn, actor: &Actor, raw: &str) -> DomainResult<()> {
    let lang = language(raw).map_err(|m| DomainError::invalid("language", m))?;
    diesel::update(users::table.find(actor.id))
        .set(users::language.eq(lang))
        .execute(conn)?;
    Ok(())
}
