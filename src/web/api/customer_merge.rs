//! Duplicate customers in the API, mirroring the lead endpoints:
//! `GET /api/v1/customers/{id}/similar` (similar customers with scores and reasons),
//! `POST /api/v1/customers/merge` (`{ids, primary?}`) and
//! `POST /api/v1/customers/merges/{merge_id}/undo`.

use actix_web::web;

use crate::domain::api_views::similarity::{MatchView, match_view};
use crate::domain::api_views::{read_texts, together};
use crate::domain::audit::{self, Action, Target, TargetKind};
use crate::domain::ids::PartnerId;
use crate::domain::similarity::customers::similar_customers;
use crate::domain::wizards::merge::customer_journal;
use crate::domain::wizards::merge::customers::CustomerMerge;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

/// What `GET /api/v1/customers/{id}/similar` answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SimilarCustomersView {
    customer_id: i32,
    /// Probable duplicates among `matches`.
    duplicates: usize,
    matches: Vec<MatchView>,
}

#[utoipa::path(get, path = "/api/v1/customers/{id}/similar", tag = "customers",
    summary = "Similar customers, with scores and reasons", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "The customer's matches", body = SimilarCustomersView),
        (status = 404, description = "No such customer", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn similar(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = PartnerId(path.into_inner());
    let found = db(&state, move |c| similar_customers(c, &me.actor, id)).await?;
    ok(&SimilarCustomersView {
        customer_id: id.0,
        duplicates: found.duplicates(),
        matches: found.matches.iter().map(match_view).collect(),
    })
}

/// The customers to merge, and optionally the one that stays.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
#[schema(as = CustomerMergeBody)]
pub struct MergeBody {
    ids: Vec<String>,
    primary: String,
}

const FIELDS: &[&str] = &["ids", "primary"];

/// What a customer merge answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = CustomerMerged)]
pub struct Merged {
    survivor_id: i32,
    merged_ids: Vec<i32>,
    merge_id: i32,
}

#[utoipa::path(post, path = "/api/v1/customers/merge", tag = "customers",
    summary = "Merge customers into one",
    request_body = MergeBody,
    responses(
        (status = 200, description = "Merged; `merge_id` undoes it", body = Merged),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "A customer is missing", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "A customer was merged already", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn merge(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let done = db(&state, move |c| {
        let (b, shape) = read_texts::<MergeBody>(&body, FIELDS)?;
        let wizard = together(shape, CustomerMerge::parse(&b.ids, &b.primary))?;
        audit::audited(
            c,
            &me.origin,
            Action::CustomerMerge,
            |c| wizard.apply(c, &me.actor),
            |d| Target::merge(TargetKind::Customer, d.survivor, &d.merged, d.merge_id),
        )
    })
    .await?;
    ok(&Merged {
        survivor_id: done.survivor.0,
        merged_ids: done.merged.iter().map(|p| p.0).collect(),
        merge_id: done.merge_id,
    })
}

/// What undoing a customer merge answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = CustomerMergeUndone)]
pub struct Undone {
    survivor_id: i32,
    restored_ids: Vec<i32>,
}

#[utoipa::path(post, path = "/api/v1/customers/merges/{id}/undo", tag = "customers",
    summary = "Undo a customer merge",
    params(("id" = i32, Path, description = "The merge's id (`merge_id`)")),
    responses(
        (status = 200, description = "Undone", body = Undone),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such merge", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "Cannot be undone any more", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Refused", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn undo(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = path.into_inner();
    let done = db(&state, move |c| {
        audit::audited(
            c,
            &me.origin,
            Action::CustomerMergeUndo,
            |c| customer_journal::undo(c, &me.actor, id),
            |d| Target::merge(TargetKind::Customer, d.survivor, &d.restored, id),
        )
    })
    .await?;
    ok(&Undone {
        survivor_id: done.survivor.0,
        restored_ids: done.restored.iter().map(|p| p.0).collect(),
    })
}
