//! Screenshots of the signals screens (issue 18) at 1366 and 390 px: the empty pipeline's
//! first steps, the kanban's similar badge, the record page's contact links without a
//! "0 Similar Leads" button, the list's contact columns and heading, and a customer
//! without records.

use leadbook::domain::models::leads::Kind;

use crate::browser_support::Browser;
use crate::support::{LeadBuilder, TestApp};

/// `name-1366` and `name-390`, back at 1366 px after.
async fn shots(browser: &Browser, name: &str) {
    for (width, height) in [(390, 844), (1366, 900)] {
        browser
            .driver
            .set_window_rect(0, 0, width, height)
            .await
            .expect("resize");
        browser.screenshot(&format!("{name}-{width}")).await;
    }
}

#[actix_web::test]
async fn the_signals_screens_at_a_desk_and_a_phone() {
    let app = TestApp::spawn().await;
    let sales = app.world().sales;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("admin").await;
    browser.goto("/pipeline").await;
    assert!(browser.visible("#first-steps").await);
    assert_eq!(browser.count("#first-steps li").await, 3);
    shots(&browser, "signals-first-steps").await;

    let deal = |title: &str, email: &str| {
        LeadBuilder::new(title)
            .contact("Robin Banks")
            .email(email)
            .phone("+44 20 7946 0958")
            .owner(sales)
            .kind(Kind::Opportunity)
    };
    let robin = deal("Desks", "robin@acme.example")
        .create(&mut app.conn())
        .id;
    deal("Chairs", "robin@acme.example").create(&mut app.conn());
    deal("Lamps", "ROBIN@acme.example").create(&mut app.conn());
    let alone = LeadBuilder::new("Boats")
        .contact("Zoe Quist")
        .email("zoe@quist.example")
        .phone("+39 02 1234 5678")
        .owner(sales)
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    browser.goto("/pipeline").await;
    let badge = format!("article[data-id='{}'] a.badge.similar", robin.0);
    assert_eq!(browser.text(&badge).await, "❐ 2 similar");
    shots(&browser, "signals-kanban-badge").await;

    browser.goto(&format!("/leads/{}", alone.0)).await;
    assert!(!browser.exists("#similar-button").await, "no 0 button");
    assert!(browser.exists("#phone a[href^='tel:+39']").await);
    shots(&browser, "signals-record-alone").await;
    browser.goto(&format!("/leads/{}", robin.0)).await;
    assert_eq!(browser.text("#similar-button").await, "❐ 2 Similar Leads");
    shots(&browser, "signals-record-similar").await;

    browser.goto("/leads?filter=opportunities").await;
    assert_eq!(browser.text("#list-heading").await, "Opportunities");
    assert_eq!(
        browser
            .count("#records a.contact-link[href^='mailto:']")
            .await,
        4
    );
    shots(&browser, "signals-list-opportunities").await;

    let client = app.client_as("sales").await;
    let made = client
        .post(
            "/customers",
            &[("kind", "company"), ("name", "Northgate Foods")],
        )
        .await;
    browser
        .goto(made.location.as_deref().expect("the new customer"))
        .await;
    assert!(
        browser
            .text("#no-records")
            .await
            .contains("No lead or opportunity")
    );
    shots(&browser, "signals-customer-empty").await;

    browser.quit().await;
    app.stop().await;
}
