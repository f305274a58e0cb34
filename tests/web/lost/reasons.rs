//! Configuration → Lost Reasons and the lost reasons report.

use crate::support::{Client, TestApp, lose};
use leadbook::domain::ids::LostReasonId;
use leadbook::domain::models::lost_reasons;
use leadbook::domain::wizards::lost::ReasonChoice;

#[actix_web::test]
async fn lost_reasons_are_configured_by_managers_with_counts_and_unique_names() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = w.sales_deal("Boat rental", "1200").create(&mut app.conn());
    let stock = lost_reasons::find_by_name(&mut app.conn(), "not enough stock")
        .unwrap()
        .unwrap();
    lose(
        &mut app.conn(),
        w.sales,
        deal.id,
        ReasonChoice::Existing(stock.id),
    );

    let sales = app.client_as("sales").await;
    assert_eq!(sales.get("/config/lost-reasons").await.status, 403);

    let manager = app.client_as("manager").await;
    let list = manager.get("/config/lost-reasons").await;
    assert_eq!(list.status, 200);
    let used = format!(
        "/opportunities?filter=leads&filter=opportunities&reason_op=eq&reason={}",
        stock.id
    );
    assert!(
        list.body
            .contains(&format!("href=\"{}\">1</a>", used.replace('&', "&#38;"))),
        "the usage count links to its records"
    );
    let records = manager.get(&used).await;
    assert!(records.body.contains("Boat rental"), "{}", records.body);
    let other = w.sales_deal("Kayak tour", "300").create(&mut app.conn());
    lose(&mut app.conn(), w.sales, other.id, ReasonChoice::None);
    assert!(!manager.get(&used).await.body.contains("Kayak tour"));

    let timing = names_stay_unique_when_added_or_renamed(&app, &manager).await;
    a_reason_in_use_is_archived_not_deleted(&app, &manager, stock.id).await;

    manager
        .post(&format!("/config/lost-reasons/{}/delete", timing), &[])
        .await
        .assert_redirect("/config/lost-reasons");
    assert!(
        lost_reasons::find_by_name(&mut app.conn(), "wrong timing")
            .unwrap()
            .is_none()
    );
}

/// Adding or renaming a reason to an existing name (any case) is refused; "Bad timing" is
/// added, then renamed "Wrong timing". Returns its id.
async fn names_stay_unique_when_added_or_renamed(app: &TestApp, manager: &Client) -> LostReasonId {
    let dup = manager
        .post("/config/lost-reasons", &[("name", "TOO EXPENSIVE")])
        .await;
    assert_eq!(dup.status, 422);
    assert!(dup.body.contains("This lost reason exists already"));
    assert!(dup.body.contains("value=\"TOO EXPENSIVE\""));

    manager
        .post("/config/lost-reasons", &[("name", "Bad timing")])
        .await
        .assert_redirect("/config/lost-reasons");
    let timing = lost_reasons::find_by_name(&mut app.conn(), "bad timing")
        .unwrap()
        .unwrap();
    let rename = manager
        .post(
            &format!("/config/lost-reasons/{}", timing.id),
            &[("name", "Not enough STOCK")],
        )
        .await;
    assert_eq!(rename.status, 422);
    assert!(rename.body.contains("This lost reason exists already"));
    manager
        .post(
            &format!("/config/lost-reasons/{}", timing.id),
            &[("name", "Wrong timing")],
        )
        .await
        .assert_redirect("/config/lost-reasons");
    timing.id
}

