//! `GET /api/v1/stages`: the pipeline's stages in order.

use actix_web::web;

use crate::domain::models::stages;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, ok};

pub async fn list(state: web::Data<AppState>, _me: Bearer) -> ApiResult {
    ok(&db(&state, stages::list).await?)
}
