//! The admin's Duplicate finder page in the browser: the model, and re-estimating it.

use super::{full_page, is_signed_weight, seed};
use crate::browser_support::Browser;
use crate::support::TestApp;

#[actix_web::test]
async fn the_admin_duplicate_finder_page_shows_the_model_and_re_estimates_it() {
    let app = TestApp::spawn().await;
    seed(&app);
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("admin").await;
    browser.goto("/pipeline").await;
    browser
        .click("details.dropdown:not(.usermenu) > summary")
        .await;
    browser
        .click_and_wait("a[href='/config/duplicate-finder']")
        .await;
    assert_eq!(browser.path().await, "/config/duplicate-finder");

    the_model_is_shown_field_by_field(&browser).await;

    browser.click_and_wait("#retrain").await;
    assert_eq!(browser.path().await, "/config/duplicate-finder");
    let flash = browser.text("#flash").await;
    assert!(
        flash.starts_with("Model re-estimated on ") && flash.contains("merges used: 1"),
        "{flash}"
    );
    assert!(
        browser
            .text("#finder-summary")
            .await
            .contains("Estimated here")
    );
    assert!(browser.exists("#history").await, "the estimate is listed");
    full_page(&browser, "finder-admin").await;

    browser.quit().await;
    app.stop().await;
}

/// The model as a table: every field, its levels, signed weights with a bar each, the
/// summary, the score bands and the decisions so far.
async fn the_model_is_shown_field_by_field(browser: &Browser) {
    let fields = browser.texts("#model th.field-name").await;
    assert_eq!(
        fields,
        [
            "Name",
            "Email",
            "Phone",
            "Messenger",
            "Street",
            "City",
            "Postcode",
            "Company",
            "Customer"
        ]
    );
    let name_levels = browser
        .texts("#model tbody[data-field='name'] td.level")
        .await;
    assert!(
        name_levels.contains(&"words swapped".to_string())
            && name_levels.contains(&"different".to_string()),
        "{name_levels:?}"
    );
    let weights = browser.texts("#model td.weight").await;
    assert!(
        weights.iter().all(|w| is_signed_weight(w)),
        "weights in bits, signed: {weights:?}"
    );
    assert_eq!(
        browser.count("#model svg.wbar").await,
        weights.len(),
        "a bar per level"
    );
    assert!(
        browser
            .text("#finder-summary")
            .await
            .contains("Shipped defaults")
    );
    let band = browser.texts("#bands tbody tr").await;
    assert_eq!(band.len(), 5, "five score bands: {band:?}");
    let decisions = browser.text("#decisions").await;
    assert!(
        decisions.contains("Office plants") && decisions.contains("Mother and daughter, both Ada"),
        "{decisions}"
    );
}
