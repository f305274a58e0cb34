//! The OpenAPI description: every route under `/api/v1` is in it and nothing else, it is
//! served without a token, and the response check really refuses a wrong body.

use std::collections::BTreeSet;

use leadbook::web::api::PREFIX;
use serde_json::json;

use crate::api_support::{Api, schema};
use crate::support::TestApp;

/// `(METHOD, /api/v1/path/{param})` of the routes, parameters named `{_}`.
fn normalised(method: &str, path: &str) -> (String, String) {
    let path = path
        .split('/')
        .map(|s| if s.starts_with('{') { "{_}" } else { s })
        .collect::<Vec<_>>()
        .join("/");
    (method.to_uppercase(), path)
}

#[test]
fn every_api_route_is_described_and_every_description_is_routed() {
    let routed: BTreeSet<_> = leadbook::web::route_table()
        .into_iter()
        .filter(|(_, p)| p.starts_with(&format!("{PREFIX}/")))
        .map(|(m, p)| normalised(m.as_str(), &p))
        .collect();
    let mut described = BTreeSet::new();
    for (path, item) in schema::description()["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            if ["get", "post", "patch", "put", "delete"].contains(&method.as_str()) {
                described.insert(normalised(method, path));
            }
        }
    }
    let missing: Vec<_> = routed.difference(&described).collect();
    let unrouted: Vec<_> = described.difference(&routed).collect();
    assert!(
        missing.is_empty(),
        "routes missing from the OpenAPI description (annotate the handler with \
         #[utoipa::path] and list it in ApiDoc): {missing:?}"
    );
    assert!(
        unrouted.is_empty(),
        "described but not routed: {unrouted:?}"
    );
}

#[test]
fn every_operation_id_is_unique() {
    let mut seen = BTreeSet::new();
    for item in schema::description()["paths"]
        .as_object()
        .expect("paths")
        .values()
    {
        for op in item.as_object().expect("path item").values() {
            if let Some(id) = op["operationId"].as_str() {
                assert!(seen.insert(id.to_string()), "operationId {id} twice");
            }
        }
    }
    assert!(seen.len() > 40, "{seen:?}");
}

#[test]
fn the_description_is_openapi_3_1_with_bearer_security_and_the_shared_error() {
    let doc = schema::description();
    assert!(
        doc["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3.1")
    );
    assert_eq!(doc["info"]["title"], "Leadbook");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let error = &doc["components"]["schemas"]["ApiError"];
    assert!(error["properties"]["error"].is_object(), "{error}");
    assert!(error["properties"]["fields"].is_object(), "{error}");
}

#[test]
fn the_response_check_refuses_a_wrong_body_and_an_undescribed_status() {
    let good = json!({"count": 2});
    assert_eq!(
        schema::check("POST", "/api/v1/leads/unarchive", 200, &good),
        Ok(())
    );
    let wrong = json!({"count": "two"});
    let refused = schema::check("POST", "/api/v1/leads/unarchive", 200, &wrong);
    assert!(
        refused.is_err_and(|e| e.contains("count")),
        "a string count passed"
    );
    let no_fields = json!({"error": "Not found"});
    assert!(schema::check("GET", "/api/v1/leads/7", 404, &no_fields).is_err());
    assert!(schema::check("GET", "/api/v1/stages", 418, &json!([])).is_err());
    assert!(schema::check("GET", "/api/v1/nowhere", 200, &json!({})).is_err());
    assert!(schema::check("GET", "/api/v1/nowhere", 404, &json!({"error": 1})).is_err());
}

#[actix_web::test]
async fn the_description_is_served_without_a_token_and_may_be_cached() {
    let app = TestApp::spawn().await;
    let answer = Api::new(&app, None).get("/api/v1/openapi.json").await;
    assert_eq!(answer.status, 200);
    assert_eq!(&answer.body, schema::description());
    let raw = reqwest::get(format!("{}/api/v1/openapi.json", app.base))
        .await
        .expect("request");
    let cache = raw.headers()["cache-control"].to_str().unwrap_or_default();
    assert!(cache.contains("max-age"), "{cache}");
}
