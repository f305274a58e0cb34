//! The merge wizard's preview (`POST /leads/merge/preview`, the body of
//! `POST /leads/merge`, nothing written) and Undo merge (`POST /leads/merges/{id}/undo`, the
//! `merge_id` a merge answers), through the wizard's own domain calls.

use actix_web::web;

use crate::domain::api_views::merge_preview;
use crate::domain::api_views::{read_texts, together};
use crate::domain::audit::{self, Action, Target, TargetKind};
use crate::domain::wizards::merge::{Merge, undo as wizard};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

/// The merge's body.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct PreviewBody {
    ids: Vec<String>,
    primary: String,
    salesperson_id: String,
    team_id: String,
}

const FIELDS: &[&str] = &["ids", "primary", "salesperson_id", "team_id"];

/// `POST /api/v1/leads/merge/preview`
#[utoipa::path(post, path = "/api/v1/leads/merge/preview", tag = "wizards",
    summary = "Preview a merge (nothing is written)",
    request_body = super::merge::MergeBody,
    responses(
        (status = 200, description = "What the merge would make, and whether the token's owner may do it", body = crate::domain::api_views::merge_preview::MergePreview),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "A record is missing or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "A record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn preview(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let assigned = body.contains_key("salesperson_id") || body.contains_key("team_id");
    ok(&db(&state, move |c| {
        let (b, shape) = read_texts::<PreviewBody>(&body, FIELDS)?;
        let parsed = Merge::parse(&b.ids, &b.primary, &b.salesperson_id, &b.team_id, assigned);
        let wizard = together(shape, parsed)?;
        merge_preview::preview(c, &me.actor, &wizard)
    })
    .await?)
}

/// What Undo merge answers: the survivor and the records brought back.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = LeadMergeUndone)]
struct Undone {
    survivor_id: i32,
    restored_ids: Vec<i32>,
}

/// `POST /api/v1/leads/merges/{id}/undo`
#[utoipa::path(post, path = "/api/v1/leads/merges/{id}/undo", tag = "wizards",
    summary = "Undo a merge",
    params(("id" = i32, Path, description = "The `merge_id` a merge answered")),
    responses(
        (status = 200, description = "Undone", body = Undone),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such merge, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The merge cannot be undone any more", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn undo(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = path.into_inner();
    let done = db(&state, move |c| {
        audit::audited(
            c,
            &me.origin,
            Action::LeadMergeUndo,
            |c| wizard::undo(c, &me.actor, id),
            |d| Target::merge(TargetKind::Lead, d.survivor, &d.restored, id),
        )
    })
    .await?;
    ok(&Undone {
        survivor_id: done.survivor.0,
        restored_ids: done.restored.iter().map(|l| l.0).collect(),
    })
}
