//! A record's chatter: `GET /leads/{id}/chatter` and `GET /customers/{id}/chatter` (newest
//! first, `?page=&per_page=`), and a note: `POST /leads/{id}/notes` and
//! `POST /customers/{id}/notes` with `{"body": "..."}` (201, the message). What Leadbook
//! logged reads in the request's `Accept-Language`.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::api_views::chatter::{self, PER_PAGE};
use crate::domain::api_views::paging::Paging;
use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::{LeadId, PartnerId};
use crate::i18n::Lang;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, Pairs, ok};

/// A note's text.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
struct NoteBody {
    body: String,
}

/// The language the request asks for (English when none of ours).
fn locale(req: &HttpRequest) -> &'static str {
    crate::web::browser_language(req.headers())
        .unwrap_or(Lang::En)
        .code()
}

/// `GET /api/v1/leads/{id}/chatter`
#[utoipa::path(get, path = "/api/v1/leads/{id}/chatter", tag = "chatter",
    summary = "A record's chatter, newest first",
    params(
        ("id" = i32, Path, description = "The record's id"),
        ("page" = Option<i32>, Query, description = "1, 2, …"),
        ("per_page" = Option<i32>, Query, description = "Messages per page: 50 unless asked, at most 200"),
        ("Accept-Language" = Option<String>, Header, description = "The language of what Leadbook logged (en, it, ru, vi)"),
    ),
    responses(
        (status = 200, description = "One page of messages", body = crate::domain::api_views::paging::Page<crate::domain::api_views::chatter::MessageView>),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away: its messages are on the survivor", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "An unknown parameter or a bad number (on `query`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn of_lead(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    query: Pairs,
) -> ApiResult {
    let (id, pairs, locale) = (LeadId(path.into_inner()), query.into_inner(), locale(&req));
    ok(&db(&state, move |c| {
        let paging = Paging::read(&pairs, PER_PAGE)?;
        chatter::of_lead(c, &me.actor, id, paging, locale)
    })
    .await?)
}

/// `GET /api/v1/customers/{id}/chatter`
#[utoipa::path(get, path = "/api/v1/customers/{id}/chatter", tag = "chatter",
    summary = "A customer's chatter, newest first",
    params(
        ("id" = i32, Path, description = "The customer's id"),
        ("page" = Option<i32>, Query, description = "1, 2, …"),
        ("per_page" = Option<i32>, Query, description = "Messages per page: 50 unless asked, at most 200"),
        ("Accept-Language" = Option<String>, Header, description = "The language of what Leadbook logged (en, it, ru, vi)"),
    ),
    responses(
        (status = 200, description = "One page of messages", body = crate::domain::api_views::paging::Page<crate::domain::api_views::chatter::MessageView>),
        (status = 404, description = "No such customer", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "An unknown parameter or a bad number (on `query`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn of_customer(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    query: Pairs,
) -> ApiResult {
    let (id, pairs, locale) = (
        PartnerId(path.into_inner()),
        query.into_inner(),
        locale(&req),
    );
    ok(&db(&state, move |c| {
        let paging = Paging::read(&pairs, PER_PAGE)?;
        chatter::of_customer(c, &me.actor, id, paging, locale)
    })
    .await?)
}

/// `POST /api/v1/leads/{id}/notes` → 201
#[utoipa::path(post, path = "/api/v1/leads/{id}/notes", tag = "chatter",
    summary = "Log a note on a record (seeing it is enough)",
    params(("id" = i32, Path, description = "The record's id"), ("Accept-Language" = Option<String>, Header, description = "The language of what Leadbook logged (en, it, ru, vi)"),),
    request_body = NoteBody,
    responses(
        (status = 201, description = "The note, as the chatter shows it", body = crate::domain::api_views::chatter::MessageView),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors (`body`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn note_on_lead(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body, locale) = (LeadId(path.into_inner()), body.into_inner(), locale(&req));
    let message = db(&state, move |c| {
        let (b, shape) = read_texts::<NoteBody>(&body, &["body"])?;
        together(shape, Ok(()))?;
        chatter::note_on_lead(c, &me.actor, id, &b.body, locale)
    })
    .await?;
    Ok(HttpResponse::Created().json(message))
}

/// `POST /api/v1/customers/{id}/notes` → 201
#[utoipa::path(post, path = "/api/v1/customers/{id}/notes", tag = "chatter",
    summary = "Log a note on a customer",
    params(("id" = i32, Path, description = "The customer's id"), ("Accept-Language" = Option<String>, Header, description = "The language of what Leadbook logged (en, it, ru, vi)"),),
    request_body = NoteBody,
    responses(
        (status = 201, description = "The note, as the chatter shows it", body = crate::domain::api_views::chatter::MessageView),
        (status = 404, description = "No such customer", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors (`body`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn note_on_customer(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body, locale) = (
        PartnerId(path.into_inner()),
        body.into_inner(),
        locale(&req),
    );
    let message = db(&state, move |c| {
        let (b, shape) = read_texts::<NoteBody>(&body, &["body"])?;
        together(shape, Ok(()))?;
        chatter::note_on_customer(c, &me.actor, id, &b.body, locale)
    })
    .await?;
    Ok(HttpResponse::Created().json(message))
}
