//! Browser test of the pipeline's quick create (issue 18): a column's "+" opens a small
//! card; what is typed there becomes an opportunity in that column.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser quick_create
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;
use leadbook::domain::models::stages;

#[actix_web::test]
async fn quick_create_on_a_column_puts_an_opportunity_in_that_column() {
    let app = TestApp::spawn().await;
    app.world()
        .sales_deal("Boat rental", "1200")
        .create(&mut app.conn());
    let qualified = stages::list(&mut app.conn()).unwrap()[1].id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    let card = format!("#quick-{qualified}");
    assert!(
        !browser.visible(&format!("{card} form")).await,
        "folded at first"
    );
    browser.click(&format!("{card} > summary")).await;
    assert!(
        browser.visible(&format!("{card} form")).await,
        "the + opens it"
    );
    let field = |name: &str| format!("#quick-{qualified}-{name}");
    browser.fill(&field("title"), "20 office chairs").await;
    browser.fill(&field("contact_name"), "Giulia Verdi").await;
    browser.fill(&field("contact"), "giulia@verdi.test").await;
    browser.fill(&field("expected_revenue"), "1500").await;
    browser.shoot_widths("quick-create-open", Some(&card)).await;

    browser
        .click_and_wait(&format!("{card} button[type=submit]"))
        .await;

    let column = "section.kanban-col[aria-label='Qualified']";
    let titles = browser.texts(&format!("{column} .kanban-card h3")).await;
    assert_eq!(titles, ["20 office chairs"], "the card is in that column");
    let new = browser
        .texts("section.kanban-col[aria-label='New'] .kanban-card h3")
        .await;
    assert_eq!(new, ["Boat rental"], "and only there");
    assert!(
        browser
            .text(".flash, .alert")
            .await
            .contains("20 office chairs")
    );
    assert_eq!(browser.text(&format!("{column} .count")).await, "1");

    // A mistake keeps the card open, as typed, with the message under its field.
    browser.click(&format!("{card} > summary")).await;
    browser.fill(&field("title"), "Desks").await;
    browser.fill(&field("expected_revenue"), "lots").await;
    browser
        .click_and_wait(&format!("{card} button[type=submit]"))
        .await;
    assert!(browser.visible(&format!("{card} form")).await);
    assert_eq!(browser.value(&field("title")).await, "Desks");
    assert_eq!(browser.value(&field("expected_revenue")).await, "lots");
    assert!(browser.exists(&format!("{card} .field-error")).await);
    browser
        .shoot_widths("quick-create-error", Some(&card))
        .await;

    browser.quit().await;
    app.stop().await;
}
