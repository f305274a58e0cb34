//! `/api/v1/leads`: list (the list view's filters, paginated), read, create, update (PATCH:
//! only the fields sent change).

use actix_web::{HttpResponse, web};

use crate::domain::api_views::{lead, list};
use crate::domain::ids::LeadId;
use crate::domain::models::settings;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, Pairs, ok};

/// `GET /api/v1/leads?filter=lost&q=…&page=2`
#[utoipa::path(get, path = "/api/v1/leads", tag = "leads",
    summary = "List leads and opportunities",
    description = "The list view's filters as query parameters (repeat a key for several values). An unknown parameter or value is a 422 on `query`.",
    params(
        ("filter" = Option<String>, Query, description = "my, unassigned, won, lost, archived, leads, opportunities, all (several combine with AND)"),
        ("q" = Option<String>, Query, description = "Words in title, contact, company, email, phone or a messenger handle"),
        ("stage" = Option<i32>, Query, description = "A stage id"),
        ("salesperson" = Option<i32>, Query, description = "A salesperson's user id"),
        ("team" = Option<i32>, Query, description = "A team id"),
        ("reason" = Option<i32>, Query, description = "A lost reason id"),
        ("reason_op" = Option<String>, Query, description = "eq or in (default)"),
        ("external_id" = Option<String>, Query, description = "Exactly this id in the system the record came from"),
        ("sort" = Option<String>, Query, description = "created (default), title, contact, company, revenue, probability, priority"),
        ("dir" = Option<String>, Query, description = "asc or desc"),
        ("page" = Option<i32>, Query, description = "1, 2, … (80 rows per page)"),
        ("group" = Option<String>, Query, description = "stage, salesperson, team, lost_reason (answers groups instead of rows)"),
    ),
    responses(
        (status = 200, description = "One page of the records the token's owner may see", body = crate::domain::api_views::list::ListView),
        (status = 400, description = "A query string that cannot be read", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "An unknown parameter or value (on `query`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
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
#[utoipa::path(get, path = "/api/v1/leads/{id}", tag = "leads",
    summary = "Read a lead or opportunity", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "Every field of the record, its tags and messengers", body = crate::domain::api_views::lead::LeadView),
        (status = 404, description = "No such record, or hidden from the token's owner", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn read(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LeadId(path.into_inner());
    ok(&db(&state, move |c| lead::detail(c, &me.actor, id)).await?)
}

/// What `POST /api/v1/leads` answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = LeadCreated)]
pub struct Created {
    lead: lead::LeadView,
    /// Probable duplicates of the new record (nothing is blocked).
    duplicates: Vec<crate::domain::api_views::similarity::MatchView>,
}

/// `POST /api/v1/leads` → 201
#[utoipa::path(post, path = "/api/v1/leads", tag = "leads",
    summary = "Create a lead (or an opportunity when Leads are off)",
    request_body = super::bodies::LeadBody,
    responses(
        (status = 201, description = "Created; `Location` names it. `duplicates`: probable duplicates found (nothing is blocked)", body = Created),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors, all at once", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn create(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let (lead, duplicates) = db(&state, move |c| lead::create(c, &me.actor, &body)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/leads/{}", lead.id)))
        .json(Created { lead, duplicates }))
}

/// `PATCH /api/v1/leads/{id}`
#[utoipa::path(patch, path = "/api/v1/leads/{id}", tag = "leads",
    summary = "Update a lead: only the fields sent change", params(("id" = i32, Path, description = "The record's id")),
    request_body = super::bodies::LeadBody,
    responses(
        (status = 200, description = "The record as it is now", body = crate::domain::api_views::lead::LeadView),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away (`merged_into_id`)", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors, all at once", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn update(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (LeadId(path.into_inner()), body.into_inner());
    ok(&db(&state, move |c| lead::update(c, &me.actor, id, &body)).await?)
}
