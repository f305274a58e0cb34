//! Reading users: by id, by login, all of them, and a user's teams.

use diesel::prelude::*;

use super::user::{User, UserRow};
use crate::db::DbConn;
use crate::db::schema::{team_members, users};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{TeamId, UserId};

/// How many users exist (none: the first-run setup page is open).
pub fn count(conn: &mut DbConn) -> DomainResult<i64> {
    Ok(users::table.count().get_result(conn)?)
}

/// The user with this id, or `NotFound`.
pub fn find(conn: &mut DbConn, id: UserId) -> DomainResult<User> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(User::from)
        .ok_or(DomainError::NotFound)
}

/// The user with this login (ignoring case and surrounding spaces), or `NotFound`.
pub fn find_by_login(conn: &mut DbConn, login: &str) -> DomainResult<User> {
    users::table
        .filter(users::login.eq(login.trim().to_lowercase()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(User::from)
        .ok_or(DomainError::NotFound)
}

/// Every user, active ones first, by name.
pub fn list(conn: &mut DbConn) -> DomainResult<Vec<User>> {
    Ok(users::table
        .order((users::active.desc(), users::name.asc()))
        .select(UserRow::as_select())
        .load(conn)?
        .into_iter()
        .map(User::from)
        .collect())
}

/// Active users, for salesperson pickers.
pub fn list_active(conn: &mut DbConn) -> DomainResult<Vec<User>> {
    Ok(list(conn)?.into_iter().filter(|u| u.active).collect())
}

/// The teams the user is a member of.
pub fn team_ids(conn: &mut DbConn, id: UserId) -> DomainResult<Vec<TeamId>> {
    Ok(team_members::table
        .filter(team_members::user_id.eq(id))
        .select(team_members::team_id)
        .load::<i32>(conn)?
        .into_iter()
        .map(TeamId)
        .collect())
}
