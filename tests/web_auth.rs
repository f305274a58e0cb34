//! Setup, sign-in, sign-out, CSRF and role checks, through the real HTTP server.

mod support;

use leadbook::domain::models::users;
use support::{PASSWORD, TestApp};

fn user_count(app: &TestApp) -> i64 {
    users::count(&mut app.conn()).unwrap()
}

#[actix_web::test]
async fn every_page_leads_to_setup_while_no_user_exists() {
    let app = TestApp::spawn_empty().await;
    let visitor = app.client();
    visitor.get("/pipeline").await.assert_redirect("/setup");
    visitor.get("/login").await.assert_redirect("/setup");
    let setup = visitor.get("/setup").await;
    assert_eq!(setup.status, 200);
    assert!(setup.body.contains("Create administrator"));
}

#[actix_web::test]
async fn setup_creates_the_first_admin_and_signs_them_in() {
    let app = TestApp::spawn_empty().await;
    let visitor = app.client();
    let resp = visitor
        .post(
            "/setup",
            &[
                ("name", "Ada Lovelace"),
                ("login", "ada"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    resp.assert_redirect("/pipeline");
    let pipeline = visitor.get("/pipeline").await;
    assert_eq!(pipeline.status, 200);
    assert!(pipeline.body.contains("Ada Lovelace"));
    assert!(pipeline.body.contains("Welcome to Leadbook"));
    let admin = users::find_by_login(&mut app.conn(), "ada").unwrap();
    assert_eq!(admin.role, users::Role::Admin);
}

#[actix_web::test]
async fn setup_is_closed_once_a_user_exists() {
    let app = TestApp::spawn().await;
    let before = user_count(&app);
    let visitor = app.client();
    visitor.get("/setup").await.assert_redirect("/login");
    let token = visitor.csrf_token().await;
    let body = support::encode(&[
        ("csrf", &token),
        ("name", "Mallory"),
        ("login", "mallory"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ]);
    visitor
        .post_raw("/setup", &body)
        .await
        .assert_redirect("/login");
    assert_eq!(user_count(&app), before);
    assert!(users::find_by_login(&mut app.conn(), "mallory").is_err());
}

#[actix_web::test]
async fn setup_with_bad_input_explains_each_field_and_keeps_what_was_typed() {
    let app = TestApp::spawn_empty().await;
    let visitor = app.client();
    let huge = "x".repeat(100 * 1024);
    let resp = visitor
        .post(
            "/setup",
            &[
                ("name", &huge),
                ("login", "ada lovelace"),
                ("email", "not-an-email"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Name is too long"));
    assert!(resp.body.contains("Use letters, digits"));
    assert!(resp.body.contains("is not an email address"));
    assert!(resp.body.contains("at least 8 characters"));
    assert!(
        resp.body.contains("value=\"not-an-email\""),
        "typed email kept"
    );
    assert!(
        resp.body.contains("value=\"ada lovelace\""),
        "typed login kept"
    );
    assert_eq!(user_count(&app), 0);

    let mismatch = visitor
        .post(
            "/setup",
            &[
                ("name", "Ada"),
                ("login", "ada"),
                ("password", PASSWORD),
                ("password_confirm", "other password"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    assert!(mismatch.body.contains("The two passwords differ"));
    assert_eq!(user_count(&app), 0);
}

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

#[actix_web::test]
async fn a_post_without_a_valid_csrf_token_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let before = user_count(&app);
    let fields = [
        ("name", "Eve"),
        ("login", "eve"),
        ("role", "admin"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    let without = admin
        .post_raw("/config/users", &support::encode(&fields))
        .await;
    assert_eq!(without.status, 403);
    assert!(without.body.contains("reload the page"));
    let mut forged = vec![("csrf", "0123456789abcdef")];
    forged.extend_from_slice(&fields);
    let wrong = admin
        .post_raw("/config/users", &support::encode(&forged))
        .await;
    assert_eq!(wrong.status, 403);
    assert_eq!(user_count(&app), before);
    // The same form with the session's token works.
    admin
        .post("/config/users", &fields)
        .await
        .assert_redirect("/config/users");
    assert_eq!(user_count(&app), before + 1);
}

#[actix_web::test]
async fn a_token_from_before_sign_in_is_worthless_after_it() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    let anonymous_token = visitor.csrf_token().await;
    let resp = visitor
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    resp.assert_redirect("/pipeline");
    let body = support::encode(&[("csrf", &anonymous_token), ("language", "en")]);
    assert_eq!(visitor.post_raw("/preferences", &body).await.status, 403);
}

#[actix_web::test]
async fn salespeople_and_managers_get_403_on_admin_pages() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    for path in ["/config/users", "/config/users/new", "/config/settings"] {
        let resp = sales.get(path).await;
        assert_eq!(resp.status, 403, "{path}");
        assert!(resp.body.contains("Access denied"));
    }
    let settings = sales
        .post("/config/settings", &[("default_country", "US")])
        .await;
    assert_eq!(settings.status, 403);
    let manager = app.client_as("manager").await;
    assert_eq!(manager.get("/config/users").await.status, 403);
    let menu = manager.get("/pipeline").await.body;
    assert!(
        menu.contains("/config/stages"),
        "managers see the configuration menu"
    );
    assert!(!menu.contains("/config/users"), "but not the admin entries");
}

#[actix_web::test]
async fn unknown_pages_and_ids_answer_404_in_the_layout() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    for path in [
        "/no/such/page",
        "/config/users/999999",
        "/config/users/abc",
        "/config/users/-1",
    ] {
        let resp = admin.get(path).await;
        assert_eq!(resp.status, 404, "{path}");
        assert!(resp.body.contains("Page not found"), "{path}");
        assert!(resp.body.contains("Leadbook"));
    }
    let resp = admin.post("/config/users/999999", &[("name", "x")]).await;
    assert_eq!(resp.status, 404);
}

#[actix_web::test]
async fn a_form_that_is_not_a_form_is_a_clear_400() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let token = admin.csrf_token().await;
    let body = format!("csrf={token}&teams=1&teams=2&teams=3&%%%");
    let resp = admin.post_raw("/config/users", &body).await;
    assert!(
        resp.status == 400 || resp.status == 422,
        "got {}",
        resp.status
    );
    assert!(!resp.body.is_empty());
}

#[actix_web::test]
async fn setup_can_load_the_demo_data_and_the_pipeline_shows_it() {
    let app = TestApp::spawn_empty().await;
    let visitor = app.client();
    visitor
        .post(
            "/setup",
            &[
                ("name", "Ada"),
                ("login", "ada"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("demo", "on"),
            ],
        )
        .await
        .assert_redirect("/pipeline");
    let pipeline = visitor.get("/pipeline").await;
    assert_eq!(pipeline.status, 200);
    assert!(
        pipeline.body.contains("On hold"),
        "the demo's folded stage is a column"
    );
    assert!(
        pipeline.body.matches("class=\"kanban-card").count() >= 10,
        "demo opportunities are on the board"
    );
    assert!(
        users::find_by_login(&mut app.conn(), "mario").is_ok(),
        "demo salespeople exist"
    );
}
