//! The company settings as JSON, and a partial change read from a JSON body: the fields left
//! out keep their value, the rest goes through the Settings page's own save
//! ([`settings::save_with_intake`]), so the checks and the right (admins) are the page's.

use serde_json::{Map, Value};

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::{DomainResult, FieldErrors};
use crate::domain::models::settings::{self, Settings, SettingsInput};
use crate::i18n::Msg;

/// The settings the Settings page shows.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SettingsView {
    pub leads_enabled: bool,
    pub default_country: String,
    pub lost_reason_required: bool,
    /// `merge` or `flag`.
    pub intake_duplicates: String,
    pub currency: String,
    pub default_language: String,
}

impl From<Settings> for SettingsView {
    fn from(s: Settings) -> Self {
        SettingsView {
            leads_enabled: s.leads_enabled,
            default_country: s.default_country,
            lost_reason_required: s.lost_reason_required,
            intake_duplicates: s.intake_duplicates.as_str().into(),
            currency: s.currency,
            default_language: s.default_language,
        }
    }
}

/// The settings, for those who may open the Settings page (admins).
pub fn read(conn: &mut DbConn, actor: &Actor) -> DomainResult<SettingsView> {
    actor.require_admin()?;
    Ok(settings::load(conn)?.into())
}

/// Applies the fields of `body` over the current settings and saves them as the page does.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    body: &Map<String, Value>,
) -> DomainResult<SettingsView> {
    actor.require_admin()?;
    let current = settings::load(conn)?;
    let mut input = SettingsInput {
        leads_enabled: current.leads_enabled,
        default_country: current.default_country,
        lost_reason_required: current.lost_reason_required,
        currency: String::new(),
        default_language: String::new(),
    };
    let mut intake = String::new();
    let mut errors = FieldErrors::new();
    let mut unknown = Vec::new();
    for (key, value) in body {
        match key.as_str() {
            "leads_enabled" => flag(
                value,
                "leads_enabled",
                &mut input.leads_enabled,
                &mut errors,
            ),
            "lost_reason_required" => flag(
                value,
                "lost_reason_required",
                &mut input.lost_reason_required,
                &mut errors,
            ),
            "default_country" => text(
                value,
                "default_country",
                &mut input.default_country,
                &mut errors,
            ),
            "currency" => text(value, "currency", &mut input.currency, &mut errors),
            "default_language" => text(
                value,
                "default_language",
                &mut input.default_language,
                &mut errors,
            ),
            "intake_duplicates" => text(value, "intake_duplicates", &mut intake, &mut errors),
            other => unknown.push(other.to_string()),
        }
    }
    if !unknown.is_empty() {
        errors.insert(
            "body",
            Msg::new("msg.api.unknown_fields").text("names", unknown.join(", ")),
        );
    }
    let saved = settings::save_with_intake(conn, actor, &input, &intake);
    Ok(super::together(errors, saved)?.into())
}

fn flag(value: &Value, field: &'static str, into: &mut bool, errors: &mut FieldErrors) {
    match value {
        Value::Bool(b) => *into = *b,
        _ => {
            errors.insert(field, Msg::new("msg.api_not_boolean"));
        }
    }
}

fn text(value: &Value, field: &'static str, into: &mut String, errors: &mut FieldErrors) {
    match value {
        Value::String(s) => *into = s.clone(),
        _ => {
            errors.insert(field, Msg::new("msg.api_not_text"));
        }
    }
}
