//! Preferences → API tokens (a user's own tokens: create shown once, list, revoke) and the
//! admin's intake duplicate setting on the Settings page.

mod api_support;
mod support;

use api_support::Api;
use leadbook::domain::models::api_tokens;
use leadbook::domain::models::settings::{self, IntakeDuplicates};
use support::TestApp;

fn token_in(body: &str) -> String {
    let start = body.find("value=\"lb_").expect("the new token is shown") + 7;
    let end = body[start..].find('"').unwrap() + start;
    body[start..end].to_string()
}

#[actix_web::test]
async fn a_user_creates_a_token_sees_it_once_uses_it_and_revokes_it() {
    let app = TestApp::spawn().await;
    let browser = app.client_as("sales").await;
    let menu = browser.get("/preferences").await;
    assert!(menu.body.contains("href=\"/preferences/api-tokens\""));
    let created = browser
        .post("/preferences/api-tokens", &[("name", "Website form")])
        .await;
    assert_eq!(created.status, 200);
    let token = token_in(&created.body);
    let api = Api::new(&app, Some(&token));
    assert_eq!(api.get("/api/v1/stages").await.status, 200);

    let later = browser.get("/preferences/api-tokens").await;
    assert!(later.body.contains("Website form"));
    assert!(!later.body.contains(&token), "the token is shown only once");
    assert!(!later.body.contains("Never"), "its last use is shown");

    let id = api_tokens::list_for(&mut app.conn(), app.world().sales).unwrap()[0].id;
    let revoked = browser
        .post(&format!("/preferences/api-tokens/{id}/revoke"), &[])
        .await;
    revoked.assert_redirect("/preferences/api-tokens");
    assert_eq!(api.get("/api/v1/stages").await.status, 401);
    assert!(
        browser
            .get("/preferences/api-tokens")
            .await
            .body
            .contains("Revoked")
    );
}

#[actix_web::test]
async fn nobody_revokes_someone_elses_token_and_posts_need_the_csrf_token() {
    let app = TestApp::spawn().await;
    let theirs = api_tokens::create(&mut app.conn(), app.world().manager, "bot").unwrap();
    let id = api_tokens::list_for(&mut app.conn(), app.world().manager).unwrap()[0].id;
    let browser = app.client_as("sales").await;
    let attempt = browser
        .post(&format!("/preferences/api-tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(attempt.status, 404);
    assert_eq!(
        Api::new(&app, Some(&theirs))
            .get("/api/v1/stages")
            .await
            .status,
        200
    );
    let forged = browser.post_raw("/preferences/api-tokens", "name=x").await;
    assert_eq!(forged.status, 403);
}

#[actix_web::test]
async fn the_admin_switches_intake_duplicates_between_flag_and_merge() {
    let app = TestApp::spawn().await;
    assert_eq!(
        settings::load(&mut app.conn()).unwrap().intake_duplicates,
        IntakeDuplicates::Flag,
        "flag only by default: nothing irreversible without a person"
    );
    let admin = app.client_as("admin").await;
    let page = admin.get("/config/settings").await;
    assert!(
        page.body
            .contains("name=\"intake_duplicates\" value=\"merge\"")
    );
    let saved = admin
        .post(
            "/config/settings",
            &[
                ("default_country", "IT"),
                ("leads_enabled", "on"),
                ("intake_duplicates", "merge"),
            ],
        )
        .await;
    saved.assert_redirect("/config/settings");
    assert_eq!(
        settings::load(&mut app.conn()).unwrap().intake_duplicates,
        IntakeDuplicates::Merge
    );
    let bad = admin
        .post(
            "/config/settings",
            &[("default_country", "IT"), ("intake_duplicates", "shred")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("&#x27;shred&#x27; is not") || bad.body.contains("shred"));
    let sales = app.client_as("sales").await;
    assert_eq!(sales.get("/config/settings").await.status, 403);
}
