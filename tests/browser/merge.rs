//! Browser test of the merge: tick two rows in the list, Actions → Merge, check the preview,
//! Merge, land on the survivor with the merge message, then Undo from the chatter.
//!
//! ```sh
//! cargo test --features browser --test browser_merge
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;
use leadbook::domain::models::leads::Kind;

#[actix_web::test]
async fn list_tick_actions_merge_preview_merge_then_undo_from_the_chatter() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = w
        .sales_lead("Boat rental")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let b = w
        .sales_lead("Boat rental web")
        .email("ivan@boats.test")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("sales").await;
    browser.goto("/opportunities").await;
    for id in [a.id, b.id] {
        browser
            .find(&format!("input[name='ids'][value='{id}']"))
            .await
            .click()
            .await
            .expect("tick a row");
    }
    browser
        .find("#actions-menu summary")
        .await
        .click()
        .await
        .expect("open Actions");
    browser
        .click_and_wait("button[name='action'][value='merge']")
        .await;
    assert!(browser.path().await.starts_with("/leads/merge?"));
    assert_eq!(
        browser.value("input[name='primary']:checked").await,
        a.id.to_string(),
        "the oldest record is the primary by default"
    );
    let preview = browser.text("#merge-table").await;
    assert!(
        preview.contains("ivan@boats.test"),
        "the preview shows the kept email: {preview}"
    );
    browser.screenshot("merge-wizard").await;

    browser
        .click_and_wait("button[name='confirm'][value='1']")
        .await;
    assert_eq!(browser.path().await, format!("/leads/{}#chatter", a.id));
    let chatter = browser.text("#chatter").await;
    assert!(chatter.contains("Merged 2 records into"), "{chatter}");

    assert!(
        browser.exists(".undo-merge button").await,
        "Undo sits on the merge message"
    );
    browser.click_and_wait(".undo-merge button").await;
    assert!(browser.text("#chatter").await.contains("Merge undone"));
    browser.goto(&format!("/leads/{}", b.id)).await;
    assert_eq!(
        browser.path().await,
        format!("/leads/{}", b.id),
        "B is back on its own"
    );

    browser.quit().await;
    app.stop().await;
}
