//! Every answer an API test receives is checked against the OpenAPI description: the
//! operation (method and path template), the status (one the description names) and the
//! body (JSON Schema 2020-12, the description's `components` embedded so `$ref`s resolve).

use std::sync::OnceLock;

use serde_json::{Value, json};

/// The description as JSON.
pub fn description() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        serde_json::to_value(leadbook::web::api::openapi::document()).expect("description")
    })
}

/// The path template of the description that `path` (no query string) falls under: a
/// literal segment beats a `{param}`, as the route table's order makes it.
pub fn template_of(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    let paths = description()["paths"].as_object()?;
    paths
        .keys()
        .filter(|t| {
            let parts: Vec<&str> = t.split('/').collect();
            parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| p == s || (p.starts_with('{') && !s.is_empty()))
        })
        .min_by_key(|t| t.matches('{').count())
        .cloned()
}

/// The schema of the answer `status` of `method path` (a template), with the description's
/// components embedded; `Err` when the description does not name the operation or status.
pub fn response_schema(method: &str, template: &str, status: u16) -> Result<Value, String> {
    let op = &description()["paths"][template][method.to_lowercase()];
    if op.is_null() {
        return Err(format!("{method} {template} is not in the description"));
    }
    let response = &op["responses"][status.to_string()];
    if response.is_null() {
        return Err(format!(
            "{method} {template}: status {status} is not described"
        ));
    }
    let mut schema = response["content"]["application/json"]["schema"].clone();
    if schema.is_null() {
        return Err(format!(
            "{method} {template} {status}: no JSON body described"
        ));
    }
    schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    schema["components"] = description()["components"].clone();
    Ok(schema)
}

/// The shared error body's schema.
fn error_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/components/schemas/ApiError",
        "components": description()["components"].clone(),
    })
}

/// Checks `body`, the answer `status` to `method path`; the error says what is wrong.
pub fn check(method: &str, path: &str, status: u16, body: &Value) -> Result<(), String> {
    let path = path.split('?').next().unwrap_or_default();
    let operation =
        template_of(path).filter(|t| !description()["paths"][t][method.to_lowercase()].is_null());
    let (template, schema) = match operation {
        Some(template) => {
            let schema = response_schema(method, &template, status)?;
            (template, schema)
        }
        // The API's catch-all: anything not routed is a JSON 404.
        None if status == 404 => (path.to_string(), error_schema()),
        None => return Err(format!("{method} {path} is not in the description")),
    };
    let validator = jsonschema::draft202012::new(&schema).map_err(|e| format!("schema: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{method} {template} → {status} does not match the description:\n  {}\nbody: {body}",
        errors.join("\n  ")
    ))
}
