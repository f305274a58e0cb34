//! `GET /api/v1/leads/{id}/similar`: similar records with scores and reasons.

use actix_web::web;

use crate::domain::api_views::similarity;
use crate::domain::ids::LeadId;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, ok};

#[utoipa::path(get, path = "/api/v1/leads/{id}/similar", tag = "leads",
    summary = "Similar records, with scores and reasons", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "The record's matches, strongest first", body = crate::domain::api_views::similarity::SimilarView),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn similar(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LeadId(path.into_inner());
    ok(&db(&state, move |c| similarity::similar(c, &me.actor, id)).await?)
}
