//! Stages from a JSON body, through the Configuration → Pipeline functions (managers and
//! admins, the page's checks): create at the end, change some fields (the rest kept), move
//! one place earlier or later.

use serde_json::{Map, Value};

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, FieldErrors};
use crate::domain::ids::StageId;
use crate::domain::models::stages::{self, Stage};
use crate::domain::pipeline_config::{self, StageInput};
use crate::i18n::Msg;

/// Creates a stage at the end of the pipeline from `{name, probability, is_won?, folded?}`.
pub fn create(conn: &mut DbConn, actor: &Actor, body: &Map<String, Value>) -> DomainResult<Stage> {
    let mut input = StageInput::default();
    read(body, &mut input)?;
    crate::db::write_tx(conn, |conn| {
        pipeline_config::create_stage(conn, actor, &input)?;
        stages::list(conn)?
            .into_iter()
            .max_by_key(|s| s.id.0)
            .ok_or(DomainError::NotFound)
    })
}

/// Changes the fields of `body` (`name`, `probability`, `is_won`, `folded`), keeping the rest.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: StageId,
    body: &Map<String, Value>,
) -> DomainResult<Stage> {
    actor.require_manager()?;
    let current = stages::find(conn, id)?;
    let mut input = StageInput {
        name: current.name,
        probability: current.probability.to_string(),
        is_won: current.is_won,
        folded: current.folded,
    };
    read(body, &mut input)?;
    pipeline_config::update_stage(conn, actor, id, &input)?;
    stages::find(conn, id)
}

/// Moves a stage one place `up` (earlier) or `down` (later); answers the pipeline in order.
pub fn move_one(
    conn: &mut DbConn,
    actor: &Actor,
    id: StageId,
    body: &Map<String, Value>,
) -> DomainResult<Vec<Stage>> {
    let mut errors = FieldErrors::new();
    let mut unknown = Vec::new();
    let mut up = None;
    for (key, value) in body {
        match (key.as_str(), value) {
            ("direction", Value::String(d)) if d == "up" => up = Some(true),
            ("direction", Value::String(d)) if d == "down" => up = Some(false),
            ("direction", _) => {}
            (other, _) => unknown.push(other.to_string()),
        }
    }
    if up.is_none() {
        errors.insert("direction", Msg::new("msg.api_direction_up_down"));
    }
    unknown_fields(&mut errors, &unknown);
    let Some(up) = up.filter(|_| errors.is_empty()) else {
        return Err(DomainError::Invalid(errors));
    };
    pipeline_config::move_stage(conn, actor, id, up)?;
    stages::list(conn)
}

/// Overlays the body's fields on `input`; wrong shapes and unknown keys are field errors,
/// reported with the form's own checks of the values.
fn read(body: &Map<String, Value>, input: &mut StageInput) -> DomainResult<()> {
    let mut errors = FieldErrors::new();
    let mut unknown = Vec::new();
    for (key, value) in body {
        match (key.as_str(), value) {
            ("name", Value::String(s)) => input.name.clone_from(s),
            ("probability", Value::Number(n)) => input.probability = n.to_string(),
            ("probability", Value::String(s)) => input.probability.clone_from(s),
            ("is_won", Value::Bool(b)) => input.is_won = *b,
            ("folded", Value::Bool(b)) => input.folded = *b,
            ("name" | "probability", _) => {
                errors.insert(field(key), Msg::new("msg.api.text_or_number"));
            }
            ("is_won" | "folded", _) => {
                errors.insert(field(key), Msg::new("msg.api_not_boolean"));
            }
            (other, _) => unknown.push(other.to_string()),
        }
    }
    unknown_fields(&mut errors, &unknown);
    super::together(errors, pipeline_config::parse_stage(input).map(|_| ()))
}

fn field(key: &str) -> &'static str {
    match key {
        "name" => "name",
        "probability" => "probability",
        "is_won" => "is_won",
        _ => "folded",
    }
}

fn unknown_fields(errors: &mut FieldErrors, unknown: &[String]) {
    if !unknown.is_empty() {
        errors.insert(
            "body",
            Msg::new("msg.api.unknown_fields").text("names", unknown.join(", ")),
        );
    }
}
