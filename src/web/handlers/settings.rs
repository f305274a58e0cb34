//! Configuration → Settings (admins): Leads on/off, default country, lost reason required,
//! the company currency, new users' language, and what intake does with strong duplicates (merge / flag only).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::audit;
use crate::domain::error::FieldErrors;
use crate::domain::models::settings::{self, SettingsInput};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, render, see_other};

#[derive(Template)]
#[template(path = "settings/form.html")]
pub struct SettingsPage {
    pub ctx: Ctx,
    pub form: SettingsForm,
    pub errors: FieldErrors,
}

impl SettingsPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }

    fn languages(&self) -> [crate::i18n::Lang; 4] {
        crate::i18n::Lang::ALL
    }

    /// Currencies offered as suggestions; any ISO 4217 code is accepted.
    fn currencies(&self) -> Vec<(&'static str, String)> {
        [
            "EUR", "USD", "GBP", "CHF", "RUB", "VND", "KZT", "UAH", "PLN",
        ]
        .into_iter()
        .map(|code| {
            (
                code,
                crate::i18n::format::currency_name(code).unwrap_or_default(),
            )
        })
        .collect()
    }
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct SettingsForm {
    #[serde(default)]
    pub leads_enabled: Option<String>,
    #[serde(default)]
    pub default_country: String,
    #[serde(default)]
    pub lost_reason_required: Option<String>,
    #[serde(default)]
    pub intake_duplicates: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub default_language: String,
}

pub async fn settings_form(me: SignedIn) -> Result<HttpResponse, WebError> {
    me.actor.require_admin()?;
    let current = &me.ctx.settings;
    let form = SettingsForm {
        leads_enabled: current.leads_enabled.then(|| "on".into()),
        default_country: current.default_country.clone(),
        lost_reason_required: current.lost_reason_required.then(|| "on".into()),
        intake_duplicates: current.intake_duplicates.as_str().into(),
        currency: current.currency.clone(),
        default_language: current.default_language.clone(),
    };
    page(&SettingsPage {
        ctx: me.ctx,
        form,
        errors: FieldErrors::new(),
    })
}

pub async fn save(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<SettingsForm>,
) -> Result<HttpResponse, WebError> {
    let input = SettingsInput {
        leads_enabled: form.leads_enabled.is_some(),
        default_country: form.default_country.clone(),
        lost_reason_required: form.lost_reason_required.is_some(),
        currency: form.currency.clone(),
        default_language: form.default_language.clone(),
    };
    let (actor, intake) = (me.actor.clone(), form.intake_duplicates.clone());
    let origin = me.origin.clone();
    match db(&state, move |c| {
        audit::settings_saved(c, &origin, |c| {
            settings::save_with_intake(c, &actor, &input, &intake)
        })
    })
    .await
    {
        Ok(_) => {
            ctx::flash(&session, "success", me.ctx.t("settings.saved"));
            Ok(see_other("/config/settings"))
        }
        Err(DomainError::Invalid(errors)) => render(
            &SettingsPage {
                ctx: me.ctx,
                form,
                errors,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => Err(e.into()),
    }
}
