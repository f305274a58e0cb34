//! The JSON API under `/api/v1` (documented in `docs/api.md`). Every request carries a bearer
//! token ([`auth::Bearer`]) and acts with its owner's rights; every error is JSON
//! ([`error::ApiError`]). One file per resource, handlers as thin as the pages': read the
//! request, make one domain call in `db()`, answer JSON.

pub mod archive;
pub mod auth;
pub mod bodies;
pub mod chatter;
pub mod convert;
pub mod customer_merge;
pub mod customers;
pub mod directory;
pub mod duplicates;
pub mod error;
pub mod idempotency;
pub mod intake;
pub mod leads;
pub mod lost;
pub mod lost_reasons;
pub mod merge;
pub mod merge_undo;
pub mod openapi;
pub mod record_actions;
pub mod reports;
pub mod settings;
pub mod similarity;
pub mod stages;
pub mod tokens;
pub mod webhooks;

use actix_web::{HttpResponse, web};
use serde_json::{Map, Value};

use crate::web::router::{self, Router};

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

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope(PREFIX)
            .app_data(
                web::JsonConfig::default()
                    .limit(BODY_LIMIT)
                    .content_type_required(false)
                    .error_handler(error::json_error),
            )
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            .wrap(actix_web::middleware::from_fn(idempotency::keys))
            .wrap(actix_web::middleware::from_fn(error::in_language))
            .configure(|scope| table(&mut Router::new(scope, PREFIX)))
            .default_service(web::to(|| async {
                Err::<HttpResponse, _>(ApiError::not_found())
            })),
    );
}

/// Every API route, its path relative to [`PREFIX`].
pub fn table(r: &mut Router) {
    // Routes without an id first, so `/leads/merge` is not read as `/leads/{id}`.
    r.route("/openapi.json", router::get().to(openapi::serve))
        .route("/leads", router::get().to(leads::list))
        .route("/leads", router::post().to(leads::create))
        .route("/leads/merge", router::post().to(merge::merge))
        .route("/leads/lost", router::post().to(lost::mark_lost_many))
        .route("/leads/convert", router::post().to(convert::convert_many))
        .route("/leads/unarchive", router::post().to(lost::unarchive))
        .route("/leads/archive", router::post().to(archive::archive_many))
        .route("/leads/{id}", router::get().to(leads::read))
        .route("/leads/{id}", router::patch().to(leads::update))
        .route("/leads/{id}/similar", router::get().to(similarity::similar))
        .route("/leads/{id}/lost", router::post().to(lost::mark_lost))
        .route("/leads/{id}/restore", router::post().to(lost::restore))
        .route("/leads/{id}/convert", router::get().to(convert::suggest))
        .route("/leads/{id}/convert", router::post().to(convert::convert))
        .route("/lost-reasons", router::get().to(lost_reasons::list))
        .route("/lost-reasons", router::post().to(lost_reasons::create))
        .route(
            "/lost-reasons/{id}",
            router::patch().to(lost_reasons::rename),
        )
        .route(
            "/lost-reasons/{id}/archive",
            router::post().to(lost_reasons::archive),
        )
        .route(
            "/lost-reasons/{id}/unarchive",
            router::post().to(lost_reasons::unarchive),
        )
        .route(
            "/lost-reasons/{id}/delete",
            router::post().to(lost_reasons::delete),
        )
        .route("/stages", router::get().to(stages::list))
        .route("/stages", router::post().to(stages::create))
        .route("/stages/{id}", router::patch().to(stages::update))
        .route("/stages/{id}/move", router::post().to(stages::move_one))
        .route("/users", router::get().to(directory::users))
        .route("/teams", router::get().to(directory::teams))
        .route("/settings", router::get().to(settings::read))
        .route("/settings", router::patch().to(settings::change))
        .route("/tokens", router::get().to(tokens::list))
        .route("/tokens/{id}/revoke", router::post().to(tokens::revoke))
        .route("/customers", router::get().to(customers::search))
        .route("/customers", router::post().to(customers::create))
        .route("/customers/merge", router::post().to(customer_merge::merge))
        .route(
            "/customers/merges/{id}/undo",
            router::post().to(customer_merge::undo),
        )
        .route("/customers/{id}", router::get().to(customers::read))
        .route("/customers/{id}", router::patch().to(customers::update))
        .route(
            "/customers/{id}/archive",
            router::post().to(customers::archive),
        )
        .route(
            "/customers/{id}/restore",
            router::post().to(customers::restore),
        )
        .route(
            "/customers/{id}/similar",
            router::get().to(customer_merge::similar),
        )
        .route("/intake", router::post().to(intake::receive));
    lead_operations(r);
    webhook_routes(r);
}

/// The record page's, the list's, the wizards' and the duplicate finder's other operations
/// on leads and opportunities, and records' chatter (mass Archive is with mass Unarchive
/// in [`table`], before `/leads/{id}`).
fn lead_operations(r: &mut Router) {
    r.route(
        "/leads/merge/preview",
        router::post().to(merge_undo::preview),
    )
    .route(
        "/leads/merges/{id}/undo",
        router::post().to(merge_undo::undo),
    )
    .route("/duplicates", router::get().to(duplicates::scan))
    .route(
        "/reports/lost-reasons",
        router::get().to(reports::lost_reasons),
    )
    .route(
        "/leads/{id}/archive",
        router::post().to(archive::archive_one),
    )
    .route(
        "/leads/{id}/unarchive",
        router::post().to(archive::unarchive_one),
    )
    .route("/leads/{id}/won", router::post().to(record_actions::won))
    .route(
        "/leads/{id}/stage",
        router::post().to(record_actions::set_stage),
    )
    .route("/leads/{id}/chatter", router::get().to(chatter::of_lead))
    .route(
        "/leads/{id}/notes",
        router::post().to(chatter::note_on_lead),
    )
    .route(
        "/leads/{id}/not-duplicate",
        router::post().to(duplicates::not_duplicate),
    )
    .route(
        "/customers/{id}/chatter",
        router::get().to(chatter::of_customer),
    )
    .route(
        "/customers/{id}/notes",
        router::post().to(chatter::note_on_customer),
    );
}

/// The webhook endpoints and their deliveries (managers and admins).
fn webhook_routes(r: &mut Router) {
    r.route("/webhooks", router::get().to(webhooks::list))
        .route("/webhooks", router::post().to(webhooks::create))
        .route("/webhooks/{id}", router::get().to(webhooks::read))
        .route("/webhooks/{id}", router::patch().to(webhooks::update))
        .route("/webhooks/{id}", router::delete().to(webhooks::delete))
        .route(
            "/webhooks/{id}/rotate-secret",
            router::post().to(webhooks::rotate),
        )
        .route(
            "/webhooks/{id}/deliveries",
            router::get().to(webhooks::deliveries),
        )
        .route(
            "/webhooks/{id}/deliveries/{delivery}/replay",
            router::post().to(webhooks::replay),
        );
}

/// A body that may be left out (an empty body is `{}`); when present it must be a JSON object.
pub fn optional_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request(
            crate::i18n::Msg::new("msg.api.body_not_object").text("detail", e.to_string()),
        )
    })
}

/// 200 with `value` as JSON.
pub fn ok<T: serde::Serialize>(value: &T) -> ApiResult {
    Ok(HttpResponse::Ok().json(value))
}