/// A reason in use cannot be deleted: the advice is to archive it, and archiving hides it
/// from Mark as Lost until it is unarchived.
async fn a_reason_in_use_is_archived_not_deleted(
    app: &TestApp,
    manager: &Client,
    stock: LostReasonId,
) {
    let w = app.world();
    // In use: refused with the advice to archive; archive then hides it from Mark as Lost.
    let refused = manager
        .post(&format!("/config/lost-reasons/{}/delete", stock), &[])
        .await;
    refused.assert_redirect(&format!("/config/lost-reasons/{}", stock));
    let page = manager
        .get(&format!("/config/lost-reasons/{}", stock))
        .await;
    assert!(page.body.contains("cannot be deleted; archive it instead"));
    assert!(
        lost_reasons::find_by_name(&mut app.conn(), "not enough stock")
            .unwrap()
            .is_some()
    );
    manager
        .post(&format!("/config/lost-reasons/{}/archive", stock), &[])
        .await
        .assert_redirect("/config/lost-reasons");
    let other = w.sales_deal("Other", "1").create(&mut app.conn());
    let form = manager.get(&format!("/leads/{}/lost", other.id)).await;
    assert!(!form.body.contains(">Not enough stock</option>"));
    manager
        .post(&format!("/config/lost-reasons/{}/unarchive", stock), &[])
        .await
        .assert_redirect("/config/lost-reasons");
    assert!(
        manager
            .get(&format!("/leads/{}/lost", other.id))
            .await
            .body
            .contains(">Not enough stock</option>")
    );
}

#[actix_web::test]
async fn the_report_draws_one_linked_bar_pair_per_reason_with_the_right_numbers() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let expensive = lost_reasons::find_by_name(&mut app.conn(), "too expensive")
        .unwrap()
        .unwrap();
    for (title, revenue) in [("A", "1000"), ("B", "3000")] {
        let deal = w.sales_deal(title, revenue).create(&mut app.conn());
        lose(
            &mut app.conn(),
            w.sales,
            deal.id,
            ReasonChoice::Existing(expensive.id),
        );
    }
    let none = w.sales_deal("C", "2000").create(&mut app.conn());
    lose(&mut app.conn(), w.sales, none.id, ReasonChoice::None);

    let manager = app.client_as("manager").await;
    manager
        .get("/reporting")
        .await
        .assert_redirect("/reporting/lost-reasons");
    let page = manager.get("/reporting/lost-reasons").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg class=\"chart\""));
    assert_eq!(page.body.matches("class=\"bar-link\"").count(), 2);
    assert!(page.body.contains(&format!(
        "href=\"/opportunities?filter=lost&#38;filter=leads&#38;filter=opportunities&#38;reason_op=eq&#38;reason={}\"",
        expensive.id
    )));
    assert!(page.body.contains("&#38;reason_op=eq&#38;reason=none\""));
    // Too expensive: 2 records, 4,000.00 — the longest count and revenue bars.
    assert!(
        page.body
            .contains("width=\"360\" height=\"17\" class=\"bar-count\"")
    );
    assert!(
        page.body
            .contains("width=\"180\" height=\"17\" class=\"bar-count\"")
    );
    assert!(
        page.body
            .contains("width=\"360\" height=\"17\" class=\"bar-revenue\"")
    );
    assert!(page.body.contains("4,000.00"));
    assert!(page.body.contains("6,000.00"), "the total");

    let europe = w.europe.to_string();
    let filtered = manager
        .get(&format!(
            "/reporting/lost-reasons?from=2000-01-01&to=2000-01-31&team={europe}"
        ))
        .await;
    assert_eq!(filtered.status, 200);
    assert!(
        filtered
            .body
            .contains("No lost record matches these filters.")
    );
}

#[actix_web::test]
async fn bad_report_filters_are_explained_not_crashed_on() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let resp = manager
        .get("/reporting/lost-reasons?from=yesterday&to=2026-02-30&team=abc&salesperson=-1")
        .await;
    assert_eq!(resp.status, 422);
    assert!(
        resp.body
            .contains("The start date &#39;yesterday&#39; is not a date")
    );
    assert!(resp.body.contains("is not a team"));
    assert!(resp.body.contains("is not a salesperson"));
    assert!(
        resp.body.contains("value=\"yesterday\""),
        "typed values kept"
    );
    let resp = manager.get("/reporting/lost-reasons?team=4242").await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("This team does not exist"));
    let resp = manager
        .get("/reporting/lost-reasons?from=2026-05-02&to=2026-05-01")
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("The end date is before the start date"));
}
