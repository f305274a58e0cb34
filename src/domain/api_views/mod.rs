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

pub mod customers;
pub mod lead;
pub mod list;
pub mod similar;

use serde_json::Value;

/// A JSON scalar as the text a form field would hold: strings as they are, numbers and
/// booleans written out, `null` as blank. Arrays and objects are refused.
pub fn json_text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err("Give text or a number here".into()),
    }
}

/// A JSON list (or a single value) as texts.
pub fn json_texts(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items.iter().map(json_text).collect(),
        Value::Null => Ok(Vec::new()),
        other => json_text(other).map(|t| vec![t]),
    }
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
