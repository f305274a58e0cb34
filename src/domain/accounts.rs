//! The admin's Users pages: the list with each user's teams, and a user saved together with
//! their team memberships in one transaction. Admins only, whatever the door:
//! `users::create` and `users::update` check the right too, and their transaction joins
//! this one.

use crate::db::{DbConn, write_tx};
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::ids::{TeamId, UserId};
use crate::domain::models::teams;
use crate::domain::models::users::{self, User, UserInput};

/// Every user with the names of their teams, as the Users list shows them.
pub fn list(conn: &mut DbConn, actor: &Actor) -> DomainResult<Vec<(User, Vec<String>)>> {
    actor.require_admin()?;
    let all_teams = teams::list(conn)?;
    users::list(conn)?
        .into_iter()
        .map(|u| {
            let ids = users::team_ids(conn, u.id)?;
            let names = all_teams
                .iter()
                .filter(|t| ids.contains(&t.id))
                .map(|t| t.name.clone())
                .collect();
            Ok((u, names))
        })
        .collect()
}

/// Creates a user member of `teams`.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    input: &UserInput,
    teams: &[TeamId],
) -> DomainResult<User> {
    actor.require_admin()?;
    write_tx(conn, |conn| {
        let user = users::create(conn, actor, input)?;
        teams::set_memberships(conn, user.id, teams)?;
        Ok(user)
    })
}

/// Saves a user (a new password only when one is typed), active or not, member of `teams`.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: UserId,
    input: &UserInput,
    active: bool,
    teams: &[TeamId],
) -> DomainResult<User> {
    actor.require_admin()?;
    write_tx(conn, |conn| {
        let user = users::update(conn, actor, id, input, active)?;
        teams::set_memberships(conn, id, teams)?;
        Ok(user)
    })
}
