//! Signing in and out: messages, the throttle (also behind a proxy), where it returns to.

use crate::support::{PASSWORD, TestApp};
use leadbook::domain::models::users;

#[actix_web::test]
async fn signing_in_shows_the_pipeline_and_signing_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let pipeline = sales.get("/pipeline").await;
    assert_eq!(pipeline.status, 200);
    assert!(pipeline.body.contains("Mario Rossi"));
    assert!(
        pipeline.body.contains("Qualified"),
        "the stages are the kanban columns"
    );
    sales.post("/logout", &[]).await.assert_redirect("/login");
    sales.get("/pipeline").await.assert_redirect("/login");
}

#[actix_web::test]
async fn a_wrong_password_gets_a_clear_message_and_keeps_the_login() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    let resp = visitor
        .post(
            "/login",
            &[("login", "sales"), ("password", "wrong password")],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Wrong login or password"));
    assert!(resp.body.contains("value=\"sales\""));
    visitor.get("/pipeline").await.assert_redirect("/login");
}

#[actix_web::test]
async fn an_unknown_login_gets_the_same_message_as_a_wrong_password() {
    let app = TestApp::spawn().await;
    let resp = app
        .client()
        .post("/login", &[("login", "nobody"), ("password", "whatever1")])
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Wrong login or password"));
}

#[actix_web::test]
async fn repeated_failures_throttle_the_login_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    for _ in 0..users::FREE_FAILURES {
        let resp = visitor
            .post("/login", &[("login", "sales"), ("password", "guess guess")])
            .await;
        assert_eq!(resp.status, 422);
    }
    let resp = visitor
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 429);
    assert!(resp.body.contains("Too many failed attempts"));
    visitor.get("/pipeline").await.assert_redirect("/login");
    // Another login is not affected.
    let manager = app
        .client()
        .post("/login", &[("login", "manager"), ("password", PASSWORD)])
        .await;
    manager.assert_redirect("/pipeline");
}

#[actix_web::test]
async fn sign_in_returns_to_the_page_asked_for_but_never_off_site() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    visitor
        .get("/config/settings")
        .await
        .assert_redirect("/login?next=/config/settings");
    let resp = visitor
        .post(
            "/login",
            &[
                ("login", "admin"),
                ("password", PASSWORD),
                ("next", "/config/settings"),
            ],
        )
        .await;
    resp.assert_redirect("/config/settings");
    let other = app.client();
    let resp = other
        .post(
            "/login",
            &[
                ("login", "admin"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    resp.assert_redirect("/pipeline");
}

#[actix_web::test]
async fn a_next_with_a_tab_line_break_or_backslash_signs_in_to_the_pipeline_without_a_500() {
    let app = TestApp::spawn().await;
    for bad in [
        "/\t/evil.example/x",
        "/\n/x",
        "/\\evil",
        "https://x",
        "/\r\nX: y",
    ] {
        let resp = app
            .client()
            .post(
                "/login",
                &[("login", "admin"), ("password", PASSWORD), ("next", bad)],
            )
            .await;
        assert_eq!(resp.status, 303, "{bad:?}: {}", resp.body);
        assert_eq!(resp.location.as_deref(), Some("/pipeline"), "{bad:?}");
    }
    let kept = app
        .client()
        .post(
            "/login",
            &[
                ("login", "admin"),
                ("password", PASSWORD),
                ("next", "/leads?x=1"),
            ],
        )
        .await;
    assert_eq!(kept.location.as_deref(), Some("/leads?x=1"));
}

// ---- Sign-in throttling by login and client address, and the cost of an unknown login ----

fn behind_a_proxy() -> leadbook::web::WebOptions {
    leadbook::web::WebOptions {
        trust_proxy: true,
        ..leadbook::web::WebOptions::default()
    }
}

#[actix_web::test]
async fn failures_from_one_address_do_not_lock_the_login_out_elsewhere() {
    let app = TestApp::spawn_with(behind_a_proxy()).await;
    let attacker = app.client_from("203.0.113.9");
    for _ in 0..users::FREE_FAILURES {
        let resp = attacker
            .post("/login", &[("login", "sales"), ("password", "guess guess")])
            .await;
        assert_eq!(resp.status, 422);
    }
    let resp = attacker
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 429, "throttled where the failures came from");
    app.client_from("198.51.100.20")
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await
        .assert_redirect("/pipeline");
    // The proxy appends the address it saw; what the client claimed first does not count.
    let resp = app
        .client_from("198.51.100.20, 203.0.113.9")
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 429);
}

#[actix_web::test]
async fn without_a_trusted_proxy_a_forwarded_header_does_not_dodge_the_throttle() {
    let app = TestApp::spawn().await;
    for n in 0..users::FREE_FAILURES {
        let resp = app
            .client_from(&format!("198.51.100.{n}"))
            .post("/login", &[("login", "sales"), ("password", "guess guess")])
            .await;
        assert_eq!(resp.status, 422);
    }
    let resp = app
        .client_from("192.0.2.200")
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 429, "all came from the same peer address");
}

/// An unknown login, a deactivated one and a wrong password each cost one argon2 check, so
/// the time of the answer does not tell which logins exist. (Counted, not timed.)
#[test]
fn an_unknown_or_deactivated_login_costs_a_password_check_like_a_wrong_password() {
    let (pool, _guard) = crate::support::fresh_pool();
    let mut conn = pool.get().unwrap();
    let w = crate::support::World::create(&mut conn);
    let deactivated = users::find(&mut conn, w.other_sales).unwrap();
    let input = users::UserInput {
        login: deactivated.login.clone(),
        name: deactivated.name.clone(),
        role: "salesperson".into(),
        ..users::UserInput::default()
    };
    let admin = crate::support::actor(&mut conn, w.admin);
    users::update(&mut conn, &admin, w.other_sales, &input, false).unwrap();
    for (login, password) in [
        ("sales", "wrong password"),
        ("nobody", "wrong password"),
        ("other", PASSWORD),
        ("sales", PASSWORD),
    ] {
        let before = users::password_checks_on_this_thread();
        let _ = users::authenticate(&mut conn, login, password, "192.0.2.1");
        assert_eq!(
            users::password_checks_on_this_thread() - before,
            1,
            "{login} with {password:?}"
        );
    }
}
