//! The JSON API under `/api/v1` (documented in `docs/api.md`). Every request carries a bearer
//! token ([`auth::Bearer`]) and acts with its owner's rights; every error is JSON
//! ([`error::ApiError`]). One file per resource, handlers as thin as the pages': read the
//! request, make one domain call in `db()`, answer JSON.

pub mod auth;
pub mod convert;
pub mod customers;
pub mod error;
pub mod intake;
pub mod leads;
pub mod lost;
pub mod lost_reasons;
pub mod merge;
pub mod similar;
pub mod stages;

use actix_web::{HttpResponse, web};
use serde_json::{Map, Value};

pub use auth::Bearer;
pub use error::ApiError;

/// A JSON object body.
pub type Body = web::Json<Map<String, Value>>;

/// A query string as ordered pairs (repeated keys kept).
pub type Pairs = web::Query<Vec<(String, String)>>;

/// What a handler answers.
pub type ApiResult = Result<HttpResponse, ApiError>;

/// Bodies above this size are refused (413).
const BODY_LIMIT: usize = 256 * 1024;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api/v1")
            .app_data(
                web::JsonConfig::default()
                    .limit(BODY_LIMIT)
                    .content_type_required(false)
                    .error_handler(error::json_error),
            )
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            // Routes without an id first, so `/leads/merge` is not read as `/leads/{id}`.
            .route("/leads", web::get().to(leads::list))
            .route("/leads", web::post().to(leads::create))
            .route("/leads/merge", web::post().to(merge::merge))
            .route("/leads/lost", web::post().to(lost::mark_lost_many))
            .route("/leads/convert", web::post().to(convert::convert_many))
            .route("/leads/unarchive", web::post().to(lost::unarchive))
            .route("/leads/{id}", web::get().to(leads::read))
            .route("/leads/{id}", web::patch().to(leads::update))
            .route("/leads/{id}/similar", web::get().to(similar::similar))
            .route("/leads/{id}/lost", web::post().to(lost::mark_lost))
            .route("/leads/{id}/restore", web::post().to(lost::restore))
            .route("/leads/{id}/convert", web::get().to(convert::suggest))
            .route("/leads/{id}/convert", web::post().to(convert::convert))
            .route("/lost-reasons", web::get().to(lost_reasons::list))
            .route("/stages", web::get().to(stages::list))
            .route("/customers", web::get().to(customers::search))
            .route("/customers/{id}", web::get().to(customers::read))
            .route("/intake", web::post().to(intake::receive))
            .default_service(web::to(|| async {
                Err::<HttpResponse, _>(ApiError::not_found())
            })),
    );
}

/// A body that may be left out (an empty body is `{}`); when present it must be a JSON object.
pub fn optional_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("The body is not a JSON object: {e}")))
}

/// 200 with `value` as JSON.
pub fn ok<T: serde::Serialize>(value: &T) -> ApiResult {
    Ok(HttpResponse::Ok().json(value))
}
