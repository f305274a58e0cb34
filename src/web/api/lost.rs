//! Mark as Lost (`POST /leads/{id}/lost`, or many: `POST /leads/lost` with `ids`), with a
//! reason picked by id (`reason_id`) or by name (`reason`: an existing one, or a new one
//! when a manager asks) and a closing `note`; Restore (`POST /leads/{id}/restore`) and mass
//! Unarchive (`POST /leads/unarchive` with `ids`).

use actix_web::web;

use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::{LeadId, LostReasonId};
use crate::domain::wizards::lost::MarkLost;
use crate::domain::wizards::{parse_ids, restore as wizard};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok, optional_object};

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct LostBody {
    ids: Vec<String>,
    reason_id: String,
    reason: String,
    note: String,
}

const LOST_FIELDS: &[&str] = &["ids", "reason_id", "reason", "note"];
const ONE_LOST_FIELDS: &[&str] = &["reason_id", "reason", "note"];

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct IdsBody {
    ids: Vec<String>,
}

#[derive(serde::Serialize)]
struct Lost {
    count: usize,
    lost_reason_id: Option<LostReasonId>,
    lost_reason: Option<String>,
}

#[derive(serde::Serialize)]
struct Restored {
    count: usize,
}

async fn lost(
    state: web::Data<AppState>,
    me: Bearer,
    one: Option<LeadId>,
    body: serde_json::Map<String, serde_json::Value>,
) -> ApiResult {
    let done = db(&state, move |c| {
        let fields = if one.is_some() {
            ONE_LOST_FIELDS
        } else {
            LOST_FIELDS
        };
        let (mut b, shape) = read_texts::<LostBody>(&body, fields)?;
        if let Some(id) = one {
            b.ids = vec![id.to_string()];
        }
        let wizard = together(
            shape,
            MarkLost::parse(&b.ids, &b.reason_id, &b.reason, &b.note),
        )?;
        wizard.apply(c, &me.actor)
    })
    .await?;
    ok(&Lost {
        count: done.count,
        lost_reason_id: done.reason.as_ref().map(|r| r.id),
        lost_reason: done.reason.map(|r| r.name),
    })
}

/// `POST /api/v1/leads/{id}/lost`
pub async fn mark_lost(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: web::Bytes,
) -> ApiResult {
    let body = optional_object(&body)?;
    lost(state, me, Some(LeadId(path.into_inner())), body).await
}

/// `POST /api/v1/leads/lost`
pub async fn mark_lost_many(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    lost(state, me, None, body.into_inner()).await
}

/// `POST /api/v1/leads/{id}/restore`
pub async fn restore(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LeadId(path.into_inner());
    let count = db(&state, move |c| wizard::restore(c, &me.actor, &[id])).await?;
    ok(&Restored { count })
}

/// `POST /api/v1/leads/unarchive`
pub async fn unarchive(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let count = db(&state, move |c| {
        let (b, shape) = read_texts::<IdsBody>(&body, &["ids"])?;
        wizard::restore(c, &me.actor, &together(shape, parse_ids(&b.ids))?)
    })
    .await?;
    ok(&Restored { count })
}
