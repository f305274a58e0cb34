//! `GET` and `PATCH /api/v1/settings`: the Settings page's settings (admins only, as the
//! page); a PATCH changes the fields it sends, with the page's checks.

use actix_web::web;

use crate::domain::api_views::settings;
use crate::domain::audit;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

#[utoipa::path(get, path = "/api/v1/settings", tag = "configuration",
    summary = "The company settings (admins)",
    responses(
        (status = 200, description = "The settings", body = crate::domain::api_views::settings::SettingsView),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn read(state: web::Data<AppState>, me: Bearer) -> ApiResult {
    ok(&db(&state, move |c| settings::read(c, &me.actor)).await?)
}

#[utoipa::path(patch, path = "/api/v1/settings", tag = "configuration",
    summary = "Change settings: only the fields sent change (admins)",
    request_body = super::bodies::SettingsBody,
    responses(
        (status = 200, description = "The settings as they are now", body = crate::domain::api_views::settings::SettingsView),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn change(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    ok(&db(&state, move |c| {
        audit::settings_saved(c, &me.origin, |c| settings::change(c, &me.actor, &body))
    })
    .await?)
}
