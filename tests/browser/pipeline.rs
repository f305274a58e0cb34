//! Browser tests of the pipeline (issue 3): dragging a kanban card to another stage, ticking
//! rows in a list and opening its Actions menu, and the lead form's inline errors.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser_pipeline
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;

#[actix_web::test]
async fn dragging_a_card_to_another_column_moves_it_and_the_chatter_logs_it() {
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
    let card = format!("article.kanban-card[data-id='{}']", boat.0);
    let in_new = format!("section.kanban-col[aria-label='New'] {card}");
    let in_qualified = format!("section.kanban-col[aria-label='Qualified'] {card}");
    assert!(browser.exists(&in_new).await, "the card starts in New");

    browser
        .drag_and_drop(&card, "section.kanban-col[aria-label='Qualified']")
        .await;

    assert!(
        browser.exists(&in_qualified).await,
        "after the drop the reloaded board shows the card under Qualified"
    );
    assert!(!browser.exists(&in_new).await, "and no longer under New");
    browser.goto("/pipeline").await;
    assert!(
        browser.exists(&in_qualified).await,
        "the move is saved: a fresh visit still shows it under Qualified"
    );
    let qualified_count = browser
        .text("section.kanban-col[aria-label='Qualified'] .count")
        .await;
    assert_eq!(qualified_count, "1", "the column counts its card");
    browser.screenshot("pipeline-after-drag").await;

    browser.goto(&format!("/leads/{}", boat.0)).await;
    let chatter = browser.text("#chatter .messages").await;
    assert!(
        chatter.contains("New → Qualified"),
        "the chatter logs the stage change, got {chatter:?}"
    );

    browser.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn a_card_that_cannot_be_moved_any_more_says_so_and_stays_put() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let boat = w
        .sales_deal("Boat rental", "1200")
        .create(&mut app.conn())
        .id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    let card = format!("article.kanban-card[data-id='{}']", boat.0);
    browser.find(&card).await;
    // Meanwhile a manager hands the record over to the Asia team.
    diesel::update(lead_rows::table.find(boat.0))
        .set((
            lead_rows::salesperson_id.eq(w.other_sales.0),
            lead_rows::team_id.eq(w.asia.0),
        ))
        .execute(&mut app.conn())
        .expect("reassign");

    browser
        .drop_onto(&card, "section.kanban-col[aria-label='Qualified']")
        .await;

    let message = browser.accept_alert().await;
    assert!(
        !message.trim().is_empty(),
        "the refusal is announced, got {message:?}"
    );
    assert!(
        browser
            .exists(&format!("section.kanban-col[aria-label='New'] {card}"))
            .await,
        "the card stays where it was"
    );
    let stage: Option<i32> = lead_rows::table
        .find(boat.0)
        .select(lead_rows::stage_id)
        .first(&mut app.conn())
        .expect("stage");
    let new_stage: Option<i32> = browser
        .find("section.kanban-col[aria-label='New']")
        .await
        .attr("data-stage")
        .await
        .expect("data-stage")
        .and_then(|s| s.parse().ok());
    assert_eq!(stage, new_stage, "and the record was not moved");

    browser.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn ticking_two_rows_counts_them_and_the_actions_menu_lists_what_can_be_done() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let [alpha, beta, _gamma] = [("Alpha", "100"), ("Beta", "200"), ("Gamma", "300")]
        .map(|(title, revenue)| w.sales_deal(title, revenue).create(&mut app.conn()).id);
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto("/opportunities").await;
    assert_eq!(browser.count("#records input[name=ids]").await, 3);
    assert_eq!(
        browser.text("#actions-menu [data-selcount]").await,
        "",
        "nothing ticked, no count"
    );

    browser
        .click(&format!("#records input[name=ids][value='{}']", alpha.0))
        .await;
    browser
        .click(&format!("#records input[name=ids][value='{}']", beta.0))
        .await;
    assert_eq!(
        browser.text("#actions-menu [data-selcount]").await,
        "(2)",
        "the Actions button counts the ticked rows"
    );
    assert!(
        !browser.visible("#actions-menu .actions-panel").await,
        "the menu is closed until clicked"
    );

    browser.click("#actions-menu summary").await;
    assert!(browser.visible("#actions-menu .actions-panel").await);
    let entries = browser.texts("#actions-menu .actions-panel .btn").await;
    for wanted in [
        "Assign salesperson",
        "Move to team",
        "Add tag",
        "Mark as Lost",
        "Archive",
        "Unarchive",
        "Export selection (CSV)",
        "Export all (CSV)",
    ] {
        assert!(
            entries.iter().any(|e| e == wanted),
            "the Actions menu offers {wanted:?}, got {entries:?}"
        );
    }
    browser.screenshot("list-actions-menu").await;

    browser.click("#actions-menu summary").await;
    assert!(
        !browser.visible("#actions-menu .actions-panel").await,
        "a second click closes the menu"
    );
    browser.click("#records input[data-select-all]").await;
    assert_eq!(
        browser.text("#actions-menu [data-selcount]").await,
        "(3)",
        "select-all ticks every row"
    );

    browser.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn a_new_lead_with_a_bad_email_shows_the_message_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto("/leads/new").await;
    browser.fill("#title", "Wine export").await;
    browser.fill("#contact_name", "Marco Verdi").await;
    browser.fill("#company_name", "Verdi Vini").await;
    browser.fill("#email", "marco@@example").await;
    browser.fill("#phone", "+39 055 123456").await;
    browser.fill("#expected_revenue", "4500").await;
    browser.select("#stage_id", "Qualified").await;

    browser
        .click_and_wait("#lead-form button[type=submit]")
        .await;

    assert_eq!(browser.path().await, "/leads", "still on the form");
    assert!(
        browser
            .text("main .alert-error")
            .await
            .contains("correct the fields"),
        "a banner says something needs fixing"
    );
    assert_eq!(
        browser
            .find("#email")
            .await
            .attr("aria-invalid")
            .await
            .ok()
            .flatten()
            .as_deref(),
        Some("true"),
        "the email field is marked"
    );
    let message = browser.text("#email + .field-error").await;
    assert!(
        message.contains("marco@@example") && message.contains("not an email address"),
        "the message is next to the email field, got {message:?}"
    );
    assert_eq!(browser.value("#title").await, "Wine export");
    assert_eq!(browser.value("#contact_name").await, "Marco Verdi");
    assert_eq!(browser.value("#company_name").await, "Verdi Vini");
    assert_eq!(browser.value("#email").await, "marco@@example");
    assert_eq!(browser.value("#phone").await, "+39 055 123456");
    assert_eq!(browser.value("#expected_revenue").await, "4500");
    let stage = browser.text("#stage_id option:checked").await;
    assert_eq!(stage, "Qualified", "the chosen stage is kept");
    assert_eq!(
        browser.count(".field-error").await,
        1,
        "only the email is wrong"
    );
    browser.screenshot("lead-form-bad-email").await;

    browser.quit().await;
    app.stop().await;
}
