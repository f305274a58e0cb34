//! What a form or the command line gives to create or edit a user, and its checks: the
//! login's characters, the password's length and confirmation, the role and the language.

use super::passwords::{MAX_PASSWORD, MIN_PASSWORD};
use super::user::Role;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::values;
use crate::i18n::Msg;

/// The code of an available language, or a message naming the one typed.
pub fn language(raw: &str) -> Result<String, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(String::new());
    }
    crate::i18n::Lang::ALL
        .into_iter()
        .find(|l| l.code() == raw)
        .map(|l| l.code().to_string())
        .ok_or_else(|| Msg::new("msg.value.not_language").text("value", raw))
}

/// What a form or the CLI gives to create or edit a user; `parse` checks every field.
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    pub login: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub language: String,
    /// Empty on edit means "keep the password".
    pub password: String,
    pub password_confirm: String,
}

/// A [`UserInput`] whose every field passed its check.
pub(super) struct ValidUser {
    pub(super) login: String,
    pub(super) name: String,
    pub(super) email: Option<String>,
    pub(super) role: Role,
    pub(super) language: String,
    pub(super) password: Option<String>,
}

fn parse_login(raw: &str) -> Result<String, Msg> {
    let login = raw.trim().to_lowercase();
    if login.is_empty() {
        return Err(Msg::new("msg.users.login_required"));
    }
    if login.chars().count() > 64 {
        return Err(Msg::new("msg.users.login_too_long"));
    }
    if !login
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err(Msg::new("msg.users.login_characters"));
    }
    Ok(login)
}

fn parse_password(password: &str, confirm: &str, required: bool) -> Result<Option<String>, Msg> {
    if password.is_empty() && !required {
        return Ok(None);
    }
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        return Err(Msg::new("msg.users.password_too_short").text("min", MIN_PASSWORD.to_string()));
    }
    if length > MAX_PASSWORD {
        return Err(Msg::new("msg.users.password_too_long").text("max", MAX_PASSWORD.to_string()));
    }
    if password != confirm {
        return Err(Msg::new("msg.users.passwords_differ"));
    }
    Ok(Some(password.to_string()))
}

impl UserInput {
    /// Checks every field at once; a new user needs a password.
    pub(super) fn parse(&self, new_user: bool) -> DomainResult<ValidUser> {
        let mut v = Validator::new();
        let login = v.check("login", parse_login(&self.login));
        let name = v.check("name", values::required_line(&self.name, "field.name"));
        let email = v.check(
            "email",
            match values::optional_line(&self.email, "field.email") {
                Ok(Some(e)) => values::Email::parse(&e).map(|e| Some(e.as_str().to_string())),
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            },
        );
        let role = v.check("role", Role::parse(&self.role));
        let language = if self.language.trim().is_empty() {
            Some("en".to_string())
        } else {
            v.check("language", language(&self.language))
        };
        let password = v.check(
            "password",
            parse_password(&self.password, &self.password_confirm, new_user),
        );
        v.finish()?;
        match (login, name, email, role, language, password) {
            (Some(login), Some(name), Some(email), Some(role), Some(language), Some(password)) => {
                Ok(ValidUser {
                    login,
                    name,
                    email,
                    role,
                    language,
                    password,
                })
            }
            _ => Err(DomainError::Internal(
                "validator passed with missing values".into(),
            )),
        }
    }
}
