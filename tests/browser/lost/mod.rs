//! Browser tests of lost opportunities (issue 7): the Mark as Lost dialog on the record page,
//! Mark as Lost from a list's Actions menu, Restore from the red banner, and the lost reasons
//! report's chart.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser_lost
//! ```
#![cfg(feature = "browser")]

mod report;

use crate::browser_support::Browser;
use crate::support::TestApp;
use leadbook::domain::models::leads::{self};
use leadbook::domain::models::settings::{self, SettingsInput};

#[actix_web::test]
async fn marking_lost_through_the_dialog_shows_the_red_banner_and_restore_brings_it_back() {
    let app = TestApp::spawn().await;
    let boat = app
        .world()
        .sales_deal("Boat rental", "1200")
        .create(&mut app.conn())
        .id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    let record = format!("/leads/{}", boat.0);
    browser.goto(&record).await;
    assert!(!browser.exists("#lost-banner").await, "not lost yet");

    lose_through_the_dialog(&browser, &record).await;
    the_banner_shows_the_loss(&browser, &record).await;

    browser
        .click_and_wait("#lost-banner button[type=submit]")
        .await;
    assert_eq!(browser.path().await, record);
    assert!(
        !browser.exists("#lost-banner").await,
        "Restore removes the banner"
    );
    assert!(
        browser.exists(".lost-buttons a[data-dialog]").await,
        "and Mark as Lost is offered again"
    );
    let lead = leads::find(&mut app.conn(), boat).expect("lead");
    assert!(lead.active && !lead.is_lost(), "the record is active again");

    browser.quit().await;
    app.stop().await;
}

/// Opens Mark as Lost as a dialog over the record, picks a reason, writes a note and submits.
async fn lose_through_the_dialog(browser: &Browser, record: &str) {
    browser.click(".lost-buttons a[data-dialog]").await;
    let form = "dialog#lost-dialog[open] #lost-form";
    browser.find(form).await;
    assert_eq!(
        browser.path().await,
        record,
        "the dialog opens over the record"
    );
    assert!(
        browser
            .text(&format!("{form} h2"))
            .await
            .contains("Mark as Lost"),
        "the dialog has its title"
    );
    browser
        .select(&format!("{form} #lost_reason_id"), "Too expensive")
        .await;
    browser
        .fill(&format!("{form} #closing_note"), "Chose a cheaper boat")
        .await;
    browser.screenshot("lost-dialog").await;
    browser
        .click_and_wait(&format!("{form} button[type=submit]"))
        .await;
}

/// Back on the record: the red Lost ribbon, the reason in the banner, the note in the chatter.
async fn the_banner_shows_the_loss(browser: &Browser, record: &str) {
    assert_eq!(browser.path().await, record, "back on the record");
    let ribbon = browser.text("#lost-banner .lost-ribbon").await;
    assert!(
        ribbon.eq_ignore_ascii_case("lost"),
        "the Lost ribbon, got {ribbon:?}"
    );
    let banner = browser.text("#lost-banner").await;
    assert!(
        banner.contains("Too expensive"),
        "the banner gives the reason, got {banner:?}"
    );
    let background = browser
        .find("#lost-banner .lost-ribbon")
        .await
        .css_value("background-color")
        .await
        .expect("banner colour");
    assert!(
        is_reddish(&background),
        "the ribbon is red, got {background}"
    );
    let chatter = browser.text("#chatter .messages").await;
    assert!(
        chatter.contains("Chose a cheaper boat"),
        "the closing note is in the chatter, got {chatter:?}"
    );
    browser.screenshot("lost-banner").await;
}

