//! `POST /api/v1/leads/merge`: `{ids, primary?, salesperson_id?, team_id?}`. Without
//! salesperson and team the field rules assign the result; with either, it goes to them (a
//! team left out follows the salesperson).

use actix_web::web;

use crate::domain::api_views::{read_texts, together};
use crate::domain::audit::{self, Action, Target, TargetKind};
use crate::domain::wizards::merge::Merge;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

/// The merge body: the ids, and optionally the primary and who gets the result.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
#[schema(as = LeadMergeBody)]
pub struct MergeBody {
    ids: Vec<String>,
    primary: String,
    salesperson_id: String,
    team_id: String,
}

const FIELDS: &[&str] = &["ids", "primary", "salesperson_id", "team_id"];

/// What a lead merge answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = LeadMerged)]
pub struct Merged {
    survivor_id: i32,
    merged_ids: Vec<i32>,
    merge_id: i32,
}

#[utoipa::path(post, path = "/api/v1/leads/merge", tag = "wizards",
    summary = "Merge leads or opportunities into one",
    request_body = MergeBody,
    responses(
        (status = 200, description = "Merged; `merge_id` undoes it", body = Merged),
        (status = 403, description = "Not allowed to merge these records", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "A record is missing or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "A record was merged already", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn merge(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let assigned = body.contains_key("salesperson_id") || body.contains_key("team_id");
    let done = db(&state, move |c| {
        let (b, shape) = read_texts::<MergeBody>(&body, FIELDS)?;
        let parsed = Merge::parse(&b.ids, &b.primary, &b.salesperson_id, &b.team_id, assigned);
        let wizard = together(shape, parsed)?;
        audit::audited(
            c,
            &me.origin,
            Action::LeadMerge,
            |c| wizard.apply(c, &me.actor),
            |d| Target::merge(TargetKind::Lead, d.survivor, &d.merged, d.merge_id),
        )
    })
    .await?;
    ok(&Merged {
        survivor_id: done.survivor.0,
        merged_ids: done.merged.iter().map(|l| l.0).collect(),
        merge_id: done.merge_id,
    })
}
