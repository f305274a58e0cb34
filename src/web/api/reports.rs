//! `GET /api/v1/reports/lost-reasons?from=&to=&team=&salesperson=`: the lost reasons report.

use actix_web::web;

use crate::domain::api_views::lost_report;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Pairs, ok};

pub async fn lost_reasons(state: web::Data<AppState>, me: Bearer, query: Pairs) -> ApiResult {
    let pairs = query.into_inner();
    ok(&db(&state, move |c| {
        lost_report::lost_reasons(c, &me.actor, &pairs)
    })
    .await?)
}
