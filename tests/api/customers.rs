//! Customers through the API: created, read, patched, archived and restored with the
//! form's checks and the same rights (a colleague's customer is 403).

use crate::api_support::Api;
use crate::support::TestApp;
use serde_json::json;

#[actix_web::test]
async fn a_customer_is_created_patched_archived_and_restored_with_its_messengers() {
    let app = TestApp::spawn().await;
    let api = Api::as_user(&app, app.world().sales);
    let company = api
        .post(
            "/api/v1/customers",
            json!({"kind": "company", "name": "Northgate Foods", "city": "London"}),
        )
        .await;
    assert_eq!(company.status, 201, "{:?}", company.body);
    let company_id = company.body["id"].as_i64().unwrap();
    let person = api
        .post(
            "/api/v1/customers",
            json!({
                "name": "Jenna Cherry", "company_id": company_id, "phone": "+44 20 7946 0958",
                "messengers": [{"channel": "telegram", "handle": "@jenna_c"}]
            }),
        )
        .await;
    assert_eq!(person.status, 201, "{:?}", person.body);
    let id = person.body["id"].as_i64().unwrap();
    assert_eq!(person.body["kind"], "person");
    assert_eq!(person.body["company"]["name"], "Northgate Foods");
    assert_eq!(person.body["messengers"][0]["handle"], "@jenna_c");
    let patched = api
        .patch(&format!("/api/v1/customers/{id}"), json!({"city": "Leeds"}))
        .await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.body["city"], "Leeds");
    assert_eq!(
        patched.body["phone"], "+44 20 7946 0958",
        "unsent fields stay"
    );
    let archived = api
        .post(&format!("/api/v1/customers/{id}/archive"), json!({}))
        .await;
    assert_eq!(archived.body["active"], false);
    let restored = api
        .post(&format!("/api/v1/customers/{id}/restore"), json!({}))
        .await;
    assert_eq!(restored.body["active"], true);
}

#[actix_web::test]
async fn bad_input_is_422_with_every_field_and_a_colleagues_customer_is_403() {
    let app = TestApp::spawn().await;
    let other = Api::as_user(&app, app.world().other_sales);
    let theirs = other
        .post(
            "/api/v1/customers",
            json!({"kind": "company", "name": "Linh Trading"}),
        )
        .await;
    let id = theirs.body["id"].as_i64().unwrap();
    let sales = Api::as_user(&app, app.world().sales);
    let bad = sales
        .post(
            "/api/v1/customers",
            json!({"kind": "robot", "name": "", "email": "x@", "colour": "red"}),
        )
        .await;
    assert_eq!(bad.status, 422);
    for field in ["kind", "name", "email", "body"] {
        assert!(bad.field(field).is_some(), "{field}: {:?}", bad.body);
    }
    let refused = sales
        .patch(
            &format!("/api/v1/customers/{id}"),
            json!({"name": "Mine now"}),
        )
        .await;
    assert_eq!(refused.status, 403);
    let archive = sales
        .post(&format!("/api/v1/customers/{id}/archive"), json!({}))
        .await;
    assert_eq!(archive.status, 403);
    let read = sales.get(&format!("/api/v1/customers/{id}")).await;
    assert_eq!(
        read.body["name"], "Linh Trading",
        "everyone reads, nothing changed"
    );
}
