//! The JSON API's wizards: merge (ids, primary, salesperson, team), mark lost (reason by id or
//! by name, note), restore and mass unarchive — with the same rights as the pages.

use crate::api_support::{Api, lead_of};
use crate::support::TestApp;
use serde_json::json;

#[actix_web::test]
async fn a_manager_merges_with_a_chosen_primary_and_salesperson() {
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
        w.other_sales,
        Some(w.asia.0),
        &[("email", "robin@nw.test")],
    );
    let api = Api::as_user(&app, w.manager);
    let merged = api
        .post(
            "/api/v1/leads/merge",
            json!({"ids": [a.0, b.0], "primary": b.0, "salesperson_id": w.sales.0}),
        )
        .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    assert_eq!(merged.body["survivor_id"], b.0);
    assert_eq!(merged.body["merged_ids"], json!([a.0]));
    let survivor = api.get(&format!("/api/v1/leads/{b}")).await;
    assert_eq!(survivor.body["salesperson_id"], w.sales.0);
    assert_eq!(
        survivor.body["team_id"], w.europe.0,
        "the team follows the salesperson"
    );
    let gone = api.get(&format!("/api/v1/leads/{a}")).await;
    assert_eq!(gone.body["merged_into_id"], b.0);
    let edit = api
        .patch(&format!("/api/v1/leads/{a}"), json!({"city": "Roma"}))
        .await;
    assert_eq!(
        edit.status, 409,
        "a merged record is edited through its survivor"
    );
}

#[actix_web::test]
async fn a_salespersons_token_cannot_merge_a_colleagues_record() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let own = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let asia = lead_of(&app, w.other_sales, Some(w.asia.0), &[]);
    let teammate = lead_of(&app, w.manager, Some(w.europe.0), &[]);
    let api = Api::as_user(&app, w.sales);
    let hidden = api
        .post("/api/v1/leads/merge", json!({"ids": [own.0, asia.0]}))
        .await;
    assert_eq!(
        hidden.status, 404,
        "a hidden record is not found: {}",
        hidden.body
    );
    let visible = api
        .post("/api/v1/leads/merge", json!({"ids": [own.0, teammate.0]}))
        .await;
    assert_eq!(visible.status, 403, "{}", visible.body);
    assert!(visible.field("ids").is_none(), "not a field error");
    let still = api.get(&format!("/api/v1/leads/{teammate}")).await;
    assert_eq!(still.body["merged_into_id"], serde_json::Value::Null);
}

#[actix_web::test]
async fn merging_a_record_already_merged_is_a_409_conflict_and_bad_ids_are_422() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let [a, b, c] = [0, 1, 2].map(|_| lead_of(&app, w.sales, Some(w.europe.0), &[]));
    let api = Api::as_user(&app, w.sales);
    let first = api
        .post("/api/v1/leads/merge", json!({"ids": [a.0, b.0]}))
        .await;
    assert_eq!(first.status, 200);
    let again = api
        .post("/api/v1/leads/merge", json!({"ids": [b.0, c.0]}))
        .await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.error().contains("Already merged"));
    let bad = api
        .post(
            "/api/v1/leads/merge",
            json!({"ids": ["x", c.0], "primary": "y"}),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.field("ids").is_some() && bad.field("primary").is_some());
    let one = api.post("/api/v1/leads/merge", json!({"ids": [c.0]})).await;
    assert_eq!(
        one.field("ids"),
        Some("Select at least two records to merge")
    );
}

#[actix_web::test]
async fn mark_lost_by_reason_name_then_restore_and_mass_unarchive() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let lead = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let other = lead_of(&app, w.sales, Some(w.europe.0), &[]);
    let api = Api::as_user(&app, w.sales);
    let lost = api
        .post(
            &format!("/api/v1/leads/{lead}/lost"),
            json!({"reason": "too expensive", "note": "Went with a cheaper offer"}),
        )
        .await;
    assert_eq!(lost.status, 200, "{}", lost.body);
    assert_eq!(lost.body["lost_reason"], "Too expensive");
    let read = api.get(&format!("/api/v1/leads/{lead}")).await;
    assert_eq!(read.body["lost"], true);
    let listed = api.get("/api/v1/leads?filter=lost").await;
    assert_eq!(listed.body["total"], 1);

    let twice = api
        .post(&format!("/api/v1/leads/{lead}/lost"), json!({}))
        .await;
    assert_eq!(twice.status, 422, "already lost: {}", twice.body);
    let new_reason = api
        .post(
            "/api/v1/leads/lost",
            json!({"ids": [other.0], "reason": "Moon phase"}),
        )
        .await;
    assert_eq!(new_reason.status, 403, "only managers create reasons");
    assert!(
        new_reason.error().starts_with("Only managers"),
        "a refusal with its reason: {}",
        new_reason.body
    );

    let restored = api
        .post(&format!("/api/v1/leads/{lead}/restore"), json!({}))
        .await;
    assert_eq!(restored.body["count"], 1);
    assert_eq!(
        api.get(&format!("/api/v1/leads/{lead}")).await.body["active"],
        true
    );

    let many = api
        .post(
            "/api/v1/leads/lost",
            json!({"ids": [lead.0, other.0], "reason_id": 1}),
        )
        .await;
    assert_eq!(many.body["count"], 2, "{}", many.body);
    let back = api
        .post("/api/v1/leads/unarchive", json!({"ids": [lead.0, other.0]}))
        .await;
    assert_eq!(back.body["count"], 2);
}

#[actix_web::test]
async fn a_record_hidden_from_the_token_cannot_be_marked_lost_or_restored() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let asia = lead_of(&app, w.other_sales, Some(w.asia.0), &[]);
    let api = Api::as_user(&app, w.sales);
    let lost = api
        .post(&format!("/api/v1/leads/{asia}/lost"), json!({}))
        .await;
    assert_eq!(lost.status, 404);
    let restore = api
        .post(&format!("/api/v1/leads/{asia}/restore"), json!({}))
        .await;
    assert_eq!(restore.status, 404);
}
