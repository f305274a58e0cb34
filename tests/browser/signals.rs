//! Screenshots of the signals screens (issue 18) at 1366 and 390 px: the empty pipeline's
//! first steps, the kanban's similar badge, the record page's contact links without a
//! "0 Similar Leads" button, the list's contact columns and heading, and a customer
//! without records.

use leadbook::domain::models::leads::Kind;

use crate::browser_support::Browser;
use crate::support::{LeadBuilder, TestApp};

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
    browser.shoot_widths("signals-first-steps", None).await;

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
    browser.shoot_widths("signals-kanban-badge", None).await;

    browser.goto(&format!("/leads/{}", alone.0)).await;
    assert!(!browser.exists("#similar-button").await, "no 0 button");
    assert!(browser.exists("#phone a[href^='tel:+39']").await);
    browser.shoot_widths("signals-record-alone", None).await;
    browser.goto(&format!("/leads/{}", robin.0)).await;
    assert_eq!(browser.text("#similar-button").await, "❐ 2 Similar Leads");
    browser.shoot_widths("signals-record-similar", None).await;

    browser.goto("/leads?filter=opportunities").await;
    assert_eq!(browser.text("#list-heading").await, "Opportunities");
    assert_eq!(
        browser
            .count("#records a.contact-link[href^='mailto:']")
            .await,
        4
    );
    browser
        .shoot_widths("signals-list-opportunities", None)
        .await;

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
    browser.shoot_widths("signals-customer-empty", None).await;

    browser.quit().await;
    app.stop().await;
}
