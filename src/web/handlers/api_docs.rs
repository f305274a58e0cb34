//! `/api/docs`: the API's operations grouped by tag, read from the generated OpenAPI
//! description (never kept by hand), for a person reading before they write an integration.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde_json::Value;

use crate::web::api::openapi;
use crate::web::ctx::{Ctx, SignedIn};
use crate::web::{WebError, render};

/// One tag's operations.
pub struct TagView {
    pub name: String,
    pub description: String,
    pub operations: Vec<OperationView>,
}

/// One operation.
pub struct OperationView {
    pub method: String,
    pub path: String,
    pub anchor: String,
    pub summary: String,
    pub description: String,
    pub public: bool,
    pub params: Vec<FieldView>,
    /// The body's schema name and its fields.
    pub body: Option<(String, Vec<FieldView>)>,
    pub responses: Vec<ResponseView>,
}

/// A parameter or a body field.
pub struct FieldView {
    pub name: String,
    /// path or query, for a parameter.
    pub place: String,
    pub kind: String,
    pub required: bool,
    pub description: String,
}

/// One answer.
pub struct ResponseView {
    pub status: String,
    pub description: String,
    pub kind: String,
}

#[derive(Template)]
#[template(path = "api_docs/page.html")]
pub struct DocsPage {
    pub ctx: Ctx,
    pub version: String,
    pub tags: Vec<TagView>,
}

/// `GET /api/docs`
pub async fn page(me: SignedIn) -> Result<HttpResponse, WebError> {
    let doc = serde_json::to_value(openapi::document()).unwrap_or_default();
    let page = DocsPage {
        ctx: me.ctx,
        version: text(&doc["info"]["version"]),
        tags: tags(&doc),
    };
    render(&page, StatusCode::OK)
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// The tags in the description's order, each with its operations in path order.
pub fn tags(doc: &Value) -> Vec<TagView> {
    let mut out: Vec<TagView> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| TagView {
            name: text(&t["name"]),
            description: text(&t["description"]),
            operations: Vec::new(),
        })
        .collect();
    let paths = doc["paths"].as_object().into_iter().flatten();
    for (path, item) in paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let tag = op["tags"][0].as_str().unwrap_or_default();
            if let Some(group) = out.iter_mut().find(|t| t.name == tag) {
                group.operations.push(operation(doc, method, path, op));
            }
        }
    }
    out.retain(|t| !t.operations.is_empty());
    out
}

fn operation(doc: &Value, method: &str, path: &str, op: &Value) -> OperationView {
    let params = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| FieldView {
            name: text(&p["name"]),
            place: text(&p["in"]),
            kind: kind(&p["schema"]),
            required: p["required"].as_bool().unwrap_or(false),
            description: text(&p["description"]),
        })
        .collect();
    let body = op["requestBody"]["content"]["application/json"]["schema"].as_object();
    let mut responses: Vec<ResponseView> = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, r)| ResponseView {
            status: status.clone(),
            description: text(&r["description"]),
            kind: kind(&r["content"]["application/json"]["schema"]),
        })
        .collect();
    responses.sort_by(|a, b| a.status.cmp(&b.status));
    OperationView {
        method: method.to_uppercase(),
        path: path.to_string(),
        anchor: format!("{method}-{path}").replace(['/', '{', '}', '.'], "-"),
        summary: text(&op["summary"]),
        description: text(&op["description"]),
        public: op["security"].as_array().is_some_and(|s| {
            s.iter()
                .all(|r| r.as_object().is_some_and(serde_json::Map::is_empty))
        }),
        params,
        body: body.map(|b| {
            let schema = Value::Object(b.clone());
            (kind(&schema), fields(doc, &schema))
        }),
        responses,
    }
}

/// The name of the component `schema` refers to, if it does.
fn ref_name(schema: &Value) -> Option<&str> {
    schema["$ref"].as_str()?.rsplit('/').next()
}

/// The body's fields: the properties of the component it names.
fn fields(doc: &Value, schema: &Value) -> Vec<FieldView> {
    let target = match ref_name(schema) {
        Some(name) => &doc["components"]["schemas"][name],
        None => schema,
    };
    let required: Vec<&str> = target["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    target["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| FieldView {
            name: name.clone(),
            place: String::new(),
            kind: kind(s),
            required: required.contains(&name.as_str()),
            description: text(&s["description"]),
        })
        .collect()
}

/// A schema as a short type: `LeadView`, `integer`, `string[]`, `Stage[]`, `integer?`.
fn kind(schema: &Value) -> String {
    if schema.is_null() {
        return String::new();
    }
    if let Some(name) = ref_name(schema) {
        return name.to_string();
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let named: Vec<String> = options
            .iter()
            .filter(|o| o["type"] != "null")
            .map(kind)
            .collect();
        return format!("{}?", named.join(" | "));
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec!["any"],
    };
    let nullable = types.contains(&"null");
    let base = types.into_iter().find(|t| *t != "null").unwrap_or("null");
    let shown = match base {
        "array" => format!("{}[]", kind(&schema["items"])),
        other => other.to_string(),
    };
    if nullable { format!("{shown}?") } else { shown }
}
