//! `POST /api/v1/intake`: a message from any channel (see `domain::intake`). Needs a
//! manager's or admin's token (a bot's).

use actix_web::web;

use crate::domain::api_views::read_texts;
use crate::domain::intake::{self, IntakeRequest};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

pub async fn receive(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body = body.into_inner();
    let answer = db(&state, move |c| {
        let (request, shape) = read_texts::<IntakeRequest>(&body, IntakeRequest::FIELDS)?;
        intake::receive(c, &me.actor, &request, shape)
    })
    .await?;
    ok(&answer)
}
