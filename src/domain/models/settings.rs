//! Company-wide settings, stored as key/value rows so a new setting needs no table change.
//! The session signing key lives here too: generated on first start and shared by every app
//! instance that uses the same database.

use diesel::prelude::*;

use crate::db::schema::settings;
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::values;
use crate::i18n::Msg;

const SESSION_KEY: &str = "session_key";
const INTAKE_DUPLICATES: &str = "intake_duplicates";

text_enum! {
    /// What intake does with the strong duplicates of a lead it just created: merge it into
    /// them, or only flag it (a tag and a chatter note naming the matches).
    IntakeDuplicates, "intake duplicate policy" { Merge => "merge", Flag => "flag" }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// When on, new records are leads and the Leads menu shows; when off, opportunities.
    pub leads_enabled: bool,
    /// Country used to read national phone numbers (ISO alpha-2).
    pub default_country: String,
    /// Whether Mark as Lost requires a reason.
    pub lost_reason_required: bool,
    /// Intake: merge strong duplicates or only flag them.
    pub intake_duplicates: IntakeDuplicates,
    /// The company currency (ISO 4217), shown on every amount.
    pub currency: String,
    /// The language new users start with, and the company's for names it creates.
    pub default_language: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            leads_enabled: true,
            default_country: "IT".into(),
            lost_reason_required: false,
            intake_duplicates: IntakeDuplicates::Flag,
            currency: crate::i18n::format::DEFAULT_CURRENCY.into(),
            default_language: "en".into(),
        }
    }
}

pub(crate) fn get(conn: &mut DbConn, key: &str) -> DomainResult<Option<String>> {
    Ok(settings::table
        .find(key)
        .select(settings::value)
        .first(conn)
        .optional()?)
}

pub(crate) fn put(conn: &mut DbConn, key: &str, value: &str) -> DomainResult<()> {
    let updated = diesel::update(settings::table.find(key))
        .set(settings::value.eq(value))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(settings::table)
            .values((settings::key.eq(key), settings::value.eq(value)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn load(conn: &mut DbConn) -> DomainResult<Settings> {
    let defaults = Settings::default();
    Ok(Settings {
        leads_enabled: get(conn, "leads_enabled")?.map_or(defaults.leads_enabled, |v| v == "true"),
        default_country: get(conn, "default_country")?.unwrap_or(defaults.default_country),
        lost_reason_required: get(conn, "lost_reason_required")?
            .map_or(defaults.lost_reason_required, |v| v == "true"),
        intake_duplicates: get(conn, INTAKE_DUPLICATES)?
            .and_then(|v| IntakeDuplicates::parse(&v).ok())
            .unwrap_or(defaults.intake_duplicates),
        currency: get(conn, "currency")?.unwrap_or(defaults.currency),
        default_language: get(conn, "default_language")?.unwrap_or(defaults.default_language),
    })
}

/// What the settings form gives.
#[derive(Debug, Clone, Default)]
pub struct SettingsInput {
    pub leads_enabled: bool,
    pub default_country: String,
    pub lost_reason_required: bool,
    /// ISO 4217; blank keeps the current currency.
    pub currency: String,
    /// A catalogue language's code; blank keeps the current default.
    pub default_language: String,
}

/// Saves the general settings. Admins only.
pub fn save(conn: &mut DbConn, actor: &Actor, input: &SettingsInput) -> DomainResult<Settings> {
    actor.require_admin()?;
    let mut v = Validator::new();
    let country = v.check(
        "default_country",
        values::country_code(&input.default_country),
    );
    let currency = v.check("currency", optional_currency(&input.currency));
    let language = v.check(
        "default_language",
        optional_language(&input.default_language),
    );
    v.finish()?;
    let country = country.ok_or_else(|| DomainError::Internal("country missing".into()))?;
    write_tx(conn, |conn| {
        if let Some(Some(currency)) = &currency {
            put(conn, "currency", currency)?;
        }
        if let Some(Some(language)) = &language {
            put(conn, "default_language", language)?;
        }
        put(conn, "leads_enabled", bool_text(input.leads_enabled))?;
        put(conn, "default_country", &country)?;
        put(
            conn,
            "lost_reason_required",
            bool_text(input.lost_reason_required),
        )?;
        load(conn)
    })
}

/// Saves the settings page: the general settings and the intake duplicate policy, checked
/// together and written in one transaction. A blank policy keeps the current one.
pub fn save_with_intake(
    conn: &mut DbConn,
    actor: &Actor,
    input: &SettingsInput,
    intake_duplicates: &str,
) -> DomainResult<Settings> {
    write_tx(conn, |conn| {
        let policy = if intake_duplicates.trim().is_empty() {
            Ok(load(conn)?.intake_duplicates)
        } else {
            IntakeDuplicates::parse(intake_duplicates)
        };
        let saved = save(conn, actor, input);
        let policy = match (saved, policy) {
            (Ok(_), Ok(p)) => p,
            (Err(DomainError::Invalid(mut errors)), Err(m)) => {
                errors.insert(INTAKE_DUPLICATES, m);
                return Err(DomainError::Invalid(errors));
            }
            (Err(e), _) => return Err(e),
            (Ok(_), Err(m)) => return Err(DomainError::invalid(INTAKE_DUPLICATES, m)),
        };
        put(conn, INTAKE_DUPLICATES, policy.as_str())?;
        load(conn)
    })
}

fn optional_currency(raw: &str) -> Result<Option<String>, Msg> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    crate::i18n::format::currency_code(raw)
        .map(Some)
        .ok_or_else(|| Msg::new("msg.value.not_currency").text("value", raw.trim()))
}

fn optional_language(raw: &str) -> Result<Option<String>, Msg> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    crate::i18n::Lang::from_code(raw)
        .map(|l| Some(l.code().to_string()))
        .ok_or_else(|| Msg::new("msg.value.not_language").text("value", raw.trim()))
}

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// The key that signs and encrypts session cookies: 64 random bytes, hex-encoded, created
/// once. Concurrent first starts agree on one key because the insert is in a write lock.
pub fn session_key(conn: &mut DbConn) -> DomainResult<Vec<u8>> {
    write_tx(conn, |conn| {
        let stored = get(conn, SESSION_KEY)?.and_then(|h| hex::decode(h.trim()).ok());
        if let Some(bytes) = stored.filter(|b| b.len() >= 64) {
            return Ok(bytes);
        }
        let bytes: [u8; 64] = rand::random();
        put(conn, SESSION_KEY, &hex::encode(bytes))?;
        Ok(bytes.to_vec())
    })
}
