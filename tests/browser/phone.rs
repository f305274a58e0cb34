//! Browser tests at a phone's width (390 px): the pages of the pipeline, lost and similar
//! features fit the screen (no sideways scrolling of the whole page) and their dialogs and
//! menus stay usable.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser_phone
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::models::leads::Kind;

/// How much wider than the window the page is, in CSS pixels (0 when it fits).
async fn overflow(browser: &Browser) -> i64 {
    let ret = browser
        .driver
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            Vec::new(),
        )
        .await
        .expect("measure the page");
    ret.json().as_i64().expect("a number")
}

#[actix_web::test]
async fn on_a_phone_the_pages_fit_the_screen() {
    let app = TestApp::spawn().await;
    let sales = app.world().sales;
    let boat = LeadBuilder::new("Boat rental")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(sales)
        .team(app.world().europe)
        .revenue("1200")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    LeadBuilder::new("Robin's second boat")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(sales)
        .team(app.world().europe)
        .revenue("1200")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser
        .driver
        .set_window_rect(0, 0, 390, 844)
        .await
        .expect("phone-sized window");
    browser.sign_in("sales").await;
    for (name, path) in [
        ("phone-record", format!("/leads/{}", boat.0)),
        ("phone-similar", format!("/leads/{}/similar", boat.0)),
        ("phone-list", "/opportunities".to_string()),
        ("phone-lost-form", format!("/leads/{}/lost", boat.0)),
        ("phone-new-lead", "/leads/new".to_string()),
    ] {
        browser.goto(&path).await;
        browser.screenshot(name).await;
        assert_eq!(overflow(&browser).await, 0, "{path} is wider than a phone");
    }

    browser.goto(&format!("/leads/{}", boat.0)).await;
    browser.click(".lost-buttons a[data-dialog]").await;
    let form = "dialog#lost-dialog[open] #lost-form";
    browser.find(form).await;
    browser.screenshot("phone-lost-dialog").await;
    assert!(
        browser
            .visible(&format!("{form} button[type=submit]"))
            .await,
        "the dialog's confirm button is on screen"
    );
    assert_eq!(overflow(&browser).await, 0, "the dialog fits");

    browser.quit().await;
    app.stop().await;
}
