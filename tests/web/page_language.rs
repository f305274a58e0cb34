//! Error pages and the setup page are written in the reader's language, as every page is:
//! `<html lang>` and the texts follow the user's preference, else the browser's.

use crate::support::TestApp;

/// A page fetched anonymously with an `Accept-Language` header.
async fn get_in(base: &str, path: &str, accept_language: &str) -> (u16, String) {
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{base}{path}"))
        .header("accept-language", accept_language)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[actix_web::test]
async fn an_error_page_is_in_the_signed_in_user_s_language() {
    let app = TestApp::spawn().await;
    let browser = app.client_as("sales").await;
    browser
        .post("/preferences", &[("language", "it")])
        .await
        .assert_redirect("/preferences");
    let missing = browser.get("/leads/999999").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("<html lang=\"it\">"),
        "{}",
        missing.body
    );
    assert!(
        missing
            .body
            .contains(&leadbook::tr("it", "error.not_found_text"))
    );
    let refused = browser.post_raw("/leads", "title=x").await;
    assert_eq!(refused.status, 403, "no CSRF token");
    assert!(
        refused.body.contains("<html lang=\"it\">"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(&leadbook::tr("it", "web.error.csrf")));
    app.stop().await;
}

#[actix_web::test]
async fn an_error_page_for_a_visitor_is_in_the_browser_s_language() {
    let app = TestApp::spawn().await;
    let (status, body) = get_in(&app.base, "/no/such/page", "vi-VN,vi;q=0.9").await;
    assert_eq!(status, 404);
    assert!(body.contains("<html lang=\"vi\">"), "{body}");
    let (_, body) = get_in(&app.base, "/no/such/page", "de").await;
    assert!(body.contains("<html lang=\"en\">"), "{body}");
    app.stop().await;
}

#[actix_web::test]
async fn the_setup_page_is_in_the_browser_s_language() {
    let app = TestApp::spawn_empty().await;
    let (status, body) = get_in(&app.base, "/setup", "ru-RU,ru;q=0.9").await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"ru\">"), "{body}");
    app.stop().await;
}
