//! `/api/v1/lost-reasons`: the list (`?archived=true` includes archived ones) for everyone;
//! create, rename, archive, unarchive and delete (when unused) for managers and admins, with
//! the checks and messages of Configuration → Lost Reasons.

use actix_web::{HttpResponse, web};
use serde_json::{Map, Value};

use crate::domain::DomainResult;
use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::LostReasonId;
use crate::domain::models::lost_reasons;
use crate::i18n::Msg;
use crate::web::{AppState, db};

use super::{ApiError, ApiResult, Bearer, Body, Pairs, ok};

#[utoipa::path(get, path = "/api/v1/lost-reasons", tag = "configuration",
    summary = "Lost reasons",
    params(("archived" = Option<bool>, Query, description = "true includes archived reasons")),
    responses(
        (status = 200, description = "The lost reasons", body = Vec<crate::domain::models::lost_reasons::LostReason>),
        (status = 400, description = "An unknown parameter or value", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, _me: Bearer, query: Pairs) -> ApiResult {
    let mut archived = false;
    for (key, value) in query.iter() {
        match (key.as_str(), value.as_str()) {
            ("archived", "true" | "1") => archived = true,
            ("archived", "false" | "0" | "") => archived = false,
            _ => {
                return Err(ApiError::bad_request(
                    Msg::new("msg.api.unknown_parameter_archived")
                        .text("name", key.as_str())
                        .text("value", value.as_str()),
                ));
            }
        }
    }
    ok(&db(&state, move |c| lost_reasons::list(c, archived)).await?)
}

/// The body of create and rename: the reason's name.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
#[schema(as = LostReasonBody)]
pub struct NameBody {
    pub name: String,
}

const FIELDS: &[&str] = &["name"];

/// The name sent, or the body's mistakes (unknown fields, a name that is not text).
fn name_of(body: &Map<String, Value>) -> DomainResult<String> {
    let (read, shape) = read_texts::<NameBody>(body, FIELDS)?;
    together(shape, Ok(read.name))
}

/// `POST /api/v1/lost-reasons` `{name}` → 201 (managers and admins, as the page).
#[utoipa::path(post, path = "/api/v1/lost-reasons", tag = "configuration",
    summary = "Create a lost reason (managers and admins)",
    request_body = NameBody,
    responses(
        (status = 201, description = "Created; `Location` names it", body = crate::domain::models::lost_reasons::LostReason),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors (`name`: blank, or taken)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let made = db(&state, move |c| {
        lost_reasons::create(c, &me.actor, &name_of(&body)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/lost-reasons/{}", made.id)))
        .json(made))
}

/// `PATCH /api/v1/lost-reasons/{id}` `{name}`: rename.
#[utoipa::path(patch, path = "/api/v1/lost-reasons/{id}", tag = "configuration",
    summary = "Rename a lost reason (managers and admins)", params(("id" = i32, Path, description = "The lost reason's id")),
    request_body = NameBody,
    responses(
        (status = 200, description = "The reason as it is now", body = crate::domain::models::lost_reasons::LostReason),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such reason", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors (`name`: blank, or taken)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn rename(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (LostReasonId(path.into_inner()), body.into_inner());
    ok(&db(&state, move |c| {
        lost_reasons::rename(c, &me.actor, id, &name_of(&body)?)
    })
    .await?)
}

/// `POST /api/v1/lost-reasons/{id}/archive`
#[utoipa::path(post, path = "/api/v1/lost-reasons/{id}/archive", tag = "configuration",
    summary = "Archive a lost reason (managers and admins)", params(("id" = i32, Path, description = "The lost reason's id")),
    responses(
        (status = 200, description = "The reason as it is now", body = crate::domain::models::lost_reasons::LostReason),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such reason", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn archive(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    set_active(state, me, path.into_inner(), false).await
}

/// `POST /api/v1/lost-reasons/{id}/unarchive`
#[utoipa::path(post, path = "/api/v1/lost-reasons/{id}/unarchive", tag = "configuration",
    summary = "Unarchive a lost reason (managers and admins)", params(("id" = i32, Path, description = "The lost reason's id")),
    responses(
        (status = 200, description = "The reason as it is now", body = crate::domain::models::lost_reasons::LostReason),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such reason", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn unarchive(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    set_active(state, me, path.into_inner(), true).await
}

async fn set_active(state: web::Data<AppState>, me: Bearer, id: i32, active: bool) -> ApiResult {
    let id = LostReasonId(id);
    ok(&db(&state, move |c| {
        lost_reasons::set_active(c, &me.actor, id, active)?;
        lost_reasons::find(c, id)
    })
    .await?)
}

/// `POST /api/v1/lost-reasons/{id}/delete` → 204; a reason in use is a 409 with the advice
/// to archive it, as on the page.
#[utoipa::path(post, path = "/api/v1/lost-reasons/{id}/delete", tag = "configuration",
    summary = "Delete an unused lost reason (managers and admins)", params(("id" = i32, Path, description = "The lost reason's id")),
    responses(
        (status = 204, description = "Deleted (no body)"),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such reason", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The reason is in use: archive it instead", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn delete(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LostReasonId(path.into_inner());
    db(&state, move |c| lost_reasons::delete(c, &me.actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
