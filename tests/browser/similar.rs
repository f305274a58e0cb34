//! Browser tests of the duplicate finder (issue 4): the Similar Leads smart button and view,
//! the warning after creating a duplicate by hand, and a colleague's hidden match.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser_similar
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::{LeadBuilder, TestApp};

const DUPLICATES: &str = "section.kanban-col[aria-label='Probable duplicates']";

#[actix_web::test]
async fn the_similar_leads_button_counts_the_duplicates_and_opens_them_with_their_reasons() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let (sales, _europe) = (w.sales, w.europe.0);
    let first = LeadBuilder::new("Robin's first request")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(sales)
        .team(w.europe)
        .create(&mut app.conn())
        .id;
    let again = LeadBuilder::new("Robin again")
        .contact("Robin Banks")
        .email("ROBIN@acme.example")
        .owner(sales)
        .team(w.europe)
        .create(&mut app.conn())
        .id;
    LeadBuilder::new("Someone else")
        .contact("Ada Lovelace")
        .email("ada@engines.example")
        .owner(sales)
        .team(w.europe)
        .create(&mut app.conn());
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto(&format!("/leads/{}", first.0)).await;

    assert_eq!(
        browser.text("#similar-button").await,
        "❐ 1 Similar Leads",
        "one planted duplicate"
    );
    browser.click_and_wait("#similar-button").await;

    assert_eq!(browser.path().await, format!("/leads/{}/similar", first.0));
    assert_eq!(
        browser
            .text(&format!("{DUPLICATES} .kanban-head .count"))
            .await,
        "1"
    );
    let titles = browser.texts(&format!("{DUPLICATES} .match-card h3")).await;
    assert_eq!(titles, ["Robin again"], "the duplicate, not the stranger");
    assert!(
        browser
            .exists(&format!(
                "{DUPLICATES} .match-card a[href='/leads/{}']",
                again.0
            ))
            .await,
        "the duplicate links to its record"
    );
    let reasons = browser
        .texts(&format!("{DUPLICATES} .match-card .reasons li"))
        .await;
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("same email robin@acme.example")),
        "the card says why, got {reasons:?}"
    );
    let current = browser
        .text("section.kanban-col[aria-label='This record'] .match-card.current h3")
        .await;
    assert_eq!(current, "Robin's first request");
    browser.screenshot("similar-view").await;

    browser.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn creating_a_lead_by_hand_with_a_known_email_warns_about_the_duplicate() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let existing = LeadBuilder::new("Villa in Tuscany")
        .contact("Giulia Bianchi")
        .email("giulia@example.com")
        .owner(w.sales)
        .team(w.europe)
        .create(&mut app.conn())
        .id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto("/leads/new").await;
    browser.fill("#title", "Giulia wants a second villa").await;
    browser.fill("#contact_name", "G. Bianchi").await;
    browser.fill("#email", "Giulia@Example.com").await;
    // Warned while typing (the form's duplicate panel), then saved anyway.
    browser.find("#dup-panel .dup-item").await;
    browser
        .click_and_wait("#lead-form button[type=submit]")
        .await;

    let path = browser.path().await;
    assert!(
        path.starts_with("/leads/") && path.ends_with("?created=1"),
        "the new record opens, got {path}"
    );
    let flash = browser.text("#flash").await;
    assert!(
        flash.contains("created"),
        "the creation is confirmed, got {flash:?}"
    );
    let warning = browser.text("#similar-warning").await;
    assert!(
        warning.contains("Possible duplicates of this lead"),
        "the warning's title, got {warning:?}"
    );
    assert!(
        warning.contains("same email giulia@example.com"),
        "the warning says why, got {warning:?}"
    );
    assert!(
        browser
            .exists(&format!("#similar-warning a[href='/leads/{}']", existing.0))
            .await,
        "the existing record is one click away"
    );
    assert_eq!(browser.text("#similar-warning a").await, "Villa in Tuscany");
    assert_eq!(browser.text("#similar-button").await, "❐ 1 Similar Leads");
    browser.screenshot("similar-warning").await;

    browser.goto(&path.replace("?created=1", "")).await;
    assert!(
        !browser.exists("#similar-warning").await,
        "the warning is shown once, right after creating"
    );

    browser.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn a_salesperson_sees_a_colleagues_matching_record_without_a_link() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let mine = LeadBuilder::new("Mine")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(w.sales)
        .team(w.europe)
        .create(&mut app.conn())
        .id;
    let theirs = LeadBuilder::new("Secret deal")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(w.other_sales)
        .team(w.asia)
        .create(&mut app.conn())
        .id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto(&format!("/leads/{}", mine.0)).await;
    assert_eq!(browser.text("#similar-button").await, "❐ 1 Similar Leads");
    browser.click_and_wait("#similar-button").await;

    let card = format!("{DUPLICATES} .match-card");
    assert_eq!(
        browser.text(&format!("{card} .hidden-match")).await,
        "A matching record exists that you cannot open"
    );
    let owner = browser.text(&format!("{card} .owner")).await;
    assert_eq!(owner, "Owner: Linh Tran", "whom to ask");
    assert_eq!(
        browser.count(&format!("{card} a")).await,
        0,
        "no link to a record they cannot open"
    );
    let page = browser.text("main").await;
    assert!(!page.contains("Secret deal"), "nor its title");
    browser.screenshot("similar-hidden-match").await;

    browser.goto(&format!("/leads/{}", theirs.0)).await;
    assert_eq!(
        browser.text(".error-page .error-code").await,
        "404",
        "the colleague's record itself does not open"
    );
    assert_eq!(browser.text(".error-page h1").await, "Page not found");

    browser.quit().await;
    app.stop().await;
}
