//! `Bearer`: the API's sign-in. The `Authorization: Bearer <token>` header names an API token;
//! its owner (if still active) acts with their own rights, as an [`Actor`]. No session and no
//! CSRF: a token is not sent by browsers on their own, so cross-site forgery does not apply.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use crate::domain::DomainError;
use crate::domain::access::Actor;
use crate::domain::audit::Origin;
use crate::domain::ids::TokenId;
use crate::domain::models::{api_tokens, users};
use crate::i18n::Msg;
use crate::web::AppState;

use super::error::ApiError;

/// The token's owner, with their rights.
pub struct Bearer {
    pub actor: Actor,
    pub token: TokenId,
    /// Who is acting and from where, for the audit trail.
    pub origin: Origin,
}

fn token_of(req: &HttpRequest) -> Result<String, ApiError> {
    let missing = || ApiError::unauthorized(Msg::new("msg.api.token_missing"));
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(missing)?;
    let (scheme, token) = value.trim().split_once(' ').ok_or_else(missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(missing());
    }
    Ok(token.trim().to_string())
}

impl FromRequest for Bearer {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = token_of(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let address = crate::web::audit::address(req);
        Box::pin(async move {
            let token = token?;
            let state = state.ok_or_else(|| {
                ApiError::from(DomainError::Internal("application state missing".into()))
            })?;
            let found = crate::web::db(&state, move |c| {
                let (token, user) = api_tokens::authenticate(c, &token)?;
                let user = users::find(c, user)?;
                if !user.active {
                    return Err(DomainError::NotFound);
                }
                let teams = users::team_ids(c, user.id)?;
                Ok(Bearer {
                    actor: Actor::new(&user, teams),
                    token,
                    origin: Origin::user(&user, Some(address)),
                })
            })
            .await;
            match found {
                Ok(bearer) => Ok(bearer),
                Err(DomainError::NotFound) => {
                    Err(ApiError::unauthorized(Msg::new("msg.api.token_invalid")))
                }
                Err(e) => Err(e.into()),
            }
        })
    }
}
