//! A customer written through the API: `POST /api/v1/customers` (create), `PATCH
//! /api/v1/customers/{id}` (only the fields sent change) and archive / restore, with the
//! form's checks, messages and rights.

use serde_json::{Map, Value};

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::customers::edit;
use crate::domain::error::{DomainError, DomainResult, FieldErrors};
use crate::domain::ids::PartnerId;
use crate::domain::models::partners::{self, PartnerInput};
use crate::domain::records::MessengerEdits;

use super::customers::{CustomerDetail, detail};
use super::lead::{messenger_rows, removed_ids};
use super::{json_text, together};
use crate::i18n::Msg;

/// The keys of a customer body that are fields of its form.
const FIELDS: &[&str] = &[
    "kind",
    "name",
    "company_id",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "city",
    "zip",
    "state",
    "country",
    "website",
    "salesperson_id",
];

/// Reads a JSON object over `base`: every key must be a field (or `messengers` to add,
/// `remove_messengers` ids). Returns what could be read and the body's own mistakes.
pub fn read_body(
    base: &PartnerInput,
    body: &Map<String, Value>,
) -> DomainResult<(PartnerInput, MessengerEdits, FieldErrors)> {
    let Ok(Value::Object(mut shape)) = serde_json::to_value(base) else {
        return Err(DomainError::Internal(
            "customer shape is not an object".into(),
        ));
    };
    let mut errors = FieldErrors::new();
    let mut edits = MessengerEdits::default();
    let mut unknown: Vec<&str> = Vec::new();
    for (key, value) in body {
        let result = match key.as_str() {
            "messengers" => messenger_rows(value).map(|rows| edits.add = rows),
            "remove_messengers" => removed_ids(value).map(|ids| edits.remove = ids),
            k => match FIELDS.iter().find(|f| **f == k) {
                Some(_) => json_text(value).map(|t| {
                    shape.insert(key.clone(), Value::String(t));
                }),
                None => {
                    unknown.push(key);
                    continue;
                }
            },
        };
        if let Err(message) = result {
            let field = FIELDS
                .iter()
                .chain(&["messengers", "remove_messengers"])
                .copied()
                .find(|f| f == key)
                .unwrap_or("body");
            errors.insert(field, message);
        }
    }
    if !unknown.is_empty() {
        errors.insert(
            "body",
            Msg::new("msg.api.unknown_fields").text("names", unknown.join(", ")),
        );
    }
    let input = serde_json::from_value(Value::Object(shape))
        .map_err(|e| DomainError::Internal(format!("customer body: {e}")))?;
    Ok((input, edits, errors))
}

/// Every mistake at once: the body's shape and the fields' checks.
fn all_errors(
    conn: &mut DbConn,
    actor: &Actor,
    input: &PartnerInput,
    errors: FieldErrors,
) -> DomainResult<()> {
    if errors.is_empty() {
        return Ok(());
    }
    let country = crate::domain::models::phone_country::resolve(conn, Some(actor.id), None)?;
    together(errors, input.parse(&country).map(|_| ()))
}

/// Creates a customer (a person unless `kind` says otherwise).
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    body: &Map<String, Value>,
) -> DomainResult<CustomerDetail> {
    let (input, edits, errors) = read_body(&PartnerInput::default(), body)?;
    all_errors(conn, actor, &input, errors)?;
    let customer = edit::create(conn, actor, &input, &edits)?;
    detail(conn, actor, customer.id)
}

/// Changes the fields the body names on a customer the actor may change.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: PartnerId,
    body: &Map<String, Value>,
) -> DomainResult<CustomerDetail> {
    let stored = edit::find_writable(conn, actor, id)?;
    let (input, edits, errors) = read_body(&PartnerInput::of_partner(&stored), body)?;
    all_errors(conn, actor, &input, errors)?;
    edit::update(conn, actor, id, &input, &edits)?;
    detail(conn, actor, id)
}

/// Archives (`active` false) or restores a customer the actor may change.
pub fn set_active(
    conn: &mut DbConn,
    actor: &Actor,
    id: PartnerId,
    active: bool,
) -> DomainResult<CustomerDetail> {
    partners::find(conn, id)?;
    edit::set_active(conn, actor, id, active)?;
    detail(conn, actor, id)
}
