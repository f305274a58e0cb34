//! `GET /api/v1/customers?q=…` (name, email, phone or ID) and `GET /api/v1/customers/{id}`.

use actix_web::web;

use crate::domain::api_views::customers;
use crate::domain::ids::PartnerId;
use crate::web::{AppState, db};

use super::{ApiError, ApiResult, Bearer, Pairs, ok};

pub async fn search(state: web::Data<AppState>, _me: Bearer, query: Pairs) -> ApiResult {
    let mut q = String::new();
    for (key, value) in query.iter() {
        match key.as_str() {
            "q" => q = value.clone(),
            other => {
                return Err(ApiError::bad_request(format!(
                    "Unknown parameter '{other}': use q"
                )));
            }
        }
    }
    ok(&db(&state, move |c| customers::search(c, &q)).await?)
}

pub async fn read(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = PartnerId(path.into_inner());
    ok(&db(&state, move |c| customers::detail(c, &me.actor, id)).await?)
}
