//! Browser tests of the duplicate finder's explanations (issue 14): the Similar Leads view and
//! the Duplicates page show every reason with its signed weight and the match probability;
//! the admin's Duplicate finder page shows the model and re-estimates it.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser_finder
//! ```
#![cfg(feature = "browser")]

use crate::browser_support::Browser;
use crate::support::TestApp;
use crate::support::actor;
use leadbook::domain::ids::LeadId;
use leadbook::domain::models::leads::{self, Kind, LeadInput};
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::similarity::not_duplicate;
use leadbook::domain::wizards::merge::Merge;

fn create(app: &TestApp, kind: Kind, input: LeadInput) -> LeadId {
    let input = LeadInput {
        salesperson_id: app.world().sales.to_string(),
        team_id: app.world().europe.0.to_string(),
        ..input
    };
    leads::create(&mut app.conn(), app.world().admin, kind, &input)
        .expect("lead")
        .id
}

fn person(title: &str, contact: &str, email: &str, phone: &str, city: &str) -> LeadInput {
    LeadInput {
        title: title.into(),
        contact_name: contact.into(),
        email: email.into(),
        phone: phone.into(),
        city: city.into(),
        ..LeadInput::default()
    }
}

/// A small database with the usual cases: one customer written three ways, a swapped name,
/// two deals of one customer, two namesakes marked "not a duplicate", one merge done.
struct Seeded {
    robin: LeadId,
    roof: LeadId,
}

fn seed(app: &TestApp) -> Seeded {
    let lead = |input| create(app, Kind::Lead, input);
    let robin = lead(person(
        "Standing desks for the new office",
        "Robin Banks",
        "robin@northwind.test",
        "+39 333 123 4567",
        "Milano",
    ));
    lead(person(
        "Desks: second quote",
        "Robin Banks",
        "robin@northwind.test",
        "+39 333 765 4321",
        "Milano",
    ));
    lead(person(
        "Call back about desks",
        "Robin Banks",
        "",
        "+39 333 123 4567",
        "Milano",
    ));
    lead(person(
        "Garden furniture",
        "Christian White",
        "c.white@example.test",
        "",
        "Torino",
    ));
    lead(person(
        "Garden chairs",
        "WHITE CHRISTIAN",
        "c.white@example.test",
        "",
        "Torino",
    ));
    let ada = lead(person(
        "Printer rental",
        "Ada Lovelace",
        "ada@engines.test",
        "",
        "London",
    ));
    let ada_too = lead(person(
        "Printer toner",
        "Ada Lovelace",
        "ada@engines.test",
        "",
        "London",
    ));
    let kept = lead(person(
        "Office plants",
        "Linh Tran",
        "linh@greens.test",
        "",
        "Hanoi",
    ));
    let gone = lead(person(
        "Office plants (web form)",
        "Linh Tran",
        "linh@greens.test",
        "",
        "Hanoi",
    ));
    let conn = &mut app.conn();
    let customer = partners::create(
        conn,
        &PartnerInput {
            kind: "company".into(),
            name: "Rossi Costruzioni".into(),
            ..PartnerInput::default()
        },
    )
    .expect("customer")
    .id;
    let deals: Vec<LeadId> = [
        ("Warehouse roof", "Marco Rossi"),
        ("Office fit-out", "Giulia Verdi"),
    ]
    .into_iter()
    .map(|(title, contact)| {
        create(
            app,
            Kind::Opportunity,
            LeadInput {
                title: title.into(),
                contact_name: contact.into(),
                partner_id: customer.to_string(),
                ..LeadInput::default()
            },
        )
    })
    .collect();
    let admin = actor(conn, app.world().admin);
    Merge::new(vec![kept, gone])
        .apply(conn, &admin)
        .expect("merge");
    not_duplicate::mark(conn, &admin, ada, ada_too, "Mother and daughter, both Ada").expect("mark");
    Seeded {
        robin,
        roof: deals[0],
    }
}

/// A signed weight as the pages print it: "+7.1", "−4.0".
fn is_signed_weight(text: &str) -> bool {
    let digits = text
        .strip_prefix('+')
        .or_else(|| text.strip_prefix('\u{2212}'));
    digits.is_some_and(|d| d.parse::<f64>().is_ok())
}

fn is_match_total(text: &str) -> bool {
    text.starts_with("match ") && text.ends_with(" %")
}

