//! What the JSON API answers with and how it reads a JSON body, kept in the domain so the
//! handlers stay thin and the rules (visibility, redaction of hidden matches, field checks)
//! are the same as the HTML pages'.
//!
//! - [`lead`]: one record as JSON, and a JSON body read into the lead form's input;
//! - [`list`]: the list view's filters from a query string, strictly (an unknown parameter
//!   or value is an error, not a silent default);
//! - [`similar`]: similar records with scores and reasons; hidden ones only say they exist;
//! - [`customers`]: customers found by name, email, phone or ID, and one customer.
//!
//! Amounts are given both ways: `expected_revenue` as text in currency units (what the API
//! accepts back) and `expected_revenue_cents` as a whole number.

pub mod chatter;
pub mod customer_body;
pub mod customers;
pub mod directory;
pub mod lead;
pub mod list;
pub mod lost_report;
pub mod merge_preview;
pub mod paging;
pub mod scan;
pub mod settings;
pub mod similarity;
pub mod stages;
pub mod webhooks;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::domain::error::{DomainError, DomainResult, FieldErrors};
use crate::i18n::Msg;

/// A JSON scalar as the text a form field would hold: strings as they are, numbers and
/// booleans written out, `null` as blank. Arrays and objects are refused.
pub fn json_text(value: &Value) -> Result<String, Msg> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err(Msg::new("msg.api.text_or_number")),
    }
}

/// A JSON list (or a single value) as texts.
pub fn json_texts(value: &Value) -> Result<Vec<String>, Msg> {
    match value {
        Value::Array(items) => items.iter().map(json_text).collect(),
        Value::Null => Ok(Vec::new()),
        other => json_text(other).map(|t| vec![t]),
    }
}

/// Reads a JSON object into a struct of text fields (`String`, or `Vec<String>` for lists)
/// whose keys are `fields`: scalars become text as in a form, unknown keys and wrong shapes
/// are returned as field errors (unknown keys under `body`) beside what could be read, so
/// they can be reported [`together`] with the checks of the values.
pub fn read_texts<T: Serialize + DeserializeOwned + Default>(
    body: &Map<String, Value>,
    fields: &[&'static str],
) -> DomainResult<(T, FieldErrors)> {
    let Ok(Value::Object(mut shape)) = serde_json::to_value(T::default()) else {
        return Err(DomainError::Internal("body shape is not an object".into()));
    };
    let mut errors = FieldErrors::new();
    let mut unknown: Vec<&str> = Vec::new();
    for (key, value) in body {
        let Some(field) = fields.iter().copied().find(|f| f == key) else {
            unknown.push(key);
            continue;
        };
        let read = match shape.get(field) {
            Some(Value::Array(_)) => json_texts(value)
                .map(|items| Value::Array(items.into_iter().map(Value::String).collect())),
            _ => json_text(value).map(Value::String),
        };
        match read {
            Ok(v) => {
                shape.insert(field.to_string(), v);
            }
            Err(message) => {
                errors.insert(field, message);
            }
        }
    }
    if !unknown.is_empty() {
        errors.insert(
            "body",
            Msg::new("msg.api.unknown_fields").text("names", unknown.join(", ")),
        );
    }
    let read = serde_json::from_value(Value::Object(shape))
        .map_err(|e| DomainError::Internal(format!("body: {e}")))?;
    Ok((read, errors))
}

/// `result`, unless `earlier` holds mistakes: then every mistake, `earlier` ones first.
pub fn together<T>(earlier: FieldErrors, result: DomainResult<T>) -> DomainResult<T> {
    if earlier.is_empty() {
        return result;
    }
    let mut all = earlier;
    match result {
        Err(DomainError::Invalid(more)) => {
            for (field, message) in more {
                all.entry(field).or_insert(message);
            }
        }
        Err(other @ (DomainError::Database(_) | DomainError::Internal(_))) => return Err(other),
        _ => {}
    }
    Err(DomainError::Invalid(all))
}

/// Cents as the text the API accepts back ("8500.00").
pub fn money_text(cents: i64) -> String {
    crate::domain::values::format_money(cents).replace(',', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_become_form_text_and_containers_are_refused() {
        assert_eq!(json_text(&json!("x")).unwrap(), "x");
        assert_eq!(json_text(&json!(12)).unwrap(), "12");
        assert_eq!(json_text(&json!(null)).unwrap(), "");
        assert!(json_text(&json!({"a": 1})).is_err());
        assert_eq!(json_texts(&json!([1, "2"])).unwrap(), vec!["1", "2"]);
        assert_eq!(json_texts(&json!(3)).unwrap(), vec!["3"]);
    }
}
