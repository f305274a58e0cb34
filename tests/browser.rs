//! Browser tests: real headless Chromium through Debian's chromedriver, against the app served
//! in-process. Built only with the `browser` feature:
//!
//! ```sh
//! cargo test --features browser --test browser
//! ```
//!
//! Missing chromedriver fails the run unless `LEADBOOK_E2E=0` is set (then each test prints
//! that it skipped). A failing test leaves a screenshot under `target/screenshots/`.
#![cfg(feature = "browser")]

mod browser_support;
mod support;

use browser_support::Browser;
use support::TestApp;

#[actix_web::test]
async fn salesperson_signs_in_and_sees_the_pipeline() {
    let app = TestApp::spawn().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };

    browser.sign_in("sales").await;

    assert_eq!(browser.path().await, "/pipeline");
    let user_menu = browser.text(".usermenu summary").await;
    assert!(
        user_menu.contains("Mario Rossi"),
        "the user menu names the signed-in user, got {user_menu:?}"
    );
    let pipeline = browser.text("#pipeline").await;
    assert!(
        pipeline.contains("Qualified"),
        "the pipeline shows a Qualified column, got {pipeline:?}"
    );
    assert!(
        browser
            .exists("section.kanban-col[aria-label='Qualified']")
            .await,
        "Qualified is a kanban column"
    );
    browser.screenshot("pipeline-sales").await;

    browser.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn wrong_password_shows_the_message_and_keeps_the_login() {
    let app = TestApp::spawn().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };

    browser.sign_in_with("sales", "not the password").await;

    assert_eq!(browser.path().await, "/login", "still on the sign-in page");
    let message = browser.text("#login-error").await;
    assert!(
        message.contains("Wrong login or password"),
        "the error is on the page, got {message:?}"
    );
    assert_eq!(browser.value("#login").await, "sales", "the login is kept");
    assert_eq!(
        browser.value("#password").await,
        "",
        "the password is not sent back"
    );
    assert!(
        !browser.exists(".usermenu").await,
        "nobody is signed in after a wrong password"
    );

    browser.quit().await;
    app.stop().await;
}
