//! Browser tests of the pipeline's selection mode and keyboard moves (issue 18, items 3 and
//! 9): two cards ticked on the board merge through the merge wizard; Mark as Lost on ticked
//! cards is a dialog; a card moves to another stage by keyboard alone.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser kanban_select
//! ```
#![cfg(feature = "browser")]

use thirtyfour::prelude::*;

use crate::browser_support::Browser;
use crate::support::TestApp;
use leadbook::domain::models::leads;

/// Phones: the width the screenshots of the small screen are taken at.
const PHONE: (u32, u32) = (390, 844);

async fn window(browser: &Browser, (width, height): (u32, u32)) {
    browser
        .driver
        .set_window_rect(0, 0, width, height)
        .await
        .expect("resize the window");
}

async fn tick(browser: &Browser, id: i32) {
    browser
        .click(&format!(
            "article.kanban-card[data-id='{id}'] input.card-check"
        ))
        .await;
}

#[actix_web::test]
async fn two_cards_ticked_on_the_pipeline_merge_through_the_merge_wizard() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = w
        .sales_deal("Boat rental", "1200")
        .create(&mut app.conn())
        .id;
    let b = w
        .sales_deal("Boat rental web", "300")
        .email("ivan@boats.test")
        .create(&mut app.conn())
        .id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto("/pipeline").await;
    assert!(
        !browser.exists("input.card-check").await,
        "no boxes outside the mode"
    );
    browser.click_and_wait("#select-mode").await;
    for id in [a.0, b.0] {
        tick(&browser, id).await;
    }
    assert_eq!(browser.text("#kanban-select [data-selcount]").await, "(2)");
    browser.click("#actions-menu summary").await;
    browser.screenshot("kanban-select-1366").await;
    window(&browser, PHONE).await;
    browser.screenshot("kanban-select-390").await;
    window(&browser, (1366, 768)).await;

    browser
        .click_and_wait("#actions-menu button[value=merge]")
        .await;
    assert!(
        browser.path().await.starts_with("/leads/merge?"),
        "the merge wizard, got {}",
        browser.path().await
    );
    let preview = browser.text("#merge-table").await;
    assert!(preview.contains("ivan@boats.test"), "{preview}");
    browser
        .click_and_wait("button[name='confirm'][value='1']")
        .await;
    let merged = [a, b]
        .iter()
        .filter(|id| leads::find(&mut app.conn(), **id).is_ok_and(|l| l.merged_into_id.is_some()))
        .count();
    assert_eq!(merged, 1, "one of the two is merged into the other");

    browser.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn ticked_cards_are_marked_lost_in_a_dialog() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let ids: Vec<i32> = ["Alpha", "Beta"]
        .iter()
        .map(|t| w.sales_deal(t, "100").create(&mut app.conn()).id.0)
        .collect();
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto("/pipeline?select=1").await;
    for id in &ids {
        tick(&browser, *id).await;
    }
    browser.click("#actions-menu summary").await;
    browser.click("#actions-menu button[value=mark_lost]").await;
    browser.find("dialog#lost-dialog[open] #lost-form").await;
    assert!(
        !browser.exists("#actions-menu[open]").await,
        "the panel closed"
    );
    let summary = browser.text("#lost-form .lost-records summary").await;
    assert!(summary.contains("2 records"), "{summary:?}");
    browser.screenshot("kanban-lost-dialog-1366").await;
    window(&browser, PHONE).await;
    browser.screenshot("kanban-lost-dialog-390").await;
    window(&browser, (1366, 768)).await;
    browser
        .click_and_wait("#lost-form button[type=submit]")
        .await;
    assert!(
        browser.path().await.starts_with("/pipeline"),
        "{}",
        browser.path().await
    );
    for id in ids {
        let lead = leads::find(&mut app.conn(), leadbook::domain::ids::LeadId(id)).unwrap();
        assert!(lead.is_lost(), "{id} is lost");
    }

    browser.quit().await;
    app.stop().await;
}

/// The element that has the keyboard focus.
async fn focused(browser: &Browser) -> WebElement {
    browser
        .driver
        .active_element()
        .await
        .expect("the focused element")
}

/// Presses `key` on the keyboard, wherever the focus is.
async fn press(browser: &Browser, key: Key) {
    browser
        .driver
        .action_chain()
        .send_keys(key)
        .perform()
        .await
        .expect("press a key");
}

#[actix_web::test]
async fn a_card_moves_by_keyboard_alone() {
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
    browser.goto("/pipeline").await;
    let card = format!("article.kanban-card[data-id='{}']", boat.0);
    // Tab from the top of the page until the card's "Move to…" link has the focus.
    press(&browser, Key::Tab).await;
    let mut reached = false;
    for _ in 0..120 {
        let here = focused(&browser).await;
        if here.class_name().await.ok().flatten().as_deref() == Some("card-move") {
            reached = true;
            break;
        }
        press(&browser, Key::Tab).await;
    }
    assert!(reached, "Tab reaches the card's Move to… link");
    press(&browser, Key::Enter).await;
    browser.find("#move-menu:not([hidden])").await;
    assert_eq!(
        focused(&browser).await.text().await.unwrap(),
        "Qualified",
        "first other stage"
    );
    press(&browser, Key::Down).await;
    assert_eq!(focused(&browser).await.text().await.unwrap(), "Proposition");
    browser.screenshot("kanban-move-menu-1366").await;
    press(&browser, Key::Escape).await;
    assert!(
        !browser.visible("#move-menu").await,
        "Escape closes the menu"
    );
    assert_eq!(
        focused(&browser)
            .await
            .class_name()
            .await
            .unwrap()
            .as_deref(),
        Some("card-move"),
        "and gives the focus back to the link"
    );
    press(&browser, Key::Enter).await;
    browser.find("#move-menu:not([hidden])").await;
    press(&browser, Key::Down).await;
    let old_page = browser.find("html").await;
    press(&browser, Key::Enter).await;
    old_page
        .wait_until()
        .stale()
        .await
        .expect("the board reloads");

    let in_proposition = format!("section.kanban-col[aria-label='Proposition'] {card}");
    browser.find(&in_proposition).await;
    assert_eq!(
        focused(&browser)
            .await
            .class_name()
            .await
            .unwrap()
            .as_deref(),
        Some("card-move"),
        "the focus is back on the moved card"
    );

    window(&browser, PHONE).await;
    browser.goto("/pipeline").await;
    browser.click(&format!("{card} a.card-move")).await;
    browser.find("#move-menu:not([hidden])").await;
    browser.screenshot("kanban-move-menu-390").await;

    browser.quit().await;
    app.stop().await;
}
