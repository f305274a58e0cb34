//! The API's pipeline configuration and tokens: stages created, changed, folded and moved by
//! managers (a salesperson's token → 403); a token's owner lists and revokes their tokens.

use crate::api_support::Api;
use crate::idempotency::Raw;
use crate::support::TestApp;
use serde_json::{Value, json};

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

#[actix_web::test]
async fn a_manager_creates_folds_and_moves_a_stage() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let api = Api::as_user(&app, w.manager);
    let made = api
        .post(
            "/api/v1/stages",
            json!({"name": "Negotiation", "probability": "60%"}),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    assert_eq!(
        (
            made.body["name"].as_str(),
            made.body["probability"].as_i64()
        ),
        (Some("Negotiation"), Some(60))
    );
    let id = made.body["id"].as_i64().unwrap();
    let order = ids(&api.get("/api/v1/stages").await.body);
    assert_eq!(order.last(), Some(&id), "added at the end");
    let folded = api
        .patch(
            &format!("/api/v1/stages/{id}"),
            json!({"folded": true, "name": "Haggling"}),
        )
        .await;
    assert_eq!(folded.status, 200, "{}", folded.body);
    assert_eq!(folded.body["folded"], true);
    assert_eq!(folded.body["probability"], 60, "kept");
    let moved = api
        .post(
            &format!("/api/v1/stages/{id}/move"),
            json!({"direction": "up"}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let after = ids(&moved.body);
    assert_eq!(after[after.len() - 2], id, "one place earlier");
}

#[actix_web::test]
async fn stage_changes_refuse_salespeople_and_bad_input() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let manager = Api::as_user(&app, w.manager);
    let stage = ids(&manager.get("/api/v1/stages").await.body)[0];
    let bad = manager
        .post(
            "/api/v1/stages",
            json!({"name": "", "probability": 140, "folded": "yes", "x": 1}),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    for field in ["name", "probability", "folded", "body"] {
        assert!(bad.field(field).is_some(), "{field}: {}", bad.body);
    }
    let way = manager
        .post(
            &format!("/api/v1/stages/{stage}/move"),
            json!({"direction": "sideways"}),
        )
        .await;
    assert_eq!(way.status, 422);
    assert!(way.field("direction").is_some());
    assert_eq!(
        manager
            .patch("/api/v1/stages/99999", json!({}))
            .await
            .status,
        404
    );
    let sales = Api::as_user(&app, w.sales);
    let before = manager.get("/api/v1/stages").await.body;
    let create = sales
        .post("/api/v1/stages", json!({"name": "Mine", "probability": 5}))
        .await;
    assert_eq!(create.status, 403, "{}", create.body);
    let fold = sales
        .patch(&format!("/api/v1/stages/{stage}"), json!({"folded": true}))
        .await;
    assert_eq!(fold.status, 403);
    let moved = sales
        .post(
            &format!("/api/v1/stages/{stage}/move"),
            json!({"direction": "down"}),
        )
        .await;
    assert_eq!(moved.status, 403);
    assert_eq!(
        manager.get("/api/v1/stages").await.body,
        before,
        "nothing changed"
    );
}

#[actix_web::test]
async fn a_token_owner_lists_and_revokes_their_tokens_only() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let api = Api::as_user(&app, w.sales);
    let spare = Raw::new(&app, w.sales);
    let list = api.get("/api/v1/tokens").await;
    assert_eq!(list.status, 200, "{}", list.body);
    let tokens = list.body.as_array().unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(
        tokens.iter().all(|t| t.get("token_hash").is_none()),
        "no secret"
    );
    assert_eq!(tokens.iter().filter(|t| t["current"] == true).count(), 1);
    let other = tokens.iter().find(|t| t["current"] == false).unwrap()["id"]
        .as_i64()
        .unwrap();
    let revoked = spare
        .post(&format!("/api/v1/tokens/{other}/revoke"), None, "")
        .await;
    assert_eq!(
        revoked.status, 204,
        "a token may revoke itself: {}",
        revoked.text
    );
    let dead = spare.post("/api/v1/leads", None, r#"{"title": "x"}"#).await;
    assert_eq!(dead.status, 401);
    let colleague = Api::as_user(&app, w.other_sales);
    let theirs = colleague
        .post(&format!("/api/v1/tokens/{other}/revoke"), json!({}))
        .await;
    assert_eq!(theirs.status, 404, "another user's token is not found");
    let junk = api.post("/api/v1/tokens/abc/revoke", json!({})).await;
    assert_eq!(junk.status, 404);
}
