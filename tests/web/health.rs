//! The operator's endpoints: `/healthz` and `/readyz` answer without a session, `/readyz`
//! notices a database file that went away or was overwritten, and `/metrics` is off without
//! a token, refuses a missing or wrong one, and counts requests by route pattern.
//!
//! The metrics recorder is one per process and the tests run in parallel: each test compares
//! a label only it touches, or asks for "at least".

use leadbook::config::SecretKey;
use leadbook::web::WebOptions;

use crate::support::{LeadBuilder, TestApp};

const TOKEN: &str = "test-metrics-token-0123456789";

fn with_metrics() -> WebOptions {
    WebOptions {
        metrics_token: Some(SecretKey(TOKEN.as_bytes().to_vec())),
        ..WebOptions::default()
    }
}

/// `GET /metrics` with `Authorization: Bearer <token>` (none when `None`): status and body.
async fn scrape(app: &TestApp, token: Option<&str>) -> (u16, String, String) {
    let mut request = reqwest::Client::new().get(format!("{}/metrics", app.base));
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, kind, response.text().await.unwrap_or_default())
}

/// The value of the sample `series` (name and labels exactly as rendered), 0 when absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .filter_map(|line| line.strip_prefix(series))
        .filter_map(|rest| rest.strip_prefix(' '))
        .find_map(|value| value.trim().parse().ok())
        .unwrap_or(0.0)
}

#[actix_web::test]
async fn the_probes_answer_without_a_session_and_set_none() {
    let app = TestApp::spawn().await;
    let client = app.client();
    for (path, body) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let answer = client.get(path).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        assert_eq!(answer.body, body, "{path}");
        let kind = answer.header("content-type").unwrap_or_default();
        assert!(kind.starts_with("text/plain"), "{path}: {kind}");
        assert!(answer.header("set-cookie").is_none(), "{path} set a cookie");
    }
    app.stop().await;
}

#[actix_web::test]
async fn readyz_is_503_while_the_database_file_is_gone_or_garbage_and_200_after() {
    let app = TestApp::spawn().await;
    let file = leadbook::db::health::sqlite_file(&mut app.conn()).expect("query");
    let Some(file) = file else {
        return; // PostgreSQL: there is no file to take away.
    };
    let away = file.with_extension("away");
    let client = app.client();
    std::fs::rename(&file, &away).expect("rename the database away");
    let gone = client.get("/readyz").await;
    std::fs::write(&file, "not a database ".repeat(300)).expect("write garbage");
    let garbage = client.get("/readyz").await;
    std::fs::remove_file(&file).expect("remove the garbage");
    std::fs::rename(&away, &file).expect("put the database back");
    let back = client.get("/readyz").await;
    assert_eq!((gone.status, gone.body.as_str()), (503, "not ready"));
    assert_eq!((garbage.status, garbage.body.as_str()), (503, "not ready"));
    assert_eq!((back.status, back.body.as_str()), (200, "ready"));
    assert_eq!(client.get("/healthz").await.status, 200);
    app.stop().await;
}

#[actix_web::test]
async fn metrics_are_not_found_without_a_configured_token() {
    let app = TestApp::spawn().await;
    assert_eq!(scrape(&app, None).await.0, 404);
    assert_eq!(scrape(&app, Some(TOKEN)).await.0, 404);
    app.stop().await;
}

#[actix_web::test]
async fn metrics_need_the_token_and_count_requests_by_route_pattern() {
    let app = TestApp::spawn_with(with_metrics()).await;
    assert_eq!(scrape(&app, None).await.0, 401);
    assert_eq!(scrape(&app, Some("wrong-token")).await.0, 401);
    let (status, kind, before) = scrape(&app, Some(TOKEN)).await;
    assert_eq!(status, 200, "{before}");
    assert!(kind.starts_with("text/plain"), "{kind}");
    // Only this test sends /healthz to a server that counts requests.
    let series = r#"leadbook_http_requests_total{method="GET",route="/healthz",status="200"}"#;
    let client = app.client();
    for _ in 0..3 {
        assert_eq!(client.get("/healthz").await.status, 200);
    }
    // A record's path counts under its pattern: no id in a label; nor an unknown path.
    client.get("/leads/987654").await;
    client.get("/no-such-page-4242").await;
    let (_, _, after) = scrape(&app, Some(TOKEN)).await;
    assert_eq!(
        sample(&after, series) - sample(&before, series),
        3.0,
        "{after}"
    );
    assert!(after.contains(r#"route="/leads/{id}""#), "{after}");
    assert!(after.contains(r#"route="unmatched""#), "{after}");
    assert!(
        !after.contains("987654") && !after.contains("4242"),
        "{after}"
    );
    for name in [
        "# HELP leadbook_http_requests_total",
        "# TYPE leadbook_http_request_duration_seconds histogram",
        "leadbook_db_pool_connections ",
        "leadbook_db_pool_idle_connections ",
    ] {
        assert!(after.contains(name), "{name} missing: {after}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn opening_similar_leads_counts_a_finder_lookup() {
    let app = TestApp::spawn_with(with_metrics()).await;
    let w = app.world();
    let lead = LeadBuilder::new("Metrics lookup")
        .contact("Robin Banks")
        .email("robin@metrics.example")
        .owner(w.sales)
        .team(w.europe)
        .create(&mut app.conn());
    let client = app.client_as("sales").await;
    let (_, _, before) = scrape(&app, Some(TOKEN)).await;
    let page = client.get(&format!("/leads/{}/similar", lead.id.0)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let (_, _, after) = scrape(&app, Some(TOKEN)).await;
    let lookups = |text: &str| sample(text, "leadbook_finder_lookups_total");
    // Other tests look up in parallel: at least this one.
    assert!(lookups(&after) >= lookups(&before) + 1.0, "{after}");
    assert!(
        after.contains("# HELP leadbook_finder_lookups_total"),
        "{after}"
    );
    assert!(after.contains("leadbook_finder_lookup_duration_seconds_count"));
    app.stop().await;
}
