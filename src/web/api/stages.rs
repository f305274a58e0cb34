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
pub async fn create(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let made = db(&state, move |c| views::create(c, &me.actor, &body)).await?;
    Ok(HttpResponse::Created().json(made))
}

/// `PATCH /api/v1/stages/{id}`
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
pub async fn move_one(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (StageId(path.into_inner()), body.into_inner());
    ok(&db(&state, move |c| views::move_one(c, &me.actor, id, &body)).await?)
}
