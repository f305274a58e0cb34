//! `GET /api/v1/users` and `GET /api/v1/teams`: the ids an integrator assigns records to.
//! Users as the salesperson picker shows them (admins: every user, with login, email and
//! language, as the Users page); teams with their members.

use actix_web::web;

use crate::domain::api_views::directory;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, ok};

#[utoipa::path(get, path = "/api/v1/users", tag = "configuration",
    summary = "Users, as the salesperson picker shows them",
    description = "Admins also see each user's login, email and language, as the Users page shows them.",
    responses(
        (status = 200, description = "The users", body = Vec<crate::domain::api_views::directory::UserView>),
    ),
    security(("bearer" = [])))]
pub async fn users(state: web::Data<AppState>, me: Bearer) -> ApiResult {
    ok(&db(&state, move |c| directory::users(c, &me.actor)).await?)
}

#[utoipa::path(get, path = "/api/v1/teams", tag = "configuration",
    summary = "Sales teams and their members",
    responses(
        (status = 200, description = "The teams", body = Vec<crate::domain::api_views::directory::TeamView>),
    ),
    security(("bearer" = [])))]
pub async fn teams(state: web::Data<AppState>, _me: Bearer) -> ApiResult {
    ok(&db(&state, directory::teams).await?)
}
