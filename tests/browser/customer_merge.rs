//! Browser test of the customer merge: the Duplicates page lists a customer cluster, its
//! Merge action opens the wizard, Merge lands on the merge's page, and Undo restores both
//! customers.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser customer_merge
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;
use leadbook::domain::ids::{PartnerId, UserId};
use leadbook::domain::models::partners::{self, PartnerInput};

fn company(app: &TestApp, name: &str, owner: Option<UserId>) -> PartnerId {
    let input = PartnerInput {
        kind: "company".into(),
        name: name.into(),
        email: "info@northwind.test".into(),
        city: "Torino".into(),
        salesperson_id: owner.map(|u| u.to_string()).unwrap_or_default(),
        ..PartnerInput::default()
    };
    partners::create(&mut app.conn(), &input)
        .expect("customer")
        .id
}

#[actix_web::test]
async fn merge_two_customers_from_the_duplicates_page_then_undo() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = company(&app, "Northwind Traders", Some(w.manager));
    let b = company(&app, "Northwind Traders Ltd", None);
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("manager").await;
    browser.goto("/duplicates").await;
    assert!(
        browser.exists(".customer-cluster").await,
        "the customer cluster is listed"
    );
    browser.screenshot("duplicates-customer-cluster").await;
    browser
        .click_and_wait(".customer-cluster a.merge-customers")
        .await;
    assert!(browser.path().await.starts_with("/customers/merge?"));
    assert_eq!(
        browser.value("input[name='primary']:checked").await,
        a.to_string(),
        "the oldest customer is the primary by default"
    );
    let preview = browser.text("#merge-table").await;
    assert!(preview.contains("Northwind Traders"), "{preview}");
    browser.screenshot("customer-merge-wizard").await;

    browser.click_and_wait("#confirm-customer-merge").await;
    let entry_path = browser.path().await;
    assert!(entry_path.starts_with("/customers/merges/"), "{entry_path}");
    let entry = browser.text("#customer-merge-entry").await;
    assert!(entry.contains("Northwind Traders Ltd"), "{entry}");
    browser.goto(&format!("/customers/{b}")).await;
    assert!(browser.exists("#customer-merged").await, "B leads to A");
    browser.goto("/duplicates").await;
    assert!(
        !browser.exists(".customer-cluster").await,
        "merged: no cluster"
    );

    browser.goto(&format!("/customers/{a}")).await;
    browser.click_and_wait("#similar-customers-button").await;
    assert_eq!(browser.path().await, format!("/customers/{a}/similar"));
    browser.goto(&entry_path).await;
    browser.click_and_wait("#undo-customer-merge").await;
    assert_eq!(browser.path().await, format!("/customers/{a}"));
    let back = partners::find(&mut app.conn(), b).expect("B");
    assert_eq!(back.merged_into_id, None, "B is back on its own");
    browser.goto(&format!("/customers/{b}")).await;
    assert!(!browser.exists("#customer-merged").await);

    browser.quit().await;
    app.stop().await;
}
