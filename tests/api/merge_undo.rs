//! The merge wizard's preview and Undo merge through the API, with the wizard's rules.

use crate::api_support::{Api, lead_of, live_leads};
use crate::support::TestApp;
use serde_json::{Value, json};

fn field<'a>(preview: &'a Value, name: &str) -> &'a Value {
    preview["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["field"] == name))
        .unwrap_or(&Value::Null)
}

#[actix_web::test]
async fn the_preview_shows_the_survivor_and_the_kept_values_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = lead_of(
        &app,
        w.sales,
        Some(w.europe.0),
        &[("email", "robin@nw.test")],
    );
    let b = lead_of(
        &app,
        w.sales,
        Some(w.europe.0),
        &[("city", "Milano"), ("tags", "vip")],
    );
    let before = live_leads(&app);
    let api = Api::as_user(&app, w.sales);
    let preview = api
        .post(
            "/api/v1/leads/merge/preview",
            json!({"ids": [a.0, b.0], "primary": b.0}),
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    let p = &preview.body;
    assert_eq!(p["survivor_id"], b.0);
    assert_eq!(p["merged_ids"], json!([a.0]));
    assert_eq!(p["allowed"], true);
    assert_eq!(field(p, "email")["value"], "robin@nw.test");
    assert_eq!(field(p, "email")["from_id"], a.0);
    assert_eq!(field(p, "city")["value"], "Milano");
    assert_eq!(p["tags"], json!(["vip"]));
    assert_eq!(live_leads(&app), before, "a preview writes nothing");
}

#[actix_web::test]
async fn the_preview_names_records_a_salesperson_may_not_merge_and_refuses_bad_input() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let teammate = lead_of(&app, w.manager, Some(w.europe.0), &[]);
    let asia = lead_of(&app, w.other_sales, Some(w.asia.0), &[]);
    let api = Api::as_user(&app, w.sales);
    let p = api
        .post(
            "/api/v1/leads/merge/preview",
            json!({"ids": [own.0, teammate.0]}),
        )
        .await;
    assert_eq!(p.status, 200, "the wizard shows who refuses: {}", p.body);
    assert_eq!(p.body["allowed"], false);
    assert_eq!(p.body["refused"].as_array().map(Vec::len), Some(1));
    let merge = api
        .post("/api/v1/leads/merge", json!({"ids": [own.0, teammate.0]}))
        .await;
    assert_eq!(merge.status, 403, "as the preview said");
    let hidden = api
        .post(
            "/api/v1/leads/merge/preview",
            json!({"ids": [own.0, asia.0]}),
        )
        .await;
    assert_eq!(hidden.status, 404);
    let one = api
        .post("/api/v1/leads/merge/preview", json!({"ids": [own.0]}))
        .await;
    assert_eq!(one.status, 422);
    assert!(one.field("ids").is_some());
    let primary = api
        .post(
            "/api/v1/leads/merge/preview",
            json!({"ids": [own.0, teammate.0], "primary": "x", "colour": 1}),
        )
        .await;
    assert_eq!(primary.status, 422);
    assert!(primary.field("primary").is_some() && primary.field("body").is_some());
}

#[actix_web::test]
async fn undo_brings_both_records_back() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = lead_of(&app, w.sales, Some(w.europe.0), &[("city", "Roma")]);
    let b = lead_of(&app, w.sales, Some(w.europe.0), &[("email", "b@nw.test")]);
    let api = Api::as_user(&app, w.sales);
    let merged = api
        .post(
            "/api/v1/leads/merge",
            json!({"ids": [a.0, b.0], "primary": a.0}),
        )
        .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    let merge_id = merged.body["merge_id"].as_i64().unwrap();
    assert_eq!(
        api.get(&format!("/api/v1/leads/{a}")).await.body["email"],
        "b@nw.test"
    );
    let undone = api
        .post(&format!("/api/v1/leads/merges/{merge_id}/undo"), json!({}))
        .await;
    assert_eq!(undone.status, 200, "{}", undone.body);
    assert_eq!(undone.body["survivor_id"], a.0);
    assert_eq!(undone.body["restored_ids"], json!([b.0]));
    let back = api.get(&format!("/api/v1/leads/{b}")).await;
    assert_eq!(back.body["merged_into_id"], Value::Null);
    assert_eq!(back.body["email"], "b@nw.test");
    let survivor = api.get(&format!("/api/v1/leads/{a}")).await;
    assert_eq!(survivor.body["email"], Value::Null, "its own values again");
    let twice = api
        .post(&format!("/api/v1/leads/merges/{merge_id}/undo"), json!({}))
        .await;
    assert_eq!(twice.status, 409, "{}", twice.body);
}

#[actix_web::test]
async fn undo_refuses_another_users_merge_a_hidden_survivor_and_unknown_ids() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let [a, b] = [0, 1].map(|_| lead_of(&app, w.sales, Some(w.europe.0), &[]));
    let manager = Api::as_user(&app, w.manager);
    let merged = manager
        .post("/api/v1/leads/merge", json!({"ids": [a.0, b.0]}))
        .await;
    let merge_id = merged.body["merge_id"].as_i64().unwrap();
    let sales = Api::as_user(&app, w.sales);
    let refused = sales
        .post(&format!("/api/v1/leads/merges/{merge_id}/undo"), json!({}))
        .await;
    assert_eq!(
        refused.status, 403,
        "only the merger or a manager: {}",
        refused.body
    );
    let other = Api::as_user(&app, w.other_sales);
    let hidden = other
        .post(&format!("/api/v1/leads/merges/{merge_id}/undo"), json!({}))
        .await;
    assert_eq!(hidden.status, 404);
    assert_eq!(
        sales
            .post("/api/v1/leads/merges/999999/undo", json!({}))
            .await
            .status,
        404
    );
    assert_eq!(
        sales
            .post("/api/v1/leads/merges/x/undo", json!({}))
            .await
            .status,
        404
    );
    let still = sales.get(&format!("/api/v1/leads/{b}")).await;
    assert_eq!(still.body["merged_into_id"], a.0, "nothing undone");
}
