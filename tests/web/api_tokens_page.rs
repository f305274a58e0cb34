//! Preferences → API tokens (a user's own tokens: create shown once, list, revoke) and the
//! admin's intake duplicate setting on the Settings page.

use crate::api_support::Api;
use crate::support::TestApp;
use leadbook::domain::models::api_tokens;
use leadbook::domain::models::settings::{self, IntakeDuplicates};

/// What the API answers to this token (a read any live token may do).
async fn answer_to(app: &TestApp, token: &str) -> u16 {
    Api::new(app, Some(token))
        .get("/api/v1/stages")
        .await
        .status
}

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
    assert_eq!(answer_to(&app, &theirs).await, 200);
    let forged = browser.post_raw("/preferences/api-tokens", "name=x").await;
    assert_eq!(forged.status, 403);
}

#[actix_web::test]
async fn an_admin_sees_a_users_tokens_and_revokes_a_leaked_one_without_locking_them_out() {
    let app = TestApp::spawn().await;
    let sales = app.world().sales;
    let leaked = api_tokens::create(&mut app.conn(), sales, "Old website form").unwrap();
    let kept = api_tokens::create(&mut app.conn(), sales, "Telegram bot").unwrap();
    let id = api_tokens::list_for(&mut app.conn(), sales)
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Old website form")
        .unwrap()
        .id;

    // A manager may neither see the page nor revoke.
    let manager = app.client_as("manager").await;
    let tried = manager
        .post(&format!("/config/users/{sales}/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(tried.status, 403);
    assert_eq!(answer_to(&app, &leaked).await, 200);

    let admin = app.client_as("admin").await;
    let page = admin.get(&format!("/config/users/{sales}")).await;
    assert!(page.body.contains("Old website form") && page.body.contains("Telegram bot"));
    assert!(
        !page.body.contains(&leaked),
        "the token itself is never shown again"
    );
    let revoked = admin
        .post(&format!("/config/users/{sales}/tokens/{id}/revoke"), &[])
        .await;
    revoked.assert_redirect(&format!("/config/users/{sales}#tokens"));
    assert_eq!(answer_to(&app, &leaked).await, 401);
    assert_eq!(
        answer_to(&app, &kept).await,
        200,
        "the user's other token still works"
    );
    assert_eq!(
        app.client_as("sales")
            .await
            .get("/preferences/api-tokens")
            .await
            .status,
        200,
        "and the user still signs in"
    );
    assert!(
        admin
            .get(&format!("/config/users/{sales}"))
            .await
            .body
            .contains("Revoked")
    );

    // A token id that belongs to someone else is not found under this user.
    let other = api_tokens::create(&mut app.conn(), app.world().manager, "bot").unwrap();
    let other_id = api_tokens::list_for(&mut app.conn(), app.world().manager).unwrap()[0].id;
    let wrong = admin
        .post(
            &format!("/config/users/{sales}/tokens/{other_id}/revoke"),
            &[],
        )
        .await;
    assert_eq!(wrong.status, 404);
    assert_eq!(answer_to(&app, &other).await, 200);
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
