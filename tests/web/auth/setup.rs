//! The first run: setup creates the first admin, then closes.

use super::user_count;
use crate::support::{PASSWORD, TestApp};
use leadbook::domain::models::users;

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
    let body = crate::support::encode(&[
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
