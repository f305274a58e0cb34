//! The chatter on the record page reads as a person writes: events in words, tracked
//! changes with labels and values (names, Active/Archived, money, priorities), relative
//! times with the exact time as a tooltip.

use crate::support::lost::lose;
use crate::support::{TestApp, actor};
use leadbook::domain::models::leads::LeadInput;
use leadbook::domain::models::{lost_reasons, stages};
use leadbook::domain::records;
use leadbook::domain::wizards::lost::ReasonChoice;
use leadbook::domain::wizards::merge::Merge;
use leadbook::domain::wizards::restore;

/// The chatter section of a page.
fn chatter_of(page: &str) -> &str {
    let start = page.find("id=\"chatter\"").expect("a chatter section");
    &page[start..]
}

#[actix_web::test]
async fn tracked_changes_and_events_show_labels_and_readable_values() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let conn = &mut app.conn();
    let sales = actor(conn, w.sales);
    let deal = w.sales_deal("Boat rental", "1200").create(conn);
    let twin = w.sales_deal("Boat rental 2", "").create(conn);
    Merge::new(vec![deal.id, twin.id])
        .apply(conn, &sales)
        .unwrap();
    let edit = LeadInput {
        title: "Boat rental".into(),
        expected_revenue: "2500".into(),
        priority: "2".into(),
        salesperson_id: w.sales.to_string(),
        team_id: w.europe.to_string(),
        tags: "vip".into(),
        ..LeadInput::default()
    };
    records::update(conn, &sales, deal.id, &edit, &Default::default()).unwrap();
    let stage = stages::list(conn).unwrap().into_iter().nth(1).unwrap();
    records::set_stage(conn, &sales, deal.id, stage.id).unwrap();
    let reason = lost_reasons::find_by_name(conn, "too expensive")
        .unwrap()
        .unwrap();
    lose(conn, w.sales, deal.id, ReasonChoice::Existing(reason.id));
    restore::restore(conn, &sales, &[deal.id]).unwrap();

    let client = app.client_as("sales").await;
    let page = client.get(&format!("/leads/{}", deal.id)).await;
    assert_eq!(page.status, 200);
    let chatter = chatter_of(&page.body);
    for text in [
        "Merged 2 records into",
        "(primary)",
        "Stage changed",
        "Marked as lost",
        "Restored",
        "Expected revenue: ",
        "Priority: Normal → <strong>Very good</strong>",
        "Active: Active → <strong>Archived</strong>",
        "Lost reason: — → <strong>Too expensive</strong>",
        "Kind: Opportunity",
        "Stage: ",
        &stage.name,
        "<time datetime=\"",
        "title=\"",
        "now",
    ] {
        assert!(chatter.contains(text), "missing {text:?} in {chatter}");
    }
    assert!(chatter.contains("2,500.00"), "money as money: {chatter}");
    for raw in [
        "track.",
        "event.",
        "true",
        "false",
        "→ <strong>#",
        ": #",
        "State: active",
    ] {
        assert!(!chatter.contains(raw), "raw {raw:?} shown in {chatter}");
    }
}
