//! `/api/v1/customers`: search (`?q=` name, email, phone or ID), read, create, update (PATCH:
//! only the fields sent change), archive and restore.

use actix_web::{HttpResponse, web};

use crate::domain::api_views::{customer_body, customers};
use crate::domain::ids::PartnerId;
use crate::i18n::Msg;
use crate::web::{AppState, db};

use super::{ApiError, ApiResult, Bearer, Body, Pairs, ok};

#[utoipa::path(get, path = "/api/v1/customers", tag = "customers",
    summary = "Search customers",
    params(("q" = Option<String>, Query, description = "A name, email, phone or ID")),
    responses(
        (status = 200, description = "Matching customers", body = Vec<crate::domain::api_views::customers::CustomerView>),
        (status = 400, description = "An unknown parameter", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn search(state: web::Data<AppState>, _me: Bearer, query: Pairs) -> ApiResult {
    let mut q = String::new();
    for (key, value) in query.iter() {
        match key.as_str() {
            "q" => q = value.clone(),
            other => {
                return Err(ApiError::bad_request(
                    Msg::new("msg.api.unknown_parameter_q").text("name", other),
                ));
            }
        }
    }
    ok(&db(&state, move |c| customers::search(c, &q)).await?)
}

#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers",
    summary = "Read a customer, with company, contacts, messengers and linked records", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "The customer", body = crate::domain::api_views::customers::CustomerDetail),
        (status = 404, description = "No such customer", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn read(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = PartnerId(path.into_inner());
    ok(&db(&state, move |c| customers::detail(c, &me.actor, id)).await?)
}

/// `POST /api/v1/customers` → 201
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers",
    summary = "Create a customer",
    request_body = super::bodies::CustomerBody,
    responses(
        (status = 201, description = "Created; `Location` names it", body = crate::domain::api_views::customers::CustomerDetail),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors, all at once", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let made = db(&state, move |c| customer_body::create(c, &me.actor, &body)).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/customers/{}", made.customer.id),
        ))
        .json(made))
}

/// `PATCH /api/v1/customers/{id}`
#[utoipa::path(patch, path = "/api/v1/customers/{id}", tag = "customers",
    summary = "Update a customer: only the fields sent change", params(("id" = i32, Path, description = "The record's id")),
    request_body = super::bodies::CustomerBody,
    responses(
        (status = 200, description = "The customer as it is now", body = crate::domain::api_views::customers::CustomerDetail),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such customer", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The customer was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors, all at once", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn update(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (PartnerId(path.into_inner()), body.into_inner());
    ok(&db(&state, move |c| {
        customer_body::update(c, &me.actor, id, &body)
    })
    .await?)
}

/// `POST /api/v1/customers/{id}/archive`
#[utoipa::path(post, path = "/api/v1/customers/{id}/archive", tag = "customers",
    summary = "Archive a customer", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "The customer as it is now", body = crate::domain::api_views::customers::CustomerDetail),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such customer", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The customer was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Refused", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn archive(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = PartnerId(path.into_inner());
    ok(&db(&state, move |c| {
        customer_body::set_active(c, &me.actor, id, false)
    })
    .await?)
}

/// `POST /api/v1/customers/{id}/restore`
#[utoipa::path(post, path = "/api/v1/customers/{id}/restore", tag = "customers",
    summary = "Restore a customer", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "The customer as it is now", body = crate::domain::api_views::customers::CustomerDetail),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such customer", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The customer was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Refused", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn restore(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = PartnerId(path.into_inner());
    ok(&db(&state, move |c| {
        customer_body::set_active(c, &me.actor, id, true)
    })
    .await?)
}
