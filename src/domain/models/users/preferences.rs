//! A user's own preferences (the UI language, the country their typed phone numbers are
//! read with): each user sets their own, whatever their role, and nobody else's.

use diesel::prelude::*;

use super::input::language;
use crate::db::DbConn;
use crate::db::schema::users;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::values;

/// Sets the actor's own UI language; an unavailable one is a field error.
pub fn set_language(conn: &mut DbConn, actor: &Actor, raw: &str) -> DomainResult<()> {
    let lang = language(raw).map_err(|m| DomainError::invalid("language", m))?;
    diesel::update(users::table.find(actor.id))
        .set(users::language.eq(lang))
        .execute(conn)?;
    Ok(())
}

/// Sets the actor's own UI language and default country together (a blank country is their
/// team's, else the company's); both are checked before either is written.
pub fn set_preferences(
    conn: &mut DbConn,
    actor: &Actor,
    raw_language: &str,
    raw_country: &str,
) -> DomainResult<()> {
    let mut v = Validator::new();
    let lang = v.check("language", language(raw_language));
    let country = v.check(
        "default_country",
        values::optional_country(raw_country, "Country"),
    );
    v.finish()?;
    diesel::update(users::table.find(actor.id))
        .set((
            users::language.eq(lang.unwrap_or_default()),
            users::default_country.eq(country.flatten()),
        ))
        .execute(conn)?;
    Ok(())
}
