//! Sign-in and sign-out.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::models::users;
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, render, safe_next, see_other};

#[derive(Template)]
#[template(path = "auth/login.html")]
pub struct LoginPage {
    pub ctx: Ctx,
    pub login: String,
    pub next: String,
    pub error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login_form(
    state: web::Data<AppState>,
    ctx: Ctx,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, WebError> {
    if ctx.user.is_some() {
        return Ok(see_other(safe_next(&query.next).unwrap_or("/pipeline")));
    }
    if db(&state, users::count).await? == 0 {
        return Ok(see_other("/setup"));
    }
    let next = query.into_inner().next;
    render(
        &LoginPage {
            ctx,
            login: String::new(),
            next,
            error: None,
        },
        StatusCode::OK,
    )
}

pub async fn login(
    state: web::Data<AppState>,
    session: Session,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> Result<HttpResponse, WebError> {
    let (login, password) = (form.login.clone(), form.password.clone());
    let outcome = db(&state, move |c| users::authenticate(c, &login, &password)).await;
    let (status, message) = match outcome {
        Ok(user) => {
            ctx::sign_in(&session, user.id)?;
            return Ok(see_other(safe_next(&form.next).unwrap_or("/pipeline")));
        }
        Err(DomainError::Throttled(secs)) => (
            StatusCode::TOO_MANY_REQUESTS,
            format!("Too many failed attempts for this login. Try again in {secs} seconds."),
        ),
        Err(e @ DomainError::Invalid(_)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            e.field("login")
                .unwrap_or("Wrong login or password")
                .to_string(),
        ),
        Err(e) => return Err(e.into()),
    };
    let login: String = form.login.chars().take(64).collect();
    let page = LoginPage {
        ctx,
        login,
        next: form.next,
        error: Some(message),
    };
    render(&page, status)
}

pub async fn logout(
    session: Session,
    _user: SignedIn,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, WebError> {
    ctx::sign_out(&session);
    Ok(see_other("/login"))
}
