//! First run: while no user exists, every page leads here to create the first admin.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::audit;
use crate::domain::error::FieldErrors;
use crate::domain::models::sessions;
use crate::domain::models::users::{self, UserInput};
use crate::web::ctx::{self, Ctx};
use crate::web::form::Form;
use crate::web::{AppState, WebError, WebOptions, db, render, see_other};

#[derive(Template)]
#[template(path = "auth/setup.html")]
pub struct SetupPage {
    pub ctx: Ctx,
    pub form: SetupForm,
    pub errors: FieldErrors,
}

impl SetupPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct SetupForm {
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
    #[serde(default)]
    pub demo: Option<String>,
}

pub async fn setup_form(state: web::Data<AppState>, ctx: Ctx) -> Result<HttpResponse, WebError> {
    if db(&state, users::count).await? > 0 {
        return Ok(see_other("/login"));
    }
    let page = SetupPage {
        ctx,
        form: SetupForm::default(),
        errors: FieldErrors::new(),
    };
    render(&page, StatusCode::OK)
}

pub async fn setup(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    options: web::Data<WebOptions>,
    session: Session,
    ctx: Ctx,
    Form(form): Form<SetupForm>,
) -> Result<HttpResponse, WebError> {
    let input = UserInput {
        login: form.login.clone(),
        name: form.name.clone(),
        email: form.email.clone(),
        role: "admin".into(),
        language: String::new(),
        password: form.password.clone(),
        password_confirm: form.password_confirm.clone(),
    };
    let with_demo = form.demo.is_some();
    let policy = options.sessions;
    // What the product names now (stages, lost reasons, the demo) is named in the language
    // the first admin set up in.
    let locale = ctx.locale.clone();
    let address = crate::web::audit::address(&req);
    let created = db(&state, move |c| {
        let admin = users::create_first_admin(c, &input)?;
        let origin = audit::Origin::user(&admin, Some(address));
        let target = audit::Target::of(audit::TargetKind::User, [admin.id]).with("role", "admin");
        audit::record(c, &origin, audit::Action::UserCreated, target)?;
        crate::domain::models::stages::ensure_defaults_in(c, &locale)?;
        crate::domain::defaults::localise(c, &locale)?;
        if with_demo {
            let lang = crate::i18n::Lang::or_english(&locale);
            crate::demo::load_in(c, &crate::demo::DemoOptions::default(), lang)?;
        }
        let token = sessions::start(c, admin.id, &policy)?;
        Ok(token)
    })
    .await;
    match created {
        Ok(token) => {
            ctx::sign_in(&session, &token)?;
            ctx::flash(&session, "success", ctx.t("web.setup.welcome"));
            Ok(see_other("/pipeline"))
        }
        Err(DomainError::Conflict(_)) => Ok(see_other("/login")),
        Err(DomainError::Invalid(errors)) => {
            let form = SetupForm {
                password: String::new(),
                password_confirm: String::new(),
                ..form
            };
            render(
                &SetupPage { ctx, form, errors },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => Err(e.into()),
    }
}