/// Screenshots the whole page, not only the window: the window is stretched to the page
/// (as far as Chromium allows; what is left below is saved as `<name>-end`).
async fn full_page(browser: &Browser, name: &str) {
    let measure =
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);";
    let height = browser
        .driver
        .execute(measure, Vec::new())
        .await
        .expect("measure the page")
        .json()
        .as_f64()
        .unwrap_or(768.0)
        .clamp(768.0, 4000.0);
    browser
        .driver
        .set_window_rect(0, 0, 1366, height as u32 + 90)
        .await
        .expect("stretch the window");
    browser.screenshot(name).await;
    let inner = browser
        .driver
        .execute("return window.innerHeight;", Vec::new())
        .await
        .expect("measure the window")
        .json()
        .as_f64()
        .unwrap_or(height);
    if inner < height {
        browser
            .driver
            .execute(
                "window.scrollTo(0, document.body.scrollHeight);",
                Vec::new(),
            )
            .await
            .expect("scroll down");
        browser.screenshot(&format!("{name}-end")).await;
    }
    browser
        .driver
        .set_window_rect(0, 0, 1366, 768)
        .await
        .expect("window back");
}

#[actix_web::test]
async fn the_similar_view_and_the_duplicates_page_show_weighted_reasons_and_the_probability() {
    let app = TestApp::spawn().await;
    let seeded = seed(&app);
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("admin").await;
    browser
        .goto(&format!("/leads/{}/similar", seeded.robin.0))
        .await;
    let duplicates = "section.kanban-col[aria-label='Probable duplicates']";
    let weights = browser
        .texts(&format!("{duplicates} .match-card .reasons li .weight"))
        .await;
    assert!(!weights.is_empty(), "the cards have reasons");
    assert!(
        weights.iter().all(|w| is_signed_weight(w)),
        "every reason has a signed weight: {weights:?}"
    );
    assert!(
        weights.iter().any(|w| w.starts_with('+'))
            && weights.iter().any(|w| w.starts_with('\u{2212}')),
        "evidence for and against: {weights:?}"
    );
    let totals = browser
        .texts(&format!("{duplicates} .match-card .reasons li.total"))
        .await;
    assert!(
        !totals.is_empty() && totals.iter().all(|t| is_match_total(t)),
        "each card ends with its probability: {totals:?}"
    );
    let pro = browser
        .find(&format!("{duplicates} .reasons li.pro .weight"))
        .await
        .css_value("color")
        .await
        .expect("colour");
    let con = browser
        .find(&format!("{duplicates} .reasons li.con .weight"))
        .await
        .css_value("color")
        .await
        .expect("colour");
    assert_ne!(pro, con, "for and against look different");
    full_page(&browser, "finder-similar-kanban").await;

    browser
        .click_and_wait("a[href$='/similar?view=list']")
        .await;
    let rows = browser
        .texts("#similar tbody tr:not(.current) td.num")
        .await;
    assert!(
        !rows.is_empty() && rows.iter().all(|t| is_match_total(t)),
        "the list's Match column: {rows:?}"
    );
    let weights = browser.texts("#similar .reasons li .weight").await;
    assert!(weights.iter().all(|w| is_signed_weight(w)), "{weights:?}");
    full_page(&browser, "finder-similar-list").await;

    browser.goto("/duplicates").await;
    let weakest = browser.texts("#clusters .cluster .weakest").await;
    assert!(
        !weakest.is_empty()
            && weakest
                .iter()
                .all(|t| t.starts_with("weakest link: match ") && t.ends_with(" %")),
        "each cluster shows its weakest link: {weakest:?}"
    );
    let pair_totals = browser
        .texts("#clusters table.pairs .reasons li.total")
        .await;
    assert!(
        !pair_totals.is_empty() && pair_totals.iter().all(|t| is_match_total(t)),
        "each pair shows its probability: {pair_totals:?}"
    );
    let weights = browser
        .texts("#clusters table.pairs .reasons li .weight")
        .await;
    assert!(
        !weights.is_empty() && weights.iter().all(|w| is_signed_weight(w)),
        "{weights:?}"
    );
    let page = browser.text("#clusters").await;
    assert!(
        !page.contains("Warehouse roof"),
        "two deals of one customer are no duplicate cluster"
    );
    full_page(&browser, "finder-duplicates").await;

    browser
        .goto(&format!("/leads/{}/similar", seeded.roof.0))
        .await;
    let deals = "section.kanban-col[aria-label='Other deals of this customer']";
    assert_eq!(
        browser.texts(&format!("{deals} .match-card h3")).await,
        ["Office fit-out"],
        "the other deal has its own column"
    );
    assert_eq!(
        browser.text(&format!("{deals} .badge-deal")).await,
        "Another deal of the same customer"
    );
    assert_eq!(
        browser
            .text("section.kanban-col[aria-label='Probable duplicates'] .kanban-head .count")
            .await,
        "0",
        "not counted as a duplicate"
    );
    let total = browser.text(&format!("{deals} .reasons li.total")).await;
    assert!(is_match_total(&total), "{total}");
    full_page(&browser, "finder-other-deal").await;
    browser
        .goto(&format!("/leads/{}/similar?view=list", seeded.roof.0))
        .await;
    assert_eq!(
        browser.count("#similar tbody input[name=ids]").await,
        1,
        "only the record itself can be ticked for a merge"
    );

    browser.quit().await;
    app.stop().await;
}

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
