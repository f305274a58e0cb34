//! `/api/v1/stages`: the pipeline's stages in order (everyone); create, change (name,
//! probability, won, folded) and move for managers and admins, as Configuration → Pipeline.

use actix_web::{HttpResponse, web};

use crate::domain::api_views::stages as views;
use crate::domain::ids::StageId;
use crate::domain::models::stages;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

#[utoipa::path(get, path = "/api/v1/stages", tag = "configuration",
    summary = "The pipeline's stages in order",
    responses((status = 200, description = "Every stage", body = Vec<crate::domain::models::stages::Stage>)),
    security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, _me: Bearer) -> ApiResult {
    ok(&db(&state, stages::list).await?)
}

/// `POST /api/v1/stages` → 201
#[utoipa::path(post, path = "/api/v1/stages", tag = "configuration",
    summary = "Add a stage at the end of the pipeline (managers and admins)",
    request_body = super::bodies::StageBody,
    responses(
        (status = 201, description = "Created", body = crate::domain::models::stages::Stage),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let made = db(&state, move |c| views::create(c, &me.actor, &body)).await?;
    Ok(HttpResponse::Created().json(made))
}

/// `PATCH /api/v1/stages/{id}`
#[utoipa::path(patch, path = "/api/v1/stages/{id}", tag = "configuration",
    summary = "Change a stage: only the fields sent change (managers and admins)", params(("id" = i32, Path, description = "The stage's id")),
    request_body = super::bodies::StageBody,
    responses(
        (status = 200, description = "The stage as it is now", body = crate::domain::models::stages::Stage),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such stage", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn update(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (StageId(path.into_inner()), body.into_inner());
    ok(&db(&state, move |c| views::update(c, &me.actor, id, &body)).await?)
}

/// `POST /api/v1/stages/{id}/move` `{"direction": "up" | "down"}`
#[utoipa::path(post, path = "/api/v1/stages/{id}/move", tag = "configuration",
    summary = "Move a stage one place earlier or later (managers and admins)", params(("id" = i32, Path, description = "The stage's id")),
    request_body = super::bodies::StageMoveBody,
    responses(
        (status = 200, description = "Every stage, in the new order", body = Vec<crate::domain::models::stages::Stage>),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such stage", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors (`direction`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn move_one(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (StageId(path.into_inner()), body.into_inner());
    ok(&db(&state, move |c| views::move_one(c, &me.actor, id, &body)).await?)
}
