//! The record page's own buttons: Mark Won (`POST /leads/{id}/won`) and the stage bar
//! (`POST /leads/{id}/stage` with `stage_id`). Both answer the record as it is now; the
//! probability follows the stage and a won stage closes the record, as on the page.

use actix_web::web;

use crate::domain::api_views::{lead, read_texts, together};
use crate::domain::ids::LeadId;
use crate::domain::records;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct StageBody {
    stage_id: String,
}

/// `POST /api/v1/leads/{id}/won`
pub async fn won(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LeadId(path.into_inner());
    ok(&db(&state, move |c| {
        let lead = records::mark_won(c, &me.actor, id)?;
        lead::view(c, lead)
    })
    .await?)
}

/// `POST /api/v1/leads/{id}/stage` with `{"stage_id": 3}`
pub async fn set_stage(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (LeadId(path.into_inner()), body.into_inner());
    ok(&db(&state, move |c| {
        let (b, shape) = read_texts::<StageBody>(&body, &["stage_id"])?;
        let stage = together(shape, records::parse_stage(&b.stage_id))?;
        let lead = records::set_stage(c, &me.actor, id, stage)?;
        lead::view(c, lead)
    })
    .await?)
}
