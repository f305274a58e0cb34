//! A record's chatter: `GET /leads/{id}/chatter` and `GET /customers/{id}/chatter` (newest
//! first, `?page=&per_page=`), and a note: `POST /leads/{id}/notes` and
//! `POST /customers/{id}/notes` with `{"body": "..."}` (201, the message). What Leadbook
//! logged reads in the request's `Accept-Language`.

use actix_web::{HttpRequest, HttpResponse, http::header, web};

use crate::domain::api_views::chatter::{self, PER_PAGE};
use crate::domain::api_views::paging::Paging;
use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::{LeadId, PartnerId};
use crate::i18n::{Lang, negotiate};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, Pairs, ok};

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct NoteBody {
    body: String,
}

/// The language the request asks for (English when none of ours).
fn locale(req: &HttpRequest) -> &'static str {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(negotiate)
        .unwrap_or(Lang::En)
        .code()
}

/// `GET /api/v1/leads/{id}/chatter`
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
