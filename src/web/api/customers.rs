//! `/api/v1/customers`: search (`?q=` name, email, phone or ID), read, create, update (PATCH:
//! only the fields sent change), archive and restore.

use actix_web::{HttpResponse, web};

use crate::domain::api_views::{customer_body, customers};
use crate::domain::ids::PartnerId;
use crate::i18n::Msg;
use crate::web::{AppState, db};

use super::{ApiError, ApiResult, Bearer, Body, Pairs, ok};

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

pub async fn read(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = PartnerId(path.into_inner());
    ok(&db(&state, move |c| customers::detail(c, &me.actor, id)).await?)
}

/// `POST /api/v1/customers` → 201
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
pub async fn archive(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = PartnerId(path.into_inner());
    ok(&db(&state, move |c| {
        customer_body::set_active(c, &me.actor, id, false)
    })
    .await?)
}

/// `POST /api/v1/customers/{id}/restore`
pub async fn restore(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = PartnerId(path.into_inner());
    ok(&db(&state, move |c| {
        customer_body::set_active(c, &me.actor, id, true)
    })
    .await?)
}
