//! The user's own preferences: UI language, and the country their phone numbers are read with.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::models::users;
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, render, see_other};

#[derive(Template)]
#[template(path = "preferences/form.html")]
pub struct PreferencesPage {
    pub ctx: Ctx,
    pub language: String,
    pub error: Option<String>,
    /// The user's default country, blank for their team's or the company's.
    pub country: String,
    pub country_error: Option<String>,
}

impl PreferencesPage {
    fn languages(&self) -> [crate::i18n::Lang; 4] {
        crate::i18n::Lang::ALL
    }
}

#[derive(serde::Deserialize)]
pub struct PreferencesForm {
    #[serde(default)]
    language: String,
    #[serde(default)]
    default_country: String,
}

pub async fn preferences_form(me: SignedIn) -> Result<HttpResponse, WebError> {
    let language = me.user.language.clone();
    let country = me.user.default_country.clone().unwrap_or_default();
    page(&PreferencesPage {
        ctx: me.ctx,
        language,
        error: None,
        country,
        country_error: None,
    })
}

pub async fn save(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<PreferencesForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, language, country) = (
        me.actor.clone(),
        form.language.clone(),
        form.default_country.clone(),
    );
    match db(&state, move |c| {
        users::set_preferences(c, &actor, &language, &country)
    })
    .await
    {
        Ok(()) => {
            // Said in the language just chosen: it is the one the next page speaks.
            let lang = crate::i18n::Lang::from_code(&form.language)
                .map_or(me.ctx.locale.clone(), |l| l.code().to_string());
            ctx::flash(&session, "success", crate::tr(&lang, "preferences.saved"));
            Ok(see_other("/preferences"))
        }
        Err(DomainError::Invalid(errors)) => {
            let error = errors.get("language").map(|m| me.ctx.msg(m));
            let country_error = errors.get("default_country").map(|m| me.ctx.msg(m));
            let page = PreferencesPage {
                ctx: me.ctx,
                language: form.language,
                error,
                country: form.default_country,
                country_error,
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}
