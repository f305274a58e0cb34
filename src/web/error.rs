//! Web errors: every failure becomes a page in the layout with the right status, never a bare
//! 500 text. Internal causes are logged, not shown.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::error::{FieldErrors, summary};
use crate::i18n::Msg;
use crate::web::page::Ctx;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("page not found")]
    NotFound,
    #[error("you are not allowed to see this page")]
    Forbidden,
    #[error("this form has expired or did not come from Leadbook; reload the page and try again")]
    Csrf,
    /// A request Leadbook cannot read, said in the reader's language.
    #[error("{0}")]
    BadRequest(Msg),
    /// A form's field errors, shown on a page of their own when no form takes them.
    #[error("{}", summary(.0))]
    Unprocessable(FieldErrors),
    /// Refused by rights, with why (403).
    #[error("{}", summary(.0))]
    Refused(FieldErrors),
    #[error("{0}")]
    Conflict(Msg),
    /// The record was merged into this one: 409 with a link to it.
    #[error("this record was merged into #{0}")]
    MergedInto(i32),
    #[error("{0}")]
    TooManyRequests(Msg),
    #[error("the form is too large")]
    TooLarge,
    /// Not signed in: go to the sign-in page, then come back.
    #[error("sign in first")]
    SignIn(String),
    /// No user exists yet: go to the setup page.
    #[error("set up Leadbook first")]
    Setup,
    #[error("internal error")]
    Internal(String),
}

impl From<DomainError> for WebError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::NotFound => WebError::NotFound,
            DomainError::Forbidden => WebError::Forbidden,
            DomainError::Invalid(errors) => WebError::Unprocessable(errors),
            DomainError::Refused(errors) => WebError::Refused(errors),
            DomainError::Conflict(m) => WebError::Conflict(m),
            DomainError::MergedInto(survivor) => WebError::MergedInto(survivor.0),
            DomainError::Throttled(_) => WebError::TooManyRequests(e.message()),
            DomainError::Database(err) => WebError::Internal(format!("database: {err}")),
            DomainError::Internal(m) => WebError::Internal(m),
        }
    }
}

impl From<actix_web::error::BlockingError> for WebError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl From<diesel::r2d2::PoolError> for WebError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        WebError::Internal(format!("database pool: {e}"))
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    ctx: Ctx,
    status: u16,
    title: String,
    message: String,
    /// A button to where the user can go on: (address, label).
    link: Option<(String, String)>,
}

impl WebError {
    /// The page door's answer for the page's own scripts (a kanban card's move): the same
    /// status, a message in the user's language, `merged_into_id` when the record was merged
    /// away. A server error is logged with its cause and told as such.
    pub fn script_answer(self, ctx: &Ctx) -> HttpResponse {
        let status = self.status_code();
        let mut body = serde_json::json!({"ok": false});
        let text = match &self {
            WebError::Internal(cause) => {
                log::error!("internal error: {cause}");
                ctx.t("error.internal_text")
            }
            WebError::Forbidden => ctx.t("error.forbidden_text"),
            WebError::NotFound => ctx.t("lead.move_refused"),
            WebError::MergedInto(survivor) => {
                body["merged_into_id"] = serde_json::json!(survivor);
                ctx.t("lead.move_refused")
            }
            other => other.text(ctx),
        };
        body["error"] = serde_json::json!(text);
        HttpResponse::build(status).json(body)
    }
}

impl WebError {
    /// What the error page or a script says about a refused request, in `ctx`'s language:
    /// the domain's messages translated (an invalid form's each after its field name, as
    /// in the English `Display`), the web layer's own texts as they are.
    pub fn text(&self, ctx: &Ctx) -> String {
        match self {
            WebError::NotFound => ctx.t("error.not_found_text"),
            WebError::Forbidden => ctx.t("error.forbidden_text"),
            WebError::Internal(_) => ctx.t("error.internal_text"),
            WebError::MergedInto(survivor) => ctx
                .t("error.merged_text")
                .replace("%{id}", &survivor.to_string()),
            WebError::Csrf => ctx.t("web.error.csrf"),
            WebError::BadRequest(msg) => ctx.msg(msg),
            WebError::TooLarge => ctx.t("web.error.too_large"),
            WebError::SignIn(_) => ctx.t("web.error.sign_in"),
            WebError::Setup => ctx.t("web.error.setup"),
            WebError::Unprocessable(errors) => DomainError::render_fields(errors, &ctx.locale),
            WebError::Refused(errors) => DomainError::Refused(errors.clone()).render(&ctx.locale),
            WebError::Conflict(m) | WebError::TooManyRequests(m) => ctx.msg(m),
        }
    }

    /// The answer in the layout, in `ctx`'s language: a page with the status, or the
    /// redirect to sign in or to set up. The middleware of [`crate::web::error_language`]
    /// calls it again with the request's language.
    pub fn page(&self, ctx: &Ctx) -> HttpResponse {
        match self {
            WebError::SignIn(next) => {
                let target = format!("/login?next={}", crate::web::urlencode(next));
                return see_other(&target);
            }
            WebError::Setup => return see_other("/setup"),
            _ => {}
        }
        let status = self.status_code();
        let title = match self {
            WebError::NotFound => ctx.t("error.not_found"),
            WebError::Forbidden | WebError::Refused(_) => ctx.t("error.forbidden"),
            WebError::Internal(_) => ctx.t("error.internal"),
            WebError::MergedInto(_) => ctx.t("error.merged"),
            _ => ctx.t("error.request"),
        };
        let link = match self {
            WebError::MergedInto(survivor) => Some((
                format!("/leads/{survivor}"),
                ctx.t("error.open_survivor")
                    .replace("%{id}", &survivor.to_string()),
            )),
            _ => None,
        };
        let page = ErrorPage {
            ctx: ctx.clone(),
            status: status.as_u16(),
            title,
            message: self.text(ctx),
            link,
        };
        match page.render() {
            Ok(body) => HttpResponse::build(status)
                .content_type("text/html; charset=utf-8")
                .body(body),
            Err(e) => {
                log::error!("error page failed to render: {e}");
                HttpResponse::build(status).body(self.text(ctx))
            }
        }
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::Refused(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Conflict(_) | WebError::MergedInto(_) => StatusCode::CONFLICT,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::SignIn(_) | WebError::Setup => StatusCode::SEE_OTHER,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let WebError::Internal(cause) = self {
            log::error!("internal error: {cause}");
        }
        self.page(&Ctx::bare())
    }
}

/// 303 See Other to `location` (POST/redirect/GET).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}
