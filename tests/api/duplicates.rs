//! The duplicate finder through the API: "not a duplicate" on a pair (the Similar view's
//! dismissal) and the Duplicates page's database-wide scan, with the pages' rights.

use crate::api_support::Api;
use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::ids::{LeadId, TeamId, UserId};
use serde_json::{Value, json};

fn robin(app: &TestApp, title: &str, owner: UserId, team: TeamId) -> LeadId {
    LeadBuilder::new(title)
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(owner)
        .team_opt(Some(team))
        .by(owner)
        .create(&mut app.conn())
        .id
}

fn in_scan(scan: &Value, id: LeadId) -> bool {
    scan["items"].as_array().is_some_and(|clusters| {
        clusters.iter().any(|c| {
            c["records"].as_array().is_some_and(|r| {
                r.iter()
                    .any(|x| x["id"] == id.0 && x["is_customer"] == false)
            })
        })
    })
}

#[actix_web::test]
async fn the_scan_lists_clusters_with_scores_and_reasons_for_managers_only() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = robin(&app, "First", w.sales, w.europe);
    let b = robin(&app, "Second", w.sales, w.europe);
    let admin = Api::as_user(&app, w.admin);
    let scan = admin.get("/api/v1/duplicates").await;
    assert_eq!(scan.status, 200, "{}", scan.body);
    assert!(
        in_scan(&scan.body, a) && in_scan(&scan.body, b),
        "{}",
        scan.body
    );
    let cluster = &scan.body["items"][0];
    assert!(cluster["score"].as_u64().unwrap() > 50);
    let pair = &cluster["pairs"][0];
    assert!(pair["reasons"][0]["text"].is_string(), "{}", pair);
    assert_eq!(scan.body["page"], 1);
    let past = admin.get("/api/v1/duplicates?page=9&per_page=1").await;
    assert_eq!(past.status, 200);
    assert_eq!(past.body["items"], json!([]));
    assert_eq!(
        Api::as_user(&app, w.manager)
            .get("/api/v1/duplicates")
            .await
            .status,
        200
    );

    let sales = Api::as_user(&app, w.sales);
    let refused = sales.get("/api/v1/duplicates").await;
    assert_eq!(refused.status, 403, "as the page: {}", refused.body);
    let bad = admin.get("/api/v1/duplicates?per_page=0").await;
    assert_eq!(bad.status, 422);
    assert!(bad.field("query").is_some());
}

#[actix_web::test]
async fn not_a_duplicate_hides_the_pair_from_similar_and_from_the_scan() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = robin(&app, "First", w.sales, w.europe);
    let b = robin(&app, "Second", w.sales, w.europe);
    let api = Api::as_user(&app, w.sales);
    let before = api.get(&format!("/api/v1/leads/{a}/similar")).await;
    assert_eq!(before.body["duplicates"], 1, "{}", before.body);
    let marked = api
        .post(
            &format!("/api/v1/leads/{a}/not-duplicate"),
            json!({"other": b.0, "reason": "Two Robins"}),
        )
        .await;
    assert_eq!(marked.status, 200, "{}", marked.body);
    assert_eq!(marked.body["other_id"], b.0);
    let after = api.get(&format!("/api/v1/leads/{a}/similar")).await;
    assert_eq!(after.body["duplicates"], 0, "{}", after.body);
    let scan = Api::as_user(&app, w.admin).get("/api/v1/duplicates").await;
    assert!(!in_scan(&scan.body, a), "{}", scan.body);
}

#[actix_web::test]
async fn not_a_duplicate_refuses_hidden_records_and_bad_input() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = robin(&app, "First", w.sales, w.europe);
    let asia = robin(&app, "Asia", w.other_sales, w.asia);
    let api = Api::as_user(&app, w.sales);
    let path = format!("/api/v1/leads/{a}/not-duplicate");
    let hidden = api
        .post(&path, json!({"other": asia.0, "reason": "No"}))
        .await;
    assert_eq!(hidden.status, 404, "{}", hidden.body);
    let from_hidden = api
        .post(
            &format!("/api/v1/leads/{asia}/not-duplicate"),
            json!({"other": a.0, "reason": "No"}),
        )
        .await;
    assert_eq!(from_hidden.status, 404);
    let blank = api
        .post(&path, json!({"other": asia.0, "reason": " "}))
        .await;
    assert_eq!(blank.status, 422);
    assert!(blank.field("reason").is_some(), "{}", blank.body);
    let missing = api.post(&path, json!({"reason": "x"})).await;
    assert_eq!(missing.status, 422);
    assert!(missing.field("other").is_some(), "{}", missing.body);
    let wrong = api
        .post(&path, json!({"other": "abc", "reason": "x"}))
        .await;
    assert!(wrong.field("other").is_some(), "{}", wrong.body);
    let itself = api.post(&path, json!({"other": a.0, "reason": "x"})).await;
    assert_eq!(itself.status, 422);
    let unknown = api
        .post(&path, json!({"other": 999999, "reason": "x"}))
        .await;
    assert_eq!(unknown.status, 404);
}
