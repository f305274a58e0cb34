//! Who and what an integrator can name by id: users and teams, as the pages' pickers show
//! them. Everyone sees the active users' names, roles and teams (the salesperson picker);
//! only admins, who see the Users page, get every user with login, email and language.

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::ids::{TeamId, UserId};
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, Role};

/// One user as the API lists them; the admin-only fields are left out for others.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub team_ids: Vec<TeamId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// One team with its members' ids.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TeamView {
    pub id: TeamId,
    pub name: String,
    pub leader_id: Option<UserId>,
    pub active: bool,
    pub default_country: Option<String>,
    pub member_ids: Vec<UserId>,
}

/// The users `actor` may list: every one for an admin, the active ones otherwise.
pub fn users(conn: &mut DbConn, actor: &Actor) -> DomainResult<Vec<UserView>> {
    let admin = actor.is_admin();
    let all = if admin {
        users::list(conn)?
    } else {
        users::list_active(conn)?
    };
    all.into_iter()
        .map(|u| {
            Ok(UserView {
                team_ids: users::team_ids(conn, u.id)?,
                id: u.id,
                name: u.name,
                role: u.role,
                active: u.active,
                login: admin.then_some(u.login),
                email: if admin { u.email } else { None },
                language: admin.then_some(u.language),
            })
        })
        .collect()
}

/// Every team, by name, with its members.
pub fn teams(conn: &mut DbConn) -> DomainResult<Vec<TeamView>> {
    teams::list(conn)?
        .into_iter()
        .map(|t: Team| {
            let member_ids = teams::members(conn, t.id)?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            Ok(TeamView {
                id: t.id,
                name: t.name,
                leader_id: t.leader_id,
                active: t.active,
                default_country: t.default_country,
                member_ids,
            })
        })
        .collect()
}
