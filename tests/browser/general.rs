//! Browser tests: real headless Chromium through Debian's chromedriver, against the app served
//! in-process. Built only with the `browser` feature:
//!
//! ```sh
//! cargo test --features browser --test browser
//! cargo test --features browser --test 'browser*'   # with browser_pipeline.rs, ...
//! ```
//!
//! Missing chromedriver fails the run unless `LEADBOOK_E2E=0` is set (then each test prints
//! that it skipped). A failing test leaves a screenshot under `target/screenshots/`.
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;

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

#[actix_web::test]
async fn the_first_visit_sets_up_the_admin_and_lands_on_the_pipeline() {
    let app = TestApp::spawn_empty().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };

    browser.goto("/").await;
    assert_eq!(
        browser.path().await,
        "/setup",
        "an empty database sends the first visitor to the setup page"
    );
    assert_eq!(browser.text("main h1").await, "Set up Leadbook");
    browser.fill("#name", "Grace Hopper").await;
    browser.fill("#login", "grace").await;
    browser.fill("#email", "grace@leadbook.test").await;
    browser.fill("#password", "a long enough passphrase").await;
    browser
        .fill("#password_confirm", "a long enough passphrase")
        .await;
    browser
        .click_and_wait("form[action='/setup'] button[type=submit]")
        .await;

    assert_eq!(
        browser.path().await,
        "/pipeline",
        "signed in, on the pipeline"
    );
    let flash = browser.text("#flash").await;
    assert!(
        flash.contains("Your admin account is ready"),
        "the welcome message, got {flash:?}"
    );
    let user_menu = browser.text(".usermenu summary").await;
    assert!(
        user_menu.contains("Grace Hopper"),
        "the new admin is signed in, got {user_menu:?}"
    );
    assert!(
        browser.exists("section.kanban-col[aria-label='New']").await,
        "the default stages are there"
    );
    browser.screenshot("setup-done").await;

    browser.goto("/setup").await;
    assert!(
        !browser.exists("form[action='/setup']").await,
        "the setup page is gone once an admin exists (now at {})",
        browser.path().await
    );

    browser.quit().await;
    app.stop().await;
}
