//! Lenient field readers for the wizards' typed inputs: a JSON client may send an id as
//! `12` or `"12"`, a flag as `true` or `"on"`, a list as one value or several. Every value
//! becomes the text the wizard parses, so a wrong one is a field error, not a decode error;
//! [`typed_id`] then reads an id from such a text.

use crate::i18n::Msg;
use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null(()),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Null(()) => String::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<Scalar>),
    One(Scalar),
}

/// A string, a number, a boolean or null, as text (null: empty).
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Scalar::deserialize(d)?.into_text())
}

/// A list of scalars, or one scalar, as texts (null: empty list).
pub fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::Many(v) => v.into_iter().map(Scalar::into_text).collect(),
        OneOrMany::One(Scalar::Null(())) => Vec::new(),
        OneOrMany::One(s) => vec![s.into_text()],
    })
}

/// An id typed in a form: blank is `None`, `#12` and `12` are 12, anything else a message.
/// `not_one` is the message key for anything else (`msg.ref.not_team_number`).
pub fn typed_id(raw: &str, not_one: &str) -> Result<Option<i32>, Msg> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.trim_start_matches('#')
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .map(Some)
        .ok_or_else(|| Msg::new(not_one).text("value", raw))
}

#[cfg(test)]
mod tests {
    use crate::domain::wizards::convert::ConvertInput;
    use crate::domain::wizards::convert::mass::MassConvertInput;

    #[test]
    fn json_ids_may_be_numbers_or_strings_and_missing_fields_are_blank() {
        let input: ConvertInput = serde_json::from_str(
            r##"{"action":"merge","merge_ids":[3,"4"],"salesperson_id":2,"team_id":null,"partner_id":"#12"}"##,
        )
        .unwrap();
        assert_eq!(input.merge_ids, vec!["3", "4"]);
        assert_eq!(input.salesperson_id, "2");
        assert_eq!(input.team_id, "");
        assert_eq!(input.customer, "");
        assert_eq!(input.partner_id, "#12");
        let mass: MassConvertInput =
            serde_json::from_str(r#"{"salesperson_ids":7,"deduplicate":true}"#).unwrap();
        assert_eq!(mass.salesperson_ids, vec!["7"]);
        assert_eq!(mass.deduplicate, "true");
    }

    #[test]
    fn ids_are_read_with_or_without_a_hash_and_garbage_is_a_message() {
        assert_eq!(super::typed_id(" #12 ", "customer"), Ok(Some(12)));
        assert_eq!(super::typed_id("", "customer"), Ok(None));
        assert!(super::typed_id("-3", "customer").is_err());
    }
}
