//! `GET /api/v1/tokens`: the token owner's own tokens, as Preferences → API tokens lists them
//! (never the secret); `POST /api/v1/tokens/{id}/revoke` revokes one of them (the token in
//! use too: the next request is 401). Another user's token is not found, as on the page.

use actix_web::{HttpResponse, web};

use crate::domain::audit;
use crate::domain::ids::TokenId;
use crate::domain::models::api_tokens::{self, TokenInfo};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, ok};

/// One token, without its secret.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TokenView {
    pub id: TokenId,
    pub name: String,
    pub created_at: chrono::NaiveDateTime,
    pub last_used_at: Option<chrono::NaiveDateTime>,
    pub revoked_at: Option<chrono::NaiveDateTime>,
    /// The token this request was sent with.
    pub current: bool,
}

fn view(t: TokenInfo, current: TokenId) -> TokenView {
    TokenView {
        current: t.id == current,
        id: t.id,
        name: t.name,
        created_at: t.created_at,
        last_used_at: t.last_used_at,
        revoked_at: t.revoked_at,
    }
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    summary = "The token owner's own API tokens (never their secrets)",
    responses(
        (status = 200, description = "The tokens, revoked ones included", body = Vec<TokenView>),
    ),
    security(("bearer" = [])))]
pub async fn list(state: web::Data<AppState>, me: Bearer) -> ApiResult {
    let (user, current) = (me.actor.id, me.token);
    let tokens = db(&state, move |c| api_tokens::list_for(c, user)).await?;
    ok(&tokens
        .into_iter()
        .map(|t| view(t, current))
        .collect::<Vec<_>>())
}

#[utoipa::path(post, path = "/api/v1/tokens/{id}/revoke", tag = "tokens",
    summary = "Revoke one of the owner's tokens (the one in use too)",
    params(("id" = i32, Path, description = "The token's id")),
    responses(
        (status = 204, description = "Revoked (no body)"),
        (status = 404, description = "No such token of the owner's", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn revoke(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = TokenId(path.into_inner());
    db(&state, move |c| {
        audit::revoke_token(c, &me.origin, &me.actor, me.actor.id, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
