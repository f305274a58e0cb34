//! The lost reasons report through the API, with the page's filters and rights.

use crate::api_support::{Api, lead_of};
use crate::support::TestApp;
use serde_json::{Value, json};

fn count_of(report: &Value, reason: &str) -> i64 {
    report["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["lost_reason"] == reason))
        .and_then(|r| r["count"].as_i64())
        .unwrap_or(0)
}

#[actix_web::test]
async fn the_report_counts_lost_records_per_reason_as_the_actor_sees_them() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let [a, b] = [0, 1].map(|_| lead_of(&app, w.sales, Some(w.europe.0), &[]));
    let api = Api::as_user(&app, w.sales);
    let lost = api
        .post(
            "/api/v1/leads/lost",
            json!({"ids": [a.0, b.0], "reason": "Too expensive"}),
        )
        .await;
    assert_eq!(lost.status, 200, "{}", lost.body);
    let report = api.get("/api/v1/reports/lost-reasons").await;
    assert_eq!(report.status, 200, "{}", report.body);
    assert_eq!(
        count_of(&report.body, "Too expensive"),
        2,
        "{}",
        report.body
    );
    let team = api
        .get(&format!("/api/v1/reports/lost-reasons?team={}", w.europe.0))
        .await;
    assert_eq!(count_of(&team.body, "Too expensive"), 2);

    let asia = Api::as_user(&app, w.other_sales);
    let hidden = asia.get("/api/v1/reports/lost-reasons").await;
    assert_eq!(hidden.status, 200);
    assert_eq!(
        count_of(&hidden.body, "Too expensive"),
        0,
        "another team's records are not counted"
    );
}

#[actix_web::test]
async fn bad_filters_are_field_errors() {
    let app = TestApp::spawn().await;
    let api = Api::as_user(&app, app.world().sales);
    let bad = api.get("/api/v1/reports/lost-reasons?from=yesterday").await;
    assert_eq!(bad.status, 422);
    assert!(bad.field("from").is_some(), "{}", bad.body);
    let order = api
        .get("/api/v1/reports/lost-reasons?from=2026-02-01&to=2026-01-01")
        .await;
    assert!(order.field("to").is_some(), "{}", order.body);
    let unknown = api.get("/api/v1/reports/lost-reasons?reason=1").await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.field("query").is_some());
    let team = api.get("/api/v1/reports/lost-reasons?team=x").await;
    assert!(team.field("team").is_some(), "{}", team.body);
}
