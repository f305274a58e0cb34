//! `Idempotency-Key` on the API's POSTs: a middleware on the `/api/v1` scope. The first
//! request with a key (per token) claims it, runs, and its successful answer (status, body,
//! `Location`) is kept 24 h; the same request again gets that answer back (with
//! `Idempotent-Replayed: true`) and creates nothing; the key with another method, path or body
//! is a 422; the key while its first request still runs is a 409. A failed request (any
//! status but 2xx) changed nothing, so its key is freed for the retry. Storage and the
//! claim's concurrency: [`crate::domain::models::idempotency`].

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpResponse, web};

use crate::domain::ids::TokenId;
use crate::domain::models::idempotency::{self, Answer, Claim};
use crate::i18n::Msg;
use crate::web::{AppState, db};

use super::{ApiError, Bearer};

/// The request header.
pub const HEADER: &str = "idempotency-key";

/// Set on a replayed answer.
pub const REPLAYED: &str = "idempotent-replayed";

/// Longest key accepted.
const MAX_KEY: usize = 255;

/// The middleware (see the module's documentation).
pub async fn keys(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(raw) = req.headers().get(HEADER).cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if req.method() != Method::POST {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(key) = valid_key(&raw) else {
        let refused = ApiError::bad_request(Msg::new("msg.api_idempotency_key_invalid"));
        return Ok(req.error_response(refused));
    };
    // Without a valid token the handler answers 401; nothing to remember.
    let Ok(bearer) = Bearer::extract(req.request()).await else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Ok(body) = req.extract::<web::Bytes>().await else {
        let too_large = ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            Msg::new("msg.api.body_too_large"),
        );
        return Ok(req.error_response(too_large));
    };
    req.set_payload(Payload::from(body.clone()));
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path().to_string(), ToString::to_string);
    let hash = idempotency::request_hash(req.method().as_str(), &path, &body);
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let token = bearer.token;
    let claimed = {
        let key = key.clone();
        db(&state, move |c| idempotency::claim(c, token, &key, &hash)).await
    };
    match claimed.map_err(ApiError::from) {
        Err(e) => Ok(req.error_response(e)),
        Ok(Claim::Run) => run(req, next, &state, token, key).await,
        Ok(Claim::Replay(answer)) => Ok(req.into_response(replay(&answer))),
        Ok(Claim::Mismatch) => Ok(req.error_response(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Msg::new("msg.api_idempotency_mismatch"),
        ))),
        Ok(Claim::InProgress) => Ok(req.error_response(ApiError::new(
            StatusCode::CONFLICT,
            Msg::new("msg.api_idempotency_in_progress"),
        ))),
    }
}

/// A key of 1 to 255 visible ASCII characters.
fn valid_key(raw: &HeaderValue) -> Option<String> {
    let key = raw.to_str().ok()?.trim();
    let fits = !key.is_empty()
        && key.len() <= MAX_KEY
        && key.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
    fits.then(|| key.to_string())
}

/// Runs the request whose key was claimed, then keeps its answer (2xx) or frees the key.
async fn run(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    state: &web::Data<AppState>,
    token: TokenId,
    key: String,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = match next.call(req).await {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => {
            forget(state, token, key).await;
            return Err(e);
        }
    };
    if !res.status().is_success() {
        forget(state, token, key).await;
        return Ok(res);
    }
    let (http_req, res) = res.into_parts();
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let status = res.status();
    let (res, body) = res.into_parts();
    let bytes = to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(format!("response body: {e}")))?;
    let answer = Answer {
        status: status.as_u16(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
        location,
    };
    let kept = db(state, move |c| {
        idempotency::complete(c, token, &key, &answer)
    })
    .await;
    if let Err(e) = kept {
        log::error!("idempotency key not kept: {e}");
    }
    Ok(ServiceResponse::new(
        http_req,
        res.set_body(BoxBody::new(bytes)),
    ))
}

/// Frees a key whose request failed.
async fn forget(state: &web::Data<AppState>, token: TokenId, key: String) {
    if let Err(e) = db(state, move |c| idempotency::release(c, token, &key)).await {
        log::error!("idempotency key not freed: {e}");
    }
}

/// The kept answer, marked as replayed.
fn replay(answer: &Answer) -> HttpResponse {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    response
        .content_type("application/json")
        .insert_header((HeaderName::from_static(REPLAYED), "true"));
    if let Some(location) = &answer.location {
        response.insert_header((header::LOCATION, location.as_str()));
    }
    response.body(answer.body.clone())
}
