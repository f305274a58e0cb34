//! Browser test of Convert to Opportunity: the record's button opens the wizard as a dialog,
//! the customer search answers inside it, and it converts with a new customer; a lead with a duplicate opens the wizard page in merge
//! mode and lands on the oldest record; the list's Actions convert ticked leads from a dialog.
//!
//! ```sh
//! cargo test --features browser --test browser_convert
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::{TestApp, age};
use leadbook::domain::ids::{LeadId, PartnerId};
use leadbook::domain::models::leads::{self};
use leadbook::domain::models::partners::{self, PartnerInput};

#[actix_web::test]
async fn the_wizard_converts_in_both_modes_and_from_the_list() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let single = w
        .sales_lead("Fabric samples")
        .contact("Giulia Conti")
        .company("Tessuti Conti")
        .create(&mut app.conn());
    let older = w
        .sales_lead("Curtains")
        .contact("Giulia Conti")
        .company("Tessuti Conti")
        .email("giulia@conti.test")
        .create(&mut app.conn());
    age(&mut app.conn(), older.id, 60);
    let newer = w
        .sales_lead("Curtains again")
        .contact("Giulia Conti")
        .company("Tessuti Conti")
        .email("giulia@conti.test")
        .create(&mut app.conn());
    let batch: Vec<LeadId> = (1..=2)
        .map(|i| {
            w.sales_lead(&format!("Batch {i}"))
                .contact(&format!("Person {i}"))
                .create(&mut app.conn())
                .id
        })
        .collect();
    let acme = partners::create(
        &mut app.conn(),
        &PartnerInput {
            kind: "company".into(),
            name: "Acme Shipping".into(),
            ..PartnerInput::default()
        },
    )
    .unwrap();
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    convert_in_the_dialog(&browser, single.id, acme.id).await;
    merge_on_the_wizard_page(&app, &browser, newer.id, older.id).await;
    convert_many_from_the_list(&app, &browser, batch).await;

    browser.quit().await;
    app.stop().await;
}

/// Convert mode, in the dialog over the record: the customer search answers inside it, and it
/// converts with a new customer.
async fn convert_in_the_dialog(browser: &Browser, single: LeadId, acme: PartnerId) {
    browser.goto(&format!("/leads/{}", single)).await;
    browser.click("#convert-button").await;
    assert!(
        browser.visible("dialog[open] #convert-form").await,
        "the wizard opens as a dialog"
    );
    assert_eq!(
        browser.value("dialog input[name='action']:checked").await,
        "convert"
    );
    assert_eq!(
        browser.value("dialog input[name='customer']:checked").await,
        "create"
    );
    browser
        .fill("dialog #convert-partner", &format!("#{}", acme))
        .await;
    browser
        .click("dialog button[name='step'][value='search']")
        .await;
    let found = browser
        .find("dialog .customer-option")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        found.contains("Acme Shipping"),
        "the search answers inside the dialog: {found}"
    );
    assert!(browser.exists("dialog[open] #convert-form").await);
    browser
        .click("dialog input[name='customer'][value='create']")
        .await;
    browser.screenshot("convert-dialog").await;
    browser.click_and_wait("dialog #convert-confirm").await;
    assert_eq!(browser.path().await, format!("/leads/{}", single));
    assert!(
        browser
            .text("#flash")
            .await
            .contains("Converted to opportunity")
    );
    let chatter = browser.text("#chatter").await;
    assert!(
        chatter.contains("Customer created: Giulia Conti"),
        "{chatter}"
    );
    assert!(
        browser.exists("#stagebar").await,
        "it is in the pipeline now"
    );
}

/// Merge mode, on the wizard's own page (as without JavaScript): it lands on the oldest record.
async fn merge_on_the_wizard_page(app: &TestApp, browser: &Browser, newer: LeadId, older: LeadId) {
    browser.goto(&format!("/leads/{}/convert", newer)).await;
    assert_eq!(
        browser.value("input[name='action']:checked").await,
        "merge",
        "a duplicate with the same email suggests merging"
    );
    assert!(
        browser
            .find(&format!("input[name='merge_ids'][value='{}']", older))
            .await
            .is_selected()
            .await
            .unwrap()
    );
    assert!(
        browser
            .text("#convert-matches")
            .await
            .contains("same email")
    );
    browser.click("input[name='customer'][value='none']").await;
    browser.screenshot("convert-merge-page").await;
    browser.click_and_wait("#convert-confirm").await;
    assert_eq!(browser.path().await, format!("/leads/{}", older));
    assert!(
        browser
            .text("#chatter")
            .await
            .contains("Merged 2 records into")
    );
    assert_eq!(
        leads::find(&mut app.conn(), older).unwrap().kind,
        leadbook::domain::models::leads::Kind::Opportunity
    );
}

/// Mass conversion of the ticked leads from the list, in a dialog.
async fn convert_many_from_the_list(app: &TestApp, browser: &Browser, batch: Vec<LeadId>) {
    let w = app.world();
    browser.goto("/leads").await;
    for id in &batch {
        browser
            .click(&format!("input[name='ids'][value='{id}']"))
            .await;
    }
    browser.click("#actions-menu summary").await;
    browser
        .click("button[name='action'][value='convert']")
        .await;
    assert!(browser.visible("dialog[open] #convert-many-form").await);
    browser
        .click(&format!(
            "dialog input[name='salesperson_ids'][value='{}']",
            w.sales
        ))
        .await;
    browser.screenshot("convert-mass-dialog").await;
    browser.click_and_wait("dialog #convert-many-confirm").await;
    assert!(browser.path().await.starts_with("/leads"));
    assert!(
        browser
            .text("#flash")
            .await
            .contains("2 converted to opportunities")
    );
    for id in batch {
        let lead = leads::find(&mut app.conn(), id).unwrap();
        assert_eq!(
            lead.kind,
            leadbook::domain::models::leads::Kind::Opportunity
        );
    }
}
