//! The country a national phone number is read with. A Russian team types "8 916 482 17 35"
//! and means +7 916 482-17-35, whatever the company's own country: so the number a person
//! types is read with the country of whoever types it (their own, else their team's), else
//! with the record's team's, else with the company's (the `default_country` setting).

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{team_members, teams, users};
use crate::domain::error::DomainResult;
use crate::domain::ids::{TeamId, UserId};
use crate::domain::models::settings;

/// The country for numbers typed by `user` on a record of `record_team`: the user's own
/// default country, else the first (lowest id) of their teams that has one, else the record
/// team's, else the company's. The operator and unknown users have no country of their own.
pub fn resolve(
    conn: &mut DbConn,
    user: Option<UserId>,
    record_team: Option<TeamId>,
) -> DomainResult<String> {
    if let Some(user) = user
        && let Some(own) = of_user(conn, user)?
    {
        return Ok(own);
    }
    if let Some(team) = record_team
        && let Some(country) = of_team(conn, team)?
    {
        return Ok(country);
    }
    company(conn)
}

/// The company's country (the `default_country` setting).
pub fn company(conn: &mut DbConn) -> DomainResult<String> {
    Ok(settings::load(conn)?.default_country)
}

/// The user's own country, else the first of their teams' that has one.
fn of_user(conn: &mut DbConn, user: UserId) -> DomainResult<Option<String>> {
    let own: Option<Option<String>> = users::table
        .find(user)
        .select(users::default_country)
        .first(conn)
        .optional()?;
    if let Some(country) = own.flatten() {
        return Ok(Some(country));
    }
    Ok(team_members::table
        .inner_join(teams::table)
        .filter(team_members::user_id.eq(user))
        .filter(teams::default_country.is_not_null())
        .order(teams::id.asc())
        .select(teams::default_country)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// The team's own country, if it has one.
fn of_team(conn: &mut DbConn, team: TeamId) -> DomainResult<Option<String>> {
    Ok(teams::table
        .find(team)
        .select(teams::default_country)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}
