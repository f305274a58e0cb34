//! Customers in real Chromium: a salesperson types a customer with its messengers in the
//! form, and every way to reach them on its page (and on a lead's) opens the right address:
//! Telegram at t.me, WhatsApp at wa.me, phones as tel:, email as mailto:, other channels as
//! plain text with their channel's name.

use crate::browser_support::Browser;
use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::ids::Owner;
use leadbook::domain::models::identities::{self, IdentityChannel};

#[actix_web::test]
async fn the_messenger_links_of_a_customer_and_a_lead_open_the_right_addresses() {
    let app = TestApp::spawn().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto("/customers/new?kind=person").await;
    browser.fill("#name", "Jenna Cherry").await;
    browser.fill("#email", "jenna@cherry.test").await;
    browser.fill("#phone", "+44 20 7946 0958").await;
    browser.select("select[name=msg_channel]", "WhatsApp").await;
    browser
        .fill("input[name=msg_handle]", "+39 333 123 4567")
        .await;
    browser
        .click_and_wait("#customer-form button[type=submit]")
        .await;
    assert!(browser.path().await.starts_with("/customers/"));
    assert_eq!(browser.text("h1").await, "Jenna Cherry");
    let links = browser
        .attrs("#messengers a, #phone a, #email a", "href")
        .await;
    assert!(
        links.contains(&"https://wa.me/393331234567".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"tel:+442079460958".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"mailto:jenna@cherry.test".to_string()),
        "{links:?}"
    );
    browser.screenshot("customer-page").await;

    let w = app.world();
    let lead = LeadBuilder::new("Telegram enquiry")
        .owner(w.sales)
        .team(w.europe)
        .create(&mut app.conn())
        .id;
    for (channel, handle) in [
        (IdentityChannel::Telegram, "@Ivan_P"),
        (IdentityChannel::Vk, "id777"),
    ] {
        identities::add(&mut app.conn(), Owner::Lead(lead), channel, handle, "IT").unwrap();
    }
    browser.goto(&format!("/leads/{lead}")).await;
    let links = browser.attrs("#messengers a", "href").await;
    assert_eq!(
        links,
        vec!["https://t.me/ivan_p".to_string()],
        "VK has no link"
    );
    assert!(
        browser.text("#messengers").await.contains("id777"),
        "shown as text"
    );
    browser.quit().await;
    app.stop().await;
}
