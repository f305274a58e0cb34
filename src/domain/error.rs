//! The failures a user can see. Each variant maps to one kind of answer in the web layer
//! (404, 403, a form re-rendered with messages, 409 — with a link to the survivor for a merged
//! record); causes of internal errors are logged
//! there, never shown.

use std::collections::BTreeMap;

pub type DomainResult<T> = Result<T, DomainError>;

/// Field name → message, for re-rendering a form next to the offending input.
pub type FieldErrors = BTreeMap<&'static str, String>;

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("not found")]
    NotFound,
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("{}", summary(.0))]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
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

fn summary(errors: &FieldErrors) -> String {
    errors
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect::<Vec<_>>()
        .join("; ")
}

impl DomainError {
    /// One invalid field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field, message.into());
        DomainError::Invalid(errors)
    }

    /// Message for a field, when this is a validation error.
    pub fn field(&self, name: &str) -> Option<&str> {
        match self {
            DomainError::Invalid(errors) => errors.get(name).map(String::as_str),
            _ => None,
        }
    }
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
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.errors.entry(field).or_insert(message);
                None
            }
        }
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
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
