//! Archive and Unarchive, one record or many, through the same wizards as the list's and the
//! record page's buttons: `POST /leads/{id}/archive`, `POST /leads/archive` with `ids`,
//! `POST /leads/{id}/unarchive` (the record page's Restore; mass Unarchive is
//! `POST /leads/unarchive`, in [`super::lost`]). Each answers how many records changed:
//! records already archived (or already active) are left alone and not counted.

use actix_web::web;

use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::LeadId;
use crate::domain::wizards::{archive, parse_ids, restore};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct IdsBody {
    ids: Vec<String>,
}

/// How many records changed.
#[derive(serde::Serialize)]
struct Count {
    count: usize,
}

/// `POST /api/v1/leads/{id}/archive`
pub async fn archive_one(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
) -> ApiResult {
    let id = LeadId(path.into_inner());
    let count = db(&state, move |c| archive::archive(c, &me.actor, &[id])).await?;
    ok(&Count { count })
}

/// `POST /api/v1/leads/archive` with `{"ids": [...]}`: all or nothing.
pub async fn archive_many(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let count = db(&state, move |c| {
        let (b, shape) = read_texts::<IdsBody>(&body, &["ids"])?;
        archive::archive(c, &me.actor, &together(shape, parse_ids(&b.ids))?)
    })
    .await?;
    ok(&Count { count })
}

/// `POST /api/v1/leads/{id}/unarchive`: the record page's Restore (a lost record comes back
/// too, with its stage's probability).
pub async fn unarchive_one(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
) -> ApiResult {
    let id = LeadId(path.into_inner());
    let count = db(&state, move |c| restore::restore(c, &me.actor, &[id])).await?;
    ok(&Count { count })
}
