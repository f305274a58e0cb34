//! The lists at a desk and on a phone: at 1366 px the Opportunities table fits its box with
//! every default column; the Columns menu; a grouped list whose groups collapse and whose
//! group tick box ticks the group's rows.

use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::stages;

use crate::browser_support::Browser;
use crate::support::{LeadBuilder, TestApp};

async fn number(browser: &Browser, script: &str) -> f64 {
    browser
        .driver
        .execute(script, Vec::new())
        .await
        .expect("run the script")
        .json()
        .as_f64()
        .unwrap_or(f64::NAN)
}

async fn resize(browser: &Browser, width: u32, height: u32) {
    browser
        .driver
        .set_window_rect(0, 0, width, height)
        .await
        .expect("resize");
}

/// Long names, addresses and amounts: the widest rows a list commonly shows.
fn records(app: &TestApp) {
    let stage_list = stages::list(&mut app.conn()).unwrap();
    for i in 0..14 {
        LeadBuilder::new(&format!("Fleet renewal for the northern depots, phase {i}"))
            .contact("Maximilian Alexander Featherstonehaugh")
            .company("Consolidated International Logistics Holdings")
            .email(&format!(
                "maximilian.featherstonehaugh{i}@consolidated-logistics.example"
            ))
            .phone("+44 20 7946 0958")
            .revenue("1234567.89")
            .stage(stage_list[i % 3].id)
            .kind(if i % 2 == 0 {
                Kind::Opportunity
            } else {
                Kind::Lead
            })
            .by(app.world().admin)
            .create(&mut app.conn());
    }
}

/// The table's width and its box's, and whether every header cell ends inside the box.
async fn fits(browser: &Browser, table: &str) -> (f64, f64, bool) {
    let width = number(
        browser,
        &format!("return document.querySelector('{table}').getBoundingClientRect().width;"),
    )
    .await;
    let room = number(
        browser,
        &format!("return document.querySelector('{table}').parentElement.clientWidth;"),
    )
    .await;
    let inside = number(
        browser,
        &format!(
            "var t = document.querySelector('{table}'), box = t.parentElement.getBoundingClientRect();
             return [].every.call(t.querySelectorAll('th'), function (th) {{
               var r = th.getBoundingClientRect(); return r.width > 0 && r.right <= box.right + 1; }}) ? 1 : 0;"
        ),
    )
    .await;
    (width, room, inside == 1.0)
}

#[actix_web::test]
async fn the_default_columns_fit_1366_px_and_can_be_chosen() {
    let app = TestApp::spawn().await;
    records(&app);
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("manager").await;
    resize(&browser, 1366, 900).await;
    for (path, name, headers) in [
        ("/opportunities?filter=all", "list-opportunities", 10),
        ("/leads?filter=all", "list-leads", 8),
    ] {
        browser.goto(path).await;
        let (width, room, inside) = fits(&browser, "#records").await;
        assert!(width <= room + 1.0, "{path}: table {width} px in {room} px");
        assert!(inside, "{path}: every column header is in view");
        assert_eq!(browser.count("#records th").await, headers, "{path}");
        browser.screenshot(&format!("{name}-1366")).await;
    }
    browser.goto("/opportunities?filter=all").await;
    browser.click("#columns-menu summary").await;
    assert!(browser.visible(".columns-panel").await);
    browser.screenshot("list-columns-menu").await;
    browser.click(".columns-panel input[value=reach]").await;
    browser.click(".columns-panel button[value=save]").await;
    assert!(browser.text("#flash").await.contains("Columns saved."));
    assert_eq!(browser.count("#records th").await, 9, "Reach is gone");
    resize(&browser, 390, 844).await;
    browser.screenshot("list-opportunities-390").await;
    browser.goto("/leads?filter=all").await;
    browser.screenshot("list-leads-390").await;
    browser.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn a_group_collapses_and_its_tick_box_ticks_its_rows() {
    let app = TestApp::spawn().await;
    records(&app);
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in("manager").await;
    resize(&browser, 1366, 900).await;
    browser.goto("/opportunities?filter=all&group=stage").await;
    let (width, room, _) = fits(&browser, "#groups table").await;
    assert!(
        width <= room + 1.0,
        "grouped header {width} px in {room} px"
    );
    let first = "#groups details.group:first-of-type";
    let rows = browser.count(&format!("{first} tbody tr[data-id]")).await;
    assert!(rows > 0);
    browser.click(&format!("{first} [data-select-group]")).await;
    assert_eq!(
        browser.count("#list-form input[name=ids]:checked").await,
        rows
    );
    assert_eq!(browser.text("[data-selcount]").await, format!("({rows})"));
    assert!(
        browser.visible(&format!("{first} tbody tr[data-id]")).await,
        "still open"
    );
    browser.screenshot("list-grouped-1366").await;
    browser.click(&format!("{first} .group-label")).await;
    assert!(
        !browser.visible(&format!("{first} tbody tr[data-id]")).await,
        "collapsed"
    );
    browser.screenshot("list-grouped-collapsed-1366").await;
    resize(&browser, 390, 844).await;
    browser.screenshot("list-grouped-390").await;
    browser.quit().await;
    app.stop().await;
}
