//! `GET /api/v1/stages`: the pipeline's stages in order.

use actix_web::web;

use crate::domain::models::stages;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, ok};

#[utoipa::path(get, path = "/api/v1/stages", tag = "configuration",
    summary = "The pipeline's stages in order",
    responses((status = 200, description = "Every stage", body = Vec<crate::domain::models::stages::Stage>)),
    security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, _me: Bearer) -> ApiResult {
    ok(&db(&state, stages::list).await?)
}
