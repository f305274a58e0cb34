//! The similar-records badge on kanban cards: it shows exactly when, and the number that,
//! the record's "Similar Leads" button shows, and links to the similar view.

use crate::support::{LeadBuilder, TestApp};
use leadbook::domain::ids::LeadId;
use leadbook::domain::models::leads::Kind;

/// The badge of a card on the kanban page, if it has one: the text of its link.
fn badge(kanban: &str, id: LeadId) -> Option<String> {
    let link = format!(
        "<a class=\"badge similar\" href=\"/leads/{}/similar\"",
        id.0
    );
    let start = kanban.find(&link)?;
    let rest = &kanban[start..];
    let text_start = rest.find('>')? + 1;
    let text_end = rest.find("</a>")?;
    Some(visible(&rest[text_start..text_end]))
}

/// The text of an HTML fragment as shown: tags dropped, `&#32;` a space.
fn visible(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#32;", " ").trim().to_string()
}

#[actix_web::test]
async fn a_card_with_duplicates_has_a_badge_with_their_number_and_others_none() {
    let app = TestApp::spawn().await;
    let sales = app.world().sales;
    let robin = LeadBuilder::new("Desks")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(sales)
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    LeadBuilder::new("Chairs")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(sales)
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    LeadBuilder::new("Lamps")
        .contact("Robin Banks")
        .email("ROBIN@acme.example")
        .owner(sales)
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    let alone = LeadBuilder::new("Boats")
        .contact("Zoe Quist")
        .email("zoe@sea.example")
        .owner(sales)
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let client = app.client_as("sales").await;
    let kanban = client.get("/pipeline").await;
    assert_eq!(kanban.status, 200);
    assert_eq!(badge(&kanban.body, robin).as_deref(), Some("❐ 2 similar"));
    assert_eq!(
        badge(&kanban.body, alone),
        None,
        "no similar records, no badge"
    );
    let record = client.get(&format!("/leads/{}", robin.0)).await;
    assert!(
        record.body.contains("❐&#32;2&#32;Similar Leads"),
        "the record's button says the same"
    );
    let similar = client.get(&format!("/leads/{}/similar", robin.0)).await;
    assert_eq!(
        similar.status, 200,
        "the badge's link opens the similar view"
    );
}

#[actix_web::test]
async fn a_pair_marked_not_duplicate_has_no_badge() {
    let app = TestApp::spawn().await;
    let sales = app.world().sales;
    let a = LeadBuilder::new("First")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(sales)
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let b = LeadBuilder::new("Second")
        .contact("Robin Banks")
        .email("robin@acme.example")
        .owner(sales)
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let client = app.client_as("sales").await;
    let before = client.get("/pipeline").await;
    assert_eq!(badge(&before.body, a).as_deref(), Some("❐ 1 similar"));
    assert_eq!(badge(&before.body, b).as_deref(), Some("❐ 1 similar"));
    client
        .post(
            &format!("/leads/{}/not-duplicate", a.0),
            &[("other", &b.0.to_string()), ("reason", "Two Robins")],
        )
        .await
        .assert_redirect(&format!("/leads/{}/similar", a.0));
    let after = client.get("/pipeline").await;
    assert_eq!(badge(&after.body, a), None);
    assert_eq!(badge(&after.body, b), None);
    let record = client.get(&format!("/leads/{}", a.0)).await;
    assert!(
        !record.body.contains("id=\"similar-button\""),
        "no Similar Leads button without similar records"
    );
}
