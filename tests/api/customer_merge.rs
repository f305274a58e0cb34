//! Duplicate customers in the JSON API: similar customers, merge and undo, with the rights
//! and errors of the pages.

use crate::api_support::Api;
use crate::support::TestApp;
use leadbook::domain::ids::PartnerId;
use leadbook::domain::models::partners::{self, PartnerInput};
use serde_json::json;

fn company(app: &TestApp, name: &str, email: &str) -> PartnerId {
    let input = PartnerInput {
        kind: "company".into(),
        name: name.into(),
        email: email.into(),
        ..PartnerInput::default()
    };
    partners::create(&mut app.conn(), &input)
        .expect("customer")
        .id
}

#[actix_web::test]
async fn similar_customers_merge_and_undo_through_the_api() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = company(&app, "Northwind Traders", "info@northwind.test");
    let b = company(&app, "Northwind Traders Ltd", "info@northwind.test");
    let api = Api::as_user(&app, w.manager);
    let similar = api.get(&format!("/api/v1/customers/{a}/similar")).await;
    assert_eq!(similar.status, 200, "{}", similar.body);
    assert_eq!(similar.body["customer_id"], a.0);
    assert_eq!(similar.body["matches"][0]["id"], b.0);
    assert_eq!(similar.body["matches"][0]["class"], "duplicate");
    assert_eq!(similar.body["duplicates"], 1);

    let merged = api
        .post(
            "/api/v1/customers/merge",
            json!({"ids": [a.0, b.0], "primary": b.0}),
        )
        .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    assert_eq!(merged.body["survivor_id"], b.0);
    assert_eq!(merged.body["merged_ids"], json!([a.0]));
    let gone = api.get(&format!("/api/v1/customers/{a}")).await;
    assert_eq!(gone.body["merged_into_id"], b.0, "{}", gone.body);
    let again = api
        .post("/api/v1/customers/merge", json!({"ids": [a.0, b.0]}))
        .await;
    assert_eq!(again.status, 409, "{}", again.body);

    let merge_id = merged.body["merge_id"].as_i64().unwrap();
    let path = format!("/api/v1/customers/merges/{merge_id}/undo");
    let undone = api.post(&path, json!({})).await;
    assert_eq!(undone.status, 200, "{}", undone.body);
    assert_eq!(undone.body["restored_ids"], json!([a.0]));
    let back = api.get(&format!("/api/v1/customers/{a}")).await;
    assert_eq!(back.body["merged_into_id"], serde_json::Value::Null);
    assert_eq!(api.post(&path, json!({})).await.status, 409);
    let unknown = api
        .post("/api/v1/customers/merges/9999/undo", json!({}))
        .await;
    assert_eq!(unknown.status, 404);
}

#[actix_web::test]
async fn a_salespersons_token_cannot_merge_customers_and_bad_ids_are_422() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = company(&app, "Contoso", "hello@contoso.test");
    let b = company(&app, "Contoso Inc", "hello@contoso.test");
    let sales = Api::as_user(&app, w.sales);
    let refused = sales
        .post("/api/v1/customers/merge", json!({"ids": [a.0, b.0]}))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let manager = Api::as_user(&app, w.manager);
    let one = manager
        .post("/api/v1/customers/merge", json!({"ids": [a.0]}))
        .await;
    assert_eq!(one.status, 422, "{}", one.body);
    assert!(one.field("ids").is_some());
    let bad = manager
        .post("/api/v1/customers/merge", json!({"ids": [a.0, "x"]}))
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let primary = manager
        .post(
            "/api/v1/customers/merge",
            json!({"ids": [a.0, b.0], "primary": 12345}),
        )
        .await;
    assert!(primary.field("primary").is_some(), "{}", primary.body);
    let unknown = manager
        .post("/api/v1/customers/merge", json!({"ids": [a.0, 99999]}))
        .await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
}
