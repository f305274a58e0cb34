//! `POST /api/v1/intake`: a message from any channel (see `domain::intake`). Needs a
//! manager's or admin's token (a bot's).

use actix_web::web;

use crate::domain::api_views::read_texts;
use crate::domain::intake::{self, IntakeRequest};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

#[utoipa::path(post, path = "/api/v1/intake", tag = "intake",
    summary = "Receive a message from any channel (a bot's, with a manager's token)",
    request_body = crate::domain::intake::IntakeRequest,
    responses(
        (status = 200, description = "What became of the message", body = crate::domain::intake::IntakeAnswer),
        (status = 403, description = "The token's owner is not a manager", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The same delivery id with another body", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
        (status = 429, description = "Too many deliveries", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn receive(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let answer = db(&state, move |c| {
        let (request, shape) = read_texts::<IntakeRequest>(&body, IntakeRequest::FIELDS)?;
        intake::receive(c, &me.actor, &request, shape)
    })
    .await?;
    ok(&answer)
}
