//! Sign-in and sign-out. Each sign-in, refusal and sign-out is logged with the login and the
//! client address (see `docs/security.md`).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::DbConn;
use crate::domain::DomainError;
use crate::domain::audit::{self, Action, Origin, Target, TargetKind};
use crate::domain::models::{sessions, users};
use crate::i18n::Lang;
use crate::i18n::Msg;
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{
    AppState, WebError, WebOptions, client_address, db, render, safe_next, see_other,
};

#[derive(Template)]
#[template(path = "auth/login.html")]
pub struct LoginPage {
    pub ctx: Ctx,
    pub login: String,
    pub next: String,
    pub error: Option<String>,
}

impl LoginPage {
    fn languages(&self) -> [Lang; 4] {
        Lang::ALL
    }

    /// The switch's link to this page in `lang`, keeping where the user was going.
    fn switch_link(&self, lang: &Lang) -> String {
        let mut link = format!("/login?lang={}", lang.code());
        if !self.next.is_empty() {
            link.push_str("&next=");
            link.push_str(&crate::web::urlencode(&self.next));
        }
        link
    }
}

#[derive(serde::Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
    /// The sign-in page's language switch.
    #[serde(default)]
    lang: String,
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
    session: Session,
    ctx: Ctx,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, WebError> {
    if let Some(lang) = Lang::from_code(&query.lang) {
        ctx::choose_language(&session, lang);
        let back = match safe_next(&query.next) {
            Some(next) => format!("/login?next={}", crate::web::urlencode(next)),
            None => "/login".to_string(),
        };
        return Ok(see_other(&back));
    }
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
    options: web::Data<WebOptions>,
    req: HttpRequest,
    session: Session,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> Result<HttpResponse, WebError> {
    let client = client_address(&req, options.trust_proxy);
    let (login, password) = (form.login.clone(), form.password.clone());
    let (from, policy) = (client.clone(), options.sessions);
    let outcome = db(&state, move |c| {
        let outcome = sessions::sign_in(c, &login, &password, &from, &policy);
        audit_sign_in(c, &outcome, &login, from)?;
        outcome
    })
    .await;
    // Debug formatting escapes whatever a visitor typed, so no line of the log is forged.
    let login: String = form.login.chars().take(64).collect();
    let (status, message) = match outcome {
        Ok((user, token)) => {
            ctx::sign_in(&session, &token)?;
            log::info!(
                "sign-in: {:?} (user #{}) from {client}",
                user.login,
                user.id
            );
            return Ok(see_other(safe_next(&form.next).unwrap_or("/pipeline")));
        }
        Err(DomainError::Throttled(secs)) => {
            log::warn!("sign-in throttled: {login:?} from {client}, {secs} s to wait");
            (
                StatusCode::TOO_MANY_REQUESTS,
                crate::i18n::plural(&ctx.locale, "web.auth.throttled", secs),
            )
        }
        Err(e @ DomainError::Invalid(_)) => {
            log::info!("sign-in refused: {login:?} from {client}");
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                e.field_msg("login").map_or_else(
                    || ctx.msg(&Msg::new("msg.users.wrong_login")),
                    |m| ctx.msg(m),
                ),
            )
        }
        Err(e) => return Err(e.into()),
    };
    let page = LoginPage {
        ctx,
        login,
        next: form.next,
        error: Some(message),
    };
    render(&page, status)
}

/// Records a sign-in or a refused one (wrong login or password, throttled) with the login
/// typed; other failures are not the visitor's doing and go to the log only.
fn audit_sign_in(
    c: &mut DbConn,
    outcome: &Result<(users::User, String), DomainError>,
    login: &str,
    from: String,
) -> Result<(), DomainError> {
    let (origin, action, reason) = match outcome {
        Ok((user, _)) => (Origin::user(user, Some(from)), Action::SignIn, None),
        Err(DomainError::Invalid(_)) => (
            Origin::anonymous(login, Some(from)),
            Action::SignInFailed,
            Some("refused"),
        ),
        Err(DomainError::Throttled(_)) => (
            Origin::anonymous(login, Some(from)),
            Action::SignInFailed,
            Some("throttled"),
        ),
        Err(_) => return Ok(()),
    };
    let target = match (outcome, reason) {
        (Ok((user, _)), _) => Target::of(TargetKind::User, [user.id]),
        (_, Some(reason)) => Target::none().with("reason", reason),
        _ => Target::none(),
    };
    audit::record(c, &origin, action, target).map(drop)
}

/// Ends this session on the server too, so a copy of the cookie is worthless.
pub async fn logout(
    state: web::Data<AppState>,
    session: Session,
    user: SignedIn,
    Form(_): Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, WebError> {
    if let Some(token) = ctx::session_token(&session) {
        let origin = user.origin.clone();
        db(&state, move |c| {
            sessions::end(c, &token)?;
            let target = Target::of(TargetKind::User, [origin.user_id.map_or(0, |u| u.0)]);
            audit::record(c, &origin, Action::SignOut, target).map(drop)
        })
        .await?;
    }
    ctx::sign_out(&session);
    log::info!("sign-out: {:?} (user #{})", user.user.login, user.user.id);
    Ok(see_other("/login"))
}
