//! Browser test of the duplicate warning before a record exists (issue 18, item 4): typing a
//! known phone in the lead form shows the match beside the form after a pause (one debounced
//! call, not one per key), and without the script the first Save shows the matches and asks
//! "Save anyway"; nothing is blocked. Screenshots at 1366 and 390 px.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser prewarn
//! ```
#![cfg(feature = "browser")]

use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;

use crate::browser_support::Browser;
use crate::support::TestApp;

const PHONE: &str = "+39 02 4567 8901";

fn count(app: &TestApp) -> i64 {
    lead_rows::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

async fn run(browser: &Browser, script: &str) -> serde_json::Value {
    browser
        .driver
        .execute(script, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("script {script}: {e}"))
        .json()
        .clone()
}

/// `name-390` (from the top of the page) and `name-1366`, back at 1366 px after.
async fn shots(browser: &Browser, name: &str) {
    for (width, height) in [(390, 844), (1366, 900)] {
        browser
            .driver
            .set_window_rect(0, 0, width, height)
            .await
            .expect("resize");
        run(browser, "window.scrollTo(0, 0); return 0;").await;
        browser.screenshot(&format!("{name}-{width}")).await;
    }
}

#[actix_web::test]
async fn a_known_phone_is_warned_while_typing_and_on_the_first_save_without_script() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let known = w
        .sales_lead("Verdi kitchen")
        .contact("Giorgio Verdi")
        .email("giorgio@verdi.example")
        .phone(PHONE)
        .create(&mut app.conn())
        .id;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser
        .driver
        .set_window_rect(0, 0, 1366, 900)
        .await
        .expect("resize");

    // Typing: one call after the pause, the match beside the form.
    browser.goto("/leads/new").await;
    assert!(
        !browser.visible("#dup-panel").await,
        "no panel before typing"
    );
    browser.fill("#title", "Kitchen for G. Verdi").await;
    browser.fill("#contact_name", "G. Verdi").await;
    browser.fill("#phone", PHONE).await;
    let item = browser.find("#dup-panel .dup-item").await;
    let text = item.text().await.unwrap();
    assert!(text.contains("Verdi kitchen"), "{text}");
    assert!(browser.visible("#dup-panel").await);
    let calls = run(
        &browser,
        "return performance.getEntriesByType('resource')\
         .filter(e => e.name.includes('/leads/check-duplicates')).length;",
    )
    .await
    .as_u64()
    .unwrap_or(0);
    assert!(
        (1..=2).contains(&calls),
        "typing a whole number asks once or twice after pauses, not per key: {calls}"
    );
    assert_eq!(browser.value("#confirm-duplicates").await, "1");
    assert_eq!(browser.text("#lead-save").await, "Save anyway");
    let open = browser.attrs("#dup-panel a.btn", "href").await;
    assert!(open[0].ends_with(&format!("/leads/{known}")), "{open:?}");
    shots(&browser, "prewarn-typing").await;

    // "Merge into it": saves what was typed and opens the Merge wizard, the known record kept.
    let before = count(&app);
    browser
        .click_and_wait("#dup-panel button[name='merge_into']")
        .await;
    let path = browser.path().await;
    assert!(
        path.starts_with(&format!("/leads/merge?ids={known}&ids=")),
        "{path}"
    );
    assert_eq!(count(&app), before + 1);

    // Without the script: the first Save shows the matches, the second saves.
    browser.goto("/leads/new").await;
    run(
        &browser,
        "document.getElementById('confirm-duplicates').removeAttribute('data-dup-check'); return 0;",
    )
    .await;
    browser.fill("#title", "Verdi again").await;
    browser.fill("#phone", "02 4567 8901").await;
    browser.fill("#country", "IT").await;
    let before = count(&app);
    browser.click_and_wait("#lead-save").await;
    assert_eq!(count(&app), before, "nothing saved on the first Save");
    assert!(browser.visible("#dup-panel").await);
    assert!(browser.text("#dup-panel").await.contains("Verdi kitchen"));
    assert!(browser.visible("#dup-confirm-note").await);
    assert_eq!(browser.value("#title").await, "Verdi again", "values kept");
    assert_eq!(browser.text("#lead-save").await, "Save anyway");
    shots(&browser, "prewarn-first-save").await;
    browser.click_and_wait("#lead-save").await;
    let path = browser.path().await;
    assert!(path.starts_with("/leads/"), "{path}");
    assert_eq!(count(&app), before + 1);
    browser.quit().await;
}
