//! Browser tests of lost opportunities (issue 7): the Mark as Lost dialog on the record page,
//! Mark as Lost from a list's Actions menu, Restore from the red banner, and the lost reasons
//! report's chart.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser_lost
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;
use leadbook::db::DbConn;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{LeadId, UserId};
use leadbook::domain::models::leads::{self, Kind, LeadInput};
use leadbook::domain::models::settings::{self, SettingsInput};
use leadbook::domain::models::{lost_reasons, users};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

fn opportunity(app: &TestApp, title: &str, owner: UserId, revenue: &str) -> LeadId {
    let w = app.world();
    let input = LeadInput {
        title: title.into(),
        salesperson_id: owner.to_string(),
        team_id: w.europe.to_string(),
        expected_revenue: revenue.into(),
        ..LeadInput::default()
    };
    leads::create(&mut app.conn(), w.admin, Kind::Opportunity, &input)
        .expect("opportunity")
        .id
}

fn lose(conn: &mut DbConn, by: UserId, lead: LeadId, reason: Option<&str>) {
    let reason = match reason {
        Some(name) => ReasonChoice::Existing(
            lost_reasons::find_by_name(conn, name)
                .expect("reason lookup")
                .expect("a default reason")
                .id,
        ),
        None => ReasonChoice::None,
    };
    let user = users::find(conn, by).expect("user");
    let actor = Actor::new(&user, users::team_ids(conn, by).expect("teams"));
    MarkLost {
        lead_ids: vec![lead],
        reason,
        closing_note: None,
    }
    .apply(conn, &actor)
    .expect("mark lost");
}

#[actix_web::test]
async fn marking_lost_through_the_dialog_shows_the_red_banner_and_restore_brings_it_back() {
    let app = TestApp::spawn().await;
    let boat = opportunity(&app, "Boat rental", app.world().sales, "1200");
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    let record = format!("/leads/{}", boat.0);
    browser.goto(&record).await;
    assert!(!browser.exists("#lost-banner").await, "not lost yet");

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
        },
    )
    .expect("settings");
    let boat = opportunity(&app, "Boat rental", app.world().sales, "1200");
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
    let sales = app.world().sales;
    let alpha = opportunity(&app, "Alpha", sales, "100");
    let beta = opportunity(&app, "Beta", sales, "200");
    let gamma = opportunity(&app, "Gamma", sales, "300");
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
    browser
        .click_and_wait("#actions-menu button[value=mark_lost]")
        .await;

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

#[actix_web::test]
async fn the_lost_reasons_report_draws_one_bar_pair_per_reason() {
    let app = TestApp::spawn().await;
    let sales = app.world().sales;
    let a = opportunity(&app, "A", sales, "1000");
    let b = opportunity(&app, "B", sales, "500");
    let c = opportunity(&app, "C", sales, "3000");
    let d = opportunity(&app, "D", sales, "200");
    opportunity(&app, "Still open", sales, "9999");
    {
        let mut conn = app.conn();
        lose(&mut conn, sales, a, Some("Too expensive"));
        lose(&mut conn, sales, b, Some("Too expensive"));
        lose(&mut conn, sales, c, Some("Not enough stock"));
        lose(&mut conn, sales, d, None);
    }
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("manager").await;
    browser.goto("/reporting/lost-reasons").await;

    let chart = "svg#lost-chart";
    browser.find(chart).await;
    let reasons: Vec<String> = {
        let mut names = Vec::new();
        for bar in browser
            .driver
            .find_all(thirtyfour::By::Css(format!("{chart} a.bar-link")))
            .await
            .expect("bars")
        {
            names.push(
                bar.attr("data-reason")
                    .await
                    .expect("data-reason")
                    .unwrap_or_default(),
            );
        }
        names
    };
    assert_eq!(
        reasons,
        ["Too expensive", "Not enough stock", "No reason"],
        "one bar pair per reason, most frequent first"
    );
    assert_eq!(
        browser
            .count(&format!("{chart} rect.bar-count[data-series]"))
            .await,
        3
    );
    assert_eq!(
        browser
            .count(&format!("{chart} rect.bar-revenue[data-series]"))
            .await,
        3
    );
    let labels = browser.texts(&format!("{chart} text.bar-label")).await;
    assert_eq!(labels, ["Too expensive", "Not enough stock", "No reason"]);
    let values = browser.texts(&format!("{chart} text.bar-value")).await;
    assert_eq!(
        values.len(),
        6,
        "a count and a revenue per reason: {values:?}"
    );
    assert_eq!(
        [&values[0], &values[2], &values[4]],
        ["2", "1", "1"],
        "the counts"
    );

    let widths = bar_widths(&browser, &format!("{chart} rect.bar-count[data-series]")).await;
    assert_eq!(widths, [360, 180, 180], "count bars scale to the largest");
    let widths = bar_widths(&browser, &format!("{chart} rect.bar-revenue[data-series]")).await;
    assert_eq!(
        widths,
        [180, 360, 24],
        "revenue bars: 1 500, 3 000 and 200 out of 3 000"
    );
    assert_eq!(browser.text("#lost-table tfoot th.num").await, "4");
    browser.screenshot("lost-reasons-report").await;

    browser.quit().await;
    app.stop().await;
}

async fn bar_widths(browser: &Browser, selector: &str) -> Vec<u32> {
    let mut widths = Vec::new();
    for rect in browser
        .driver
        .find_all(thirtyfour::By::Css(selector))
        .await
        .expect("rects")
    {
        let width = rect.attr("width").await.expect("width").unwrap_or_default();
        widths.push(width.parse().expect("a whole width"));
    }
    widths
}
