//! `GET /api/v1/tokens`: the token owner's own tokens, as Preferences → API tokens lists them
//! (never the secret); `POST /api/v1/tokens/{id}/revoke` revokes one of them (the token in
//! use too: the next request is 401). Another user's token is not found, as on the page.

use actix_web::{HttpResponse, web};

use crate::domain::ids::TokenId;
use crate::domain::models::api_tokens::{self, TokenInfo};
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, ok};

/// One token, without its secret.
#[derive(Debug, serde::Serialize)]
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

pub async fn list(state: web::Data<AppState>, me: Bearer) -> ApiResult {
    let (user, current) = (me.actor.id, me.token);
    let tokens = db(&state, move |c| api_tokens::list_for(c, user)).await?;
    ok(&tokens
        .into_iter()
        .map(|t| view(t, current))
        .collect::<Vec<_>>())
}

pub async fn revoke(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = TokenId(path.into_inner());
    db(&state, move |c| {
        api_tokens::revoke_as(c, &me.actor, me.actor.id, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
