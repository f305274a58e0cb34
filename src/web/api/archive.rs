//! Archive and Unarchive, one record or many, through the same wizards as the list's and the
//! record page's buttons: `POST /leads/{id}/archive`, `POST /leads/archive` with `ids`,
//! `POST /leads/{id}/unarchive` (the record page's Restore; mass Unarchive is
//! `POST /leads/unarchive`, in [`super::lost`]). Each answers how many records changed:
//! records already archived (or already active) are left alone and not counted.

use actix_web::web;

use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::LeadId;
use crate::domain::wizards::{archive, parse_ids, restore};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct IdsBody {
    ids: Vec<String>,
}

/// How many records changed.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Changed)]
struct Count {
    count: usize,
}

/// `POST /api/v1/leads/{id}/archive`
#[utoipa::path(post, path = "/api/v1/leads/{id}/archive", tag = "wizards",
    summary = "Archive a record", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "How many records changed (0: already archived)", body = Count),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn archive_one(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
) -> ApiResult {
    let id = LeadId(path.into_inner());
    let count = db(&state, move |c| archive::archive(c, &me.actor, &[id])).await?;
    ok(&Count { count })
}

/// `POST /api/v1/leads/archive` with `{"ids": [...]}`: all or nothing.
#[utoipa::path(post, path = "/api/v1/leads/archive", tag = "wizards",
    summary = "Archive several records (all or nothing)",
    request_body = super::lost::IdsBody,
    responses(
        (status = 200, description = "How many records changed", body = Count),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "A record is missing or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "A record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn archive_many(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let count = db(&state, move |c| {
        let (b, shape) = read_texts::<IdsBody>(&body, &["ids"])?;
        archive::archive(c, &me.actor, &together(shape, parse_ids(&b.ids))?)
    })
    .await?;
    ok(&Count { count })
}

/// `POST /api/v1/leads/{id}/unarchive`: the record page's Restore (a lost record comes back
/// too, with its stage's probability).
#[utoipa::path(post, path = "/api/v1/leads/{id}/unarchive", tag = "wizards",
    summary = "Unarchive (restore) a record", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "How many records changed (0: already active)", body = Count),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn unarchive_one(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
) -> ApiResult {
    let id = LeadId(path.into_inner());
    let count = db(&state, move |c| restore::restore(c, &me.actor, &[id])).await?;
    ok(&Count { count })
}
