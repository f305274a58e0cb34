//! Duplicate customers in the API, mirroring the lead endpoints:
//! `GET /api/v1/customers/{id}/similar` (similar customers with scores and reasons),
//! `POST /api/v1/customers/merge` (`{ids, primary?}`) and
//! `POST /api/v1/customers/merges/{merge_id}/undo`.

use actix_web::web;

use crate::domain::api_views::similarity::{MatchView, match_view};
use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::PartnerId;
use crate::domain::similarity::customers::similar_customers;
use crate::domain::wizards::merge::customer_journal;
use crate::domain::wizards::merge::customers::CustomerMerge;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

/// What `GET /api/v1/customers/{id}/similar` answers.
#[derive(serde::Serialize)]
struct SimilarCustomersView {
    customer_id: i32,
    /// Probable duplicates among `matches`.
    duplicates: usize,
    matches: Vec<MatchView>,
}

pub async fn similar(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = PartnerId(path.into_inner());
    let found = db(&state, move |c| similar_customers(c, &me.actor, id)).await?;
    ok(&SimilarCustomersView {
        customer_id: id.0,
        duplicates: found.duplicates(),
        matches: found.matches.iter().map(match_view).collect(),
    })
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct MergeBody {
    ids: Vec<String>,
    primary: String,
}

const FIELDS: &[&str] = &["ids", "primary"];

#[derive(serde::Serialize)]
struct Merged {
    survivor_id: i32,
    merged_ids: Vec<i32>,
    merge_id: i32,
}

pub async fn merge(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let done = db(&state, move |c| {
        let (b, shape) = read_texts::<MergeBody>(&body, FIELDS)?;
        let wizard = together(shape, CustomerMerge::parse(&b.ids, &b.primary))?;
        wizard.apply(c, &me.actor)
    })
    .await?;
    ok(&Merged {
        survivor_id: done.survivor.0,
        merged_ids: done.merged.iter().map(|p| p.0).collect(),
        merge_id: done.merge_id,
    })
}

#[derive(serde::Serialize)]
struct Undone {
    survivor_id: i32,
    restored_ids: Vec<i32>,
}

pub async fn undo(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = path.into_inner();
    let done = db(&state, move |c| customer_journal::undo(c, &me.actor, id)).await?;
    ok(&Undone {
        survivor_id: done.survivor.0,
        restored_ids: done.restored.iter().map(|p| p.0).collect(),
    })
}
