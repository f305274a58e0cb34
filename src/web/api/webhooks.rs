//! `/api/v1/webhooks`: the endpoints managers register (list, create, read, update, delete,
//! rotate the secret) and each one's deliveries (list, replay). Managers and admins only,
//! as the Configuration → Webhooks page: the same domain calls.

use actix_web::{HttpResponse, web};

use crate::domain::api_views::webhooks::{
    CreatedEndpoint, DeliveryList, EndpointBody, NewSecret, Replayed, endpoint_view,
};
use crate::domain::webhooks::{deliveries, endpoints};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, ok};

/// How many deliveries a list gives.
const DELIVERIES: i64 = 200;

/// `GET /api/v1/webhooks`
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", summary = "Webhook endpoints",
    responses(
        (status = 200, description = "Every endpoint", body = Vec<crate::domain::api_views::webhooks::EndpointView>),
        (status = 403, description = "Not a manager or an admin", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, me: Bearer) -> ApiResult {
    let all = db(&state, move |c| endpoints::list(c, &me.actor)).await?;
    ok(&all.iter().map(endpoint_view).collect::<Vec<_>>())
}

/// `POST /api/v1/webhooks` → 201 with the secret, shown this once.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", summary = "Register an endpoint",
    request_body = crate::domain::api_views::webhooks::EndpointBody,
    responses(
        (status = 201, description = "The endpoint and its secret, shown this once", body = crate::domain::api_views::webhooks::CreatedEndpoint),
        (status = 403, description = "Not a manager or an admin", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "A URL that is not HTTPS (or loopback HTTP), or no known event", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(
    state: web::Data<AppState>,
    me: Bearer,
    body: web::Json<EndpointBody>,
) -> ApiResult {
    let input = body.input(None);
    let made = db(&state, move |c| {
        let (endpoint, secret) = endpoints::create(c, &me.actor, &input)?;
        Ok((endpoints::summary(c, &me.actor, endpoint.id)?, secret))
    })
    .await?;
    let (summary, secret) = made;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/webhooks/{}", summary.endpoint.id),
        ))
        .json(CreatedEndpoint {
            endpoint: endpoint_view(&summary),
            secret,
        }))
}

/// `GET /api/v1/webhooks/{id}`
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", summary = "One endpoint",
    params(("id" = i32, Path, description = "The endpoint")),
    responses(
        (status = 200, description = "The endpoint", body = crate::domain::api_views::webhooks::EndpointView),
        (status = 403, description = "Not a manager or an admin", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such endpoint", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn read(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = path.into_inner();
    let summary = db(&state, move |c| endpoints::summary(c, &me.actor, id)).await?;
    ok(&endpoint_view(&summary))
}

/// `PATCH /api/v1/webhooks/{id}`: only the fields sent change.
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "webhooks", summary = "Change an endpoint",
    params(("id" = i32, Path, description = "The endpoint")),
    request_body = crate::domain::api_views::webhooks::EndpointBody,
    responses(
        (status = 200, description = "The endpoint", body = crate::domain::api_views::webhooks::EndpointView),
        (status = 403, description = "Not a manager or an admin", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such endpoint", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "A URL that is not HTTPS (or loopback HTTP), or no known event", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn update(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: web::Json<EndpointBody>,
) -> ApiResult {
    let (id, body) = (path.into_inner(), body.into_inner());
    let summary = db(&state, move |c| {
        let current = endpoints::find(c, &me.actor, id)?;
        endpoints::update(c, &me.actor, id, &body.input(Some(&current)))?;
        endpoints::summary(c, &me.actor, id)
    })
    .await?;
    ok(&endpoint_view(&summary))
}

/// `DELETE /api/v1/webhooks/{id}` → 204
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", summary = "Delete an endpoint and its deliveries",
    params(("id" = i32, Path, description = "The endpoint")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a manager or an admin", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such endpoint", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn delete(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = path.into_inner();
    db(&state, move |c| endpoints::delete(c, &me.actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /api/v1/webhooks/{id}/rotate-secret`
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/rotate-secret", tag = "webhooks", summary = "Make a new secret",
    params(("id" = i32, Path, description = "The endpoint")),
    responses(
        (status = 200, description = "The new secret, shown this once", body = crate::domain::api_views::webhooks::NewSecret),
        (status = 403, description = "Not a manager or an admin", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such endpoint", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn rotate(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = path.into_inner();
    let secret = db(&state, move |c| endpoints::rotate_secret(c, &me.actor, id)).await?;
    ok(&NewSecret { secret })
}

/// `GET /api/v1/webhooks/{id}/deliveries`: the latest 200, newest first.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", summary = "An endpoint's deliveries",
    params(("id" = i32, Path, description = "The endpoint")),
    responses(
        (status = 200, description = "The latest 200 deliveries, newest first", body = crate::domain::api_views::webhooks::DeliveryList),
        (status = 403, description = "Not a manager or an admin", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such endpoint", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn deliveries(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = path.into_inner();
    let deliveries = db(&state, move |c| {
        deliveries::list_for(c, &me.actor, id, DELIVERIES)
    })
    .await?;
    ok(&DeliveryList { deliveries })
}

/// `POST /api/v1/webhooks/{id}/deliveries/{delivery}/replay` → 202 with the new delivery.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery}/replay", tag = "webhooks", summary = "Send a delivery's event again",
    params(("id" = i32, Path, description = "The endpoint"), ("delivery" = i32, Path, description = "The delivery")),
    responses(
        (status = 202, description = "The new delivery", body = crate::domain::api_views::webhooks::Replayed),
        (status = 403, description = "Not a manager or an admin", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such endpoint or delivery", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn replay(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<(i32, i32)>,
) -> ApiResult {
    let (id, delivery) = path.into_inner();
    let delivery_id = db(&state, move |c| {
        deliveries::replay(c, &me.actor, id, delivery)
    })
    .await?;
    Ok(HttpResponse::Accepted().json(Replayed { delivery_id }))
}
