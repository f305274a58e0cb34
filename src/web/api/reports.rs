//! `GET /api/v1/reports/lost-reasons?from=&to=&team=&salesperson=`: the lost reasons report.

use actix_web::web;

use crate::domain::api_views::lost_report;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Pairs, ok};

#[utoipa::path(get, path = "/api/v1/reports/lost-reasons", tag = "reports", operation_id = "lost_reasons_report",
    summary = "The lost reasons report",
    params(
        ("from" = Option<String>, Query, description = "First day lost (YYYY-MM-DD)"),
        ("to" = Option<String>, Query, description = "Last day lost (YYYY-MM-DD)"),
        ("team" = Option<i32>, Query, description = "A team id"),
        ("salesperson" = Option<i32>, Query, description = "A salesperson's user id"),
    ),
    responses(
        (status = 200, description = "Lost records per reason, with their expected revenue", body = crate::domain::api_views::lost_report::LostReport),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "An unknown parameter or value (on `query`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn lost_reasons(state: web::Data<AppState>, me: Bearer, query: Pairs) -> ApiResult {
    let pairs = query.into_inner();
    ok(&db(&state, move |c| {
        lost_report::lost_reasons(c, &me.actor, &pairs)
    })
    .await?)
}
