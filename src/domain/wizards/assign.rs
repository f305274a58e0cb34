//! Who a record goes to: the salesperson and team chosen in the convert or merge wizard. The
//! team left blank follows the salesperson (their first team); both must exist, and the
//! actor may only assign to themselves, to nobody or to one of their teams (managers: to
//! anyone). The merge wizard resolves its salesperson and team with [`resolve`].

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{team_members, teams, users};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{TeamId, UserId};
use crate::i18n::Msg;

/// The salesperson's first team (by id), for "the team follows the salesperson".
pub fn first_team_of(conn: &mut DbConn, user: UserId) -> DomainResult<Option<TeamId>> {
    Ok(team_members::table
        .filter(team_members::user_id.eq(user))
        .order(team_members::team_id.asc())
        .select(team_members::team_id)
        .first::<i32>(conn)
        .optional()?
        .map(TeamId))
}

/// Checks that the salesperson and team exist and that the actor may assign to them; a
/// blank team follows the salesperson.
pub fn assignment(
    conn: &mut DbConn,
    actor: &Actor,
    salesperson: Option<UserId>,
    team: Option<TeamId>,
) -> DomainResult<(Option<UserId>, Option<TeamId>)> {
    let (salesperson, team) = resolve(conn, salesperson, team)?;
    if !actor.can_assign(salesperson, team) {
        return Err(DomainError::refused(
            "salesperson_id",
            Msg::new("msg.assign.refused"),
        ));
    }
    Ok((salesperson, team))
}

/// Checks that the salesperson (an active user) and the team exist, as field errors, and
/// fills a blank team with the salesperson's first team. Shared with the merge wizard.
pub fn resolve(
    conn: &mut DbConn,
    salesperson: Option<UserId>,
    team: Option<TeamId>,
) -> DomainResult<(Option<UserId>, Option<TeamId>)> {
    let mut v = Validator::new();
    if let Some(u) = salesperson {
        let found: Option<bool> = users::table
            .find(u)
            .select(users::active)
            .first(conn)
            .optional()?;
        if found != Some(true) {
            v.add("salesperson_id", Msg::new("msg.ref.no_user"));
        }
    }
    if let Some(t) = team {
        let found: Option<i32> = teams::table
            .find(t)
            .select(teams::id)
            .first(conn)
            .optional()?;
        if found.is_none() {
            v.add("team_id", Msg::new("msg.ref.no_team"));
        }
    }
    v.finish()?;
    let team = match (salesperson, team) {
        (Some(u), None) => first_team_of(conn, u)?,
        (_, t) => t,
    };
    Ok((salesperson, team))
}
