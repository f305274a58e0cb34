//! Browser tests of the duplicate finder's explanations (issue 14): the Similar Leads view and
//! the Duplicates page show every reason with its signed weight and the match probability;
//! the admin's Duplicate finder page shows the model and re-estimates it.
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser_finder
//! ```
#![cfg(feature = "browser")]

mod admin;

use crate::browser_support::Browser;
use crate::support::TestApp;
use crate::support::actor;
use leadbook::domain::ids::LeadId;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::similarity::not_duplicate;
use leadbook::domain::wizards::merge::Merge;

/// A small database with the usual cases: one customer written three ways, a swapped name,
/// two deals of one customer, two namesakes marked "not a duplicate", one merge done.
struct Seeded {
    robin: LeadId,
    roof: LeadId,
}

/// The leads of [`seed`]: title, contact, email, phone and city, created in this order.
const PEOPLE: [(&str, &str, &str, &str, &str); 9] = [
    (
        "Standing desks for the new office",
        "Robin Banks",
        "robin@northwind.test",
        "+39 333 123 4567",
        "Milano",
    ),
    (
        "Desks: second quote",
        "Robin Banks",
        "robin@northwind.test",
        "+39 333 765 4321",
        "Milano",
    ),
    (
        "Call back about desks",
        "Robin Banks",
        "",
        "+39 333 123 4567",
        "Milano",
    ),
    (
        "Garden furniture",
        "Christian White",
        "c.white@example.test",
        "",
        "Torino",
    ),
    (
        "Garden chairs",
        "WHITE CHRISTIAN",
        "c.white@example.test",
        "",
        "Torino",
    ),
    (
        "Printer rental",
        "Ada Lovelace",
        "ada@engines.test",
        "",
        "London",
    ),
    (
        "Printer toner",
        "Ada Lovelace",
        "ada@engines.test",
        "",
        "London",
    ),
    (
        "Office plants",
        "Linh Tran",
        "linh@greens.test",
        "",
        "Hanoi",
    ),
    (
        "Office plants (web form)",
        "Linh Tran",
        "linh@greens.test",
        "",
        "Hanoi",
    ),
];

fn seed(app: &TestApp) -> Seeded {
    let w = app.world();
    let ids: Vec<LeadId> = PEOPLE
        .iter()
        .map(|&(title, contact, email, phone, city)| {
            w.sales_lead(title)
                .contact(contact)
                .email(email)
                .phone(phone)
                .city(city)
                .by(w.admin)
                .create(&mut app.conn())
                .id
        })
        .collect();
    let (robin, ada, ada_too, kept, gone) = (ids[0], ids[5], ids[6], ids[7], ids[8]);
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
        w.sales_lead(title)
            .contact(contact)
            .partner(customer)
            .kind(Kind::Opportunity)
            .by(w.admin)
            .create(&mut app.conn())
            .id
    })
    .collect();
    let admin = actor(conn, w.admin);
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
    the_similar_kanban_weighs_each_reason(&browser, seeded.robin).await;
    the_similar_list_shows_the_match_and_weights(&browser).await;
    the_duplicates_page_shows_weakest_links_and_probabilities(&browser).await;
    another_deal_of_the_customer_is_apart(&browser, seeded.roof).await;

    browser.quit().await;
    app.stop().await;
}

/// On the similar view's kanban every reason has a signed weight, for and against look
/// different, and each card ends with its probability.
async fn the_similar_kanban_weighs_each_reason(browser: &Browser, robin: LeadId) {
    browser.goto(&format!("/leads/{}/similar", robin.0)).await;
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
    full_page(browser, "finder-similar-kanban").await;
}

/// The similar view as a list: the Match column and the signed weights.
async fn the_similar_list_shows_the_match_and_weights(browser: &Browser) {
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
    full_page(browser, "finder-similar-list").await;
}

/// The Duplicates page: each cluster's weakest link, each pair's probability and weights,
/// and no cluster of two deals of one customer.
async fn the_duplicates_page_shows_weakest_links_and_probabilities(browser: &Browser) {
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
    full_page(browser, "finder-duplicates").await;
}

/// Another deal of the same customer has its own column, is no duplicate, and cannot be
/// ticked for a merge.
async fn another_deal_of_the_customer_is_apart(browser: &Browser, roof: LeadId) {
    browser.goto(&format!("/leads/{}/similar", roof.0)).await;
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
    full_page(browser, "finder-other-deal").await;
    browser
        .goto(&format!("/leads/{}/similar?view=list", roof.0))
        .await;
    assert_eq!(
        browser.count("#similar tbody input[name=ids]").await,
        1,
        "only the record itself can be ticked for a merge"
    );
}
