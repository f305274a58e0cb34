//! No page is wider than the window, at a phone's width (390 px) and a desk's (1366 px): a
//! crawl of every page a manager and a salesperson reach from the pipeline, plus the pages
//! reached through forms (the merge wizards, a form with errors, the list's Actions open).
//! The screens issue 18 fixed are screenshotted at both widths (`widths-*.png`).
//!
//! ```sh
//! LEADBOOK_E2E=1 cargo test --features browser --test browser widths
//! ```

mod crawl;

use leadbook::domain::ids::{LeadId, PartnerId};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::wizards::lost::ReasonChoice;

use crate::browser_support::Browser;
use crate::support::{LeadBuilder, TestApp, lose};
use crawl::{crawl, misfit, resize, revisit};

const EMAIL: &str = "procurement.department.purchasing@northwind-international-trading.example";
const WEBSITE: &str = "https://www.northwind-international-trading.example/en/catalogue/chairs";
const NOTE: &str = "Call back after the trade fair: https://www.northwind-international-trading.example/fair/2026/booth-plan";

/// What the crawl starts from: the records the seed made and the pages no link reaches.
struct Seed {
    long: LeadId,
    twins: Vec<LeadId>,
    lead: LeadId,
    customers: Vec<PartnerId>,
}

/// `ids=1&ids=2…`
fn ids<T: ToString>(ids: &[T]) -> String {
    let pairs: Vec<String> = ids
        .iter()
        .map(|i| format!("ids={}", i.to_string()))
        .collect();
    pairs.join("&")
}

impl Seed {
    fn merge_path(&self) -> String {
        format!("/leads/merge?{}", ids(&self.twins))
    }

    fn customer_merge_path(&self) -> String {
        format!("/customers/merge?{}", ids(&self.customers))
    }

    fn paths(&self) -> Vec<String> {
        vec![
            "/pipeline".into(),
            "/opportunities".into(),
            "/opportunities?group=stage".into(),
            "/leads".into(),
            "/leads?group=salesperson".into(),
            format!("/leads/{}", self.long),
            format!("/leads/{}/similar", self.long),
            format!("/leads/{}/edit", self.long),
            self.merge_path(),
            format!("/leads/{}/convert", self.lead),
            format!("/leads/{}/lost", self.long),
            "/reporting/lost-reasons".into(),
            "/customers".into(),
            format!("/customers/{}", self.customers[0]),
            self.customer_merge_path(),
            "/import".into(),
            "/config/settings".into(),
            "/preferences".into(),
            "/leads/999999".into(),
        ]
    }
}

fn customer(app: &TestApp, name: &str) -> PartnerId {
    let input = PartnerInput {
        kind: "company".into(),
        name: name.into(),
        email: EMAIL.into(),
        website: WEBSITE.into(),
        city: "Torino".into(),
        salesperson_id: app.world().sales.to_string(),
        ..PartnerInput::default()
    };
    partners::create(&mut app.conn(), &input)
        .expect("customer")
        .id
}

/// A record with a long email, website and note, two more of the same contact (the merge
/// wizard's three records), a lead to convert, a lost record and two similar customers.
fn seed(app: &TestApp) -> Seed {
    let w = app.world();
    let deal = |title: &str, channel: &str, priority: &str| {
        w.sales_deal(title, "12500")
            .contact("Robin Banks")
            .email(EMAIL)
            .fields(&[
                ("website", WEBSITE),
                ("description", NOTE),
                ("source_channel", channel),
                ("priority", priority),
            ])
            .create(&mut app.conn())
            .id
    };
    let long = deal(
        "Northwind International Trading: 40 ergonomic chairs",
        "telegram",
        "2",
    );
    let twins = vec![
        long,
        deal("Northwind chairs", "web", "0"),
        deal("Chairs", "email", "3"),
    ];
    let lead = LeadBuilder::new("Boat rental")
        .contact("Ivan Petrov")
        .owner(w.sales)
        .team(w.europe)
        .kind(Kind::Lead)
        .create(&mut app.conn())
        .id;
    let lost = w.sales_deal("Lost deal", "900").create(&mut app.conn()).id;
    lose(&mut app.conn(), w.sales, lost, ReasonChoice::None);
    let customers = vec![
        customer(app, "Northwind International Trading"),
        customer(app, "Northwind International Trading Ltd"),
    ];
    Seed {
        long,
        twins,
        lead,
        customers,
    }
}

