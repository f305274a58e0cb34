//! `GET` and `PATCH /api/v1/settings`: the Settings page's settings (admins only, as the
//! page); a PATCH changes the fields it sends, with the page's checks.

use actix_web::web;

use crate::domain::api_views::settings;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

pub async fn read(state: web::Data<AppState>, me: Bearer) -> ApiResult {
    ok(&db(&state, move |c| settings::read(c, &me.actor)).await?)
}

pub async fn change(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    ok(&db(&state, move |c| settings::change(c, &me.actor, &body)).await?)
}
