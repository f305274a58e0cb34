//! The failures a user can see. Each variant maps to one kind of answer in the web layer
//! (404, 403, a form re-rendered with messages, 409 — with a link to the survivor for a merged
//! record); causes of internal errors are logged
//! there, never shown.

use std::collections::BTreeMap;

use crate::i18n::Msg;

pub type DomainResult<T> = Result<T, DomainError>;

/// Field name → message, for re-rendering a form next to the offending input. The messages
/// are catalogue texts, rendered in the reader's language by the web layer.
pub type FieldErrors = BTreeMap<&'static str, Msg>;

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("not found")]
    NotFound,
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("{}", summary(.0))]
    Invalid(FieldErrors),
    /// Refused by rights, with why: the field a form shows it next to → the message. Not a
    /// mistake in the input, so the API answers 403 with the message; a page shows it where
    /// it shows field errors.
    #[error("{}", summary(.0))]
    Refused(FieldErrors),
    #[error("{0}")]
    Conflict(Msg),
    /// The record was merged away: every change goes to its survivor instead (409, with a
    /// link to the survivor). Only ever returned for a record the actor may see.
    #[error("This record was merged into #{0}; work on that one")]
    MergedInto(crate::domain::ids::LeadId),
    #[error("too many attempts; try again in {0} seconds")]
    Throttled(i64),
    /// Shown to users as an internal error; the cause goes to the log.
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

/// The field errors in English, each after its field name: the `Display` of an invalid form.
pub fn summary(errors: &FieldErrors) -> String {
    errors
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect::<Vec<_>>()
        .join("; ")
}

impl DomainError {
    /// One invalid field.
    pub fn invalid(field: &'static str, message: impl Into<Msg>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field, message.into());
        DomainError::Invalid(errors)
    }

    /// A refusal by rights, shown next to `field` on a form.
    pub fn refused(field: &'static str, message: impl Into<Msg>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field, message.into());
        DomainError::Refused(errors)
    }

    /// Message for a field, when this is a validation error or a refusal by rights.
    pub fn field_msg(&self, name: &str) -> Option<&Msg> {
        match self {
            DomainError::Invalid(errors) | DomainError::Refused(errors) => errors.get(name),
            _ => None,
        }
    }

    /// The English text of a field's message (logs, tests); pages render
    /// [`DomainError::field_msg`] in the reader's language.
    pub fn field(&self, name: &str) -> Option<String> {
        self.field_msg(name).map(ToString::to_string)
    }

    /// What to tell a user about this error in `locale`: the field messages of an invalid
    /// form (each after its field name, joined by `; ` as the English `Display`), the
    /// conflict's own text, or the fixed text of the other kinds. Internal causes are never
    /// shown.
    pub fn render(&self, locale: &str) -> String {
        match self {
            DomainError::Invalid(errors) => DomainError::render_fields(errors, locale),
            DomainError::Refused(errors) => joined(errors.values().cloned(), " ").render(locale),
            other => other.message().render(locale),
        }
    }

    /// Field errors in `locale`, each after its field name, joined by `; `.
    pub fn render_fields(errors: &FieldErrors, locale: &str) -> String {
        errors
            .iter()
            .map(|(field, message)| format!("{field}: {}", message.render(locale)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The catalogue text of a kind that is not a form's field errors (those are rendered
    /// one by one, see [`DomainError::render`]).
    pub fn message(&self) -> Msg {
        match self {
            DomainError::NotFound => Msg::new("msg.error.not_found"),
            DomainError::Forbidden => Msg::new("msg.error.forbidden"),
            DomainError::Invalid(_) => Msg::new("msg.error.invalid"),
            DomainError::Refused(errors) => joined(errors.values().cloned(), " "),
            DomainError::Conflict(m) => m.clone(),
            DomainError::MergedInto(id) => {
                Msg::new("msg.error.merged_into").text("id", id.0.to_string())
            }
            DomainError::Throttled(seconds) => {
                Msg::new("msg.error.throttled").text("seconds", seconds.to_string())
            }
            DomainError::Database(_) | DomainError::Internal(_) => Msg::new("msg.error.internal"),
        }
    }
}

/// Several messages as one, in order, separated by `sep` (" ", "; " or ", "), as the
/// English text joined them before.
pub fn joined(messages: impl IntoIterator<Item = Msg>, sep: &str) -> Msg {
    let key = match sep {
        "; " => "msg.join.semicolon",
        ", " => "msg.join.comma",
        _ => "msg.join.space",
    };
    let mut all: Vec<Msg> = messages.into_iter().collect();
    let Some(mut out) = all.pop() else {
        return Msg::new("");
    };
    while let Some(first) = all.pop() {
        out = Msg::new(key).msg("first", first).msg("rest", out);
    }
    out
}

/// Collects field errors while a form is parsed, so every mistake is reported at once.
#[derive(Debug, Default)]
pub struct Validator {
    errors: FieldErrors,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value when `result` is Ok, records the message otherwise.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, Msg>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.errors.entry(field).or_insert(message);
                None
            }
        }
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<Msg>) {
        self.errors.entry(field).or_insert(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn finish(self) -> DomainResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.errors))
        }
    }
}