/// The crawl at 1366 px, then the same pages at 390 px; the failures of both.
async fn crawl_both_widths(browser: &Browser, base: &str, seeds: &[String]) -> Vec<String> {
    resize(browser, 1366).await;
    let (pages, mut failures) = crawl(browser, base, seeds).await;
    assert!(pages.len() >= seeds.len(), "the crawl visited {pages:?}");
    resize(browser, 390).await;
    failures.extend(revisit(browser, &pages).await);
    failures
}

#[actix_web::test]
async fn no_page_is_wider_than_the_window_at_390_and_1366_px() {
    let app = TestApp::spawn().await;
    let seed = seed(&app);
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    let mut failures = Vec::new();
    for login in ["admin", "manager", "sales"] {
        browser.driver.delete_all_cookies().await.expect("sign out");
        browser.sign_in(login).await;
        let found = crawl_both_widths(&browser, &app.base, &seed.paths()).await;
        failures.extend(found.into_iter().map(|f| format!("{login}: {f}")));
        for width in [390, 1366] {
            resize(&browser, width).await;
            let found = [
                actions_open(&browser).await,
                form_with_errors(&browser).await,
            ];
            failures.extend(found.into_iter().flatten().map(|f| format!("{login}: {f}")));
        }
    }
    browser.quit().await;
    app.stop().await;
    assert!(
        failures.is_empty(),
        "pages wider than the window:\n{}",
        failures.join("\n")
    );
}

/// The opportunities list with two rows ticked and the Actions panel open.
async fn actions_open(browser: &Browser) -> Option<String> {
    browser.goto("/opportunities").await;
    for row in 0..2 {
        let ticks = browser
            .driver
            .find_all(thirtyfour::By::Css("#records input[name='ids']"))
            .await
            .expect("the rows' boxes");
        ticks[row].click().await.expect("tick a row");
    }
    browser.click("#actions-menu summary").await;
    assert!(browser.visible("#actions-menu button[value='merge']").await);
    misfit(browser, "/opportunities with Actions open").await
}

/// The new-lead form sent without a title (the browser's own check switched off).
async fn form_with_errors(browser: &Browser) -> Option<String> {
    browser.goto("/leads/new").await;
    browser
        .driver
        .execute(
            "document.getElementById('title').removeAttribute('required');",
            Vec::new(),
        )
        .await
        .expect("switch off the browser's check");
    browser.fill("#email", "not an email").await;
    browser
        .click_and_wait("#lead-form button[type=submit]")
        .await;
    assert!(
        browser.exists(".field-error").await,
        "the form shows its errors"
    );
    misfit(browser, "/leads/new with errors").await
}

/// `widths-NAME-WIDTH.png` of the whole page: the window is stretched to the page's height
/// (at most 4000 px), then set back.
async fn whole_page(browser: &Browser, name: &str, width: u32) {
    let height = browser
        .driver
        .execute("return document.documentElement.scrollHeight;", Vec::new())
        .await
        .expect("measure the page")
        .json()
        .as_u64()
        .unwrap_or(900);
    let height = u32::try_from(height.min(4000)).unwrap_or(4000) + 120;
    browser
        .driver
        .set_window_rect(0, 0, width, height)
        .await
        .expect("stretch the window");
    browser.screenshot(&format!("widths-{name}-{width}")).await;
    resize(browser, width).await;
}

/// Screenshots of the fixed screens at both widths, for a look by eye.
#[actix_web::test]
async fn the_fixed_screens_at_390_and_1366_px() {
    let app = TestApp::spawn().await;
    let seed = seed(&app);
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("manager").await;
    let merge = seed.merge_path();
    let customer_merge = seed.customer_merge_path();
    for width in [390, 1366] {
        resize(&browser, width).await;
        browser.goto(&format!("/leads/{}", seed.long)).await;
        whole_page(&browser, "record", width).await;
        browser.goto(&merge).await;
        whole_page(&browser, "merge", width).await;
        browser.goto(&customer_merge).await;
        whole_page(&browser, "customer-merge", width).await;
        assert!(actions_open(&browser).await.is_none());
        browser.screenshot(&format!("widths-actions-{width}")).await;
        assert!(form_with_errors(&browser).await.is_none());
        whole_page(&browser, "form-errors", width).await;
        browser.goto("/leads/999999").await;
        browser
            .screenshot(&format!("widths-error-page-{width}"))
            .await;
    }
    browser.quit().await;
    app.stop().await;
}
