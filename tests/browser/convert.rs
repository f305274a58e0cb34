//! Browser test of Convert to Opportunity: the record's button opens the wizard as a dialog,
//! the customer search answers inside it, and it converts with a new customer; a lead with a duplicate opens the wizard page in merge
//! mode and lands on the oldest record; the list's Actions convert ticked leads from a dialog.
//!
//! ```sh
//! cargo test --features browser --test browser_convert
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::schema::leads as leads_table;
use leadbook::domain::models::leads::{self, Kind, LeadInput};
use leadbook::domain::models::partners::{self, PartnerInput};

fn input(title: &str, email: &str, w: &crate::support::World) -> LeadInput {
    LeadInput {
        title: title.into(),
        contact_name: "Giulia Conti".into(),
        company_name: "Tessuti Conti".into(),
        email: email.into(),
        salesperson_id: w.sales.to_string(),
        team_id: w.europe.to_string(),
        ..LeadInput::default()
    }
}

#[actix_web::test]
async fn the_wizard_converts_in_both_modes_and_from_the_list() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let single = leads::create(
        &mut app.conn(),
        w.sales,
        Kind::Lead,
        &input("Fabric samples", "", w),
    )
    .unwrap();
    let older = leads::create(
        &mut app.conn(),
        w.sales,
        Kind::Lead,
        &input("Curtains", "giulia@conti.test", w),
    )
    .unwrap();
    let an_hour_ago = chrono::Utc::now().naive_utc() - chrono::Duration::hours(1);
    diesel::update(leads_table::table.find(older.id))
        .set(leads_table::created_at.eq(an_hour_ago))
        .execute(&mut app.conn())
        .unwrap();
    let newer = leads::create(
        &mut app.conn(),
        w.sales,
        Kind::Lead,
        &input("Curtains again", "giulia@conti.test", w),
    )
    .unwrap();
    let batch: Vec<leadbook::domain::ids::LeadId> = (1..=2)
        .map(|i| {
            let mut lead = input(&format!("Batch {i}"), "", w);
            lead.contact_name = format!("Person {i}");
            lead.company_name = String::new();
            leads::create(&mut app.conn(), w.sales, Kind::Lead, &lead)
                .unwrap()
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

    // Convert mode, in the dialog over the record.
    browser.goto(&format!("/leads/{}", single.id)).await;
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
        .fill("dialog input[name='customer_q']", &format!("#{}", acme.id))
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
    assert_eq!(browser.path().await, format!("/leads/{}", single.id));
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

    // Merge mode, on the wizard's own page (as without JavaScript).
    browser.goto(&format!("/leads/{}/convert", newer.id)).await;
    assert_eq!(
        browser.value("input[name='action']:checked").await,
        "merge",
        "a duplicate with the same email suggests merging"
    );
    assert!(
        browser
            .find(&format!("input[name='merge_ids'][value='{}']", older.id))
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
    assert_eq!(browser.path().await, format!("/leads/{}", older.id));
    assert!(
        browser
            .text("#chatter")
            .await
            .contains("Merged 2 records into")
    );
    assert_eq!(
        leads::find(&mut app.conn(), older.id).unwrap().kind,
        leadbook::domain::models::leads::Kind::Opportunity
    );

    // Mass conversion from the list, in a dialog.
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

    browser.quit().await;
    app.stop().await;
}