#[actix_web::test]
async fn cancel_closes_the_dialog_and_a_missing_required_reason_is_explained() {
    let app = TestApp::spawn().await;
    let admin = crate::support::actor(&mut app.conn(), app.world().admin);
    settings::save(
        &mut app.conn(),
        &admin,
        &SettingsInput {
            leads_enabled: true,
            default_country: "IT".into(),
            lost_reason_required: true,
            ..Default::default()
        },
    )
    .expect("settings");
    let boat = app
        .world()
        .sales_deal("Boat rental", "1200")
        .create(&mut app.conn())
        .id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    let record = format!("/leads/{}", boat.0);
    browser.goto(&record).await;
    let form = "dialog#lost-dialog[open] #lost-form";

    browser.click(".lost-buttons a[data-dialog]").await;
    browser.find(form).await;
    browser.click(&format!("{form} a[data-dialog-close]")).await;
    assert!(
        !browser.exists("dialog#lost-dialog[open]").await,
        "Cancel closes the dialog"
    );
    assert_eq!(browser.path().await, record, "without leaving the record");

    browser.click(".lost-buttons a[data-dialog]").await;
    browser
        .fill(&format!("{form} #closing_note"), "They went quiet")
        .await;
    browser
        .click_and_wait(&format!("{form} button[type=submit]"))
        .await;

    let message = browser
        .text("#lost-form #lost_reason_id + .field-error")
        .await;
    assert_eq!(
        message, "A lost reason is required: pick one from the list",
        "the message is under the reason"
    );
    assert_eq!(
        browser.value("#lost-form #closing_note").await,
        "They went quiet",
        "the note is kept"
    );
    assert!(!browser.exists("#lost-banner").await);
    let lead = leads::find(&mut app.conn(), boat).expect("lead");
    assert!(lead.active && !lead.is_lost(), "nothing was lost");

    browser
        .select("#lost-form #lost_reason_id", "Not enough stock")
        .await;
    browser
        .click_and_wait("#lost-form button[type=submit]")
        .await;
    assert_eq!(browser.path().await, record);
    assert!(
        browser
            .text("#lost-banner")
            .await
            .contains("Not enough stock"),
        "with a reason it goes through"
    );

    browser.quit().await;
    app.stop().await;
}

/// `rgb(r, g, b)` or `rgba(r, g, b, a)` with red clearly above green and blue.
fn is_reddish(css: &str) -> bool {
    let inner = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')');
    let parts: Vec<u32> = inner
        .split(',')
        .take(3)
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    matches!(parts.as_slice(), [r, g, b] if *r > *g + 40 && *r > *b + 40)
}

#[actix_web::test]
async fn rows_ticked_in_the_list_are_marked_lost_through_the_actions_menu() {
    let app = TestApp::spawn().await;
    let _sales = app.world().sales;
    let alpha = app
        .world()
        .sales_deal("Alpha", "100")
        .create(&mut app.conn())
        .id;
    let beta = app
        .world()
        .sales_deal("Beta", "200")
        .create(&mut app.conn())
        .id;
    let gamma = app
        .world()
        .sales_deal("Gamma", "300")
        .create(&mut app.conn())
        .id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto("/opportunities").await;
    for id in [alpha, beta] {
        browser
            .click(&format!("#records input[name=ids][value='{}']", id.0))
            .await;
    }
    browser.click("#actions-menu summary").await;
    browser.click("#actions-menu button[value=mark_lost]").await;
    // A dialog, as the single Mark as Lost is; the Actions panel has closed under it.
    browser.find("dialog#lost-dialog[open] #lost-form").await;
    assert!(
        !browser.exists("#actions-menu[open]").await,
        "the Actions panel closes when the dialog opens"
    );
    assert!(
        browser.path().await.starts_with("/opportunities"),
        "no page change"
    );

    let summary = browser.text("#lost-form .lost-records summary").await;
    assert!(
        summary.contains("2 records"),
        "the form says how many records, got {summary:?}"
    );
    browser
        .select("#lost-form #lost_reason_id", "Not enough stock")
        .await;
    browser
        .fill("#lost-form #closing_note", "Supplier ran out")
        .await;
    browser
        .click_and_wait("#lost-form button[type=submit]")
        .await;

    assert!(
        browser.path().await.starts_with("/opportunities"),
        "back to the list, got {}",
        browser.path().await
    );
    let flash = browser.text("#flash").await;
    assert!(
        flash.contains("2 records marked as lost"),
        "the flash confirms, got {flash:?}"
    );
    let rows = browser.texts("#records tbody tr td:nth-child(2) a").await;
    assert_eq!(rows, ["Gamma"], "only the untouched record is still open");

    browser.goto("/opportunities?filter=lost").await;
    let mut lost = browser.texts("#records tbody tr td:nth-child(2) a").await;
    lost.sort();
    assert_eq!(lost, ["Alpha", "Beta"], "the Lost filter shows both");
    assert_eq!(browser.count("#records .badge.lost").await, 2);
    for id in [alpha, beta] {
        let lead = leads::find(&mut app.conn(), id).expect("lead");
        assert!(lead.is_lost());
    }
    assert!(!leads::find(&mut app.conn(), gamma).expect("lead").is_lost());

    browser.quit().await;
    app.stop().await;
}
