//! The record page's own buttons: Mark Won (`POST /leads/{id}/won`) and the stage bar
//! (`POST /leads/{id}/stage` with `stage_id`). Both answer the record as it is now; the
//! probability follows the stage and a won stage closes the record, as on the page.

use actix_web::web;

use crate::domain::api_views::{lead, read_texts, together};
use crate::domain::ids::LeadId;
use crate::domain::records;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

/// The stage to move the record to.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
#[schema(as = SetStageBody)]
struct StageBody {
    /// A stage id (a number, or its text).
    #[schema(value_type = i32)]
    stage_id: String,
}

/// `POST /api/v1/leads/{id}/won`
#[utoipa::path(post, path = "/api/v1/leads/{id}/won", tag = "leads",
    summary = "Mark a record as won", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "The record as it is now", body = crate::domain::api_views::lead::LeadView),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away, or no stage is marked won", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn won(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LeadId(path.into_inner());
    ok(&db(&state, move |c| {
        let lead = records::mark_won(c, &me.actor, id)?;
        lead::view(c, lead)
    })
    .await?)
}

/// `POST /api/v1/leads/{id}/stage` with `{"stage_id": 3}`
#[utoipa::path(post, path = "/api/v1/leads/{id}/stage", tag = "leads",
    summary = "Move a record to a stage", params(("id" = i32, Path, description = "The record's id")),
    request_body = StageBody,
    responses(
        (status = 200, description = "The record as it is now", body = crate::domain::api_views::lead::LeadView),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors (`stage_id`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn set_stage(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (LeadId(path.into_inner()), body.into_inner());
    ok(&db(&state, move |c| {
        let (b, shape) = read_texts::<StageBody>(&body, &["stage_id"])?;
        let stage = together(shape, records::parse_stage(&b.stage_id))?;
        let lead = records::set_stage(c, &me.actor, id, stage)?;
        lead::view(c, lead)
    })
    .await?)
}
