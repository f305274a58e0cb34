//! The lost reasons report's chart in the browser.

use crate::browser_support::Browser;
use crate::support::{TestApp, lose, reason_id};
use leadbook::domain::wizards::lost::ReasonChoice;

#[actix_web::test]
async fn the_lost_reasons_report_draws_one_bar_pair_per_reason() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let sales = w.sales;
    let deals = [
        ("A", "1000"),
        ("B", "500"),
        ("C", "3000"),
        ("D", "200"),
        ("Still open", "9999"),
    ];
    let [a, b, c, d, _open] =
        deals.map(|(title, revenue)| w.sales_deal(title, revenue).create(&mut app.conn()).id);
    {
        let mut conn = app.conn();
        let expensive = reason_id(&mut conn, "Too expensive");
        let stock = reason_id(&mut conn, "Not enough stock");
        lose(&mut conn, sales, a, ReasonChoice::Existing(expensive));
        lose(&mut conn, sales, b, ReasonChoice::Existing(expensive));
        lose(&mut conn, sales, c, ReasonChoice::Existing(stock));
        lose(&mut conn, sales, d, ReasonChoice::None);
    }
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("manager").await;
    browser.goto("/reporting/lost-reasons").await;

    let chart = "svg#lost-chart";
    browser.find(chart).await;
    let reasons = bar_reasons(&browser, chart).await;
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

/// The reason of each bar of the chart, in order.
async fn bar_reasons(browser: &Browser, chart: &str) -> Vec<String> {
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

#[actix_web::test]
async fn each_lost_report_bar_opens_exactly_its_records() {
    let app = TestApp::spawn().await;
    let w = app.world();
    {
        let mut conn = app.conn();
        let expensive = reason_id(&mut conn, "Too expensive");
        let stock = reason_id(&mut conn, "Not enough stock");
        let reasons = [
            ReasonChoice::Existing(expensive),
            ReasonChoice::Existing(expensive),
            ReasonChoice::Existing(expensive),
            ReasonChoice::Existing(stock),
            ReasonChoice::None,
            ReasonChoice::None,
        ];
        for (n, reason) in reasons.into_iter().enumerate() {
            let id = w
                .sales_deal(&format!("Deal {n}"), "100")
                .create(&mut conn)
                .id;
            lose(&mut conn, w.sales, id, reason);
        }
        w.sales_deal("Still open", "100").create(&mut conn);
    }
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("manager").await;
    browser.goto("/reporting/lost-reasons").await;
    let reasons = bar_reasons(&browser, "svg#lost-chart").await;
    assert_eq!(reasons, ["Too expensive", "No reason", "Not enough stock"]);
    for (index, reason) in reasons.iter().enumerate() {
        browser.goto("/reporting/lost-reasons").await;
        let counts = browser.texts("svg#lost-chart text.bar-value").await;
        let count = counts[index * 2].clone();
        let bar = format!(
            "svg#lost-chart a.bar-link:nth-of-type({}) rect.bar-count",
            index + 1
        );
        browser.click_and_wait(&bar).await;
        let totals = browser.text("#totals strong").await;
        assert_eq!(totals, count, "the {reason} bar lists its {count} records");
        assert!(
            browser
                .visible("details.reason-filter select[name=reason]")
                .await
        );
        let chosen = browser
            .texts("details.reason-filter select[name=reason] option:checked")
            .await;
        assert_eq!(
            chosen,
            std::slice::from_ref(reason),
            "the filter bar shows the reason"
        );
        if index == 0 {
            for width in [1366, 390] {
                browser
                    .driver
                    .set_window_rect(0, 0, width, 900)
                    .await
                    .expect("resize");
                browser
                    .screenshot(&format!("lost-drill-down-{width}"))
                    .await;
            }
            browser
                .driver
                .set_window_rect(0, 0, 1366, 900)
                .await
                .expect("resize");
        }
    }
    browser.quit().await;
    app.stop().await;
}
