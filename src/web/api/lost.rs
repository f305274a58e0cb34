//! Mark as Lost (`POST /leads/{id}/lost`, or many: `POST /leads/lost` with `ids`), with a
//! reason picked by id (`reason_id`) or by name (`reason`: an existing one, or a new one
//! when a manager asks) and a closing `note`; Restore (`POST /leads/{id}/restore`) and mass
//! Unarchive (`POST /leads/unarchive` with `ids`).

use actix_web::web;

use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::{LeadId, LostReasonId};
use crate::domain::wizards::lost::MarkLost;
use crate::domain::wizards::{parse_ids, restore as wizard};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok, optional_object};

/// Mark as Lost: the records, and a reason by id or by name, and a closing note.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LostBody {
    ids: Vec<String>,
    reason_id: String,
    reason: String,
    note: String,
}

/// Mark one record as Lost: a reason by id or by name, and a closing note.
#[derive(utoipa::ToSchema)]
#[allow(
    dead_code,
    reason = "describes the body in the OpenAPI description only"
)]
pub struct OneLostBody {
    reason_id: Option<String>,
    /// An existing reason's name, or a new one when a manager asks.
    reason: Option<String>,
    note: Option<String>,
}

const LOST_FIELDS: &[&str] = &["ids", "reason_id", "reason", "note"];
const ONE_LOST_FIELDS: &[&str] = &["reason_id", "reason", "note"];

/// Record ids.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct IdsBody {
    ids: Vec<String>,
}

/// What Mark as Lost answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Lost {
    count: usize,
    lost_reason_id: Option<LostReasonId>,
    lost_reason: Option<String>,
}

/// How many records were restored.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Restored {
    count: usize,
}

async fn lost(
    state: web::Data<AppState>,
    me: Bearer,
    one: Option<LeadId>,
    body: serde_json::Map<String, serde_json::Value>,
) -> ApiResult {
    let done = db(&state, move |c| {
        let fields = if one.is_some() {
            ONE_LOST_FIELDS
        } else {
            LOST_FIELDS
        };
        let (mut b, shape) = read_texts::<LostBody>(&body, fields)?;
        if let Some(id) = one {
            b.ids = vec![id.to_string()];
        }
        let wizard = together(
            shape,
            MarkLost::parse(&b.ids, &b.reason_id, &b.reason, &b.note),
        )?;
        wizard.apply(c, &me.actor)
    })
    .await?;
    ok(&Lost {
        count: done.count,
        lost_reason_id: done.reason.as_ref().map(|r| r.id),
        lost_reason: done.reason.map(|r| r.name),
    })
}

/// `POST /api/v1/leads/{id}/lost`
#[utoipa::path(post, path = "/api/v1/leads/{id}/lost", tag = "wizards",
    summary = "Mark a record as lost", params(("id" = i32, Path, description = "The record's id")),
    request_body(content = OneLostBody, description = "May be left out"),
    responses(
        (status = 200, description = "Marked lost", body = Lost),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn mark_lost(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: web::Bytes,
) -> ApiResult {
    let body = optional_object(&body)?;
    lost(state, me, Some(LeadId(path.into_inner())), body).await
}

/// `POST /api/v1/leads/lost`
#[utoipa::path(post, path = "/api/v1/leads/lost", tag = "wizards",
    summary = "Mark several records as lost",
    request_body = LostBody,
    responses(
        (status = 200, description = "Marked lost", body = Lost),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "A record is missing or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "A record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn mark_lost_many(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    lost(state, me, None, body.into_inner()).await
}

/// `POST /api/v1/leads/{id}/restore`
#[utoipa::path(post, path = "/api/v1/leads/{id}/restore", tag = "wizards",
    summary = "Restore a lost or archived record", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "Restored", body = Restored),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn restore(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LeadId(path.into_inner());
    let count = db(&state, move |c| wizard::restore(c, &me.actor, &[id])).await?;
    ok(&Restored { count })
}

/// `POST /api/v1/leads/unarchive`
#[utoipa::path(post, path = "/api/v1/leads/unarchive", tag = "wizards",
    summary = "Unarchive several records",
    request_body = IdsBody,
    responses(
        (status = 200, description = "Restored", body = Restored),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "A record is missing or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "A record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn unarchive(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let count = db(&state, move |c| {
        let (b, shape) = read_texts::<IdsBody>(&body, &["ids"])?;
        wizard::restore(c, &me.actor, &together(shape, parse_ids(&b.ids))?)
    })
    .await?;
    ok(&Restored { count })
}
