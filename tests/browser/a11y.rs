//! The accessibility check (issue 18, item 9): axe-core, run in Chromium, finds no serious or
//! critical violation on the pipeline (also in its selection mode, with the Move to… menu
//! open), the list, a record, and the merge, convert and Mark as Lost pages.
//!
//! axe-core is installed by `npm ci --prefix tests/browser/a11y` (`.ci/run` does it); without
//! it these tests fail unless `LEADBOOK_E2E=0`.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser a11y
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;

#[actix_web::test]
async fn axe_finds_no_serious_violation_on_the_main_pages() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = w
        .sales_deal("Boat rental", "1200")
        .contact("Ivan Petrov")
        .email("ivan@boats.test")
        .create(&mut app.conn())
        .id;
    let twin = w
        .sales_deal("Boat rental web", "300")
        .contact("Ivan Petrov")
        .email("ivan@boats.test")
        .create(&mut app.conn())
        .id;
    let lead = w
        .sales_lead("Fabric samples")
        .contact("Giulia Conti")
        .company("Tessuti Conti")
        .create(&mut app.conn())
        .id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    let pages = [
        ("pipeline", "/pipeline".to_string()),
        (
            "pipeline in selection mode",
            "/pipeline?select=1".to_string(),
        ),
        ("list of opportunities", "/opportunities".to_string()),
        ("list of leads", "/leads".to_string()),
        ("record", format!("/leads/{deal}")),
        ("similar", format!("/leads/{deal}/similar")),
        ("merge", format!("/leads/merge?ids={deal}&ids={twin}")),
        ("convert", format!("/leads/{lead}/convert")),
        ("lost", format!("/leads/{deal}/lost")),
        ("move to", format!("/leads/{deal}/move?next=/pipeline")),
    ];
    for (name, path) in &pages {
        browser.goto(path).await;
        browser.find("main").await;
        browser.assert_accessible(name).await;
    }
    // With what JavaScript opens: the Move to… menu and the Mark as Lost dialog.
    browser.goto("/pipeline").await;
    browser
        .click(&format!(
            "article.kanban-card[data-id='{deal}'] a.card-move"
        ))
        .await;
    browser.find("#move-menu:not([hidden])").await;
    browser
        .assert_accessible("pipeline with the Move to… menu")
        .await;
    browser.goto(&format!("/leads/{deal}")).await;
    browser.click("a[data-dialog=lost-dialog]").await;
    browser.find("dialog#lost-dialog[open] #lost-form").await;
    browser.assert_accessible("the Mark as Lost dialog").await;

    browser.quit().await;
    app.stop().await;
}
