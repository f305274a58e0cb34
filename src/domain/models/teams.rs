//! Sales teams: a name, an optional leader, members. A salesperson sees the records of the
//! teams they belong to.

use diesel::prelude::*;

use crate::db::schema::users as user_rows;
use crate::db::schema::{team_members, teams};
use crate::db::{DbConn, write_tx};
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{TeamId, UserId};
use crate::domain::models::users;
use crate::domain::values;
use crate::i18n::Msg;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = teams)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub leader_id: Option<UserId>,
    pub active: bool,
    /// The country its members' national phone numbers are read with; `None` is the
    /// company's (see `models::phone_country`).
    pub default_country: Option<String>,
}

pub fn find(conn: &mut DbConn, id: TeamId) -> DomainResult<Team> {
    teams::table
        .find(id)
        .select(Team::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)
}

pub fn list(conn: &mut DbConn) -> DomainResult<Vec<Team>> {
    Ok(teams::table
        .order(teams::name.asc())
        .select(Team::as_select())
        .load(conn)?)
}

/// Members of a team, by name.
pub fn members(conn: &mut DbConn, id: TeamId) -> DomainResult<Vec<(UserId, String)>> {
    Ok(team_members::table
        .inner_join(user_rows::table)
        .filter(team_members::team_id.eq(id))
        .order(user_rows::name.asc())
        .select((user_rows::id, user_rows::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .map(|(id, name)| (UserId(id), name))
        .collect())
}

/// Creates a team; names are unique.
pub fn create(conn: &mut DbConn, name: &str, leader: Option<UserId>) -> DomainResult<Team> {
    let mut v = Validator::new();
    let name = v.check("name", values::required_line(name, "msg.label.team_name"));
    v.finish()?;
    let name = name.unwrap_or_default();
    write_tx(conn, |conn| {
        let taken: i64 = teams::table
            .filter(teams::name.eq(&name))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(DomainError::invalid(
                "name",
                Msg::new("msg.teams.name_taken"),
            ));
        }
        if let Some(leader) = leader {
            users::find(conn, leader)
                .map_err(|_| DomainError::invalid("leader", Msg::new("msg.teams.unknown_user")))?;
        }
        diesel::insert_into(teams::table)
            .values((
                teams::name.eq(&name),
                teams::leader_id.eq(leader.map(|l| l.0)),
                teams::active.eq(true),
            ))
            .execute(conn)?;
        Ok(teams::table
            .filter(teams::name.eq(&name))
            .select(Team::as_select())
            .first(conn)?)
    })
}

/// Adds a member (no-op when already a member).
pub fn add_member(conn: &mut DbConn, team: TeamId, user: UserId) -> DomainResult<()> {
    write_tx(conn, |conn| {
        let present: i64 = team_members::table
            .filter(team_members::team_id.eq(team))
            .filter(team_members::user_id.eq(user))
            .count()
            .get_result(conn)?;
        if present == 0 {
            diesel::insert_into(team_members::table)
                .values((
                    team_members::team_id.eq(team),
                    team_members::user_id.eq(user),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Replaces a user's team memberships.
pub fn set_memberships(conn: &mut DbConn, id: UserId, teams: &[TeamId]) -> DomainResult<()> {
    write_tx(conn, |conn| {
        users::find(conn, id)?;
        for team in teams {
            find(conn, *team).map_err(|_| {
                DomainError::invalid(
                    "teams",
                    Msg::new("msg.teams.no_team").text("id", team.to_string()),
                )
            })?;
        }
        diesel::delete(team_members::table.filter(team_members::user_id.eq(id))).execute(conn)?;
        for team in teams {
            diesel::insert_into(team_members::table)
                .values((team_members::team_id.eq(team), team_members::user_id.eq(id)))
                .execute(conn)?;
        }
        Ok(())
    })
}
