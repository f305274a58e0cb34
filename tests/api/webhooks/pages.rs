//! Configuration → Webhooks and `/api/v1/webhooks`: managers only, HTTPS (or loopback HTTP)
//! only, the secret shown once; forms work without JavaScript.

use serde_json::json;

use crate::api_support::Api;
use crate::support::TestApp;

#[actix_web::test]
async fn a_salesperson_cannot_register_an_endpoint_on_the_page_or_through_the_api() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    assert_eq!(sales.get("/config/webhooks").await.status, 403);
    let posted = sales
        .post(
            "/config/webhooks",
            &[
                ("url", "https://hooks.example.com/in"),
                ("events", "lead.created"),
            ],
        )
        .await;
    assert_eq!(posted.status, 403, "{}", posted.body);
    let api = Api::as_user(&app, app.world().sales);
    let refused = api
        .post(
            "/api/v1/webhooks",
            json!({"url": "https://hooks.example.com/in", "events": ["lead.created"]}),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(api.get("/api/v1/webhooks").await.status, 403);
    let manager = Api::as_user(&app, app.world().manager);
    assert_eq!(manager.get("/api/v1/webhooks").await.body, json!([]));
}

#[actix_web::test]
async fn a_plain_http_url_off_this_machine_is_refused_with_a_field_error() {
    let app = TestApp::spawn().await;
    let api = Api::as_user(&app, app.world().manager);
    let refused = api
        .post(
            "/api/v1/webhooks",
            json!({"url": "http://hooks.example.com/in", "events": ["lead.created"]}),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.field("url").unwrap().contains("https://"),
        "{}",
        refused.body
    );
    let no_events = api
        .post(
            "/api/v1/webhooks",
            json!({"url": "https://hooks.example.com/in", "events": []}),
        )
        .await;
    assert_eq!(no_events.status, 422);
    assert!(no_events.field("events").is_some(), "{}", no_events.body);
    let manager = app.client_as("manager").await;
    let page = manager
        .post(
            "/config/webhooks",
            &[
                ("url", "http://hooks.example.com/in"),
                ("events", "lead.created"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("field-error"), "{}", page.body);
    assert!(
        page.body.contains("http://hooks.example.com/in"),
        "the URL typed stays"
    );
}

#[actix_web::test]
async fn a_manager_registers_edits_rotates_and_deletes_an_endpoint_with_plain_forms() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let made = manager
        .post(
            "/config/webhooks",
            &[
                ("url", "https://hooks.example.com/in"),
                ("events", "duplicate.found"),
                ("events", "lead.merged"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(made.status, 200, "{}", made.body);
    assert!(made.body.contains("whsec_"), "the secret is shown once");
    let api = Api::as_user(&app, app.world().manager);
    let listed = api.get("/api/v1/webhooks").await.body;
    let id = listed[0]["id"].as_i64().unwrap();
    assert_eq!(
        listed[0]["events"],
        json!(["duplicate.found", "lead.merged"])
    );
    let list = manager.get("/config/webhooks").await;
    assert!(!list.body.contains("whsec_"), "never shown again");
    assert!(list.body.contains("https://hooks.example.com/in"));
    let edit = format!("/config/webhooks/{id}");
    assert_eq!(manager.get(&edit).await.status, 200);
    let saved = manager
        .post(
            &edit,
            &[
                ("url", "https://hooks.example.com/v2"),
                ("events", "lead.lost"),
            ],
        )
        .await;
    saved.assert_redirect("/config/webhooks");
    let read = api.get(&format!("/api/v1/webhooks/{id}")).await.body;
    assert_eq!(read["url"], "https://hooks.example.com/v2");
    assert_eq!(read["active"], false, "unticked: paused");
    let rotated = manager.post(&format!("{edit}/rotate"), &[]).await;
    assert!(rotated.body.contains("whsec_"));
    assert_eq!(manager.get(&format!("{edit}/deliveries")).await.status, 200);
    manager
        .post(&format!("{edit}/delete"), &[])
        .await
        .assert_redirect("/config/webhooks");
    assert_eq!(api.get(&format!("/api/v1/webhooks/{id}")).await.status, 404);
}
