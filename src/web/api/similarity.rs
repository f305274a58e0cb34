//! `GET /api/v1/leads/{id}/similar`: similar records with scores and reasons.

use actix_web::web;

use crate::domain::api_views::similarity;
use crate::domain::ids::LeadId;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, ok};

pub async fn similar(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LeadId(path.into_inner());
    ok(&db(&state, move |c| similarity::similar(c, &me.actor, id)).await?)
}
