//! Preferences → API tokens: a user's own tokens (name, created, last used), a new one shown
//! once, and revoke. Only a hash is stored, so a lost token cannot be shown again.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::audit;
use crate::domain::ids::TokenId;
use crate::domain::models::api_tokens::{self, TokenInfo};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, render, see_other};

const PAGE: &str = "/preferences/api-tokens";

#[derive(Template)]
#[template(path = "api_tokens/list.html")]
pub struct TokensPage {
    pub ctx: Ctx,
    pub tokens: Vec<TokenInfo>,
    /// A token just created, shown this once.
    pub created: Option<String>,
    pub name: String,
    pub error: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct NewToken {
    #[serde(default)]
    name: String,
}

async fn show(
    state: &web::Data<AppState>,
    me: SignedIn,
    created: Option<String>,
    name: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let user = me.user.id;
    let tokens = db(state, move |c| api_tokens::list_for(c, user)).await?;
    let page = TokensPage {
        ctx: me.ctx,
        tokens,
        created,
        name,
        error,
    };
    render(&page, status)
}

/// `GET /preferences/api-tokens`
pub async fn list(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, WebError> {
    show(&state, me, None, String::new(), None, StatusCode::OK).await
}

/// `POST /preferences/api-tokens`: the new token is shown on the answer itself (never kept
/// in the session).
pub async fn create(
    state: web::Data<AppState>,
    me: SignedIn,
    Form(form): Form<NewToken>,
) -> Result<HttpResponse, WebError> {
    let (user, name, origin) = (me.user.id, form.name.clone(), me.origin.clone());
    match db(&state, move |c| {
        audit::create_token(c, &origin, user, &name)
    })
    .await
    {
        Ok(token) => show(&state, me, Some(token), String::new(), None, StatusCode::OK).await,
        Err(DomainError::Invalid(errors)) => {
            let error = errors.get("name").map(|m| me.ctx.msg(m));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            show(&state, me, None, form.name, error, status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /preferences/api-tokens/{id}/revoke`
pub async fn revoke(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    _form: Form<NewToken>,
) -> Result<HttpResponse, WebError> {
    let (id, actor, origin) = (
        TokenId(path.into_inner()),
        me.actor.clone(),
        me.origin.clone(),
    );
    db(&state, move |c| {
        audit::revoke_token(c, &origin, &actor, actor.id, id)
    })
    .await?;
    ctx::flash(&session, "success", me.ctx.t("api_tokens.revoked"));
    Ok(see_other(PAGE))
}
