//! `GET /api/v1/lost-reasons` (`?archived=true` includes archived ones).

use actix_web::web;

use crate::domain::models::lost_reasons;
use crate::i18n::Msg;
use crate::web::{AppState, db};

use super::{ApiError, ApiResult, Bearer, Pairs, ok};

#[utoipa::path(get, path = "/api/v1/lost-reasons", tag = "configuration",
    summary = "Lost reasons",
    params(("archived" = Option<bool>, Query, description = "true includes archived reasons")),
    responses(
        (status = 200, description = "The lost reasons", body = Vec<crate::domain::models::lost_reasons::LostReason>),
        (status = 400, description = "An unknown parameter or value", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, _me: Bearer, query: Pairs) -> ApiResult {
    let mut archived = false;
    for (key, value) in query.iter() {
        match (key.as_str(), value.as_str()) {
            ("archived", "true" | "1") => archived = true,
            ("archived", "false" | "0" | "") => archived = false,
            _ => {
                return Err(ApiError::bad_request(
                    Msg::new("msg.api.unknown_parameter_archived")
                        .text("name", key.as_str())
                        .text("value", value.as_str()),
                ));
            }
        }
    }
    ok(&db(&state, move |c| lost_reasons::list(c, archived)).await?)
}
