//! `/api/v1/leads`: list (the list view's filters, paginated), read, create, update (PATCH:
//! only the fields sent change).

use actix_web::{HttpResponse, web};

use crate::domain::api_views::{lead, list};
use crate::domain::ids::LeadId;
use crate::domain::models::settings;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, Pairs, ok};

/// `GET /api/v1/leads?filter=lost&q=…&page=2`
pub async fn list(state: web::Data<AppState>, me: Bearer, query: Pairs) -> ApiResult {
    let pairs = query.into_inner();
    let page = db(&state, move |c| {
        let leads_enabled = settings::load(c)?.leads_enabled;
        list::list(c, &me.actor, &pairs, leads_enabled)
    })
    .await?;
    ok(&page)
}

/// `GET /api/v1/leads/{id}`
pub async fn read(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LeadId(path.into_inner());
    ok(&db(&state, move |c| lead::detail(c, &me.actor, id)).await?)
}

#[derive(serde::Serialize)]
struct Created {
    lead: lead::LeadView,
    /// Probable duplicates of the new record (nothing is blocked).
    duplicates: Vec<crate::domain::api_views::similarity::MatchView>,
}

/// `POST /api/v1/leads` → 201
pub async fn create(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let (lead, duplicates) = db(&state, move |c| lead::create(c, &me.actor, &body)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/leads/{}", lead.id)))
        .json(Created { lead, duplicates }))
}

/// `PATCH /api/v1/leads/{id}`
pub async fn update(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (LeadId(path.into_inner()), body.into_inner());
    ok(&db(&state, move |c| lead::update(c, &me.actor, id, &body)).await?)
}
