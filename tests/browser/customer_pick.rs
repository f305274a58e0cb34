//! Browser test of the customer type-ahead: typing part of a name in the lead form's
//! Customer field lists the matches, picking one links it; in the Convert wizard's dialog,
//! typing a customer ticks "another customer" and the opportunity is linked to it.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser customer_pick
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;
use leadbook::domain::models::leads;
use leadbook::domain::models::partners::{self, PartnerInput};

fn company(app: &TestApp, name: &str) -> leadbook::domain::models::partners::Partner {
    partners::create(
        &mut app.conn(),
        &PartnerInput {
            kind: "company".into(),
            name: name.into(),
            ..PartnerInput::default()
        },
    )
    .unwrap()
}

#[actix_web::test]
async fn a_customer_is_picked_by_typing_part_of_its_name() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let north = company(&app, "Northgate Foods");
    let vektor = company(&app, "ООО «Вектор»");
    let record = w
        .sales_lead("Office chairs")
        .contact("Ivan Petrov")
        .create(&mut app.conn());
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;

    // The lead form: type part of the name, pick the match.
    browser.goto("/leads/new").await;
    browser.fill("#title", "Crates").await;
    browser.fill("#partner_id", "northg").await;
    let option = format!("#partner-picker [data-pick-id='{}']", north.id);
    let listed = browser.find(&option).await.text().await.unwrap();
    assert!(listed.contains("Northgate Foods"), "{listed}");
    browser.screenshot("customer-pick-lead-form").await;
    browser.click(&option).await;
    assert_eq!(
        browser.value("#partner_id").await,
        format!("Northgate Foods #{}", north.id)
    );
    browser
        .click_and_wait("#lead-form button[type='submit']")
        .await;
    let path = browser.path().await;
    let id: i32 = path
        .trim_start_matches("/leads/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("landed on {path}"));
    let lead = leads::find(&mut app.conn(), leadbook::domain::ids::LeadId(id)).unwrap();
    assert_eq!(lead.partner_id, Some(north.id));

    // The Convert wizard's dialog: typing a customer in another script ticks "another
    // customer" (the type-ahead also serves fields loaded after the page).
    browser.goto(&format!("/leads/{}", record.id)).await;
    browser.click("#convert-button").await;
    assert_eq!(
        browser.value("dialog input[name='customer']:checked").await,
        "create"
    );
    browser.fill("dialog #convert-partner", "вектор").await;
    let option = format!("dialog #customer-picker [data-pick-id='{}']", vektor.id);
    browser.click(&option).await;
    assert_eq!(
        browser.value("dialog input[name='customer']:checked").await,
        "link",
        "typing a customer chooses to link one"
    );
    browser.screenshot("customer-pick-convert").await;
    browser.click_and_wait("dialog #convert-confirm").await;
    let converted = leads::find(&mut app.conn(), record.id).unwrap();
    assert_eq!(converted.partner_id, Some(vektor.id));

    browser.quit().await;
    app.stop().await;
}
