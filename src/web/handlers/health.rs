//! Probes and metrics for the operator's tools, not for people: `GET /healthz` (the process
//! answers), `GET /readyz` (the database can serve) and `GET /metrics` (Prometheus text,
//! behind a bearer token). None of them reads or writes a session, and their answers say
//! nothing beyond what they are for: a failed readiness check's reason goes to the log.

use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::web::{AppState, WebError, WebOptions};

/// A plain-text answer.
fn text(status: StatusCode, body: &'static str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/plain; charset=utf-8")
        .body(body)
}

/// `GET /healthz`: 200 `ok` while the process answers requests.
pub async fn healthz() -> HttpResponse {
    text(StatusCode::OK, "ok")
}

/// `GET /readyz`: 200 `ready` when the database answers, its file is in place and every
/// migration was applied; 503 `not ready` otherwise (the reason is logged).
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.clone();
    let checked = web::block(move || crate::db::health::check(&pool))
        .await
        .map_err(|e| e.to_string())
        .and_then(|checked| checked);
    match checked {
        Ok(()) => text(StatusCode::OK, "ready"),
        Err(reason) => {
            log::warn!("readiness check failed: {reason}");
            text(StatusCode::SERVICE_UNAVAILABLE, "not ready")
        }
    }
}

/// `GET /metrics`: the Prometheus text of every metric. Not found unless a metrics token is
/// configured; then only with `Authorization: Bearer <token>`.
pub async fn metrics(
    req: HttpRequest,
    state: web::Data<AppState>,
    options: web::Data<WebOptions>,
) -> Result<HttpResponse, WebError> {
    let (Some(token), Some(handle)) = (&options.metrics_token, crate::telemetry::handle()) else {
        return Err(WebError::NotFound);
    };
    if !bearer_matches(&req, &token.0) {
        return Ok(HttpResponse::Unauthorized()
            .insert_header((WWW_AUTHENTICATE, "Bearer realm=\"metrics\""))
            .content_type("text/plain; charset=utf-8")
            .body("unauthorized"));
    }
    let pool = state.pool.state();
    crate::telemetry::pool_state(pool.connections, pool.idle_connections);
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(handle.render()))
}

/// Whether the request's bearer token is `token`. Both sides are hashed first, so the
/// constant-time comparison does not reveal the token's length either.
fn bearer_matches(req: &HttpRequest, token: &[u8]) -> bool {
    let given = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(given) = given.filter(|g| !g.is_empty()) else {
        return false;
    };
    let given = Sha256::digest(given.as_bytes());
    let expected = Sha256::digest(token);
    given.ct_eq(&expected).into()
}
